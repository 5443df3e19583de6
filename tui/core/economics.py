"""The money side of the decision (SPEC §3): per-call costs, upfront cost, maintenance, payback.

Every figure is `None` when the answers it needs are missing or when it does not exist (a
crossover with no per-call saving, a payback that never comes). Callers show "—" or "never".
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from tui.core.models import Answers, Side

CHANGES_PER_YEAR = {
    "weekly": 52,
    "monthly": 12,
    "quarterly": 4,
    "semiannual": 2,
    "annual": 1,
    "rarely": 0,
}


@dataclass(frozen=True)
class Economics:
    horizon_months: int
    calls_per_month: float | None
    prompted_cost_per_call_usd: float | None
    fine_tuned_cost_per_call_usd: float | None
    per_call_saving_usd: float | None
    per_call_saving_with_errors_usd: float | None
    hosting_delta_usd_per_month: float
    upfront_cost_usd: float | None
    crossover_calls: int | None
    changes_per_year: int | None
    retraining_cycles_per_year: float | None
    annual_maintenance_tax_usd: float | None
    payback_months: float | None
    breakeven_calls_per_month: float | None
    net_saving_usd_over_horizon: float | None
    # The same three figures from the per-call saving alone, shown beside the ones that count
    # the cost of errors when that is given.
    payback_months_without_errors: float | None
    breakeven_calls_per_month_without_errors: float | None
    net_saving_usd_over_horizon_without_errors: float | None

    @property
    def effective_saving_usd(self) -> float | None:
        """The per-call saving the payback uses: with the cost of errors where it exists."""
        if self.per_call_saving_with_errors_usd is not None:
            return self.per_call_saving_with_errors_usd
        return self.per_call_saving_usd

    @property
    def payback_known(self) -> bool:
        """Whether every input of the payback is answered, so a payback of None means "never"."""
        inputs = (
            self.effective_saving_usd,
            self.upfront_cost_usd,
            self.annual_maintenance_tax_usd,
            self.calls_per_month,
        )
        return None not in inputs

    @property
    def pays_back_within_horizon(self) -> bool:
        """Whether fine-tuning has paid for itself by the end of the horizon (exactly H months counts)."""
        return self.payback_months is not None and self.payback_months <= self.horizon_months


def cost_per_call(side: Side) -> float | None:
    """What one call costs on this side, given directly or from tokens; None if incomplete."""
    if side.cost_per_call_usd is not None:
        return side.cost_per_call_usd
    parts = (side.input_tokens, side.output_tokens, side.input_usd_per_mtok, side.output_usd_per_mtok)
    if any(part is None for part in parts):
        return None
    return (
        side.input_tokens * side.input_usd_per_mtok / 1e6
        + side.output_tokens * side.output_usd_per_mtok / 1e6
    )


def crossover_calls(upfront_usd: float, saving_usd: float) -> int | None:
    """ceil(C / S): calls until the per-call saving has paid the upfront cost; None if S <= 0.

    Computed in decimal from the figures as written, so that 1200 / (0.03 - 0.006) is 50,000
    and not 50,001 through binary rounding.
    """
    if saving_usd <= 0:
        return None
    exact = Decimal(repr(upfront_usd)) / Decimal(repr(saving_usd))
    return int(exact.to_integral_value(rounding="ROUND_CEILING"))


def saving_decimal(prompted: float, fine_tuned: float) -> float:
    """prompted - fine_tuned, rounded as a person would write it (0.03 - 0.006 = 0.024)."""
    return float(Decimal(repr(prompted)) - Decimal(repr(fine_tuned)))


def upfront_cost(answers: Answers) -> float | None:
    """C = data preparation + first training + pipeline setup + evaluation."""
    parts = (
        answers.data.preparation_usd,
        answers.data.training_compute_usd,
        answers.data.pipeline_setup_usd,
        answers.performance.evaluation_usd,
    )
    return None if any(part is None for part in parts) else sum(parts)


def maintenance_tax(answers: Answers) -> float | None:
    """ΔM: yearly cost of retraining the fine-tuned model minus yearly prompt updates.

    A cost that is multiplied by zero cycles is not needed (a task that never changes need not
    price a prompt update).
    """
    stability = answers.stability
    if stability.change_frequency is None:
        return None
    changes = CHANGES_PER_YEAR[stability.change_frequency]
    cycles = changes + stability.forced_retrains_per_year
    cycle_parts = (
        stability.retrain_compute_usd,
        stability.reevaluation_usd,
        stability.engineering_usd_per_cycle,
    )
    if cycles > 0 and any(part is None for part in cycle_parts):
        return None
    if changes > 0 and stability.prompt_update_usd_per_change is None:
        return None
    cycle_cost = sum(part or 0.0 for part in cycle_parts)
    prompt_cost = stability.prompt_update_usd_per_change or 0.0
    return cycles * cycle_cost - changes * prompt_cost


def payback_months(upfront: float, saving: float, volume: float, hosting_delta: float, tax: float) -> float | None:
    """C / (S·V − ΔF − ΔM/12): months until fine-tuning has paid for itself; None if never."""
    monthly_gain = saving * volume - hosting_delta - tax / 12
    if monthly_gain <= 0:
        return None
    return _finite(upfront / monthly_gain)


def breakeven_calls_per_month(upfront: float, saving: float, hosting_delta: float, tax: float, horizon: int) -> float | None:
    """(C/H + ΔF + ΔM/12) / S: the monthly volume that pays back exactly over the horizon."""
    if saving <= 0:
        return None
    return _finite((upfront / horizon + hosting_delta + tax / 12) / saving)


def _finite(value: float) -> float | None:
    """None for a figure that overflows (a saving so small it never adds up)."""
    return value if math.isfinite(value) else None


def net_saving(upfront: float, saving: float, volume: float, hosting_delta: float, tax: float, horizon: int) -> float:
    """H·(V·S − ΔF) − ΔM·H/12 − C: what fine-tuning saves over the horizon (negative: it costs)."""
    return horizon * (volume * saving - hosting_delta) - tax * horizon / 12 - upfront


def compute(answers: Answers, error_rates: tuple[float, float] | None = None) -> Economics:
    """All economics figures for the answers given so far.

    `error_rates` is (prompted, fine-tuned) from an evaluated gap; with a positive
    `cost_per_error_usd` it turns the per-call saving into S_err.
    """
    horizon = answers.assessment.horizon_months
    volume = answers.volume.calls_per_month
    prompted = cost_per_call(answers.volume.prompted)
    fine_tuned = cost_per_call(answers.volume.fine_tuned)
    saving = saving_decimal(prompted, fine_tuned) if prompted is not None and fine_tuned is not None else None
    hosting_delta = answers.volume.fine_tuned.hosting_usd_per_month - answers.volume.prompted.hosting_usd_per_month

    cost_per_error = answers.performance.cost_per_error_usd
    saving_with_errors = None
    if saving is not None and error_rates is not None and cost_per_error is not None and cost_per_error > 0:
        saving_with_errors = saving + (error_rates[0] - error_rates[1]) * cost_per_error

    upfront = upfront_cost(answers)
    tax = maintenance_tax(answers)
    changes = (
        CHANGES_PER_YEAR[answers.stability.change_frequency]
        if answers.stability.change_frequency is not None
        else None
    )
    cycles = changes + answers.stability.forced_retrains_per_year if changes is not None else None

    def figures(s: float | None) -> tuple[float | None, float | None, float | None]:
        if s is None or upfront is None or tax is None:
            return None, None, None
        breakeven = breakeven_calls_per_month(upfront, s, hosting_delta, tax, horizon)
        if volume is None:
            return None, breakeven, None
        return (
            payback_months(upfront, s, volume, hosting_delta, tax),
            breakeven,
            net_saving(upfront, s, volume, hosting_delta, tax, horizon),
        )

    plain = figures(saving)
    counted = figures(saving_with_errors) if saving_with_errors is not None else plain
    return Economics(
        horizon_months=horizon,
        calls_per_month=volume,
        prompted_cost_per_call_usd=prompted,
        fine_tuned_cost_per_call_usd=fine_tuned,
        per_call_saving_usd=saving,
        per_call_saving_with_errors_usd=saving_with_errors,
        hosting_delta_usd_per_month=hosting_delta,
        upfront_cost_usd=upfront,
        crossover_calls=crossover_calls(upfront, saving) if upfront is not None and saving is not None else None,
        changes_per_year=changes,
        retraining_cycles_per_year=cycles,
        annual_maintenance_tax_usd=tax,
        payback_months=counted[0],
        breakeven_calls_per_month=counted[1],
        net_saving_usd_over_horizon=counted[2],
        payback_months_without_errors=plain[0],
        breakeven_calls_per_month_without_errors=plain[1],
        net_saving_usd_over_horizon_without_errors=plain[2],
    )


def cumulative_costs(answers: Answers, economics: Economics) -> list[tuple[int, float, float]] | None:
    """(month, prompted total, fine-tuned total) for months 0..H, for the break-even chart.

    The gap between the two lines at month H is the net saving; None until every cost is known.
    """
    e = economics
    needed = (e.calls_per_month, e.prompted_cost_per_call_usd, e.fine_tuned_cost_per_call_usd, e.upfront_cost_usd, e.annual_maintenance_tax_usd)
    if any(value is None for value in needed):
        return None
    volume = e.calls_per_month
    stability = answers.stability
    changes = e.changes_per_year or 0
    cycle_cost = sum(
        part or 0.0
        for part in (stability.retrain_compute_usd, stability.reevaluation_usd, stability.engineering_usd_per_cycle)
    )
    prompted_monthly = volume * e.prompted_cost_per_call_usd + answers.volume.prompted.hosting_usd_per_month
    prompted_monthly += changes * (stability.prompt_update_usd_per_change or 0.0) / 12
    tuned_monthly = volume * e.fine_tuned_cost_per_call_usd + answers.volume.fine_tuned.hosting_usd_per_month
    tuned_monthly += (e.retraining_cycles_per_year or 0.0) * cycle_cost / 12
    if e.per_call_saving_with_errors_usd is not None:
        # Errors cost money too: charge each side for the errors it makes.
        extra = (e.per_call_saving_with_errors_usd - e.per_call_saving_usd) * volume
        prompted_monthly += max(extra, 0.0)
        tuned_monthly += max(-extra, 0.0)
    return [
        (month, month * prompted_monthly, e.upfront_cost_usd + month * tuned_monthly)
        for month in range(e.horizon_months + 1)
    ]

