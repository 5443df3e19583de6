"""From answers to a recommendation (SPEC §2, §4, §5): bands, gap, rules, reasons, cautions.

`assess(answers)` is the one entry point the wizard, the command line and the exports share,
so every screen and every report shows the same figures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from typing import TYPE_CHECKING

from tui.core import economics as econ
from tui.core import fmt, intervals, stats
from tui.core.models import PAIRED_FIELDS, TOKEN_FIELDS, UNPAIRED_FIELDS, Answers, Performance, Side

if TYPE_CHECKING:
    from tui.core import learning_curve as curves

RECOMMENDATIONS = ("prompting", "fine_tuning", "evaluate_first", "fix_data_first", "incomplete")
STABILITY_BANDS = {
    "weekly": "volatile",
    "monthly": "moderate",
    "quarterly": "stable",
    "semiannual": "stable",
    "annual": "stable",
    "rarely": "stable",
}
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


def volume_band(calls_per_month: float | None) -> str | None:
    """low < 1,000 ≤ medium ≤ 10,000 < high."""
    if calls_per_month is None:
        return None
    if calls_per_month < 1_000:
        return "low"
    return "medium" if calls_per_month <= 10_000 else "high"


def stability_band(change_frequency: str | None) -> str | None:
    return None if change_frequency is None else STABILITY_BANDS[change_frequency]


def data_band(labelled_examples: int | None) -> str | None:
    """scarce < 200 ≤ limited ≤ 1,000 < sufficient."""
    if labelled_examples is None:
        return None
    if labelled_examples < 200:
        return "scarce"
    return "limited" if labelled_examples <= 1_000 else "sufficient"


@dataclass(frozen=True)
class Audit:
    audited: int
    mislabelled: int
    error_rate: float
    upper: float
    max_rate: float
    lower: float | None = None  # the other end of the 95% Wilson interval

    @property
    def fails(self) -> bool:
        return self.upper > self.max_rate


def label_audit(answers: Answers) -> Audit | None:
    """The label audit, if one was given with at least one audited item."""
    data = answers.data
    if not data.audited_examples or data.mislabelled_in_audit is None:
        return None
    lower, upper = stats.wilson_interval(data.mislabelled_in_audit, data.audited_examples)
    return Audit(
        audited=data.audited_examples,
        mislabelled=data.mislabelled_in_audit,
        error_rate=data.mislabelled_in_audit / data.audited_examples,
        upper=upper,
        max_rate=data.max_label_error_rate,
        lower=lower,
    )


@dataclass(frozen=True)
class Gap:
    """The measured performance gap; accuracy figures are None until every count is in."""

    status: str | None
    design: str | None = None
    items: int | None = None
    prompted_accuracy: float | None = None
    fine_tuned_accuracy: float | None = None
    difference_pp: float | None = None
    p_value: float | None = None
    test: str | None = None
    significant: bool | None = None
    meaningful: bool | None = None
    favours: str | None = None
    discordant_share: float | None = None
    items_needed: int | None = None
    detectable_difference_pp: float | None = None
    # Interval for the difference (fine-tuned minus prompted, in accuracy units, -1..1).
    difference_ci_low: float | None = None
    difference_ci_high: float | None = None
    difference_ci_method: str | None = None
    # The 90% interval used for the equivalence verdict.
    equivalence_ci_low: float | None = None
    equivalence_ci_high: float | None = None
    verdict: str | None = None
    # Newcombe's square-and-add interval, the documented alternative for paired counts.
    alternative_ci_low: float | None = None
    alternative_ci_high: float | None = None
    alternative_ci_method: str | None = None
    discordant_items: int | None = None
    power: float | None = None  # of this test set against the meaningful difference

    @property
    def error_rates(self) -> tuple[float, float] | None:
        if self.prompted_accuracy is None or self.fine_tuned_accuracy is None:
            return None
        return 1 - self.prompted_accuracy, 1 - self.fine_tuned_accuracy


_GAPS: dict[tuple, Gap] = {}


def performance_gap(answers: Answers) -> Gap:
    """Accuracies, the significance test and the verdict of SPEC §4.

    Remembered by the performance answers: the wizard assesses on every key, and the interval
    searches take longer than everything else in an assessment.
    """
    perf = answers.performance
    key = tuple(getattr(perf, name) for name in type(perf).FIELDS)
    gap = _GAPS.get(key)
    if gap is None:
        if len(_GAPS) >= 64:
            _GAPS.clear()
        gap = _GAPS[key] = _performance_gap(perf)
    return gap


def _performance_gap(perf: Performance) -> Gap:
    if perf.status != "evaluated":
        return Gap(status=perf.status)
    design = perf.design
    if design == "paired" and not _missing_of(perf, PAIRED_FIELDS):
        a, b, c, d = (getattr(perf, name) for name in PAIRED_FIELDS)
        items = a + b + c + d
        prompted, tuned = Fraction(a + b, items), Fraction(a + c, items)
        p_value, test = stats.mcnemar_mid_p(b, c), "mcnemar_mid_p"
        discordant = (b + c) / items
        interval = _paired_intervals(a, b, c, d)
    elif design == "unpaired" and not _missing_of(perf, UNPAIRED_FIELDS):
        items = perf.test_items
        prompted = Fraction(perf.prompted_correct, items)
        tuned = Fraction(perf.fine_tuned_correct, items)
        p_value, test = stats.two_proportion_z_test(perf.prompted_correct, perf.fine_tuned_correct, items), "two_proportion_z"
        discordant = None
        interval = _unpaired_intervals(perf.prompted_correct, perf.fine_tuned_correct, items)
    else:
        return Gap(status=perf.status, design=design)

    difference = tuned - prompted
    significant = p_value < perf.alpha
    meaningful = abs(difference) * 100 >= Fraction(repr(perf.min_meaningful_difference_pp))
    favours = "neither"
    if significant and meaningful and difference != 0:
        favours = "fine_tuning" if difference > 0 else "prompting"

    needed, detectable = _test_set_size(perf, design, float(prompted), discordant, items)
    meaningful_share = perf.min_meaningful_difference_pp / 100
    if design == "paired":
        power = intervals.paired_power(items, discordant, meaningful_share, perf.alpha)
    else:
        power = intervals.unpaired_power(items, float(prompted), meaningful_share, perf.alpha)
    return Gap(
        status="evaluated",
        design=design,
        items=items,
        prompted_accuracy=float(prompted),
        fine_tuned_accuracy=float(tuned),
        difference_pp=float(difference * 100),
        p_value=p_value,
        test=test,
        significant=significant,
        meaningful=meaningful,
        favours=favours,
        discordant_share=discordant,
        items_needed=needed,
        detectable_difference_pp=detectable,
        **interval,
        verdict=gap_verdict(interval, meaningful_share),
        discordant_items=(b + c) if design == "paired" else None,
        power=power,
    )


def _paired_intervals(a: int, b: int, c: int, d: int) -> dict:
    """Tango's 95% and 90% intervals for the paired difference, and Newcombe's as the alternative."""
    n = a + b + c + d
    low, high = intervals.tango_interval(c, b, n, 0.95)
    low90, high90 = intervals.tango_interval(c, b, n, 0.90)
    alt_low, alt_high = intervals.newcombe_paired_interval(a, c, b, d, 0.95)
    return {
        "difference_ci_low": low,
        "difference_ci_high": high,
        "difference_ci_method": "tango_score",
        "equivalence_ci_low": low90,
        "equivalence_ci_high": high90,
        "alternative_ci_low": alt_low,
        "alternative_ci_high": alt_high,
        "alternative_ci_method": "newcombe_paired_square_and_add",
    }


def _unpaired_intervals(prompted_correct: int, fine_tuned_correct: int, items: int) -> dict:
    """Newcombe's hybrid score intervals (95% and 90%) for two independent accuracies."""
    low, high = intervals.newcombe_unpaired_interval(fine_tuned_correct, items, prompted_correct, items, 0.95)
    low90, high90 = intervals.newcombe_unpaired_interval(fine_tuned_correct, items, prompted_correct, items, 0.90)
    return {
        "difference_ci_low": low,
        "difference_ci_high": high,
        "difference_ci_method": "newcombe_hybrid_score",
        "equivalence_ci_low": low90,
        "equivalence_ci_high": high90,
    }


