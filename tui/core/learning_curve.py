"""Learning curves: how accuracy grows with training examples, and what more data would buy.

The error rate is modelled as `error(n) = a * n**(-b) + c` with a, c >= 0 and b > 0: a power
law falling to a floor c, so `1 - c` is the accuracy the approach levels off at. With four or
more points the fit is by variable projection (for each b, a and c are a closed-form
non-negative least-squares solve; b is found by a grid and a golden-section search). With two
or three points a floor cannot be told apart from the slope, so a straight line is fitted to
log(error) against log(n) with c = 0; that assumes errors keep falling towards zero, which makes
the projection optimistic. The uncertainty range comes from a seeded parametric bootstrap.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

MIN_POINTS_FOR_FLOOR = 4
B_LOW, B_HIGH = 1e-3, 10.0
GRID_SIZE = 121
BOOTSTRAP_GRID_SIZE = 41
BOOTSTRAP_TOLERANCE = 1e-6  # relative precision of b in each bootstrap refit
REPLICATES = 1000
SEED = 20_240_229
LEVEL = 0.95

Method = Literal["power_law_with_floor", "log_log_line"]
Noise = Literal["test_set", "residuals"]


@dataclass(frozen=True)
class PowerLaw:
    """error(n) = a * n**(-b) + c."""

    a: float
    b: float
    c: float

    def error(self, examples: float) -> float:
        return self.a * examples ** (-self.b) + self.c

    def accuracy(self, examples: float) -> float:
        return 1.0 - self.error(examples)

    @property
    def ceiling(self) -> float:
        """The accuracy the curve levels off at with unlimited data."""
        return 1.0 - self.c

    @property
    def improves(self) -> bool:
        """Whether accuracy rises with more data under this fit."""
        return self.a > 0 and self.b > 0

    def examples_for(self, accuracy: float) -> float | None:
        """Training examples at which the fitted accuracy reaches `accuracy`; None if never."""
        gap = (1.0 - accuracy) - self.c
        if not self.improves or gap <= 0:
            return None
        return (self.a / gap) ** (1.0 / self.b)


# --- Fitting -------------------------------------------------------------------------------


def _nonnegative_line(x: Sequence[float], y: Sequence[float]) -> tuple[float, float, float]:
    """(a, c, residual sum of squares) of y ~ a*x + c with a, c >= 0 (least squares)."""
    n = len(x)
    mean_x, mean_y = sum(x) / n, sum(y) / n
    sxx = sum((xi - mean_x) ** 2 for xi in x)
    sxy = sum((xi - mean_x) * (yi - mean_y) for xi, yi in zip(x, y, strict=False))
    candidates = [(0.0, max(mean_y, 0.0))]
    if sxx > 0:
        a = sxy / sxx
        if a >= 0 and mean_y - a * mean_x >= 0:
            candidates.append((a, mean_y - a * mean_x))
    candidates.append((max(sum(xi * yi for xi, yi in zip(x, y, strict=False)) / sum(xi * xi for xi in x), 0.0), 0.0))
    best = None
    for a, c in candidates:
        rss = sum((yi - a * xi - c) ** 2 for xi, yi in zip(x, y, strict=False))
        if best is None or rss < best[2]:
            best = (a, c, rss)
    return best  # type: ignore[return-value]


def _projected(b: float, logs: Sequence[float], errors: Sequence[float]) -> tuple[float, float, float]:
    """The best (a, c, rss) for a fixed exponent b."""
    return _nonnegative_line([math.exp(-b * t) for t in logs], errors)


def fit_with_floor(
    examples: Sequence[float], errors: Sequence[float], grid_size: int = GRID_SIZE, tolerance: float = 1e-13
) -> PowerLaw:
    """Least-squares fit of error = a*n^(-b) + c (a, c >= 0) by variable projection over b."""
    logs = [math.log(n) for n in examples]
    step = math.log(B_HIGH / B_LOW) / (grid_size - 1)
    grid = [B_LOW * math.exp(i * step) for i in range(grid_size)]
    scores = [_projected(b, logs, errors)[2] for b in grid]
    best = min(range(grid_size), key=scores.__getitem__)
    low, high = grid[max(best - 1, 0)], grid[min(best + 1, grid_size - 1)]
    b = _golden_minimum(lambda value: _projected(value, logs, errors)[2], low, high, tolerance)
    a, c, rss = _projected(b, logs, errors)
    if scores[best] < rss:
        b = grid[best]
        a, c, _ = _projected(b, logs, errors)
    return PowerLaw(a, b, c)


def _golden_minimum(f, low: float, high: float, tolerance: float) -> float:
    """The minimiser of a unimodal f on [low, high] by golden-section search."""
    ratio = (math.sqrt(5) - 1) / 2
    x1, x2 = high - ratio * (high - low), low + ratio * (high - low)
    f1, f2 = f(x1), f(x2)
    for _ in range(200):
        if high - low <= tolerance * max(1.0, abs(high)):
            break
        if f1 <= f2:
            high, x2, f2 = x2, x1, f1
            x1 = high - ratio * (high - low)
            f1 = f(x1)
        else:
            low, x1, f1 = x1, x2, f2
            x2 = low + ratio * (high - low)
            f2 = f(x2)
    return x1 if f1 <= f2 else x2


def fit_log_log(examples: Sequence[float], errors: Sequence[float]) -> PowerLaw:
    """Ordinary least squares of log(error) on log(n): a power law with no floor (c = 0)."""
    xs = [math.log(n) for n in examples]
    ys = [math.log(e) for e in errors]
    mean_x, mean_y = math.fsum(xs) / len(xs), math.fsum(ys) / len(ys)
    sxx = math.fsum((x - mean_x) ** 2 for x in xs)
    slope = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=False)) / sxx
    return PowerLaw(math.exp(mean_y - slope * mean_x), -slope, 0.0)


def fit(
    examples: Sequence[float], errors: Sequence[float], grid_size: int = GRID_SIZE, tolerance: float = 1e-13
) -> tuple[PowerLaw, Method]:
    """The fit the number of points allows: with a floor from four points, log-log below that."""
    if len(examples) >= MIN_POINTS_FOR_FLOOR:
        return fit_with_floor(examples, errors, grid_size, tolerance), "power_law_with_floor"
    return fit_log_log(examples, errors), "log_log_line"


# --- Projection with uncertainty -----------------------------------------------------------


@dataclass(frozen=True)
class Prediction:
    examples: int
    accuracy: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Projection:
    """What the fitted curve says about more data; ranges are 95% bootstrap percentiles."""

    points: tuple[tuple[int, float], ...]
    method: Method
    law: PowerLaw
    improves: bool
    largest_examples: int
    at_2x: Prediction | None
    at_4x: Prediction | None
    target_accuracy: float | None
    examples_for_target: float | None
    examples_for_target_low: float | None
    examples_for_target_high: float | None
    noise: Noise | None
    replicates: int
    seed: int

    @property
    def optimistic(self) -> bool:
        """True when the fit assumes no accuracy ceiling (fewer than four points)."""
        return self.method == "log_log_line"

    @property
    def target_reachable(self) -> bool | None:
        if self.target_accuracy is None or not self.improves:
            return None
        return self.target_accuracy < self.law.ceiling


def project(
    points: Sequence[tuple[int, float]],
    target_accuracy: float | None = None,
    test_items: int | None = None,
    replicates: int = REPLICATES,
    seed: int = SEED,
) -> Projection:
    """Fit the curve to (examples, accuracy) points and project 2x and 4x the largest point."""
    ordered = tuple(sorted((int(n), float(acc)) for n, acc in points))
    if len({n for n, _ in ordered}) < 2 or len(ordered) != len({n for n, _ in ordered}):
        raise ValueError("a learning curve needs two or more points with different numbers of examples")
    if any(n < 1 or not 0.0 <= acc < 1.0 for n, acc in ordered):
        raise ValueError("examples must be at least 1 and accuracies in [0, 1)")
    examples = [n for n, _ in ordered]
    errors = [1.0 - acc for _, acc in ordered]
    law, method = fit(examples, errors)
    largest = examples[-1]
    improves = law.improves
    noise, draws = _bootstrap(law, method, examples, errors, test_items, replicates, seed) if improves else (None, [])
    predictions: list[Prediction | None] = []
    for factor in (2, 4):
        if not improves:
            predictions.append(None)
            continue
        values = [replicate.accuracy(factor * largest) for replicate in draws]
        low, high = _percentile_range(values)
        predictions.append(Prediction(factor * largest, law.accuracy(factor * largest), low, high))
    needed = law.examples_for(target_accuracy) if target_accuracy is not None else None
    needed_low = needed_high = None
    if needed is not None and draws and target_accuracy is not None:
        wanted = target_accuracy
        reached = [replicate.examples_for(wanted) for replicate in draws]
        needed_low, needed_high = _percentile_range([math.inf if v is None else v for v in reached])
    return Projection(
        points=ordered,
        method=method,
        law=law,
        improves=improves,
        largest_examples=largest,
        at_2x=predictions[0],
        at_4x=predictions[1],
        target_accuracy=target_accuracy,
        examples_for_target=needed,
        examples_for_target_low=needed_low,
        examples_for_target_high=needed_high,
        noise=noise,
        replicates=len(draws),
        seed=seed,
    )


def _bootstrap(
    law: PowerLaw,
    method: Method,
    examples: list[int],
    errors: list[float],
    test_items: int | None,
    replicates: int,
    seed: int,
) -> tuple[Noise | None, list[PowerLaw]]:
    """Refits to curves simulated from the fitted one, with the noise the data allow.

    With a known test-set size each simulated accuracy gets binomial-sized noise (normal
    approximation) for that many items; otherwise the spread of the residuals is used, when
    there are more points than parameters.
    """
    fitted = [law.error(n) for n in examples]
    floor = 0.5 / test_items if test_items else 1e-9
    if test_items:
        noise: Noise = "test_set"
        spreads = [math.sqrt(max(e * (1 - e), floor * (1 - floor)) / test_items) for e in fitted]
        in_logs = False
    else:
        parameters = 3 if method == "power_law_with_floor" else 2
        spare = len(examples) - parameters
        if spare <= 0:
            return None, []
        noise = "residuals"
        in_logs = method == "log_log_line"
        if in_logs:
            residuals = [math.log(e) - math.log(f) for e, f in zip(errors, fitted, strict=False)]
        else:
            residuals = [e - f for e, f in zip(errors, fitted, strict=False)]
        sigma = math.sqrt(math.fsum(r * r for r in residuals) / spare)
        spreads = [sigma] * len(examples)
    generator = random.Random(seed)
    draws = []
    for _ in range(replicates):
        if in_logs:
            simulated = [f * math.exp(generator.gauss(0.0, s)) for f, s in zip(fitted, spreads, strict=False)]
        else:
            simulated = [
                min(max(f + generator.gauss(0.0, s), floor), 1.0) for f, s in zip(fitted, spreads, strict=False)
            ]
        draws.append(fit(examples, simulated, BOOTSTRAP_GRID_SIZE, BOOTSTRAP_TOLERANCE)[0])
    return noise, draws


def percentile(values: Sequence[float], share: float) -> float:
    """The `share` quantile with linear interpolation between order statistics."""
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    if ordered[above] == math.inf:
        return math.inf if position > below or ordered[below] == math.inf else ordered[below]
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _percentile_range(values: list[float]) -> tuple[float | None, float | None]:
    """The central 95% range of `values`; an infinite end (never reached) becomes None."""
    if not values:
        return None, None
    low, high = percentile(values, (1 - LEVEL) / 2), percentile(values, (1 + LEVEL) / 2)
    return (None if math.isinf(low) else low), (None if math.isinf(high) else high)
