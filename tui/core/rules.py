"""The recommendation rules of SPEC §5, as one table walked in order: the first match decides.

Each rule is one entry: its number, its condition on the answers, the recommendation it gives,
the reason the headline quotes, and what would change that recommendation. A condition answers
True or False, or None while an answer it needs is missing: the walk then stops there, and the
rule's number says which one is waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core import economics as econ
from tui.core import fmt, stats
from tui.core.gap import Audit, Gap
from tui.core.models import Answers

if TYPE_CHECKING:
    from tui.core import learning_curve as curves

RECOMMENDATIONS = ("prompting", "fine_tuning", "evaluate_first", "fix_data_first", "incomplete")
_LARGEST_AUDIT_SEARCHED = 100_000


@dataclass(eq=False, repr=False)  # internal and short-lived: only __init__ is generated (import time)
class Context:
    """What the rules and the sentences read: the answers and every figure worked out from them."""

    answers: Answers
    audit: Audit | None
    gap: Gap
    economics: econ.Economics
    volume_band: str | None
    stability_band: str | None
    data_band: str | None
    curve: curves.Projection | None = None


@dataclass(frozen=True)
class Rule:
    """One rule of SPEC §5."""

    number: int
    condition: Callable[[Context], bool | None]
    outcome: str
    reason: str  # why the recommendation was made, as the headline says it
    would_change: Callable[[Context], list[str]]


# Conditions -----------------------------------------------------------------------------------


def _labels_unreliable(c: Context) -> bool | None:
    """Rule 1: the audit's error rate could exceed the limit; half an audit waits for the rest."""
    if len(c.answers.data.given("audited_examples", "mislabelled_in_audit")) == 1:
        return None
    return c.audit is not None and c.audit.fails


def _volume_low(c: Context) -> bool | None:
    """Rule 2."""
    return None if c.volume_band is None else c.volume_band == "low"


def _requirements_volatile(c: Context) -> bool | None:
    """Rule 3."""
    return None if c.stability_band is None else c.stability_band == "volatile"


def _data_scarce(c: Context) -> bool | None:
    """Rule 4."""
    return None if c.data_band is None else c.data_band == "scarce"


def _gap_not_evaluated(c: Context) -> bool | None:
    """Rule 5."""
    return None if c.gap.status is None else c.gap.status == "not_evaluated"


def _fine_tuning_not_better(c: Context) -> bool | None:
    """Rule 6: waits while the evaluated gap's counts are incomplete."""
    return None if c.gap.favours is None else c.gap.favours in ("prompting", "neither")


def _medium_and_not_critical(c: Context) -> bool:
    """Rule 7."""
    return c.volume_band == "medium" and not c.answers.performance.gap_is_critical


def _no_payback_in_time(c: Context) -> bool | None:
    """Rule 8: no payback, or one beyond the horizon, and the gap is not critical."""
    if c.answers.performance.gap_is_critical:
        return False
    if not c.economics.payback_known:
        return None
    return not c.economics.pays_back_within_horizon


def _otherwise(c: Context) -> bool:
    """Rule 9."""
    return True


# What would change each outcome -----------------------------------------------------------------


def _cleaner_labels(c: Context) -> list[str]:
    """Rule 1: an audit that passes, with the most wrong labels it may find."""
    audit = c.audit
    if audit is None:
        return []
    limit = fmt.percent(audit.max_rate, 0)
    text = f"Cleaner labels: a fresh audit whose 95% upper bound on the error rate is at most {limit}"
    passing = (
        _largest_passing_mislabelled(audit.audited, audit.max_rate)
        if audit.audited <= _LARGEST_AUDIT_SEARCHED
        else None
    )
    if passing is not None:
        text += f" (for {audit.audited:,} audited items, at most {passing:,} wrong)"
    return [text + "."]


def _largest_passing_mislabelled(audited: int, max_rate: float) -> int | None:
    """The most wrong labels an audit of `audited` items may find and still pass rule 1."""
    best = None
    for wrong in range(audited + 1):
        if stats.wilson_interval(wrong, audited)[1] > max_rate:
            break
        best = wrong
    return best


def _paying_volume(c: Context) -> list[str]:
    """The monthly volume at which fine-tuning pays back within the horizon, when there is one."""
    breakeven = c.economics.breakeven_calls_per_month
    if breakeven is None:
        return []
    horizon = c.answers.assessment.horizon_months
    return [f"At {fmt.count(breakeven, 'calls')} a month fine-tuning pays back within the {horizon}-month horizon."]


