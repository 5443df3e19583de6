"""SPEC §4: McNemar mid-p, the pooled two-proportion z-test and Wilson's interval, with scipy as oracle."""

from __future__ import annotations

import math
import random

import pytest
from conftest import DELETE
from scipy.stats import binom, norm

from tui.core import stats
from tui.core.assess import assess, performance_gap

PAIRED = ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong")


def mid_p_oracle(b: int, c: int) -> float:
    """p = 2 * (P[X <= m] - P[X = m] / 2), X ~ Binomial(b + c, 1/2), m = min(b, c), capped at 1."""
    n = b + c
    if n == 0:
        return 1.0
    m = min(b, c)
    return min(1.0, 2 * (binom.cdf(m, n, 0.5) - 0.5 * binom.pmf(m, n, 0.5)))


def z_test_oracle(correct_a: int, correct_b: int, items: int) -> float:
    """Two-sided pooled two-proportion z-test; 1 when the pooled rate is 0 or 1."""
    pooled = (correct_a + correct_b) / (2 * items)
    if pooled in (0.0, 1.0):
        return 1.0
    z = (correct_b / items - correct_a / items) / math.sqrt(pooled * (1 - pooled) * (2 / items))
    return 2 * norm.sf(abs(z))


def wilson_oracle(successes: int, trials: int) -> tuple[float, float]:
    """statsmodels' proportion_confint(method="wilson"), written out."""
    crit = norm.ppf(0.975)
    q = successes / trials
    denom = 1 + crit**2 / trials
    centre = (q + crit**2 / (2 * trials)) / denom
    dist = crit * math.sqrt(q * (1 - q) / trials + crit**2 / (4 * trials**2)) / denom
    return centre - dist, centre + dist


def close(actual: float, expected: float, rel: float = 1e-9) -> bool:
    if expected == 0.0:
        return actual == 0.0 or abs(actual) < 1e-300
    return abs(actual - expected) <= rel * abs(expected)


# McNemar mid-p ---------------------------------------------------------------------------------

HAND_PICKED_PAIRS = [
    (0, 0),
    (0, 1),
    (1, 0),
    (1, 1),
    (0, 2),
    (0, 5),
    (7, 0),
    (3, 3),
    (2, 9),
    (10, 20),
    (20, 10),
    (100, 130),
    (1000, 1000),
    (2400, 2600),
    (2500, 2501),
    (2000, 3001),
    (2499, 2501),
    (3000, 3500),
    (10_000, 10_300),
    (10_000, 11_000),
    (49_000, 51_000),
    (499_000, 501_000),
    (495_000, 505_000),
    (490_000, 510_000),
    (499_999, 500_001),
    (500_000, 500_000),
    (0, 1_000_000),
    (1, 999_999),
    (250_000, 750_000),
]


@pytest.mark.parametrize(("b", "c"), HAND_PICKED_PAIRS)
def test_mcnemar_mid_p_matches_scipy(b, c):
    expected = mid_p_oracle(b, c)
    actual = stats.mcnemar_mid_p(b, c)
    assert close(actual, expected), (actual, expected)


