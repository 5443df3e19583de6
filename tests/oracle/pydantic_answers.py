"""The answers file of SPEC §6 written as pydantic models: an independent oracle for the tests.

The tool validates answers with its own small validator (tui/core/models.py), which starts far
faster than building pydantic models on every run. This module keeps the same contract in
pydantic's declarative form, and tests/test_answers_oracle.py checks that both accept and refuse
the same documents, blaming the same fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

SCHEMA_VERSION = 1

# Sanity ceilings: far above any real task, low enough that the arithmetic stays exact and fast.
MAX_USD = 1e12
MAX_COUNT = 10**9
MAX_CALLS_PER_MONTH = 1e12
MAX_TOKENS = 1e9
MAX_USD_PER_MTOK = 1e6
MAX_CURVE_POINTS = 100

ChangeFrequency = Literal["weekly", "monthly", "quarterly", "semiannual", "annual", "rarely"]
CHANGE_FREQUENCIES: tuple[str, ...] = ChangeFrequency.__args__  # type: ignore[attr-defined]
Status = Literal["not_evaluated", "evaluated"]

Usd = Annotated[float, Field(ge=0, le=MAX_USD)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]
Tokens = Annotated[float, Field(ge=0, le=MAX_TOKENS)]
UsdPerMtok = Annotated[float, Field(ge=0, le=MAX_USD_PER_MTOK)]

TOKEN_FIELDS = ("input_tokens", "output_tokens", "input_usd_per_mtok", "output_usd_per_mtok")
PAIRED_FIELDS = ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong")
UNPAIRED_FIELDS = ("test_items", "prompted_correct", "fine_tuned_correct")


def cross_field_error(field: str, message: str) -> PydanticCustomError:
    """An error blamed on `field` of the table being validated (see `tui.core.problems`)."""
    return PydanticCustomError("cross_field", "{message}", {"field": field, "message": message})


class Table(BaseModel):
    """A TOML table: strict types, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)

    def given(self, *names: str) -> list[str]:
        """The names among `names` that have an answer."""
        return [name for name in names if getattr(self, name) is not None]


class AssessmentInfo(Table):
    title: Annotated[str, Field(max_length=200)] | None = None
    owner: Annotated[str, Field(max_length=200)] | None = None
    notes: Annotated[str, Field(max_length=20_000)] | None = None
    horizon_months: Annotated[int, Field(ge=1, le=120)] = 12
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


class Side(Table):
    """What one approach costs to run: per call (directly or from tokens) and per month."""

    cost_per_call_usd: Usd | None = None
    input_tokens: Tokens | None = None
    output_tokens: Tokens | None = None
    input_usd_per_mtok: UsdPerMtok | None = None
    output_usd_per_mtok: UsdPerMtok | None = None
    hosting_usd_per_month: Usd = 0.0

    @model_validator(mode="after")
    def _one_way_of_pricing(self) -> Side:
        tokens = self.given(*TOKEN_FIELDS)
        if self.cost_per_call_usd is not None and tokens:
            raise cross_field_error(
                "cost_per_call_usd",
                "give either cost_per_call_usd or token counts and prices, not both "
                f"(this side also has {', '.join(tokens)})",
            )
        return self

    @property
    def uses_tokens(self) -> bool:
        return bool(self.given(*TOKEN_FIELDS))


class Volume(Table):
    calls_per_month: Annotated[float, Field(ge=0, le=MAX_CALLS_PER_MONTH)] | None = None
    prompted: Side = Field(default_factory=Side)
    fine_tuned: Side = Field(default_factory=Side)


class Stability(Table):
    change_frequency: ChangeFrequency | None = None
    forced_retrains_per_year: Annotated[float, Field(ge=0, le=365)] = 0.0
    retrain_compute_usd: Usd | None = None
    reevaluation_usd: Usd | None = None
    engineering_usd_per_cycle: Usd | None = None
    prompt_update_usd_per_change: Usd | None = None


class LearningCurvePoint(Table):
    """One measurement: accuracy on the shared test set after training on `examples` examples."""

    examples: Annotated[int, Field(ge=1, le=MAX_COUNT)]
    accuracy: Annotated[float, Field(ge=0, lt=1)]


