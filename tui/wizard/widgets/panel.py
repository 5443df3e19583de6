"""The live break-even panel: the money figures and the recommendation so far, on every step.

A small widget of its own (Textual has no panel of figures with a chart): it keeps the latest
assessment and draws its title, figures, verdict, what is still needed and the cumulative-cost
chart as text in `render`, fitting what it shows to the room its CSS gives it.
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from tui.core import fmt
from tui.core.arithmetic import economics_sentence
from tui.core.assess import DECIDING, LABELS, Assessment
from tui.core.economics import Economics, cumulative_costs
from tui.core.questions import label_of
from tui.wizard.widgets.chart import draw, legend

RECOMMENDATION_STYLES = {
    "fine_tuning": "bold $primary",
    "prompting": "bold $warning",
    "evaluate_first": "bold $secondary",
    "fix_data_first": "bold $error",
    "incomplete": "bold",
}
MUTED = "$foreground-muted"
TITLE_STYLE = "bold $accent"
CHART_ROWS = 16  # the chart's height at most, its payback label and month axis included
CHART_MIN_ROWS = 8  # fewer rows than this: no chart
TWO_COLUMNS_FROM = 60  # cells: a panel this wide (under the questions) puts its figures side by side
MIN_FIGURE_ROWS = 3  # fewer rows of figures than this: the verdict alone
NO_CHART = "The chart appears once every cost is known."


Rows = list[tuple[str, str]]
CROSSOVER_LABEL = "Upfront alone earned back"
CROSSOVER_NOTE = "  (before maintenance and hosting)"
PAYBACK_LABEL = "Payback, all costs"
PAYBACK_CALLS_LABEL = "  calls until payback"
# The order in which figures give way when the strip under the questions is short: what pays
# first, the upfront cost's own crossover (always with its note) later.
PRIORITY = ("payback", "net", "breakeven", "saving", "upfront", "tax", "crossover", "costs", "gap")


def figure_groups(result: Assessment) -> dict[str, Rows]:
    """The panel's figures in groups that show together or not at all, in the order drawn.

    "—" when unknown, "never" when it does not exist. The crossover (C / S) is the upfront cost
    alone earned back, before maintenance and hosting, and always says so; the payback counts
    every cost.
    """
    e = result.economics
    saving_known = e.per_call_saving_usd is not None
    never = "never" if saving_known else fmt.DASH
    groups: dict[str, Rows] = {
        "costs": [
            ("Prompted per call", fmt.per_call(e.prompted_cost_per_call_usd)),
            ("Fine-tuned per call", fmt.per_call(e.fine_tuned_cost_per_call_usd)),
        ],
        "saving": [("Saving per call", fmt.per_call(e.per_call_saving_usd))],
    }
    if e.per_call_saving_with_errors_usd is not None:
        groups["saving"].append(("  with cost of errors", fmt.per_call(e.per_call_saving_with_errors_usd)))
    crossover_missing = never if e.upfront_cost_usd is not None else fmt.DASH
    groups["upfront"] = [("Upfront cost", fmt.money(e.upfront_cost_usd))]
    groups["crossover"] = [
        (CROSSOVER_LABEL, fmt.calls_after(e.crossover_calls, missing=crossover_missing)),
        (CROSSOVER_NOTE, ""),
    ]
    groups["tax"] = [("Maintenance tax/yr", fmt.money(e.annual_maintenance_tax_usd))]
    groups["payback"] = payback_rows(e)
    breakeven_missing = never if e.payback_known or e.breakeven_calls_per_month is not None else fmt.DASH
    groups["breakeven"] = [
        ("Break-even volume", fmt.count(e.breakeven_calls_per_month, "calls/mo", missing=breakeven_missing))
    ]
    groups["net"] = [(f"Net saving, {e.horizon_months} mo", fmt.money(e.net_saving_usd_over_horizon))]
    gap = result.gap
    if gap.difference_pp is not None:
        groups["gap"] = [("Accuracy gap", fmt.points(gap.difference_pp))]
        if gap.difference_ci_low is not None and gap.difference_ci_high is not None:
            interval = fmt.interval_points(gap.difference_ci_low * 100, gap.difference_ci_high * 100)
            groups["gap"].append((f"  {fmt.level(gap.difference_ci_level)} interval", interval))
    return groups


def payback_rows(e: Economics) -> Rows:
    """The payback (SPEC §3 `payback_status`) and the calls served until it, in words."""
    if e.payback_status == "unknown":
        return [(PAYBACK_LABEL, fmt.DASH), (PAYBACK_CALLS_LABEL, fmt.DASH)]
    if e.payback_status == "never":
        return [(PAYBACK_LABEL, "never"), (PAYBACK_CALLS_LABEL, "never")]
    months = fmt.months_against(e.payback_months, e.horizon_months) if e.payback_months is not None else "far off"
    return [(PAYBACK_LABEL, months), (PAYBACK_CALLS_LABEL, fmt.count(e.payback_calls, "calls", missing="far off"))]


def panel_figures(result: Assessment) -> Rows:
    """(label, value) rows of the panel, in the order drawn."""
    return [row for rows in figure_groups(result).values() for row in rows]


def fitting_figures(result: Assessment, columns: int, room: int) -> list[Rows]:
    """The figures for `columns` columns of `room` rows: the most important groups that fit,
    each kept whole within one column, in the order drawn."""
    groups = figure_groups(result)
    chosen: set[str] = set()
    for name in PRIORITY:
        if name in groups and _pack([groups[n] for n in groups if n in chosen | {name}], columns, room) is not None:
            chosen.add(name)
    return _pack([groups[n] for n in groups if n in chosen], columns, room) or []


def _pack(groups: list[Rows], columns: int, room: int) -> list[Rows] | None:
    """Groups filled column by column, none split; None if they do not fit."""
    filled: list[Rows] = [[]]
    for group in groups:
        if len(group) > room:
            return None
        if len(filled[-1]) + len(group) > room:
            if len(filled) == columns:
                return None
            filled.append([])
        filled[-1].extend(group)
    return filled


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
    labels = [label_of(path) for path in result.missing]
    if not labels:
        return ""
    shown = ", ".join(labels[:limit])
    more = f" and {len(labels) - limit} more" if len(labels) > limit else ""
    return f"Needs: {shown}{more}."


def verdict_lines(result: Assessment, width: int, height: int) -> list[Content]:
    """The recommendation wrapped to `width`; where it would take more than `height` lines, its
    short form (the recommendation alone, whole), so it is never cut off mid-sentence."""
    full = recommendation_line(result).wrap(width)
    if len(full) <= height:
        return full
    if result.recommendation != "incomplete":
        label = result.headline.split(":", 1)[0]
        short = Content.assemble((label, RECOMMENDATION_STYLES[result.recommendation]), ".")
    elif result.leaning:
        short = Content.assemble(
            ("So far: ", "bold"), (f"leaning {LABELS[result.leaning]}", RECOMMENDATION_STYLES[result.leaning])
        )
    else:
        short = Content.assemble(("So far: ", "bold"), f"{len(result.missing)} answers missing")
    return short.wrap(width)


def figure_lines(columns: list[Rows], width: int) -> list[Content]:
    """Columns of (label, value) rows as lines `width` wide, values right-aligned."""
    gap = 2 if len(columns) > 1 else 0
    column_width = max((width - gap * (len(columns) - 1)) // max(len(columns), 1), 10)
    lines = []
    for index in range(max((len(rows) for rows in columns), default=0)):
        parts: list[tuple[str, str] | str] = []
        for number, rows in enumerate(columns):
            if index >= len(rows):
                parts.append(" " * (column_width + (gap if number else 0)))
                continue
            label, value = rows[index]
            room = column_width - len(value) - 1
            shown = label if len(label) <= room else label[: max(room - 1, 0)] + "…"
            parts += [((" " * gap if number else "") + shown.ljust(room) + " ", MUTED), value]
        lines.append(Content.assemble(*parts))
    return lines


class BreakEvenPanel(Widget):
    """Figures, the recommendation so far, the economics in one sentence and the cumulative-cost chart.

    What shows depends on the room: everything when the panel is a tall column (the sentence
    where it fits); the most important figures in two columns and the verdict when it is a wide
    strip under the questions; only the verdict when there is no room for the figures. The
    verdict is never cut off: where it would be, the recommendation alone shows ("Keep
    prompting the larger model."), and the Summary says why.
    """

    DEFAULT_CSS = """
    BreakEvenPanel { text-wrap: nowrap; text-overflow: clip; }
    """

    # False where the screen draws the chart itself (the Summary): the sentence gets the room.
    show_chart: reactive[bool] = reactive(True)

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
        if result is None or width <= 0 or height <= 0:
            return []
        verdict = verdict_lines(result, width, height)
        if width >= TWO_COLUMNS_FROM:  # a strip under the questions: the figures that fit, and the verdict
            room = height - len(verdict)
            return (
                figure_lines(fitting_figures(result, 2, room), width) + verdict if room >= MIN_FIGURE_ROWS else verdict
            )
        lines = [
            Content(""),
            Content.styled("Break-even", TITLE_STYLE),
            *figure_lines([panel_figures(result)], width),
            Content(""),
            *verdict,
        ]
        if len(lines) > height:
            return verdict
        needed = missing_line(result)
        if needed:
            lines += Content.styled(needed, MUTED).wrap(width)
        return lines + self._below(result, width, height - len(lines))

    def _below(self, result: Assessment, width: int, room: int) -> list[Content]:
        """Under the verdict: the economics sentence and the chart, as room allows (the chart first)."""
        said = economics_sentence(result.economics)
        sentence = [Content(""), *Content(said).wrap(width)] if said else []
        if not self.show_chart:
            return sentence if len(sentence) <= room else []
        if self._series is None:
            return [Content(""), *Content.styled(NO_CHART, MUTED).wrap(width)]
        key = legend(width)
        chart_room = room - 1 - len(key)
        if chart_room - len(sentence) >= CHART_MIN_ROWS:
            chart_rows = min(chart_room - len(sentence), CHART_ROWS)
            return sentence + [Content(""), *key, *draw(self._series, width, chart_rows, result.economics)]
        if chart_room >= CHART_MIN_ROWS:
            return [Content(""), *key, *draw(self._series, width, min(chart_room, CHART_ROWS), result.economics)]
        return sentence if len(sentence) <= room else []
