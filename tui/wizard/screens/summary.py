"""Step 6: the recommendation, the economics in one sentence, the reason of each step,
cautions, what would change it, the flip points, the tornado chart and the cost chart."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from tui.core.arithmetic import economics_sentence
from tui.core.assess import LABELS, Assessment
from tui.core.exports import key_figures
from tui.core.questions import label_of
from tui.wizard.screens.base import StepScreen, show_text
from tui.wizard.widgets.chart import CostChart
from tui.wizard.widgets.flips import FlipTable
from tui.wizard.widgets.panel import MUTED, RECOMMENDATION_STYLES, BreakEvenPanel
from tui.wizard.widgets.tornado import TornadoChart

HEADING_STYLE = "bold underline"


def headline_text(result: Assessment) -> Content:
    """The recommendation in one line, and the headline that says why."""
    return Content.assemble(
        ("Recommendation: ", "bold"),
        (LABELS[result.recommendation], RECOMMENDATION_STYLES[result.recommendation]),
        "\n" + result.headline,
    )


def summary_text(result: Assessment) -> Content:
    """The reasons, cautions and what would change the recommendation, under their headings."""
    sections = [
        ("Why", result.reasons),
        ("Cautions", result.cautions),
        ("What would change it", result.would_change),
    ]
    if result.missing:
        sections.insert(0, ("Still missing", [label_of(path) for path in result.missing]))
    parts: list[tuple[str, str] | str] = []
    for heading, items in sections:
        if not items:
            continue
        parts.append((f"{heading}\n", HEADING_STYLE))
        for item in items:
            parts += [(" • ", MUTED), item + "\n"]
        parts.append("\n")
    return Content.assemble(*parts)


def figures_table(result: Assessment) -> Content:
    """The key figures under a heading, labels muted and values aligned."""
    rows = key_figures(result)
    width = max(len(label) for label, _ in rows)
    parts: list[tuple[str, str] | str] = [("Key figures\n", HEADING_STYLE)]
    for label, value in rows:
        parts += [(" " + label.ljust(width) + "  ", MUTED), value + "\n"]
    return Content.assemble(*parts)


def sentence_text(result: Assessment) -> Content:
    """The economics in one sentence of plain arithmetic, under its heading (empty until known)."""
    said = economics_sentence(result.economics)
    return Content.assemble(("The economics\n", HEADING_STYLE), said) if said else Content("")


class SummaryScreen(StepScreen):
    STEP = "summary"
    BINDINGS = [
        Binding("c", "show_chart", "Chart", tooltip="Scroll to the cumulative-cost chart and its payback month"),
        Binding(
            "t", "show_flips", "Flip points", tooltip="Scroll to the flip-point table and the tornado chart", show=False
        ),
    ]
    DEFAULT_CSS = """
    #summary-sentence { margin-bottom: 1; }
    """

    def compose_content(self) -> ComposeResult:
        yield Static(id="summary-headline")
        yield Static(id="summary-sentence")
        yield Horizontal(
            Button("Save", id="save", variant="success", compact=True, tooltip="Save the assessment (Ctrl+S)"),
            Button("Export", id="export", compact=True, tooltip="Export the report (Ctrl+E)"),
            id="summary-actions",
        )
        yield Static(id="summary-text")
        yield FlipTable(id="summary-flips")
        yield TornadoChart(id="summary-tornado")
        yield CostChart(id="summary-chart")
        yield Static(id="summary-figures")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(BreakEvenPanel).show_chart = False  # the chart is drawn wider here

    def show_findings(self, evaluation) -> None:
        """Redraw on each change of the answers; each widget skips an assessment it already shows."""
        result = evaluation.result
        show_text(self.query_one("#summary-headline", Static), headline_text(result))
        show_text(self.query_one("#summary-sentence", Static), sentence_text(result))
        show_text(self.query_one("#summary-text", Static), summary_text(result))
        self.query_one(FlipTable).show(result)
        self.query_one(TornadoChart).show(result)
        self.query_one(CostChart).show(result)
        show_text(self.query_one("#summary-figures", Static), figures_table(result))

    def action_show_chart(self) -> None:
        self.query_one(CostChart).scroll_visible(animate=False, top=True)

    def action_show_flips(self) -> None:
        self.query_one(FlipTable).scroll_visible(animate=False, top=True)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.app.action_save()

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.app.action_export()
