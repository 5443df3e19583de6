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
from tui.core.models import PAIRED_FIELDS, UNPAIRED_FIELDS, Performance
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
# Where the test and the interval disagree at the margin the headline says so (rules 6 and 9).
BORDERLINE_REASONS = {
    6: "fine-tuning is not clearly better on the test set, though the evidence is borderline",
    9: "it is better on the test set, though the evidence is borderline, and it pays back in time",
}
BORDERLINE_CRITICAL_REASON = (
    "it is better on the test set, though the evidence is borderline, and the gap is marked critical"
)


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
    """The volume band, and the volume against the break-even volume for the horizon."""
    calls = _calls(c.answers.volume.calls_per_month)
    band = {
        None: "Volume: not answered yet",
        "low": f"Volume is low ({calls} a month, under 1,000)",
        "medium": f"Volume is medium ({calls} a month, 1,000 to 10,000)",
        "high": f"Volume is high ({calls} a month, over 10,000)",
    }[c.volume_band]
    if c.volume_band is None:
        return band + "."
    against = _against_breakeven(c)
    rule = {
        "low": "at so few calls prompting is the rule",
        "medium": "prompting is the default unless the quality gap is critical",
        "high": "enough calls for fine-tuning to be worth weighing",
    }[c.volume_band]
    return f"{band}: {rule}" + (f"; {against}." if against else ".")


def _against_breakeven(c: Context) -> str:
    """The monthly volume against the break-even volume, in the words of SPEC §3; "" until known."""
    e, horizon = c.economics, c.answers.assessment.horizon_months
    volume, saving, breakeven = e.calls_per_month, e.effective_saving_usd, e.breakeven_calls_per_month
    if volume is None or saving is None or e.upfront_cost_usd is None or e.annual_maintenance_tax_usd is None:
        return ""
    counted = " (counting the cost of errors)" if e.per_call_saving_with_errors_usd is not None else ""
    if saving <= 0:
        return f"but a fine-tuned call saves nothing{counted}, so no volume earns back the upfront cost"
    if breakeven is None:
        return f"the saving per call is so small that no volume that can be written pays back within the {horizon}-month horizon"
    if e.pays_back_within_horizon and breakeven == 0:
        return (
            f"the hosting and maintenance differences alone earn the upfront cost back within the "
            f"{horizon}-month horizon, so fine-tuning pays back at any volume"
        )
    shown = fmt.count_against(breakeven, volume, "calls")
    if not e.pays_back_within_horizon and volume >= breakeven:
        return f"the volume is exactly the break-even volume of {shown} a month, where fine-tuning gains nothing, so it never pays back"
    if e.pays_back_within_horizon:
        cheaper = (e.per_call_saving_usd or 0) > 0
        model = "the cheaper fine-tuned model" if cheaper else "the fine-tuned model"
        return (
            f"the volume is at or above the break-even volume of {shown} a month, so {model}{counted} "
            f"earns back its upfront cost within the {horizon}-month horizon"
        )
    return (
        f"the volume is below the break-even volume of {shown} a month{counted}, so fine-tuning would not earn "
        f"back its upfront cost within the {horizon}-month horizon"
    )


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
        f"{fmt.percent(g.fine_tuned_accuracy)} ({fmt.points(g.difference_pp)}; {fmt.p_equals(g.p_value, perf.alpha)}, {test})"
    )
    if g.favours in ("fine_tuning", "prompting"):
        winner = "fine-tuning" if g.favours == "fine_tuning" else "prompting"
        verdict = f"{measured}: a significant and meaningful gap in favour of {winner} at alpha = {perf.alpha:g}."
    elif not g.significant:
        verdict = f"{measured}: not significant at alpha = {perf.alpha:g}, so the gap may be chance."
    else:
        verdict = (
            f"{measured}: significant at alpha = {perf.alpha:g}, but smaller than the "
            f"{perf.min_meaningful_difference_pp:g} pp that would matter in practice."
        )
    text = f"{verdict} {interval_sentence(g, perf.min_meaningful_difference_pp)}"
    return f"{text} {_borderline_sentence(g)}" if g.borderline else text