VERDICTS = ("clearly_meaningful", "equivalent", "real_but_possibly_small", "inconclusive")


def gap_verdict(interval: dict, meaningful: float) -> str:
    """What the intervals say about the gap, against the meaningful difference (accuracy units).

    Clearly meaningful: the whole 95% interval lies beyond plus or minus the meaningful
    difference. Equivalent: the 90% interval lies inside it (two one-sided tests at 5%). Real but
    possibly small: the 95% interval excludes zero but reaches inside. Otherwise inconclusive.
    """
    low, high = interval["difference_ci_low"], interval["difference_ci_high"]
    if low > meaningful or high < -meaningful:
        return "clearly_meaningful"
    if -meaningful < interval["equivalence_ci_low"] and interval["equivalence_ci_high"] < meaningful:
        return "equivalent"
    if low > 0 or high < 0:
        return "real_but_possibly_small"
    return "inconclusive"


def _test_set_size(perf, design: str, prompted: float, discordant: float | None, items: int) -> tuple[int | None, float | None]:
    """Items needed to detect the meaningful difference, and what this set can detect (80% power)."""
    target = perf.min_meaningful_difference_pp / 100
    if design == "paired":
        def needed(delta: float) -> int | None:
            return stats.paired_items_needed(discordant, delta, perf.alpha)
    else:
        def needed(delta: float) -> int | None:
            return stats.unpaired_items_needed(prompted, delta, perf.alpha)
    detectable = stats.detectable_difference(needed, items)
    return (needed(target) if target > 0 else None), (None if detectable is None else detectable * 100)


