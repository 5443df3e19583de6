"""The rows every report shows besides its key figures: the inputs, and the flip points (SPEC §7, §8).

The inputs let the lead who reads the ticket check every figure: each side's cost per call and
how it was reached, hosting, how often the task changes and what a cycle costs, every upfront
cost and the evaluation counts. The flip points say, for each answer, the nearest values at
which the recommendation changes; a value is rounded away from the current answer, so "below
10,000" stays true of the exact flip point.
"""

from __future__ import annotations

from tui.core import fmt
from tui.core.changes import LABELS, answer_label, show
from tui.core.changes import _rounded as rounded_away
from tui.core.economics import CHANGES_PER_YEAR, cost_per_call
from tui.core.models import Answers, Side
from tui.core.questions import BY_PATH
from tui.core.sensitivity import Flip, Sensitivity

Rows = list[tuple[str, str]]


def input_rows(answers: Answers) -> Rows:
    """(label, value) for every input a figure of the report is worked out from."""
    volume = answers.volume
    rows = [
        ("Horizon", f"{answers.assessment.horizon_months} months"),
        ("Calls per month", fmt.count(volume.calls_per_month)),
    ]
    for name, side in (("Prompted", volume.prompted), ("Fine-tuned", volume.fine_tuned)):
        rows.append((f"{name} cost per call", _cost_per_call(side)))
        rows.append((f"{name} fixed hosting", f"{fmt.money(side.hosting_usd_per_month)} a month"))
    rows += _stability_rows(answers)
    rows += _upfront_rows(answers)
    rows += _evaluation_rows(answers)
    return rows


def _cost_per_call(side: Side) -> str:
    """A side's cost per call and how it was reached: given, or tokens × prices."""
    cost = cost_per_call(side)
    if side.cost_per_call_usd is not None:
        return f"{fmt.per_call(cost)} (given directly)"
    if not side.uses_tokens:
        return fmt.DASH
    parts = (
        f"{fmt.count(side.input_tokens)} input tokens × {_price(side.input_usd_per_mtok)} per 1M + "
        f"{fmt.count(side.output_tokens)} output tokens × {_price(side.output_usd_per_mtok)} per 1M"
    )
    return f"{fmt.per_call(cost)} ({parts})"


def _price(value: float | None) -> str:
    return fmt.DASH if value is None else fmt.per_call(value)


def _stability_rows(answers: Answers) -> Rows:
    """How often the task changes, what a retraining cycle costs, and a prompt update."""
    stability = answers.stability
    frequency = stability.change_frequency
    per_year = CHANGES_PER_YEAR[frequency] if frequency else 0
    changes = f"{frequency} ({per_year} change{'' if per_year == 1 else 's'} a year)" if frequency else fmt.DASH
    parts = (stability.retrain_compute_usd, stability.reevaluation_usd, stability.engineering_usd_per_cycle)
    cycle = fmt.DASH
    if None not in parts:
        compute, review, people = (fmt.money(part) for part in parts)
        total = fmt.money(sum(part or 0.0 for part in parts))
        cycle = f"{total} (retrain compute {compute} + re-evaluation {review} + engineering {people})"
    return [
        ("Change frequency", changes),
        ("Forced retrains per year", fmt.count(stability.forced_retrains_per_year)),
        ("Cost of a retraining cycle", cycle),
        ("Prompt update per change", fmt.money(stability.prompt_update_usd_per_change)),
    ]


def _upfront_rows(answers: Answers) -> Rows:
    """The labelled data, each upfront cost and the label audit."""
    data = answers.data
    rows = [
        ("Labelled examples", fmt.count(data.labelled_examples)),
        ("Data preparation", fmt.money(data.preparation_usd)),
        ("First training run", fmt.money(data.training_compute_usd)),
        ("Pipeline setup", fmt.money(data.pipeline_setup_usd)),
        ("Evaluation", fmt.money(answers.performance.evaluation_usd)),
    ]
    if data.audited_examples is not None:
        wrong = fmt.count(data.mislabelled_in_audit)
        limit = fmt.percent(data.max_label_error_rate, 0)
        rows.append(("Label audit", f"{wrong} wrong of {fmt.count(data.audited_examples)} checked (limit {limit})"))
    return rows


def _evaluation_rows(answers: Answers) -> Rows:
    """The evaluation counts as entered, and the thresholds they are judged by."""
    perf = answers.performance
    if perf.status != "evaluated":
        return [("Evaluation results", "not yet measured" if perf.status else fmt.DASH)]
    if perf.design == "unpaired":
        counts = (
            f"unpaired: {fmt.count(perf.prompted_correct)} and {fmt.count(perf.fine_tuned_correct)} correct "
            f"(prompted, fine-tuned) of {fmt.count(perf.test_items)} items each"
        )
    else:
        counts = (
            f"paired: both correct {fmt.count(perf.both_correct)}, only prompted {fmt.count(perf.only_prompted_correct)}, "
            f"only fine-tuned {fmt.count(perf.only_fine_tuned_correct)}, both wrong {fmt.count(perf.both_wrong)}"
        )
    cost = fmt.money(perf.cost_per_error_usd) if perf.cost_per_error_usd else "not counted"
    return [
        ("Evaluation results", counts),
        ("Significance level, smallest gap that matters", f"{perf.alpha:g}, {perf.min_meaningful_difference_pp:g} pp"),
        ("Gap marked critical", "yes" if perf.gap_is_critical else "no"),
        ("Cost of one error", cost),
    ]


def flip_rows(found: Sensitivity) -> list[tuple[str, str, str, str]]:
    """(answer, now, changes below, changes above) for every answer of SPEC §8."""
    rows = []
    for points in found.flips:
        kind = BY_PATH[points.path].kind
        rows.append(
            (
                answer_label(points.path),
                show(kind, points.current),
                _flip_text(kind, points.below, up=False),
                _flip_text(kind, points.above, up=True),
            )
        )
    frequency = found.frequency
    others = [f for f, outcome in frequency.alternatives.items() if outcome != _current_outcome(found)]
    changed = "; ".join(f"{f}: {LABELS[frequency.alternatives[f]]}" for f in others) or "none"
    rows.append(("How often the requirements change", frequency.current, changed, ""))
    return rows


def _current_outcome(found: Sensitivity) -> str:
    return found.frequency.alternatives[found.frequency.current]


def _flip_text(kind: str, flip: Flip | None, up: bool) -> str:
    if flip is None:
        return "none"
    word = "above" if up else "below"
    if kind in ("count", "months"):
        word = "at"
    return f"{word} {show(kind, rounded_away(kind, flip.value, up))}: {LABELS[flip.recommendation]}"
