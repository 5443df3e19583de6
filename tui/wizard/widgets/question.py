"""One question as a few of Textual's widgets: a label, the control that answers it, and one
line of help that also carries its error.

Controls are Textual's own: an Input checked by a validator for numbers, a Select for
choices, a Checkbox for flags and a TextArea for notes and learning-curve points. The ways of
entering an answer (cost per call or tokens; paired or unpaired counts) are a RadioSet over a
ContentSwitcher that holds each way's questions.

The text controls take their own editing keys (Backspace, the arrows, Home, Ctrl+U ...) in the
order typed, as they read each key (see `keys_in_order`), and hand each edit to their step as
they make it (see `tell_step`).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tui.core.humane import ACCEPTED, NotANumber, parse
from tui.core.questions import QUESTIONS, Question

if TYPE_CHECKING:
    from textual.widgets import TextArea

BY_WIDGET_ID = {question.widget_id: question for question in QUESTIONS}
ERROR_MARK = "✗"
TALL_KINDS = ("notes", "curve")  # answered in a text area of a few lines (see .question.-tall in app.tcss)


class ReadsAsNumber(Validator):
    """Accepts what `humane.parse` reads as a number of the question's kind; fails with its message."""

    def __init__(self, kind: str) -> None:
        super().__init__()
        self.kind = kind

    def validate(self, value: str) -> ValidationResult:
        try:
            parse(value, self.kind)
        except NotANumber as problem:
            return self.failure(str(problem))
        return self.success()


@cache
def own_bindings(control: type[Widget]) -> dict[str, str]:
    """The key bindings a control class defines for itself and inherits: key -> action."""
    keys: dict[str, str] = {}
    for cls in reversed(control.__mro__):
        for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", ())):
            if not binding.priority:
                keys[binding.key] = binding.action
    return keys


async def keys_in_order(control: Widget, event: events.Key) -> None:
    """Run a text control's own binding of `event` as the control reads the key, in the order typed.

    Textual inserts a character as soon as the control reads it, but runs the control's binding
    of a key (Backspace, the arrows, Home, Ctrl+U ...) only once the key has gone up through every
    widget to the app; keys typed quickly after it, or handed over all at once by a busy terminal,
    are in the field by then and the binding acts on them: "600", Backspace, "5" gave "600", not
    "605". Run here, the binding comes between the characters typed before and after it.
    """
    action = own_bindings(type(control)).get(event.key)
    if action is not None and await control.app.run_action(action, control):
        event.prevent_default()  # not handled again, by the control or by the app
        event.stop()


@runtime_checkable
class Step(Protocol):
    """The screen a question is on, told of each edit of a text control as the control makes it."""

    def edited(self, control: Widget, text: str) -> None: ...


def tell_step(control: Widget, text: str) -> bool:
    """Hand an edit to the control's step at once; False if the control is on no step.

    The control's Changed message would reach the screen only after the screen had drawn the
    typed character (the control asks for that frame as soon as it has the key), so the new
    figures would wait for the frame after it. Told while the key is being read, the step has
    the break-even panel's new figures drawn in the same frame as the character.
    """
    step = control.screen
    if not isinstance(step, Step):
        return False
    step.edited(control, text)
    return True


class AnswerInput(Input):
    """Textual's Input, taking its editing keys in the order typed (the dialogs' inputs too)."""

    async def on_key(self, event: events.Key) -> None:
        await keys_in_order(self, event)


class QuestionInput(AnswerInput):
    """A question's input: an AnswerInput that tells its step of each edit as it makes it."""

    def watch_value(self, value: str) -> None:
        if self.is_mounted:
            tell_step(self, value)


@cache
def answer_text_area() -> type[TextArea]:
    """Textual's TextArea, taking its editing keys in the order typed (loaded on first use)."""
    from textual.widgets import TextArea

    class AnswerTextArea(TextArea):
        async def on_key(self, event: events.Key) -> None:
            await keys_in_order(self, event)

        def on_text_area_changed(self, event: TextArea.Changed) -> None:
            if tell_step(self, self.text):
                event.stop()

    return AnswerTextArea