def _borderline_sentence(g: Gap) -> str:
    """Where the test and the interval disagree at the margin, say so rather than pick one."""
    level = fmt.level(g.difference_ci_level)
    if g.significant:
        return (
            f"The evidence is borderline: the test is significant while the {level} interval still includes zero; "
            "the two methods disagree at the margin, and a larger test set would settle it."
        )
    return (
        f"The evidence is borderline: the {level} interval excludes zero while the test is not significant; "
        "the two methods disagree at the margin, and a larger test set would settle it."
    )


def interval_sentence(g: Gap, meaningful_pp: float) -> str:
    """The gap's interval and what it says against the meaningful difference, in words."""
    references = (meaningful_pp, -meaningful_pp)
    shown = fmt.interval_points(g.difference_ci_low * 100, g.difference_ci_high * 100, references=references)  # type: ignore[operator]
    level = fmt.level(g.difference_ci_level)
    interval = f"The {level} interval for the difference is {shown} ({CI_METHODS[g.difference_ci_method]})"  # type: ignore[index]
    band = f"plus or minus {meaningful_pp:g} pp"
    if g.verdict == "clearly_meaningful":
        return f"{interval}, entirely beyond {band}: the gap is clearly larger than the meaningful difference."
    if g.verdict == "equivalent":
        shown_eq = fmt.interval_points(g.equivalence_ci_low * 100, g.equivalence_ci_high * 100, references=references)  # type: ignore[operator]
        level_eq = fmt.level(g.equivalence_ci_level)
        return (
            f"{interval}; the {level_eq} interval, {shown_eq}, lies inside {band}: for practical purposes "
            "the two approaches are equivalent."
        )
    if g.verdict == "real_but_possibly_small":
        return f"{interval}: it excludes zero, so the gap is real, but it may be smaller than {meaningful_pp:g} pp."
    return (
        f"{interval}: it includes zero and reaches beyond {band}, so the interval is inconclusive; "
        "a larger test set would settle it."
    )


def _economics_reason(c: Context) -> str:
    """The per-call saving against the upfront cost, maintenance, hosting, and when it pays back."""
    e = c.economics
    if e.per_call_saving_usd is None or e.upfront_cost_usd is None:
        return "Economics: the per-call costs and upfront costs are not all answered yet."
    text = _saving_clause(e, e.per_call_saving_usd, e.upfront_cost_usd)
    if e.per_call_saving_with_errors_usd is not None:
        text += f"; counting the cost of errors the saving is {fmt.per_call(e.per_call_saving_with_errors_usd)} a call"
    if e.annual_maintenance_tax_usd is not None:
        tax = e.annual_maintenance_tax_usd
        text += f"; maintenance {'adds' if tax >= 0 else 'saves'} {fmt.money(abs(tax))} a year"
    if e.hosting_delta_usd_per_month:
        delta = e.hosting_delta_usd_per_month
        text += f"; fine-tuned hosting costs {fmt.money(abs(delta))} a month {'more' if delta > 0 else 'less'}"
    if e.payback_known:
        text += _payback_clause(e, c.answers.assessment.horizon_months)
    return text + "."


