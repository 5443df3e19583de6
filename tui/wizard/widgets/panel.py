"""The live break-even panel: the money figures and the recommendation so far, on every step.

A small widget of its own (Textual has no panel of figures with a chart): it keeps the latest
assessment and draws its title, figures, verdict, what is still needed and the cumulative-cost
chart as text in `render`, fitting what it shows to the room its CSS gives it.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from tui.core import fmt
from tui.core.assess import DECIDING, LABELS, Assessment
from tui.core.economics import cumulative_costs
from tui.core.questions import BY_PATH
from tui.wizard.widgets.chart import legend, draw

RECOMMENDATION_STYLES = {
    "fine_tuning": "bold $primary",
    "prompting": "bold $warning",
    "evaluate_first": "bold $secondary",
    "fix_data_first": "bold $error",
    "incomplete": "bold",
}
MUTED = "$foreground-muted"
TITLE_STYLE = "bold $accent"
CHART_ROWS = 14  # the chart's height at most; it takes what room is left, if 3 rows or more
TWO_COLUMNS_FROM = 60  # cells: a panel this wide (under the questions) puts its figures side by side
MIN_FIGURE_ROWS = 3  # fewer rows of figures than this: the verdict alone
NO_CHART = "The chart appears once every cost is known."


def panel_figures(result: Assessment) -> list[tuple[str, str]]:
    """(label, value) rows of the panel: "—" when unknown, "never" when it does not exist."""
    e = result.economics
    saving_known = e.per_call_saving_usd is not None
    payback_known = None not in (e.effective_saving_usd, e.upfront_cost_usd, e.annual_maintenance_tax_usd, e.calls_per_month)
    never = "never" if saving_known else fmt.DASH
    rows = [
        ("Prompted per call", fmt.per_call(e.prompted_cost_per_call_usd)),
        ("Fine-tuned per call", fmt.per_call(e.fine_tuned_cost_per_call_usd)),
        ("Saving per call", fmt.per_call(e.per_call_saving_usd)),
    ]
    if e.per_call_saving_with_errors_usd is not None:
        rows.append(("  with cost of errors", fmt.per_call(e.per_call_saving_with_errors_usd)))
    breakeven_missing = never if payback_known or e.breakeven_calls_per_month is not None else fmt.DASH
    rows += [
        ("Upfront cost", fmt.money(e.upfront_cost_usd)),
        ("Crossover", fmt.count(e.crossover_calls, "calls", missing=never if e.upfront_cost_usd is not None else fmt.DASH)),
        ("Maintenance tax/yr", fmt.money(e.annual_maintenance_tax_usd)),
        ("Payback", fmt.months(e.payback_months) if payback_known else fmt.DASH),
        ("Break-even volume", fmt.count(e.breakeven_calls_per_month, "calls/mo", missing=breakeven_missing)),
        (f"Net saving, {e.horizon_months} mo", fmt.money(e.net_saving_usd_over_horizon)),
    ]
    gap = result.gap
    if gap.difference_pp is not None:
        rows.append(("Accuracy gap", fmt.points(gap.difference_pp)))
        if gap.difference_ci_low is not None and gap.difference_ci_high is not None:
            rows.append(("  95% interval", fmt.interval_points(gap.difference_ci_low * 100, gap.difference_ci_high * 100)))
    return rows


def recommendation_line(result: Assessment) -> Content:
    """The recommendation so far, with the rule's leaning while answers are missing."""
    if result.recommendation != "incomplete":
        label, rest = result.headline.split(":", 1)
        return Content.assemble((label, RECOMMENDATION_STYLES[result.recommendation]), ":" + rest)
    missing = len(result.missing)
    noun = "answer" if missing == 1 else "answers"
    if result.leaning:
        leaning: list[tuple[str, str] | str] = [
            (f"leaning {LABELS[result.leaning]}", RECOMMENDATION_STYLES[result.leaning]),
            f" ({DECIDING[result.leaning_rule]})",
        ]
    else:
        leaning = ["not enough answers to lean either way."]
    return Content.assemble(("So far: ", "bold"), *leaning, (f"\n{missing} {noun} still missing.", MUTED))


def missing_line(result: Assessment, limit: int = 3) -> str:
    """The first few missing answers by their labels, for the panel."""
    labels = [BY_PATH[path].label if path in BY_PATH else path for path in result.missing]
    if not labels:
        return ""
    shown = ", ".join(labels[:limit])
    more = f" and {len(labels) - limit} more" if len(labels) > limit else ""
    return f"Needs: {shown}{more}."


def figure_lines(rows: list[tuple[str, str]], width: int, columns: int) -> list[Content]:
    """(label, value) rows as lines `width` wide, values right-aligned, in one or two columns."""
    gap = 2 if columns > 1 else 0
    column_width = max((width - gap * (columns - 1)) // columns, 10)
    per_column = -(-len(rows) // columns)
    lines = []
    for index in range(per_column):
        parts: list[tuple[str, str] | str] = []
        for column in range(columns):
            position = column * per_column + index
            if position >= len(rows):
                continue
            label, value = rows[position]
            room = column_width - len(value) - 1
            shown = label if len(label) <= room else label[: max(room - 1, 0)] + "…"
            parts += [((" " * gap if column else "") + shown.ljust(room) + " ", MUTED), value]
        lines.append(Content.assemble(*parts))
    return lines


class BreakEvenPanel(Widget):
    """Figures, the recommendation so far, and the cumulative-cost chart.

    What shows depends on the room: everything when the panel is a tall column; the figures in
    two columns and the verdict when it is a wide strip under the questions; only the verdict
    when there is no room for the figures.
    """

    DEFAULT_CSS = """
    BreakEvenPanel { text-wrap: nowrap; text-overflow: clip; }
    """

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self._result: Assessment | None = None
        self._series: list[tuple[int, float, float]] | None = None

    def show(self, result: Assessment) -> None:
        """Draw `result` (nothing happens when it is the one already shown)."""
        if result is not self._result:
            self._result = result
            self._series = cumulative_costs(result.answers, result.economics)
            self.refresh()

    def render(self) -> Content:
        width, height = self.content_size
        return Content("\n").join(self.lines(width, height))

    def lines(self, width: int, height: int) -> list[Content]:
        """The panel's lines at this size."""
        result = self._result
        if result is None or width <= 0:
            return []
        verdict = recommendation_line(result).wrap(width)
        columns = 2 if width >= TWO_COLUMNS_FROM else 1
        figures = figure_lines(panel_figures(result), width, columns)
        if columns == 2:  # a strip under the questions: as many rows of figures as fit, and the verdict
            room = height - len(verdict)
            return figures[:room] + verdict if room >= MIN_FIGURE_ROWS else verdict
        lines = [Content(""), Content.styled("Break-even", TITLE_STYLE), *figures, Content(""), *verdict]
        if len(lines) > height:
            return verdict
        needed = missing_line(result)
        if needed:
            lines += Content.styled(needed, MUTED).wrap(width)
        if self._series is None:
            return lines + [Content(""), *Content.styled(NO_CHART, MUTED).wrap(width)]
        room = min(height - len(lines) - 2, CHART_ROWS)  # a blank line and the legend above the chart
        if room < 3:
            return lines
        return lines + [Content(""), legend(), *draw(self._series, width, room)]
