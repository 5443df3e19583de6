"""Step 6: the recommendation, the economics in one sentence, the reason of each step,
cautions, what would change it, the flip points, the tornado chart and the cost chart."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widget import Widget
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
MISSING_CHANGE = "Answering the questions under “Still missing” above."


def headline_text(result: Assessment) -> Content:
    """The recommendation in one line, and the headline that says why."""
    return Content.assemble(
        ("Recommendation: ", "bold"),
        (LABELS[result.recommendation], RECOMMENDATION_STYLES[result.recommendation]),
        "\n" + result.headline,
    )


def summary_text(result: Assessment) -> Content:
    """What is still missing, the reasons and the cautions, under their headings."""
    sections = [("Why", result.reasons), ("Cautions", result.cautions)]
    if result.missing:
        sections.insert(0, ("Still missing", [label_of(path) for path in result.missing]))
    text = bulleted(sections)
    # A Static draws a last line break as a blank line: that one is the line before what follows.
    return text[:-1] if text.plain.endswith("\n\n") else text


def changes_text(result: Assessment) -> Content:
    """What would change the recommendation, under its heading (it searches the flip points).

    While answers are missing, that is answering them: the list above names them by their
    labels, where the reports' sentence names their paths in the file."""
    changes = [MISSING_CHANGE] if result.missing else result.would_change
    return bulleted([("What would change it", changes)])


def bulleted(sections: list[tuple[str, list[str]]]) -> Content:
    """Each section's heading and its items as bullets, a blank line after it; empty ones left out."""
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
        # Kept by reference: those from "What would change it" on are mounted after the first
        # frame (see `_first_and_rest`), and are drawn once they are there.
        self._changes = Static(id="summary-changes")
        self._flips = FlipTable(id="summary-flips")
        self._tornado = TornadoChart(id="summary-tornado")
        self._chart = CostChart(id="summary-chart")
        self._figures = Static(id="summary-figures")
        yield Static(id="summary-headline")
        yield Static(id="summary-sentence")
        yield Horizontal(
            Button("Save", id="save", variant="success", compact=True, tooltip="Save the assessment (Ctrl+S)"),
            Button("Export", id="export", compact=True, tooltip="Export the report (Ctrl+E)"),
            id="summary-actions",
        )
        yield Static(id="summary-text")
        yield from (self._changes, self._flips, self._tornado, self._chart, self._figures)

    def _first_and_rest(self, blocks: list[Widget]) -> tuple[list[Widget], list[Widget]]:
        """The verdict, the economics, the buttons and the reasons fill the first screen; what
        would change the verdict, the flip points and the charts, which search the answers
        around their values, come after the first frame."""
        below = blocks.index(self._changes)
        return blocks[:below], blocks[below:]

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(BreakEvenPanel).show_chart = False  # the chart is drawn wider here

    def below_placed(self) -> None:
        self.show_form(self.app.form)

    def show_findings(self, evaluation) -> None:
        """Redraw on each change of the answers; each widget skips an assessment it already shows."""
        result = evaluation.result
        show_text(self.query_one("#summary-headline", Static), headline_text(result))
        sentence = self.query_one("#summary-sentence", Static)
        show_text(sentence, sentence_text(result))
        sentence.display = bool(sentence.content)  # no empty lines while the economics are unknown
        show_text(self.query_one("#summary-text", Static), summary_text(result))
        if not self._flips.is_mounted:
            return  # drawn once mounted (`below_placed`)
        show_text(self._changes, changes_text(result))
        self._flips.show(result)
        self._tornado.show(result)
        self._chart.show(result)
        show_text(self._figures, figures_table(result))

    async def action_show_chart(self) -> None:
        await self._below_laid_out()
        self._chart.scroll_visible(animate=False, top=True)

    async def action_show_flips(self) -> None:
        await self._below_laid_out()
        self._flips.scroll_visible(animate=False, top=True)

    async def _below_laid_out(self) -> None:
        """The part below the first screen mounted, drawn and laid out, so it can be scrolled to."""
        await self.below_in_place()
        await self.wait_for_refresh()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.app.action_save()

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.app.action_export()
