"""A tornado chart (SPEC §8): how far the net saving over the horizon moves when each answer is
25% lower and 25% higher, the others held fixed, widest first.

Each answer is one bar either side of the current net saving (the axis, │): ░ where the answer
is 25% lower, █ where it is 25% higher, with the net saving at each end written beside it. A
dotted line marks $0 when the bars reach it: beyond it fine-tuning costs more than it saves.
"""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.core import fmt
from tui.core.assess import Assessment
from tui.core.changes import answer_label
from tui.core.sensitivity import Swing, tornado
from tui.wizard.widgets.chart import short_money

LOWER, HIGHER, AXIS, ZERO = "░", "█", "│", "┊"
LOWER_STYLE, HIGHER_STYLE, AXIS_STYLE, ZERO_STYLE = "$warning", "$primary", "bold $foreground", "$error"
MUTED = "$foreground-muted"
VALUE_WIDTH = 7
MIN_BAR = 24  # cells: less room than this beside the labels, and each label goes on its own line


def swing_lines(swings: list[Swing], current: float, width: int) -> list[Content]:
    """One bar per swing (a label line above each when narrow), scaled together."""
    label_width = min(max(len(answer_label(s.path)) for s in swings), 38)
    inline = width - label_width - 1 >= MIN_BAR + 2 * (VALUE_WIDTH + 1)
    bar_width = (width - label_width - 1 if inline else width) - 2 * (VALUE_WIDTH + 1)
    if bar_width < 5:
        return []
    values = [current, *(v for s in swings for v in (s.net_at_lower, s.net_at_higher))]
    low, high = min(values), max(values)
    span = (high - low) or 1.0

    def column(value: float) -> int:
        return round((value - low) / span * (bar_width - 1))

    axis = column(current)
    zero = column(0.0) if low < 0 < high else None
    lines: list[Content] = []
    for swing in swings:
        cells = _bar(swing, current, column, axis, zero, bar_width)
        left, right = sorted((swing.net_at_lower, swing.net_at_higher))
        bar = Content.assemble(
            (short_money(left).rjust(VALUE_WIDTH) + " ", MUTED),
            *cells,
            (" " + short_money(right).ljust(VALUE_WIDTH), MUTED),
        )
        label = answer_label(swing.path)
        if inline:
            shown = label if len(label) <= label_width else label[: label_width - 1] + "…"
            lines.append(Content.assemble(shown.ljust(label_width) + " ", bar))
        else:
            lines += [*Content(label).wrap(width), bar]
    return lines


def _bar(swing: Swing, current: float, column, axis: int, zero: int | None, width: int) -> list[tuple[str, str]]:
    """The cells of one bar: the lower answer's side, the higher answer's side, the axis and $0."""
    cells = [(" ", "")] * width
    if zero is not None:
        cells[zero] = (ZERO, ZERO_STYLE)
    for value, mark, style in ((swing.net_at_lower, LOWER, LOWER_STYLE), (swing.net_at_higher, HIGHER, HIGHER_STYLE)):
        end = column(value)
        if end == axis and value != current:
            end = axis + (1 if value > current else -1)  # a small swing still shows
        end = min(max(end, 0), width - 1)
        step = 1 if end > axis else -1
        for position in range(axis + step, end + step, step) if end != axis else ():
            cells[position] = (mark, style)
    cells[axis] = (AXIS, AXIS_STYLE)
    return cells


def legend(current: float, zero_shown: bool) -> Content:
    """What each mark means."""
    parts: list[tuple[str, str] | str] = [
        (LOWER, LOWER_STYLE),
        (" answer 25% lower  ", MUTED),
        (HIGHER, HIGHER_STYLE),
        (" 25% higher  ", MUTED),
        (AXIS, AXIS_STYLE),
        (f" now {fmt.money(current)}", MUTED),
    ]
    if zero_shown:
        parts += [("  ", ""), (ZERO, ZERO_STYLE), (" $0", MUTED)]
    return Content.assemble(*parts)


class TornadoChart(Widget):
    """The net saving over the horizon with each answer 25% lower and higher, widest swing first."""

    DEFAULT_CSS = """
    TornadoChart { height: auto; margin-bottom: 1; text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._result: Assessment | None = None
        self._swings: list[Swing] = []
        self._drawn: tuple[int, list[Content]] = (0, [])  # the lines at the last width asked for

    def show(self, result: Assessment) -> None:
        """Work out the swings of `result` (once per assessment) and draw them."""
        if result is self._result:
            return
        self._result = result
        net = result.economics.net_saving_usd_over_horizon
        self._swings = tornado(result.answers) if net is not None and not result.missing else []
        self._drawn = (0, [])
        self.display = bool(self._swings)
        self.refresh(layout=True)

    def lines(self, width: int) -> list[Content]:
        """The chart at this width (laying out and drawing both ask for it)."""
        result = self._result
        if result is None or not self._swings or width <= 0:
            return []
        if self._drawn[0] != width:
            self._drawn = (width, self._draw(result, width))
        return self._drawn[1]

    def _draw(self, result: Assessment, width: int) -> list[Content]:
        e = result.economics
        current = e.net_saving_usd_over_horizon or 0.0
        title = Content.styled(
            f"Net saving over {e.horizon_months} months, each answer 25% lower and 25% higher (widest first)",
            "bold underline",
        )
        values = [v for s in self._swings for v in (s.net_at_lower, s.net_at_higher)]
        zero_shown = min(values + [current]) < 0 < max(values + [current])
        return [
            *title.wrap(width),
            *legend(current, zero_shown).wrap(width),
            *swing_lines(self._swings, current, width),
        ]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))
