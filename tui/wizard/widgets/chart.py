"""A small chart of cumulative cost for both approaches over the horizon, drawn as text.

The month where the two lines cross is the payback (maintenance and hosting included): the
chart marks it with a labelled line, not the upfront cost's crossover C / S.
"""

from __future__ import annotations

from textual.containers import ScrollableContainer
from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from tui.core import fmt
from tui.core.assess import Assessment
from tui.core.economics import Economics, cumulative_costs

PROMPTED, TUNED, BOTH, PAYBACK = "●", "■", "◆", "┆"
PROMPTED_STYLE, TUNED_STYLE, BOTH_STYLE, PAYBACK_STYLE = (
    "bold $warning",
    "bold $primary",
    "bold $foreground",
    "bold $accent",
)
MUTED = "$foreground-muted"
LABEL_WIDTH = 7
TICK_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


def legend(width: int = 80) -> list[Content]:
    """What each mark means, wrapped to `width`."""
    return Content.assemble(
        (PROMPTED, PROMPTED_STYLE),
        (" prompting  ", MUTED),
        (TUNED, TUNED_STYLE),
        (" fine-tuning  ", MUTED),
        (BOTH, BOTH_STYLE),
        (" both", MUTED),
    ).wrap(max(width, 1))


def payback_label(e: Economics) -> str:
    """The words on the chart's payback marker: when fine-tuning has paid for itself, all costs counted."""
    if e.payback_status == "never":
        return "fine-tuning never pays back"
    if e.payback_months is None:
        return "payback far beyond the horizon"
    shown = fmt.months_against(e.payback_months, e.horizon_months)
    if not e.pays_back_within_horizon:
        return f"payback at {shown}, beyond this chart"
    return f"payback at {shown}"


def draw(
    series: list[tuple[int, float, float]], width: int, height: int, economics: Economics | None = None
) -> list[Content]:
    """The chart as `height` lines of `width` cells: the payback label, the plot and the month axis."""
    plot_width, plot_height = width - LABEL_WIDTH - 1, height - 3
    if plot_width < 8 or plot_height < 2:
        return []
    horizon = series[-1][0]
    payback = economics.payback_months if economics is not None and economics.pays_back_within_horizon else None
    grid, styles = _plot(series, plot_width, plot_height)
    marker = None if payback is None else round(payback / max(horizon, 1) * (plot_width - 1))
    if marker is not None:
        for row in range(plot_height):
            if grid[row][marker] == " ":
                grid[row][marker], styles[row][marker] = PAYBACK, PAYBACK_STYLE
    lines = [_label_line(economics, marker, plot_width)] if economics is not None else [Content("")]
    top, bottom = _range(series)
    for row in range(plot_height):
        label = short_money(top) if row == 0 else short_money(bottom) if row == plot_height - 1 else ""
        parts: list[tuple[str, str]] = [(label.rjust(LABEL_WIDTH) + "┤", MUTED)]
        start = 0
        for column in range(1, plot_width + 1):  # one span per run of cells in the same style
            if column == plot_width or styles[row][column] != styles[row][start]:
                parts.append(("".join(grid[row][start:column]), styles[row][start]))
                start = column
        lines.append(Content.assemble(*parts))
    return lines + _axis(horizon, plot_width)


def _range(series: list[tuple[int, float, float]]) -> tuple[float, float]:
    top = max(max(p, t) for _, p, t in series)
    bottom = min(min(p, t) for _, p, t in series)
    return (bottom + 1, bottom) if top == bottom else (top, bottom)


def _plot(
    series: list[tuple[int, float, float]], plot_width: int, plot_height: int
) -> tuple[list[list[str]], list[list[str]]]:
    """Both lines on a grid of cells, ◆ where they share a cell."""
    horizon = series[-1][0]
    top, bottom = _range(series)
    grid = [[" "] * plot_width for _ in range(plot_height)]
    styles = [[""] * plot_width for _ in range(plot_height)]
    for column in range(plot_width):
        month = column / max(plot_width - 1, 1) * horizon
        for value, mark, style in zip(
            _at(series, month), (PROMPTED, TUNED), (PROMPTED_STYLE, TUNED_STYLE), strict=True
        ):
            row = plot_height - 1 - round((value - bottom) / (top - bottom) * (plot_height - 1))
            if grid[row][column] != " ":
                mark, style = BOTH, BOTH_STYLE
            grid[row][column], styles[row][column] = mark, style
    return grid, styles


