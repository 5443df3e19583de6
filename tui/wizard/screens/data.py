"""Step 4: how much labelled data there is, what it costs to use, and how clean it is."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import ContentSwitcher, RadioButton, Static

from tui.wizard.screens.base import StepScreen, show_text
from tui.wizard.widgets.curve import CurveChart
from tui.wizard.widgets.question import mode_button_id, mode_group_id, mode_switch_id


class DataScreen(StepScreen):
    STEP = "data"
    INTRO = (
        "Fine-tuning needs hundreds to thousands of good examples. The first training run's costs "
        "here, with the evaluation, make up the upfront cost."
    )
    SECTIONS = {
        "data.preparation_usd": "Upfront costs of the first fine-tune",
        "data.audited_examples": "Label audit (optional, recommended)",
        "data.learning_curve": "Learning curve (optional)",
    }
    MODE_LABELS = {"data": "First training run: enter as"}

    def compose_content(self) -> ComposeResult:
        # Kept by reference: they are mounted after the first frame (see StepScreen.compose).
        self._audit = Static(id="audit-insight", classes="insight", markup=False)
        self._curve_text = Static(id="curve-insight", classes="insight", markup=False)
        self._curve = CurveChart(id="curve-chart")
        for widget in super().compose_content():
            yield widget
            if widget.id == "row-q-data--max_label_error_rate":
                yield self._audit
            if widget.id == "row-q-data--learning_curve_test_items":
                yield self._curve_text
                yield self._curve

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """Catch up with answers filled from elsewhere (a model picked on the Volume step
        brings its training price), then redraw as every step does."""
        form = self.app.form
        self.show_answers()  # not over what is typed here and still on its way to the form
        button = self.query_one(f"#{mode_button_id('data', form.modes['data'])}", RadioButton)
        if not button.value:
            button.value = True  # the set's own change message is a no-op: the form already has this way
            self.query_one(f"#{mode_switch_id('data')}", ContentSwitcher).current = mode_group_id(
                "data", form.modes["data"]
            )
        super().on_screen_resume(event)

    def show_findings(self, evaluation) -> None:
        result = evaluation.result
        show_text(self._audit, result.reason_by_step.get("audit", ""))
        self._audit.display = result.audit is not None
        show_text(self._curve_text, result.reason_by_step.get("learning_curve", ""))
        self._curve_text.display = result.learning_curve is not None
        self._curve.plot(result.learning_curve)
