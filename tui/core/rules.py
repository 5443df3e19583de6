"""The recommendation rules of SPEC §5, as one table walked in order: the first match decides.

Each rule is one entry: its number, its condition on the answers, the recommendation it gives,
the reason the headline quotes, and what would change that recommendation. A condition answers
True or False, or None while an answer it needs is missing: the walk then stops there, and the
rule's number says which one is waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from tui.core import economics as econ
from tui.core import stats
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


class Rule(NamedTuple):
    """One rule of SPEC §5."""

    number: int
    condition: Callable[[Context], bool | None]
    outcome: str
    reason: str  # why the recommendation was made, as the headline says it
    would_change: Callable[[Context], dict[str, Any]]  # other answers (path: value) that would change it


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


# What else would change each outcome --------------------------------------------------------------
# Beyond the flip points of the numeric answers (tui.core.sensitivity), some outcomes turn on an
# answer that is a choice or an audit: each rule names those answers and the values to try. The
# sentences are written, and every one checked against the rules, in tui.core.changes.


def _cleaner_labels(c: Context) -> dict[str, Any]:
    """Rule 1: an audit of the same size that finds few enough wrong labels to pass."""
    audit = c.audit
    if audit is None or audit.audited > _LARGEST_AUDIT_SEARCHED:
        return {}
    passing = _largest_passing_mislabelled(audit.audited, audit.max_rate)
    return {} if passing is None else {"data.mislabelled_in_audit": passing}


def _largest_passing_mislabelled(audited: int, max_rate: float) -> int | None:
    """The most wrong labels an audit of `audited` items may find and still pass rule 1."""
    best = None
    for wrong in range(audited + 1):
        if stats.wilson_interval(wrong, audited)[1] > max_rate:
            break
        best = wrong
    return best


def _nothing_else(c: Context) -> dict[str, Any]:
    """Rules turned only by numeric answers or the change frequency, which are searched anyway."""
    return {}


def _a_critical_gap(c: Context) -> dict[str, Any]:
    """Rules 7 and 8: a gap marked critical lets quality outweigh the cost."""
    return {} if c.answers.performance.gap_is_critical else {"performance.gap_is_critical": True}


def _a_gap_not_critical(c: Context) -> dict[str, Any]:
    """Rule 9: when fine-tuning wins on a critical gap, unmarking it may change that."""
    return {"performance.gap_is_critical": False} if c.answers.performance.gap_is_critical else {}


RULES = (
    Rule(1, _labels_unreliable, "fix_data_first", "the labels are not reliable enough to train on", _cleaner_labels),
    Rule(2, _volume_low, "prompting", "volume is too low for fine-tuning to pay back", _nothing_else),
    Rule(3, _requirements_volatile, "prompting", "requirements change every week", _nothing_else),
    Rule(4, _data_scarce, "prompting", "there are too few labelled examples", _nothing_else),
    Rule(5, _gap_not_evaluated, "evaluate_first", "the gap has not been measured", _nothing_else),
    Rule(6, _fine_tuning_not_better, "prompting", "fine-tuning is not clearly better on the test set", _nothing_else),
    Rule(7, _medium_and_not_critical, "prompting", "volume is medium and the gap is not critical", _a_critical_gap),
    Rule(8, _no_payback_in_time, "prompting", "fine-tuning does not pay back within the horizon", _a_critical_gap),
    Rule(9, _otherwise, "fine_tuning", "it is clearly better and pays back in time", _a_gap_not_critical),
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
