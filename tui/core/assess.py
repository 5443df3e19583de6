"""From answers to a recommendation (SPEC §2, §5): bands, missing answers, and the one entry point.

`assess(answers)` is what the wizard, the command line and the exports share, so every screen
and every report shows the same figures. The evidence is measured in `gap`, the money in
`economics`, the decision taken in `rules` and put into words in `narrative`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from tui.core import economics as econ
from tui.core import fmt, narrative
from tui.core.gap import Audit, Gap, gap_verdict, label_audit, performance_gap
from tui.core.models import PAIRED_FIELDS, TOKEN_FIELDS, TRAINING_TOKEN_FIELDS, UNPAIRED_FIELDS, Answers, Side
from tui.core.narrative import CI_METHODS, LABELS, interval_sentence
from tui.core.rules import BY_NUMBER, DECIDING, RECOMMENDATIONS, Context, first_matching_rule

if TYPE_CHECKING:
    from tui.core import changes, sensitivity
    from tui.core import learning_curve as curves

__all__ = [
    "CI_METHODS",
    "DECIDING",
    "LABELS",
    "RECOMMENDATIONS",
    "STABILITY_BANDS",
    "Assessment",
    "Gap",
    "assess",
    "data_band",
    "gap_verdict",
    "interval_sentence",
    "missing_answers",
    "performance_gap",
    "recommend",
    "stability_band",
    "volume_band",
]

STABILITY_BANDS = {
    "weekly": "volatile",
    "monthly": "moderate",
    "quarterly": "stable",
    "semiannual": "stable",
    "annual": "stable",
    "rarely": "stable",
}
_CYCLE_COSTS = ("retrain_compute_usd", "reevaluation_usd", "engineering_usd_per_cycle")
_UPFRONT_DATA = ("labelled_examples", "preparation_usd", "pipeline_setup_usd")
_AUDIT = ("audited_examples", "mislabelled_in_audit")


def volume_band(calls_per_month: float | None) -> str | None:
    """low < 1,000 ≤ medium ≤ 10,000 < high."""
    if calls_per_month is None:
        return None
    if calls_per_month < 1_000:
        return "low"
    return "medium" if calls_per_month <= 10_000 else "high"


def stability_band(change_frequency: str | None) -> str | None:
    """volatile for weekly changes, moderate for monthly, stable for anything rarer."""
    return None if change_frequency is None else STABILITY_BANDS[change_frequency]


def data_band(labelled_examples: int | None) -> str | None:
    """scarce < 200 ≤ limited ≤ 1,000 < sufficient."""
    if labelled_examples is None:
        return None
    if labelled_examples < 200:
        return "scarce"
    return "limited" if labelled_examples <= 1_000 else "sufficient"


# Missing answers -------------------------------------------------------------------------------


def missing_answers(answers: Answers) -> list[str]:
    """Field paths of the answers still needed for a recommendation, in wizard order."""
    return [
        *_missing_volume(answers),
        *_missing_stability(answers),
        *_missing_data(answers),
        *_missing_performance(answers),
    ]


def _missing_of(table: object, names: tuple[str, ...]) -> list[str]:
    """The names among `names` that `table` has no answer for."""
    return [name for name in names if getattr(table, name) is None]


def _missing_side(side: Side, prefix: str) -> list[str]:
    """A side's cost per call, or the token answers it is worked out from."""
    if side.cost_per_call_usd is not None:
        return []
    if not side.uses_tokens:
        return [f"{prefix}.cost_per_call_usd"]
    return [f"{prefix}.{name}" for name in _missing_of(side, TOKEN_FIELDS)]


def _missing_volume(answers: Answers) -> list[str]:
    """The monthly volume and both sides' costs per call."""
    volume = answers.volume
    missing = ["volume.calls_per_month"] if volume.calls_per_month is None else []
    return (
        missing
        + _missing_side(volume.prompted, "volume.prompted")
        + _missing_side(volume.fine_tuned, "volume.fine_tuned")
    )


def _missing_stability(answers: Answers) -> list[str]:
    """The change frequency, and the costs of a cycle only when there are cycles to pay for."""
    stability = answers.stability
    missing = ["stability.change_frequency"] if stability.change_frequency is None else []
    frequency = stability.change_frequency
    changes = 1 if frequency is None else econ.CHANGES_PER_YEAR[frequency]  # unanswered: ask for the cycle costs
    if changes + stability.forced_retrains_per_year > 0:
        needed = _CYCLE_COSTS[1:] if answers.data.trains_from_tokens else _CYCLE_COSTS  # a retrain costs a run
        missing += [f"stability.{name}" for name in _missing_of(stability, needed)]
    if changes > 0 and stability.prompt_update_usd_per_change is None:
        missing.append("stability.prompt_update_usd_per_change")
    return missing


def _missing_data(answers: Answers) -> list[str]:
    """The examples and upfront costs, and the other half of a half-given label audit."""
    data = answers.data
    training = TRAINING_TOKEN_FIELDS if data.trains_from_tokens else ("training_compute_usd",)
    names = (*_UPFRONT_DATA[:2], *training, *_UPFRONT_DATA[2:])
    missing = [f"data.{name}" for name in _missing_of(data, names)]
    audit = data.given(*_AUDIT)
    if len(audit) == 1:
        other = "mislabelled_in_audit" if audit[0] == "audited_examples" else "audited_examples"
        missing.append(f"data.{other}")
    return missing


