"""The answers file, schema version 1 (SPEC §6), declared once as pydantic models.

Every answer is optional so that a partly answered assessment is valid; what is still missing
is worked out by `tui.core.assess`, not here. Types are strict (a string is not a number, a
float is not a count), unknown keys are errors, and cross-field rules carry the exact field
they blame so the wizard can show the message under the right input.

Each field carries what people read about it: `title` (the wizard's label), `description` (its
help line), `examples`, and in `json_schema_extra` the way it is typed (`x-input`, a kind of
`tui.core.humane`), longer help (`x-details`) and whether the wizard marks it optional. The
JSON Schema of `tune-or-prompt schema`, the wizard's questions (`tui.core.questions`) and the
error messages (`tui.core.validation`) are all read from here.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator
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
CHANGE_FREQUENCIES: tuple[str, ...] = ("weekly", "monthly", "quarterly", "semiannual", "annual", "rarely")
Status = Literal["not_evaluated", "evaluated"]
STATUSES: tuple[str, ...] = ("not_evaluated", "evaluated")

TOKEN_FIELDS = ("input_tokens", "output_tokens", "input_usd_per_mtok", "output_usd_per_mtok")
TRAINING_TOKEN_FIELDS = ("training_tokens_per_example", "training_epochs", "training_usd_per_mtok")
HOURS_PER_MONTH = 730  # a dedicated deployment billed by the hour, every hour of an average month
PAIRED_FIELDS = ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong")
UNPAIRED_FIELDS = ("test_items", "prompted_correct", "fine_tuned_correct")


def whole(value: float) -> float | int:
    """A whole number as an int (`45000`, not `45000.0`), anything else unchanged."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def cross_field_error(field: str, message: str) -> PydanticCustomError:
    """An error blamed on `field` of the table being validated (see `tui.core.validation`)."""
    return PydanticCustomError("cross_field", "{message}", {"field": field, "message": message})


def _ui(kind: str, details: str = "", *, optional: bool = False, choices: dict[str, str] | None = None) -> dict:
    """The wizard's extras for a field: how it is typed, longer help, optional, choice labels."""
    extra: dict[str, Any] = {"x-input": kind}
    if details:
        extra["x-details"] = details
    if optional:
        extra["x-optional"] = True
    if choices:
        extra["x-choices"] = choices
    return extra


# Numbers are stored as floats and written back whole where they are whole.
_Whole = PlainSerializer(whole, when_used="always")
Number = Annotated[float, _Whole]


def usd(title: str, description: str, *examples: float, kind: str = "money", **ui: Any) -> Any:
    """A dollar amount from 0 to MAX_USD, unanswered by default."""
    return Field(
        None,
        ge=0,
        le=MAX_USD,
        title=title,
        description=description,
        examples=list(examples),
        json_schema_extra=_ui(kind, **ui),
    )


def count(title: str, description: str, example: int, **ui: Any) -> Any:
    """A whole number from 0 to MAX_COUNT, unanswered by default."""
    return Field(
        None,
        ge=0,
        le=MAX_COUNT,
        title=title,
        description=description,
        examples=[example],
        json_schema_extra=_ui("count", **ui),
    )


class Table(BaseModel):
    """A TOML table: strict types, no unknown keys, no NaN or infinity."""

    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, validate_default=False, defer_build=True
    )

    def given(self, *names: str) -> list[str]:
        """The names among `names` that have an answer."""
        return [name for name in names if getattr(self, name) is not None]


