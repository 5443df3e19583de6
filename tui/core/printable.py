"""User text bound for a terminal or a report: which characters are unsafe, and what to do with them.

A title, a note, a key or a file name can hold control characters or escape sequences (pasted,
or typed into a file by hand). Printed raw they would recolour the terminal, retitle its window,
hide text or reorder it. This module holds the one definition of those characters; messages on
the command line show them as escapes, reports drop them.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the invisible characters that hide or reorder text (zero-width
# spaces and joiners, bidirectional embeddings, overrides and isolates). Each is zero cells wide.
UNSAFE_CHARACTERS = "\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069"

_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}]")
_UNSAFE_BUT_NEWLINE = re.compile(f"(?!\n)[{UNSAFE_CHARACTERS}]")
# In a report a whole escape sequence goes, not just its ESC: "[31m" left behind is noise.
_ESCAPE_SEQUENCE = (
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI sequences (colours, cursor moves)
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC sequences (titles, hyperlinks)
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC strings
    r"|\x1b.?"  # any other escape
)
_SEQUENCE_OR_UNSAFE = re.compile(f"{_ESCAPE_SEQUENCE}|{_UNSAFE_BUT_NEWLINE.pattern}")


def printable(text: str) -> str:
    r"""`text` with unsafe characters written as escapes (`\x1b`), newlines kept.

    For messages on the command line: the user sees a key or a file name as the characters it
    really holds, and the terminal is left alone.
    """
    return _UNSAFE_BUT_NEWLINE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def without_unsafe(text: str) -> str:
    """`text` with every unsafe character removed, newlines included: for one line already laid out."""
    return _UNSAFE.sub("", text)


def has_unsafe(text: str) -> bool:
    """Whether `text` holds any unsafe character (newlines included)."""
    return _UNSAFE.search(text) is not None


def strip_control(text: str, keep_newlines: bool = True) -> str:
    """`text` for a report: escape sequences and unsafe characters removed, tabs become spaces."""
    text = _SEQUENCE_OR_UNSAFE.sub("", text.replace("\r\n", "\n").replace("\t", "    "))
    return text if keep_newlines else " ".join(text.split("\n"))
