"""Intervals and power for the performance gap, in pure Python (the `math` module only).

Accuracy differences are always "first minus second" in the argument order documented on each
function; the callers pass fine-tuned first, so a positive difference favours fine-tuning.

- Paired counts: Tango's (1998) asymptotic score interval, with Newcombe's (1998b, method 10)
  square-and-add interval from Wilson scores as the documented alternative.
- Unpaired counts: Newcombe's (1998a, method 10) hybrid score interval.
- Per-item scores: the paired-t interval of the mean difference and a sign-flip permutation
  p-value (exact when few items differ, seeded random flips beyond).
- Power: the normal-approximation power behind Connor's and Fleiss's sample sizes (the sizes
  themselves live in `tui.core.stats`).
"""

from __future__ import annotations

import bisect
import math
import random
from collections import Counter

from tui.core import stats


def _normal():
    """The standard normal distribution (statistics is imported on first use, not at start-up)."""
    from statistics import NormalDist

    return NormalDist()


EXACT_FLIP_LIMIT = 20
RANDOM_FLIPS = 10_000
FLIP_SEED = 20_240_229
_CHUNK = 8  # items per lookup table in the random sign-flip loop


def z_critical(level: float) -> float:
    """The two-sided standard normal critical value for a `level` interval (1.96 for 0.95).

    A level of 0 or less (the 1 - 2 alpha of an alpha of 0.5 or more) is the point estimate.
    """
    if level <= 0:
        return 0.0
    return _normal().inv_cdf(0.5 + level / 2)


# --- Paired counts -------------------------------------------------------------------------


def _tango_nuisance(delta: float, n12: int, n21: int, n: int) -> float:
    """The restricted maximum-likelihood estimate of P(cell 21) given the difference `delta`."""
    a = 2.0 * n
    b = -n12 - n21 + (2.0 * n - n12 + n21) * delta
    c = -n21 * delta * (1.0 - delta)
    root = math.sqrt(max(b * b - 4.0 * a * c, 0.0))
    if b > 0:  # the stable form of the non-negative root when the textbook form would cancel
        return -2.0 * c / (b + root)
    return (root - b) / (2.0 * a)


def tango_statistic(delta: float, n12: int, n21: int, n: int) -> float:
    """Tango's score statistic for the paired difference (n12 - n21) / n under `delta`."""
    q21 = _tango_nuisance(delta, n12, n21, n)
    numerator = n12 - n21 - n * delta
    variance = n * (2.0 * q21 + delta * (1.0 - delta))
    if variance <= 0.0:
        return 0.0 if numerator == 0 else math.copysign(math.inf, numerator)
    return numerator / math.sqrt(variance)


def _decreasing_root(f, low: float, high: float) -> float:
    """The point in (low, high) where the decreasing function f crosses zero, by bisection."""
    for _ in range(200):
        middle = (low + high) / 2
        if middle in (low, high):
            break
        if f(middle) > 0:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def tango_interval(n12: int, n21: int, n: int, level: float = 0.95, z: float | None = None) -> tuple[float, float]:
    """Tango's score interval for the paired difference (n12 - n21) / n.

    n12 counts the items only the first approach got right, n21 those only the second got right.
    The bounds are the roots of the score statistic at plus and minus the critical value; `z`,
    when given, is that critical value (exact for a level too close to 1 for a float).
    """
    if n <= 0:
        raise ValueError("Tango's interval needs at least one item")
    z = z_critical(level) if z is None else z
    estimate = (n12 - n21) / n
    if n21 == n:
        low = -1.0
    else:
        low = _decreasing_root(lambda d: tango_statistic(d, n12, n21, n) - z, -1.0, estimate)
    if n12 == n:
        high = 1.0
    else:
        high = _decreasing_root(lambda d: tango_statistic(d, n12, n21, n) + z, estimate, 1.0)
    return max(-1.0, low), min(1.0, high)


