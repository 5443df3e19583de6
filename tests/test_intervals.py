"""Intervals, tests and sizes against scipy / statsmodels oracles and published values."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import optimize, special
from scipy import stats as sps
from statsmodels.stats import proportion as smp
from statsmodels.stats.contingency_tables import mcnemar as sm_mcnemar

from tui.core import intervals, stats

TIGHT = 1e-9

PAIRED_CASES = [  # (only fine-tuned right = n12, only prompted right = n21, items)
    (6, 16, 161),
    (0, 0, 10),
    (5, 0, 20),
    (0, 5, 20),
    (10, 10, 100),
    (130, 60, 2000),
    (26, 40, 400),
    (1, 2, 3),
    (3, 0, 3),
    (0, 3, 3),
    (0, 0, 1),
    (7, 1, 25),
    (250, 240, 100_000),
    (49, 0, 50),
]


def _tango_textbook(delta: float, n12: int, n21: int, n: int) -> float:
    """Tango's statistic exactly as printed (Tango 1998), as an independent oracle."""
    a = 2 * n
    b = -n12 - n21 + (2 * n - n12 + n21) * delta
    c = -n21 * delta * (1 - delta)
    q21 = (math.sqrt(b * b - 4 * a * c) - b) / (2 * a)
    return (n12 - n21 - n * delta) / math.sqrt(n * (2 * q21 + delta * (1 - delta)))


def _tango_brentq(n12: int, n21: int, n: int, level: float) -> tuple[float, float]:
    z = sps.norm.ppf(0.5 + level / 2)
    estimate = (n12 - n21) / n
    edge = 1e-13

    def lower(d: float) -> float:
        return _tango_textbook(d, n12, n21, n) - z if d != estimate else -z

    def upper(d: float) -> float:
        return _tango_textbook(d, n12, n21, n) + z if d != estimate else z

    low = -1.0 if n21 == n else optimize.brentq(lower, -1 + edge, estimate, xtol=1e-15, rtol=1e-15)
    high = 1.0 if n12 == n else optimize.brentq(upper, estimate, 1 - edge, xtol=1e-15, rtol=1e-15)
    return low, high


