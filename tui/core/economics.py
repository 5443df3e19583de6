"""The money side of the decision (SPEC §3): per-call costs, upfront cost, maintenance, payback.

Every figure is `None` when the answers it needs are missing or when it does not exist (a
crossover with no per-call saving, a payback that never comes). Callers show "—" or "never".

The arithmetic is exact where a boundary depends on it. Every answer is read as the decimal it
was written as (`0.012`, not the binary float nearest to it); sums and products of such
decimals are exact at 100 digits, the monthly figures are kept multiplied by 12 so that ΔM/12
never has to be rounded, and each comparison a rule or a sentence depends on is made between
exact numbers: a crossover of exactly 330,060 calls, a payback of exactly the horizon
(C ≤ H·gain), a monthly gain of exactly zero ("never"), a net saving of exactly $0. With the cost
of errors the error rates are fractions of the test items, so the same arithmetic then runs on
fractions. Figures become floats only at the end.
"""

from __future__ import annotations

import math
from decimal import Context, Decimal, localcontext
from fractions import Fraction
from typing import Literal, NamedTuple, TypeVar

from tui.core.models import HOURS_PER_MONTH, Answers, Data, Side

CHANGES_PER_YEAR = {
    "weekly": 52,
    "monthly": 12,
    "quarterly": 4,
    "semiannual": 2,
    "annual": 1,
    "rarely": 0,
}
PaybackStatus = Literal["pays_back", "never", "unknown"]
Number = float | int | Decimal | Fraction
Exact = TypeVar("Exact", Decimal, Fraction)

# Enough digits that sums and products of answers as written (up to 17 significant digits
# each, tokens times prices times volume) are never rounded.
_EXACT_CONTEXT = Context(prec=100)


class Economics(NamedTuple):
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
    # SPEC §3: "pays_back" (a number of months), "never" (the monthly gain is <= 0), "unknown".
    payback_status: PaybackStatus = "unknown"
    # V x payback months: the calls served until fine-tuning has really paid for itself.
    payback_calls: float | None = None
    # Payback <= H, decided exactly (C <= H x monthly gain), not from the rounded months.
    within_horizon: bool = False

    @property
    def effective_saving_usd(self) -> float | None:
        """The per-call saving the payback uses: with the cost of errors where it exists."""
        if self.per_call_saving_with_errors_usd is not None:
            return self.per_call_saving_with_errors_usd
        return self.per_call_saving_usd

    @property
    def payback_known(self) -> bool:
        """Whether every input of the payback is answered, so a payback of None means "never"."""
        return self.payback_status != "unknown"

    @property
    def pays_back_within_horizon(self) -> bool:
        """Whether fine-tuning has paid for itself by the end of the horizon (exactly H months counts)."""
        return self.within_horizon


# Numbers as written ------------------------------------------------------------------------------


def written(value: Number) -> Decimal:
    """A number as the decimal it was written as: 0.1 is 1/10, not the float nearest to it."""
    if type(value) is Decimal:
        return value
    found = _WRITTEN.get(value)
    if found is None:
        if len(_WRITTEN) >= _WRITTEN_SIZE:
            _WRITTEN.clear()
        if isinstance(value, Fraction):
            found = _EXACT_CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))
        else:
            found = Decimal(value) if isinstance(value, int) else Decimal(repr(value))
        _WRITTEN[value] = found
    return found


# Answers by value: the wizard re-assesses on every key, and the flip points many times over.
_WRITTEN: dict[Number, Decimal] = {}
_WRITTEN_SIZE = 4096


def _as(kind: type[Exact], value: Number) -> Exact:
    """`value` as written, in the arithmetic of `kind` (Decimal, or Fraction with error rates)."""
    if kind is Fraction:
        return Fraction(value) if isinstance(value, Fraction) else Fraction(written(value))  # type: ignore[return-value]
    return written(value)  # type: ignore[return-value]


def _float(value: Decimal | Fraction | None) -> float | None:
    """The nearest float; None for none, or for a figure too large for any float (a payback of 1e320 months)."""
    if value is None:
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result + 0.0 if math.isfinite(result) else None  # + 0.0: never a negative zero


# The parts ---------------------------------------------------------------------------------------


def _cost_per_call(side: Side, kind: type[Exact]) -> Exact | None:
    """What one call costs on this side, exactly, given directly or from tokens; None if incomplete."""
    if side.cost_per_call_usd is not None:
        return _as(kind, side.cost_per_call_usd)
    parts = (side.input_tokens, side.output_tokens, side.input_usd_per_mtok, side.output_usd_per_mtok)
    if None in parts:
        return None
    tokens_in, tokens_out, price_in, price_out = (_as(kind, part) for part in parts)  # type: ignore[arg-type]
    return (tokens_in * price_in + tokens_out * price_out) / 1_000_000