def _saving_clause(e: econ.Economics, saving: float, upfront: float) -> str:
    """What one call saves and what the upfront cost is, or why the calls cannot earn it back.

    The crossover C / S is the upfront cost alone earned back, before maintenance and hosting.
    """
    if saving <= 0:
        return (
            f"Economics: the fine-tuned model costs {fmt.per_call(e.fine_tuned_cost_per_call_usd)} a call against "
            f"{fmt.per_call(e.prompted_cost_per_call_usd)} for prompting, so there is no per-call saving to earn back "
            f"the {fmt.money(upfront)} upfront"
        )
    crossover = fmt.calls_after(e.crossover_calls)
    savings = " of running-cost savings" if e.per_call_saving_with_errors_usd is not None else ""
    start = f"Economics: fine-tuning saves {fmt.per_call(saving)} a call and costs {fmt.money(upfront)} upfront; "
    if e.payback_status == "never":
        return f"{start}on the per-call saving alone the upfront cost would take {crossover}{savings} to cover, before maintenance and hosting"
    return f"{start}the upfront cost alone is earned back after {crossover}{savings}, before maintenance and hosting"


def _payback_clause(e: econ.Economics, horizon: int) -> str:
    """When fine-tuning really pays for itself (maintenance and hosting counted), or that it never does."""
    if e.payback_status == "never":
        return "; counting maintenance and hosting, at this volume it never pays back"
    if e.payback_months is None:
        return f"; counting maintenance and hosting, it pays back only after more months than can be written, beyond the {horizon}-month horizon"
    within = "within" if e.pays_back_within_horizon else "beyond"
    calls = f" (after {fmt.count(e.payback_calls, 'calls')})" if e.payback_calls else ""
    return (
        f"; counting maintenance and hosting, it pays back {pays_back_in(e.payback_months, horizon)}"
        f"{calls}, {within} the {horizon}-month horizon"
    )