def _more_volume(c: Context) -> list[str]:
    """Rule 2."""
    return ["Volume of 1,000 calls a month or more with a critical gap, or over 10,000 otherwise.", *_paying_volume(c)]


def _steadier_requirements(c: Context) -> list[str]:
    """Rule 3."""
    return ["Requirements that settle down to monthly changes or less often."]


def _more_examples(c: Context) -> list[str]:
    """Rule 4."""
    needed = 200 - (c.answers.data.labelled_examples or 0)
    return [f"At least 200 labelled examples ({needed:,} more); over 1,000 is comfortable."]


def _an_evaluation(c: Context) -> list[str]:
    """Rule 5."""
    return [
        "Running both approaches on the same held-out test set and entering the results "
        "(paired per-item counts are best)."
    ]


def _a_clear_gap(c: Context) -> list[str]:
    """Rule 6: a gap for fine-tuning, and the test set that could show one."""
    perf, gap = c.answers.performance, c.gap
    text = (
        f"A gap in fine-tuning's favour that is both significant (p < {perf.alpha:g}) and at least "
        f"{perf.min_meaningful_difference_pp:g} pp."
    )
    if gap.items_needed is not None and gap.items is not None and gap.items < gap.items_needed:
        text += f" A test set of about {gap.items_needed:,} items could show it, if it exists."
    return [text]


def _volume_or_critical(c: Context) -> list[str]:
    """Rule 7."""
    return ["Volume over 10,000 calls a month, or a gap marked critical for the business.", *_paying_volume(c)]


def _a_payback_in_time(c: Context) -> list[str]:
    """Rule 8: a cheaper fine-tuned model, the volume that pays back, or a critical gap."""
    changes = []
    saving = c.economics.effective_saving_usd
    if saving is not None and saving <= 0:
        changes.append("A fine-tuned model that is cheaper per call than prompting.")
    changes += _paying_volume(c)
    changes.append("Marking the gap as critical, if quality matters more than cost here.")
    return changes


def _losing_the_case(c: Context) -> list[str]:
    """Rule 9: the volume, the stability or the evidence that fine-tuning rests on."""
    critical = c.answers.performance.gap_is_critical
    breakeven = c.economics.breakeven_calls_per_month
    floor: float = 10_001 if not critical else 1_000
    if breakeven is not None and not critical:
        floor = max(floor, breakeven)
    return [
        f"Volume falling below {fmt.count(floor, 'calls')} a month.",
        "Requirements starting to change every week.",
        "A larger or fresher test set on which the gap is no longer significant or meaningful.",
    ]


RULES = (
    Rule(1, _labels_unreliable, "fix_data_first", "the labels are not reliable enough to train on", _cleaner_labels),
    Rule(2, _volume_low, "prompting", "volume is too low for fine-tuning to pay back", _more_volume),
    Rule(3, _requirements_volatile, "prompting", "requirements change every week", _steadier_requirements),
    Rule(4, _data_scarce, "prompting", "there are too few labelled examples", _more_examples),
    Rule(5, _gap_not_evaluated, "evaluate_first", "the gap has not been measured", _an_evaluation),
    Rule(6, _fine_tuning_not_better, "prompting", "fine-tuning is not clearly better on the test set", _a_clear_gap),
    Rule(7, _medium_and_not_critical, "prompting", "volume is medium and the gap is not critical", _volume_or_critical),
    Rule(8, _no_payback_in_time, "prompting", "fine-tuning does not pay back within the horizon", _a_payback_in_time),
    Rule(9, _otherwise, "fine_tuning", "it is clearly better and pays back in time", _losing_the_case),
)
BY_NUMBER = {rule.number: rule for rule in RULES}
DECIDING = {rule.number: rule.reason for rule in RULES}


def first_matching_rule(c: Context) -> tuple[int, str | None]:
    """(rule number, outcome) of the first rule that matches, or of the first waiting for an answer.

    The outcome is None when the answers stop short of that rule.
    """
    for rule in RULES:
        matches = rule.condition(c)
        if matches is None:
            return rule.number, None
        if matches:
            return rule.number, rule.outcome
    raise AssertionError("rule 9 matches every set of answers")
