"""Text bound for a terminal: control characters shown as escapes instead of acting on it."""

from __future__ import annotations

import re

_UNPRINTABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""`text` with control characters written as escapes (`\x1b`), newlines kept.

    A key or a file name can hold an escape sequence; printed raw it would recolour the
    terminal, retitle its window or hide text, so messages show it as the characters it is.
    """
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)