@pytest.mark.parametrize("level", [0.95, 0.90])
@pytest.mark.parametrize("n12, n21, n", PAIRED_CASES)
def test_tango_interval_matches_a_root_finder_on_tangos_statistic(n12, n21, n, level):
    expected = _tango_brentq(n12, n21, n, level)
    assert intervals.tango_interval(n12, n21, n, level) == pytest.approx(expected, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("n12, n21, n", [c for c in PAIRED_CASES if c[0] < c[2] and c[1] < c[2]])
def test_tango_bounds_are_where_the_statistic_meets_the_critical_value(n12, n21, n):
    low, high = intervals.tango_interval(n12, n21, n)
    z = sps.norm.ppf(0.975)
    assert intervals.tango_statistic(low, n12, n21, n) == pytest.approx(z, rel=1e-7)
    assert intervals.tango_statistic(high, n12, n21, n) == pytest.approx(-z, rel=1e-7)
    assert low <= (n12 - n21) / n <= high


def test_tango_interval_with_no_disagreements_has_a_closed_form():
    z2 = sps.norm.ppf(0.975) ** 2
    for n in (1, 10, 400):
        bound = z2 / (n + z2)
        assert intervals.tango_interval(0, 0, n) == pytest.approx((-bound, bound), rel=1e-12)


def test_newcombe_paired_interval_matches_the_published_example():
    # Cavo et al. (2012) complete-response table, as worked in Fagerland, Lydersen and Laake
    # (2017), "Statistical Analysis of Contingency Tables", chapter 8: -0.1186 to -0.0046.
    low, high = intervals.newcombe_paired_interval(59, 6, 16, 80)
    assert low == pytest.approx(-0.1186, abs=5e-5)
    assert high == pytest.approx(-0.0046, abs=5e-5)


def _newcombe_paired_oracle(a, b, c, d, level):
    """Square-and-add from statsmodels' Wilson intervals and Newcombe's corrected phi."""
    n = a + b + c + d
    alpha = 1 - level
    p1, p2 = (a + b) / n, (a + c) / n
    l1, u1 = smp.proportion_confint(a + b, n, alpha=alpha, method="wilson")
    l2, u2 = smp.proportion_confint(a + c, n, alpha=alpha, method="wilson")
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    cross = a * d - b * c
    if margins == 0:
        phi = 0.0
    elif cross > n / 2:
        phi = (cross - n / 2) / math.sqrt(margins)
    elif cross >= 0:
        phi = 0.0
    else:
        phi = cross / math.sqrt(margins)
    low = p1 - p2 - math.sqrt((p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2)
    high = p1 - p2 + math.sqrt((p2 - l2) ** 2 - 2 * phi * (p2 - l2) * (u1 - p1) + (u1 - p1) ** 2)
    return low, high


@pytest.mark.parametrize(
    "table", [(59, 6, 16, 80), (1500, 130, 60, 310), (0, 0, 0, 5), (3, 4, 0, 0), (10, 0, 0, 10), (271, 26, 40, 63)]
)
def test_newcombe_paired_interval_matches_statsmodels_wilson_pieces(table):
    for level in (0.95, 0.90):
        expected = _newcombe_paired_oracle(*table, level)
        assert intervals.newcombe_paired_interval(*table, level) == pytest.approx(expected, rel=1e-9, abs=1e-12)


UNPAIRED_CASES = [
    (56, 70, 48, 80),
    (9, 10, 3, 10),
    (6, 7, 2, 7),
    (5, 56, 0, 29),
    (0, 10, 0, 20),
    (0, 10, 0, 10),
    (10, 10, 0, 20),
    (10, 10, 0, 10),
    (1630, 2000, 1560, 2000),
]


@pytest.mark.parametrize("x1, n1, x2, n2", UNPAIRED_CASES)
def test_newcombe_unpaired_interval_matches_statsmodels(x1, n1, x2, n2):
    for level in (0.95, 0.90):
        expected = smp.confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff", alpha=1 - level)
        assert intervals.newcombe_unpaired_interval(x1, n1, x2, n2, level) == pytest.approx(
            expected, rel=1e-9, abs=1e-12
        )


def test_newcombe_unpaired_interval_matches_newcombes_published_table():
    # Newcombe (1998a), Statistics in Medicine 17:873-890, Table II, method 10.
    published = {
        (56, 70, 48, 80): (0.0524, 0.3339),
        (9, 10, 3, 10): (0.1705, 0.8090),
        (5, 56, 0, 29): (-0.0381, 0.1926),
        (0, 10, 0, 20): (-0.1611, 0.2775),
        (0, 10, 0, 10): (-0.2775, 0.2775),
        (10, 10, 0, 20): (0.6791, 1.0),
        (10, 10, 0, 10): (0.6075, 1.0),
    }
    for counts, expected in published.items():
        assert intervals.newcombe_unpaired_interval(*counts) == pytest.approx(expected, abs=5e-5)


# --- The foundation's tests, checked again ---------------------------------------------------


@pytest.mark.parametrize(
    "b, c", [(0, 1), (3, 9), (40, 26), (60, 130), (500, 530), (2600, 2700), (4000, 3000), (0, 6000), (10, 10)]
)
def test_mcnemar_mid_p_matches_scipy_binomial(b, c):
    n, m = b + c, min(b, c)
    expected = min(1.0, 2 * (sps.binom.cdf(m, n, 0.5) - 0.5 * sps.binom.pmf(m, n, 0.5)))
    assert stats.mcnemar_mid_p(b, c) == pytest.approx(expected, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("b, c", [(0, 1), (3, 9), (40, 26), (60, 130), (12, 5)])
def test_mcnemar_mid_p_is_the_exact_test_less_the_observed_point(b, c):
    exact = sm_mcnemar([[0, b], [c, 0]], exact=True).pvalue
    point = sps.binom.pmf(min(b, c), b + c, 0.5)
    assert stats.mcnemar_mid_p(b, c) == pytest.approx(min(1.0, exact - point), rel=1e-9)


@pytest.mark.parametrize("x1, x2, n", [(1560, 1630, 2000), (48, 56, 80), (0, 3, 10), (9, 10, 10), (500, 500, 1000)])
def test_two_proportion_z_test_matches_statsmodels(x1, x2, n):
    _, expected = smp.proportions_ztest([x1, x2], [n, n])
    assert stats.two_proportion_z_test(x1, x2, n) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("x, n", [(0, 10), (6, 200), (1, 1), (37, 50), (100, 100), (3, 1000)])
def test_wilson_interval_matches_statsmodels(x, n):
    expected = smp.proportion_confint(x, n, alpha=0.05, method="wilson")
    assert stats.wilson_interval(x, n) == pytest.approx(expected, rel=1e-9, abs=1e-15)


# --- Student's t -----------------------------------------------------------------------------


@pytest.mark.parametrize("a, b", [(0.5, 0.5), (1, 1), (2.5, 0.5), (50, 0.5), (0.5, 30), (5000, 0.5), (3, 7)])
def test_regularized_beta_matches_scipy(a, b):
    for x in (1e-8, 0.01, 0.2, 0.5, 0.77, 0.99, 1 - 1e-9):
        assert intervals.regularized_beta(a, b, x) == pytest.approx(special.betainc(a, b, x), rel=1e-11, abs=1e-300)


@pytest.mark.parametrize("df", [1, 2, 3, 5, 9.5, 29, 100, 1000, 100_000])
def test_t_quantile_and_cdf_match_scipy(df):
    for p in (1e-6, 0.025, 0.1, 0.5001, 0.9, 0.95, 0.975, 0.995, 0.9995):
        assert intervals.t_quantile(p, df) == pytest.approx(sps.t.ppf(p, df), rel=1e-10)
    for t in (-40.0, -2.5, -0.3, 0.0, 0.7, 1.96, 12.0):
        assert intervals.t_cdf(t, df) == pytest.approx(sps.t.cdf(t, df), rel=1e-11)


SCORE_SAMPLES = [
    ([3, 4, 2, 5, 4, 3, 3, 4, 2, 5], [4, 4, 3, 5, 5, 3, 4, 4, 3, 4]),
    ([0.41, 0.38, 0.52, 0.47, 0.33, 0.61, 0.44], [0.45, 0.37, 0.58, 0.49, 0.40, 0.60, 0.52]),
    ([1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2], [2, 2, 3, 5, 5, 1, 3, 4, 4, 5, 2, 3]),
]


@pytest.mark.parametrize("prompted, tuned", SCORE_SAMPLES)
def test_paired_t_interval_and_p_value_match_scipy(prompted, tuned):
    result = sps.ttest_rel(tuned, prompted)
    differences = [t - p for p, t in zip(prompted, tuned, strict=False)]
    ci = result.confidence_interval(0.95)
    assert intervals.paired_t_interval(differences) == pytest.approx((ci.low, ci.high), rel=1e-10)
    assert intervals.paired_t_p_value(differences) == pytest.approx(result.pvalue, rel=1e-9)


def _scipy_sign_flip(prompted, tuned) -> float:
    result = sps.permutation_test(
        (np.asarray(tuned, float), np.asarray(prompted, float)),
        lambda x, y, axis: np.mean(x - y, axis=axis),
        permutation_type="samples",
        n_resamples=np.inf,
        vectorized=True,
        alternative="two-sided",
    )
    return float(result.pvalue)


@pytest.mark.parametrize("prompted, tuned", SCORE_SAMPLES)
def test_exact_sign_flip_p_value_matches_scipy_permutation_test(prompted, tuned):
    differences = [t - p for p, t in zip(prompted, tuned, strict=False)]
    p_value, method = intervals.sign_flip_p_value(differences)
    assert method == "exact"
    assert p_value == pytest.approx(_scipy_sign_flip(prompted, tuned), rel=1e-12)


def test_sign_flip_ignores_items_without_a_difference():
    assert intervals.sign_flip_p_value([0, 0, 0]) == (1.0, "exact")
    with_ties = intervals.sign_flip_p_value([1, 0, 2, 0, 1, 1, 0, 3])
    without = intervals.sign_flip_p_value([1, 2, 1, 1, 3])
    assert with_ties == without


def _exact_integer_flip_p(differences: list[int]) -> float:
    """The exact sign-flip p-value of integer differences by convolving their distributions."""
    offset = sum(abs(d) for d in differences)
    counts = np.zeros(2 * offset + 1, dtype=object)
    counts[offset] = 1
    for d in differences:
        d = abs(d)
        if d:
            counts = np.roll(counts, d) + np.roll(counts, -d)
    observed = abs(sum(differences))
    sums = np.arange(-offset, offset + 1)
    return float(sum(counts[np.abs(sums) >= observed]) / sum(counts))


def test_random_sign_flips_are_seeded_and_close_to_the_exact_answer():
    generator = np.random.default_rng(7)
    differences = [int(x) for x in generator.choice([-2, -1, 0, 1, 1, 2], size=60)]
    p_value, method = intervals.sign_flip_p_value(differences)
    assert method == "random"
    assert intervals.sign_flip_p_value(differences) == (p_value, method)
    exact = _exact_integer_flip_p(differences)
    spread = math.sqrt(exact * (1 - exact) / intervals.RANDOM_FLIPS)
    assert abs(p_value - exact) < 4 * spread + 1 / intervals.RANDOM_FLIPS


def test_random_sign_flips_with_many_distinct_sizes_are_close_to_the_exact_answer():
    generator = np.random.default_rng(11)
    differences = [
        int(size * sign) for size, sign in zip(range(1, 31), generator.choice([-1, 1, 1], size=30), strict=False)
    ]
    p_value, method = intervals.sign_flip_p_value(differences)
    assert method == "random"
    exact = _exact_integer_flip_p(differences)
    spread = math.sqrt(exact * (1 - exact) / intervals.RANDOM_FLIPS)
    assert abs(p_value - exact) < 4 * spread + 1 / intervals.RANDOM_FLIPS


def test_coarse_rubric_scores_get_a_larger_p_value_than_the_t_test():
    # Ten items scored on a 1-5 rubric; eight improve by one point, two by none: the t-test
    # claims p < 0.0001 where only 2^8 sign patterns exist, so the exact p-value is 2/256.
    differences = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0]
    p_value, method = intervals.sign_flip_p_value(differences)
    assert (p_value, method) == (pytest.approx(2 / 256), "exact")
    assert intervals.paired_t_p_value(differences) < p_value


# --- Sample sizes and power -------------------------------------------------------------------


@pytest.mark.parametrize(
    "accuracy, difference, alpha",
    [(0.78, 0.02, 0.05), (0.5, 0.1, 0.05), (0.9, 0.05, 0.01), (0.99, 0.02, 0.05), (0.3, 0.2, 0.1)],
)
def test_fleiss_size_matches_statsmodels(accuracy, difference, alpha):
    # The other accuracy is `difference` above, or below where there is no room above.
    reference = accuracy if accuracy + difference <= 1 else accuracy - difference
    expected = smp.samplesize_proportions_2indep_onetail(difference, reference, 0.8, alpha=alpha)
    assert stats.unpaired_items_needed(accuracy, difference, alpha) == math.ceil(expected - 1e-9)


def _connor(discordance: float, difference: float, alpha: float) -> float:
    za, zb = sps.norm.ppf(1 - alpha / 2), sps.norm.ppf(0.8)
    psi = max(discordance, difference)
    return ((za * math.sqrt(psi) + zb * math.sqrt(psi - difference**2)) / difference) ** 2


def _exact_mcnemar_power(n: int, discordance: float, difference: float, alpha: float, mid_p: bool) -> float:
    """Power of McNemar's test by summing the exact multinomial probabilities of every outcome."""
    z2 = sps.norm.ppf(1 - alpha / 2) ** 2
    share_up = (discordance + difference) / (2 * discordance)
    power = 0.0
    for m in range(1, n + 1):
        weight = sps.binom.pmf(m, n, discordance)
        if weight < 1e-15:
            continue
        c = np.arange(m + 1)
        if mid_p:
            low = np.minimum(c, m - c)
            p = np.minimum(1.0, 2 * (sps.binom.cdf(low, m, 0.5) - 0.5 * sps.binom.pmf(low, m, 0.5)))
            reject = p < alpha
        else:
            reject = (2 * c - m) ** 2 / m > z2
        power += weight * sps.binom.pmf(c, m, share_up)[reject].sum()
    return power


@pytest.mark.parametrize(
    "discordance, difference, alpha", [(0.095, 0.035, 0.05), (0.3, 0.1, 0.05), (0.165, 0.02, 0.05), (0.2, 0.05, 0.01)]
)
def test_connor_size_gives_about_80_percent_exact_power(discordance, difference, alpha):
    n = stats.paired_items_needed(discordance, difference, alpha)
    assert n == math.ceil(_connor(discordance, difference, alpha) - 1e-9)
    asymptotic_test = _exact_mcnemar_power(n, discordance, difference, alpha, mid_p=False)
    mid_p_test = _exact_mcnemar_power(n, discordance, difference, alpha, mid_p=True)
    assert asymptotic_test == pytest.approx(0.80, abs=0.02)
    assert mid_p_test == pytest.approx(0.80, abs=0.03)


def test_connor_size_is_the_first_with_80_percent_approximate_power():
    n = stats.paired_items_needed(0.165, 0.02, 0.05)
    assert intervals.paired_power(n, 0.165, 0.02, 0.05) >= 0.8 > intervals.paired_power(n - 1, 0.165, 0.02, 0.05)


def test_fleiss_size_gives_about_80_percent_exact_power_of_the_z_test():
    accuracy, difference, alpha = 0.5, 0.1, 0.05
    n = stats.unpaired_items_needed(accuracy, difference, alpha)
    x = np.arange(n + 1)
    first, second = sps.binom.pmf(x, n, accuracy), sps.binom.pmf(x, n, accuracy + difference)
    pooled = (x[:, None] + x[None, :]) / (2 * n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (x[None, :] - x[:, None]) / n / np.sqrt(pooled * (1 - pooled) * 2 / n)
    reject = np.abs(np.nan_to_num(z)) > sps.norm.ppf(1 - alpha / 2)
    power = float((first[:, None] * second[None, :])[reject].sum())
    assert power == pytest.approx(0.80, abs=0.02)
    assert intervals.unpaired_power(n, accuracy, difference, alpha) >= 0.8


def test_detectable_difference_is_where_power_reaches_80_percent():
    items, discordance = 2000, 0.095
    detectable = stats.detectable_difference(lambda d: stats.paired_items_needed(discordance, d, 0.05), items)
    assert _connor(discordance, detectable, 0.05) == pytest.approx(items, rel=1e-6)
    assert intervals.paired_power(items, discordance, detectable, 0.05) == pytest.approx(0.8, abs=1e-6)


def test_z_critical_is_the_normal_quantile():
    assert intervals.z_critical(0.95) == pytest.approx(sps.norm.ppf(0.975), rel=1e-14)
    assert intervals.z_critical(0.90) == pytest.approx(sps.norm.ppf(0.95), rel=1e-14)
