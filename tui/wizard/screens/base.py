"""What every step screen shares: the step list, the questions, Back/Next and the panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.compose import compose
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from tui.core.questions import MODES, STEP_TITLES, STEPS, Question, questions_for
from tui.wizard.widgets.action import Action
from tui.wizard.widgets.field import ModeField, ModeToggle, QuestionField, TextRow
from tui.wizard.widgets.keybar import KeyBar
from tui.wizard.widgets.panel import BreakEvenPanel
from tui.wizard.widgets.steplist import StepList

if TYPE_CHECKING:
    from textual.widgets import Checkbox, Select, TextArea

    from tui.core.form import Evaluation
    from tui.wizard.app import WizardApp

NARROW_WIDTH = 100
PANEL_WIDTH = 44  # #panel in app.tcss


class QuestionList(VerticalScroll, can_focus=False):
    """The scrolling column of questions; Tab goes straight to the first question."""


class StepScreen(Screen):
    """A wizard step. Subclasses name the step, introduce it and may add section headings."""

    AUTO_FOCUS = ".question Input, .question Select, .question TextArea, #summary-actions Action"

    STEP: ClassVar[str]
    INTRO: ClassVar[str] = ""
    SECTIONS: ClassVar[dict[str, str]] = {}  # question path -> heading shown before it
    MODE_LABELS: ClassVar[dict[str, str]] = {}  # mode scope -> label of its toggle

    app: WizardApp

    def __init__(self) -> None:
        super().__init__(name=self.STEP)
        self.touched: set[str] = set()
        self._drawn: tuple[Evaluation, bool] | None = None  # what the panel and step list show
        self._resumed = False
        self._below: list[Widget] = []  # widgets mounted after the first frame
        self._fields: list[QuestionField] | None = None
        self._laid_out_at: Size | None = None

    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < NARROW_WIDTH
        self._set_size_classes(narrow)
        yield StepList(self.STEP, self.app.step_states(), short=narrow)
        with QuestionList(id="form"):
            yield Static(self._title(), classes="step-title")
            content = compose(self, self.compose_content())
            shown = self._first_screenful(content, narrow)
            rows = [widget for widget in content[:shown] if isinstance(widget, QuestionField)]
            for row in rows[1:]:  # the first is focused; the others' inputs come after the first frame
                row.control_later()
            yield from content[:shown]
            nav = Horizontal(
                Action("◀ Back", id="back", disabled=self.STEP == STEPS[0]),
                Action("Next ▶", id="next", variant="primary", disabled=self.STEP == STEPS[-1]),
                id="nav",
            )
            self._below = content[shown:]
            if self._below:  # below the first screen too
                self._below.append(nav)
            else:
                yield nav
        yield BreakEvenPanel(id="panel")
        yield KeyBar()

    def _first_screenful(self, content: list[Widget], narrow: bool) -> int:
        """How many of the step's widgets it takes to fill the first screen, at least.

        The others are mounted once that screen is drawn (`_mount_below`), so a long step
        appears as fast as a short one. Heights here are lower bounds (no scroll bar, no
        wrapping of section headings), so nothing that shows on the first screen waits.
        """
        width, height = self.app.size
        tiny = self.has_class("-tiny")
        form_width = max(width - (0 if narrow else PANEL_WIDTH) - 2, 1)
        room = height - (2 if tiny else 3) - (3 if narrow else 0)  # title and steps, keys; the panel below
        room -= 1 if tiny else 3 + len(Content(self.INTRO).wrap(form_width))  # the title block
        first_question = next((i for i, widget in enumerate(content) if isinstance(widget, QuestionField)), 0)
        for index, widget in enumerate(content):
            if room <= 0 and index > first_question:  # the first question always: it gets the focus
                return index
            if isinstance(widget, TextRow):
                room -= widget.height(form_width, narrow, tiny) + (0 if isinstance(widget, ModeField) else 1)
            else:
                room -= 3 if widget.has_class("section") else 0
        return len(content)

    @property
    def fields(self) -> list[QuestionField]:
        """The questions on the screen, in order (kept between keystrokes: a query costs)."""
        if self._fields is None:
            self._fields = list(self.query(QuestionField))
        return self._fields

    def _mount_below(self) -> None:
        """Mount what the first frame did not need: the inputs it drew as text, and the
        questions below it (see `_first_screenful`)."""
        for row in self.fields:
            row.mount_control()
        below, self._below = self._below, []
        if below:
            self.query_one(QuestionList).mount(*below)
            self._fields = None
            self.refresh_view()

    def _title(self) -> Content:
        """The step's number and title, and under it its introduction (hidden on tiny screens)."""
        number = STEPS.index(self.STEP) + 1
        title = Content.styled(f"Step {number} of {len(STEPS)} · {STEP_TITLES[self.STEP]}", "bold $accent")
        if not self.INTRO or self.has_class("-tiny"):
            return title
        return Content("\n").join([title, Content.styled(self.INTRO, "$foreground-muted")])

    def compose_content(self) -> ComposeResult:
        """The step's questions in catalogue order, with headings and mode toggles.

        Only the questions of the way of entering that is switched on are built; the others are
        built the first time their way is chosen (`_build_active_fields`).
        """
        form = self.app.form
        seen_scopes: set[str] = set()
        for question in questions_for(self.STEP):
            if question.path in self.SECTIONS:
                yield Static(self.SECTIONS[question.path], classes="section")
            scope = question.group.split(":")[0] if question.group else ""
            if scope and scope not in seen_scopes:
                seen_scopes.add(scope)
                yield ModeField(scope, self.MODE_LABELS.get(scope, "Enter as"), MODES[scope], form.modes[scope])
            if form.is_active(question):
                yield QuestionField(question, form.raw.get(question.path, ""))

    def _build_active_fields(self) -> None:
        """Build the questions of ways of entering switched on since the screen was composed."""
        self._mount_below()  # the rows not mounted yet count as built
        form = self.app.form
        built = {field.question.path for field in self.fields}
        for mode_field in self.query(ModeField):
            missing = [
                QuestionField(question, form.raw.get(question.path, ""))
                for question in questions_for(self.STEP)
                if question.group.split(":")[0] == mode_field.scope
                and question.path not in built
                and form.is_active(question)
            ]
            if missing and mode_field.parent is not None:
                mode_field.parent.mount(*missing, after=mode_field)
                self._fields = None

    def _show_active_fields(self) -> None:
        self._build_active_fields()
        form = self.app.form
        for field in self.fields:
            field.display = form.is_active(field.question)

    def _set_size_classes(self, narrow: bool) -> None:
        """Set the classes that depend on the terminal's size before the children exist.

        Textual sets the breakpoint classes on the first resize, and any class change restyles
        the whole screen; set here, that first resize finds nothing to change.
        """
        width, height = self.app.size
        classes = {"-narrow": narrow}
        for dimension, breakpoints in (
            (width, self.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is not None else self.app.HORIZONTAL_BREAKPOINTS),
            (height, self.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is not None else self.app.VERTICAL_BREAKPOINTS),
        ):
            breakpoints = breakpoints or []
            classes.update({name: False for _, name in breakpoints})
            classes.update({name: True for name in self._get_breakpoint_classes(dimension, breakpoints)})
        self.update_classes(classes)

    # Keeping the screen in step with the form -------------------------------------------

    def on_mount(self) -> None:
        self.set_class(self.app.size.width < NARROW_WIDTH, "-narrow")
        self.refresh_view()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Textual restyles a resumed screen from scratch; the first time, nothing has changed
        since its widgets were styled as they mounted, so skip that (about a third of the
        styling work of opening a step). Textual's own handler runs after this one."""
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
            self.call_after_refresh(self._mount_below)
        else:  # the terminal may have been resized while another step was shown
            self._set_size_classes(self.app.size.width < NARROW_WIDTH)
        self._laid_out_at = self.app.size  # Textual's handler lays the screen out at this size
        self._apply_width(self.app.size.width)
        self.refresh_view()

    def _on_resize(self, event: events.Resize) -> None:
        """Lay out again only when the size really changed.

        The terminal reports its size once after start-up, when the first step has already been
        laid out at that size; Textual's handler, which runs after this one, would lay the whole
        screen out again for nothing.
        """
        if event.size == self._laid_out_at:
            event.prevent_default()
        self._laid_out_at = event.size
        self._apply_width(self.app.size.width)

    def _apply_width(self, width: int) -> None:
        narrow = width < NARROW_WIDTH
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self.is_mounted:
                self.refresh_view()
        for row in self.query(TextRow):  # labels move above or beside their controls, help may hide
            row.redraw()
        for title in self.query(".step-title").results(Static):
            title.update(self._title())

    def refresh_view(self) -> None:
        """Redraw the panel, the step list, and the errors of touched questions.

        The form keeps one evaluation until an answer changes, so when it is the one already on
        screen (a question left, a screen resumed) the panel and the step list are left alone.
        """
        evaluation = self.app.form.evaluate()
        compact = self.has_class("-narrow")
        if self._drawn is None or self._drawn[0] is not evaluation or self._drawn[1] != compact:
            self.query_one(BreakEvenPanel).show(evaluation.result, compact=compact)
            self.query_one(StepList).show(self.app.step_states(), short=compact)
            self._drawn = (evaluation, compact)
        for field in self.fields:
            path = field.question.path
            field.show_error(evaluation.errors.get(path) if path in self.touched else None)

    def load_from_form(self) -> None:
        """Show the form's answers in every control (after another file was opened)."""
        form = self.app.form
        self.touched = set(form.evaluate().errors)
        for mode in self.query(ModeField):
            mode.load(form.modes[mode.scope])
        self._show_active_fields()
        for field in self.fields:
            field.load(form.raw.get(field.question.path, ""))
        self._drawn = None
        self.refresh_view()

    def touch_all(self) -> None:
        self.touched.update(question.path for question in questions_for(self.STEP))
        self.refresh_view()

    def first_error_control(self) -> Widget | None:
        self._mount_below()
        errors = self.app.form.evaluate().errors
        for field in self.fields:
            if field.question.path in errors and field.display:
                return field.control
        return None

    def can_view_entire(self, widget: Widget) -> bool:
        """Whether `widget` is wholly in view, judged by the layout when nothing is drawn yet.

        Textual scrolls a newly focused widget to the middle unless the last frame showed all
        of it; the first question is focused before the first frame, and would scroll the
        step's title away for nothing.
        """
        if super().can_view_entire(widget):
            return True
        region = widget.region
        form = self.query_one(QuestionList)
        view = form.scrollable_content_region
        return bool(region) and widget in form.walk_children() and view.y <= region.y and region.bottom <= view.bottom

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

    def answer_from(self, path: str, text: str) -> None:
        """A question's text changed (a question's Input calls this as it changes)."""
        if self.app.form.raw.get(path, "") != text:
            self.app.answer(path, text)

    @on(Input.Changed)
    def _input_changed(self, event: Input.Changed) -> None:
        """A question's input has already answered through `answer_from` as the key was handled."""
        event.stop()

    # Handled by name rather than with @on, so that a step without a tick box or a text area
    # does not import those widgets.

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._answer(event.text_area, event.text_area.text)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._answer(event.checkbox, "true" if event.value else "")
        self.touched.add(self._path_of(event.checkbox) or "")

    def on_select_changed(self, event: Select.Changed) -> None:
        from textual.widgets import Select

        event.stop()
        value = "" if event.value is Select.NULL else str(event.value)
        path = self._path_of(event.select)
        if path:
            self.touched.add(path)
        self._answer(event.select, value)

    def on_mode_toggle_changed(self, event: ModeToggle.Changed) -> None:
        event.stop()
        mode_field = event.toggle.parent
        if isinstance(mode_field, ModeField):
            self.app.set_mode(mode_field.scope, event.value)
            self._show_active_fields()
            self.refresh_view()

    def _answer(self, control: Widget, text: str) -> None:
        path = self._path_of(control)
        if path is not None:
            self.answer_from(path, text)

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
        inputs = [f.control for f in self.fields if f.display]
        if event.input in inputs and event.input is not inputs[-1]:
            self.focus_next()
        else:
            self.app.action_next()

    @on(Action.Pressed, "#next")
    def _next(self) -> None:
        self.app.action_next()

    @on(Action.Pressed, "#back")
    def _back(self) -> None:
        self.app.action_back()

    @on(StepList.Chosen)
    def _chosen(self, event: StepList.Chosen) -> None:
        self.app.action_go(event.step)