def test_mcnemar_mid_p_matches_scipy_over_many_random_pairs():
    rng = random.Random(20240601)
    pairs = [(rng.randint(0, 60), rng.randint(0, 60)) for _ in range(150)]
    pairs += [(rng.randint(0, 3_000), rng.randint(0, 3_000)) for _ in range(40)]
    pairs += [
        (n // 2 - d, n // 2 + d)
        for n, d in ((rng.randint(6_000, 400_000) * 2, rng.randint(0, 2_000)) for _ in range(40))
    ]
    for b, c in pairs:
        expected = mid_p_oracle(b, c)
        assert close(stats.mcnemar_mid_p(b, c), expected), (b, c)


def test_mcnemar_mid_p_is_one_without_discordant_pairs():
    assert stats.mcnemar_mid_p(0, 0) == 1.0


def test_mcnemar_mid_p_for_a_single_discordant_pair_is_one_half():
    # P[X <= 0] = 1/2, P[X = 0] = 1/2 -> 2 * (1/2 - 1/4)
    assert stats.mcnemar_mid_p(0, 1) == 0.5
    assert stats.mcnemar_mid_p(1, 0) == 0.5


def test_mcnemar_mid_p_for_five_one_sided_pairs_is_one_in_thirty_two():
    # X ~ Bin(5, 1/2): 2 * (1/32 - 1/64) = 1/32
    assert stats.mcnemar_mid_p(0, 5) == 1 / 32


def test_mcnemar_mid_p_is_capped_at_one_when_b_equals_c():
    for n in (1, 2, 50, 2_500, 300_000):
        assert stats.mcnemar_mid_p(n, n) == pytest.approx(1.0, abs=1e-12)
        assert stats.mcnemar_mid_p(n, n) <= 1.0


def test_mcnemar_mid_p_is_symmetric():
    for b, c in [(3, 9), (120, 80), (4_000, 4_200), (10_000, 10_400)]:
        assert stats.mcnemar_mid_p(b, c) == stats.mcnemar_mid_p(c, b)


def test_mcnemar_mid_p_is_fast_for_a_million_pairs():
    import time

    start = time.perf_counter()
    stats.mcnemar_mid_p(499_000, 501_000)
    assert time.perf_counter() - start < 2.0


# Two-proportion z-test -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("correct_a", "correct_b", "items"),
    [
        (70, 80, 100),
        (80, 70, 100),
        (50, 50, 100),
        (1, 0, 1),
        (0, 1, 1),
        (1, 2, 3),
        (820, 880, 1000),
        (4_990, 5_000, 10_000),
        (300, 340, 400),
        (99_000, 99_500, 100_000),
        (1, 999_999, 1_000_000),
        (0, 1, 10),
    ],
)
def test_two_proportion_z_test_matches_scipy(correct_a, correct_b, items):
    expected = z_test_oracle(correct_a, correct_b, items)
    assert close(stats.two_proportion_z_test(correct_a, correct_b, items), expected)


@pytest.mark.parametrize(("correct_a", "correct_b", "items"), [(0, 0, 50), (50, 50, 50), (0, 0, 1), (1, 1, 1)])
def test_two_proportion_z_test_is_one_when_pooled_rate_is_zero_or_one(correct_a, correct_b, items):
    assert stats.two_proportion_z_test(correct_a, correct_b, items) == 1.0


def test_two_proportion_z_test_by_hand():
    # 70/100 vs 80/100: pooled 0.75, se = sqrt(0.75 * 0.25 * 2/100), z = 0.1 / se
    z = 0.1 / math.sqrt(0.75 * 0.25 * 0.02)
    assert stats.two_proportion_z_test(70, 80, 100) == pytest.approx(math.erfc(z / math.sqrt(2)), rel=1e-12)


# Wilson interval -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "trials"),
    [(0, 1), (1, 1), (0, 10), (10, 10), (1, 10), (8, 400), (10, 100), (13, 100), (40, 200), (500, 1000), (3, 100_000)],
)
def test_wilson_interval_matches_the_statsmodels_formula(successes, trials):
    low, high = stats.wilson_interval(successes, trials)
    expected_low, expected_high = wilson_oracle(successes, trials)
    assert low == pytest.approx(max(0.0, expected_low), rel=1e-12, abs=1e-15)
    assert high == pytest.approx(min(1.0, expected_high), rel=1e-12, abs=1e-15)


def test_wilson_interval_matches_statsmodels_itself():
    proportion = pytest.importorskip("statsmodels.stats.proportion")
    for successes, trials in [(8, 400), (10, 100), (0, 25), (25, 25), (7, 13)]:
        low, high = proportion.proportion_confint(successes, trials, alpha=0.05, method="wilson")
        assert stats.wilson_interval(successes, trials) == pytest.approx((low, high), rel=1e-12, abs=1e-15)


