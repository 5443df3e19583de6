"""Statistics of the performance gap (SPEC §4), in pure Python.

McNemar's mid-p test for paired results, the pooled two-proportion z-test for unpaired ones,
and Wilson's score interval for the label audit. Binomial tails are exact (integer arithmetic)
for up to a few thousand discordant pairs and use Loader's saddle-point density beyond, which
keeps full double precision at any size.
"""

from __future__ import annotations

import math
from fractions import Fraction

EXACT_LIMIT = 5_000
Z_975 = 1.959963984540054  # the 97.5th percentile of the standard normal


def mcnemar_mid_p(b: int, c: int) -> float:
    """Two-sided mid-p McNemar test on the discordant pairs b and c; 1 when there are none."""
    n = b + c
    if n == 0:
        return 1.0
    m = min(b, c)
    if n <= EXACT_LIMIT:
        p = 2 * (_binomial_half_cdf_exact(m, n) - Fraction(math.comb(n, m), 2**n) / 2)
        return float(min(p, Fraction(1)))
    lower, at_m = _binomial_half_cdf_float(m, n)
    return min(1.0, 2.0 * (lower - 0.5 * at_m))


def _binomial_half_cdf_exact(m: int, n: int) -> Fraction:
    """P[X <= m] for X ~ Binomial(n, 1/2), exactly."""
    total, term = 0, 1
    for i in range(m + 1):
        total += term
        term = term * (n - i) // (i + 1)
    return Fraction(total, 2**n)


def _binomial_half_cdf_float(m: int, n: int) -> tuple[float, float]:
    """(P[X <= m], P[X = m]) for X ~ Binomial(n, 1/2) with m <= n/2, summing down from m."""
    at_m = binomial_pmf(m, n, 0.5)
    total, term, i = 0.0, at_m, m
    while i >= 0 and term > 0.0:
        total += term
        if term < total * 1e-18:
            break
        term *= i / (n - i + 1)
        i -= 1
    return total, at_m


_STIRLING_ERRORS = [  # stirlerr(n) = ln n! - ln(sqrt(2 pi n) (n/e)^n) for n = 0..15
    0.0,
    0.0810614667953272582196702,
    0.0413406959554092940938221,
    0.02767792568499833914878929,
    0.02079067210376509311152277,
    0.01664469118982119216319487,
    0.01387612882307074799874573,
    0.01189670994589177009505572,
    0.010411265261972096497478567,
    0.009255462182712732917728637,
    0.008330563433362871256469318,
    0.007573675487951840794972024,
    0.006942840107209529865664152,
    0.006408994188004207068439631,
    0.005951370112758847735624416,
    0.005554733551962801371038690,
]


def _stirling_error(n: float) -> float:
    """The error of Stirling's formula for ln n!, accurate for whole n (Loader 2000)."""
    if n <= 15:
        return _STIRLING_ERRORS[int(n)]
    nn = n * n
    s0, s1, s2, s3, s4 = 1 / 12, 1 / 360, 1 / 1260, 1 / 1680, 1 / 1188
    if n > 500:
        return (s0 - s1 / nn) / n
    if n > 80:
        return (s0 - (s1 - s2 / nn) / nn) / n
    if n > 35:
        return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n


def _deviance(x: float, mean: float) -> float:
    """x ln(x/mean) + mean - x, computed without cancellation (Loader's bd0)."""
    if abs(x - mean) < 0.1 * (x + mean):
        v = (x - mean) / (x + mean)
        s = (x - mean) * v
        ej = 2 * x * v
        v2 = v * v
        for j in range(1, 1000):
            ej *= v2
            s1 = s + ej / (2 * j + 1)
            if s1 == s:
                return s1
            s = s1
    return x * math.log(x / mean) + mean - x


def binomial_pmf(k: int, n: int, p: float) -> float:
    """P[X = k] for X ~ Binomial(n, p), accurate to double precision for any n."""
    if k < 0 or k > n:
        return 0.0
    q = 1.0 - p
    if k == 0:
        return math.exp(n * math.log(q))
    if k == n:
        return math.exp(n * math.log(p))
    log_density = (
        _stirling_error(n) - _stirling_error(k) - _stirling_error(n - k) - _deviance(k, n * p) - _deviance(n - k, n * q)
    )
    return math.exp(log_density) * math.sqrt(n / (2 * math.pi * k * (n - k)))