def _wilson_pieces(successes: int, trials: int, level: float, z: float | None = None) -> tuple[float, float, float]:
    """(estimate, distance down to Wilson's lower bound, distance up to its upper bound)."""
    low, high = stats.wilson_interval(successes, trials, z_critical(level) if z is None else z)
    p = successes / trials
    return p, p - low, high - p


def newcombe_paired_interval(
    a: int, b: int, c: int, d: int, level: float = 0.95, z: float | None = None
) -> tuple[float, float]:
    """Newcombe's square-and-add interval (method 10) for the paired difference (b - c) / n.

    The table is a = both right, b = only the first right, c = only the second right, d = both
    wrong. The correlation term uses Newcombe's corrected phi, as in Fagerland, Lydersen and
    Laake's implementation; it is set to 0 when a margin is empty.
    """
    n = a + b + c + d
    if n <= 0:
        raise ValueError("Newcombe's interval needs at least one item")
    p1, down1, up1 = _wilson_pieces(a + b, n, level, z)
    p2, down2, up2 = _wilson_pieces(a + c, n, level, z)
    phi = _corrected_phi(a, b, c, d)
    low = (p1 - p2) - math.sqrt(max(down1**2 - 2 * phi * down1 * up2 + up2**2, 0.0))
    high = (p1 - p2) + math.sqrt(max(up1**2 - 2 * phi * up1 * down2 + down2**2, 0.0))
    return max(-1.0, low), min(1.0, high)


def _corrected_phi(a: int, b: int, c: int, d: int) -> float:
    """The phi correlation of the paired table, shrunk towards 0 by n/2 when positive."""
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    if margins == 0:
        return 0.0
    cross: float = a * d - b * c
    n = a + b + c + d
    if cross > n / 2:
        cross -= n / 2
    elif cross >= 0:
        cross = 0
    return cross / math.sqrt(margins)


# --- Unpaired counts -----------------------------------------------------------------------


def newcombe_unpaired_interval(
    x1: int, n1: int, x2: int, n2: int, level: float = 0.95, z: float | None = None
) -> tuple[float, float]:
    """Newcombe's hybrid score interval (method 10) for x1/n1 - x2/n2 from independent samples."""
    if n1 <= 0 or n2 <= 0:
        raise ValueError("Newcombe's interval needs at least one item in each sample")
    p1, down1, up1 = _wilson_pieces(x1, n1, level, z)
    p2, down2, up2 = _wilson_pieces(x2, n2, level, z)
    low = (p1 - p2) - math.sqrt(down1**2 + up2**2)
    high = (p1 - p2) + math.sqrt(up1**2 + down2**2)
    return max(-1.0, low), min(1.0, high)


# --- Student's t, through the regularized incomplete beta function --------------------------


def regularized_beta(a: float, b: float, x: float, complement: float | None = None) -> float:
    """I_x(a, b), the regularized incomplete beta function, by Lentz's continued fraction.

    `complement` is 1 - x when the caller knows it more precisely than the subtraction would.
    """
    y = 1.0 - x if complement is None else complement
    if not 0.0 <= x <= 1.0:
        raise ValueError("x must lie in [0, 1]")
    if x == 0.0 or y == 0.0:
        return 0.0 if x == 0.0 else 1.0
    log_x = math.log1p(-y) if x > 0.5 else math.log(x)
    log_y = math.log1p(-x) if y > 0.5 else math.log(y)
    log_front = a * log_x + b * log_y - _log_beta(a, b)
    if x < (a + 1) / (a + b + 2):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, y) / b


def _log_beta(a: float, b: float) -> float:
    """ln B(a, b), without the cancellation of lgamma differences when one argument is large."""
    small, big = min(a, b), max(a, b)
    if big < 15:
        return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)
    # ln Γ(big + small) - ln Γ(big) from Stirling's series, term by term.
    rise = (big - 0.5) * math.log1p(small / big) + small * math.log(big + small) - small
    rise += _stirling_tail(big + small) - _stirling_tail(big)
    return math.lgamma(small) - rise


