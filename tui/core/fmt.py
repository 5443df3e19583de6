"""Figures formatted for people: `$12,450`, `$0.0042`, `1.35M calls`, `4.3 months`, `never`."""

from __future__ import annotations

import math

DASH = "—"


def money(value: float | None, missing: str = DASH) -> str:
    """Whole dollars for sums, enough significant digits for per-call amounts."""
    if value is None:
        return missing
    sign = "-" if value < 0 else ""
    size = abs(value)
    if size >= 100 or size == 0:
        return f"{sign}${size:,.0f}"
    if size >= 1:
        return f"{sign}${size:,.2f}"
    return f"{sign}${_significant(size, 3)}"


def per_call(value: float | None, missing: str = DASH) -> str:
    """A cost per call: always enough digits to tell two cheap models apart."""
    if value is None:
        return missing
    if value == 0:
        return "$0"
    sign = "-" if value < 0 else ""
    return f"{sign}${_significant(abs(value), 3)}"


def _significant(value: float, digits: int) -> str:
    """`value` with `digits` significant digits, in plain (not scientific) notation."""
    if value == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(value)))
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def count(value: float | None, unit: str = "", missing: str = DASH) -> str:
    """Counts in full up to a million (`270,834`), shortened beyond (`1.35M`)."""
    if value is None:
        return missing
    suffix = f" {unit}" if unit else ""
    sign = "-" if value < 0 else ""
    try:
        size = float(abs(value))
    except OverflowError:
        size = math.inf
    if not math.isfinite(size):
        return f"{sign}over 1e308{suffix}"
    for limit, letter in ((1e12, "T"), (1e9, "B"), (1e6, "M")):
        if size >= limit:
            return f"{sign}{_significant(size / limit, 3)}{letter}{suffix}"
    if size >= 100 or float(size).is_integer():
        return f"{sign}{round(size):,}{suffix}"
    return f"{sign}{size:,.1f}{suffix}"


def months(value: float | None, never: str = "never") -> str:
    if value is None:
        return never
    if value < 0.05:
        return "at once"
    return f"{value:,.1f} months"


def percent(value: float | None, decimals: int = 1, missing: str = DASH) -> str:
    """A proportion (0.873) as a percentage (87.3%)."""
    if value is None:
        return missing
    return f"{value * 100:.{decimals}f}%"


def points(value: float | None, missing: str = DASH) -> str:
    """A difference in percentage points, signed."""
    if value is None:
        return missing
    return f"{value:+.1f} pp"


def interval_points(low: float | None, high: float | None, missing: str = DASH) -> str:
    """An interval of differences in percentage points: `-1.2 to +4.5 pp`."""
    if low is None or high is None:
        return missing
    return f"{low:+.1f} to {high:+.1f} pp"


def p_value(value: float | None, missing: str = DASH) -> str:
    """A p-value with four decimals, or `< 0.0001`."""
    if value is None:
        return missing
    if value < 0.0001:
        return "< 0.0001"
    return f"{value:.4f}"


def p_equals(value: float) -> str:
    """`p = 0.0312` or `p < 0.0001`, for a sentence."""
    shown = p_value(value)
    return f"p {shown}" if shown.startswith("<") else f"p = {shown}"
