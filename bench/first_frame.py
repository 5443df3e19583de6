"""Run an app without a terminal until a line it draws shows a text, then end it: start-up as a
count of instructions, which a busy machine does not change.

`python -m bench.first_frame wizard|bare ANSWERS.toml TEXT` starts the wizard on the file (as
`tune-or-prompt open` does, without its recovery file) or the bare app, headless at 120×40, and
ends it as soon as a line of a widget drawn for a frame contains TEXT. It watches the lines
through a Textual line filter, the public hook every drawn line passes through, so it knows
nothing of either app's widgets. Exit status 1 if the app has not drawn TEXT within a minute.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.segment import Segment
from textual.app import App
from textual.color import Color
from textual.filter import LineFilter

SIZE = (120, 40)
GIVE_UP = 60.0  # seconds without the text before the app is ended anyway


class Seen(LineFilter):
    """Passes every line on unchanged, and ends the app at the first that contains `text`."""

    def __init__(self, app: App, text: str) -> None:
        super().__init__()
        self.app, self.text, self.seen = app, text, False

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if not self.seen and self.text in "".join(segment.text for segment in segments):
            self.seen = True
            self.app.exit()
        return segments


def watched(app_class: type[App], text: str) -> type[App]:
    """`app_class`, ending itself once it draws `text`."""
    css = app_class.CSS_PATH
    folder = Path(inspect.getfile(app_class)).parent

    class Watched(app_class):  # type: ignore[valid-type, misc]
        # CSS_PATH is read beside the class that names it, not beside this module.
        CSS_PATH = [folder / path for path in css] if isinstance(css, list) else folder / css if css else None

        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)
            self.text_seen = Seen(self, text)

        def on_ready(self) -> None:
            self.set_timer(GIVE_UP, self.exit)

        def get_line_filters(self) -> Sequence[LineFilter]:
            return [*super().get_line_filters(), self.text_seen]

    return Watched


def main(argv: list[str]) -> int:
    kind, path, text = argv
    if kind == "wizard":
        from tui.core.form import load_form
        from tui.wizard.app import WizardApp

        form, warnings = load_form(Path(path))
        app = watched(WizardApp, text)(Path(path), form, warnings)
    else:
        from bench.baselines.bare_app import BareApp

        app = watched(BareApp, text)(path)
    app.run(headless=True, size=SIZE)
    return 0 if app.text_seen.seen else 1  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