class AssessmentInfo(Table):
    """Who assessed which task, over what horizon."""

    model_config = ConfigDict(title="Assessment")

    title: str | None = Field(
        None,
        max_length=200,
        title="Title",
        description="A short name for the task being assessed.",
        examples=["Support ticket triage"],
        json_schema_extra=_ui("text", optional=True),
    )
    owner: str | None = Field(
        None,
        max_length=200,
        title="Owner",
        description="Who is answering for this assessment.",
        examples=["Priya, platform team"],
        json_schema_extra=_ui("text", optional=True),
    )
    horizon_months: int = Field(
        12,
        ge=1,
        le=120,
        title="Horizon (months)",
        description="How far ahead to weigh costs; payback must come within it.",
        examples=[12],
        json_schema_extra=_ui(
            "months",
            "Most teams plan a year ahead. A shorter horizon is stricter on fine-tuning, whose costs come up front.",
        ),
    )
    notes: str | None = Field(
        None,
        max_length=20_000,
        title="Notes",
        description="Anything a reader of the report should know.",
        json_schema_extra=_ui("notes", optional=True),
    )
    created_at: dt.datetime | None = Field(
        None, title="Created", description="When the assessment was first saved (written by the tool)."
    )
    updated_at: dt.datetime | None = Field(
        None, title="Updated", description="When the assessment was last saved (written by the tool)."
    )


class Side(Table):
    """What one approach costs to run: per call (directly or from tokens) and per month."""

    cost_per_call_usd: Number | None = usd(
        "cost per call ($)",
        "What one call costs on average, input and output together.",
        0.03,
        0.004,
        kind="price",
        details="Take it from your bills (monthly spend on this task divided by its calls) or from token counts "
        "and list prices. Switch to tokens and prices to let the tool work it out.",
    )
    input_tokens: Number | None = Field(
        None,
        ge=0,
        le=MAX_TOKENS,
        title="input tokens per call",
        description="Average prompt size, including instructions and examples.",
        examples=[1800, 400],
        json_schema_extra=_ui("number"),
    )
    output_tokens: Number | None = Field(
        None,
        ge=0,
        le=MAX_TOKENS,
        title="output tokens per call",
        description="Average length of the answer.",
        examples=[250],
        json_schema_extra=_ui("number"),
    )
    input_usd_per_mtok: Number | None = Field(
        None,
        ge=0,
        le=MAX_USD_PER_MTOK,
        title="$ per 1M input tokens",
        description="From the provider's price list.",
        examples=[2.5, 0.3],
        json_schema_extra=_ui("price"),
    )
    output_usd_per_mtok: Number | None = Field(
        None,
        ge=0,
        le=MAX_USD_PER_MTOK,
        title="$ per 1M output tokens",
        description="From the provider's price list.",
        examples=[10, 1.2],
        json_schema_extra=_ui("price"),
    )
    hosting_usd_per_month: Number = Field(
        0.0,
        ge=0,
        le=MAX_USD,
        title="fixed hosting $ per month",
        description="Fees billed whether or not the model is used, such as a dedicated deployment. 0 if none.",
        json_schema_extra=_ui(
            "money",
            "A fine-tuned model served on its own capacity bills by the hour even when idle. "
            "Leave 0 for pay-per-call APIs, or give the hourly price below instead.",
        ),
    )
    hosting_usd_per_hour: Number | None = Field(
        None,
        ge=0,
        le=MAX_USD / HOURS_PER_MONTH,
        title="or hosting $ per hour",
        description=f"A dedicated deployment's hourly price, instead of the monthly fee: {HOURS_PER_MONTH} hours a month.",
        examples=[1.7],
        json_schema_extra=_ui("price", optional=True),
    )
    model: str | None = Field(
        None,
        max_length=200,
        title="Model",
        description="The catalogue model this side's token prices were taken from, e.g. openai:gpt-4.1-mini.",
        examples=["openai:gpt-4.1-mini"],
    )
    prices_from: str | None = Field(
        None,
        max_length=200,
        title="Prices from",
        description="The price catalogue and its version, e.g. genai-prices 0.2.3.",
    )
    prices_checked_on: dt.date | None = Field(
        None,
        title="Prices checked on",
        description="The date the catalogue's prices were checked; older than 90 days gives a caution.",
    )

    @model_validator(mode="after")
    def _one_way_of_pricing(self) -> Side:
        tokens = self.given(*TOKEN_FIELDS)
        if self.cost_per_call_usd is not None and tokens:
            raise cross_field_error(
                "cost_per_call_usd",
                "give either cost_per_call_usd or token counts and prices, not both "
                f"(this side also has {', '.join(tokens)})",
            )
        if self.hosting_usd_per_hour is not None and "hosting_usd_per_month" in self.model_fields_set:
            raise cross_field_error(
                "hosting_usd_per_hour", "give either hosting_usd_per_month or hosting_usd_per_hour, not both"
            )
        return self

    @property
    def uses_tokens(self) -> bool:
        return bool(self.given(*TOKEN_FIELDS))

    @property
    def monthly_hosting_usd(self) -> float:
        """The fixed hosting a month: the monthly fee, or the hourly price × 730 hours."""
        if self.hosting_usd_per_hour is not None:
            return self.hosting_usd_per_hour * HOURS_PER_MONTH
        return self.hosting_usd_per_month