def _label_line(economics: Economics, marker: int | None, plot_width: int) -> Content:
    """The payback label above the plot, pointing down at its month (or saying there is none)."""
    indent = " " * (LABEL_WIDTH + 1)
    if marker is None:
        return Content.styled(indent + payback_label(economics)[:plot_width], PAYBACK_STYLE)
    months = fmt.months_against(economics.payback_months or 0.0, economics.horizon_months)
    short = months.replace(" months", " mo")
    for text in (f"payback at {months}", f"payback {short}", short):
        if marker + 2 + len(text) <= plot_width:
            return Content.styled(indent + " " * marker + "▼ " + text, PAYBACK_STYLE)
        if marker >= len(text) + 1:
            return Content.styled(indent + " " * (marker - len(text) - 1) + text + " ▼", PAYBACK_STYLE)
    return Content.styled(indent + " " * marker + "▼", PAYBACK_STYLE)


def _axis(horizon: int, plot_width: int) -> list[Content]:
    """The month axis: a tick every few months, numbered, "months" where the money labels are."""
    step = next((s for s in TICK_STEPS if plot_width / max(horizon / s, 1) >= 5), TICK_STEPS[-1])
    ticks = list(range(0, horizon + 1, step))
    if ticks[-1] != horizon and plot_width / max(horizon, 1) * (horizon - ticks[-1]) >= 4:
        ticks.append(horizon)
    rule = ["─"] * plot_width
    numbers = [" "] * (plot_width + 4)
    for month in ticks:
        column = round(month / max(horizon, 1) * (plot_width - 1))
        rule[column] = "┬"
        text = str(month)
        start = min(max(column - len(text) // 2, 0), plot_width - len(text))
        if all(cell == " " for cell in numbers[max(start - 1, 0) : start + len(text) + 1]):
            numbers[start : start + len(text)] = text
    axis = " " * LABEL_WIDTH + "└" + "".join(rule)
    months = "months".rjust(LABEL_WIDTH) + " " + "".join(numbers[:plot_width]).rstrip()
    return [Content.styled(axis, MUTED), Content.styled(months, MUTED)]


def _at(series: list[tuple[int, float, float]], month: float) -> tuple[float, float]:
    """Both totals at a fractional month, by linear interpolation."""
    low = min(int(month), len(series) - 1)
    high = min(low + 1, len(series) - 1)
    share = month - low
    _, p0, t0 = series[low]
    _, p1, t1 = series[high]
    return p0 + (p1 - p0) * share, t0 + (t1 - t0) * share


def short_money(value: float) -> str:
    """Money in at most about seven cells: `$58.3k`, `-$1.2M`."""
    size = abs(value)
    sign = "-" if value < 0 else ""
    for limit, letter in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= limit:
            return f"{sign}${size / limit:.3g}{letter}"
    return fmt.money(value)


class CostChart(Widget):
    """The cumulative-cost chart on its own, with its title and legend (the Summary's)."""

    DEFAULT_CSS = """
    CostChart { height: auto; margin-bottom: 1; text-wrap: nowrap; text-overflow: clip; }
    """
    ROWS = 18  # at most; fewer in a short view, so the whole chart shows at once (10 at least)

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._result: Assessment | None = None
        self._series: list[tuple[int, float, float]] | None = None

    def show(self, result: Assessment) -> None:
        """Draw `result` (nothing happens when it is the one already shown)."""
        if result is not self._result:
            self._result = result
            self._series = cumulative_costs(result.answers, result.economics)
            self.refresh(layout=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self._series is None:
            return 2
        # The height of the view it scrolls in, not of the container it is in (which grows with it).
        view = next((node for node in self.ancestors if isinstance(node, ScrollableContainer)), None)
        room = view.scrollable_content_region.height if view is not None else container.height
        return max(min(self.ROWS, room - 1), 10)

    def render(self) -> Content:
        width, height = self.content_size
        if self._result is None or width <= 0:
            return Content("")
        title = Content.styled(f"Cumulative cost over {self._result.economics.horizon_months} months", "bold underline")
        if self._series is None:
            return Content("\n").join([title, Content.styled("The chart appears once every cost is known.", MUTED)])
        key = legend(width)
        chart = draw(self._series, width, height - 1 - len(key), self._result.economics)
        return Content("\n").join([title, *key, *chart])