def _missing_of(table, names) -> list[str]:
    return [name for name in names if getattr(table, name) is None]


def _missing_side(side: Side, prefix: str) -> list[str]:
    if side.cost_per_call_usd is not None:
        return []
    if not side.uses_tokens:
        return [f"{prefix}.cost_per_call_usd"]
    return [f"{prefix}.{name}" for name in _missing_of(side, TOKEN_FIELDS)]


def missing_answers(answers: Answers) -> list[str]:
    """Field paths of the answers still needed for a recommendation, in wizard order."""
    missing: list[str] = []
    volume, stability, data, perf = answers.volume, answers.stability, answers.data, answers.performance
    if volume.calls_per_month is None:
        missing.append("volume.calls_per_month")
    missing += _missing_side(volume.prompted, "volume.prompted")
    missing += _missing_side(volume.fine_tuned, "volume.fine_tuned")

    if stability.change_frequency is None:
        missing.append("stability.change_frequency")
    changes = econ.CHANGES_PER_YEAR.get(stability.change_frequency, 1)
    if changes + stability.forced_retrains_per_year > 0:
        missing += [
            f"stability.{name}"
            for name in _missing_of(stability, ("retrain_compute_usd", "reevaluation_usd", "engineering_usd_per_cycle"))
        ]
    if changes > 0 and stability.prompt_update_usd_per_change is None:
        missing.append("stability.prompt_update_usd_per_change")

    missing += [
        f"data.{name}"
        for name in _missing_of(data, ("labelled_examples", "preparation_usd", "training_compute_usd", "pipeline_setup_usd"))
    ]
    audit = data.given("audited_examples", "mislabelled_in_audit")
    if len(audit) == 1:
        other = "mislabelled_in_audit" if audit[0] == "audited_examples" else "audited_examples"
        missing.append(f"data.{other}")

    if perf.status is None:
        missing.append("performance.status")
    if perf.evaluation_usd is None:
        missing.append("performance.evaluation_usd")
    if perf.status == "evaluated":
        names = UNPAIRED_FIELDS if perf.design == "unpaired" else PAIRED_FIELDS
        missing += [f"performance.{name}" for name in _missing_of(perf, names)]
    return missing


