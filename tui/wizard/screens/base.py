"""What every step screen shares: the header, the step list, the questions, Back/Next, the
panel and the footer.

A screen shows the app's form and hands every edit back to it; when the form changes, the
app says so (its `edited` reactive, which the screen watches) and the screen redraws its
panel, step list and the errors of the questions already left.

Keys are taken in the order typed, however fast they come: a printable key goes straight to
the focused control, so the keys that move the focus (Tab, Shift+Tab, Enter in a question,
Next) act as soon as the app reads them, before the key after them is read, and wait for what
they need first: the questions below the first screen, or the edits typed before them.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.lazy import Lazy
from textual.message import Message
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Button, ContentSwitcher, Footer, Header, Input, Label, RadioButton, RadioSet, Static

from tui.core.questions import MODES, STEP_TITLES, STEPS, Question, questions_for
from tui.wizard.widgets.panel import BreakEvenPanel
from tui.wizard.widgets.question import (
    help_content,
    help_id,
    mode_group_id,
    mode_row,
    mode_switch_id,
    question_of,
    question_row,
    show_in_control,
)
from tui.wizard.widgets.steplist import StepList

if TYPE_CHECKING:
    from textual.widgets import Checkbox, Select

    from tui.core.form import Form
    from tui.wizard.app import WizardApp

CONTROLS = ".question Input, .question Select, .question TextArea, .question Checkbox, .question RadioSet"
EDITS_WAIT = 10.0  # seconds a key waits at most for the edits on their way to the form: never forever


class BelowTheFirstScreen(Lazy):
    """Textual's Lazy for the questions below the first screen: mounted once the first frame is
    up, or at once by `place` when a key needs them sooner."""

    def __init__(self, widget: Widget) -> None:
        super().__init__(widget)
        self.questions = widget
        self._placed: AwaitMount | None = None

    async def mount_composed_widgets(self, widgets: list[Widget]) -> None:
        self.call_after_refresh(self.place)

    async def place(self) -> None:
        """Mount the questions in place of this placeholder; called again, wait for that."""
        if self._placed is None:
            parent = self.parent
            if not isinstance(parent, Widget) or not parent.is_attached:
                return  # the screen went (the app quit) before the first frame was up
            screen = parent.screen
            self._placed = parent.mount(self.questions, after=self)
            await self._placed
            self.remove()
            if isinstance(screen, StepScreen) and screen.is_attached:
                screen.below_placed()
        else:
            await self._placed


class StepScreen(Screen):
    """A wizard step. Subclasses name the step, introduce it and may add section headings."""

    # The control focused when a step appears: see `focus_first`, which Textual's AUTO_FOCUS
    # would do too, but centring it in the form.
    FIRST_FOCUS = ".question Input, .question Select, .question TextArea, #summary-actions Button"
    AUTO_FOCUS = ""
    BINDINGS = [
        # priority: a text area or a drop-down would otherwise keep these keys
        Binding("ctrl+b", "back", "Back", tooltip="The previous step", priority=True),
        Binding("ctrl+n", "next", "Next", tooltip="The next step, once this one has no errors", priority=True),
        # priority: taken as the app reads them, not after they have passed up from the focused
        # control, by when the keys typed after them would have gone to the field they leave
        Binding("tab", "move(1)", "Focus Next", show=False, priority=True),
        Binding("shift+tab", "move(-1)", "Focus Previous", show=False, priority=True),
        Binding(
            "enter",
            "leave_question",
            "Next question",
            tooltip="The next question, or from the last one the next step",
            show=False,
            priority=True,
        ),
    ]

    class Delivered(Message):
        """Sent up by a control after the keys it was sent: by the time the screen has it, the
        edits those keys made have reached the form."""

        def __init__(self, arrived: asyncio.Future[None]) -> None:
            super().__init__()
            self.arrived = arrived

    STEP: ClassVar[str]
    INTRO: ClassVar[str] = ""
    SECTIONS: ClassVar[dict[str, str]] = {}  # question path -> heading shown before it
    MODE_LABELS: ClassVar[dict[str, str]] = {}  # mode scope -> label of its toggle

    app: WizardApp

    def __init__(self) -> None:
        super().__init__(name=self.STEP)
        self.touched: set[str] = set()
        self._errors_shown: dict[str, str | None] = {}  # path -> the error under it now
        self._opened: dict[str, str] = {}  # path -> its error as the file had it
        self._shown: dict[str, str] = {}  # path -> the text its control has from the form or gave it
        self._below: BelowTheFirstScreen | None = None

    # Building -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(icon="⭘")
        yield StepList(self.STEP, self.app.step_states())
        with Horizontal(id="body"):
            with VerticalScroll(id="form", can_focus=False):
                number = STEPS.index(self.STEP) + 1
                yield Label(f"Step {number} of {len(STEPS)} · {STEP_TITLES[self.STEP]}", classes="step-title")
                if self.INTRO:
                    yield Static(self.INTRO, classes="intro", markup=False)
                first, rest = self._first_and_rest(list(self.compose_content()))
                yield from first
                if rest:
                    self._below = BelowTheFirstScreen(Vertical(*rest, self._nav(), id="below"))
                    yield self._below
                else:
                    yield self._nav()
            yield BreakEvenPanel(id="panel")
        yield Footer(compact=True)

    def _first_and_rest(self, blocks: list[Widget]) -> tuple[list[Widget], list[Widget]]:
        """The step's opening questions and its first section, and the sections after it.

        Those after it are mounted once the first frame is up, or as soon as a key moving the
        focus needs them (see `below_in_place`).
        """
        sections = [index for index, block in enumerate(blocks) if block.has_class("section")]
        if len(sections) < 2:
            return blocks, []
        return blocks[: sections[1]], blocks[sections[1] :]

    def below_placed(self) -> None:
        """Subclasses: what to draw once the part below the first screen is mounted."""

    def _nav(self) -> Horizontal:
        return Horizontal(
            Button("◀ Back", id="back", compact=True, disabled=self.STEP == STEPS[0]),
            Button("Next ▶", id="next", variant="primary", compact=True, disabled=self.STEP == STEPS[-1]),
            id="nav",
        )

    def compose_content(self) -> ComposeResult:
        """The step's questions in catalogue order, with headings and the ways of entering.

        Whole widgets, each built with its children (not `with` blocks): the screen splits them
        into the opening questions and what is mounted after the first frame.
        """
        form = self.app.form
        self._opened = form.opened_errors(self.STEP)  # invalid in the file: shown from the first frame
        self.touched |= set(self._opened)
        self._errors_shown.update(self._opened)
        scopes: set[str] = set()
        for question in questions_for(self.STEP):
            if question.path in self.SECTIONS:
                yield Static(self.SECTIONS[question.path], classes="section", markup=False)
            scope = question.group.split(":")[0] if question.group else ""
            if scope not in MODES:  # no way of entering to choose: asked on its own
                yield self._row(question)
            elif scope not in scopes:
                scopes.add(scope)
                yield from self._ways_of_entering(scope)

    def _ways_of_entering(self, scope: str) -> ComposeResult:
        """A RadioSet over a ContentSwitcher holding each way's questions."""
        form = self.app.form
        options = MODES[scope]
        yield mode_row(scope, self.MODE_LABELS.get(scope, "Enter as"), options, form.modes[scope])
        groups = []
        for mode, _ in options:
            rows = [self._row(question) for question in questions_for(self.STEP) if question.group == f"{scope}:{mode}"]
            groups.append(Vertical(*rows, id=mode_group_id(scope, mode), classes="mode-group"))
        yield ContentSwitcher(*groups, initial=mode_group_id(scope, form.modes[scope]), id=mode_switch_id(scope))

    def _row(self, question: Question) -> Vertical:
        text = self.app.form.raw.get(question.path, "")
        self._shown[question.path] = text
        return question_row(question, text, self._opened.get(question.path))

    # Keeping the screen in step with the form ---------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "edited", self._edited, init=False)
        self.watch(self.app, "replaced", self._replaced, init=False)
        self.focus_first()

    def _edited(self, form: Form) -> None:
        self.show_form(form)

    def _replaced(self, form: Form) -> None:
        self.load_from_form()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self.focused is None:
            self.focus_first()
        self.show_form(self.app.form)

    def focus_first(self) -> None:
        """Focus the step's first question (the Summary's Save), leaving the form at its top.

        Textual's auto-focus would centre the control in the form, which on a small terminal
        scrolls the step's title and the question's label out of view, and on the Summary the
        verdict above the buttons."""
        for control in self.query(self.FIRST_FOCUS):
            if control.focusable:
                self.set_focus(control, scroll_visible=False)
                return

    def show_form(self, form: Form) -> None:
        """Redraw what depends on the answers (only on the screen in view: the others catch up
        when they are shown again)."""
        if not self.is_current:
            return
        evaluation = form.evaluate()
        self.query_one(BreakEvenPanel).show(evaluation.result)
        self.query_one(StepList).show(self.app.step_states())
        for path in self.touched:
            self._show_error(path, evaluation.errors.get(path))
        self.show_findings(evaluation)

    def show_findings(self, evaluation) -> None:
        """Subclasses show what the answers of this step reveal (an interval, a curve)."""

    def _show_error(self, path: str, error: str | None) -> None:
        from tui.core.questions import BY_PATH

        if self._errors_shown.get(path, None) == error and path in self._errors_shown:
            return  # already on screen: a keystroke elsewhere redraws nothing here
        self._errors_shown[path] = error
        question = BY_PATH[path]
        for help_line in self.query(f"#{help_id(question)}").results(Static):
            help_line.update(help_content(question, error))
            help_line.set_class(bool(error), "-error")
            help_line.parent.set_class(bool(error), "-invalid")  # type: ignore[union-attr]

    def touch(self, *paths: str) -> None:
        """Show the errors of these questions from now on."""
        new = set(paths) - self.touched
        if new:
            self.touched |= new
            errors = self.app.form.evaluate().errors
            for path in new:
                self._show_error(path, errors.get(path))

    def load_from_form(self) -> None:
        """Show the form's answers in every control (after another file was opened)."""
        form = self.app.form
        for radio_set in self.query(RadioSet):
            scope = self._scope_of(radio_set)
            radio_set.query_one(f"#{radio_set.id}-{form.modes[scope]}", RadioButton).value = True
            self.query_one(f"#{mode_switch_id(scope)}", ContentSwitcher).current = mode_group_id(
                scope, form.modes[scope]
            )
        self.show_answers()
        self.touched = set()
        self._errors_shown = {}
        self.touch(*(path for path in form.evaluate().errors if path.split(".")[0] == self.STEP))
        self.show_form(form)

    def show_answers(self) -> None:
        """Show in each control the form's answer, where the form changed it (another file, a
        price filled on another step). A control the form has not changed keeps its text: what
        was typed into it may still be on its way to the form, and is not written over."""
        form = self.app.form
        for control in self.query(CONTROLS):
            question = question_of(control)
            if question is None:
                continue
            text = form.raw.get(question.path, "")
            if self._shown.get(question.path) != text:
                self._shown[question.path] = text
                show_in_control(control, question, text)

    def focused_question(self) -> Question | None:
        return question_of(self.focused)

    def _scope_of(self, radio_set: RadioSet) -> str:
        return next(scope for scope in MODES if "mode-" + scope.replace(".", "--") == radio_set.id)

    # Moving on ----------------------------------------------------------------------------

    async def caught_up(self) -> None:
        """Wait until the screen is where the keys read so far have left it: the edits they made
        in the focused control have reached the form (a way of entering just picked shows its
        questions), and the questions below the first screen are mounted and laid out. The
        focus then moves in the order the user sees, to a question that is there."""
        await self.edits_delivered()
        await self.below_in_place()
        await self.wait_for_refresh()  # Textual orders the focus by where the last layout put each widget

    async def below_in_place(self) -> None:
        """Have the questions below the first screen mounted, if they are not yet."""
        if self._below is not None:
            await self._below.place()

    async def edits_delivered(self) -> None:
        """Wait until the keys already sent to the focused control have made their edits in the
        form. A key goes to the control at once; its edit goes up from the control to this
        screen, behind whatever the control and the screen still have to do."""
        control = self.focused
        if control is None:
            return
        arrived: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        def send() -> None:
            if not control.post_message(self.Delivered(arrived)) and not arrived.done():
                arrived.set_result(None)

        if control.call_later(send):
            with suppress(TimeoutError):  # a control removed on the way would never answer
                await asyncio.wait_for(arrived, EDITS_WAIT)

    @on(Delivered)
    def _delivered(self, message: Delivered) -> None:
        message.stop()
        if not message.arrived.done():
            message.arrived.set_result(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter is the screen's in a question's one-line field; elsewhere it is the control's
        own (open a drop-down, pick a way of entering, press a button)."""
        if action == "leave_question":
            return isinstance(self.focused, Input) and question_of(self.focused) is not None
        return True

    async def action_move(self, step: int) -> None:
        """Tab and Shift+Tab, to the question after or before, those below the first screen too."""
        await self.caught_up()
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    async def action_leave_question(self) -> None:
        """Enter leaves the field: to the next question, or to the next step after the last."""
        control = self.focused
        question = question_of(control)
        if not isinstance(control, Input) or question is None:
            return
        await self.caught_up()
        control.validate(control.value)  # its red shows at once, as when the field is left
        self.touch(question.path)
        inputs = [widget for widget in self.query(CONTROLS) if widget.focusable and question_of(widget)]
        if control in inputs and control is not inputs[-1]:
            self.focus_next()
        else:
            self.go_next()

    async def action_next(self) -> None:
        """Next, once the edits typed before it have reached the form."""
        await self.edits_delivered()
        await self.below_in_place()
        self.go_next()

    def go_next(self) -> None:
        """Go to the next step, or point at the answers that still have errors."""
        if self.STEP == STEPS[-1]:
            return
        errors = self.app.form.step_errors(self.STEP)
        if errors:
            self.touch(*(question.path for question in questions_for(self.STEP)))
            noun = "answer needs" if len(errors) == 1 else "answers need"
            self.notify(
                f"{len(errors)} {noun} fixing before you move on; see the messages in red.",
                title="Not yet",
                severity="error",
                markup=False,
            )
            control = self._first_error_control(errors)
            if control is not None:
                control.focus()
            return
        self.app.note_missing(self.STEP)
        self.app.action_go(STEPS[STEPS.index(self.STEP) + 1])

    def action_back(self) -> None:
        if self.STEP != STEPS[0]:
            self.app.action_go(STEPS[STEPS.index(self.STEP) - 1])

    def _first_error_control(self, errors: dict[str, str]) -> Widget | None:
        for control in self.query(CONTROLS):
            question = question_of(control)
            if question is not None and question.path in errors and control.focusable:
                return control
        return None

    # Events from the controls -------------------------------------------------------------

    def edited(self, control: Widget, text: str) -> None:
        """A text control's edit, told by the control as it makes it (see `tell_step`); its text
        put there by the screen itself, or unchanged, is no edit."""
        question = question_of(control)
        if question is None or self._shown.get(question.path) == text:
            return
        self._answer(control, text)
        if isinstance(control, Input) and control.has_class("-invalid"):
            control.validate(text)  # fixed while the error shows: clear the red at once
        self.typed_in(control)

    def typed_in(self, control: Widget) -> None:
        """Subclasses: what else an edit typed into `control` changes."""

    # Handled by name rather than with @on, so that a step without a tick box or a drop-down
    # does not import those widgets.

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._answer(event.checkbox, "true" if event.value else "false", touch=True)

    def on_select_changed(self, event: Select.Changed) -> None:
        from textual.widgets import Select

        value = "" if event.value is Select.NULL else str(event.value)
        self._answer(event.select, value, touch=True)

    @on(RadioSet.Changed)
    def _way_chosen(self, event: RadioSet.Changed) -> None:
        scope = self._scope_of(event.radio_set)
        mode = (event.pressed.id or "").removeprefix(f"{event.radio_set.id}-")
        self.query_one(f"#{mode_switch_id(scope)}", ContentSwitcher).current = mode_group_id(scope, mode)
        self.app.set_mode(scope, mode)

    def _answer(self, control: Widget, text: str, touch: bool = False) -> None:
        question = question_of(control)
        if question is None:
            return
        self._shown[question.path] = text
        if touch:
            self.touch(question.path)
        self.app.answer(question.path, text)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving a question (a text area too, not only a one-line input) shows its error."""
        question = question_of(event.widget)
        if question is not None:
            self.touch(question.path)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._bring_into_view(event.widget)

    def on_resize(self, event: events.Resize) -> None:
        """After a resize the focused question may have moved out of sight: bring it back."""
        if self.focused is not None:
            self._bring_into_view(self.focused)

    def _bring_into_view(self, widget: Widget) -> None:
        """Scroll the whole question into view, not just its control, so its label shows too."""
        row = next((node for node in widget.ancestors if isinstance(node, Widget) and node.has_class("question")), None)
        if row is not None:
            self.call_after_refresh(self._scroll_to_row, row)

    def _scroll_to_row(self, row: Widget) -> None:
        """Once laid out: the row's top if it is taller than the view, else just enough of it."""
        form = self.query_one("#form", VerticalScroll)
        if not row.is_mounted or not row.display:
            return
        if row.outer_size.height > form.scrollable_content_region.height:
            form.scroll_to_widget(row, animate=False, top=True)
        else:
            form.scroll_to_widget(row, animate=False)

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.go_next()

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_back()

    @on(StepList.Chosen)
    def _chosen(self, event: StepList.Chosen) -> None:
        self.app.action_go(event.step)


def show_text(static: Static, content: object) -> None:
    """Put `content` in `static` unless it is there already (an update lays the screen out again)."""
    if static.content != content:
        static.update(content)  # type: ignore[arg-type]
