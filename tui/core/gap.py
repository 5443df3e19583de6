"""The measured evidence (SPEC §4, §5 rule 1): the performance gap and the label audit.

Accuracies, the significance test, the intervals for the difference and what they say against
the smallest difference that matters, and how big a test set would have to be to see it.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, NamedTuple

from tui.core import intervals, stats
from tui.core.models import PAIRED_FIELDS, UNPAIRED_FIELDS, Answers, Performance

VERDICTS = ("clearly_meaningful", "equivalent", "real_but_possibly_small", "inconclusive")

# Every answer the gap reads: the cache key of `performance_gap`.
_GAP_INPUTS = ("status", "alpha", "min_meaningful_difference_pp", *PAIRED_FIELDS, *UNPAIRED_FIELDS)
_CACHE_SIZE = 64


class Audit(NamedTuple):
    """A hand check of some training labels, and its 95% Wilson interval for the error rate."""

    audited: int
    mislabelled: int
    error_rate: float
    upper: float
    max_rate: float
    lower: float | None = None  # the other end of the 95% Wilson interval

    @property
    def fails(self) -> bool:
        """Rule 1: the error rate could be above the limit the user accepts."""
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


class Gap(NamedTuple):
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
    # The levels of the two intervals: 1 - alpha, and 1 - 2 alpha for equivalence (SPEC §4).
    difference_ci_level: float | None = None
    equivalence_ci_level: float | None = None
    # The test and the 1 - alpha interval disagree at the margin: significant while the interval
    # includes zero, or not significant while it excludes zero.
    borderline: bool | None = None
    # (prompted, fine-tuned) error rates as exact fractions of the counts.
    exact_error_rates: tuple[Fraction, Fraction] | None = None

    @property
    def error_rates(self) -> tuple[Fraction, Fraction] | None:
        """(prompted, fine-tuned) error rates, exactly, for the cost of errors; None until measured."""
        return self.exact_error_rates

    @property
    def interval_excludes_zero(self) -> bool | None:
        """Whether zero lies outside the 1 - alpha interval for the difference."""
        if self.difference_ci_low is None or self.difference_ci_high is None:
            return None
        return self.difference_ci_low > 0 or self.difference_ci_high < 0

    @property
    def decisive(self) -> bool:
        """The interval settles the question: wholly beyond the meaningful difference, or inside it."""
        return self.verdict in ("clearly_meaningful", "equivalent")


class _Measurement(NamedTuple):
    """One design's counts turned into accuracies, a significance test and intervals."""

    design: str
    items: int
    prompted: Fraction
    tuned: Fraction
    p_value: float
    test: str
    interval: dict[str, Any]
    discordant_share: float | None = None
    discordant_items: int | None = None


_GAPS: dict[tuple, Gap] = {}


def performance_gap(answers: Answers) -> Gap:
    """Accuracies, the significance test and the verdict of SPEC §4.

    Remembered by the performance answers: the wizard assesses on every key, and the interval
    searches take longer than everything else in an assessment.
    """
    perf = answers.performance
    key = tuple(getattr(perf, name) for name in _GAP_INPUTS)
    gap = _GAPS.get(key)
    if gap is None:
        if len(_GAPS) >= _CACHE_SIZE:
            _GAPS.clear()
        gap = _GAPS[key] = _performance_gap(perf)
    return gap


def _performance_gap(perf: Performance) -> Gap:
    """The gap for one set of performance answers (uncached)."""
    if perf.status != "evaluated":
        return Gap(status=perf.status)
    measured = _measure(perf)
    if measured is None:
        return Gap(status=perf.status, design=perf.design)
    difference = measured.tuned - measured.prompted
    significant = measured.p_value < perf.alpha
    meaningful = abs(difference) * 100 >= Fraction(repr(perf.min_meaningful_difference_pp))
    meaningful_share = perf.min_meaningful_difference_pp / 100
    needed, detectable = _test_set_size(perf, measured)
    low, high = measured.interval["difference_ci_low"], measured.interval["difference_ci_high"]
    return Gap(
        status="evaluated",
        design=measured.design,
        items=measured.items,
        prompted_accuracy=float(measured.prompted),
        fine_tuned_accuracy=float(measured.tuned),
        difference_pp=float(difference * 100),
        p_value=measured.p_value,
        test=measured.test,
        significant=significant,
        meaningful=meaningful,
        favours=_favours(difference, significant, meaningful),
        discordant_share=measured.discordant_share,
        items_needed=needed,
        detectable_difference_pp=detectable,
        **measured.interval,
        verdict=gap_verdict(measured.interval, meaningful_share),
        discordant_items=measured.discordant_items,
        power=_power(perf, measured, meaningful_share),
        difference_ci_level=levels(perf.alpha)[0],
        equivalence_ci_level=levels(perf.alpha)[1],
        borderline=significant == (low <= 0 <= high),
        exact_error_rates=(1 - measured.prompted, 1 - measured.tuned),
    )


def _measure(perf: Performance) -> _Measurement | None:
    """The measurement from whichever way the results were entered; None while a count is missing."""
    design = perf.design
    if design == "paired":
        a, b, c, d = (getattr(perf, name) for name in PAIRED_FIELDS)
        return None if None in (a, b, c, d) else _paired(a, b, c, d, alpha=perf.alpha)
    prompted, tuned, items = perf.prompted_correct, perf.fine_tuned_correct, perf.test_items
    if design == "unpaired" and prompted is not None and tuned is not None and items is not None:
        return _unpaired(prompted, tuned, items, alpha=perf.alpha)
    return None


