"""The top of every step: the title line, and the row of steps (where you are, what is done,
what has errors).

One widget draws both lines as text (Textual's Header alone is four widgets); a click is
matched to a step by its column, and the icon at the top left opens the command palette.
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
ICON = "⭘"
SLIM_ITEM = 5  # cells a step other than the current one keeps when the row does not fit
GAP = 0  # each step carries a space on both sides


class StepList(Widget):
    """The title line (hidden on tiny screens) over every step with its state; the current
    step highlighted. Click a step to go there."""

    DEFAULT_CSS = """
    StepList { dock: top; height: 2; text-wrap: nowrap; text-overflow: clip; }
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

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def _has_title(self) -> bool:
        return self.size.height >= 2

    def show(self, states: dict[str, str], short: bool) -> None:
        """Show each step's state; nothing is redrawn when nothing changed."""
        if (states, short) != (self._states, self._short):
            self._states, self._short = dict(states), short
            self.refresh()

    def items(self) -> list[tuple[str, str]]:
        """(step, text) of each step as it is drawn: the steps other than the current one are
        cropped to their mark and number when the row would not fit the width."""
        items = []
        for number, step in enumerate(STEPS, start=1):
            title = SHORT_TITLES[step] if self._short else STEP_TITLES[step]
            mark = "▶" if step == self.current else MARKS[self._states.get(step, "todo")]
            items.append((step, f" {mark} {number} {title} "))
        if sum(len(text) + GAP for _, text in items) - GAP > self.size.width:
            items = [(step, text if step == self.current else text[:SLIM_ITEM]) for step, text in items]
        return items

    def step_at(self, x: int) -> str | None:
        for step, text in self.items():
            if x < len(text):
                return step
            x -= len(text) + GAP
            if x < 0:
                return None
        return None

    def title(self) -> Content:
        """The icon, and the app's title and sub-title centred."""
        width = self.size.width
        title = self.app.format_title(self.app.title, self.app.sub_title)
        if title.cell_length > width - 2 * (len(ICON) + 2):
            title = title.truncate(max(width - 2 * (len(ICON) + 2), 0), ellipsis=True)
        left = (width - title.cell_length) // 2
        return Content(f" {ICON}").pad_right(max(left - len(ICON) - 1, 0)) + title

    def steps_line(self) -> Content:
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

    def render(self) -> Content:
        if not self._has_title():
            return self.steps_line()
        return Content("\n").join([self.title(), self.steps_line()])

    def offset_of(self, step: str) -> tuple[int, int]:
        """Where a click reaches `step`: (column, row)."""
        x = 0
        for name, text in self.items():
            if name == step:
                return x, 1 if self._has_title() else 0
            x += len(text) + GAP
        raise KeyError(step)

    def _step_row(self, y: int) -> bool:
        return y == (1 if self._has_title() else 0)

    async def on_click(self, event: events.Click) -> None:
        if not self._step_row(event.y):
            if event.x < len(ICON) + 2:
                await self.run_action("app.command_palette")
            return
        step = self.step_at(event.x)
        if step is not None:
            self.post_message(self.Chosen(step))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.step_at(event.x) if self._step_row(event.y) else None)

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, step: str | None) -> None:
        if step != self._hover:
            self._hover = step
            self.refresh()
