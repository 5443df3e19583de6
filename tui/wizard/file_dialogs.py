"""Dialogs that keep files safe: recover unsaved answers, never overwrite a file or counts
blindly, and never lose a key of the file that no question asks for."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from tui.wizard.dialogs import DIALOG_CSS, ChoiceDialog, choice_bindings


class RecoverAnswers(ChoiceDialog):
    """Answers from a session that ended without saving: returns "recover" or "discard".

    Escape recovers: the choice that cannot lose anything.
    """

    CHOICES = (("recover", "Recover", "primary", "r"), ("discard", "Discard", "error", "d"))
    BINDINGS = choice_bindings(CHOICES, "recover")

    def __init__(self, message: str) -> None:
        super().__init__("Unsaved answers found", message)


class ReplaceFile(ChoiceDialog):
    """A save would replace a file the wizard did not write: "overwrite", "elsewhere" or "cancel"."""

    CHOICES = (
        ("overwrite", "Overwrite", "error", "o"),
        ("elsewhere", "Save elsewhere", "primary", "e"),
        ("cancel", "Cancel", "default", "escape"),
    )
    BINDINGS = choice_bindings(CHOICES, "cancel")


class ReplaceCounts(ChoiceDialog):
    """An import would replace counts already entered: "replace" or "keep"."""

    CHOICES = (("replace", "Replace them", "error", "r"), ("keep", "Keep mine", "primary", "escape"))
    BINDINGS = choice_bindings(CHOICES, "keep")

    def __init__(self, named: str) -> None:
        super().__init__(
            "Replace the counts already entered?",
            f"The results file gives new paired counts, and these are already entered: {named}. "
            "Replace them with the imported counts, or keep yours and import nothing?",
        )


MAX_KEYS_LISTED = 12


class UnknownKeys(ModalScreen[tuple[str, str | None] | None]):
    """The file's keys that no question asks for, each with the nearest question's key.

    Returns ("rename", key), ("drop", key), ("drop_all", None), or None to keep them all as
    they are (Escape): a key is never lost unless the user picks Drop.
    """

    CSS_PATH = DIALOG_CSS
    BINDINGS = [Binding("escape", "keep", "Keep them")]

    def __init__(self, keys: list[tuple[str, str | None]], total: int, path: Path | None) -> None:
        """`keys`: the first few unknown keys with their nearest keys; `total`: how many there are."""
        super().__init__()
        self.keys = keys
        self.total = total
        self.path = path

    def compose(self) -> ComposeResult:
        where = f"in {self.path.absolute()}" if self.path else "in the file"
        with VerticalScroll(classes="dialog unknown-keys"):
            yield Label("Keys no question asks for", classes="dialog-title")
            yield Static(
                f"These keys {where} are not questions of this version, often a misspelling. Saving keeps "
                "them in the file as they are. Rename one to the key suggested (its value becomes that "
                "answer) or drop it; either takes effect at the next save.",
                markup=False,
            )
            with Horizontal(classes="buttons"):  # first, so a long list never hides them
                yield Button(f"Drop all {self.total:,}", id="drop_all", variant="error", compact=True)
                yield Button("Keep them (Esc)", id="keep", compact=True)
            for index, (key, near) in enumerate(self.keys[:MAX_KEYS_LISTED]):
                suggestion = f" — did you mean {near}?" if near else " — no question is close"
                yield Static(f"{key}{suggestion}", classes="unknown-key", markup=False)
                with Horizontal(classes="buttons"):
                    if near:
                        yield Button(f"Rename to {near}", id=f"rename-{index}", variant="primary", compact=True)
                    yield Button("Drop", id=f"drop-{index}", variant="error", compact=True)
            if self.total > len(self.keys[:MAX_KEYS_LISTED]):
                yield Static(f"... and {self.total - len(self.keys[:MAX_KEYS_LISTED]):,} more.", markup=False)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        name = event.button.id or "keep"
        if name == "keep":
            self.dismiss(None)
        elif name == "drop_all":
            self.dismiss(("drop_all", None))
        else:
            action, _, index = name.partition("-")
            self.dismiss((action, self.keys[int(index)][0]))

    def action_keep(self) -> None:
        self.dismiss(None)
