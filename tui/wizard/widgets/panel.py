"""The live break-even panel: the money figures and the recommendation so far, on every step."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from tui.core import fmt
from tui.core.assess import DECIDING, LABELS, Assessment
from tui.core.economics import cumulative_costs
from tui.core.questions import BY_PATH
from tui.wizard.widgets.chart import BOTH, PROMPTED, TUNED, CostChart

RECOMMENDATION_STYLES = {
    "fine_tuning": "bold #3daee9",
    "prompting": "bold #e5a50a",
    "evaluate_first": "bold #c061cb",
    "fix_data_first": "bold #f66151",
    "incomplete": "bold",
}


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


class BreakEvenPanel(Vertical):
    """Figures, recommendation so far, and the cumulative-cost chart; redrawn in place."""

    def compose(self) -> ComposeResult:
        yield Static("Break-even", classes="panel-title")
        yield Static(id="figures")
        yield Static(id="verdict")
        yield Static(id="needed", classes="dim", markup=False)
        yield Static(
            Text.assemble((PROMPTED, "bold #e5a50a"), " prompting  ", (TUNED, "bold #3daee9"), " fine-tuning  ", (BOTH, "bold #f66151"), " cross"),
            id="legend",
        )
        yield CostChart(id="chart")

    _result: Assessment | None = None
    _compact = False

    def show(self, result: Assessment, compact: bool = False) -> None:
        """Redraw from `result`; `compact` packs the figures in two columns for narrow screens.

        Figures are laid out as plain text to the panel's width (cheaper than a table on every
        keystroke), and a part whose text has not changed is left alone.
        """
        self._result, self._compact = result, compact
        _update(self.query_one("#figures", Static), figures_text(panel_figures(result), self._text_width(), compact))
        _update(self.query_one("#verdict", Static), recommendation_line(result))
        _update(self.query_one("#needed", Static), missing_line(result))
        series = cumulative_costs(result.answers, result.economics)
        self.query_one(CostChart).plot(series)
        self.query_one("#legend").display = series is not None

    def _text_width(self) -> int:
        width = self.content_region.width
        return width if width > 0 else PANEL_TEXT_WIDTH

    def on_resize(self) -> None:
        if self._result is not None:
            self.show(self._result, self._compact)


PANEL_TEXT_WIDTH = 42  # the panel's text width before it is first laid out


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


def _update(static: Static, content: Text | str) -> None:
    """Update a Static only when what it shows changes."""
    key = content.plain if isinstance(content, Text) else content
    if getattr(static, "_shown_key", None) != key:
        static._shown_key = key  # type: ignore[attr-defined]
        static.update(content)
