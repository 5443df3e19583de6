"""Step 5: the measured gap between the two approaches on the same test set."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.widgets import Button, Static

from tui.wizard.screens.base import StepScreen, show_text


class PerformanceScreen(StepScreen):
    STEP = "performance"
    INTRO = (
        "Run both approaches on the same held-out items. Paired counts (how each item fared with "
        "both) give the most sensitive test. The gap counts when it is significant and big enough to matter."
    )
    SECTIONS = {
        "performance.both_correct": "Results",
        "performance.alpha": "How strict to be",
    }
    MODE_LABELS = {"performance": "Results entered as"}

    def compose_content(self) -> ComposeResult:
        # Kept by reference: it is mounted after the first frame (see StepScreen.compose).
        self._insight = Static(id="gap-insight", classes="insight", markup=False)
        self._imported = Static("", id="import-summary", classes="help", markup=False)  # the last import, this session
        for widget in super().compose_content():
            if widget.id == "row-q-performance--alpha":
                yield self._insight
            yield widget
            if widget.id == "row-q-performance--evaluation_usd":
                yield Button("Import per-item results…", id="import-results", compact=True)
                yield self._imported

    def show_findings(self, evaluation) -> None:
        result = evaluation.result
        shown = result.gap.p_value is not None
        show_text(self._insight, result.reason_by_step.get("performance", "") if shown else "")
        self._insight.display = shown

    @on(Button.Pressed, "#import-results")
    @work(exclusive=True, group="import")
    async def _import(self) -> None:
        """Put the counts from a results file into the paired questions."""
        from tui.wizard.import_dialog import ImportResultsDialog

        alpha = self.app.form.document().performance.alpha
        imported = await self.app.push_screen_wait(ImportResultsDialog(alpha))
        if imported is None:
            return
        app = self.app
        if not await app.may_replace_counts(f"performance.{name}" for name in imported.counts.as_answers()):
            return
        app.set_mode("performance", "paired")
        app.answer("performance.status", "evaluated")
        for name, count in imported.counts.as_answers().items():
            app.answer(f"performance.{name}", str(count))
        self.load_from_form()
        self._imported.update(imported.summary)
        app.notify(imported.summary, title="Results imported", timeout=10)
