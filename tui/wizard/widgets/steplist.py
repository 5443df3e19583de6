"""The row of steps across the top: where you are, what is done, what has errors.

One widget draws every step as text; a click is matched to a step by its column.
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
SLIM_ITEM = 5  # cells a step other than the current one keeps below SLIM_WIDTH columns
SLIM_WIDTH = 60
GAP = 0  # each step carries a space on both sides


class StepList(Widget):
    """Every step with its state; the current one highlighted. Click a step to go there."""

    DEFAULT_CSS = """
    StepList { height: 1; }
    """

    class Chosen(Message):
        """A step was clicked."""

        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    def __init__(self, current: str, states: dict[str, str] | None = None, short: bool = False) -> None:
        super().__init__(id="steps")
        self.current = current
        self._states = states or {}
        self._short = short
        self._hover: str | None = None

    def show(self, states: dict[str, str], short: bool) -> None:
        """Show each step's state; nothing is redrawn when nothing changed."""
        if (states, short) != (self._states, self._short):
            self._states, self._short = dict(states), short
            self.refresh()

    def items(self) -> list[tuple[str, str]]:
        """(step, text) of each step as it is drawn, cropped on slim screens."""
        slim = self.size.width < SLIM_WIDTH
        items = []
        for number, step in enumerate(STEPS, start=1):
            title = SHORT_TITLES[step] if self._short else STEP_TITLES[step]
            mark = "▶" if step == self.current else MARKS[self._states.get(step, "todo")]
            text = f" {mark} {number} {title} "
            if slim and step != self.current:
                text = text[:SLIM_ITEM]
            items.append((step, text))
        return items

    def offset_of(self, step: str) -> int:
        """The column where `step` starts."""
        x = 0
        for name, text in self.items():
            if name == step:
                return x
            x += len(text) + GAP
        raise KeyError(step)

    def step_at(self, x: int) -> str | None:
        for step, text in self.items():
            if x < len(text):
                return step
            x -= len(text) + GAP
            if x < 0:
                return None
        return None

    def render(self) -> Content:
        parts: list[tuple[str, str] | str] = []
        for index, (step, text) in enumerate(self.items()):
            if index:
                parts.append(" " * GAP)
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
