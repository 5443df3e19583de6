"""Figures formatted for people: `$12,450`, `$0.0042`, `1.35M calls`, `4.3 months`, `never`."""

from __future__ import annotations

import math

DASH = "—"


def money(value: float | None, missing: str = DASH) -> str:
    """Whole dollars for sums, cents under $100 where there are any (`$12.50`, `$21`), enough
    significant digits for per-call amounts."""
    if value is None:
        return missing
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 100 or size == 0:
        return f"{sign}${size:,.0f}"
    if size >= 1:
        return f"{sign}${size:,.2f}".removesuffix(".00")
    return f"{sign}${_significant(size, 3)}"


def per_call(value: float | None, missing: str = DASH) -> str:
    """A cost per call: always enough digits to tell two cheap models apart."""
    if value is None:
        return missing
    if value == 0:
        return "$0"
    sign = "-" if value < 0 else ""
    return f"{sign}${_significant(abs(value), 3)}"


def _significant(value: float, digits: int, rounding: str = "nearest") -> str:
    """`value` with `digits` significant digits, in plain (not scientific) notation."""
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(value)))
    text = f"{_rounded(value, decimals, rounding):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def count(value: float | None, unit: str = "", missing: str = DASH, rounding: str = "nearest") -> str:
    """Counts in full up to a million (`270,834`), shortened beyond (`1.35M`).

    `rounding` is "nearest", or "up" / "down" where a sentence stays true only one way: "pays
    back from 179,366 calls" needs the break-even of 179,365.08 rounded up, "falling below
    179,365 calls" needs it rounded down.
    """
    if value is None:
        return missing
    suffix = f" {unit}" if unit else ""
    sign = "-" if value < 0 else ""
    if sign and rounding in ("up", "down"):
        rounding = "down" if rounding == "up" else "up"  # towards the same side of a negative value
    try:
        size = float(abs(value))
    except OverflowError:
        size = math.inf
    if not math.isfinite(size):
        return f"{sign}over 1e308{suffix}"
    for limit, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if size >= limit:
            return f"{sign}{_significant(size / limit, 3, rounding)}{letter}{suffix}"
    if size >= 100 or float(size).is_integer():
        return f"{sign}{_rounded(size, 0, rounding):,.0f}{suffix}"
    shown = _rounded(size, 1, rounding)
    return f"{sign}{shown:,.{0 if shown.is_integer() and rounding != 'nearest' else 1}f}{suffix}"


def calls_after(value: float | None, missing: str = DASH) -> str:
    """The calls after which something has happened (the upfront cost earned back), rounded up:
    2,033,795 calls is "2.04M calls", as 2.03M calls are not yet enough."""
    return count(value, "calls", missing=missing, rounding="up")


def _rounded(value: float, decimals: int, rounding: str) -> float:
    """`value` to `decimals` places: to the nearest, or always up or always down."""
    if rounding == "nearest":
        return round(value, decimals)
    scale = 10**decimals
    scaled = value * scale
    if abs(scaled - round(scaled)) < 1e-9 * max(1.0, abs(scaled)):
        return round(scaled) / scale  # already whole at this precision: binary noise is not a fraction
    return (math.ceil(scaled) if rounding == "up" else math.floor(scaled)) / scale


def count_against(value: float, reference: float, unit: str = "") -> str:
    """A count shown with enough digits that it still compares with `reference` as it really does.

    A break-even of 179,365.08 beside a volume of 179,365 is shown as 179,365.1, not as the
    volume itself; 1,352,000 beside 1,350,000 as 1.352M, not 1.35M.
    """
    suffix = f" {unit}" if unit else ""
    candidates = [count(value)]
    size = abs(value)
    for limit, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if size >= limit:
            candidates += [f"{'-' if value < 0 else ''}{_significant(size / limit, d)}{letter}" for d in range(4, 8)]
            break
    candidates += [f"{value:,.{decimals}f}" for decimals in range(0, 7)]
    for text in candidates:
        number = _parse_count(text)
        if (number > reference) == (value > reference) and (number < reference) == (value < reference):
            return _no_negative_zero(text) + suffix
    return f"{value:,.6f}{suffix}"