def cost_per_call(side: Side) -> float | None:
    """What one call costs on this side, given directly or from tokens; None if incomplete."""
    with localcontext(_EXACT_CONTEXT):
        return _float(_cost_per_call(side, Decimal))


def _training_run(data: Data, kind: type[Exact]) -> Exact | None:
    """One training run: given directly, or examples × tokens per example × epochs × price / 1e6 (SPEC §9)."""
    if data.training_compute_usd is not None:
        return _as(kind, data.training_compute_usd)
    parts = (data.labelled_examples, data.training_tokens_per_example, data.training_epochs, data.training_usd_per_mtok)
    if not data.trains_from_tokens or None in parts:
        return None
    examples, tokens, epochs, price = (_as(kind, part) for part in parts)  # type: ignore[arg-type]
    return examples * tokens * epochs * price / 1_000_000


def _hosting(side: Side, kind: type[Exact]) -> Exact:
    """A side's fixed hosting a month: the monthly fee, or the hourly price × 730 hours."""
    if side.hosting_usd_per_hour is not None:
        return _as(kind, side.hosting_usd_per_hour) * HOURS_PER_MONTH
    return _as(kind, side.hosting_usd_per_month)


def _upfront(answers: Answers, kind: type[Exact]) -> Exact | None:
    """C = data preparation + first training + pipeline setup + evaluation, summed exactly."""
    parts = (answers.data.preparation_usd, answers.data.pipeline_setup_usd, answers.performance.evaluation_usd)
    total = _training_run(answers.data, kind)
    if total is None:
        return None
    for part in parts:
        if part is None:
            return None
        total += _as(kind, part)
    return total


def upfront_cost(answers: Answers) -> float | None:
    """C = data preparation + first training + pipeline setup + evaluation."""
    with localcontext(_EXACT_CONTEXT):
        return _float(_upfront(answers, Decimal))


def _tax(answers: Answers, kind: type[Exact]) -> Exact | None:
    """ΔM exactly; see `maintenance_tax`."""
    stability = answers.stability
    if stability.change_frequency is None:
        return None
    changes = CHANGES_PER_YEAR[stability.change_frequency]
    cycles = changes + _as(kind, stability.forced_retrains_per_year)
    retrain = _retrain(answers, kind)
    others = (stability.reevaluation_usd, stability.engineering_usd_per_cycle)
    if cycles > 0 and (retrain is None or None in others):
        return None
    if changes > 0 and stability.prompt_update_usd_per_change is None:
        return None
    cycle_cost = retrain if retrain is not None else _as(kind, 0)
    for part in others:
        cycle_cost += _as(kind, part or 0)
    return cycles * cycle_cost - changes * _as(kind, stability.prompt_update_usd_per_change or 0)


def _retrain(answers: Answers, kind: type[Exact]) -> Exact | None:
    """A retraining run's compute: as given, or the same run as the first when that is priced from tokens."""
    if answers.stability.retrain_compute_usd is not None:
        return _as(kind, answers.stability.retrain_compute_usd)
    return _training_run(answers.data, kind) if answers.data.trains_from_tokens else None


def maintenance_tax(answers: Answers) -> float | None:
    """ΔM: yearly cost of retraining the fine-tuned model minus yearly prompt updates.

    A cost that is multiplied by zero cycles is not needed (a task that never changes need not
    price a prompt update).
    """
    with localcontext(_EXACT_CONTEXT):
        return _float(_tax(answers, Decimal))


# The formulas of SPEC §3 -------------------------------------------------------------------------


def _gain_12(saving: Exact, volume: Exact, hosting: Exact, tax: Exact) -> Exact:
    """12 × (S·V − ΔF − ΔM/12), exact: twelve months' gain, so ΔM is never divided."""
    return 12 * (saving * volume - hosting) - tax


def _crossover(upfront: Exact, saving: Exact) -> int | None:
    """ceil(C / S) from exact figures; None when S <= 0."""
    if saving <= 0:
        return None
    if isinstance(upfront, Decimal) and upfront.adjusted() - saving.adjusted() < _EXACT_CONTEXT.prec - 2:
        whole, rest = divmod(upfront, saving)  # both exact while the quotient fits the precision
        return int(whole) + (1 if rest > 0 else 0)
    return math.ceil(Fraction(upfront) / Fraction(saving))