@dataclass(frozen=True)
class Assessment:
    """Everything the reports and the wizard show for one set of answers."""

    answers: Answers
    missing: list[str]
    volume_band: str | None
    stability_band: str | None
    data_band: str | None
    audit: Audit | None
    gap: Gap
    economics: econ.Economics
    recommendation: str
    leaning: str | None
    leaning_rule: int | None
    decided_by: int | None
    headline: str
    reasons: list[str] = field(default_factory=list)
    reason_by_step: dict[str, str] = field(default_factory=dict)
    cautions: list[str] = field(default_factory=list)
    would_change: list[str] = field(default_factory=list)
    learning_curve: curves.Projection | None = None


def learning_curve_projection(answers: Answers, gap: Gap) -> curves.Projection | None:
    """The fitted learning curve, if one was given; its noise uses the test set's size."""
    data = answers.data
    if not data.learning_curve or len(data.learning_curve) < 2:
        return None
    points = tuple((point.examples, point.accuracy) for point in data.learning_curve)
    return _projection(points, data.target_accuracy, data.learning_curve_test_items or gap.items)


@lru_cache(maxsize=32)
def _projection(points: tuple, target: float | None, test_items: int | None) -> curves.Projection:
    """Cached, because the bootstrap takes a moment and the wizard re-assesses on every key.

    The fitting module is imported here, on the first assessment that has a curve.
    """
    from tui.core import learning_curve as curves

    return curves.project(points, target, test_items)


def assess(answers: Answers) -> Assessment:
    """Evaluate the answers: bands, gap, economics and the recommendation with its reasons."""
    audit = label_audit(answers)
    gap = performance_gap(answers)
    projection = learning_curve_projection(answers, gap)
    economics = econ.compute(answers, gap.error_rates)
    bands = (
        volume_band(answers.volume.calls_per_month),
        stability_band(answers.stability.change_frequency),
        data_band(answers.data.labelled_examples),
    )
    missing = missing_answers(answers)
    rule, outcome = _first_matching_rule(answers, audit, gap, economics, bands)
    recommendation = "incomplete" if missing else outcome
    context = _Context(answers, audit, gap, economics, *bands, projection)
    reasons = _reasons(context)
    return Assessment(
        answers=answers,
        missing=missing,
        volume_band=bands[0],
        stability_band=bands[1],
        data_band=bands[2],
        audit=audit,
        gap=gap,
        economics=economics,
        recommendation=recommendation,
        leaning=outcome,
        leaning_rule=rule if outcome is not None else None,
        decided_by=None if missing else rule,
        headline=_headline(context, recommendation, rule, missing),
        reasons=list(reasons.values()),
        reason_by_step=reasons,
        cautions=_cautions(context, recommendation, rule),
        would_change=_would_change(context, recommendation, rule, missing),
        learning_curve=projection,
    )


def _payback_known(economics: econ.Economics) -> bool:
    """Whether every input of the payback is answered (so None means "never")."""
    e = economics
    return None not in (e.effective_saving_usd, e.upfront_cost_usd, e.annual_maintenance_tax_usd, e.calls_per_month)


def _first_matching_rule(answers, audit, gap, economics, bands) -> tuple[int, str | None]:
    """(rule number, outcome) of the first rule of SPEC §5 that matches.

    The outcome is None when the answers stop short of that rule: the number then says which
    rule is waiting for an answer.
    """
    volume, stability, data = bands
    if len(answers.data.given("audited_examples", "mislabelled_in_audit")) == 1:
        return 1, None
    if audit is not None and audit.fails:
        return 1, "fix_data_first"
    checks = (
        (2, volume, volume == "low"),
        (3, stability, stability == "volatile"),
        (4, data, data == "scarce"),
    )
    for rule, known, matches in checks:
        if known is None:
            return rule, None
        if matches:
            return rule, "prompting"
    if gap.status is None:
        return 5, None
    if gap.status == "not_evaluated":
        return 5, "evaluate_first"
    if gap.favours is None:
        return 6, None
    if gap.favours in ("prompting", "neither"):
        return 6, "prompting"
    critical = answers.performance.gap_is_critical
    if volume == "medium" and not critical:
        return 7, "prompting"
    if not critical:
        if not _payback_known(economics):
            return 8, None
        payback = economics.payback_months
        if payback is None or payback > answers.assessment.horizon_months:
            return 8, "prompting"
    return 9, "fine_tuning"