def test_wilson_interval_stays_within_zero_and_one():
    for trials in (1, 2, 7, 100):
        for successes in range(trials + 1):
            low, high = stats.wilson_interval(successes, trials)
            # rounding may leave the lower bound of 0 successes a hair above 0
            assert 0.0 <= low <= successes / trials + 1e-12
            assert successes / trials <= high <= 1.0


def test_wilson_interval_needs_a_trial():
    with pytest.raises(ValueError):
        stats.wilson_interval(0, 0)


def test_z_975_is_the_normal_quantile():
    assert stats.Z_975 == pytest.approx(norm.ppf(0.975), rel=1e-15)


# The gap: accuracies, difference, significance, meaningfulness, verdict --------------------------


def paired(answers_with, a: int, b: int, c: int, d: int, **performance):
    changes = {f"performance.{name}": value for name, value in zip(PAIRED, (a, b, c, d), strict=True)}
    changes.update({f"performance.{name}": value for name, value in performance.items()})
    return performance_gap(answers_with(changes))


def unpaired(answers_with, items: int, prompted: int, tuned: int, **performance):
    changes = {f"performance.{name}": DELETE for name in PAIRED}
    changes.update(
        {
            "performance.test_items": items,
            "performance.prompted_correct": prompted,
            "performance.fine_tuned_correct": tuned,
        }
    )
    changes.update({f"performance.{name}": value for name, value in performance.items()})
    return performance_gap(answers_with(changes))


def test_paired_accuracies_come_from_the_four_counts(answers_with):
    gap = paired(answers_with, 800, 20, 80, 100)
    assert gap.prompted_accuracy == pytest.approx((800 + 20) / 1000)
    assert gap.fine_tuned_accuracy == pytest.approx((800 + 80) / 1000)
    assert gap.items == 1000
    assert gap.p_value == pytest.approx(mid_p_oracle(20, 80), rel=1e-9)


def test_difference_is_fine_tuned_minus_prompted(answers_with):
    assert paired(answers_with, 800, 20, 80, 100).difference_pp == pytest.approx(6.0)
    assert paired(answers_with, 800, 80, 20, 100).difference_pp == pytest.approx(-6.0)
    assert unpaired(answers_with, 400, 340, 300).difference_pp == pytest.approx(-10.0)


def test_unpaired_accuracies_and_p_value(answers_with):
    gap = unpaired(answers_with, 400, 300, 340)
    assert gap.prompted_accuracy == 0.75
    assert gap.fine_tuned_accuracy == 0.85
    assert gap.p_value == pytest.approx(z_test_oracle(300, 340, 400), rel=1e-9)
    assert gap.test == "two_proportion_z"


def test_significant_is_strictly_below_alpha(answers_with):
    # b = 0, c = 5: p = 1/32 exactly
    assert paired(answers_with, 50, 0, 5, 45, alpha=1 / 32).significant is False
    assert paired(answers_with, 50, 0, 5, 45, alpha=0.032).significant is True


def test_significance_uses_alpha_default_of_five_percent(answers_with):
    # b = 0, c = 5: p = 0.03125 < 0.05
    assert paired(answers_with, 50, 0, 5, 45).significant is True
    # b = 0, c = 4: p = 2 * (1/16 - 1/32) = 0.0625 >= 0.05
    assert paired(answers_with, 50, 0, 4, 46).significant is False


def test_difference_of_exactly_the_minimum_counts_as_meaningful(answers_with):
    # paired: prompted 7/100, fine-tuned 9/100, exactly 2.0 pp (0.09 - 0.07 is 1.99999... in floats)
    assert (9 / 100 - 7 / 100) * 100 < 2.0
    assert paired(answers_with, 7, 0, 2, 91).meaningful is True
    # unpaired: same accuracies on separate items
    assert unpaired(answers_with, 100, 7, 9).meaningful is True


def test_difference_just_below_the_minimum_is_not_meaningful(answers_with):
    # 199 of 10,000 items: 1.99 pp
    assert paired(answers_with, 700, 0, 199, 9101).meaningful is False


