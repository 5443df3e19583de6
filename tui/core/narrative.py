"""The recommendation in words: the reason of each step, the headline, cautions, what would change it.

Every sentence a report or the wizard shows about the decision is written here, from the
figures the gap, the economics and the rules have already worked out.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.core import economics as econ
from tui.core import fmt, rules
from tui.core.gap import Audit, Gap
from tui.core.rules import Context

if TYPE_CHECKING:
    from tui.core import learning_curve as curves

LABELS = {
    "prompting": "prompting",
    "fine_tuning": "fine-tuning",
    "evaluate_first": "evaluate first",
    "fix_data_first": "fix data first",
    "incomplete": "incomplete",
}
HEADLINES = {
    "prompting": "Keep prompting the larger model",
    "fine_tuning": "Fine-tune the smaller model",
    "evaluate_first": "Evaluate both approaches before deciding",
    "fix_data_first": "Fix the training labels first",
    "incomplete": "Not enough answers yet",
}
HOW_OFTEN = {
    "weekly": "every week",
    "monthly": "every month",
    "quarterly": "every quarter",
    "semiannual": "twice a year",
    "annual": "once a year",
    "rarely": "rarely",
}
CI_METHODS = {"tango_score": "Tango score interval", "newcombe_hybrid_score": "Newcombe hybrid score interval"}
CRITICAL_REASON = "it is clearly better and the gap is marked critical"


def _calls(value: float | None) -> str:
    """A number of calls as the sentences write it."""
    return fmt.count(value, "calls")


# Reasons ---------------------------------------------------------------------------------------


def reasons(c: Context) -> dict[str, str]:
    """The reason of each step, keyed by what it is about, in report order."""
    found = {"audit": _audit_reason(c.audit, c.gap)} if c.audit is not None else {}
    found.update(
        volume=_volume_reason(c),
        stability=_stability_reason(c),
        data=_data_reason(c),
        performance=_gap_reason(c),
        economics=_economics_reason(c),
    )
    if c.curve is not None:
        found["learning_curve"] = _learning_curve_reason(c.curve)
    return found


def _volume_reason(c: Context) -> str:
    """The volume band and what it means for earning back the upfront cost."""
    calls = _calls(c.answers.volume.calls_per_month)
    return {
        None: "Volume: not answered yet.",
        "low": f"Volume is low ({calls} a month, under 1,000): fine-tuning's upfront cost would not be earned back.",
        "medium": f"Volume is medium ({calls} a month, 1,000 to 10,000): prompting is the default unless the quality gap is critical.",
        "high": f"Volume is high ({calls} a month, over 10,000): a cheaper fine-tuned model has room to earn back its cost.",
    }[c.volume_band]


def _stability_reason(c: Context) -> str:
    """The stability band and whether a fine-tuned model can keep up with the changes."""
    frequency, band = c.answers.stability.change_frequency, c.stability_band
    if frequency is None or band is None:
        return "Stability: not answered yet."
    changes = econ.CHANGES_PER_YEAR[frequency]
    return {
        "volatile": "Requirements change weekly (volatile): a prompt can follow them the same day, a retrained model takes days to weeks.",
        "moderate": "Requirements change monthly (moderate): either approach can keep up, so the other steps decide.",
        "stable": f"Requirements change {HOW_OFTEN[frequency]} (stable, {changes} a year): a fine-tuned model can stay current.",
    }[band]


def _data_reason(c: Context) -> str:
    """The data band and what so many labelled examples allow."""
    examples = c.answers.data.labelled_examples
    shown = f"{examples:,}" if examples is not None else ""
    return {
        None: "Data: not answered yet.",
        "scarce": f"Data is scarce ({shown} labelled examples, under 200): few-shot prompting is likely to do better than a model trained on so little.",
        "limited": f"Data is limited ({shown} labelled examples, 200 to 1,000): enough to try fine-tuning, if the labels are checked carefully.",
        "sufficient": f"Data is sufficient ({shown} labelled examples, over 1,000) for fine-tuning.",
    }[c.data_band]


def _gap_reason(c: Context) -> str:
    """The measured gap, the test's verdict and what the interval says."""
    g, perf = c.gap, c.answers.performance
    if g.status is None:
        return "Performance gap: not answered yet."
    if g.status == "not_evaluated":
        return "Performance gap: not evaluated; the two approaches have not been run on the same held-out test set."
    if g.p_value is None:
        return "Performance gap: evaluated, but the result counts are not all entered yet."
    test = "McNemar mid-p test" if g.test == "mcnemar_mid_p" else "two-proportion z-test"
    measured = (
        f"On {g.items:,} test items prompting scored {fmt.percent(g.prompted_accuracy)} and fine-tuning "
        f"{fmt.percent(g.fine_tuned_accuracy)} ({fmt.points(g.difference_pp)}; {fmt.p_equals(g.p_value)}, {test})"
    )
    if g.favours in ("fine_tuning", "prompting"):
        winner = "fine-tuning" if g.favours == "fine_tuning" else "prompting"
        verdict = f"{measured}: a significant and meaningful gap in favour of {winner}."
    elif not g.significant:
        verdict = f"{measured}: not significant at alpha = {perf.alpha:g}, so the gap may be chance."
    else:
        verdict = (
            f"{measured}: significant, but smaller than the {perf.min_meaningful_difference_pp:g} pp "
            "that would matter in practice."
        )
    return f"{verdict} {interval_sentence(g, perf.min_meaningful_difference_pp)}"