@dataclass(eq=False, repr=False)  # internal and short-lived: only __init__ is generated (import time)
class _Context:
    answers: Answers
    audit: Audit | None
    gap: Gap
    economics: econ.Economics
    volume_band: str | None
    stability_band: str | None
    data_band: str | None
    curve: curves.Projection | None = None


def _calls(value: float | None) -> str:
    return fmt.count(value, "calls")


def _volume_reason(c: _Context) -> str:
    calls = _calls(c.answers.volume.calls_per_month)
    return {
        None: "Volume: not answered yet.",
        "low": f"Volume is low ({calls} a month, under 1,000): fine-tuning's upfront cost would not be earned back.",
        "medium": f"Volume is medium ({calls} a month, 1,000 to 10,000): prompting is the default unless the quality gap is critical.",
        "high": f"Volume is high ({calls} a month, over 10,000): a cheaper fine-tuned model has room to earn back its cost.",
    }[c.volume_band]


def _stability_reason(c: _Context) -> str:
    frequency = c.answers.stability.change_frequency
    changes = econ.CHANGES_PER_YEAR.get(frequency)
    return {
        None: "Stability: not answered yet.",
        "volatile": "Requirements change weekly (volatile): a prompt can follow them the same day, a retrained model takes days to weeks.",
        "moderate": "Requirements change monthly (moderate): either approach can keep up, so the other steps decide.",
        "stable": f"Requirements change {HOW_OFTEN.get(frequency)} (stable, {changes} a year): a fine-tuned model can stay current.",
    }[c.stability_band]


def _data_reason(c: _Context) -> str:
    examples = c.answers.data.labelled_examples
    shown = f"{examples:,}" if examples is not None else ""
    return {
        None: "Data: not answered yet.",
        "scarce": f"Data is scarce ({shown} labelled examples, under 200): few-shot prompting is likely to do better than a model trained on so little.",
        "limited": f"Data is limited ({shown} labelled examples, 200 to 1,000): enough to try fine-tuning, if the labels are checked carefully.",
        "sufficient": f"Data is sufficient ({shown} labelled examples, over 1,000) for fine-tuning.",
    }[c.data_band]


def _gap_reason(c: _Context) -> str:
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


CI_METHODS = {"tango_score": "Tango score interval", "newcombe_hybrid_score": "Newcombe hybrid score interval"}


def interval_sentence(g: Gap, meaningful_pp: float) -> str:
    """The gap's interval and what it says against the meaningful difference, in words."""
    shown = fmt.interval_points(g.difference_ci_low * 100, g.difference_ci_high * 100)
    interval = f"The 95% interval for the difference is {shown} ({CI_METHODS[g.difference_ci_method]})"
    band = f"plus or minus {meaningful_pp:g} pp"
    if g.verdict == "clearly_meaningful":
        return f"{interval}, entirely beyond {band}: the gap is clearly larger than the meaningful difference."
    if g.verdict == "equivalent":
        shown90 = fmt.interval_points(g.equivalence_ci_low * 100, g.equivalence_ci_high * 100)
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