def test_meaningful_uses_the_absolute_difference(answers_with):
    assert paired(answers_with, 7, 2, 0, 91).meaningful is True


def test_minimum_meaningful_difference_can_be_changed(answers_with):
    gap = paired(answers_with, 800, 20, 80, 100, min_meaningful_difference_pp=6.0)
    assert gap.meaningful is True
    gap = paired(answers_with, 800, 20, 80, 100, min_meaningful_difference_pp=6.5)
    assert gap.meaningful is False
    assert gap.favours == "neither"


def test_favours_fine_tuning_when_significant_and_meaningful(answers_with):
    # 2.0 pp exactly on 10,000 items, 200 discordant pairs all one way
    gap = paired(answers_with, 700, 0, 200, 9_100)
    assert gap.significant and gap.meaningful
    assert gap.favours == "fine_tuning"


def test_favours_prompting_when_prompting_is_significantly_and_meaningfully_better(answers_with):
    gap = paired(answers_with, 800, 80, 20, 100)
    assert gap.significant and gap.meaningful
    assert gap.favours == "prompting"


def test_favours_neither_when_significant_but_not_meaningful(answers_with):
    # 0.5 pp on 100,000 items, highly significant
    gap = paired(answers_with, 90_000, 1_000, 1_500, 7_500)
    assert gap.p_value < 1e-20
    assert gap.significant is True and gap.meaningful is False
    assert gap.favours == "neither"


def test_favours_neither_when_meaningful_but_not_significant(answers_with):
    # 2 pp on 100 items, p = 2 * (1/4 - 1/8) = 0.25
    gap = paired(answers_with, 7, 0, 2, 91)
    assert gap.p_value == 0.25
    assert gap.significant is False and gap.meaningful is True
    assert gap.favours == "neither"


def test_favours_neither_when_results_are_identical(answers_with):
    gap = paired(answers_with, 900, 0, 0, 100)
    assert gap.p_value == 1.0
    assert gap.difference_pp == 0.0
    assert gap.favours == "neither"


def test_unpaired_favours_follow_the_same_rules(answers_with):
    assert unpaired(answers_with, 1_000, 700, 800).favours == "fine_tuning"
    assert unpaired(answers_with, 1_000, 800, 700).favours == "prompting"
    assert unpaired(answers_with, 100, 70, 72).favours == "neither"


def test_unpaired_all_correct_on_both_sides_gives_p_one(answers_with):
    gap = unpaired(answers_with, 40, 40, 40)
    assert gap.p_value == 1.0
    assert gap.favours == "neither"


def test_gap_not_evaluated_has_no_figures(answers_with):
    gap = assess(answers_with({"performance.status": "not_evaluated"})).gap
    assert gap.status == "not_evaluated"
    assert gap.p_value is None and gap.favours is None and gap.prompted_accuracy is None


def test_gap_with_missing_counts_has_no_verdict(answers_with):
    gap = assess(answers_with({"performance.both_wrong": DELETE})).gap
    assert gap.status == "evaluated"
    assert gap.p_value is None and gap.favours is None


def test_gap_is_critical_defaults_to_false(answers_with):
    assert answers_with().performance.gap_is_critical is False


# Extreme but valid settings ------------------------------------------------------------------------


@pytest.mark.parametrize("design", ["paired", "unpaired"])
def test_a_tiny_alpha_gives_a_gap_that_is_not_significant(answers_with, design):
    if design == "paired":
        gap = paired(answers_with, 800, 20, 80, 100, alpha=1e-17)
    else:
        gap = unpaired(answers_with, 1_000, 700, 800, alpha=1e-17)
    # p is about 1e-10 (paired) and 1e-6 (unpaired): not below 1e-17
    assert gap.significant is False
    assert gap.favours == "neither"


