"""One question: its label, the control to answer it, a line of help, and its error underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from tui.core.questions import Question


class QuestionField(Vertical):
    """A question row. The error line stays empty until the screen decides to show it.

    The children are made when the row is, so the screen can load text and show errors in a
    row that is not mounted yet; and a redraw that changes nothing touches no widget.
    """

    DEFAULT_CLASSES = "question"

    def __init__(self, question: Question, text: str) -> None:
        super().__init__(id=f"row-{question.widget_id}")
        self.question = question
        self._control = make_control(question, text)
        self._error_line = Static("", classes="error", markup=False)
        self._error: str | None = None

    def compose(self) -> ComposeResult:
        q = self.question
        with Horizontal(classes="answer"):
            yield Label(q.label, classes="label")
            yield self._control
        yield Static(q.help, classes="help", markup=False)
        yield self._error_line

    @property
    def control(self) -> Widget:
        return self._control

    def show_error(self, message: str | None) -> None:
        message = message or None
        if message == self._error:
            return
        self._error = message
        error = self._error_line
        error.update(f"✗ {message}" if message else "")
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")

    def load(self, text: str) -> None:
        """Show `text` in the control without it counting as an edit."""
        control = self._control
        kind = self.question.kind
        with control.prevent(*_changed_messages(control)):
            if kind == "choice":
                from textual.widgets import Select

                values = {value for value, _ in self.question.choices}
                control.value = text if text in values else Select.NULL  # type: ignore[attr-defined]
            elif kind == "flag":
                control.value = text == "true"  # type: ignore[attr-defined]
            elif kind in ("notes", "curve"):
                control.text = text  # type: ignore[attr-defined]
            else:
                control.value = text  # type: ignore[attr-defined]


def _changed_messages(control: Widget) -> tuple[type, ...]:
    """The `Changed` message of the control's own class (and of its bases)."""
    return tuple(
        cls.__dict__["Changed"] for cls in type(control).__mro__ if "Changed" in cls.__dict__
    )


class AnswerInput(Input):
    """A one-line Input whose size never depends on its text.

    Textual's Input records the length of its text as its scrollable size on every key, and a
    change of that size lays out the whole screen; this Input has a fixed width and height, so
    its text only needs repainting.
    """

    virtual_size = Reactive(Size(0, 0), layout=False)


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
        from textual.widgets import TextArea

        return TextArea(text, placeholder=q.placeholder, compact=True, id=q.widget_id, soft_wrap=True)
    return AnswerInput(text, placeholder=q.placeholder, compact=True, id=q.widget_id, select_on_focus=False)


class ModeField(Horizontal):
    """A toggle between two ways of entering the same answer (e.g. cost per call or tokens)."""

    DEFAULT_CLASSES = "question mode"

    def __init__(self, scope: str, label: str, options: tuple[tuple[str, str], ...], mode: str) -> None:
        super().__init__()
        self.scope = scope
        self._label = label
        self._options = options
        self._mode = mode

    def compose(self) -> ComposeResult:
        from textual.widgets import Select

        yield Label(self._label, classes="label")
        yield Select(
            [(label, value) for value, label in self._options],
            value=self._mode,
            allow_blank=False,
            compact=True,
            id="mode-" + self.scope.replace(".", "--"),
        )

    def load(self, mode: str) -> None:
        from textual.widgets import Select

        select = self.query_one(Select)
        with select.prevent(Select.Changed):
            select.value = mode