def _stirling_tail(x: float) -> float:
    """ln Γ(x) - ((x - 1/2) ln x - x + ln(2π)/2) for x >= 15, to double precision."""
    inverse = 1.0 / x
    square = inverse * inverse
    return inverse * (1 / 12 - square * (1 / 360 - square * (1 / 1260 - square * (1 / 1680 - square / 1188))))


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz method)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 10_000):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= c * d
        if abs(c * d - 1.0) < 1e-16:
            break
    return result


def t_two_sided_p(t: float, df: float) -> float:
    """P[|T| >= |t|] for Student's t with `df` degrees of freedom."""
    if df <= 0:
        raise ValueError("degrees of freedom must be positive")
    if math.isinf(t):
        return 0.0
    square = t * t
    return regularized_beta(df / 2, 0.5, df / (df + square), square / (df + square))


def t_cdf(t: float, df: float) -> float:
    """P[T <= t] for Student's t with `df` degrees of freedom."""
    tail = t_two_sided_p(t, df) / 2
    return 1.0 - tail if t > 0 else tail


def t_quantile(probability: float, df: float) -> float:
    """The inverse of `t_cdf`: the t with P[T <= t] = probability."""
    if not 0.0 < probability < 1.0:
        raise ValueError("probability must lie strictly between 0 and 1")
    if probability == 0.5:
        return 0.0
    tail = min(probability, 1.0 - probability)
    # Solve P[|T| >= t] = 2 * tail on t > 0; the two-sided tail decreases in t.
    high = max(1.0, abs(_normal().inv_cdf(tail)))
    while t_two_sided_p(high, df) > 2 * tail:
        high *= 2
    magnitude = _decreasing_root(lambda t: t_two_sided_p(t, df) - 2 * tail, 0.0, high)
    return magnitude if probability > 0.5 else -magnitude


def paired_t_interval(differences: list[float], level: float = 0.95) -> tuple[float, float] | None:
    """The paired-t interval for the mean of per-item differences; None with fewer than 2 items."""
    n = len(differences)
    if n < 2:
        return None
    mean = math.fsum(differences) / n
    variance = math.fsum((x - mean) ** 2 for x in differences) / (n - 1)
    half = t_quantile(0.5 + level / 2, n - 1) * math.sqrt(variance / n)
    return mean - half, mean + half


def paired_t_p_value(differences: list[float]) -> float | None:
    """The paired t-test's two-sided p-value (shown for reference only; see `sign_flip_p_value`)."""
    n = len(differences)
    if n < 2:
        return None
    mean = math.fsum(differences) / n
    variance = math.fsum((x - mean) ** 2 for x in differences) / (n - 1)
    if variance == 0:
        return 1.0 if mean == 0 else 0.0
    return t_two_sided_p(mean / math.sqrt(variance / n), n - 1)


# --- Sign-flip permutation test ------------------------------------------------------------


def sign_flip_p_value(
    differences: list[float],
    exact_limit: int = EXACT_FLIP_LIMIT,
    resamples: int = RANDOM_FLIPS,
    seed: int = FLIP_SEED,
) -> tuple[float, str]:
    """Two-sided sign-flip p-value of the mean per-item difference, and "exact" or "random".

    Items with no difference cannot change the sum under a flip, so they are left out; when at
    most `exact_limit` items differ every sign pattern is counted, otherwise `resamples` random
    patterns drawn from a generator seeded with `seed` give (hits + 1) / (resamples + 1).
    """
    nonzero = [x for x in differences if x != 0]
    if not nonzero:
        return 1.0, "exact"
    observed = abs(math.fsum(nonzero))
    threshold = observed - 1e-12 * math.fsum(abs(x) for x in nonzero)
    if len(nonzero) <= exact_limit:
        return _exact_flip_share(nonzero, threshold), "exact"
    return _random_flip_share(nonzero, threshold, resamples, seed), "random"


