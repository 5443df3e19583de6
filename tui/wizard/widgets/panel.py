"""The live break-even panel: the money figures and the recommendation so far, on every step.

The panel is one widget that draws its title, figures, verdict, what is still needed, and the
cumulative-cost chart as text, so that a keystroke redraws one widget and opening a step
mounts one instead of seven.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from tui.core import fmt
from tui.core.assess import DECIDING, LABELS, Assessment
from tui.core.economics import cumulative_costs
from tui.core.questions import BY_PATH
from tui.wizard.widgets.chart import BOTH, PROMPTED, TUNED, draw

RECOMMENDATION_STYLES = {
    "fine_tuning": "bold #3daee9",
    "prompting": "bold #e5a50a",
    "evaluate_first": "bold #c061cb",
    "fix_data_first": "bold #f66151",
    "incomplete": "bold",
}
MUTED = "$foreground-muted"
TITLE_STYLE = "bold $accent"
CHART_ROWS = 14  # the chart's height at most; it takes what room is left, if 3 rows or more
NO_CHART = "The chart appears once every cost is known."


def panel_figures(result: Assessment) -> list[tuple[str, str]]:
    """(label, value) rows of the panel: "—" when unknown, "never" when it does not exist."""
    e = result.economics
    saving_known = e.per_call_saving_usd is not None
    payback_known = None not in (e.effective_saving_usd, e.upfront_cost_usd, e.annual_maintenance_tax_usd, e.calls_per_month)
    never = "never" if saving_known else fmt.DASH
    saving = fmt.per_call(e.per_call_saving_usd)
    rows = [
        ("Prompted per call", fmt.per_call(e.prompted_cost_per_call_usd)),
        ("Fine-tuned per call", fmt.per_call(e.fine_tuned_cost_per_call_usd)),
        ("Saving per call", saving),
    ]
    if e.per_call_saving_with_errors_usd is not None:
        rows.append(("  with cost of errors", fmt.per_call(e.per_call_saving_with_errors_usd)))
    rows += [
        ("Upfront cost", fmt.money(e.upfront_cost_usd)),
        ("Crossover", fmt.count(e.crossover_calls, "calls", missing=never if e.upfront_cost_usd is not None else fmt.DASH)),
        ("Maintenance tax/yr", fmt.money(e.annual_maintenance_tax_usd)),
        ("Payback", fmt.months(e.payback_months) if payback_known else fmt.DASH),
        ("Break-even volume", fmt.count(e.breakeven_calls_per_month, "calls/mo", missing=never if payback_known or e.breakeven_calls_per_month is not None else fmt.DASH)),
        (f"Net saving, {e.horizon_months} mo", fmt.money(e.net_saving_usd_over_horizon)),
    ]
    gap = result.gap
    if gap.difference_pp is not None:
        rows.append(("Accuracy gap", fmt.points(gap.difference_pp)))
        if gap.difference_ci_low is not None and gap.difference_ci_high is not None:
            rows.append(("  95% interval", fmt.interval_points(gap.difference_ci_low * 100, gap.difference_ci_high * 100)))
    return rows


def recommendation_line(result: Assessment) -> Text:
    """The recommendation so far, with the rule's leaning while answers are missing."""
    text = Text()
    if result.recommendation != "incomplete":
        label, style = result.headline.split(":", 1)
        text.append(label, style=RECOMMENDATION_STYLES[result.recommendation])
        text.append(":" + style)
        return text
    missing = len(result.missing)
    noun = "answer" if missing == 1 else "answers"
    text.append("So far: ", style="bold")
    if result.leaning:
        text.append(f"leaning {LABELS[result.leaning]}", style=RECOMMENDATION_STYLES[result.leaning])
        text.append(f" ({DECIDING[result.leaning_rule]})")
    else:
        text.append("not enough answers to lean either way.")
    text.append(f"\n{missing} {noun} still missing.", style="dim")
    return text


def missing_line(result: Assessment, limit: int = 3) -> str:
    """The first few missing money answers by their labels, for the panel."""
    labels = [BY_PATH[path].label if path in BY_PATH else path for path in result.missing]
    if not labels:
        return ""
    shown = ", ".join(labels[:limit])
    more = f" and {len(labels) - limit} more" if len(labels) > limit else ""
    return f"Needs: {shown}{more}."