def pays_back_in(months: float, horizon: int) -> str:
    """ "in 4.3 months", or "at once", never rounded onto or across the horizon."""
    shown = fmt.months_against(months, horizon)
    return shown if shown == "at once" else f"in {shown}"


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
    critical = rule == 9 and c.answers.performance.gap_is_critical and not c.economics.pays_back_within_horizon
    if critical:
        reason = CRITICAL_REASON
    if c.gap.borderline and rule in (6, 9):
        reason = BORDERLINE_CRITICAL_REASON if critical else BORDERLINE_REASONS[rule]
    elif rule == 9 and c.gap.verdict != "clearly_meaningful":
        # The interval still reaches inside the meaningful difference: better, but not clearly so.
        reason = reason.replace("it is clearly better", "it is better on the test set")
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
    examples = c.answers.data.labelled_examples or 0
    return (
        f"Only {examples:,} labelled examples (limited: 200 to 1,000): check label quality and hold out enough "
        "items to measure the fine-tuned model honestly."
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
    examples = c.answers.data.labelled_examples
    labels = f"none of the {examples:,} training labels has" if examples else "no training label has"
    text = (
        f"No label audit was given: {labels} been checked, and a model trained on wrong labels is confidently "
        "wrong. Check a random sample of the training labels by hand."
    )
    disagreeing = _disagreement_hint(c.gap)
    return f"{text} {disagreeing}" if disagreeing else text


def _small_test_set(c: Context, recommendation: str) -> str | None:
    """A test set too small to detect the meaningful difference, and what the size that would buys.

    Shown only while the interval leaves the question open: once it lies wholly beyond plus or
    minus the meaningful difference, or inside it, the set was big enough (SPEC §7).
    """
    gap, perf = c.gap, c.answers.performance
    if gap.items_needed is None or gap.items is None or gap.items >= gap.items_needed or gap.decisive:
        return None
    meaningful = perf.min_meaningful_difference_pp
    return (
        f"The test set may be too small to settle the gap: {gap.items:,} items {_detectable_words(gap, meaningful)}, "
        f"not the {meaningful:g} pp that matters (80% power, alpha = {perf.alpha:g}). About {gap.items_needed:,} items "
        f"would give an 80% chance of finding a true {meaningful:g} pp gap significant; at that size the observed "
        f"gap also reaches {meaningful:g} pp, so that it counts as meaningful, only about half the time."
    )


def _detectable_words(gap: Gap, meaningful_pp: float) -> str:
    """What this test set can reliably detect, as a number of percentage points."""
    detectable = gap.detectable_difference_pp
    if detectable is not None:
        shown = fmt.fixed_against(detectable, meaningful_pp)
        return f"can reliably detect only differences of about {shown} pp or more"
    largest = _largest_difference_pp(gap)
    return f"cannot reliably detect even a difference of {fmt.fixed_against(largest, meaningful_pp)} pp"


def _largest_difference_pp(gap: Gap) -> float:
    """The largest gap the test could show from the prompted accuracy, in percentage points."""
    if gap.design == "paired" or gap.prompted_accuracy is None:
        return 100.0
    return 100 * max(gap.prompted_accuracy, 1 - gap.prompted_accuracy)


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
    return f"Results are entered ({_entered_counts(perf)}) but the gap is marked not evaluated, so they are not used."


def _entered_counts(perf: Performance) -> str:
    """The result counts that were entered, as `name = value`, for the unused-results caution."""
    names = PAIRED_FIELDS if perf.design == "paired" else UNPAIRED_FIELDS
    return ", ".join(f"{name} = {getattr(perf, name):,}" for name in names if getattr(perf, name) is not None)


def _no_cheaper_call(c: Context, recommendation: str) -> str | None:
    """A fine-tuned model that is not cheaper per call: the calls never earn back its upfront cost."""
    e = c.economics
    saving = e.per_call_saving_usd
    if saving is None or saving > 0:
        return None
    costs = (
        f"The fine-tuned model is not cheaper per call ({fmt.per_call(e.fine_tuned_cost_per_call_usd)} against "
        f"{fmt.per_call(e.prompted_cost_per_call_usd)} for prompting)"
    )
    if e.payback_status == "pays_back":
        return f"{costs}: any payback comes from the cost of errors, hosting or maintenance, not from the calls."
    if e.payback_status == "never":
        return f"{costs}, so the calls never earn back the {fmt.money(e.upfront_cost_usd)} upfront."
    return f"{costs}, so the calls alone cannot earn back an upfront cost."


def _quality_not_money(c: Context, recommendation: str) -> str | None:
    """Fine-tuning recommended for a critical gap alone is a choice of quality over cost."""
    if recommendation != "fine_tuning" or not c.answers.performance.gap_is_critical:
        return None
    e = c.economics
    if c.volume_band != "medium" and e.pays_back_within_horizon:
        return None
    horizon = c.answers.assessment.horizon_months
    return (
        "Fine-tuning is recommended because the gap is marked critical, not because it saves money "
        f"(net saving over {horizon} months: {fmt.money(e.net_saving_usd_over_horizon)}): be sure the quality "
        "difference is worth the cost."
    )


def _payback_near_horizon(c: Context, recommendation: str) -> str | None:
    """A payback in the last quarter of the horizon is fragile."""
    e, horizon = c.economics, c.answers.assessment.horizon_months
    payback = e.payback_months
    if recommendation != "fine_tuning" or payback is None or not e.pays_back_within_horizon or payback < 0.75 * horizon:
        return None
    return (
        f"Payback ({fmt.months_against(payback, horizon)}) is close to the {horizon}-month horizon: a modest drop "
        "in volume would push it past."
    )


def _errors_reverse_saving(c: Context, recommendation: str) -> str | None:
    """The cost of errors turning a saving into a loss (or back) changes the whole picture."""
    e = c.economics
    if e.per_call_saving_with_errors_usd is None or e.per_call_saving_usd is None:
        return None
    if (e.per_call_saving_usd > 0) == (e.per_call_saving_with_errors_usd > 0):
        return None
    return (
        f"Counting the cost of errors reverses the per-call saving ({fmt.per_call(e.per_call_saving_usd)} a call "
        f"on running costs, {fmt.per_call(e.per_call_saving_with_errors_usd)} with errors); the figures shown include it."
    )


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
