"""One question: its label, the control to answer it, a line of help, and its error underneath.

A row is one widget drawing its own text (label, help, error) around one child, the control.
Textual's cost of opening a step grows with every widget on it; a row of separate label, help
and error widgets took six widgets a question, and this takes two.
"""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input

from tui.core.questions import Question

LABEL_WIDTH = 38  # the label column beside the controls, its gap included
HELP_INDENT = 2  # help and error lines under a wide row
HELP_STYLE = "$foreground-muted"
ERROR_STYLE = "$error"
TALL_KINDS = {"notes": 4, "curve": 4}  # controls taller than one line (their CSS height)
NOT_ONE_LINE = {"choice", "flag", "notes", "curve"}  # controls that are not an AnswerInput
PREVIEW_WIDTH = 40  # an input's max-width in app.tcss
PREVIEW_STYLE = "on $surface"  # as Input draws its compact self
PLACEHOLDER_STYLE = "$foreground-disabled"


class TextRow(Widget):
    """A row that draws a label beside its control (or above it when narrow) and lines below.

    The control is the only child; the row's own text fills the space around it. Wide rows put
    the label in a column of LABEL_WIDTH cells with the control to its right; narrow screens
    (the screen has class -narrow) put the label above the control, full width.
    """

    DEFAULT_CSS = f"""
    TextRow {{ height: auto; layout: vertical; }}
    TextRow > .control {{ margin: 0 0 0 {LABEL_WIDTH}; }}
    """
    LABEL_BESIDE = True  # on wide screens; False: always above
    CONTROL_INDENT = 0  # where the control starts when the label is above it

    def __init__(
        self, label: str, control: Widget | Callable[[], Widget], control_height: int = 1, id: str | None = None
    ) -> None:
        """`control` may be a function that makes it: a row that is built but not shown yet
        (below the first screen) then costs no control."""
        super().__init__(id=id)
        self.label = label
        self._make_control = control if callable(control) and not isinstance(control, Widget) else None
        self._control: Widget | None = None if self._make_control else control  # type: ignore[assignment]
        self._control_height = control_height
        self._drawn: tuple | None = None  # (key, lines)
        self._placement: tuple[int, int] | None = None  # (top, left) of the control, once laid out
        self._control_later = False  # draw the control's text until `mount_control`

    def compose(self) -> ComposeResult:
        if not self._control_later:
            yield self.control

    @property
    def control(self) -> Widget:
        if self._control is None:
            assert self._make_control is not None
            self._control = self._make_control()
            if self._placement is not None:
                top, left = self._placement
                self._control.styles.margin = (top, 0, 0, left)
        if not self._control.has_class("control"):
            self._control.add_class("control")
        return self._control

    def control_later(self) -> bool:
        """Draw the control's text in the first frame and mount the control just after it
        (`mount_control`), if the row can; True if it will."""
        self._control_later = self.preview() is not None
        return self._control_later

    def mount_control(self) -> None:
        """Mount the control a first frame drew as text (see `control_later`)."""
        if self._control_later:
            self._control_later = False
            self.mount(self.control)
            self.redraw()

    def preview(self) -> Content | None:
        """The control as text, for a first frame; None if the control must be there at once."""
        return None

    # What the row says below its control; subclasses add help and errors.

    def notes(self, tiny: bool | None = None) -> list[tuple[str, str]]:
        """(text, style) paragraphs under the control; `tiny`: for a tiny screen (default: this one)."""
        return []

    def _screen_has(self, name: str) -> bool:
        try:
            return self.screen.has_class(name)
        except Exception:  # not on a screen yet
            return False

    def _lines(self, width: int) -> list[Content]:
        """The row's text, line by line, with blank space where the control sits."""
        above = self._screen_has("-narrow") or not self.LABEL_BESIDE
        notes = self.notes()
        key = (width, above, tuple(notes), self.label)
        if self._drawn is not None and self._drawn[0] == key:
            return self._drawn[1]
        lines, label_lines = self._text(width, above, notes)
        if above:
            self._place_control(top=label_lines, left=self.CONTROL_INDENT)
        else:
            self._place_control(top=0, left=LABEL_WIDTH)
        if self._control_later:
            lines = self._with_preview(lines, width, above, label_lines)
        self._drawn = (key, lines)
        return lines

    def _with_preview(self, lines: list[Content], width: int, above: bool, label_lines: int) -> list[Content]:
        """`lines` with the control drawn as text where it will sit."""
        preview = self.preview()
        if preview is None:
            return lines
        y, x = (label_lines, self.CONTROL_INDENT) if above else (0, LABEL_WIDTH)
        box = max(width - x, 0) if above else max(min(PREVIEW_WIDTH, width - x), 0)
        lines = list(lines)
        line = lines[y]
        line = line.pad_right(x - line.cell_length) if line.cell_length < x else line.truncate(x)
        lines[y] = line + preview.truncate(box, pad=True).stylize_before(PREVIEW_STYLE)
        return lines

    def _text(self, width: int, above: bool, notes: list[tuple[str, str]]) -> tuple[list[Content], int]:
        """The lines at `width` with the label above the control or beside it, and how many
        lines the label takes."""
        width = max(width, 1)
        lines: list[Content] = []
        if above:
            label_lines = Content(self.label).wrap(width)
            lines += label_lines
            lines += [Content("")] * self._control_height
            indent = 0
        else:
            label_lines = Content(self.label).wrap(max(LABEL_WIDTH - 1, 1))
            lines += label_lines
            lines += [Content("")] * max(self._control_height - len(label_lines), 0)
            indent = HELP_INDENT
        for text, style in notes:
            for line in Content(text).wrap(max(width - indent, 1)):
                lines.append(Content(" " * indent) + line.stylize(style))
        return lines, len(label_lines)

    def height(self, width: int, narrow: bool, tiny: bool) -> int:
        """The lines the row will take at `width`, before it is mounted (margins not included)."""
        return len(self._text(width, narrow or not self.LABEL_BESIDE, self.notes(tiny))[0])

    def _place_control(self, top: int, left: int) -> None:
        self._placement = (top, left)
        control = self._control
        if control is None:
            return
        margin = control.styles.margin
        if (margin.top, margin.left) != (top, left):
            control.styles.margin = (top, 0, 0, left)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))

    def redraw(self) -> None:
        """The text changed: draw again, and lay out again if its height may have."""
        self._drawn = None
        self.refresh(layout=True)

    def on_click(self, event: events.Click) -> None:
        """A click on the label or help focuses the control."""
        self.mount_control()
        control = self.control
        if control.focusable and not control.has_focus:
            control.focus()


