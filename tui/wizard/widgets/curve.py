"""The learning curve: measured points, the fitted curve, and where more data would take it."""

from __future__ import annotations

import math

from textual.content import Content
from textual.widget import Widget

from tui.core import fmt
from tui.core.learning_curve import Projection

MEASURED, FITTED, PROJECTED = "●", "·", "○"
MUTED = "$foreground-muted"


class CurveChart(Widget):
    """Accuracy against training examples (log scale), up to four times the data."""

    DEFAULT_CSS = """
    CurveChart { height: 10; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.projection: Projection | None = None

    def plot(self, projection: Projection | None) -> None:
        if projection is not self.projection:
            self.projection = projection
            self.display = projection is not None
            self.refresh()

    def render(self) -> Content:
        width, height = self.size.width, self.size.height
        if self.projection is None or width < 20 or height < 4:
            return Content("")
        return draw_curve(self.projection, width, height)


def draw_curve(projection: Projection, width: int, height: int) -> Content:
    """The chart as text: measured points, the fitted line, and the 2× and 4× projections."""
    label_width = 7
    plot_width, plot_height = width - label_width - 1, height - 2
    examples = [n for n, _ in projection.points]
    left, right = math.log(min(examples)), math.log(4 * max(examples))
    if right <= left:
        right = left + 1
    law = projection.law
    accuracies = [acc for _, acc in projection.points]
    fitted = [
        law.accuracy(math.exp(left + (right - left) * column / max(plot_width - 1, 1))) for column in range(plot_width)
    ]
    top = max(accuracies + fitted)
    bottom = min(accuracies + fitted)
    if top - bottom < 1e-6:
        top, bottom = top + 0.005, bottom - 0.005
    grid = [[" "] * plot_width for _ in range(plot_height)]
    styles = [[""] * plot_width for _ in range(plot_height)]

    def place(examples_at: float, accuracy: float, mark: str, style: str) -> None:
        column = round((math.log(examples_at) - left) / (right - left) * (plot_width - 1))
        row = plot_height - 1 - round((accuracy - bottom) / (top - bottom) * (plot_height - 1))
        if 0 <= column < plot_width and 0 <= row < plot_height:
            grid[row][column], styles[row][column] = mark, style

    for column, accuracy in enumerate(fitted):
        place(math.exp(left + (right - left) * column / max(plot_width - 1, 1)), accuracy, FITTED, "$primary")
    for prediction in (projection.at_2x, projection.at_4x):
        if prediction is not None:
            place(prediction.examples, prediction.accuracy, PROJECTED, "bold $primary")
    for n, accuracy in projection.points:
        place(n, accuracy, MEASURED, "bold $warning")

    lines = []
    for row in range(plot_height):
        label = fmt.percent(top) if row == 0 else fmt.percent(bottom) if row == plot_height - 1 else ""
        cells = [(grid[row][column], styles[row][column]) for column in range(plot_width)]
        lines.append(Content.assemble((label.rjust(label_width) + "┤", MUTED), *cells))
    low, high = fmt.count(min(examples)), fmt.count(4 * max(examples))
    lines.append(Content.styled(" " * (label_width + 1) + low.ljust(plot_width - len(high)) + high, MUTED))
    lines.append(
        Content.assemble(
            (MEASURED, "bold $warning"),
            (" measured  ", MUTED),
            (FITTED, "$primary"),
            (" fitted  ", MUTED),
            (PROJECTED, "bold $primary"),
            (" 2× and 4× the data", MUTED),
        )
    )
    return Content("\n").join(lines)
