"""What every step screen shares: the step list, the questions, Back/Next and the panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Header, Input, Select, Static, TextArea

from tui.core.questions import MODES, STEP_TITLES, STEPS, Question, questions_for
from tui.wizard.widgets.field import ModeField, QuestionField
from tui.wizard.widgets.panel import BreakEvenPanel
from tui.wizard.widgets.steplist import StepItem, StepList

if TYPE_CHECKING:
    from tui.wizard.app import WizardApp

NARROW_WIDTH = 100


class QuestionList(VerticalScroll, can_focus=False):
    """The scrolling column of questions; Tab goes straight to the first question."""


class StepScreen(Screen):
    """A wizard step. Subclasses name the step, introduce it and may add section headings."""

    AUTO_FOCUS = ".question Input, .question Select, .question TextArea, #summary-actions Button"

    STEP: ClassVar[str]
    INTRO: ClassVar[str] = ""
    SECTIONS: ClassVar[dict[str, str]] = {}  # question path -> heading shown before it
    MODE_LABELS: ClassVar[dict[str, str]] = {}  # mode scope -> label of its toggle

    app: WizardApp

    def __init__(self) -> None:
        super().__init__(name=self.STEP)
        self.touched: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepList(self.STEP)
        with Horizontal(id="body"):
            with QuestionList(id="form"):
                number = STEPS.index(self.STEP) + 1
                yield Static(f"Step {number} of {len(STEPS)} · {STEP_TITLES[self.STEP]}", classes="step-title")
                if self.INTRO:
                    yield Static(self.INTRO, classes="intro", markup=False)
                yield from self.compose_content()
                with Horizontal(id="nav"):
                    yield Button("◀ Back", id="back", compact=True, disabled=self.STEP == STEPS[0])
                    yield Button("Next ▶", id="next", compact=True, variant="primary", disabled=self.STEP == STEPS[-1])
            yield BreakEvenPanel(id="panel")
        yield Footer()

    def compose_content(self) -> ComposeResult:
        """The step's questions in catalogue order, with headings and mode toggles."""
        form = self.app.form
        seen_scopes: set[str] = set()
        for question in questions_for(self.STEP):
            if question.path in self.SECTIONS:
                yield Static(self.SECTIONS[question.path], classes="section")
            scope = question.group.split(":")[0] if question.group else ""
            if scope and scope not in seen_scopes:
                seen_scopes.add(scope)
                yield ModeField(scope, self.MODE_LABELS.get(scope, "Enter as"), MODES[scope], form.modes[scope])
            field = QuestionField(question, form.raw.get(question.path, ""))
            if not form.is_active(question):
                field.display = False
            yield field

    # Keeping the screen in step with the form -------------------------------------------

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self.refresh_view()

    def on_screen_resume(self) -> None:
        self._apply_width(self.app.size.width)
        self.refresh_view()

    def on_resize(self) -> None:
        self._apply_width(self.app.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self.is_mounted:
                self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw the panel, the step list, and the errors of touched questions."""
        evaluation = self.app.form.evaluate()
        self.query_one(BreakEvenPanel).show(evaluation.result, compact=self.has_class("-narrow"))
        self.query_one(StepList).show(self.app.step_states(), short=self.has_class("-narrow"))
        for field in self.query(QuestionField):
            path = field.question.path
            field.show_error(evaluation.errors.get(path) if path in self.touched else None)

    def load_from_form(self) -> None:
        """Show the form's answers in every control (after another file was opened)."""
        form = self.app.form
        self.touched = set(form.evaluate().errors)
        for mode in self.query(ModeField):
            mode.load(form.modes[mode.scope])
        for field in self.query(QuestionField):
            field.load(form.raw.get(field.question.path, ""))
            field.display = form.is_active(field.question)
        self.refresh_view()

    def touch_all(self) -> None:
        self.touched.update(field.question.path for field in self.query(QuestionField))
        self.refresh_view()

    def first_error_control(self) -> Widget | None:
        errors = self.app.form.evaluate().errors
        for field in self.query(QuestionField):
            if field.question.path in errors and field.display:
                return field.control
        return None

    def focused_question(self) -> Question | None:
        focused = self.focused
        while focused is not None and not isinstance(focused, QuestionField):
            focused = focused.parent if isinstance(focused.parent, Widget) else None
        return focused.question if isinstance(focused, QuestionField) else None

    # Events from the controls ------------------------------------------------------------

    def _path_of(self, widget: Widget) -> str | None:
        for ancestor in widget.ancestors_with_self:
            if isinstance(ancestor, QuestionField):
                return ancestor.question.path
        return None

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        self._answer(event.input, event.value)

    @on(TextArea.Changed)
    def _notes_changed(self, event: TextArea.Changed) -> None:
        self._answer(event.text_area, event.text_area.text)

    @on(Checkbox.Changed)
    def _flag_changed(self, event: Checkbox.Changed) -> None:
        self._answer(event.checkbox, "true" if event.value else "")
        self.touched.add(self._path_of(event.checkbox) or "")

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = "" if event.value is Select.NULL else str(event.value)
        mode_field = next((a for a in event.select.ancestors if isinstance(a, ModeField)), None)
        if mode_field is not None:
            self.app.set_mode(mode_field.scope, value)
            for field in self.query(QuestionField):
                field.display = self.app.form.is_active(field.question)
            self.refresh_view()
            return
        path = self._path_of(event.select)
        if path:
            self.touched.add(path)
        self._answer(event.select, value)

    def _answer(self, control: Widget, text: str) -> None:
        path = self._path_of(control)
        if path is not None:
            self.app.answer(path, text)

    @on(Input.Blurred)
    def _left_field(self, event: Input.Blurred) -> None:
        path = self._path_of(event.input)
        if path and path not in self.touched:
            self.touched.add(path)
            self.refresh_view()

    @on(Input.Submitted)
    def _enter_moves_on(self, event: Input.Submitted) -> None:
        """Enter leaves the field: to the next question, or to the next step after the last."""
        path = self._path_of(event.input)
        if path:
            self.touched.add(path)
        self.refresh_view()
        inputs = [f.control for f in self.query(QuestionField) if f.display]
        if event.input in inputs and event.input is not inputs[-1]:
            self.focus_next()
        else:
            self.app.action_next()

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.app.action_next()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.app.action_back()

    @on(StepItem.Chosen)
    def _chosen(self, event: StepItem.Chosen) -> None:
        self.app.action_go(event.step)
