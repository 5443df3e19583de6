"""The wizard's form state without the UI: text as typed, its errors, and the valid answers.

The wizard only forwards keystrokes here and shows what comes back, so the logic that decides
what is valid, what is missing and which step is complete is tested without a terminal.
Text that does not validate is kept as typed, never dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.core import humane
from tui.core.assess import Assessment, assess
from tui.core.models import Answers
from tui.core.questions import BY_PATH, KEPT, MODES, QUESTIONS, STEPS, Question
from tui.core.validation import AnswersInvalid, check_schema_version, validate_document

KEPT_FIELDS = KEPT


@dataclass
class Evaluation:
    """The answers that validate, the errors of those that do not, and the assessment."""

    answers: Answers
    errors: dict[str, str]
    result: Assessment


@dataclass
class Form:
    raw: dict[str, str] = field(default_factory=dict)
    modes: dict[str, str] = field(default_factory=lambda: {scope: options[0][0] for scope, options in MODES.items()})
    kept: dict[str, Any] = field(default_factory=dict)
    # Keys of the file that no question asks for (a misspelt key): kept in the file by every
    # save until the user renames or drops them; `dropped` names those the user chose to remove.
    unknown: dict[str, Any] = field(default_factory=dict)
    dropped: set[str] = field(default_factory=set)
    # The questions the file answered: an invalid value among them shows its error at once.
    from_file: frozenset[str] = frozenset()
    _evaluation: Evaluation | None = None

    def set(self, path: str, text: str) -> None:
        """Record what the user typed (or chose) for one question."""
        if self.raw.get(path, "") != text:
            self.raw[path] = text
            self._evaluation = None

    def keep(self, path: str, value: Any) -> None:
        """Record a value no question asks for, such as when the file was created."""
        self.kept[path] = value
        self._evaluation = None

    def set_mode(self, scope: str, mode: str) -> None:
        if self.modes.get(scope) != mode:
            self.modes[scope] = mode
            self._evaluation = None

    def drop_unknown(self, path: str) -> None:
        """Remove a key no question asks for from the file at the next save."""
        if path in self.unknown:
            del self.unknown[path]
            self.dropped.add(path)

    def rename_unknown(self, path: str, to: str) -> None:
        """Answer question `to` with the value of unknown key `path`, and drop the old key."""
        value = self.unknown.get(path)
        question = BY_PATH[to]
        self.set(to, curve_text(value) if question.kind == "curve" else _text_of(question, value))
        self.drop_unknown(path)

    def drop_paths(self) -> list[str]:
        """The keys a save removes: each dropped key, or the whole table no question asks for
        that holds it once nothing kept is left in that table (no empty `[extra]` stays)."""
        known_tables = {question.path.rsplit(".", 1)[0] for question in QUESTIONS} | {
            path.rsplit(".", 1)[0] for path in KEPT_FIELDS
        }
        known_tables |= {table.split(".")[0] for table in known_tables}
        kept_tables = {
            ".".join(path.split(".")[:depth]) for path in self.unknown for depth in range(1, path.count(".") + 1)
        }
        paths = set()
        for path in self.dropped:
            parts = path.split(".")
            top = path
            for depth in range(len(parts) - 1, 0, -1):
                table = ".".join(parts[:depth])
                if table in known_tables or table in kept_tables:
                    break
                top = table
            paths.add(top)
        return sorted(paths)

    def unknown_keys(self, limit: int | None = None) -> list[tuple[str, str | None]]:
        """The first `limit` keys no question asks for (all by default), each with the nearest
        question's key (None when none is near)."""
        return [(path, nearest_question(path)) for path in list(self.unknown)[:limit]]

    def opened_errors(self, step: str) -> dict[str, str]:
        """The errors of this step's answers as they came from the file: shown at once."""
        return {path: message for path, message in self.step_errors(step).items() if path in self.from_file}

    def is_active(self, question: Question) -> bool:
        """Whether the question belongs to the way of entering that is switched on."""
        if not question.group:
            return True
        scope, mode = question.group.split(":")
        return self.modes.get(scope) == mode

    def evaluate(self) -> Evaluation:
        """Parse, validate and assess the current answers (cached until something changes)."""
        if self._evaluation is None:
            self._evaluation = self._evaluate()
        return self._evaluation

    def _evaluate(self) -> Evaluation:
        values: dict[str, Any] = {}
        errors: dict[str, str] = {}
        for question in QUESTIONS:
            if not self.is_active(question):
                continue
            try:
                value = _value(question, self.raw.get(question.path, ""))
            except humane.NotANumber as error:
                errors[question.path] = _sentence(str(error))
                continue
            if value is not None:
                values[question.path] = value
        values.update(self.kept)
        answers = None
        for _ in range(len(values) + 1):
            try:
                answers = validate_document(_nest(values))
                break
            except AnswersInvalid as invalid:
                owners = [(_owner(p.path, values), p) for p in invalid.problems]
                blamed = [(owner, p) for owner, p in owners if owner is not None]
                if not blamed:
                    # Nothing to blame field by field: keep only what validates on its own.
                    values = {}
                    continue
                for owner, problem in blamed:
                    values.pop(owner, None)
                    if owner in BY_PATH and owner not in errors:
                        detail = problem.path[len(owner) + 1 :]
                        message = _curve_message(detail, problem.message) if detail else problem.message
                        errors[owner] = _sentence(message, BY_PATH[owner])
        if answers is None:
            answers = Answers()
        return Evaluation(answers=answers, errors=errors, result=assess(answers))

    def step_errors(self, step: str) -> dict[str, str]:
        return {path: message for path, message in self.evaluate().errors.items() if path.split(".")[0] == step}

    def step_state(self, step: str) -> str:
        """ "error", "done" or "todo" for the step list."""
        evaluation = self.evaluate()
        if step == "summary":
            return "done" if not evaluation.result.missing and not evaluation.errors else "todo"
        if self.step_errors(step):
            return "error"
        if step == "assessment":
            return "done" if evaluation.answers.assessment.title else "todo"
        missing = [path for path in evaluation.result.missing if path.split(".")[0] == step]
        return "todo" if missing else "done"

    def first_open_step(self) -> str:
        """Where a reopened assessment resumes: the first step not yet complete."""
        for step in STEPS[:-1]:
            if self.step_state(step) != "done":
                return step
        return "summary"

    def document(self) -> Answers:
        """The answers to save: every answer that validates."""
        return self.evaluate().answers

    @classmethod
    def from_document(cls, document: dict) -> tuple[Form, list[str]]:
        """A form filled from a parsed answers file, with warnings for what it cannot show.

        Answers that no longer validate are kept as text so that the wizard shows them with
        their error; keys that no question asks for are kept in `unknown` (a save leaves them in
        the file) and the user may rename or drop them.
        """
        form = cls()
        warnings: list[str] = []
        for question in QUESTIONS:
            found, value = _lookup(document, question.path)
            if not found:
                continue
            if question.kind == "curve":
                form.raw[question.path] = curve_text(value)
                continue
            if question.kind == "flag" and not isinstance(value, bool):
                warnings.append(
                    f"{question.path}: {humane.field_text(value)!r} is not true or false; it was left unticked"
                )
                continue
            form.raw[question.path] = _text_of(question, value)
        for path in KEPT_FIELDS:
            found, value = _lookup(document, path)
            if found:
                form.kept[path] = value
        for scope, options in MODES.items():
            other = options[1][0]
            if any(path in form.raw for path in _group_paths(f"{scope}:{other}")):
                form.modes[scope] = other
        known = set(BY_PATH) | set(KEPT_FIELDS) | {"schema_version"}
        for path in _leaf_paths(document):
            if path not in known:
                form.unknown[path] = _lookup(document, path)[1]
        form.from_file = frozenset(form.raw)
        return form, warnings