@pytest.mark.parametrize("minimum", [1e-155, 1e-200])
@pytest.mark.parametrize("design", ["paired", "unpaired"])
def test_a_tiny_minimum_meaningful_difference_still_gives_a_verdict(answers_with, design, minimum):
    if design == "paired":
        gap = paired(answers_with, 800, 20, 80, 100, min_meaningful_difference_pp=minimum)
    else:
        gap = unpaired(answers_with, 1_000, 700, 800, min_meaningful_difference_pp=minimum)
    assert gap.meaningful is True
    assert gap.favours == "fine_tuning"


# The test set's size and what it can detect ----------------------------------------------------


def test_an_unpaired_test_set_has_a_smallest_detectable_difference(answers_with):
    gap = unpaired(answers_with, 4_871, 4_000, 4_050)
    assert gap.detectable_difference_pp is not None
    # Fleiss's size at the detectable difference is the test set itself.
    assert stats.unpaired_items_needed(gap.prompted_accuracy, gap.detectable_difference_pp / 100, 0.05) == 4_871


@pytest.mark.parametrize("items", [10, 50, 200, 1_000, 5_000, 100_000])
@pytest.mark.parametrize("accuracy", [0.0, 0.3, 0.5, 0.9, 0.985, 1.0])
@pytest.mark.parametrize("target", [0.01, 0.02, 0.05])
def test_the_unpaired_detectable_difference_agrees_with_the_items_needed(items, accuracy, target):
    needed = stats.unpaired_items_needed(accuracy, target, 0.05)
    detectable = stats.unpaired_detectable_difference(accuracy, items, 0.05, towards=target)
    if needed is None:
        return
    if items < needed:
        assert detectable is None or detectable > target
    else:
        assert detectable is not None and detectable <= target


def test_a_test_set_too_small_for_any_difference_says_how_large_a_one_it_misses(answers_with):
    gap = unpaired(answers_with, 3, 1, 2)
    assert gap.detectable_difference_pp is None
    result = assess(
        answers_with(
            {f"performance.{name}": DELETE for name in PAIRED}
            | {"performance.test_items": 3, "performance.prompted_correct": 1, "performance.fine_tuned_correct": 2}
        )
    )
    (caution,) = [text for text in result.cautions if "too small" in text]
    assert "cannot reliably detect even a difference of 66.7 pp" in caution


@pytest.mark.parametrize("alpha", [0.01, 0.05, 0.2, 0.6])
@pytest.mark.parametrize("design", ["paired", "unpaired"])
def test_the_intervals_are_at_one_minus_alpha_and_one_minus_twice_alpha(answers_with, design, alpha):
    gap = (
        paired(answers_with, 800, 20, 80, 100, alpha=alpha)
        if design == "paired"
        else unpaired(answers_with, 1_000, 700, 800, alpha=alpha)
    )
    assert gap.difference_ci_level == pytest.approx(1 - alpha)
    assert gap.equivalence_ci_level == pytest.approx(max(0.0, 1 - 2 * alpha))
    z = norm.isf(alpha / 2)
    if design == "unpaired":
        from statsmodels.stats.proportion import confint_proportions_2indep

        low, high = confint_proportions_2indep(800, 1_000, 700, 1_000, method="newcomb", compare="diff", alpha=alpha)
        assert (gap.difference_ci_low, gap.difference_ci_high) == pytest.approx((low, high), abs=1e-9)
    else:
        assert (gap.difference_ci_low, gap.difference_ci_high) == pytest.approx(
            intervals_at(z, 80, 20, 1_000), abs=1e-12
        )


def intervals_at(z: float, c: int, b: int, n: int) -> tuple[float, float]:
    from tui.core import intervals

    return intervals.tango_interval(c, b, n, z=z)


def test_a_significant_test_beside_an_interval_that_includes_zero_is_borderline(answers_with):
    gap = unpaired(answers_with, 50, 42, 48)
    assert gap.p_value < 0.05 and gap.difference_ci_low < 0 < gap.difference_ci_high
    assert gap.borderline is True
    assert unpaired(answers_with, 1_000, 700, 800).borderline is False