class QuestionField(TextRow):
    """A question row. Its error stays hidden until the screen decides to show it.

    The control is made with the row, so the screen can load text and show errors in a row
    that is not mounted yet; and a redraw that changes nothing touches nothing.
    """

    DEFAULT_CLASSES = "question"

    def __init__(self, question: Question, text: str) -> None:
        super().__init__(question.label, self._new_control, TALL_KINDS.get(question.kind, 1), id=f"row-{question.widget_id}")
        self.question = question
        self._start_text = text  # what the control starts with, until it exists
        self._error: str | None = None

    def _new_control(self) -> Widget:
        return make_control(self.question, self._start_text)

    def preview(self) -> Content | None:
        """A one-line input's text (or placeholder) as the first frame shows it."""
        if self.question.kind in NOT_ONE_LINE:
            return None
        text = self._start_text if self._control is None else getattr(self._control, "value", "")
        if text:
            return Content(text)
        return Content.styled(self.question.placeholder or "", PLACEHOLDER_STYLE)

    @property
    def error(self) -> str | None:
        """The error shown under the question, if any."""
        return self._error

    def notes(self, tiny: bool | None = None) -> list[tuple[str, str]]:
        notes = []
        if tiny is None:
            tiny = self._screen_has("-tiny")
        if self.question.help and not tiny:
            notes.append((self.question.help, HELP_STYLE))
        if self._error:
            notes.append((f"✗ {self._error}", ERROR_STYLE))
        return notes

    def post_answer(self, text: str) -> None:
        """Hand an edit of the control to the screen (which records it and redraws)."""
        answer = getattr(self.screen, "answer_from", None)
        if answer is not None:
            answer(self.question.path, text)

    def show_error(self, message: str | None) -> None:
        message = message or None
        if message == self._error:
            return
        self._error = message
        self.set_class(bool(message), "-invalid")
        self.redraw()

    def load(self, text: str) -> None:
        """Show `text` in the control without it counting as an edit."""
        self._start_text = text
        control = self._control
        if control is None:  # made later, with this text
            return
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

    def watch_value(self, value: str) -> None:
        """Answer the question while the key is handled, so that the panel is redrawn in the
        same frame as the text; Input.Changed reaches the screen a frame later."""
        row = self.parent
        if self.is_mounted and isinstance(row, QuestionField):
            row.post_answer(value)


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


