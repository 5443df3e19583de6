"""The row of steps under the header: where you are, what is done, what has errors.

A small widget of its own on Textual's public API (Textual has no step indicator): one line of
text, a click on a step asks to go there.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from tui.core.questions import STEP_TITLES, STEPS

MARKS = {"done": "✓", "todo": "○", "error": "✗"}
SHORT_TITLES = {**STEP_TITLES, "performance": "Gap", "assessment": "Start"}
STYLES = {"done": "$success", "todo": "$foreground-muted", "error": "$error"}
CURRENT_STYLE = "bold $text on $accent"
HOVER_STYLE = "on $boost"
SLIM_ITEM = 5  # cells a step other than the current one keeps when the row does not fit


class StepList(Widget):
    """Every step with its state, the current one highlighted. Click a step to go there."""

    DEFAULT_CSS = """
    StepList { height: 1; text-wrap: nowrap; text-overflow: clip; background: $panel; }
    """

    class Chosen(Message):
        """A step was clicked."""

        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    def __init__(self, current: str, states: dict[str, str] | None = None) -> None:
        super().__init__(id="steps")
        self.current = current
        self._states = states or {}
        self._hover: str | None = None

    def show(self, states: dict[str, str]) -> None:
        """Show each step's state; nothing is redrawn when nothing changed."""
        if states != self._states:
            self._states = dict(states)
            self.refresh()

    def items(self) -> list[tuple[str, str]]:
        """(step, text) of each step as it is drawn: short titles when the full ones do not fit,
        and only a mark and a number for the steps other than the current one if even those do not."""
        width = self.size.width
        for titles in (STEP_TITLES, SHORT_TITLES):
            items = []
            for number, step in enumerate(STEPS, start=1):
                mark = "▶" if step == self.current else MARKS[self._states.get(step, "todo")]
                items.append((step, f" {mark} {number} {titles[step]} "))
            if sum(len(text) for _, text in items) <= width:
                return items
        return [(step, text if step == self.current else text[:SLIM_ITEM]) for step, text in items]

    def step_at(self, x: int) -> str | None:
        for step, text in self.items():
            if x < len(text):
                return step
            x -= len(text)
        return None

    def offset_of(self, step: str) -> int:
        """The column where `step` starts."""
        x = 0
        for name, text in self.items():
            if name == step:
                return x
            x += len(text)
        raise KeyError(step)

    def render(self) -> Content:
        parts: list[tuple[str, str]] = []
        for step, text in self.items():
            if step == self.current:
                style = CURRENT_STYLE
            else:
                style = STYLES[self._states.get(step, "todo")]
                if step == self._hover:
                    style = f"{style} {HOVER_STYLE}"
            parts.append((text, style))
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        step = self.step_at(event.x)
        if step is not None:
            self.post_message(self.Chosen(step))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.step_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, step: str | None) -> None:
        if step != self._hover:
            self._hover = step
            self.refresh()
