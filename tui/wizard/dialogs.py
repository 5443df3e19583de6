"""Modal dialogs: a path prompt with completion, unsaved changes, export, and help."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Select, Static

from tui.core.exports import FORMATS
from tui.core.humane import ACCEPTED
from tui.core.questions import Question
from tui.wizard.widgets.question import AnswerInput  # its editing keys in the order typed

EXTENSIONS = {"text": ".txt", "markdown": ".md", "jira": ".jira.txt", "json": ".json"}
CLIPBOARD_HELP = (
    "Export (Ctrl+E) writes the report to the file you name and sends it to the terminal's "
    "clipboard with OSC 52, an escape sequence the terminal turns into a copy. Most terminals "
    "accept it (some ask first, some need it switched on); one that does not leaves the clipboard "
    "as it was, and the file is still written. Inside tmux add `set -g set-clipboard on` to "
    "~/.tmux.conf (then `tmux source-file ~/.tmux.conf`), or tmux keeps the report to itself."
)
UNKNOWN_KEYS_HELP = (
    "Keys of the file that no question asks for (often a misspelling) are kept in it by every save; "
    "Ctrl+K lists them with the nearest key, to rename or drop each."
)


DIALOG_CSS = "dialogs.tcss"  # read when the first dialog opens, not at start-up


class PathSuggester(Suggester):
    """Completes file and folder names as the path is typed (→ accepts the completion)."""

    def __init__(self, suffix: str = "") -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.suffix = suffix

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        folder, _, stem = expanded.rpartition(os.sep)
        folder_path = Path(folder or (os.sep if expanded.startswith(os.sep) else "."))
        try:
            names = sorted(entry.name + (os.sep if entry.is_dir() else "") for entry in os.scandir(folder_path))
        except OSError:
            return None
        for name in names:
            if name == stem or not name.startswith(stem):
                continue
            if name.startswith(".") and not stem.startswith("."):
                continue
            if name.endswith(os.sep) or not self.suffix or name.endswith(self.suffix):
                return value[: len(value) - len(stem)] + name
        return None


class PathPrompt(ModalScreen[Path | None]):
    """Ask for a file path; returns it, or None when cancelled."""

    CSS_PATH = DIALOG_CSS

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, action: str, default: str = "", suffix: str = ".toml") -> None:
        super().__init__()
        self.title_text = title
        self.action_text = action
        self.default = default
        self.suffix = suffix

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield AnswerInput(
                self.default,
                placeholder=f"e.g. my-task{self.suffix}",
                suggester=PathSuggester(self.suffix),
                id="path",
            )
            yield Static("→ completes a file or folder name; Enter confirms; Esc cancels.", classes="help")
            yield Static("", id="path-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.action_text, id="ok", variant="primary", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _confirm(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#path-error", Static).update("✗ Type a file name.")
            return
        self.dismiss(Path(os.path.expanduser(text)))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


Choice = tuple[str, str, str, str]  # (answer, button label, button variant, key)


def choice_bindings(choices: tuple[Choice, ...], on_escape: str) -> list[Binding]:
    """A key for each answer of a ChoiceDialog, and Escape for the safe one."""
    bindings = [Binding("escape", f"choose('{on_escape}')", "Close")]
    return bindings + [
        Binding(key, f"choose('{answer}')", label) for answer, label, _, key in choices if key != "escape"
    ]


class ChoiceDialog(ModalScreen[str]):
    """A question with a few answers, each a button and a key; returns the chosen answer."""

    CSS_PATH = DIALOG_CSS

    CHOICES: ClassVar[tuple[Choice, ...]] = ()

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, markup=False)
            with Horizontal(classes="buttons"):
                for answer, label, variant, key in self.CHOICES:
                    shown = "Esc" if key == "escape" else key
                    yield Button(f"{label} ({shown})", id=answer, variant=variant, compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or self.CHOICES[-1][0])

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class UnsavedChanges(ChoiceDialog):
    """Save, discard or cancel: returns "save", "discard" or "cancel"."""

    CHOICES = (
        ("save", "Save", "primary", "s"),
        ("discard", "Discard", "error", "d"),
        ("cancel", "Cancel", "default", "escape"),
    )
    BINDINGS = choice_bindings(CHOICES, "cancel")

    def __init__(self, doing: str) -> None:
        super().__init__(
            "Unsaved changes",
            f"This assessment has changes that are not saved. Save them before you {doing}?",
        )


class ExportDialog(ModalScreen[tuple[str, Path | None] | None]):
    """Choose a format and a file; returns (format, path) or (format, None) to copy only."""

    CSS_PATH = DIALOG_CSS

    AUTO_FOCUS = "#path"  # Enter exports Markdown straight away; Shift+Tab reaches the format
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, stem: str) -> None:
        super().__init__()
        self.stem = stem

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Export the report", classes="dialog-title")
            yield Label("Format")
            yield Select(
                [(name.capitalize() if name != "json" else "JSON", name) for name in FORMATS],
                value="markdown",
                allow_blank=False,
                id="format",
                compact=True,
            )
            yield Label("File")
            yield AnswerInput(self.stem + EXTENSIONS["markdown"], suggester=PathSuggester(), id="path")
            yield Static("The report is also sent to the terminal's clipboard (OSC 52; F1 says more).", classes="help")
            yield Static("", id="export-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Export", id="ok", variant="primary", compact=True)
                yield Button("Copy only", id="copy", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        for extension in sorted(EXTENSIONS.values(), key=len, reverse=True):
            if path.value.endswith(extension):
                path.value = path.value[: -len(extension)] + EXTENSIONS[str(event.value)]
                return

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#ok")
    def _export(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#export-error", Static).update("✗ Type a file name, or choose Copy only.")
            return
        self.dismiss((str(self.query_one("#format", Select).value), Path(os.path.expanduser(text))))

    @on(Button.Pressed, "#copy")
    def _copy(self) -> None:
        self.dismiss((str(self.query_one("#format", Select).value), None))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class HelpDialog(ModalScreen[None]):
    """Help for the focused question, and the keys that work where the focus is.

    The keys are the screen's active bindings at the moment F1 was pressed (the app's, the
    step's and the focused control's), so the list never drifts from what the keys do.
    """

    CSS_PATH = DIALOG_CSS

    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, question: Question | None, keys: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.question = question
        self.keys = keys

    def compose(self) -> ComposeResult:
        q = self.question
        with VerticalScroll(classes="dialog help-dialog"):
            if q is None:
                yield Label("Help", classes="dialog-title")
                yield Static("Move to a question and press F1 for help on it.")
            else:
                yield Label(q.label, classes="dialog-title", markup=False)
                yield Static(q.help, markup=False)
                if q.details:
                    yield Static(q.details, markup=False, classes="details")
                if q.kind in ACCEPTED:
                    yield Static(f"Accepted: {ACCEPTED[q.kind]}.", classes="help")
                yield Static(f"Saved as {q.path}", classes="help", markup=False)
            width = max((len(key) for _, keys in self.keys for key, _ in keys), default=0)
            for heading, keys in self.keys:
                yield Label(heading, classes="keys-title")
                yield Static(
                    "\n".join(f"{key.ljust(width)}  {description}" for key, description in keys),
                    classes="keys",
                    markup=False,
                )
            yield Label("The clipboard", classes="keys-title")
            yield Static(CLIPBOARD_HELP, markup=False)
            yield Label("Your files", classes="keys-title")
            yield Static(
                "A save updates the file in place: comments, layout and number formats stay. The wizard asks "
                f"before an export or a save replaces another file, and before an import replaces counts. {UNKNOWN_KEYS_HELP}",
                markup=False,
            )
            yield Static("Esc closes this help.", classes="help")

    def action_close(self) -> None:
        self.dismiss(None)