def _flip_sums(values: list[float]) -> list[float]:
    """The sum of `values` under every one of the 2^len sign patterns."""
    sums = [0.0]
    for value in values:
        sums = [s + value for s in sums] + [s - value for s in sums]
    return sums


def _exact_flip_share(values: list[float], threshold: float) -> float:
    """The share of all sign patterns whose |sum| reaches `threshold` (meet in the middle)."""
    if threshold <= 0:
        return 1.0
    half = len(values) // 2
    left, right = _flip_sums(values[:half]), sorted(_flip_sums(values[half:]))
    hits = 0
    for s in left:
        hits += len(right) - bisect.bisect_left(right, threshold - s)
        hits += bisect.bisect_right(right, -threshold - s)
    return min(1.0, hits / (len(left) * len(right)))


def _random_flip_share(values: list[float], threshold: float, resamples: int, seed: int) -> float:
    """(hits + 1) / (resamples + 1) over seeded random sign patterns."""
    generator = random.Random(seed)
    sizes = Counter(abs(v) for v in values)
    if len(sizes) * _CHUNK <= len(values):
        draw = _grouped_flip_sum(sorted(sizes.items()), generator)
    else:
        draw = _chunked_flip_sum(values, generator)
    hits = sum(1 for _ in range(resamples) if abs(draw()) >= threshold)
    return (hits + 1) / (resamples + 1)


def _grouped_flip_sum(sizes: list[tuple[float, int]], generator: random.Random):
    """A sampler of flipped sums for few distinct sizes (rubric scores): one draw per size."""

    def draw() -> float:
        return sum(size * (2 * generator.getrandbits(count).bit_count() - count) for size, count in sizes)

    return draw


def _chunked_flip_sum(values: list[float], generator: random.Random):
    """A sampler of flipped sums for many distinct sizes: a lookup table per eight items."""
    tables = [_flip_sums_by_bits(values[i : i + _CHUNK]) for i in range(0, len(values), _CHUNK)]
    width = _CHUNK * len(tables)

    def draw() -> float:
        bits, total = generator.getrandbits(width), 0.0
        for table in tables:
            total += table[bits & 0xFF]
            bits >>= _CHUNK
        return total

    return draw


def _flip_sums_by_bits(values: list[float]) -> list[float]:
    """256 sums of up to eight values: bit i of the index set means value i is negated."""
    sums = []
    for pattern in range(1 << _CHUNK):
        sums.append(math.fsum(-v if pattern >> i & 1 else v for i, v in enumerate(values)))
    return sums


# --- Power ---------------------------------------------------------------------------------


def paired_power(items: int, discordance: float, difference: float, alpha: float) -> float | None:
    """Approximate power of McNemar's test on `items` items (the model behind Connor's size)."""
    if items <= 0 or difference <= 0 or difference > 1:
        return None
    psi = min(1.0, max(discordance, difference))
    spread = math.sqrt(max(psi - difference**2, 0.0))
    z_alpha = stats.z_two_sided(alpha)
    shift = difference * math.sqrt(items) - z_alpha * math.sqrt(psi)
    if spread == 0:
        return 1.0 if shift > 0 else 0.0
    return _normal().cdf(shift / spread)


def unpaired_power(items: int, accuracy: float, difference: float, alpha: float) -> float | None:
    """Approximate power of the pooled z-test with `items` per approach (Fleiss's model)."""
    if items <= 0 or difference <= 0 or difference >= 1:
        return None
    p1, p2 = accuracy, stats.other_accuracy(accuracy, difference)
    if p2 is None:
        return None
    mean = (p1 + p2) / 2
    spread = math.sqrt(p1 * (1 - p1) + p2 * (1 - p2))
    z_alpha = stats.z_two_sided(alpha)
    shift = difference * math.sqrt(items) - z_alpha * math.sqrt(2 * mean * (1 - mean))
    if spread == 0:
        return 1.0 if shift > 0 else 0.0
    return _normal().cdf(shift / spread)