def figures_text(rows: list[tuple[str, str]], width: int, compact: bool) -> Text:
    """(label, value) rows as lines `width` wide, values right-aligned; two columns if compact."""
    columns = 2 if compact else 1
    gap = 2 if compact else 0
    column_width = max((width - gap * (columns - 1)) // columns, 10)
    per_column = -(-len(rows) // columns)
    text = Text(no_wrap=True, overflow="crop")
    for index in range(per_column):
        if index:
            text.append("\n")
        for column in range(columns):
            position = column * per_column + index
            if position >= len(rows):
                continue
            label, value = rows[position]
            room = column_width - len(value) - 1
            shown = label if len(label) <= room else label[: max(room - 1, 0)] + "…"
            text.append((" " * gap if column else "") + shown.ljust(room) + " ", style="dim")
            text.append(value)
    return text


def legend() -> Content:
    return Content.assemble(
        (PROMPTED, "bold #e5a50a"), (" prompting  ", MUTED), (TUNED, "bold #3daee9"), (" fine-tuning  ", MUTED),
        (BOTH, "bold #f66151"), (" cross", MUTED),
    )


class BreakEvenPanel(Widget):
    """Figures, the recommendation so far, and the cumulative-cost chart, drawn line by line.

    How much shows depends on the room: everything on a wide screen; figures in two columns
    and the verdict when the panel sits under the questions (`compact`); only the verdict when
    the screen is short (the screen has class -short or -tiny). A new result redraws only the
    lines whose text changed.
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._result: Assessment | None = None
        self._compact = False
        self._series: list[tuple[int, float, float]] | None = None
        self._chart: tuple[object, list[Content]] | None = None
        self._lines: list[Content] | None = None  # None: to be drawn at the next render
        self._drawn_for: tuple | None = None  # (width, height, verdict only) of self._lines
        self._strips: dict[int, Strip] = {}

    def show(self, result: Assessment, compact: bool = False) -> None:
        """Draw `result`; `compact` packs the figures in two columns for narrow screens."""
        self._result, self._compact = result, compact
        self._series = cumulative_costs(result.answers, result.economics)
        width, height = self.content_size
        if self._lines is None or not width:
            self._lines = None
            self.refresh()
            return
        old, self._lines = self._lines, self._draw(width, height)
        self._drawn_for = (width, height, self._verdict_only(), self.app.theme)
        if len(old) != len(self._lines):
            self._strips.clear()
            self.refresh()
            return
        for y, (before, after) in enumerate(zip(old, self._lines)):
            if not before.is_same(after):
                self._strips.pop(y, None)
                self.refresh(Region(0, y, width, 1))

    # The parts, also read by the tests ---------------------------------------------------

    def figures(self, width: int | None = None) -> Text:
        if self._result is None:
            return Text()
        return figures_text(panel_figures(self._result), width or max(self.content_size.width, 10), self._compact)

    def verdict(self) -> Text:
        return recommendation_line(self._result) if self._result is not None else Text()

    def needed(self) -> str:
        return missing_line(self._result) if self._result is not None else ""

    # Drawing ------------------------------------------------------------------------------

    def _verdict_only(self) -> bool:
        screen = self.screen
        return screen.has_class("-short") or screen.has_class("-tiny")

    def render_line(self, y: int) -> Strip:
        width, height = self.content_size
        key = (width, height, self._verdict_only(), self.app.theme)  # strips hold the theme's colours
        if self._lines is None or self._drawn_for != key:
            self._lines, self._drawn_for = self._draw(width, height), key
            self._strips.clear()
            if self._lines:  # all at once: one call costs what one line does
                whole = Content("\n").join(self._lines)
                strips = Visual.to_strips(self, whole, width, len(self._lines), self.visual_style, pad=True)
                self._strips.update(enumerate(strips))
        strip = self._strips.get(y)
        if strip is None:
            line = self._lines[y] if y < len(self._lines) else Content("")
            strip = Visual.to_strips(self, line, width, 1, self.visual_style, pad=True)[0]
            self._strips[y] = strip = strip.apply_offsets(0, y)  # its row, for selecting text
        return strip

    def _draw(self, width: int, height: int) -> list[Content]:
        """The panel's lines at this size."""
        if self._result is None or width <= 0:
            return []
        width = max(width, 1)
        verdict = Content.from_rich_text(self.verdict()).wrap(width)
        if self._verdict_only():
            return verdict
        figures = Content.from_rich_text(self.figures(width)).split("\n")
        if self._compact:
            return figures + verdict
        lines = [Content(""), Content.styled("Break-even", TITLE_STYLE), *figures, Content(""), *verdict]
        needed = self.needed()
        if needed:
            lines += Content.styled(needed, MUTED).wrap(width)
        if self._series is None:
            return lines + [Content(""), *Content.styled(NO_CHART, MUTED).wrap(width)]
        room = min(height - len(lines) - 2, CHART_ROWS)  # a blank line and the legend above the chart
        if room < 3:
            return lines
        return lines + [Content(""), legend(), *self._chart_lines(width, room)]

    def _chart_lines(self, width: int, height: int) -> list[Content]:
        key = (self._series, width, height)
        if self._chart is None or self._chart[0] != key:
            assert self._series is not None
            self._chart = (key, draw(self._series, width, height))
        return self._chart[1]

    def on_resize(self) -> None:
        self._lines = None
        self._strips.clear()
