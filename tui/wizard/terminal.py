"""What reaches the terminal: drawn text never carries control characters of its own.

A title, a note or a file name can hold escape sequences (pasted, or typed into a file by
hand). Rich strips only a few control characters, so the wizard removes the rest from every
line it draws, using the one definition of unsafe characters in tui.core.printable; the text
itself is kept as it was, so nothing typed is lost.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from tui.core.printable import has_unsafe, without_unsafe


class StripControl(LineFilter):
    """A line filter that drops unsafe characters from the text of every segment.

    Each of them is zero cells wide, so a line stays exactly as wide as it was laid out.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not any(has_unsafe(segment.text) for segment in segments if not segment.control):
            return segments
        return [
            segment if segment.control else Segment(without_unsafe(segment.text), segment.style) for segment in segments
        ]
