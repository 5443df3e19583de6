"""A small chart of cumulative cost for both approaches over the horizon, drawn as text."""

from __future__ import annotations

from textual.content import Content

from tui.core import fmt

PROMPTED, TUNED, BOTH = "●", "■", "◆"
PROMPTED_STYLE, TUNED_STYLE, BOTH_STYLE = "bold $warning", "bold $primary", "bold $error"
MUTED = "$foreground-muted"


def legend() -> Content:
    return Content.assemble(
        (PROMPTED, PROMPTED_STYLE), (" prompting  ", MUTED), (TUNED, TUNED_STYLE), (" fine-tuning  ", MUTED),
        (BOTH, BOTH_STYLE), (" cross", MUTED),
    )


def draw(series: list[tuple[int, float, float]], width: int, height: int) -> list[Content]:
    """The chart as `height` lines of `width` cells, axis labels included."""
    label_width = 7
    plot_width, plot_height = width - label_width - 1, height - 1
    horizon = series[-1][0]
    top = max(max(p, t) for _, p, t in series)
    bottom = min(min(p, t) for _, p, t in series)
    if top == bottom:
        top = bottom + 1
    grid = [[" "] * plot_width for _ in range(plot_height)]
    styles = [[""] * plot_width for _ in range(plot_height)]

    def row_of(value: float) -> int:
        return plot_height - 1 - round((value - bottom) / (top - bottom) * (plot_height - 1))

    for column in range(plot_width):
        month = column / max(plot_width - 1, 1) * horizon
        prompted, tuned = _at(series, month)
        for value, mark, style in ((prompted, PROMPTED, PROMPTED_STYLE), (tuned, TUNED, TUNED_STYLE)):
            row = row_of(value)
            if grid[row][column] != " ":
                mark, style = BOTH, BOTH_STYLE
            grid[row][column] = mark
            styles[row][column] = style

    lines = []
    for row in range(plot_height):
        label = ""
        if row == 0:
            label = _short_money(top)
        elif row == plot_height - 1:
            label = _short_money(bottom)
        parts: list[tuple[str, str]] = [(label.rjust(label_width) + "┤", MUTED)]
        marks, marks_styles = grid[row], styles[row]
        start = 0
        for column in range(1, plot_width + 1):  # one span per run of cells in the same style
            if column == plot_width or marks_styles[column] != marks_styles[start]:
                parts.append(("".join(marks[start:column]), marks_styles[start]))
                start = column
        lines.append(Content.assemble(*parts))
    axis = "0 mo".ljust(plot_width - len(f"{horizon} mo")) + f"{horizon} mo"
    lines.append(Content.styled(" " * (label_width + 1) + axis, MUTED))
    return lines


def _at(series: list[tuple[int, float, float]], month: float) -> tuple[float, float]:
    """Both totals at a fractional month, by linear interpolation."""
    low = min(int(month), len(series) - 1)
    high = min(low + 1, len(series) - 1)
    share = month - low
    _, p0, t0 = series[low]
    _, p1, t1 = series[high]
    return p0 + (p1 - p0) * share, t0 + (t1 - t0) * share


def _short_money(value: float) -> str:
    size = abs(value)
    sign = "-" if value < 0 else ""
    for limit, letter in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            return f"{sign}${size / limit:.3g}{letter}"
    return fmt.money(value)