class Volume(Table):
    """How many calls a month, and what a call costs each way."""

    calls_per_month: Number | None = Field(
        None,
        ge=0,
        le=MAX_CALLS_PER_MONTH,
        title="Calls per month on this task",
        description="Inference calls for this one task only, not the whole product.",
        examples=[40000],
        json_schema_extra=_ui(
            "number",
            "Under 1,000 a month fine-tuning never pays back; 1,000 to 10,000 favours prompting unless the "
            "quality gap is critical; over 10,000 fine-tuning is worth evaluating.",
        ),
    )
    prompted: Side = Field(
        default_factory=Side,
        title="Prompted",
        description="The larger model driven by a prompt: what it costs per call and per month.",
    )
    fine_tuned: Side = Field(
        default_factory=Side,
        title="Fine-tuned",
        description="The smaller fine-tuned model: what it costs per call and per month.",
    )


class Stability(Table):
    """How often the requirements change, and what each change costs each way."""

    change_frequency: ChangeFrequency | None = Field(
        None,
        title="How often do the requirements change?",
        description="New rules, edge cases, products or terminology that the model must follow.",
        json_schema_extra=_ui(
            "choice",
            "Weekly changes favour prompting: a prompt changes in minutes, a retrain takes days. Monthly is "
            "either way. Quarterly or rarer makes a fine-tuned model practical.",
            choices={value: value.capitalize() for value in CHANGE_FREQUENCIES},
        ),
    )
    forced_retrains_per_year: Number = Field(
        0.0,
        ge=0,
        le=365,
        title="Forced retrains per year",
        description="Retrains caused by the provider retiring the base model, even if the task is stable.",
        json_schema_extra=_ui("number"),
    )
    retrain_compute_usd: Number | None = usd(
        "Retrain compute per cycle ($)", "Training cost of one retraining run.", 400
    )
    reevaluation_usd: Number | None = usd(
        "Re-evaluation per cycle ($)", "Cost of checking a retrained model before release.", 300
    )
    engineering_usd_per_cycle: Number | None = usd(
        "Engineering per cycle ($)", "People's time to run the pipeline once: hours times rate.", 1200
    )
    prompt_update_usd_per_change: Number | None = usd(
        "Prompt update per change ($)", "What adapting the prompt to one change costs instead.", 150
    )


class LearningCurvePoint(Table):
    """One measurement: accuracy on the shared test set after training on `examples` examples."""

    examples: int = Field(
        ge=1, le=MAX_COUNT, title="Training examples", description="How many examples the run trained on."
    )
    accuracy: Number = Field(
        ge=0, lt=1, title="Accuracy", description="Its accuracy on the shared test set, as a proportion."
    )