def _economics_reason(c: _Context) -> str:
    e = c.economics
    saving = e.per_call_saving_usd
    if saving is None or e.upfront_cost_usd is None:
        return "Economics: the per-call costs and upfront costs are not all answered yet."
    if saving <= 0:
        text = (
            f"Economics: the fine-tuned model costs {fmt.per_call(e.fine_tuned_cost_per_call_usd)} a call against "
            f"{fmt.per_call(e.prompted_cost_per_call_usd)} for prompting, so there is no per-call saving to earn back "
            f"the {fmt.money(e.upfront_cost_usd)} upfront"
        )
    else:
        text = (
            f"Economics: fine-tuning saves {fmt.per_call(saving)} a call and costs {fmt.money(e.upfront_cost_usd)} "
            f"upfront, earned back after {_calls(e.crossover_calls)}"
            + (" on running costs alone" if e.per_call_saving_with_errors_usd is not None else "")
        )
    if e.per_call_saving_with_errors_usd is not None:
        text += f"; counting the cost of errors the saving is {fmt.per_call(e.per_call_saving_with_errors_usd)} a call"
    if e.annual_maintenance_tax_usd is not None:
        text += f"; maintenance adds {fmt.money(e.annual_maintenance_tax_usd)} a year"
    if _payback_known(e):
        horizon = c.answers.assessment.horizon_months
        if e.payback_months is None:
            text += "; at this volume it never pays back"
        else:
            within = "within" if e.payback_months <= horizon else "beyond"
            text += f"; it pays back in {fmt.months(e.payback_months)}, {within} the {horizon}-month horizon"
    return text + "."


def _audit_reason(c: _Context) -> str:
    a = c.audit
    verdict = "above" if a.fails else "within"
    text = (
        f"Label audit: {a.mislabelled:,} of {a.audited:,} audited labels were wrong ({fmt.percent(a.error_rate)}, "
        f"95% Wilson interval {fmt.percent(a.lower)} to {fmt.percent(a.upper)}); "
        f"the error rate could be as high as {fmt.percent(a.upper)} (95% Wilson upper bound), "
        f"{verdict} the {fmt.percent(a.max_rate, 0)} limit."
    )
    disagreeing = _disagreement_hint(c)
    return f"{text} {disagreeing}" if disagreeing else text


def _disagreement_hint(c: _Context) -> str:
    """A pointer to the test items whose labels are most worth checking, when there are any."""
    count = c.gap.discordant_items
    if not count:
        return ""
    noun = "item" if count == 1 else "items"
    return (
        f"Check the labels of the {count:,} test {noun} where the two approaches disagree as well: "
        "a wrong label there counts against the approach that was actually right."
    )


def _learning_curve_reason(c: _Context) -> str:
    p = c.curve
    first, last = p.points[0], p.points[-1]
    fitted = "a power law with a ceiling" if p.method == "power_law_with_floor" else "a straight line on log-log axes"
    text = (
        f"Learning curve ({len(p.points)} points, {fitted}): accuracy went from {fmt.percent(first[1])} with "
        f"{first[0]:,} training examples to {fmt.percent(last[1])} with {last[0]:,}"
    )
    if not p.improves:
        return f"{text}; the points do not show accuracy rising with more examples, so no projection is made."
    projected = []
    for prediction in (p.at_2x, p.at_4x):
        shown = f"{fmt.percent(prediction.accuracy)} at {prediction.examples:,}"
        if prediction.low is not None:
            shown += f" (95% range {fmt.percent(prediction.low)} to {fmt.percent(prediction.high)})"
        projected.append(shown)
    text += f"; the fit projects {' and '.join(projected)}"
    if p.method == "power_law_with_floor":
        text += f", levelling off at {fmt.percent(p.law.ceiling)}"
    text += "."
    if p.target_accuracy is not None:
        target = fmt.percent(p.target_accuracy)
        if p.examples_for_target is None:
            text += (
                f" The target of {target} is at or above the fitted ceiling of {fmt.percent(p.law.ceiling)}, "
                "so more of the same data is unlikely to reach it."
            )
        else:
            text += f" Reaching {target} takes about {fmt.count(math.ceil(p.examples_for_target))} training examples"
            text += f" ({_example_range(p)})." if p.examples_for_target_low is not None else "."
    return text


def _example_range(p: curves.Projection) -> str:
    low = fmt.count(math.floor(p.examples_for_target_low))
    if p.examples_for_target_high is None:
        return f"95% range from {low} to never, as some plausible curves level off below the target"
    return f"95% range {low} to {fmt.count(math.ceil(p.examples_for_target_high))}"