def interval_sentence(g: Gap, meaningful_pp: float) -> str:
    """The gap's interval and what it says against the meaningful difference, in words."""
    shown = fmt.interval_points(g.difference_ci_low * 100, g.difference_ci_high * 100)  # type: ignore[operator]
    interval = f"The 95% interval for the difference is {shown} ({CI_METHODS[g.difference_ci_method]})"  # type: ignore[index]
    band = f"plus or minus {meaningful_pp:g} pp"
    if g.verdict == "clearly_meaningful":
        return f"{interval}, entirely beyond {band}: the gap is clearly larger than the meaningful difference."
    if g.verdict == "equivalent":
        shown90 = fmt.interval_points(g.equivalence_ci_low * 100, g.equivalence_ci_high * 100)  # type: ignore[operator]
        return (
            f"{interval}; the 90% interval, {shown90}, lies inside {band}: for practical purposes "
            "the two approaches are equivalent."
        )
    if g.verdict == "real_but_possibly_small":
        return f"{interval}: it excludes zero, so the gap is real, but it may be smaller than {meaningful_pp:g} pp."
    return (
        f"{interval}: it includes zero and reaches beyond {band}, so the test is inconclusive; "
        "a larger test set would settle it."
    )


def _economics_reason(c: Context) -> str:
    """The per-call saving against the upfront cost, maintenance, and when it pays back."""
    e = c.economics
    if e.per_call_saving_usd is None or e.upfront_cost_usd is None:
        return "Economics: the per-call costs and upfront costs are not all answered yet."
    text = _saving_clause(e, e.per_call_saving_usd, e.upfront_cost_usd)
    if e.per_call_saving_with_errors_usd is not None:
        text += f"; counting the cost of errors the saving is {fmt.per_call(e.per_call_saving_with_errors_usd)} a call"
    if e.annual_maintenance_tax_usd is not None:
        text += f"; maintenance adds {fmt.money(e.annual_maintenance_tax_usd)} a year"
    if e.payback_known:
        text += _payback_clause(e, c.answers.assessment.horizon_months)
    return text + "."


def _saving_clause(e: econ.Economics, saving: float, upfront: float) -> str:
    """What one call saves and what the upfront cost is, or why nothing can be earned back."""
    if saving <= 0:
        return (
            f"Economics: the fine-tuned model costs {fmt.per_call(e.fine_tuned_cost_per_call_usd)} a call against "
            f"{fmt.per_call(e.prompted_cost_per_call_usd)} for prompting, so there is no per-call saving to earn back "
            f"the {fmt.money(upfront)} upfront"
        )
    return (
        f"Economics: fine-tuning saves {fmt.per_call(saving)} a call and costs {fmt.money(upfront)} "
        f"upfront, earned back after {_calls(e.crossover_calls)}"
        + (" on running costs alone" if e.per_call_saving_with_errors_usd is not None else "")
    )


def _payback_clause(e: econ.Economics, horizon: int) -> str:
    """When fine-tuning pays for itself, against the horizon, or that it never does."""
    if e.payback_months is None:
        return "; at this volume it never pays back"
    within = "within" if e.payback_months <= horizon else "beyond"
    return f"; it pays back in {fmt.months(e.payback_months)}, {within} the {horizon}-month horizon"


def _audit_reason(a: Audit, gap: Gap) -> str:
    """The label audit's error rate and its interval, against the limit of rule 1."""
    verdict = "above" if a.fails else "within"
    text = (
        f"Label audit: {a.mislabelled:,} of {a.audited:,} audited labels were wrong ({fmt.percent(a.error_rate)}, "
        f"95% Wilson interval {fmt.percent(a.lower)} to {fmt.percent(a.upper)}); "
        f"the error rate could be as high as {fmt.percent(a.upper)} (95% Wilson upper bound), "
        f"{verdict} the {fmt.percent(a.max_rate, 0)} limit."
    )
    disagreeing = _disagreement_hint(gap)
    return f"{text} {disagreeing}" if disagreeing else text


