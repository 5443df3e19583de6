"""The economics in one sentence of plain arithmetic (SPEC §7), for the reports and the panel.

"Fine-tuning saves $36,000 a year on calls, but retraining costs $7,200 a year more than prompt
updates: against an upfront cost of $12,000 it pays back in 5.0 months, within the 12-month
horizon (net saving over 12 months: $16,800)." Each amount can be checked from the inputs: the
yearly saving is 12 × calls a month × the per-call saving, the maintenance tax is SPEC §3's ΔM,
hosting is 12 × the monthly difference. The ending follows `payback_status`, so the sentence
never says "pays back" where the figures say never.
"""

from __future__ import annotations

from tui.core import fmt
from tui.core.economics import Economics
from tui.core.narrative import pays_back_in


def economics_sentence(e: Economics) -> str | None:
    """The sentence, or None until every figure it needs is known."""
    saving = e.effective_saving_usd
    if (
        saving is None
        or e.calls_per_month is None
        or e.annual_maintenance_tax_usd is None
        or e.upfront_cost_usd is None
    ):
        return None
    on = "calls and errors" if e.per_call_saving_with_errors_usd is not None else "calls"
    yearly = 12 * saving * e.calls_per_month
    if yearly > 0:
        opening = f"Fine-tuning saves {fmt.money(yearly)} a year on {on}"
    elif yearly < 0:
        opening = f"Fine-tuning costs {fmt.money(-yearly)} a year more on {on}"
    else:
        opening = f"Fine-tuning saves nothing on {on}"
    costs, gains = _running_costs(e)
    clauses = []
    if costs:
        clauses.append(("but " if yearly > 0 else "and ") + " and ".join(costs))
    if gains:
        clauses.append(("and " if yearly > 0 or not costs else "but ") + " and ".join(gains))
    body = ", ".join([opening, *clauses])
    return f"{body}: against an upfront cost of {fmt.money(e.upfront_cost_usd)} {_ending(e)}."


def _running_costs(e: Economics) -> tuple[list[str], list[str]]:
    """What maintenance and hosting add each year (costs) or take away (gains), in words."""
    costs, gains = [], []
    tax = e.annual_maintenance_tax_usd or 0.0
    if tax > 0:
        costs.append(f"retraining costs {fmt.money(tax)} a year more than prompt updates")
    elif tax < 0:
        gains.append(f"prompt updates would cost {fmt.money(-tax)} a year more than retraining")
    hosting = 12 * e.hosting_delta_usd_per_month
    if hosting > 0:
        costs.append(f"its dedicated hosting costs {fmt.money(hosting)} a year more")
    elif hosting < 0:
        gains.append(f"hosting costs {fmt.money(-hosting)} a year less")
    return costs, gains


def _ending(e: Economics) -> str:
    """What follows from the figures: when, or whether, fine-tuning pays for itself."""
    horizon = e.horizon_months
    net = e.net_saving_usd_over_horizon
    total = ""
    if net is not None:
        word = "saving" if net >= 0 else "cost"
        total = f" (net {word} over {horizon} months: {fmt.money(abs(net))})"
    if e.payback_status == "never":
        return f"it never pays back{total}"
    if e.payback_months is None:  # a payback too far off to count in months
        return f"it pays back only far beyond the {horizon}-month horizon{total}"
    where = "within" if e.pays_back_within_horizon else "beyond"
    return f"it pays back {pays_back_in(e.payback_months, horizon)}, {where} the {horizon}-month horizon{total}"