def _breakeven(upfront: Exact, saving: Exact, hosting: Exact, tax: Exact, horizon: int) -> float | None:
    """(C/H + ΔF + ΔM/12) / S, or 0 when that is 0 or less; None when S <= 0."""
    if saving <= 0:
        return None
    numerator = 12 * upfront + horizon * (12 * hosting + tax)
    if numerator <= 0:
        return 0.0
    return _float(numerator / (12 * horizon * saving))


def crossover_calls(upfront_usd: Number, saving_usd: Number) -> int | None:
    """ceil(C / S): calls until the per-call saving alone has paid the upfront cost; None if S <= 0.

    Computed from the figures as written, so that 1200 / (0.03 - 0.006) is 50,000 and not
    50,001 through binary rounding. The crossover ignores maintenance and hosting.
    """
    with localcontext(_EXACT_CONTEXT):
        return _crossover(written(upfront_usd), written(saving_usd))


def saving_decimal(prompted: Number, fine_tuned: Number) -> float:
    """prompted - fine_tuned, rounded as a person would write it (0.03 - 0.006 = 0.024)."""
    with localcontext(_EXACT_CONTEXT):
        return float(written(prompted) - written(fine_tuned))


def payback_months(upfront: Number, saving: Number, volume: Number, hosting_delta: Number, tax: Number) -> float | None:
    """C / (S·V − ΔF − ΔM/12): months until fine-tuning has paid for itself; None if never."""
    with localcontext(_EXACT_CONTEXT):
        gain = _gain_12(written(saving), written(volume), written(hosting_delta), written(tax))
        return None if gain <= 0 else _float(12 * written(upfront) / gain)


def pays_back_within(
    upfront: Number, saving: Number, volume: Number, hosting_delta: Number, tax: Number, horizon: int
) -> bool:
    """Payback <= H, as C <= H·(S·V − ΔF − ΔM/12) with a positive gain: exactly H months counts."""
    with localcontext(_EXACT_CONTEXT):
        gain = _gain_12(written(saving), written(volume), written(hosting_delta), written(tax))
        return gain > 0 and 12 * written(upfront) <= horizon * gain


def breakeven_calls_per_month(
    upfront: Number, saving: Number, hosting_delta: Number, tax: Number, horizon: int
) -> float | None:
    """(C/H + ΔF + ΔM/12) / S: the monthly volume that pays back exactly over the horizon.

    None when S <= 0 (no volume does); 0 when the formula gives 0 or less, because the
    maintenance and hosting differences alone then earn the upfront cost back at any volume.
    """
    with localcontext(_EXACT_CONTEXT):
        return _breakeven(written(upfront), written(saving), written(hosting_delta), written(tax), horizon)


def net_saving(
    upfront: Number, saving: Number, volume: Number, hosting_delta: Number, tax: Number, horizon: int
) -> float:
    """H·(V·S − ΔF) − ΔM·H/12 − C: what fine-tuning saves over the horizon (negative: it costs)."""
    with localcontext(_EXACT_CONTEXT):
        gain = _gain_12(written(saving), written(volume), written(hosting_delta), written(tax))
        return float((horizon * gain - 12 * written(upfront)) / 12)


class _Figures(NamedTuple):
    """Payback, break-even and net saving from one per-call saving (with or without errors)."""

    payback: float | None = None
    breakeven: float | None = None
    net: float | None = None
    status: PaybackStatus = "unknown"
    calls: float | None = None
    within: bool = False


def _figures(
    saving: Exact | None, upfront: Exact | None, tax: Exact | None, hosting: Exact, volume: Exact | None, horizon: int
) -> _Figures:
    """Every figure that depends on the per-call saving, exactly; unknown while an input is missing."""
    if saving is None or upfront is None or tax is None:
        return _Figures()
    breakeven = _breakeven(upfront, saving, hosting, tax, horizon)
    if volume is None:
        return _Figures(breakeven=breakeven)
    gain = _gain_12(saving, volume, hosting, tax)
    net = _float((horizon * gain - 12 * upfront) / 12)
    if gain <= 0:
        return _Figures(breakeven=breakeven, net=net, status="never")
    return _Figures(
        payback=_float(12 * upfront / gain),
        breakeven=breakeven,
        net=net,
        status="pays_back",
        calls=_float(volume * 12 * upfront / gain),
        within=12 * upfront <= horizon * gain,
    )


def _counts_errors(answers: Answers, error_rates: tuple[Number, Number] | None) -> bool:
    """Whether S_err applies: an evaluated gap's error rates and a positive cost per error."""
    cost = answers.performance.cost_per_error_usd
    return error_rates is not None and cost is not None and cost > 0


