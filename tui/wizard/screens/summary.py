"""Step 6: the recommendation, the reason of each step, cautions, and what would change it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from tui.core.assess import LABELS, Assessment
from tui.core.exports import key_figures
from tui.wizard.screens.base import StepScreen, show_text
from tui.wizard.widgets.panel import MUTED, RECOMMENDATION_STYLES

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
        sections.insert(0, ("Still missing", result.missing))
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


class SummaryScreen(StepScreen):
    STEP = "summary"

    def compose_content(self) -> ComposeResult:
        yield Static(id="summary-headline")
        yield Horizontal(
            Button("Save", id="save", variant="success", compact=True, tooltip="Save the assessment (Ctrl+S)"),
            Button("Export", id="export", compact=True, tooltip="Export the report (Ctrl+E)"),
            id="summary-actions",
        )
        yield Static(id="summary-text")
        yield Static(id="summary-figures")

    def show_findings(self, evaluation) -> None:
        result = evaluation.result
        show_text(self.query_one("#summary-headline", Static), headline_text(result))
        show_text(self.query_one("#summary-text", Static), summary_text(result))
        show_text(self.query_one("#summary-figures", Static), figures_table(result))

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.app.action_save()

    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        self.app.action_export()
