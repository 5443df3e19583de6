"""The wizard's questions: one per answers-file field, with its label, help and example.

The wizard draws its steps from this list and the form logic validates against it, so a
field's name, its TOML key and its JSON key stay the same idea everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from tui.core.models import CHANGE_FREQUENCIES

STEPS = ("assessment", "volume", "stability", "data", "performance", "summary")
STEP_TITLES = {
    "assessment": "Assessment",
    "volume": "Volume",
    "stability": "Stability",
    "data": "Data",
    "performance": "Performance gap",
    "summary": "Summary",
}


@dataclass(frozen=True)
class Question:
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


# Modes: a pair of ways to enter the same thing; only the active one is saved.
MODES = {
    "volume.prompted": (("direct", "Cost per call"), ("tokens", "Tokens and prices")),
    "volume.fine_tuned": (("direct", "Cost per call"), ("tokens", "Tokens and prices")),
    "performance": (("paired", "Paired counts (same items)"), ("unpaired", "Unpaired counts")),
}


def _side(side: str, name: str) -> list[Question]:
    prefix = f"volume.{side}"
    example = "0.03" if side == "prompted" else "0.004"
    return [
        Question(
            f"{prefix}.cost_per_call_usd",
            f"{name}: cost per call ($)",
            "What one call costs on average, input and output together.",
            f"e.g. {example}",
            "price",
            details="Take it from your bills (monthly spend on this task divided by its calls) or "
            "from token counts and list prices. Switch to tokens and prices to let the tool work it out.",
            group=f"{prefix}:direct",
        ),
        Question(f"{prefix}.input_tokens", f"{name}: input tokens per call", "Average prompt size, including instructions and examples.", "e.g. 1800" if side == "prompted" else "e.g. 400", "number", group=f"{prefix}:tokens"),
        Question(f"{prefix}.output_tokens", f"{name}: output tokens per call", "Average length of the answer.", "e.g. 250", "number", group=f"{prefix}:tokens"),
        Question(f"{prefix}.input_usd_per_mtok", f"{name}: $ per 1M input tokens", "From the provider's price list.", "e.g. 2.50" if side == "prompted" else "e.g. 0.30", "price", group=f"{prefix}:tokens"),
        Question(f"{prefix}.output_usd_per_mtok", f"{name}: $ per 1M output tokens", "From the provider's price list.", "e.g. 10" if side == "prompted" else "e.g. 1.20", "price", group=f"{prefix}:tokens"),
        Question(
            f"{prefix}.hosting_usd_per_month",
            f"{name}: fixed hosting $ per month",
            "Fees billed whether or not the model is used, such as a dedicated deployment. 0 if none.",
            "0 (default)",
            "money",
            details="A fine-tuned model served on its own capacity bills by the hour even when idle. "
            "Leave 0 for pay-per-call APIs.",
            optional=True,
        ),
    ]


QUESTIONS: tuple[Question, ...] = (
    Question("assessment.title", "Title", "A short name for the task being assessed.", "e.g. Support ticket triage", "text", optional=True),
    Question("assessment.owner", "Owner", "Who is answering for this assessment.", "e.g. Priya, platform team", "text", optional=True),
    Question(
        "assessment.horizon_months",
        "Horizon (months)",
        "How far ahead to weigh costs; payback must come within it.",
        "12 (default)",
        "months",
        details="Most teams plan a year ahead. A shorter horizon is stricter on fine-tuning, whose "
        "costs come up front.",
        optional=True,
    ),
    Question("assessment.notes", "Notes", "Anything a reader of the report should know.", "optional", "notes", optional=True),
    Question(
        "volume.calls_per_month",
        "Calls per month on this task",
        "Inference calls for this one task only, not the whole product.",
        "e.g. 40k",
        "number",
        details="Under 1,000 a month fine-tuning never pays back; 1,000 to 10,000 favours prompting "
        "unless the quality gap is critical; over 10,000 fine-tuning is worth evaluating.",
    ),
    *_side("prompted", "Prompted"),
    *_side("fine_tuned", "Fine-tuned"),
    Question(
        "stability.change_frequency",
        "How often do the requirements change?",
        "New rules, edge cases, products or terminology that the model must follow.",
        "",
        "choice",
        details="Weekly changes favour prompting: a prompt changes in minutes, a retrain takes days. "
        "Monthly is either way. Quarterly or rarer makes a fine-tuned model practical.",
        choices=tuple((value, value.capitalize()) for value in CHANGE_FREQUENCIES),
    ),
    Question(
        "stability.forced_retrains_per_year",
        "Forced retrains per year",
        "Retrains caused by the provider retiring the base model, even if the task is stable.",
        "0 (default)",
        "number",
        optional=True,
    ),
    Question("stability.retrain_compute_usd", "Retrain compute per cycle ($)", "Training cost of one retraining run.", "e.g. 400", "money"),
    Question("stability.reevaluation_usd", "Re-evaluation per cycle ($)", "Cost of checking a retrained model before release.", "e.g. 300", "money"),
    Question("stability.engineering_usd_per_cycle", "Engineering per cycle ($)", "People's time to run the pipeline once: hours times rate.", "e.g. 1,200", "money"),
    Question("stability.prompt_update_usd_per_change", "Prompt update per change ($)", "What adapting the prompt to one change costs instead.", "e.g. 150", "money"),
    Question(
        "data.labelled_examples",
        "Labelled examples for training",
        "Input and correct output pairs you could train on now.",
        "e.g. 2,500",
        "count",
        details="Under 200 examples, few-shot prompting usually wins. 200 to 1,000 can work with careful "
        "checking. Over 1,000 is a comfortable start.",
    ),
    Question("data.preparation_usd", "Data preparation ($)", "Collecting, cleaning and labelling the training set.", "e.g. 3k", "money"),
    Question("data.training_compute_usd", "First training run ($)", "Compute or provider fees for the first fine-tune.", "e.g. 500", "money"),
    Question("data.pipeline_setup_usd", "Pipeline setup ($)", "Engineering to build the training and deployment pipeline.", "e.g. 4,000", "money"),
    Question(
        "data.audited_examples",
        "Labels audited",
        "How many training labels someone checked by hand. Leave empty if none.",
        "e.g. 200",
        "count",
        details="A hand check of a random sample shows how noisy the labels are. A model trained on "
        "wrong labels is confidently wrong.",
        optional=True,
    ),
    Question("data.mislabelled_in_audit", "Wrong labels found", "How many of the audited labels were wrong.", "e.g. 6", "count", optional=True),
    Question(
        "data.max_label_error_rate",
        "Largest acceptable label error",
        "If the label error could exceed this, fix the data before training.",
        "10% (default)",
        "rate",
        optional=True,
    ),
    Question(
        "data.learning_curve",
        "Learning curve points",
        "Optional. One line per training run: examples, accuracy on the same test set.",
        "e.g. 500, 81%",
        "curve",
        details="Train on subsets of your data (say a quarter, half and all of it) and score each model on "
        "the same test set. The tool fits a curve through the points to project what more data would buy. "
        "With fewer than four points the fit has no ceiling, so it is optimistic.",
        optional=True,
    ),
    Question("data.target_accuracy", "Target accuracy", "Optional: the accuracy you need; the curve says how many examples it takes.", "e.g. 90%", "rate", optional=True),
    Question(
        "data.learning_curve_test_items",
        "Test items behind the curve",
        "Optional: the test-set size of those runs, for the uncertainty range.",
        "e.g. 1,000",
        "count",
        optional=True,
    ),
    Question(
        "performance.status",
        "Have both approaches been run on the same test set?",
        "Compare them on held-out items neither was tuned on.",
        "",
        "choice",
        choices=(("not_evaluated", "Not yet"), ("evaluated", "Yes, results below")),
    ),
    Question("performance.evaluation_usd", "Evaluation cost ($)", "Building the test set and scoring both approaches.", "e.g. 800", "money"),
    Question("performance.both_correct", "Both correct", "Items both approaches got right.", "e.g. 820", "count", group="performance:paired"),
    Question("performance.only_prompted_correct", "Only prompted correct", "Items only the prompted model got right.", "e.g. 22", "count", group="performance:paired"),
    Question("performance.only_fine_tuned_correct", "Only fine-tuned correct", "Items only the fine-tuned model got right.", "e.g. 61", "count", group="performance:paired"),
    Question("performance.both_wrong", "Both wrong", "Items both approaches got wrong.", "e.g. 97", "count", group="performance:paired"),
    Question("performance.test_items", "Test items per approach", "How many items each approach was scored on.", "e.g. 1,000", "count", group="performance:unpaired"),
    Question("performance.prompted_correct", "Prompted correct", "Items the prompted model got right.", "e.g. 842", "count", group="performance:unpaired"),
    Question("performance.fine_tuned_correct", "Fine-tuned correct", "Items the fine-tuned model got right.", "e.g. 881", "count", group="performance:unpaired"),
    Question("performance.alpha", "Significance level", "How unlikely a chance result must be to count.", "0.05 (default)", "rate", optional=True),
    Question(
        "performance.min_meaningful_difference_pp",
        "Smallest difference that matters (pp)",
        "Accuracy points below which a gap makes no practical difference.",
        "2 (default)",
        "points",
        optional=True,
    ),
    Question(
        "performance.cost_per_error_usd",
        "Cost of one error ($)",
        "Optional: what a wrong answer costs the business; counts accuracy in the saving.",
        "optional",
        "money",
        optional=True,
    ),
    Question(
        "performance.gap_is_critical",
        "The quality gap is critical",
        "Quality matters more than cost here, so a better model wins even at medium volume.",
        "",
        "flag",
        optional=True,
    ),
)

BY_PATH = {question.path: question for question in QUESTIONS}


def questions_for(step: str) -> list[Question]:
    return [question for question in QUESTIONS if question.step == step]
