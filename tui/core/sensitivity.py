"""Flip points (SPEC §8): for each answer, the nearest values at which the recommendation changes.

Holding every other answer fixed, a rule of SPEC §5 can only change at a band edge (1,000 and
10,000 calls a month; 200 and 1,000 labelled examples) or where fine-tuning starts or stops
paying back within the horizon. Both the monthly gain S·V − ΔF − ΔM/12 and the net saving
H·(monthly gain) − C are linear in each single answer, so those places are the roots of two
straight lines, found exactly from two evaluations; the recommendation is then checked at and
just beyond each candidate. Nothing is sampled on a grid, so no flip is missed between samples.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from tui.core import economics as econ
from tui.core.gap import performance_gap
from tui.core.models import CHANGE_FREQUENCIES, TOKEN_FIELDS, Answers

Decide = Callable[[Answers], str]

BAND_EDGES = {"volume.calls_per_month": (1_000.0, 10_000.0), "data.labelled_examples": (200.0, 1_000.0)}
WHOLE = ("data.labelled_examples", "assessment.horizon_months")
NUDGE = 1e-9  # "just beyond" a flip point, relative to its size


class Flip(NamedTuple):
    """Where the recommendation changes, and what it changes to just beyond that value."""

    value: float
    recommendation: str


class FlipPoints(NamedTuple):
    path: str
    current: float
    below: Flip | None
    above: Flip | None


class Alternatives(NamedTuple):
    """What each change frequency would give, the others held fixed."""

    path: str
    current: str
    alternatives: dict[str, str]


def covered(answers: Answers) -> list[str]:
    """The answers SPEC §8 covers for these answers, in the order reports list them."""
    paths = ["volume.calls_per_month"]
    for side in ("prompted", "fine_tuned"):
        table = getattr(answers.volume, side)
        names = TOKEN_FIELDS if table.uses_tokens else ("cost_per_call_usd",)
        paths += [f"volume.{side}.{name}" for name in names]
        paths.append(f"volume.{side}.hosting_usd_per_month")
    paths += [
        f"stability.{name}"
        for name in (
            "forced_retrains_per_year",
            "retrain_compute_usd",
            "reevaluation_usd",
            "engineering_usd_per_cycle",
            "prompt_update_usd_per_change",
        )
    ]
    paths += [
        f"data.{name}"
        for name in ("labelled_examples", "preparation_usd", "training_compute_usd", "pipeline_setup_usd")
    ]
    paths += ["performance.evaluation_usd", "assessment.horizon_months"]
    if answers.performance.status == "evaluated":
        paths.append("performance.cost_per_error_usd")
    return paths


def value_of(answers: Answers, path: str) -> Any:
    """The answer at a dotted path; an optional answer left out counts as 0."""
    node = _given(answers, path)
    return 0.0 if node is None else node


def with_value(answers: Answers, path: str, value: Any) -> Answers:
    """A copy of the answers with one answer replaced (every table on the way copied too)."""
    head, _, rest = path.partition(".")
    if not rest:
        return answers.model_copy(update={head: value})
    return answers.model_copy(update={head: with_value(getattr(answers, head), rest, value)})


def ceiling(path: str) -> float:
    """The largest value the answers file accepts for this answer (SPEC §6)."""
    model: Any = Answers
    *tables, name = path.split(".")
    for table in tables:
        model = model.model_fields[table].annotation
    for constraint in model.model_fields[name].metadata:
        high = getattr(constraint, "le", None)
        if high is not None:
            return float(high)
    raise ValueError(f"{path} has no ceiling")


def floor(path: str) -> float:
    return 1.0 if path == "assessment.horizon_months" else 0.0


def flip_points(
    answers: Answers, path: str, decide: Decide, lines_now: tuple[float | None, float | None] | None = None
) -> FlipPoints:
    """The nearest values below and above the current one at which the recommendation changes.

    `lines_now` is `_lines(answers)`, when the caller has it already."""
    current = float(value_of(answers, path))
    now = decide(answers)
    whole = path in WHOLE

    def at(value: float) -> str:
        return decide(with_value(answers, path, int(value) if whole else value))

    low, high = floor(path), ceiling(path)
    edges = set(_breakpoints(answers, path, lines_now))
    if whole:
        below, above = _whole_flips(sorted(edges | {low, high, current}), current, now, at, low, high)
    else:
        # The current value is walked from only where a rule can change (it is then one of the
        # edges): elsewhere the recommendation just beside it is the current one.
        candidates = sorted(edges | {low, high})
        below = _flip_below(candidates, current, now, at, low)
        above = _flip_above(candidates, current, now, at, high)
    return FlipPoints(path=path, current=current, below=below, above=above)


def _flip_below(
    candidates: list[float], current: float, now: str, at: Callable[[float], str], low: float
) -> Flip | None:
    """sup{v < current : recommendation(v) != now}, with what it becomes just below it."""
    return _flip_towards(reversed([c for c in candidates if low <= c <= current]), current, now, at, low, -1)


def _flip_above(
    candidates: list[float], current: float, now: str, at: Callable[[float], str], high: float
) -> Flip | None:
    """inf{v > current : recommendation(v) != now}, with what it becomes just above it."""
    return _flip_towards([c for c in candidates if current <= c <= high], current, now, at, high, 1)


def _flip_towards(
    points: Iterable[float], current: float, now: str, at: Callable[[float], str], limit: float, direction: int
) -> Flip | None:
    """The first candidate, walking from the current value towards `limit`, past which the
    recommendation is another.

    Between two candidates the recommendation cannot change, and at a candidate it equals its
    value on one side (every rule's condition holds on a half-line of any one answer), so one
    look just beyond each candidate finds the flip.
    """
    for point in points:
        if point != limit:
            beyond = at(_clamp(point + direction * _step(point), limit, direction))
        elif point != current:
            beyond = at(point)
        else:
            continue
        if beyond != now:
            return Flip(point, beyond)
    return None


def _clamp(value: float, limit: float, direction: int) -> float:
    return min(value, limit) if direction > 0 else max(value, limit)


def _whole_flips(
    candidates: list[float], current: float, now: str, at: Callable[[float], str], low: float, high: float
) -> tuple[Flip | None, Flip | None]:
    """The nearest whole numbers below and above the current one that change the recommendation."""
    near: set[int] = set()
    for point in candidates:
        base = math.floor(point)
        near.update(base + offset for offset in (-1, 0, 1, 2))
    integers = sorted(n for n in near if low <= n <= high)
    below = next((Flip(float(n), r) for n in reversed(integers) if n < current and (r := at(n)) != now), None)
    above = next((Flip(float(n), r) for n in integers if n > current and (r := at(n)) != now), None)
    return below, above


def _step(point: float) -> float:
    return max(abs(point) * NUDGE, 1e-12)


def _breakpoints(
    answers: Answers, path: str, lines_now: tuple[float | None, float | None] | None = None
) -> Iterable[float]:
    """Where a rule can change along this answer: band edges and the payback roots."""
    yield from BAND_EDGES.get(path, ())
    start = float(value_of(answers, path))
    other = start * 2 + 1
    if lines_now is not None and _given(answers, path) == _typed(path, start):
        first = lines_now  # the answer as given: the lines are the answers' own
    else:
        first = _lines(with_value(answers, path, _typed(path, start)))
    second = _lines(with_value(answers, path, _typed(path, other)))
    for at_start, at_other in zip(first, second, strict=True):
        if at_start is None or at_other is None or at_start == at_other:
            continue
        root = start - at_start * (other - start) / (at_other - at_start)
        if math.isfinite(root):
            yield root


def _given(answers: Answers, path: str) -> Any:
    """The answer at a dotted path as given (None when left out)."""
    node: Any = answers
    for part in path.split("."):
        node = getattr(node, part)
    return node


def _typed(path: str, value: float) -> Any:
    return int(round(value)) if path in WHOLE else value


def _lines(answers: Answers) -> tuple[float | None, float | None]:
    """The two figures that are straight lines in any one answer: the monthly gain
    S·V − ΔF − ΔM/12 (its sign says whether fine-tuning can ever pay back) and the net saving."""
    e = _economics(answers)
    saving = e.effective_saving_usd
    if saving is None or e.calls_per_month is None or e.annual_maintenance_tax_usd is None:
        return None, e.net_saving_usd_over_horizon
    gain = saving * e.calls_per_month - e.hosting_delta_usd_per_month - e.annual_maintenance_tax_usd / 12
    return gain, e.net_saving_usd_over_horizon


def _net_saving(answers: Answers) -> float | None:
    return _economics(answers).net_saving_usd_over_horizon


def _economics(answers: Answers) -> econ.Economics:
    return econ.compute(answers, performance_gap(answers).error_rates)


def frequency_alternatives(answers: Answers, decide: Decide) -> Alternatives:
    """The recommendation for every change frequency, the other answers held fixed."""
    current = answers.stability.change_frequency or ""
    results = {
        frequency: decide(with_value(answers, "stability.change_frequency", frequency))
        for frequency in CHANGE_FREQUENCIES
    }
    return Alternatives(path="stability.change_frequency", current=current, alternatives=results)


class Sensitivity(NamedTuple):
    """Every covered answer's flip points, and what each change frequency would give."""

    flips: list[FlipPoints]
    frequency: Alternatives


def sensitivity(answers: Answers, decide: Decide) -> Sensitivity:
    """Flip points for every covered answer, and the change-frequency alternatives."""
    now = decide(answers)

    def decide_changed(changed: Answers) -> str:  # the answers as given are decided once, not once per answer
        return now if changed is answers else decide(changed)

    lines_now = _lines(answers)
    flips = [flip_points(answers, path, decide_changed, lines_now) for path in covered(answers)]
    return Sensitivity(flips=flips, frequency=frequency_alternatives(answers, decide_changed))


class Swing(NamedTuple):
    """The net saving over the horizon with one answer 25% lower and 25% higher."""

    path: str
    current: float
    lower: float
    higher: float
    net_at_lower: float
    net_at_higher: float

    @property
    def size(self) -> float:
        return abs(self.net_at_higher - self.net_at_lower)


def tornado(answers: Answers, share: float = 0.25) -> list[Swing]:
    """How far the net saving moves with each answer `share` lower and higher, widest first."""
    swings = []
    for path in covered(answers):
        current = float(value_of(answers, path))
        low, high = current * (1 - share), min(current * (1 + share), ceiling(path))
        if path in WHOLE:
            low, high = max(math.floor(low), floor(path)), math.ceil(high)
        net_low = _net_saving(with_value(answers, path, _typed(path, low)))
        net_high = _net_saving(with_value(answers, path, _typed(path, high)))
        if net_low is None or net_high is None or net_low == net_high:
            continue
        swings.append(Swing(path, current, low, high, net_low, net_high))
    return sorted(swings, key=lambda swing: -swing.size)