class Data(Table):
    labelled_examples: Count | None = None
    preparation_usd: Usd | None = None
    training_compute_usd: Usd | None = None
    pipeline_setup_usd: Usd | None = None
    audited_examples: Count | None = None
    mislabelled_in_audit: Count | None = None
    max_label_error_rate: Annotated[float, Field(ge=0, le=1)] = 0.10
    learning_curve: Annotated[list[LearningCurvePoint], Field(max_length=MAX_CURVE_POINTS)] | None = None
    target_accuracy: Annotated[float, Field(gt=0, lt=1)] | None = None
    learning_curve_test_items: Annotated[int, Field(ge=1, le=MAX_COUNT)] | None = None

    @model_validator(mode="after")
    def _audit_is_consistent(self) -> Data:
        audited, wrong = self.audited_examples, self.mislabelled_in_audit
        if audited is not None and wrong is not None and wrong > audited:
            raise cross_field_error(
                "mislabelled_in_audit",
                f"cannot exceed audited_examples ({audited}); it counts items found wrong in that audit",
            )
        return self

    @model_validator(mode="after")
    def _curve_can_be_fitted(self) -> Data:
        curve = self.learning_curve
        if curve is None:
            return self
        if len(curve) < 2:
            raise cross_field_error(
                "learning_curve",
                f"has {len(curve)} point{'' if len(curve) == 1 else 's'}; a curve needs at least two "
                "(examples, accuracy) points measured on the same test set",
            )
        first_at: dict[int, int] = {}
        for index, point in enumerate(curve):
            if point.examples in first_at:
                raise cross_field_error(
                    f"learning_curve.{index}.examples",
                    f"repeats examples = {point.examples} of data.learning_curve.{first_at[point.examples]}; "
                    "each point needs a different number of training examples",
                )
            first_at[point.examples] = index
        return self


class Performance(Table):
    status: Status | None = None
    evaluation_usd: Usd | None = None
    alpha: Annotated[float, Field(gt=0, lt=1)] = 0.05
    min_meaningful_difference_pp: Annotated[float, Field(ge=0, le=100)] = 2.0
    cost_per_error_usd: Usd | None = None
    gap_is_critical: bool = False
    both_correct: Count | None = None
    only_prompted_correct: Count | None = None
    only_fine_tuned_correct: Count | None = None
    both_wrong: Count | None = None
    test_items: Count | None = None
    prompted_correct: Count | None = None
    fine_tuned_correct: Count | None = None

    @model_validator(mode="after")
    def _results_are_consistent(self) -> Performance:
        paired, unpaired = self.given(*PAIRED_FIELDS), self.given(*UNPAIRED_FIELDS)
        if paired and unpaired:
            raise cross_field_error(
                unpaired[0],
                "give paired counts (both_correct ...) or unpaired counts (test_items ...), not both",
            )
        if len(paired) == len(PAIRED_FIELDS) and sum(getattr(self, n) for n in paired) == 0:
            raise cross_field_error(
                "both_correct", "the four paired counts add up to 0; at least one test item is needed"
            )
        if self.test_items is not None:
            if self.test_items == 0:
                raise cross_field_error("test_items", "must be at least 1")
            for name in ("prompted_correct", "fine_tuned_correct"):
                value = getattr(self, name)
                if value is not None and value > self.test_items:
                    raise cross_field_error(
                        name, f"cannot exceed test_items ({self.test_items})"
                    )
        return self

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

    schema_version: Literal[1] = SCHEMA_VERSION
    assessment: AssessmentInfo = Field(default_factory=AssessmentInfo)
    volume: Volume = Field(default_factory=Volume)
    stability: Stability = Field(default_factory=Stability)
    data: Data = Field(default_factory=Data)
    performance: Performance = Field(default_factory=Performance)

    def to_document(self) -> dict:
        """The TOML document for this assessment: unanswered fields are left out."""
        return self.model_dump(exclude_none=True)


def problem_paths(document: dict) -> set[str]:
    """The field paths pydantic blames in `document`; empty when it is valid."""
    from pydantic import ValidationError

    try:
        Answers.model_validate(document)
    except ValidationError as error:
        paths = set()
        for item in error.errors(include_url=False):
            location = [str(part) for part in item["loc"]]
            if item["type"] == "cross_field":
                location.append(item["ctx"]["field"])
            paths.add(".".join(location))
        return paths
    return set()
