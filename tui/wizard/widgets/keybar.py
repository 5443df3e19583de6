"""The keys of the moment along the bottom, drawn as one line of text.

It shows what Textual's Footer shows (the bindings of the focused widget, its screen and the
app that are marked to show, and the command palette's key at the right), but as one widget
that redraws when the bindings change, where the Footer rebuilds a widget for every key each
time the focus moves.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

KEY_STYLE = "bold $footer-key-foreground"
DESCRIPTION_STYLE = "$footer-description-foreground"
DISABLED_STYLE = "dim"


class KeyBar(Widget):
    """One line of keys; a click on one presses it."""

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._ready = False  # like Textual's Footer, empty in the screen's first frame

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.screen.call_after_refresh(self._show)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _show(self) -> None:
        self._ready = True
        self.refresh()

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    def items(self) -> tuple[list[tuple[Binding, bool, str]], tuple[Binding, bool, str] | None]:
        """The keys shown on the left, one per action, and the command palette's key."""
        bindings = self.screen.active_bindings
        shown: dict[str, tuple[Binding, bool, str]] = {}
        for _node, binding, enabled, _tooltip in bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = (binding, enabled, self.app.get_key_display(binding))
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE and self.app.COMMAND_PALETTE_BINDING in bindings:
            _node, binding, enabled, _tooltip = bindings[self.app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled, self.app.get_key_display(binding))
            shown.pop(binding.action, None)
        return list(shown.values()), palette

    def _layout(self) -> list[tuple[int, Binding, Content]]:
        """(column, binding, text) of every key drawn."""
        keys, palette = self.items()
        parts: list[tuple[int, Binding, Content]] = []
        x = 0
        for binding, enabled, key in keys:
            text = self._item(binding, enabled, key)
            parts.append((x, binding, text))
            x += text.cell_length + 1
        if palette is not None:
            binding, enabled, key = palette
            text = self._item(binding, enabled, key)
            parts.append((max(x, self.size.width - text.cell_length), binding, text))
        return parts

    @staticmethod
    def _item(binding: Binding, enabled: bool, key: str) -> Content:
        text = Content.assemble((f" {key} ", KEY_STYLE), (binding.description, DESCRIPTION_STYLE), " ")
        return text if enabled else text.stylize(DISABLED_STYLE)

    def render(self) -> Content:
        line = Content("")
        if not self._ready:
            return line
        for x, _binding, text in self._layout():
            line = line.pad_right(max(x - line.cell_length, 0)) + text
        return line

    def on_click(self, event: events.Click) -> None:
        if not self._ready:
            return
        for x, binding, text in self._layout():
            if x <= event.x < x + text.cell_length:
                self.app.simulate_key(binding.key.split(",")[0])
                return
