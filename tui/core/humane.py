"""Numbers as people type them: `40000`, `40,000`, `40k`, `1.5M`, `$1,200`, `0.3%`.

Each kind of answer has its own parser, and every error says what is accepted.
"""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$", re.IGNORECASE)
_SCALES = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_SUFFIX = re.compile(r"^(.*?)\s*(k|mm|m|bn|b)$", re.IGNORECASE)
# Digits grouped in thousands by commas or spaces (40,000 or 40 000), or by commas in the Indian
# way (1,00,000), never after a leading 0. Any other comma could be a decimal comma (0,03 or
# 1.234,56), and any other space could sit between two numbers pasted from a sheet (0.03 120):
# guessing would give a number 100 times off, so those are refused instead.
_GROUPED = re.compile(
    r"(?<![\d,.])(?:[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d?(?:,\d{2})+,\d{3}|[1-9]\d{0,2}(?: \d{3})+)(?![\d,]| \d)"
)
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})

ACCEPTED = {
    "money": "a dollar amount such as 1200, $1,200 or 1.2k",
    "price": "a dollar amount such as 0.004 or $0.0042",
    "count": "a whole number such as 40000, 40,000 or 40k",
    "number": "a number such as 40000, 40,000, 40k or 1.5M",
    "rate": "a rate such as 0.05 or 5%",
    "points": "percentage points such as 2 or 2.5",
    "months": "a whole number of months such as 12",
}


class NotANumber(ValueError):
    """The text is not a number of the kind asked; the message says what is accepted."""


def parse(text: str, kind: str) -> float | int | None:
    """The value of `text` for an answer of `kind` (a key of ACCEPTED); None when empty."""
    cleaned = text.strip()
    if not cleaned:
        return None
    value = _number(cleaned, kind)
    if kind in ("count", "months"):
        if not value.is_integer():
            raise NotANumber(f"must be a whole number; enter {ACCEPTED[kind]}")
        return int(value)
    return value


def _ungrouped(text: str, kind: str) -> str:
    """`text` with its thousands separators removed; a comma that is not one is refused."""
    body = re.sub(r"(?<=\d)_(?=\d)", "", text.translate(_SPACES))  # 1_000, as in code
    body = _GROUPED.sub(lambda match: match.group().replace(",", "").replace(" ", ""), body)
    if "," in body:
        raise NotANumber(
            f"{shown(text, 24)} is not a number: a comma may only separate thousands (40,000), "
            f"and decimals take a dot; enter {ACCEPTED[kind]}"
        )
    return body


def _number(text: str, kind: str) -> float:
    body = _ungrouped(text, kind)
    percent = False
    if kind in ("money", "price"):
        body = re.sub(r"^(us\$|\$|usd)\s*", "", body, flags=re.IGNORECASE)
        body = re.sub(r"\s*(usd|\$)$", "", body, flags=re.IGNORECASE)
    if kind == "rate" and body.endswith("%"):
        body, percent = body[:-1].rstrip(), True
    if kind == "points":
        body = re.sub(r"\s*(pp|%|points?)$", "", body, flags=re.IGNORECASE)
    scale = 1.0
    suffix = _SUFFIX.match(body)
    if suffix and kind in ("money", "count", "number") and _NUMBER.match(suffix.group(1)):
        body, scale = suffix.group(1), _SCALES[suffix.group(2).lower()]
    if not _NUMBER.match(body):
        raise NotANumber(f"{shown(text, 24)} is not a number; enter {ACCEPTED[kind]}")
    value = float(body) * scale
    if not math.isfinite(value):
        raise NotANumber(f"{shown(text, 24)} is too large; enter {ACCEPTED[kind]}")
    if percent:
        value /= 100
    return value


def shown(value: object, limit: int = 40) -> str:
    """A short, safe rendering of a value in a message: `'abc'`, `12`, `a table`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= limit else value[: limit - 3] + "...")
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, int) and abs(value) >= 10**limit:
        return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
    text = field_text(value) if isinstance(value, float) else str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def field_text(value: object) -> str:
    """How a stored value is written back into a field: `0.03`, `40000`, `12`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)
