"""A one-line button for the step screens: Back, Next, Save, Export, Import.

Textual's Button brings a large stylesheet for border styles the wizard never shows; this
draws its label on a coloured line, the way a compact Button looks, at a fraction of the cost
of opening a step. Dialogs, opened one at a time, keep Textual's Button.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widget import Widget


class Action(Widget, can_focus=True):
    """A button: Enter, Space or a click presses it, unless it is disabled."""

    DEFAULT_CSS = """
    Action {
        width: auto;
        height: 1;
        padding: 0 1;
        min-width: 16;
        text-align: center;
        text-style: bold;
        color: $button-foreground;
        background: $surface;
        pointer: pointer;
        &:hover { background: $surface-darken-1; }
        &:focus { text-style: $button-focus-text-style; background-tint: $foreground 5%; }
        &:disabled { text-opacity: 0.6; pointer: not-allowed; }
        &.-primary { color: $button-color-foreground; background: $primary; }
        &.-primary:hover { background: $primary-darken-2; }
        &.-success { color: $button-color-foreground; background: $success; }
        &.-success:hover { background: $success-darken-2; }
    }
    """
    BINDINGS = [Binding("enter,space", "press", "Press", show=False)]

    class Pressed(Message):
        """The button was pressed."""

        def __init__(self, action: Action) -> None:
            super().__init__()
            self.action = action

        @property
        def control(self) -> Action:
            return self.action

    def __init__(self, label: str, id: str | None = None, variant: str = "default", disabled: bool = False) -> None:
        super().__init__(id=id, classes=f"-{variant}", disabled=disabled)
        self.label = label

    def render(self) -> Content:
        return Content(self.label)

    def action_press(self) -> None:
        if not self.disabled:
            self.post_message(self.Pressed(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_press()