def _text_of(question: Question, value: Any) -> str:
    """A value from a file as the text its question's control shows."""
    return value if isinstance(value, str) else humane.field_text(value)


def nearest_question(path: str) -> str | None:
    """The question key nearest a misspelt one: in the same table first (`data.labeled_examples`
    → `data.labelled_examples`), else anywhere."""
    import difflib

    table, _, key = path.rpartition(".")
    siblings = {
        question.path.rpartition(".")[2]: question.path
        for question in QUESTIONS
        if question.path.rpartition(".")[0] == table
    }
    found = difflib.get_close_matches(key, list(siblings), n=1, cutoff=0.6)
    if found:
        return siblings[found[0]]
    found = difflib.get_close_matches(path, [question.path for question in QUESTIONS], n=1, cutoff=0.75)
    return found[0] if found else None


def _owner(path: str, values: dict[str, Any]) -> str | None:
    """The answer a problem belongs to: its own path, or the list that holds it."""
    if path in values:
        return path
    for candidate in values:
        if path.startswith(candidate + "."):
            return candidate
    return None


def _curve_message(detail: str, message: str) -> str:
    """A problem inside a learning-curve point, named by its line (`line 2: ...`)."""
    index, _, field = detail.partition(".")
    if index.isdigit():
        return f"line {int(index) + 1}: {field + ' ' if field else ''}{message}"
    return message


