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
_STATE_CLASSES = {"-current", *(f"-{name}" for name in MARKS)}


class StepItem(Static):
    """One step in the list; click it to go there."""

    class Chosen(Message):
        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    def __init__(self, step: str, number: int, state: str = "todo", current: bool = False, short: bool = False) -> None:
        super().__init__(_label(step, number, state, current, short), id=f"step-{step}", markup=False, classes=_classes(state, current))
        self.step = step
        self.number = number
        self._shown = (state, current, short)

    def show(self, state: str, current: bool, short: bool) -> None:
        """Show the step's state; nothing is touched when it is already shown."""
        if self._shown == (state, current, short):
            return
        self._shown = (state, current, short)
        self.update(_label(self.step, self.number, state, current, short))
        self.set_classes({*(c for c in self.classes if c not in _STATE_CLASSES), *_classes(state, current).split()})

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Chosen(self.step))


def _label(step: str, number: int, state: str, current: bool, short: bool) -> str:
    title = SHORT_TITLES[step] if short else STEP_TITLES[step]
    mark = "▶" if current else MARKS[state]
    return f" {mark} {number} {title} "


def _classes(state: str, current: bool) -> str:
    return f"-{state} -current" if current else f"-{state}"


class StepList(Horizontal):
    """Every step with its state; the current one highlighted."""

    def __init__(self, current: str, states: dict[str, str] | None = None, short: bool = False) -> None:
        super().__init__(id="steps")
        self.current = current
        self._states = states or {}
        self._short = short

    def compose(self) -> ComposeResult:
        for number, step in enumerate(STEPS, start=1):
            yield StepItem(step, number, self._states.get(step, "todo"), step == self.current, self._short)

    def show(self, states: dict[str, str], short: bool) -> None:
        for item in self.query(StepItem):
            item.show(states[item.step], item.step == self.current, short)
