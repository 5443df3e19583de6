"""Step 6: the recommendation, the reason of each step, cautions, and what would change it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from tui.core.assess import LABELS, Assessment
from tui.core.exports import key_figures
from tui.wizard.screens.base import StepScreen
from tui.wizard.widgets.action import Action
from tui.wizard.widgets.panel import RECOMMENDATION_STYLES


def headline_text(result: Assessment) -> Text:
    """The recommendation in one line, and the headline that says why."""
    text = Text()
    text.append("Recommendation: ", style="bold")
    text.append(LABELS[result.recommendation], style=RECOMMENDATION_STYLES[result.recommendation])
    text.append("\n" + result.headline)
    return text


def summary_text(result: Assessment) -> Text:
    """The reasons, cautions and what would change the recommendation, as styled text."""
    text = Text()
    sections = [
        ("Why", result.reasons),
        ("Cautions", result.cautions),
        ("What would change it", result.would_change),
    ]
    if result.missing:
        sections.insert(0, ("Still missing", result.missing))
    for heading, items in sections:
        if not items:
            continue
        text.append(f"{heading}\n", style="bold underline")
        for item in items:
            text.append(" • ", style="dim")
            text.append(item + "\n")
        text.append("\n")
    return text


def figures_table(result: Assessment) -> Text:
    """The key figures under a heading, labels dim and values aligned."""
    rows = key_figures(result)
    width = max(len(label) for label, _ in rows)
    text = Text("Key figures\n", style="bold underline", no_wrap=True)
    for label, value in rows:
        text.append(" " + label.ljust(width) + "  ", style="dim")
        text.append(value + "\n", style="not underline not bold")
    return text


class SummaryScreen(StepScreen):
    STEP = "summary"

    def compose_content(self) -> ComposeResult:
        yield Static(id="summary-headline")
        with Horizontal(id="summary-actions"):
            yield Action("Save  ^S", id="save", variant="success")
            yield Action("Export  ^E", id="export")
        yield Static(id="summary-text")
        yield Static(id="summary-figures")

    def refresh_view(self) -> None:
        super().refresh_view()
        result = self.app.form.evaluate().result
        self.query_one("#summary-headline", Static).update(headline_text(result))
        self.query_one("#summary-text", Static).update(summary_text(result))
        self.query_one("#summary-figures", Static).update(figures_table(result))

    @on(Action.Pressed, "#save")
    def _save(self) -> None:
        self.app.action_save()

    @on(Action.Pressed, "#export")
    def _export(self) -> None:
        self.app.action_export()
