"""What reaches the terminal: drawn text never carries control characters of its own.

A title, a note or a file name can hold escape sequences (pasted, or typed into a file by
hand). Rich strips only a few control characters, so the wizard removes the rest from every
line it draws; the text itself is kept as it was, so nothing typed is lost.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

# C0 and C1 controls, DEL, and the invisible characters that reorder or hide text. Each is
# zero cells wide, so removing it leaves every line exactly as wide as it was laid out.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` without control characters."""
    return CONTROL.sub("", text)


class StripControl(LineFilter):
    """A line filter that drops control characters from the text of every segment."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(CONTROL.search(segment.text) for segment in segments if not segment.control):
            return segments
        return [
            segment if segment.control else Segment(visible(segment.text), segment.style)
            for segment in segments
        ]
