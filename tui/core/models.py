"""The answers file, schema version 1 (SPEC §6), as plain classes checked by a small validator.

Every answer is optional so that a partly answered assessment is valid; what is still missing
is worked out by `tui.core.assess`, not here. Types are strict (a string is not a number, a
float is not a count), unknown keys are errors, and cross-field rules carry the exact field
they blame so the wizard can show the message under the right input.

Each table declares its keys once, in `FIELDS`, as a `Spec` (type, range, default); validation,
defaults, `to_document` and the JSON Schema are all read from there. It is plain Python on
purpose: the command line checks one small file per run and the wizard one per keystroke, and
importing and building a validation library's models took longer than everything else `report`
does (see bench/ and the README's Performance section). Method names that code elsewhere calls
(`model_validate`, `model_dump`, `model_copy`, `model_json_schema`) are those of pydantic, which
these classes replaced.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

SCHEMA_VERSION = 1

# Sanity ceilings: far above any real task, low enough that the arithmetic stays exact and fast.
MAX_USD = 1e12
MAX_COUNT = 10**9
MAX_CALLS_PER_MONTH = 1e12
MAX_TOKENS = 1e9
MAX_USD_PER_MTOK = 1e6
MAX_CURVE_POINTS = 100

ChangeFrequency = Literal["weekly", "monthly", "quarterly", "semiannual", "annual", "rarely"]
CHANGE_FREQUENCIES: tuple[str, ...] = ("weekly", "monthly", "quarterly", "semiannual", "annual", "rarely")
Status = Literal["not_evaluated", "evaluated"]
STATUSES: tuple[str, ...] = ("not_evaluated", "evaluated")

TOKEN_FIELDS = ("input_tokens", "output_tokens", "input_usd_per_mtok", "output_usd_per_mtok")
PAIRED_FIELDS = ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong")
UNPAIRED_FIELDS = ("test_items", "prompted_correct", "fine_tuned_correct")


# Problems ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class AnswersInvalid(Exception):
    """The document is not a valid assessment; `problems` says why, field by field."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def shown(value: Any) -> str:
    """A short, safe rendering of a rejected value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return repr(text)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _bound(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


# Keys -------------------------------------------------------------------------------------------

_INVALID = object()


@dataclass(frozen=True, slots=True)
class Spec:
    """How one key of a table is checked: its kind, its range and its default."""

    kind: str  # number | count | text | flag | choice | datetime | table | list
    default: Any = None
    ge: float | None = None
    gt: float | None = None
    le: float | None = None
    lt: float | None = None
    max_length: int | None = None
    choices: tuple = ()
    table: type[Table] | None = None
    required: bool = False

    def check(self, value: Any, path: str, problems: list[Problem]) -> Any:
        """The value as stored, or _INVALID after adding what is wrong with it to `problems`."""
        kind = self.kind
        message = None
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                message = f"must be a number, not {shown(value)}"
            else:
                number = float(value) if isinstance(value, float) or abs(value) < 2**1023 else math.inf
                if not math.isfinite(number):
                    message = "must be a finite number (not nan or inf)"
                else:
                    message = self._range(value)
                    value = number
        elif kind == "count":
            if isinstance(value, bool) or not isinstance(value, int):
                message = f"must be a whole number, not {shown(value)}"
            else:
                message = self._range(value)
        elif kind == "text":
            if not isinstance(value, str):
                message = f"must be text in quotes, not {shown(value)}"
            elif self.max_length is not None and len(value) > self.max_length:
                message = f"is too long; at most {self.max_length} characters"
        elif kind == "flag":
            if not isinstance(value, bool):
                message = f"must be true or false, not {shown(value)}"
        elif kind == "choice":
            if not _chosen(value, self.choices):
                message = f"{shown(value)} is not accepted; use one of {_choices(self.choices)}"
        elif kind == "datetime":
            if not isinstance(value, dt.datetime):
                message = f"must be a date and time such as 2026-11-29T10:00:00Z, not {shown(value)}"
        elif kind == "table":
            assert self.table is not None
            return self.table._check(value, path, problems)
        elif kind == "list":
            assert self.table is not None
            if not isinstance(value, list):
                message = f"must be a list of tables (for example [[data.learning_curve]] entries), not {shown(value)}"
            elif self.max_length is not None and len(value) > self.max_length:
                message = f"has too many entries; at most {self.max_length}"
            else:
                items = [self.table._check(item, f"{path}.{index}", problems) for index, item in enumerate(value)]
                return _INVALID if any(item is _INVALID for item in items) else items
        if message is not None:
            problems.append(Problem(path, message))
            return _INVALID
        return value

    def _range(self, value: float) -> str | None:
        if self.ge is not None and not value >= self.ge:
            return f"must be {_bound(self.ge)} or more, not {shown(value)}"
        if self.gt is not None and not value > self.gt:
            return f"must be more than {_bound(self.gt)}, not {shown(value)}"
        if self.le is not None and not value <= self.le:
            return f"must be at most {_bound(self.le)}, not {shown(value)}"
        if self.lt is not None and not value < self.lt:
            return f"must be less than {_bound(self.lt)}, not {shown(value)}"
        return None

    def fresh_default(self) -> Any:
        if self.kind == "table":
            assert self.table is not None
            return self.table._empty()
        return self.default

    def json_schema(self) -> dict:
        kind = self.kind
        if kind == "table":
            assert self.table is not None
            return {"$ref": f"#/$defs/{self.table.__name__}"}
        if kind == "list":
            assert self.table is not None
            schema: dict = {"type": "array", "items": {"$ref": f"#/$defs/{self.table.__name__}"}}
            if self.max_length is not None:
                schema["maxItems"] = self.max_length
            return schema
        schema = {
            "number": {"type": "number"},
            "count": {"type": "integer"},
            "text": {"type": "string"},
            "flag": {"type": "boolean"},
            "datetime": {"type": "string", "format": "date-time"},
        }.get(kind, {})
        if kind == "choice":
            schema = {"const": self.choices[0]} if len(self.choices) == 1 else {"enum": list(self.choices)}
        for name, keyword in (("ge", "minimum"), ("gt", "exclusiveMinimum"), ("le", "maximum"), ("lt", "exclusiveMaximum")):
            bound = getattr(self, name)
            if bound is not None:
                schema[keyword] = bound
        if kind == "text" and self.max_length is not None:
            schema["maxLength"] = self.max_length
        if self.default is not None:
            schema["default"] = self.default
        return schema


def _chosen(value: Any, choices: tuple) -> bool:
    return any(value == choice and (type(value) is type(choice) or not isinstance(choice, str)) for choice in choices)


def _choices(choices: tuple) -> str:
    names = [repr(choice) for choice in choices]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def number(low: float | None = None, high: float | None = None, *, default: float | None = None,
           above: float | None = None, below: float | None = None) -> Spec:
    """A number (a TOML integer or float, stored as float) from `low` to `high` inclusive."""
    return Spec("number", default=default, ge=low, le=high, gt=above, lt=below)


def count(low: int = 0, high: int = MAX_COUNT, *, required: bool = False) -> Spec:
    """A whole number from `low` to `high` inclusive."""
    return Spec("count", ge=low, le=high, required=required)


USD = number(0, MAX_USD)


# Tables -----------------------------------------------------------------------------------------


class Table:
    """A TOML table: strict types, no unknown keys, no NaN or infinity."""

    FIELDS: ClassVar[dict[str, Spec]] = {}

    def __init__(self, **values: Any) -> None:
        """Check `values` like a table of the answers file (tables may be given as instances)."""
        problems: list[Problem] = []
        checked = type(self)._check(values, "", problems)
        if checked is _INVALID:
            raise AnswersInvalid(problems)
        self.__dict__.update(checked.__dict__)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = [name for name in cls.__dict__.get("__annotations__", {}) if name != "FIELDS"]
        if declared != list(cls.FIELDS):
            raise TypeError(f"{cls.__name__}: annotations {declared} do not match FIELDS {list(cls.FIELDS)}")

    # Checking ------------------------------------------------------------------------------

    @classmethod
    def _check(cls, document: Any, path: str, problems: list[Problem]) -> Any:
        """An instance from `document`, or _INVALID after adding every problem, in key order."""
        if isinstance(document, cls):
            return document
        if not isinstance(document, dict):
            problems.append(Problem(path, f"must be a table of answers, not {shown(document)}"))
            return _INVALID
        prefix = f"{path}." if path else ""
        before = len(problems)
        values: dict[str, Any] = {}
        for name, spec in cls.FIELDS.items():
            if name in document:
                values[name] = spec.check(document[name], prefix + name, problems)
            elif spec.required:
                problems.append(Problem(prefix + name, "is required here"))
            else:
                values[name] = spec.fresh_default()
        for key in document:
            if key not in cls.FIELDS:
                problems.append(Problem(prefix + str(key), f"unknown key (check the spelling); accepted here: {', '.join(cls.FIELDS)}"))
        if len(problems) > before:
            return _INVALID
        table = cls._build(values)
        blamed = table._cross_field_problem()
        if blamed is not None:
            field, message = blamed
            problems.append(Problem(prefix + field, message))
            return _INVALID
        return table

    def _cross_field_problem(self) -> tuple[str, str] | None:
        """(key, message) for a rule that spans keys of this table, once each key is valid."""
        return None

    @classmethod
    def _build(cls, values: dict[str, Any]) -> Any:
        table = cls.__new__(cls)
        table.__dict__.update(values)
        return table

    @classmethod
    def _empty(cls) -> Any:
        return cls._build({name: spec.fresh_default() for name, spec in cls.FIELDS.items()})

    @classmethod
    def model_validate(cls, document: Any) -> Any:
        """An instance from a parsed document; AnswersInvalid lists every problem."""
        problems: list[Problem] = []
        checked = cls._check(document, "", problems)
        if checked is _INVALID:
            raise AnswersInvalid(problems)
        return checked

    # Reading -------------------------------------------------------------------------------

    def given(self, *names: str) -> list[str]:
        """The names among `names` that have an answer."""
        return [name for name in names if getattr(self, name) is not None]

    def model_dump(self, *, include: Iterable[str] | None = None, exclude_none: bool = False) -> dict:
        """The table as plain dicts and lists, in key order."""
        wanted = set(include) if include is not None else None
        document: dict = {}
        for name in self.FIELDS:
            if wanted is not None and name not in wanted:
                continue
            value = getattr(self, name)
            if value is None and exclude_none:
                continue
            if isinstance(value, Table):
                value = value.model_dump(exclude_none=exclude_none)
            elif isinstance(value, list):
                value = [item.model_dump(exclude_none=exclude_none) if isinstance(item, Table) else item for item in value]
            document[name] = value
        return document

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Any:
        """A shallow copy, with `update` applied as given (not checked again)."""
        copied = type(self)._build(dict(self.__dict__))
        copied.__dict__.update(update or {})
        return copied

    @classmethod
    def model_json_schema(cls) -> dict:
        """A JSON Schema (draft 2020-12) of this table and every table inside it."""
        definitions: dict[str, dict] = {}
        cls._define(definitions)
        schema = definitions.pop(cls.__name__)
        if definitions:
            schema["$defs"] = dict(sorted(definitions.items()))
        return schema

    @classmethod
    def _define(cls, definitions: dict[str, dict]) -> None:
        if cls.__name__ in definitions:
            return
        schema: dict = {"title": cls.__name__, "type": "object"}
        if cls.__doc__:
            schema["description"] = cls.__doc__.strip().splitlines()[0]
        schema["properties"] = {name: spec.json_schema() for name, spec in cls.FIELDS.items()}
        required = [name for name, spec in cls.FIELDS.items() if spec.required]
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        definitions[cls.__name__] = schema
        for spec in cls.FIELDS.values():
            if spec.table is not None:
                spec.table._define(definitions)

    def __eq__(self, other: object) -> bool:
        return type(self) is type(other) and self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        shown_fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.FIELDS)
        return f"{type(self).__name__}({shown_fields})"


class AssessmentInfo(Table):
    """Who assessed which task, over what horizon."""

    FIELDS = {
        "title": Spec("text", max_length=200),
        "owner": Spec("text", max_length=200),
        "notes": Spec("text", max_length=20_000),
        "horizon_months": Spec("count", default=12, ge=1, le=120),
        "created_at": Spec("datetime"),
        "updated_at": Spec("datetime"),
    }
    title: str | None
    owner: str | None
    notes: str | None
    horizon_months: int
    created_at: dt.datetime | None
    updated_at: dt.datetime | None


class Side(Table):
    """What one approach costs to run: per call (directly or from tokens) and per month."""

    FIELDS = {
        "cost_per_call_usd": USD,
        "input_tokens": number(0, MAX_TOKENS),
        "output_tokens": number(0, MAX_TOKENS),
        "input_usd_per_mtok": number(0, MAX_USD_PER_MTOK),
        "output_usd_per_mtok": number(0, MAX_USD_PER_MTOK),
        "hosting_usd_per_month": number(0, MAX_USD, default=0.0),
    }
    cost_per_call_usd: float | None
    input_tokens: float | None
    output_tokens: float | None
    input_usd_per_mtok: float | None
    output_usd_per_mtok: float | None
    hosting_usd_per_month: float

    def _cross_field_problem(self) -> tuple[str, str] | None:
        tokens = self.given(*TOKEN_FIELDS)
        if self.cost_per_call_usd is not None and tokens:
            return (
                "cost_per_call_usd",
                "give either cost_per_call_usd or token counts and prices, not both "
                f"(this side also has {', '.join(tokens)})",
            )
        return None

    @property
    def uses_tokens(self) -> bool:
        return bool(self.given(*TOKEN_FIELDS))


class Volume(Table):
    """How many calls a month, and what a call costs each way."""

    FIELDS = {
        "calls_per_month": number(0, MAX_CALLS_PER_MONTH),
        "prompted": Spec("table", table=Side),
        "fine_tuned": Spec("table", table=Side),
    }
    calls_per_month: float | None
    prompted: Side
    fine_tuned: Side


class Stability(Table):
    """How often the requirements change, and what each change costs each way."""

    FIELDS = {
        "change_frequency": Spec("choice", choices=CHANGE_FREQUENCIES),
        "forced_retrains_per_year": number(0, 365, default=0.0),
        "retrain_compute_usd": USD,
        "reevaluation_usd": USD,
        "engineering_usd_per_cycle": USD,
        "prompt_update_usd_per_change": USD,
    }
    change_frequency: ChangeFrequency | None
    forced_retrains_per_year: float
    retrain_compute_usd: float | None
    reevaluation_usd: float | None
    engineering_usd_per_cycle: float | None
    prompt_update_usd_per_change: float | None


class LearningCurvePoint(Table):
    """One measurement: accuracy on the shared test set after training on `examples` examples."""

    FIELDS = {
        "examples": count(1, MAX_COUNT, required=True),
        "accuracy": Spec("number", ge=0, lt=1, required=True),
    }
    examples: int
    accuracy: float


class Data(Table):
    """The labelled examples, what preparing them costs, and how clean they are."""

    FIELDS = {
        "labelled_examples": count(),
        "preparation_usd": USD,
        "training_compute_usd": USD,
        "pipeline_setup_usd": USD,
        "audited_examples": count(),
        "mislabelled_in_audit": count(),
        "max_label_error_rate": number(0, 1, default=0.10),
        "learning_curve": Spec("list", table=LearningCurvePoint, max_length=MAX_CURVE_POINTS),
        "target_accuracy": number(above=0, below=1),
        "learning_curve_test_items": count(1, MAX_COUNT),
    }
    labelled_examples: int | None
    preparation_usd: float | None
    training_compute_usd: float | None
    pipeline_setup_usd: float | None
    audited_examples: int | None
    mislabelled_in_audit: int | None
    max_label_error_rate: float
    learning_curve: list[LearningCurvePoint] | None
    target_accuracy: float | None
    learning_curve_test_items: int | None

    def _cross_field_problem(self) -> tuple[str, str] | None:
        audited, wrong = self.audited_examples, self.mislabelled_in_audit
        if audited is not None and wrong is not None and wrong > audited:
            return (
                "mislabelled_in_audit",
                f"cannot exceed audited_examples ({audited}); it counts items found wrong in that audit",
            )
        curve = self.learning_curve
        if curve is None:
            return None
        if len(curve) < 2:
            return (
                "learning_curve",
                f"has {len(curve)} point{'' if len(curve) == 1 else 's'}; a curve needs at least two "
                "(examples, accuracy) points measured on the same test set",
            )
        first_at: dict[int, int] = {}
        for index, point in enumerate(curve):
            if point.examples in first_at:
                return (
                    f"learning_curve.{index}.examples",
                    f"repeats examples = {point.examples} of data.learning_curve.{first_at[point.examples]}; "
                    "each point needs a different number of training examples",
                )
            first_at[point.examples] = index
        return None


class Performance(Table):
    """The measured gap between the two approaches, and how much of a gap matters."""

    FIELDS = {
        "status": Spec("choice", choices=STATUSES),
        "evaluation_usd": USD,
        "alpha": number(above=0, below=1, default=0.05),
        "min_meaningful_difference_pp": number(0, 100, default=2.0),
        "cost_per_error_usd": USD,
        "gap_is_critical": Spec("flag", default=False),
        "both_correct": count(),
        "only_prompted_correct": count(),
        "only_fine_tuned_correct": count(),
        "both_wrong": count(),
        "test_items": count(),
        "prompted_correct": count(),
        "fine_tuned_correct": count(),
    }
    status: Status | None
    evaluation_usd: float | None
    alpha: float
    min_meaningful_difference_pp: float
    cost_per_error_usd: float | None
    gap_is_critical: bool
    both_correct: int | None
    only_prompted_correct: int | None
    only_fine_tuned_correct: int | None
    both_wrong: int | None
    test_items: int | None
    prompted_correct: int | None
    fine_tuned_correct: int | None

    def _cross_field_problem(self) -> tuple[str, str] | None:
        paired, unpaired = self.given(*PAIRED_FIELDS), self.given(*UNPAIRED_FIELDS)
        if paired and unpaired:
            return unpaired[0], "give paired counts (both_correct ...) or unpaired counts (test_items ...), not both"
        if len(paired) == len(PAIRED_FIELDS) and sum(getattr(self, n) for n in paired) == 0:
            return "both_correct", "the four paired counts add up to 0; at least one test item is needed"
        if self.test_items is not None:
            if self.test_items == 0:
                return "test_items", "must be at least 1"
            for name in ("prompted_correct", "fine_tuned_correct"):
                value = getattr(self, name)
                if value is not None and value > self.test_items:
                    return name, f"cannot exceed test_items ({self.test_items})"
        return None

    @property
    def design(self) -> Literal["paired", "unpaired"] | None:
        """Which way the results were entered, if any result was."""
        if self.given(*PAIRED_FIELDS):
            return "paired"
        if self.given(*UNPAIRED_FIELDS):
            return "unpaired"
        return None


class Answers(Table):
    """One assessment: everything the user has answered so far."""

    FIELDS = {
        "schema_version": Spec("choice", default=SCHEMA_VERSION, choices=(SCHEMA_VERSION,)),
        "assessment": Spec("table", table=AssessmentInfo),
        "volume": Spec("table", table=Volume),
        "stability": Spec("table", table=Stability),
        "data": Spec("table", table=Data),
        "performance": Spec("table", table=Performance),
    }
    schema_version: Literal[1]
    assessment: AssessmentInfo
    volume: Volume
    stability: Stability
    data: Data
    performance: Performance

    def to_document(self) -> dict:
        """The TOML document for this assessment: unanswered fields are left out."""
        return self.model_dump(exclude_none=True)
