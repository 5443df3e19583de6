"""Step 4: how much labelled data there is, what it costs to use, and how clean it is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from tui.wizard.screens.base import StepScreen
from tui.wizard.widgets.curve import CurveChart
from tui.wizard.widgets.field import QuestionField


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

    def compose_content(self) -> ComposeResult:
        for widget in super().compose_content():
            yield widget
            if isinstance(widget, QuestionField) and widget.question.path == "data.max_label_error_rate":
                yield Static(id="audit-insight", classes="insight", markup=False)
            if isinstance(widget, QuestionField) and widget.question.path == "data.learning_curve_test_items":
                yield Static(id="curve-insight", classes="insight", markup=False)
                yield CurveChart(id="curve-chart")

    def refresh_view(self) -> None:
        super().refresh_view()
        result = self.app.form.evaluate().result
        audit = self.query_one("#audit-insight", Static)
        audit.update(result.reason_by_step.get("audit", ""))
        audit.display = result.audit is not None
        curve = self.query_one("#curve-insight", Static)
        curve.update(result.reason_by_step.get("learning_curve", ""))
        curve.display = result.learning_curve is not None
        self.query_one(CurveChart).plot(result.learning_curve)