def _paired(a: int, b: int, c: int, d: int, alpha: float = 0.05) -> _Measurement:
    """Both approaches on the same items: McNemar's mid-p test on the discordant pairs b and c."""
    items = a + b + c + d
    return _Measurement(
        design="paired",
        items=items,
        prompted=Fraction(a + b, items),
        tuned=Fraction(a + c, items),
        p_value=stats.mcnemar_mid_p(b, c),
        test="mcnemar_mid_p",
        interval=_paired_intervals(a, b, c, d, alpha),
        discordant_share=(b + c) / items,
        discordant_items=b + c,
    )


def _unpaired(prompted_correct: int, fine_tuned_correct: int, items: int, alpha: float = 0.05) -> _Measurement:
    """Two independent runs of `items` items each: the pooled two-proportion z-test."""
    return _Measurement(
        design="unpaired",
        items=items,
        prompted=Fraction(prompted_correct, items),
        tuned=Fraction(fine_tuned_correct, items),
        p_value=stats.two_proportion_z_test(prompted_correct, fine_tuned_correct, items),
        test="two_proportion_z",
        interval=_unpaired_intervals(prompted_correct, fine_tuned_correct, items, alpha),
    )


def _favours(difference: Fraction, significant: bool, meaningful: bool) -> str:
    """The better approach when the gap is both significant and meaningful, else "neither"."""
    if significant and meaningful and difference != 0:
        return "fine_tuning" if difference > 0 else "prompting"
    return "neither"


def levels(alpha: float) -> tuple[float, float]:
    """The interval levels that speak the test's language: 1 - alpha, and 1 - 2 alpha for equivalence."""
    return 1 - alpha, max(0.0, 1 - 2 * alpha)


def _critical_values(alpha: float) -> tuple[float, float]:
    """The critical values of those two levels, from alpha itself (exact even for an alpha of 1e-20)."""
    return stats.z_two_sided(alpha), (stats.z_two_sided(2 * alpha) if alpha < 0.5 else 0.0)


def _paired_intervals(a: int, b: int, c: int, d: int, alpha: float) -> dict[str, Any]:
    """Tango's 1 - alpha and 1 - 2 alpha intervals for the paired difference, and Newcombe's as the alternative."""
    n = a + b + c + d
    z, z_equivalence = _critical_values(alpha)
    low, high = intervals.tango_interval(c, b, n, z=z)
    low90, high90 = intervals.tango_interval(c, b, n, z=z_equivalence)
    alt_low, alt_high = intervals.newcombe_paired_interval(a, c, b, d, z=z)
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


def _unpaired_intervals(prompted_correct: int, fine_tuned_correct: int, items: int, alpha: float) -> dict[str, Any]:
    """Newcombe's hybrid score intervals (1 - alpha and 1 - 2 alpha) for two independent accuracies."""
    z, z_equivalence = _critical_values(alpha)
    low, high = intervals.newcombe_unpaired_interval(fine_tuned_correct, items, prompted_correct, items, z=z)
    low90, high90 = intervals.newcombe_unpaired_interval(
        fine_tuned_correct, items, prompted_correct, items, z=z_equivalence
    )
    return {
        "difference_ci_low": low,
        "difference_ci_high": high,
        "difference_ci_method": "newcombe_hybrid_score",
        "equivalence_ci_low": low90,
        "equivalence_ci_high": high90,
    }


def gap_verdict(interval: dict[str, Any], meaningful: float) -> str:
    """What the intervals say about the gap, against the meaningful difference (accuracy units).

    Clearly meaningful: the whole 1 - alpha interval lies beyond plus or minus the meaningful
    difference. Equivalent: the 1 - 2 alpha interval lies inside it (two one-sided tests at
    alpha). Real but possibly small: the 1 - alpha interval excludes zero but reaches inside.
    Otherwise inconclusive.
    """
    low, high = interval["difference_ci_low"], interval["difference_ci_high"]
    if low > meaningful or high < -meaningful:
        return "clearly_meaningful"
    if -meaningful < interval["equivalence_ci_low"] and interval["equivalence_ci_high"] < meaningful:
        return "equivalent"
    if low > 0 or high < 0:
        return "real_but_possibly_small"
    return "inconclusive"


def _test_set_size(perf: Performance, measured: _Measurement) -> tuple[int | None, float | None]:
    """Items needed to detect the meaningful difference, and what this set can detect (80% power).

    Connor's formula for paired counts; Fleiss's for unpaired ones, inverted at the given
    items, with the other accuracy always on the side of the prompted one that the items
    needed use (upwards where the meaningful difference has room), so the two figures agree.
    """
    target = perf.min_meaningful_difference_pp / 100
    needed_for_target: int | None
    if measured.design == "paired" and measured.discordant_share is not None:
        share = measured.discordant_share
        needed_for_target = stats.paired_items_needed(share, target, perf.alpha) if target > 0 else None
        detectable = stats.detectable_difference(
            lambda delta: stats.paired_items_needed(share, delta, perf.alpha), measured.items
        )
    else:
        prompted = float(measured.prompted)
        needed_for_target = stats.unpaired_items_needed(prompted, target, perf.alpha) if target > 0 else None
        detectable = stats.unpaired_detectable_difference(prompted, measured.items, perf.alpha, towards=target)
    return needed_for_target, (None if detectable is None else detectable * 100)


def _power(perf: Performance, measured: _Measurement, meaningful_share: float) -> float | None:
    """The chance this test set shows the meaningful difference, if the gap is that large."""
    if measured.design == "paired" and measured.discordant_share is not None:
        return intervals.paired_power(measured.items, measured.discordant_share, meaningful_share, perf.alpha)
    return intervals.unpaired_power(measured.items, float(measured.prompted), meaningful_share, perf.alpha)