def _disagreement_hint(gap: Gap) -> str:
    """A pointer to the test items whose labels are most worth checking, when there are any."""
    count = gap.discordant_items
    if not count:
        return ""
    noun = "item" if count == 1 else "items"
    return (
        f"Check the labels of the {count:,} test {noun} where the two approaches disagree as well: "
        "a wrong label there counts against the approach that was actually right."
    )


def _learning_curve_reason(p: curves.Projection) -> str:
    """The learning curve's points, what it projects with more data, and the target."""
    first, last = p.points[0], p.points[-1]
    fitted = "a power law with a ceiling" if p.method == "power_law_with_floor" else "a straight line on log-log axes"
    text = (
        f"Learning curve ({len(p.points)} points, {fitted}): accuracy went from {fmt.percent(first[1])} with "
        f"{first[0]:,} training examples to {fmt.percent(last[1])} with {last[0]:,}"
    )
    if not p.improves:
        return f"{text}; the points do not show accuracy rising with more examples, so no projection is made."
    text += f"; the fit projects {_projections(p)}"
    if p.method == "power_law_with_floor":
        text += f", levelling off at {fmt.percent(p.law.ceiling)}"
    return text + "." + _target_sentence(p)


def _projections(p: curves.Projection) -> str:
    """The projected accuracy at twice and four times the data, with their ranges."""
    projected = []
    for prediction in (p.at_2x, p.at_4x):
        if prediction is None:  # only a curve that does not improve has no projections
            continue
        shown = f"{fmt.percent(prediction.accuracy)} at {prediction.examples:,}"
        if prediction.low is not None:
            shown += f" (95% range {fmt.percent(prediction.low)} to {fmt.percent(prediction.high)})"
        projected.append(shown)
    return " and ".join(projected)


def _target_sentence(p: curves.Projection) -> str:
    """How many examples reach the target accuracy, or that the curve levels off below it."""
    if p.target_accuracy is None:
        return ""
    target = fmt.percent(p.target_accuracy)
    if p.examples_for_target is None:
        return (
            f" The target of {target} is at or above the fitted ceiling of {fmt.percent(p.law.ceiling)}, "
            "so more of the same data is unlikely to reach it."
        )
    text = f" Reaching {target} takes about {fmt.count(math.ceil(p.examples_for_target))} training examples"
    low = p.examples_for_target_low
    return text + (f" ({_example_range(low, p.examples_for_target_high)})." if low is not None else ".")


def _example_range(low: float, high: float | None) -> str:
    """The 95% range of the examples needed for the target; "never" where curves level off first."""
    shown = fmt.count(math.floor(low))
    if high is None:
        return f"95% range from {shown} to never, as some plausible curves level off below the target"
    return f"95% range {shown} to {fmt.count(math.ceil(high))}"


# Headline and what would change it -------------------------------------------------------------


def headline(c: Context, recommendation: str, rule: int, missing: list[str]) -> str:
    """The recommendation and the reason of the rule that decided it, in one line."""
    if recommendation == "incomplete":
        noun = "answer is" if len(missing) == 1 else "answers are"
        return f"{HEADLINES['incomplete']}: {len(missing)} {noun} still missing."
    reason = rules.DECIDING[rule]
    if rule == 9 and c.answers.performance.gap_is_critical and not c.economics.pays_back_within_horizon:
        reason = CRITICAL_REASON
    if c.gap.borderline and rule in (6, 9):
        reason = BORDERLINE_REASONS[rule] if reason != CRITICAL_REASON else BORDERLINE_CRITICAL_REASON
    return f"{HEADLINES[recommendation]}: {reason}."


def would_change_missing(missing: list[str]) -> list[str]:
    """What would change an incomplete assessment: the answers still missing."""
    return [f"Answer the missing questions: {', '.join(missing)}."]


# Cautions --------------------------------------------------------------------------------------


def cautions(c: Context, recommendation: str) -> list[str]:
    """Every caution that applies to these answers and this recommendation, in report order."""
    found = (caution(c, recommendation) for caution in CAUTIONS)
    return [text for text in found if text]


def _limited_data(c: Context, recommendation: str) -> str | None:
    """A small training set needs clean labels and an honest held-out set."""
    if c.data_band != "limited":
        return None
    return (
        "Only a limited set of labelled examples: check label quality and hold out enough items to "
        "measure the fine-tuned model honestly."
    )