def question_of(widget: Widget | None) -> Question | None:
    """The question a control answers, from its id."""
    return BY_WIDGET_ID.get(widget.id or "") if widget is not None else None


def help_id(question: Question) -> str:
    return f"help-{question.widget_id}"


def row_id(question: Question) -> str:
    return f"row-{question.widget_id}"


def help_content(question: Question, error: str | None) -> Content:
    """The line under a question: its help, and its error once the screen shows it."""
    parts = []
    if question.help:
        parts.append(Content(question.help))
    if error:
        parts.append(Content.styled(f"{ERROR_MARK} {error}", "$error"))
    return Content("\n").join(parts)


def make_control(question: Question, text: str) -> Widget:
    """The widget that answers a question of this kind (drop-downs and text areas load on first use)."""
    q = question
    if q.kind == "choice":
        from textual.widgets import Select

        values = {value for value, _ in q.choices}
        return Select(
            [(label, value) for value, label in q.choices],
            value=text if text in values else Select.NULL,
            prompt="Choose…",
            compact=True,
            id=q.widget_id,
        )
    if q.kind == "flag":
        from textual.widgets import Checkbox

        return Checkbox("Yes", value=text == "true", compact=True, id=q.widget_id)
    if q.kind in ("notes", "curve"):
        return answer_text_area()(text, placeholder=q.placeholder, compact=True, id=q.widget_id, soft_wrap=True)
    validators = [ReadsAsNumber(q.kind)] if q.kind in ACCEPTED else []
    return QuestionInput(
        text,
        placeholder=q.placeholder,
        compact=True,
        id=q.widget_id,
        select_on_focus=False,
        validators=validators,
        validate_on={"blur", "submitted"},  # the panel follows every key; the red waits until the field is left
        valid_empty=True,
    )


def question_row(question: Question, text: str, error: str | None = None) -> Vertical:
    """The question's label, control and help line (with `error`, if given), in one row."""
    return Vertical(
        Label(question.label, classes="label", markup=False),
        make_control(question, text),
        Static(
            help_content(question, error),
            id=help_id(question),
            classes="help -error" if error else "help",
            markup=False,
        ),
        id=row_id(question),
        classes=("question -tall" if question.kind in TALL_KINDS else "question") + (" -invalid" if error else ""),
    )


def show_in_control(control: Widget, question: Question, text: str) -> None:
    """Put `text` in a question's control without it counting as an edit."""
    from textual.widgets import Checkbox, Select, TextArea

    if isinstance(control, Select):
        with control.prevent(Select.Changed):
            values = {value for value, _ in question.choices}
            control.value = text if text in values else Select.NULL
    elif isinstance(control, Checkbox):
        with control.prevent(Checkbox.Changed):
            control.value = text == "true"
    elif isinstance(control, TextArea):
        with control.prevent(TextArea.Changed):
            control.text = text
    elif isinstance(control, Input):
        with control.prevent(Input.Changed):
            control.value = text


def mode_switch_id(scope: str) -> str:
    return "modes-" + scope.replace(".", "--")


def mode_group_id(scope: str, mode: str) -> str:
    return f"{mode_switch_id(scope)}-{mode}"


def mode_button_id(scope: str, mode: str) -> str:
    return f"mode-{scope.replace('.', '--')}-{mode}"


def mode_row(scope: str, label: str, options: tuple[tuple[str, str], ...], mode: str) -> Vertical:
    """A label and a RadioSet choosing one way of entering the answers of `scope`."""
    from textual.widgets import RadioButton, RadioSet

    buttons = [
        RadioButton(text, value=value == mode, id=mode_button_id(scope, value), compact=True) for value, text in options
    ]
    return Vertical(
        Label(label, classes="label", markup=False),
        RadioSet(*buttons, id="mode-" + scope.replace(".", "--"), compact=True),
        classes="question mode",
    )