class ModeToggle(Widget, can_focus=True):
    """A choice between a few ways of entering an answer, all shown on one line.

    ←/→ or Space switch, a click picks one, Enter moves on like it does in a question.
    """

    DEFAULT_CSS = """
    ModeToggle { height: 1; width: auto; }
    ModeToggle:focus { background: $primary 25%; }
    """
    BINDINGS = [
        Binding("left", "move(-1)", "Previous way", show=False),
        Binding("right,space", "move(1)", "Next way", show=False),
        Binding("enter", "app.focus_next", "Next question", show=False),
    ]
    GAP = "   "

    class Changed(Message):
        """The way of entering was switched."""

        def __init__(self, toggle: ModeToggle, value: str) -> None:
            super().__init__()
            self.toggle = toggle
            self.value = value

        @property
        def control(self) -> ModeToggle:
            return self.toggle

    def __init__(self, options: tuple[tuple[str, str], ...], value: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.options = options
        self._value = value

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        if value not in dict(self.options):
            raise ValueError(f"{value!r} is not one of {[v for v, _ in self.options]}")
        if value != self._value:
            self._value = value
            self.refresh()
            self.post_message(self.Changed(self, value))

    def _items(self) -> list[str]:
        return [f"{'◉' if value == self._value else '○'} {label}" for value, label in self.options]

    def render(self) -> Content:
        parts: list[Content | tuple[str, str] | str] = []
        for index, ((value, _), item) in enumerate(zip(self.options, self._items())):
            if index:
                parts.append(self.GAP)
            parts.append((item, "bold $accent" if value == self._value else HELP_STYLE))
        return Content.assemble(*parts)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return sum(len(item) for item in self._items()) + len(self.GAP) * (len(self.options) - 1)

    def action_move(self, step: int) -> None:
        values = [value for value, _ in self.options]
        self.value = values[(values.index(self._value) + step) % len(values)]

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        x = event.x
        for (value, _), item in zip(self.options, self._items()):
            if x < len(item) + len(self.GAP):
                self.value = value
                return
            x -= len(item) + len(self.GAP)


class ModeField(TextRow):
    """A toggle between ways of entering the same answer (e.g. cost per call or tokens)."""

    DEFAULT_CLASSES = "question mode"
    LABEL_BESIDE = False  # the ways of entering need the row's whole width
    CONTROL_INDENT = 2

    def __init__(self, scope: str, label: str, options: tuple[tuple[str, str], ...], mode: str) -> None:
        super().__init__(label, ModeToggle(options, mode, id="mode-" + scope.replace(".", "--")))
        self.scope = scope

    def load(self, mode: str) -> None:
        toggle = self.control
        assert isinstance(toggle, ModeToggle)
        with toggle.prevent(ModeToggle.Changed):
            toggle.value = mode
