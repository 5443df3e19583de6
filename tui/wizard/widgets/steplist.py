"""The row of steps across the top: where you are, what is done, what has errors."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from tui.core.questions import STEP_TITLES, STEPS

MARKS = {"done": "✓", "todo": "○", "error": "✗"}
SHORT_TITLES = {**STEP_TITLES, "performance": "Gap", "assessment": "Start"}


class StepItem(Static):
    """One step in the list; click it to go there."""

    class Chosen(Message):
        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    def __init__(self, step: str, number: int) -> None:
        super().__init__(id=f"step-{step}", markup=False)
        self.step = step
        self.number = number

    def show(self, state: str, current: bool, short: bool) -> None:
        title = SHORT_TITLES[self.step] if short else STEP_TITLES[self.step]
        mark = "▶" if current else MARKS[state]
        self.update(f" {mark} {self.number} {title} ")
        self.set_class(current, "-current")
        for name in MARKS:
            self.set_class(state == name, f"-{name}")

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Chosen(self.step))


class StepList(Horizontal):
    """Every step with its state; the current one highlighted."""

    def __init__(self, current: str) -> None:
        super().__init__(id="steps")
        self.current = current

    def compose(self) -> ComposeResult:
        for number, step in enumerate(STEPS, start=1):
            yield StepItem(step, number)

    def show(self, states: dict[str, str], short: bool) -> None:
        for item in self.query(StepItem):
            item.show(states[item.step], item.step == self.current, short)
