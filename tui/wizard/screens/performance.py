"""Step 5: the measured gap between the two approaches on the same test set."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Static

from tui.wizard.dialogs import Imported, ImportResultsDialog
from tui.wizard.screens.base import StepScreen
from tui.wizard.widgets.action import Action
from tui.wizard.widgets.field import QuestionField


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
        # Kept by reference: it may be mounted after the first frame (StepScreen._mount_below).
        self._insight = Static(id="gap-insight", classes="insight", markup=False)
        for widget in super().compose_content():
            if isinstance(widget, QuestionField) and widget.question.path == "performance.alpha":
                yield self._insight
            yield widget
            if isinstance(widget, QuestionField) and widget.question.path == "performance.evaluation_usd":
                yield Action("Import per-item results…", id="import-results")

    def refresh_view(self) -> None:
        super().refresh_view()
        result = self.app.form.evaluate().result
        shown = result.gap.p_value is not None
        self._insight.update(result.reason_by_step.get("performance", "") if shown else "")
        self._insight.display = shown

    @on(Action.Pressed, "#import-results")
    def _import(self) -> None:
        self.app.push_screen(ImportResultsDialog(), self._imported)

    def _imported(self, imported: Imported | None) -> None:
        """Put the counts from a results file into the paired questions."""
        if imported is None:
            return
        app = self.app
        app.set_mode("performance", "paired")
        app.answer("performance.status", "evaluated")
        for name, count in imported.counts.as_answers().items():
            app.answer(f"performance.{name}", str(count))
        self.load_from_form()
        app.notify(imported.summary, title="Results imported", timeout=10)
