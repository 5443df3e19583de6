"""One question: its label, the control to answer it, a line of help, and its error underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static, TextArea

from tui.core.questions import Question


class QuestionField(Vertical):
    """A question row. The error line stays empty until the screen decides to show it."""

    DEFAULT_CLASSES = "question"

    def __init__(self, question: Question, text: str) -> None:
        super().__init__(id=f"row-{question.widget_id}")
        self.question = question
        self._text = text

    def compose(self) -> ComposeResult:
        q = self.question
        with Horizontal(classes="answer"):
            yield Label(q.label, classes="label")
            yield make_control(q, self._text)
        yield Static(q.help, classes="help", markup=False)
        yield Static("", classes="error", markup=False)

    @property
    def control(self) -> Widget:
        return self.query_one(f"#{self.question.widget_id}")

    def show_error(self, message: str | None) -> None:
        error = self.query_one(".error", Static)
        error.update(f"✗ {message}" if message else "")
        error.display = bool(message)
        self.set_class(bool(message), "-invalid")

    def load(self, text: str) -> None:
        """Show `text` in the control without it counting as an edit."""
        control = self.control
        with control.prevent(Input.Changed, Select.Changed, Checkbox.Changed, TextArea.Changed):
            if isinstance(control, Input):
                control.value = text
            elif isinstance(control, Select):
                values = {value for value, _ in self.question.choices}
                control.value = text if text in values else Select.NULL
            elif isinstance(control, Checkbox):
                control.value = text == "true"
            elif isinstance(control, TextArea):
                control.text = text


def make_control(question: Question, text: str) -> Widget:
    """The widget that answers a question of this kind."""
    q = question
    if q.kind == "choice":
        values = {value for value, _ in q.choices}
        return Select(
            [(label, value) for value, label in q.choices],
            value=text if text in values else Select.NULL,
            prompt="Choose…",
            compact=True,
            id=q.widget_id,
        )
    if q.kind == "flag":
        return Checkbox("Yes", value=text == "true", compact=True, id=q.widget_id)
    if q.kind in ("notes", "curve"):
        return TextArea(text, placeholder=q.placeholder, compact=True, id=q.widget_id, soft_wrap=True)
    return Input(text, placeholder=q.placeholder, compact=True, id=q.widget_id, select_on_focus=False)


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
        yield Label(self._label, classes="label")
        yield Select(
            [(label, value) for value, label in self._options],
            value=self._mode,
            allow_blank=False,
            compact=True,
            id="mode-" + self.scope.replace(".", "--"),
        )

    def load(self, mode: str) -> None:
        select = self.query_one(Select)
        with select.prevent(Select.Changed):
            select.value = mode