def compute(answers: Answers, error_rates: tuple[Number, Number] | None = None) -> Economics:
    """All economics figures for the answers given so far.

    `error_rates` is (prompted, fine-tuned) from an evaluated gap; with a positive
    `cost_per_error_usd` it turns the per-call saving into S_err.
    """
    with localcontext(_EXACT_CONTEXT):
        if _counts_errors(answers, error_rates):
            return _compute(answers, error_rates, Fraction)
        return _compute(answers, None, Decimal)


def _compute(answers: Answers, error_rates: tuple[Number, Number] | None, kind: type[Exact]) -> Economics:
    """`compute` in one kind of exact arithmetic."""
    horizon = answers.assessment.horizon_months
    volume = answers.volume.calls_per_month
    exact_volume = None if volume is None else _as(kind, volume)
    prompted = _cost_per_call(answers.volume.prompted, kind)
    fine_tuned = _cost_per_call(answers.volume.fine_tuned, kind)
    saving = prompted - fine_tuned if prompted is not None and fine_tuned is not None else None
    hosting = _hosting(answers.volume.fine_tuned, kind) - _hosting(answers.volume.prompted, kind)
    with_errors = None
    if saving is not None and error_rates is not None:
        cost = answers.performance.cost_per_error_usd or 0
        with_errors = saving + (_as(kind, error_rates[0]) - _as(kind, error_rates[1])) * _as(kind, cost)
    upfront = _upfront(answers, kind)
    tax = _tax(answers, kind)
    frequency = answers.stability.change_frequency
    changes = CHANGES_PER_YEAR[frequency] if frequency is not None else None
    cycles = changes + answers.stability.forced_retrains_per_year if changes is not None else None

    plain = _figures(saving, upfront, tax, hosting, exact_volume, horizon)
    counted = _figures(with_errors, upfront, tax, hosting, exact_volume, horizon) if with_errors is not None else plain
    return Economics(
        horizon_months=horizon,
        calls_per_month=volume,
        prompted_cost_per_call_usd=_float(prompted),
        fine_tuned_cost_per_call_usd=_float(fine_tuned),
        per_call_saving_usd=_float(saving),
        per_call_saving_with_errors_usd=_float(with_errors),
        hosting_delta_usd_per_month=float(hosting),
        upfront_cost_usd=_float(upfront),
        crossover_calls=_crossover(upfront, saving) if upfront is not None and saving is not None else None,
        changes_per_year=changes,
        retraining_cycles_per_year=cycles,
        annual_maintenance_tax_usd=_float(tax),
        payback_months=counted.payback,
        breakeven_calls_per_month=counted.breakeven,
        net_saving_usd_over_horizon=counted.net,
        payback_months_without_errors=plain.payback,
        breakeven_calls_per_month_without_errors=plain.breakeven,
        net_saving_usd_over_horizon_without_errors=plain.net,
        payback_status=counted.status,
        payback_calls=counted.calls,
        within_horizon=counted.within,
    )


def cumulative_costs(answers: Answers, economics: Economics) -> list[tuple[int, float, float]] | None:
    """(month, prompted total, fine-tuned total) for months 0..H, for the break-even chart.

    The gap between the two lines at month H is the net saving; None until every cost is known.
    """
    e = economics
    volume, prompted, tuned = e.calls_per_month, e.prompted_cost_per_call_usd, e.fine_tuned_cost_per_call_usd
    upfront, saving = e.upfront_cost_usd, e.per_call_saving_usd
    if volume is None or prompted is None or tuned is None or upfront is None or saving is None:
        return None
    if e.annual_maintenance_tax_usd is None:
        return None
    stability = answers.stability
    changes = e.changes_per_year or 0
    with localcontext(_EXACT_CONTEXT):
        retrain = _float(_retrain(answers, Decimal)) or 0.0
    cycle_cost = retrain + sum(
        part or 0.0 for part in (stability.reevaluation_usd, stability.engineering_usd_per_cycle)
    )
    prompted_monthly = volume * prompted + answers.volume.prompted.monthly_hosting_usd
    prompted_monthly += changes * (stability.prompt_update_usd_per_change or 0.0) / 12
    tuned_monthly = volume * tuned + answers.volume.fine_tuned.monthly_hosting_usd
    tuned_monthly += (e.retraining_cycles_per_year or 0.0) * cycle_cost / 12
    if e.per_call_saving_with_errors_usd is not None:
        # Errors cost money too: charge each side for the errors it makes.
        extra = (e.per_call_saving_with_errors_usd - saving) * volume
        prompted_monthly += max(extra, 0.0)
        tuned_monthly += max(-extra, 0.0)
    return [(month, month * prompted_monthly, upfront + month * tuned_monthly) for month in range(e.horizon_months + 1)]
