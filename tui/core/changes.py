"""What would change the recommendation, in words, nearest first (SPEC §8).

Every sentence names one answer and a value for it that, with the other answers as they are,
gives the recommendation the sentence states: the value is the flip point of
`tui.core.sensitivity`, rounded the way it is shown and away from the current answer (so the
sentence stays true), and the rules are asked again at that value before anything is written.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import Any, NamedTuple

from tui.core import fmt
from tui.core.models import CHANGE_FREQUENCIES, Answers
from tui.core.narrative import HOW_OFTEN
from tui.core.narrative import LABELS as RECOMMENDATION_LABELS
from tui.core.questions import BY_PATH
from tui.core.sensitivity import Flip, FlipPoints, Sensitivity, with_value

Decide = Callable[[Answers], str]
Explain = Callable[[Answers], str]

MOST = 6  # sentences at most: the flip-point table in every report has the rest
LABELS = {**RECOMMENDATION_LABELS, "incomplete": "more answers needed"}


class Change(NamedTuple):
    """One answer set to one value, the recommendation the rules then give, and the sentence."""

    path: str
    value: Any
    recommendation: str
    text: str
    distance: float  # 0 (no change) to 1, relative to the larger of the two values


def would_change(
    answers: Answers, now: str, found: Sensitivity, levers: dict[str, Any], decide: Decide, explain: Explain
) -> list[Change]:
    """The nearest changes of any answer that give another recommendation, each checked against the rules."""
    ranked: list[Change] = []
    for points in found.flips:
        for flip, up in ((points.below, False), (points.above, True)):
            if flip is not None:
                ranked += _numeric(answers, now, points, flip, up, decide, explain)
    ranked += _frequencies(answers, now, found, explain)
    ranked += _levers(answers, now, levers, decide, explain)
    ranked.sort(key=lambda change: change.distance)
    return ranked[:MOST]


def _numeric(
    answers: Answers, now: str, points: FlipPoints, flip: Flip, up: bool, decide: Decide, explain: Explain
) -> list[Change]:
    """The sentence for one flip point, at a value shown exactly as it is written."""
    kind = BY_PATH[points.path].kind
    for value in (_rounded(kind, flip.value, up), flip.value):
        typed = _typed(kind, value)
        changed = with_value(answers, points.path, typed)
        outcome = decide(changed)
        if outcome == "incomplete":
            return []  # the change makes another answer necessary: nothing to say about it here
        if outcome != now:
            what = f"{_name(points.path)} at {show(kind, value)} instead of {show(kind, points.current)}"
            text = _sentence(what, outcome, explain(changed))
            return [Change(points.path, typed, outcome, text, _distance(points.current, value))]
    return []


def _frequencies(answers: Answers, now: str, found: Sensitivity, explain: Explain) -> list[Change]:
    """The nearest more frequent and less frequent change that gives another recommendation."""
    current = found.frequency.current
    if current not in CHANGE_FREQUENCIES:
        return []
    here = CHANGE_FREQUENCIES.index(current)
    sentences: list[Change] = []
    for order in (range(here - 1, -1, -1), range(here + 1, len(CHANGE_FREQUENCIES))):
        for index in order:
            frequency = CHANGE_FREQUENCIES[index]
            outcome = found.frequency.alternatives[frequency]
            if outcome != now and outcome != "incomplete":
                changed = with_value(answers, "stability.change_frequency", frequency)
                what = f"Requirements changing {HOW_OFTEN[frequency]} instead of {HOW_OFTEN[current]}"
                text = _sentence(what, outcome, explain(changed))
                distance = abs(index - here) / len(CHANGE_FREQUENCIES)
                sentences.append(Change("stability.change_frequency", frequency, outcome, text, distance))
                break
    return sentences


def _levers(answers: Answers, now: str, levers: dict[str, Any], decide: Decide, explain: Explain) -> list[Change]:
    """Other answers the deciding rule turns on (a critical gap, a cleaner audit), if they do."""
    sentences: list[Change] = []
    for path, value in levers.items():
        changed = with_value(answers, path, value)
        outcome = decide(changed)
        if outcome in (now, "incomplete"):
            continue
        if path == "performance.gap_is_critical":
            what = "Marking the gap as critical" if value else "Not marking the gap as critical"
        else:
            audited = answers.data.audited_examples or 0
            what = f"A label audit finding {value:,} wrong labels or fewer in {audited:,}"
        sentences.append(Change(path, value, outcome, _sentence(what, outcome, explain(changed)), 0.5))
    return sentences


def _sentence(what: str, outcome: str, why: str) -> str:
    return f"{what}: {LABELS[outcome]}, as {why}."


def _distance(current: float, value: float) -> float:
    """How far a change is, relative to the larger of the two values (0 to 1)."""
    size = max(abs(current), abs(value))
    return abs(value - current) / size if size else 0.0


def answer_label(path: str) -> str:
    """A question's label without its unit, which the value shown beside it carries."""
    label = BY_PATH[path].label
    for unit in (" ($)", " (months)", " (pp)"):
        label = label.replace(unit, "")
    return label


def _name(path: str) -> str:
    """A question's label as the subject of a sentence, without its unit."""
    label = answer_label(path)
    side, _, rest = label.partition(": ")
    if rest:
        return f"The {side.lower()} {rest}"
    return label[0].upper() + label[1:]


def show(kind: str, value: float) -> str:
    """An answer's value as reports show it."""
    if kind == "money":
        return fmt.money(value)
    if kind == "price":
        return fmt.per_call(value)
    if kind == "months":
        return f"{int(value)} months"
    if kind == "count":
        return f"{int(value):,}"
    return fmt.count(value)


def _typed(kind: str, value: float) -> Any:
    return int(value) if kind in ("count", "months") else value


def _rounded(kind: str, value: float, up: bool) -> float:
    """`value` moved, in the direction away from the current answer, to one `show` writes exactly."""
    if kind in ("count", "months") or value == 0:
        return value
    size = abs(value)
    if kind == "money":
        step = Decimal(1) if size >= 100 else Decimal("0.01") if size >= 1 else _significant_step(size, 3)
    elif kind == "price":
        step = _significant_step(size, 3)
    else:
        step = _significant_step(size, 3) if size >= 1e6 else Decimal(1) if size >= 100 else Decimal("0.1")
    exact = Decimal(repr(value)) / step
    whole = exact.to_integral_value(rounding=ROUND_CEILING if up else ROUND_FLOOR)
    return float(whole * step)


def _significant_step(size: float, digits: int) -> Decimal:
    return Decimal(1).scaleb(math.floor(math.log10(size)) - digits + 1)