def _reasons(c: _Context) -> dict[str, str]:
    """The reason of each step, keyed by what it is about, in report order."""
    reasons = {"audit": _audit_reason(c)} if c.audit is not None else {}
    reasons.update(
        volume=_volume_reason(c),
        stability=_stability_reason(c),
        data=_data_reason(c),
        performance=_gap_reason(c),
        economics=_economics_reason(c),
    )
    if c.curve is not None:
        reasons["learning_curve"] = _learning_curve_reason(c)
    return reasons


DECIDING = {
    1: "the labels are not reliable enough to train on",
    2: "volume is too low for fine-tuning to pay back",
    3: "requirements change every week",
    4: "there are too few labelled examples",
    5: "the gap has not been measured",
    6: "fine-tuning is not clearly better on the test set",
    7: "volume is medium and the gap is not critical",
    8: "fine-tuning does not pay back within the horizon",
    9: "it is clearly better and pays back in time",
}


def _headline(c: _Context, recommendation: str, rule: int, missing: list[str]) -> str:
    if recommendation == "incomplete":
        noun = "answer is" if len(missing) == 1 else "answers are"
        return f"{HEADLINES['incomplete']}: {len(missing)} {noun} still missing."
    reason = DECIDING[rule]
    if rule == 9 and c.answers.performance.gap_is_critical and not _pays_back(c):
        reason = "it is clearly better and the gap is marked critical"
    return f"{HEADLINES[recommendation]}: {reason}."


def _pays_back(c: _Context) -> bool:
    payback = c.economics.payback_months
    return payback is not None and payback <= c.answers.assessment.horizon_months


def _cautions(c: _Context, recommendation: str, rule: int) -> list[str]:
    cautions = []
    answers, gap, e = c.answers, c.gap, c.economics
    if c.data_band == "limited":
        cautions.append(
            "Only a limited set of labelled examples: check label quality and hold out enough items to "
            "measure the fine-tuned model honestly."
        )
    if answers.stability.change_frequency == "monthly":
        cycles = e.retraining_cycles_per_year
        cautions.append(
            f"Requirements change monthly: a fine-tuned model needs about {cycles:g} retraining cycles a year; "
            "make sure the maintenance costs are realistic."
        )
    if c.audit is None and not answers.data.given("audited_examples", "mislabelled_in_audit"):
        text = (
            "No label audit was given: a model trained on wrong labels is confidently wrong. Check a random "
            "sample of the training labels by hand."
        )
        disagreeing = _disagreement_hint(c)
        cautions.append(f"{text} {disagreeing}" if disagreeing else text)
    if gap.items_needed is not None and gap.items is not None and gap.items < gap.items_needed:
        detectable = (
            f"only differences of about {gap.detectable_difference_pp:.1f} pp"
            if gap.detectable_difference_pp is not None
            else "no difference"
        )
        cautions.append(
            f"The test set is too small to detect the meaningful difference: {gap.items:,} items can reliably "
            f"detect {detectable}; detecting {answers.performance.min_meaningful_difference_pp:g} pp "
            f"needs about {gap.items_needed:,} items (80% power, alpha = {answers.performance.alpha:g})."
        )
    if c.curve is not None and c.curve.optimistic and c.curve.improves:
        cautions.append(
            f"The learning curve has only {len(c.curve.points)} points, too few to fit a ceiling, so it assumes "
            "errors keep falling towards zero: its projections are optimistic. Four or more training-set sizes "
            "allow a fit that can level off."
        )
    if answers.performance.status == "not_evaluated" and answers.performance.design is not None:
        cautions.append("Results are entered but the gap is marked not evaluated, so they are not used.")
    if e.per_call_saving_usd is not None and e.per_call_saving_usd <= 0:
        cautions.append("The fine-tuned model is not cheaper per call, so fine-tuning can never pay for itself in running costs.")
    if recommendation == "fine_tuning" and answers.performance.gap_is_critical:
        if c.volume_band == "medium" or not _pays_back(c):
            cautions.append(
                "Fine-tuning is recommended because the gap is marked critical, not because it saves money: "
                "be sure the quality difference is worth the cost."
            )
    payback, horizon = e.payback_months, answers.assessment.horizon_months
    if recommendation == "fine_tuning" and payback is not None and 0.75 * horizon <= payback <= horizon:
        cautions.append(
            f"Payback ({fmt.months(payback)}) is close to the {horizon}-month horizon: a modest drop in volume "
            "would push it past."
        )
    if e.per_call_saving_with_errors_usd is not None and e.per_call_saving_usd is not None:
        if (e.per_call_saving_usd > 0) != (e.per_call_saving_with_errors_usd > 0):
            cautions.append(
                "Counting the cost of errors reverses the per-call saving; the figures shown include it."
            )
    return cautions