def _parse_count(shown: str) -> float:
    """The number a `count` text stands for (`1.35M calls` is 1,350,000)."""
    number = shown.split(" ")[0].replace(",", "")
    scale = {"T": 1e12, "B": 1e9, "M": 1e6}.get(number[-1:], 1.0)
    return float(number.rstrip("TBM")) * scale


def fixed_against(value: float, reference: float, decimals: int = 1, most: int = 6) -> str:
    """`value` to `decimals` places, with more where fewer would blur how it compares with `reference`.

    A payback of 12.04 months beside a 12-month horizon reads 12.04, not 12.0; a p-value of
    0.04996 beside an alpha of 0.05 reads 0.04996, not 0.0500.
    """
    for places in range(decimals, most + 1):
        shown = round(value, places)
        if (shown > reference) == (value > reference) and (shown < reference) == (value < reference):
            return _no_negative_zero(f"{value:,.{places}f}")
    return _no_negative_zero(f"{value:,.{most}f}")


def _no_negative_zero(text: str) -> str:
    """ "-0.0" is no number a person writes: a value that rounds to zero is shown as zero."""
    if text.startswith("-") and not any(ch in "123456789" for ch in text):
        return text[1:]
    return text


def months(value: float | None, never: str = "never") -> str:
    """A payback in months (`4.3 months`), `at once` for none at all, `never` for one that never comes."""
    if value is None:
        return never
    if value < 0.05:
        return "at once"
    return f"{value:,.1f} months"


def months_against(value: float, horizon: int) -> str:
    """A payback in months beside the horizon: never rounded onto or across it.

    12.04 months reads "12.04 months" (beyond a 12-month horizon), exactly 12 reads "12.0
    months" (within it), and a payback a hair over the horizon reads "just over 12 months".
    """
    if value < 0.05:
        return "at once"
    shown = fixed_against(value, horizon)
    if float(shown.replace(",", "")) == horizon and value != horizon:
        return f"just {'over' if value > horizon else 'under'} {horizon} months"
    return f"{shown} months"


def percent(value: float | None, decimals: int = 1, missing: str = DASH) -> str:
    """A proportion (0.873) as a percentage (87.3%)."""
    if value is None:
        return missing
    return _no_negative_zero(f"{value * 100:.{decimals}f}") + "%"


def level(value: float | None, missing: str = DASH) -> str:
    """The level of an interval (0.95 as "95%", 0.975 as "97.5%"), without binary noise."""
    if value is None:
        return missing
    return f"{round(value * 100, 9):g}%"


def points(value: float | None, missing: str = DASH) -> str:
    """A difference in percentage points, signed."""
    if value is None:
        return missing
    return f"{signed(value)} pp"


def signed(value: float, *references: float) -> str:
    """A signed difference with one decimal, and more where one would blur zero or a reference.

    -0.04 reads "-0.04", never "-0.0"; exactly zero reads "0.0".
    """
    if value == 0:
        return "0.0"
    text = fixed_against(value, 0.0, 1, 12)
    for reference in references:
        text = max(text, fixed_against(value, reference, 1, 12), key=len)
    return text if text.startswith("-") else f"+{text}"


def interval_points(
    low: float | None, high: float | None, missing: str = DASH, references: tuple[float, ...] = ()
) -> str:
    """An interval of differences in percentage points: `-1.2 to +4.5 pp`.

    Each bound keeps the digits that show on which side of zero (and of each of `references`,
    such as plus or minus the meaningful difference) it lies.
    """
    if low is None or high is None:
        return missing
    return f"{signed(low, *references)} to {signed(high, *references)} pp"


def p_value(value: float | None, missing: str = DASH, alpha: float | None = None) -> str:
    """A p-value with four decimals, or `< 0.0001`; with `alpha`, never rounded onto or across it."""
    if value is None:
        return missing
    if value < 0.0001 and (alpha is None or alpha > 0.0001):
        return "< 0.0001"
    if alpha is None:
        return f"{value:.4f}"
    return fixed_against(value, alpha, 4, 12)


def p_equals(value: float, alpha: float | None = None) -> str:
    """`p = 0.0312` or `p < 0.0001`, for a sentence."""
    shown = p_value(value, alpha=alpha)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"