def _group_paths(group: str) -> list[str]:
    return [question.path for question in QUESTIONS if question.group == group]


def _value(question: Question, text: str) -> Any:
    """The typed value of one answer, or None when it is left empty."""
    if question.kind in ("text", "notes"):
        return text if text.strip() else None
    if question.kind == "choice":
        return text or None
    if question.kind == "flag":  # an unticked box nobody touched is no answer; unticking one is "no"
        return {"true": True, "false": False}.get(text)
    if question.kind == "curve":
        return parse_curve(text)
    return humane.parse(text, question.kind)


def parse_curve(text: str) -> list[dict] | None:
    """Learning-curve points typed one per line as `examples, accuracy` (`500, 81%`)."""
    points = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part for part in line.replace(";", ",").replace("\t", ",").split(",") if part.strip()]
        if len(parts) == 3 and parts[1].strip().isdigit() and len(parts[1].strip()) == 3:
            parts = [parts[0] + parts[1], parts[2]]  # 1,500, 81% : a thousands separator
        if len(parts) != 2:
            raise humane.NotANumber(f"line {number}: write a point as examples, accuracy (for example 500, 81%)")
        try:
            examples = humane.parse(parts[0], "count")
            accuracy = humane.parse(parts[1], "rate")
        except humane.NotANumber as error:
            raise humane.NotANumber(f"line {number}: {error}") from None
        points.append({"examples": examples, "accuracy": accuracy})
    return points or None


def curve_text(value: Any) -> str:
    """Learning-curve points from a file, one per line, as the wizard shows them."""
    if not isinstance(value, list):
        return humane.field_text(value)
    lines = []
    for point in value:
        if isinstance(point, dict):
            lines.append(f"{humane.field_text(point.get('examples'))}, {humane.field_text(point.get('accuracy'))}")
        else:
            lines.append(humane.field_text(point))
    return "\n".join(lines)


def _sentence(message: str, question: Question | None = None) -> str:
    """An error message as a sentence, with what the field accepts when it helps."""
    text = message[0].upper() + message[1:] if message else message
    if question is not None and question.kind == "rate" and ("at most 1" in text or "less than 1" in text):
        text += f" (enter {humane.ACCEPTED['rate']})"
    return text if text.endswith(".") or text.endswith(")") else text + "."


def _nest(values: dict[str, Any]) -> dict:
    document: dict = {"schema_version": 1}
    for path, value in values.items():
        table = document
        *parents, key = path.split(".")
        for parent in parents:
            table = table.setdefault(parent, {})
        table[key] = value
    return document


def _lookup(document: Any, path: str) -> tuple[bool, Any]:
    node = document
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return False, None
        node = node[part]
    return True, node


def _leaf_paths(document: Any, prefix: str = "") -> list[str]:
    if not isinstance(document, dict):
        return [prefix] if prefix else []
    paths = []
    for key, value in document.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict) and path not in BY_PATH:
            paths += _leaf_paths(value, path)
        else:
            paths.append(path)
    return paths


def load_form(path) -> tuple[Form, list[str]]:
    """Open an answers file for the wizard, keeping answers that no longer validate.

    Raises StorageError for a file that cannot be read and AnswersInvalid for one that is not
    TOML or comes from another schema version: those cannot be shown field by field.
    """
    from pathlib import Path

    from tui.core.storage import parse, read_text

    document = parse(read_text(Path(path)))
    check_schema_version(document)
    return Form.from_document(document)