def _missing_performance(answers: Answers) -> list[str]:
    """The gap's status, the evaluation cost, and the counts of an evaluated gap."""
    perf = answers.performance
    missing = ["performance.status"] if perf.status is None else []
    if perf.evaluation_usd is None:
        missing.append("performance.evaluation_usd")
    if perf.status == "evaluated":
        names = UNPAIRED_FIELDS if perf.design == "unpaired" else PAIRED_FIELDS
        missing += [f"performance.{name}" for name in _missing_of(perf, names)]
    return missing


# The assessment --------------------------------------------------------------------------------


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
    learning_curve: curves.Projection | None = None

    @cached_property
    def sensitivity(self) -> sensitivity.Sensitivity | None:
        """The flip points of SPEC §8, worked out when first asked for; None while incomplete."""
        if self.missing:
            return None
        from tui.core.sensitivity import sensitivity as flip_points

        return flip_points(self.answers, recommend)

    @cached_property
    def changes(self) -> list[changes.Change]:
        """The nearest changes of one answer that give another recommendation (none while incomplete)."""
        if self.missing or self.sensitivity is None or self.decided_by is None:
            return []
        from tui.core.changes import would_change

        levers = BY_NUMBER[self.decided_by].would_change(_context(self.answers, with_curve=False))
        return would_change(self.answers, self.recommendation, self.sensitivity, levers, recommend, _why)

    @property
    def would_change(self) -> list[str]:
        """What would change the recommendation, nearest first: each a value that really does."""
        if self.missing:
            return narrative.would_change_missing(self.missing)
        return [change.text for change in self.changes]


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


def price_cautions(answers: Answers, today: dt.date) -> list[str]:
    """A side priced from a catalogue more than 90 days ago: name the model and the date."""
    found = []
    for name, side in (("prompted", answers.volume.prompted), ("fine-tuned", answers.volume.fine_tuned)):
        checked = side.prices_checked_on
        if checked is None:
            continue
        from tui.core.prices import stale  # the catalogue's module, only for a file that names a date

        if not stale(checked, today):
            continue
        model = f" ({side.model})" if side.model else ""
        found.append(
            f"The {name} prices{model} were checked on {checked.isoformat()}, {(today - checked).days} days ago: "
            "run tune-or-prompt reprice on this file to compare them with today's catalogue."
        )
    return found


def recommend(answers: Answers) -> str:
    """The recommendation alone, without its sentences or the learning curve: what flip points search."""
    if missing_answers(answers):
        return "incomplete"
    _, outcome = first_matching_rule(_context(answers, with_curve=False))
    assert outcome is not None, "complete answers always reach a rule with an outcome"
    return outcome


def _why(answers: Answers) -> str:
    """Why these (complete) answers get their recommendation: the deciding rule's reason, and the payback."""
    c = _context(answers, with_curve=False)
    rule, outcome = first_matching_rule(c)
    assert outcome is not None
    line = narrative.headline(c, outcome, rule, [])
    reason = line.split(": ", 1)[-1].rstrip(".")
    months = c.economics.payback_months
    if outcome == "fine_tuning" and months is not None:
        reason += f" (payback in {fmt.months(months)})"
    return reason


def _context(answers: Answers, with_curve: bool = True) -> Context:
    """Every figure the rules and the sentences read, worked out once."""
    gap = performance_gap(answers)
    return Context(
        answers=answers,
        audit=label_audit(answers),
        gap=gap,
        economics=econ.compute(answers, gap.error_rates),
        volume_band=volume_band(answers.volume.calls_per_month),
        stability_band=stability_band(answers.stability.change_frequency),
        data_band=data_band(answers.data.labelled_examples),
        curve=learning_curve_projection(answers, gap) if with_curve else None,
    )


def assess(answers: Answers) -> Assessment:
    """Evaluate the answers: bands, gap, economics and the recommendation with its reasons."""
    c = _context(answers)
    missing = missing_answers(answers)
    rule, outcome = first_matching_rule(c)
    recommendation = "incomplete" if missing else outcome
    assert recommendation is not None, "complete answers always reach a rule with an outcome"
    reasons = narrative.reasons(c)
    return Assessment(
        answers=answers,
        missing=missing,
        volume_band=c.volume_band,
        stability_band=c.stability_band,
        data_band=c.data_band,
        audit=c.audit,
        gap=c.gap,
        economics=c.economics,
        recommendation=recommendation,
        leaning=outcome,
        leaning_rule=rule if outcome is not None else None,
        decided_by=None if missing else rule,
        headline=narrative.headline(c, recommendation, rule, missing),
        reasons=list(reasons.values()),
        reason_by_step=reasons,
        cautions=[*narrative.cautions(c, recommendation), *price_cautions(answers, dt.date.today())],
        learning_curve=c.curve,
    )