def _monthly_changes(c: Context, recommendation: str) -> str | None:
    """Monthly changes mean a retraining cycle a month: the maintenance costs must be real."""
    if c.answers.stability.change_frequency != "monthly":
        return None
    return (
        f"Requirements change monthly: a fine-tuned model needs about {c.economics.retraining_cycles_per_year:g} "
        "retraining cycles a year; make sure the maintenance costs are realistic."
    )


def _no_label_audit(c: Context, recommendation: str) -> str | None:
    """Without an audit nobody knows how wrong the training labels are."""
    if c.audit is not None or c.answers.data.given("audited_examples", "mislabelled_in_audit"):
        return None
    text = (
        "No label audit was given: a model trained on wrong labels is confidently wrong. Check a random "
        "sample of the training labels by hand."
    )
    disagreeing = _disagreement_hint(c.gap)
    return f"{text} {disagreeing}" if disagreeing else text


def _small_test_set(c: Context, recommendation: str) -> str | None:
    """A test set too small to detect the meaningful difference, and the size that would."""
    gap, perf = c.gap, c.answers.performance
    if gap.items_needed is None or gap.items is None or gap.items >= gap.items_needed:
        return None
    detectable = (
        f"only differences of about {gap.detectable_difference_pp:.1f} pp"
        if gap.detectable_difference_pp is not None
        else "no difference"
    )
    return (
        f"The test set is too small to detect the meaningful difference: {gap.items:,} items can reliably "
        f"detect {detectable}; detecting {perf.min_meaningful_difference_pp:g} pp "
        f"needs about {gap.items_needed:,} items (80% power, alpha = {perf.alpha:g})."
    )


def _optimistic_curve(c: Context, recommendation: str) -> str | None:
    """A curve fitted without a ceiling overstates what more data would give."""
    if c.curve is None or not (c.curve.optimistic and c.curve.improves):
        return None
    return (
        f"The learning curve has only {len(c.curve.points)} points, too few to fit a ceiling, so it assumes "
        "errors keep falling towards zero: its projections are optimistic. Four or more training-set sizes "
        "allow a fit that can level off."
    )


def _unused_results(c: Context, recommendation: str) -> str | None:
    """Counts entered under a gap marked not evaluated are ignored; say so."""
    perf = c.answers.performance
    if perf.status != "not_evaluated" or perf.design is None:
        return None
    return "Results are entered but the gap is marked not evaluated, so they are not used."


def _no_cheaper_call(c: Context, recommendation: str) -> str | None:
    """A fine-tuned model that is not cheaper per call never earns back its upfront cost."""
    saving = c.economics.per_call_saving_usd
    if saving is None or saving > 0:
        return None
    return "The fine-tuned model is not cheaper per call, so fine-tuning can never pay for itself in running costs."


def _quality_not_money(c: Context, recommendation: str) -> str | None:
    """Fine-tuning recommended for a critical gap alone is a choice of quality over cost."""
    if recommendation != "fine_tuning" or not c.answers.performance.gap_is_critical:
        return None
    if c.volume_band != "medium" and c.economics.pays_back_within_horizon:
        return None
    return (
        "Fine-tuning is recommended because the gap is marked critical, not because it saves money: "
        "be sure the quality difference is worth the cost."
    )


def _payback_near_horizon(c: Context, recommendation: str) -> str | None:
    """A payback in the last quarter of the horizon is fragile."""
    payback, horizon = c.economics.payback_months, c.answers.assessment.horizon_months
    if recommendation != "fine_tuning" or payback is None or not 0.75 * horizon <= payback <= horizon:
        return None
    return (
        f"Payback ({fmt.months(payback)}) is close to the {horizon}-month horizon: a modest drop in volume "
        "would push it past."
    )


def _errors_reverse_saving(c: Context, recommendation: str) -> str | None:
    """The cost of errors turning a saving into a loss (or back) changes the whole picture."""
    e = c.economics
    if e.per_call_saving_with_errors_usd is None or e.per_call_saving_usd is None:
        return None
    if (e.per_call_saving_usd > 0) == (e.per_call_saving_with_errors_usd > 0):
        return None
    return "Counting the cost of errors reverses the per-call saving; the figures shown include it."


CAUTIONS: tuple[Callable[[Context, str], str | None], ...] = (
    _limited_data,
    _monthly_changes,
    _no_label_audit,
    _small_test_set,
    _optimistic_curve,
    _unused_results,
    _no_cheaper_call,
    _quality_not_money,
    _payback_near_horizon,
    _errors_reverse_saving,
)
