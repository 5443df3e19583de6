"""The wizard's questions, read from the answers model: one per field that a person answers.

Nothing here is declared a second time: each question's label, help, example and way of being
typed come from its field in `tui.core.models` (title, description, examples and the `x-`
extras), so a field's name, its TOML key, its JSON key and its label stay one idea.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from tui.core.models import PAIRED_FIELDS, TOKEN_FIELDS, TRAINING_TOKEN_FIELDS, UNPAIRED_FIELDS, Answers, Side

STEPS = ("assessment", "volume", "stability", "data", "performance", "summary")
STEP_TITLES = {
    **{step: str(Answers.model_fields[step].title) for step in STEPS[:-1]},
    "summary": "Summary",
}

# Modes: a pair of ways to enter the same thing; only the active one is saved.
MODES = {
    "volume.prompted": (("direct", "Cost per call"), ("tokens", "Tokens and prices")),
    "volume.fine_tuned": (("direct", "Cost per call"), ("tokens", "Tokens and prices")),
    "data": (("direct", "First run's cost"), ("tokens", "Tokens, epochs and price")),
    "performance": (("paired", "Paired counts (same items)"), ("unpaired", "Unpaired counts")),
}


class Question(NamedTuple):
    path: str
    label: str
    help: str
    placeholder: str
    kind: str  # a key of humane.ACCEPTED, or "text", "notes", "choice", "flag", "curve"
    details: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    group: str = ""  # the mode this question belongs to, e.g. "volume.prompted:tokens"
    optional: bool = False

    @property
    def step(self) -> str:
        return self.path.split(".")[0]

    @property
    def key(self) -> str:
        return self.path.rsplit(".", 1)[1]

    @property
    def widget_id(self) -> str:
        return "q-" + self.path.replace(".", "--")


def _group(path: str) -> str:
    """The way of entering a field belongs to, from the model's own lists of fields."""
    scope, key = path.rsplit(".", 1)
    if scope.startswith("volume.") and key == "cost_per_call_usd":
        return f"{scope}:direct"
    if scope.startswith("volume.") and key in TOKEN_FIELDS:
        return f"{scope}:tokens"
    if scope == "data" and key == "training_compute_usd":
        return "data:direct"
    if scope == "data" and key in TRAINING_TOKEN_FIELDS:
        return "data:tokens"
    if scope == "performance" and key in PAIRED_FIELDS:
        return "performance:paired"
    if scope == "performance" and key in UNPAIRED_FIELDS:
        return "performance:unpaired"
    return ""


def _example_text(value: Any, kind: str) -> str:
    """An example or a default as a person would type it: `40,000`, `0.03`, `10%`, `500, 81%`."""
    if kind == "curve":
        point = value[0]
        return f"{point['examples']:,}, {point['accuracy']:.0%}"
    if kind == "rate":
        return f"{value:.0%}" if value * 100 == round(value * 100) and value >= 0.1 else f"{value:g}"
    if isinstance(value, bool) or isinstance(value, str):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}" if abs(value) >= 10_000 or kind in ("money", "count") else str(int(value))
    return f"{value:.2f}" if kind == "price" and value >= 0.1 else f"{value:g}"


def _placeholder(info: FieldInfo, kind: str, side: int) -> str:
    """The hint shown in an empty input: the default, an example, or that it is optional."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    if kind in ("choice", "flag"):
        return ""
    if info.default not in (None, ...) and not extra.get("x-optional"):
        return f"{_example_text(info.default, kind)} (default)"
    if info.examples:
        example = info.examples[min(side, len(info.examples) - 1)]
        return f"e.g. {_example_text(example, kind)}"
    return "optional"


def _question(path: str, info: FieldInfo, side_title: str, side: int) -> Question | None:
    """The question that asks for one field, or None for a field no one types."""
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    kind = extra.get("x-input")
    if not isinstance(kind, str):
        return None
    label = f"{side_title}: {info.title}" if side_title else str(info.title)
    choices = extra.get("x-choices")
    return Question(
        path=path,
        label=label,
        help=str(info.description or ""),
        placeholder=_placeholder(info, kind, side),
        kind=kind,
        details=str(extra.get("x-details", "")),
        choices=tuple((str(value), str(label)) for value, label in choices.items())
        if isinstance(choices, dict)
        else (),
        group=_group(path),
        optional=bool(extra.get("x-optional")) or info.default not in (None, ...),
    )


def _walk(model: type[BaseModel], prefix: str, side_title: str = "", side: int = 0) -> tuple[list[Question], list[str]]:
    """The questions of a table and the tables inside it, in the model's order, and the paths of
    the answers no one types (when the file was made, which catalogue a price came from)."""
    found: list[Question] = []
    kept: list[str] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}.{name}" if prefix else name
        if info.annotation is Side:
            more, untyped = _walk(Side, path, str(info.title), 0 if name == "prompted" else 1)
        elif isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel) and not prefix:
            more, untyped = _walk(info.annotation, path)
        else:
            question = _question(path, info, side_title, side)
            more, untyped = ([question], []) if question is not None else ([], [path] if prefix else [])
        found += more
        kept += untyped
    return found, kept


_FOUND, _KEPT = _walk(Answers, "")
QUESTIONS: tuple[Question, ...] = tuple(_FOUND)
KEPT: tuple[str, ...] = tuple(_KEPT)  # answers a file may hold that the wizard keeps as they are

BY_PATH = {question.path: question for question in QUESTIONS}


def questions_for(step: str) -> list[Question]:
    return [question for question in QUESTIONS if question.step == step]


def label_of(path: str) -> str:
    """The wizard's label of an answer, or its path where no question asks for it."""
    question = BY_PATH.get(path)
    return question.label if question is not None else path