class Data(Table):
    """The labelled examples, what preparing them costs, and how clean they are."""

    labelled_examples: int | None = count(
        "Labelled examples for training",
        "Input and correct output pairs you could train on now.",
        2500,
        details="Under 200 examples, few-shot prompting usually wins. 200 to 1,000 can work with careful "
        "checking. Over 1,000 is a comfortable start.",
    )
    preparation_usd: Number | None = usd(
        "Data preparation ($)", "Collecting, cleaning and labelling the training set.", 3000
    )
    training_compute_usd: Number | None = usd(
        "First training run ($)", "Compute or provider fees for the first fine-tune.", 500
    )
    training_tokens_per_example: Number | None = Field(
        None,
        ge=0,
        le=MAX_TOKENS,
        title="Training tokens per example",
        description="Tokens in one training example, prompt and answer together.",
        examples=[600],
        json_schema_extra=_ui("number"),
    )
    training_epochs: Number | None = Field(
        None,
        ge=0,
        le=1000,
        title="Training epochs",
        description="How many times training goes through the examples.",
        examples=[3],
        json_schema_extra=_ui("number"),
    )
    training_usd_per_mtok: Number | None = Field(
        None,
        ge=0,
        le=MAX_USD_PER_MTOK,
        title="Training $ per 1M tokens",
        description="The provider's fine-tuning price per million training tokens.",
        examples=[5],
        json_schema_extra=_ui("price"),
    )
    pipeline_setup_usd: Number | None = usd(
        "Pipeline setup ($)", "Engineering to build the training and deployment pipeline.", 4000
    )
    audited_examples: int | None = count(
        "Labels audited",
        "How many training labels someone checked by hand. Leave empty if none.",
        200,
        details="A hand check of a random sample shows how noisy the labels are. A model trained on wrong labels "
        "is confidently wrong.",
        optional=True,
    )
    mislabelled_in_audit: int | None = count(
        "Wrong labels found", "How many of the audited labels were wrong.", 6, optional=True
    )
    max_label_error_rate: Number = Field(
        0.10,
        ge=0,
        le=1,
        title="Largest acceptable label error",
        description="If the label error could exceed this, fix the data before training.",
        json_schema_extra=_ui("rate"),
    )
    learning_curve: list[LearningCurvePoint] | None = Field(
        None,
        max_length=MAX_CURVE_POINTS,
        title="Learning curve points",
        description="Optional. One line per training run: examples, accuracy on the same test set.",
        examples=[[{"examples": 500, "accuracy": 0.81}, {"examples": 1000, "accuracy": 0.85}]],
        json_schema_extra=_ui(
            "curve",
            "Train on subsets of your data (say a quarter, half and all of it) and score each model on the same "
            "test set. The tool fits a curve through the points to project what more data would buy. With fewer "
            "than four points the fit has no ceiling, so it is optimistic.",
            optional=True,
        ),
    )
    target_accuracy: Number | None = Field(
        None,
        gt=0,
        lt=1,
        title="Target accuracy",
        description="Optional: the accuracy you need; the curve says how many examples it takes.",
        examples=[0.9],
        json_schema_extra=_ui("rate", optional=True),
    )
    learning_curve_test_items: int | None = Field(
        None,
        ge=1,
        le=MAX_COUNT,
        title="Test items behind the curve",
        description="Optional: the test-set size of those runs, for the uncertainty range.",
        examples=[1000],
        json_schema_extra=_ui("count", optional=True),
    )

    @model_validator(mode="after")
    def _one_way_of_pricing_training(self) -> Data:
        tokens = self.given(*TRAINING_TOKEN_FIELDS)
        if self.training_compute_usd is not None and tokens:
            raise cross_field_error(
                "training_compute_usd",
                "give either training_compute_usd or training tokens, epochs and price, not both "
                f"(this table also has {', '.join(tokens)})",
            )
        return self

    @property
    def trains_from_tokens(self) -> bool:
        return bool(self.given(*TRAINING_TOKEN_FIELDS))

    def training_run_usd(self) -> float | None:
        """One training run: given directly, or examples × tokens × epochs × price / 1e6."""
        if self.training_compute_usd is not None:
            return self.training_compute_usd
        parts = (
            self.labelled_examples,
            self.training_tokens_per_example,
            self.training_epochs,
            self.training_usd_per_mtok,
        )
        if not self.trains_from_tokens or any(part is None for part in parts):
            return None
        examples, tokens, epochs, price = (float(part or 0) for part in parts)
        return examples * tokens * epochs * price / 1e6

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
    """The measured gap between the two approaches, and how much of a gap matters."""

    status: Status | None = Field(
        None,
        title="Have both approaches been run on the same test set?",
        description="Compare them on held-out items neither was tuned on.",
        json_schema_extra=_ui("choice", choices={"not_evaluated": "Not yet", "evaluated": "Yes, results below"}),
    )
    evaluation_usd: Number | None = usd(
        "Evaluation cost ($)", "Building the test set and scoring both approaches.", 800
    )
    both_correct: int | None = count("Both correct", "Items both approaches got right.", 820)
    only_prompted_correct: int | None = count("Only prompted correct", "Items only the prompted model got right.", 22)
    only_fine_tuned_correct: int | None = count(
        "Only fine-tuned correct", "Items only the fine-tuned model got right.", 61
    )
    both_wrong: int | None = count("Both wrong", "Items both approaches got wrong.", 97)
    test_items: int | None = count("Test items per approach", "How many items each approach was scored on.", 1000)
    prompted_correct: int | None = count("Prompted correct", "Items the prompted model got right.", 842)
    fine_tuned_correct: int | None = count("Fine-tuned correct", "Items the fine-tuned model got right.", 881)
    alpha: Number = Field(
        0.05,
        gt=0,
        lt=1,
        title="Significance level",
        description="How unlikely a chance result must be to count.",
        json_schema_extra=_ui("rate"),
    )
    min_meaningful_difference_pp: Number = Field(
        2.0,
        ge=0,
        le=100,
        title="Smallest difference that matters (pp)",
        description="Accuracy points below which a gap makes no practical difference.",
        json_schema_extra=_ui("points"),
    )
    cost_per_error_usd: Number | None = usd(
        "Cost of one error ($)",
        "Optional: what a wrong answer costs the business; counts accuracy in the saving.",
        5,
        optional=True,
    )
    gap_is_critical: bool = Field(
        False,
        title="The quality gap is critical",
        description="Quality matters more than cost here, so a better model wins even at medium volume.",
        json_schema_extra=_ui("flag"),
    )

    @model_validator(mode="after")
    def _results_are_consistent(self) -> Performance:
        paired, unpaired = self.given(*PAIRED_FIELDS), self.given(*UNPAIRED_FIELDS)
        if paired and unpaired:
            raise cross_field_error(
                unpaired[0], "give paired counts (both_correct ...) or unpaired counts (test_items ...), not both"
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
                    raise cross_field_error(name, f"cannot exceed test_items ({self.test_items})")
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

    schema_version: Literal[1] = Field(
        1, title="Schema version", description="The version of this file's layout; 1 is the only one."
    )
    assessment: AssessmentInfo = Field(
        default_factory=AssessmentInfo, title="Assessment", description="Who assessed which task, over what horizon."
    )
    volume: Volume = Field(
        default_factory=Volume, title="Volume", description="How many calls a month, and what a call costs each way."
    )
    stability: Stability = Field(
        default_factory=Stability,
        title="Stability",
        description="How often the requirements change, and what each change costs each way.",
    )
    data: Data = Field(
        default_factory=Data,
        title="Data",
        description="The labelled examples, what preparing them costs, and how clean they are.",
    )
    performance: Performance = Field(
        default_factory=Performance,
        title="Performance gap",
        description="The measured gap between the two approaches, and how much of a gap matters.",
    )

    @classmethod
    def model_json_schema(cls, *args: Any, schema_generator: Any = None, **kwargs: Any) -> dict[str, Any]:
        """The JSON Schema of the answers file, as `tune-or-prompt schema` prints it.

        TOML has no null, so an unanswered field is simply left out: the schema says so.
        pydantic's JSON Schema module is imported here, when it is needed, never by `report`.
        """
        from pydantic.json_schema import GenerateJsonSchema

        class TomlJsonSchema(GenerateJsonSchema):
            def nullable_schema(self, schema: Any) -> Any:
                return self.generate_inner(schema["schema"])

            def default_schema(self, schema: Any) -> Any:
                json_schema = super().default_schema(schema)
                if json_schema.get("default", 0) is None:
                    del json_schema["default"]
                return json_schema

        generator = schema_generator or TomlJsonSchema
        return super().model_json_schema(*args, schema_generator=generator, **kwargs)  # type: ignore[misc]

    def to_document(self) -> dict:
        """The TOML document for this assessment: only the answers given (a default nobody typed is
        left out, so a file says what its author said), whole numbers as ints."""
        document = self.model_dump(exclude_unset=True, exclude_none=True)
        document["schema_version"] = SCHEMA_VERSION
        return document
