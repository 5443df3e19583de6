"""Dialogs that keep files safe: recover unsaved answers, and never overwrite a file blindly."""

from __future__ import annotations

from tui.wizard.dialogs import ChoiceDialog, choice_bindings


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