def _largest_passing_mislabelled(audited: int, max_rate: float) -> int | None:
    """The most wrong labels an audit of `audited` items may find and still pass rule 1."""
    best = None
    for wrong in range(audited + 1):
        if stats.wilson_interval(wrong, audited)[1] > max_rate:
            break
        best = wrong
    return best


def _would_change(c: _Context, recommendation: str, rule: int, missing: list[str]) -> list[str]:
    answers, e, gap = c.answers, c.economics, c.gap
    perf = answers.performance
    breakeven = e.breakeven_calls_per_month
    pays = (
        f"at {_calls(breakeven)} a month fine-tuning pays back within the {answers.assessment.horizon_months}-month horizon"
        if breakeven is not None
        else None
    )
    if recommendation == "incomplete":
        return [f"Answer the missing questions: {', '.join(missing)}."]
    if rule == 1:
        audit = c.audit
        passing = _largest_passing_mislabelled(audit.audited, audit.max_rate) if audit.audited <= 100_000 else None
        text = f"Cleaner labels: a fresh audit whose 95% upper bound on the error rate is at most {fmt.percent(audit.max_rate, 0)}"
        if passing is not None:
            text += f" (for {audit.audited:,} audited items, at most {passing:,} wrong)"
        return [text + "."]
    changes: list[str] = []
    if rule == 2:
        changes.append("Volume of 1,000 calls a month or more with a critical gap, or over 10,000 otherwise.")
    elif rule == 3:
        changes.append("Requirements that settle down to monthly changes or less often.")
    elif rule == 4:
        needed = 200 - (answers.data.labelled_examples or 0)
        changes.append(f"At least 200 labelled examples ({needed:,} more); over 1,000 is comfortable.")
    elif rule == 5:
        changes.append(
            "Running both approaches on the same held-out test set and entering the results "
            "(paired per-item counts are best)."
        )
    elif rule == 6:
        text = (
            f"A gap in fine-tuning's favour that is both significant (p < {perf.alpha:g}) and at least "
            f"{perf.min_meaningful_difference_pp:g} pp."
        )
        if gap.items_needed is not None and gap.items is not None and gap.items < gap.items_needed:
            text += f" A test set of about {gap.items_needed:,} items could show it, if it exists."
        changes.append(text)
    elif rule == 7:
        changes.append("Volume over 10,000 calls a month, or a gap marked critical for the business.")
    elif rule == 8:
        if e.effective_saving_usd is not None and e.effective_saving_usd <= 0:
            changes.append("A fine-tuned model that is cheaper per call than prompting.")
        if pays:
            changes.append(pays[0].upper() + pays[1:] + ".")
        changes.append("Marking the gap as critical, if quality matters more than cost here.")
    elif rule == 9:
        floor = 10_001 if not perf.gap_is_critical else 1_000
        if breakeven is not None and not perf.gap_is_critical:
            floor = max(floor, breakeven)
        changes.append(f"Volume falling below {_calls(floor)} a month.")
        changes.append("Requirements starting to change every week.")
        changes.append("A larger or fresher test set on which the gap is no longer significant or meaningful.")
    if pays and rule in (2, 7):
        changes.append(pays[0].upper() + pays[1:] + ".")
    return changes
