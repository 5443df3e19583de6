"""Dialogs that keep files safe: recover unsaved answers, and never overwrite a file blindly."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class RecoverAnswers(ModalScreen[str]):
    """Answers from a session that ended without saving: returns "recover" or "discard".

    Escape recovers: the choice that cannot lose anything.
    """

    BINDINGS = [
        Binding("r,escape", "choose('recover')", "Recover"),
        Binding("d", "choose('discard')", "Discard"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("Unsaved answers found", classes="dialog-title")
            yield Static(self.message, markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Recover (r)", id="recover", variant="primary", compact=True)
                yield Button("Discard (d)", id="discard", variant="error", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "recover")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class ReplaceFile(ModalScreen[str]):
    """A save would replace a file the wizard did not write: "overwrite", "elsewhere" or "cancel"."""

    BINDINGS = [
        Binding("escape", "choose('cancel')", "Cancel"),
        Binding("o", "choose('overwrite')", "Overwrite"),
        Binding("e", "choose('elsewhere')", "Save elsewhere"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Overwrite (o)", id="overwrite", variant="error", compact=True)
                yield Button("Save elsewhere (e)", id="elsewhere", variant="primary", compact=True)
                yield Button("Cancel (Esc)", id="cancel", compact=True)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "cancel")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
