"""The floor: a bare Textual app with a Header, a Footer, one Input and one Static.

Typing into the Input echoes the text into the Static, so the same app is the baseline for
start-up (its first frame shows TITLE in the header), for a keystroke and for memory.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, Static

TITLE = "bare-baseline"


class BareApp(App):
    """Header, Footer, one Input, one Static; the Static echoes the Input."""

    TITLE = TITLE

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input("60000", id="calls")
        yield Static(id="echo")
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(event.value)


def main() -> None:
    BareApp().run()


if __name__ == "__main__":
    main()
