"""The floor of the stack: a bare Textual app that reads and validates the answers file.

`python -m bench.baselines.bare_app ANSWERS.toml`: Textual's Header and Footer, one Input and
one Static. Before its first frame it reads the TOML file with tomllib and validates it with a
small pydantic model (bench/baselines/answers.py); the Static shows the file's calls per month
and the Input holds it. Typing echoes the Input's text into the Static (Input.Changed, which
also comes once as the Input mounts and gives the same text), so the same app is the baseline
for start-up, for a keystroke and for memory.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input, Static

from bench.baselines.answers import calls_text, calls_value, figure, load

TITLE = "bare-baseline"


class BareApp(App):
    TITLE = TITLE

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        answers = load(self.path)
        yield Header()
        yield Input(calls_value(answers), id="calls")
        yield Static(figure(answers), id="echo")
        yield Footer()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(calls_text(event.value))


def main() -> None:
    BareApp(sys.argv[1]).run()


if __name__ == "__main__":
    main()