def normal_two_sided_p(z: float) -> float:
    """P[|Z| >= |z|] for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2))


def two_proportion_z_test(correct_a: int, correct_b: int, items: int) -> float:
    """Two-sided pooled z-test of two accuracies measured on `items` items each.

    Returns 1 when the pooled rate is 0 or 1 (no variance, so no evidence of a difference).
    """
    pooled = Fraction(correct_a + correct_b, 2 * items)
    if pooled in (0, 1):
        return 1.0
    difference = Fraction(correct_b - correct_a, items)
    variance = pooled * (1 - pooled) * Fraction(2, items)
    z = float(difference) / math.sqrt(variance)
    return normal_two_sided_p(z)


def wilson_interval(successes: int, trials: int, z: float = Z_975) -> tuple[float, float]:
    """Wilson's score interval for a proportion (95% by default)."""
    if trials <= 0:
        raise ValueError("Wilson's interval needs at least one trial")
    p = successes / trials
    z2 = z * z
    centre = p + z2 / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials))
    denominator = 1 + z2 / trials
    low = (centre - spread) / denominator
    high = (centre + spread) / denominator
    return max(0.0, low), min(1.0, high)


def z_quantile(probability: float) -> float:
    """The standard normal quantile (inverse CDF)."""
    from statistics import NormalDist

    return NormalDist().inv_cdf(probability)


def z_two_sided(alpha: float) -> float:
    """The critical value of a two-sided test at `alpha`, exact even for a tiny alpha."""
    return -z_quantile(alpha / 2)


SMALLEST_DIFFERENCE = 1e-9  # below this no test set could tell, and the sizes overflow


def paired_items_needed(discordance: float, difference: float, alpha: float, power: float = 0.8) -> int | None:
    """Connor's (1987) test-set size for McNemar's test to detect `difference` with `power`.

    `discordance` is the share of items on which the two approaches disagree; it cannot be
    smaller than the difference itself, so it is raised to that when the data show less.
    """
    if difference < SMALLEST_DIFFERENCE or difference > 1:
        return None
    psi = min(1.0, max(discordance, difference))
    z_alpha, z_beta = z_two_sided(alpha), z_quantile(power)
    size = (z_alpha * math.sqrt(psi) + z_beta * math.sqrt(max(psi - difference**2, 0.0))) ** 2 / difference**2
    return math.ceil(size - 1e-9)


def other_accuracy(accuracy: float, difference: float, upwards: bool | None = None) -> float | None:
    """The accuracy `difference` away from `accuracy`; None if none fits.

    Upwards where room allows, unless `upwards` says which way.
    """
    if upwards is None:
        upwards = accuracy + difference <= 1
    other = accuracy + difference if upwards else accuracy - difference
    return other if 0 <= other <= 1 else None


def unpaired_items_needed(
    accuracy: float, difference: float, alpha: float, power: float = 0.8, upwards: bool | None = None
) -> int | None:
    """Fleiss's test-set size per approach for the two-proportion test (no continuity correction).

    `accuracy` is the prompted approach's; the other is taken `difference` away from it,
    upwards where room allows (or the way `upwards` says).
    """
    if difference < SMALLEST_DIFFERENCE or difference >= 1:
        return None
    p1, p2 = accuracy, other_accuracy(accuracy, difference, upwards)
    if p2 is None:
        return None
    mean = (p1 + p2) / 2
    z_alpha, z_beta = z_two_sided(alpha), z_quantile(power)
    spread = z_alpha * math.sqrt(2 * mean * (1 - mean)) + z_beta * math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    return math.ceil(spread**2 / difference**2 - 1e-9)


def detectable_difference(needed, items: int, largest: float = 1.0) -> float | None:
    """The smallest difference (up to `largest`) for which `needed(difference)` is at most `items`.

    `needed` falls as the difference grows, so bisection finds the crossing; None when even
    the largest difference needs more items than there are.
    """
    low, high = SMALLEST_DIFFERENCE, largest
    size = needed(high)
    if size is None or size > items:
        return None
    for _ in range(80):
        middle = (low + high) / 2
        size = needed(middle)
        if size is not None and size <= items:
            high = middle
        else:
            low = middle
    return high


def unpaired_detectable_difference(
    accuracy: float, items: int, alpha: float, power: float = 0.8, towards: float = 0.0
) -> float | None:
    """The smallest difference Fleiss's formula says `items` per approach detect with `power`.

    Fleiss's size inverted at the given items. The other accuracy lies on one side of
    `accuracy` throughout: the side `unpaired_items_needed` takes for the difference `towards`
    (upwards where it has room), or the roomier side when no such difference is given, so the
    size needed for `towards` and the detectable difference never contradict each other.
    """
    upwards = accuracy + towards <= 1 if towards > 0 else accuracy <= 0.5
    room = (1 - accuracy) if upwards else accuracy
    largest = min(room, 1 - SMALLEST_DIFFERENCE)
    if largest < SMALLEST_DIFFERENCE:
        return None
    return detectable_difference(
        lambda delta: unpaired_items_needed(accuracy, delta, alpha, power, upwards), items, largest
    )
