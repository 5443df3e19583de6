"""The flip-point table of SPEC §8: for each answer, the nearest values below and above the
current one at which the recommendation changes, and what it changes to.

A small widget of its own, so the cells wrap within their columns at any width (a DataTable
would scroll sideways): four columns when there is room, one answer to a block when narrow.
The rows are the reports' own (`flip_rows`), so the Summary and every export say the same.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.core.assess import Assessment
from tui.core.report_rows import flip_rows

HEADINGS = ("Answer", "Now", "Changes below", "Changes above")
MUTED = "$foreground-muted"
FLIP_STYLE = "bold"
GAP = 2
TABLE_FROM = 56  # cells: narrower than this, one answer to a block
NONE = "none"


def table_lines(rows: list[tuple[str, str, str, str]], width: int) -> list[Content]:
    """The rows under their headings, each cell wrapped within its column."""
    if width < TABLE_FROM:
        return block_lines(rows, width)
    widths = column_widths([HEADINGS, *rows], width)
    lines = _row_lines(HEADINGS, widths, heading=True)
    for row in rows:
        if row[3] == "":  # the change frequency: what each other frequency gives, across both columns
            lines += _row_lines((row[0], row[1], row[2]), [widths[0], widths[1], widths[2] + GAP + widths[3]])
        else:
            lines += _row_lines(row, widths)
    return lines


def column_widths(rows: list[tuple[str, ...]], width: int) -> list[int]:
    """Each column as wide as its longest cell, the widest ones narrowed until the row fits."""
    widths = [max(len(row[column]) for row in rows if row[3] != "" or column < 2) for column in range(4)]
    room = width - GAP * 3
    while sum(widths) > room:
        widest = max(range(4), key=lambda column: widths[column])
        widths[widest] -= 1
    return widths


def _row_lines(cells: tuple[str, ...], widths: list[int], heading: bool = False) -> list[Content]:
    """One table row as lines: each cell wrapped in its column, the row as tall as its tallest cell."""
    wrapped = [
        Content.styled(cell, _style(cell, index, heading)).wrap(width)
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
    ]
    height = max(len(lines) for lines in wrapped)
    lines = []
    for index in range(height):
        parts: list[Content | str] = []
        for column, (cell, width) in enumerate(zip(wrapped, widths, strict=True)):
            text = cell[index] if index < len(cell) else Content("")
            parts.append(text.pad_right(width - text.cell_length))
            if column < len(widths) - 1:
                parts.append(" " * GAP)
        lines.append(Content.assemble(*parts))
    return lines


def _style(cell: str, column: int, heading: bool) -> str:
    if heading:
        return "bold underline"
    if column >= 2:
        return MUTED if cell == NONE else FLIP_STYLE
    return "" if column == 0 else MUTED


def block_lines(rows: list[tuple[str, str, str, str]], width: int) -> list[Content]:
    """Narrow: each answer and its value on a line, the changes indented beneath."""
    lines: list[Content] = []
    for answer, now, below, above in rows:
        lines += Content.assemble((answer, "bold"), (f": {now}", MUTED)).wrap(width)
        changes = below if above == "" else f"{below} · {above}"
        lines += Content.styled("  " + changes, MUTED if changes == f"{NONE} · {NONE}" else "").wrap(width)
    return lines


class FlipTable(Widget):
    """The flip points of the assessment shown, worked out once per assessment."""

    DEFAULT_CSS = """
    FlipTable { height: auto; margin-bottom: 1; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[tuple[str, str, str, str]] = []
        self._result: Assessment | None = None
        self._drawn: tuple[int, list[Content]] = (0, [])  # the lines at the last width asked for

    def show(self, result: Assessment) -> None:
        """Show the flip points of `result` (nothing happens when it is the one already shown)."""
        if result is self._result:
            return
        self._result = result
        found = result.sensitivity
        self._rows = flip_rows(found) if found is not None else []
        self._drawn = (0, [])
        self.display = bool(self._rows)
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The table at this width, under its heading (laying out and drawing both ask for it)."""
        if not self._rows or width <= 0:
            return []
        if self._drawn[0] != width:
            heading = Content.styled(
                "Flip points: the nearest value of each answer that changes the recommendation", "bold underline"
            )
            self._drawn = (width, [*heading.wrap(width), *table_lines(self._rows, width)])
        return self._drawn[1]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))
