"""The wizard application: steps, files, export and the keys that drive them.

The app owns one `Form` (tui.core.form); screens forward every keystroke to it and redraw
from what it returns. Files go through tui.core.storage, so a save is atomic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from tui.core import storage
from tui.core.exports import render
from tui.core.form import Form, load_form
from tui.core.questions import STEP_TITLES, STEPS
from tui.core.validation import AnswersInvalid
from tui.wizard.dialogs import ExportDialog, HelpDialog, PathPrompt, UnsavedChanges
from tui.wizard.screens.assessment import AssessmentScreen
from tui.wizard.screens.base import StepScreen
from tui.wizard.screens.data import DataScreen
from tui.wizard.screens.performance import PerformanceScreen
from tui.wizard.screens.stability import StabilityScreen
from tui.wizard.screens.summary import SummaryScreen
from tui.wizard.screens.volume import VolumeScreen

STEP_SCREENS: dict[str, type[StepScreen]] = {
    "assessment": AssessmentScreen,
    "volume": VolumeScreen,
    "stability": StabilityScreen,
    "data": DataScreen,
    "performance": PerformanceScreen,
    "summary": SummaryScreen,
}
FORMAT_NAMES = {"text": "text", "markdown": "Markdown", "jira": "Jira", "json": "JSON"}


class WizardApp(App):
    """tune-or-prompt's wizard over one assessment."""

    CSS_PATH = "app.tcss"
    TITLE = "tune-or-prompt"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("ctrl+b", "back", "Back", priority=True),
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+o", "open", "Open", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("f12", "save_as", "Save as", show=False),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        *(
            Binding(f"f{number}", f"go('{step}')", f"Go to {STEP_TITLES[step]}", show=False)
            for number, step in enumerate(STEPS, start=2)
        ),
    ]

    def __init__(self, path: Path | None = None, form: Form | None = None, warnings: list[str] | None = None) -> None:
        super().__init__()
        self.path = path
        self.form = form or Form()
        self.warnings = warnings or []
        self.saved_state = self._state()

    # State --------------------------------------------------------------------------------

    def _state(self) -> tuple:
        return (dict(self.form.raw), dict(self.form.modes))

    @property
    def dirty(self) -> bool:
        return self._state() != self.saved_state

    def step_states(self) -> dict[str, str]:
        return {step: self.form.step_state(step) for step in STEPS}

    def answer(self, path: str, text: str) -> None:
        """A question's text changed: recompute, and redraw the current step."""
        self.form.set(path, text)
        self._after_change()

    def set_mode(self, scope: str, mode: str) -> None:
        self.form.set_mode(scope, mode)
        self._after_change()

    def _after_change(self) -> None:
        self._update_title()
        screen = self.screen
        if isinstance(screen, StepScreen):
            screen.refresh_view()

    def _update_title(self) -> None:
        name = self.path.name if self.path else "new assessment"
        self.sub_title = f"{name} ● unsaved" if self.dirty else name

    # Start --------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._update_title()
        self.push_screen(self._step_screen(self.form.first_open_step() if self.path else "assessment"))
        for warning in self.warnings:
            self.notify(warning, title="Left out of this assessment", severity="warning", timeout=12)

    def _step_screen(self, step: str) -> str:
        if not self.is_screen_installed(step):
            self.install_screen(STEP_SCREENS[step](), name=step)
        return step

    # Moving between steps -----------------------------------------------------------------

    def _current_step(self) -> str | None:
        screen = self.screen
        return screen.STEP if isinstance(screen, StepScreen) else None

    def _in_dialog(self) -> bool:
        return isinstance(self.screen, ModalScreen)

    def action_go(self, step: str) -> None:
        if self._in_dialog() or step == self._current_step():
            return
        self.switch_screen(self._step_screen(step))

    def action_next(self) -> None:
        step = self._current_step()
        if step is None or step == STEPS[-1]:
            return
        errors = self.form.step_errors(step)
        screen = self.screen
        if errors and isinstance(screen, StepScreen):
            screen.touch_all()
            noun = "answer needs" if len(errors) == 1 else "answers need"
            self.notify(f"{len(errors)} {noun} fixing before you move on; see the messages in red.", title="Not yet", severity="error")
            control = screen.first_error_control()
            if control is not None:
                control.focus()
            return
        self.action_go(STEPS[STEPS.index(step) + 1])

    def action_back(self) -> None:
        step = self._current_step()
        if step is not None and step != STEPS[0]:
            self.action_go(STEPS[STEPS.index(step) - 1])

    def action_help(self) -> None:
        screen = self.screen
        question = screen.focused_question() if isinstance(screen, StepScreen) else None
        self.push_screen(HelpDialog(question))

    # Files --------------------------------------------------------------------------------

    def _suggested_name(self) -> str:
        title = self.form.document().assessment.title or "assessment"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "assessment"
        return f"{slug[:40]}.toml"

    def action_save(self) -> None:
        if self._in_dialog():
            return
        self._save_then(lambda: None)

    def action_save_as(self) -> None:
        if self._in_dialog():
            return
        self._ask_path_and_save(lambda: None)

    def _save_then(self, after: Callable[[], None]) -> None:
        """Save (asking for a path the first time), then run `after` if it worked."""
        if self.path is None:
            self._ask_path_and_save(after)
        elif self.save_to(self.path):
            after()

    def _ask_path_and_save(self, after: Callable[[], None]) -> None:
        default = str(self.path) if self.path else self._suggested_name()

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if not path.suffix:
                path = path.with_suffix(".toml")
            if self.save_to(path):
                after()

        self.push_screen(PathPrompt("Save the assessment as", "Save", default), chosen)

    def save_to(self, path: Path) -> bool:
        """Save every valid answer to `path` atomically; say what happened."""
        answers = storage.stamped(self.form.document())
        try:
            storage.save(answers, path)
        except storage.StorageError as error:
            self.notify(f"{error}. Your answers are still here; try another place (F12 saves as).", title="Not saved", severity="error", timeout=15)
            return False
        self.path = path
        for key in ("created_at", "updated_at"):
            self.form.keep(f"assessment.{key}", getattr(answers.assessment, key))
        self.saved_state = self._state()
        self._update_title()
        errors = self.form.evaluate().errors
        if errors:
            self.notify(
                f"Saved to {path}, except {len(errors)} answer(s) with errors: {', '.join(sorted(errors))}. "
                "They stay on screen until you fix them.",
                title="Saved in part",
                severity="warning",
                timeout=15,
            )
        else:
            self.notify(f"Saved to {path}.", title="Saved")
        return True

    def action_open(self) -> None:
        if self._in_dialog():
            return
        self._unless_unsaved("open another assessment", self._ask_path_and_open)

    def _ask_path_and_open(self) -> None:
        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_path(path)

        self.push_screen(PathPrompt("Open an assessment", "Open", str(self.path.parent / "") if self.path else ""), chosen)

    def open_path(self, path: Path) -> bool:
        """Replace the assessment on screen with the one in `path`."""
        if not path.exists():
            self.notify(f"{path} does not exist.", title="Not opened", severity="error")
            return False
        try:
            form, warnings = load_form(path)
        except (storage.StorageError, AnswersInvalid) as error:
            self.notify(str(error), title="Not opened", severity="error", timeout=15)
            return False
        self.form, self.path = form, path
        self.saved_state = self._state()
        for step in STEPS:
            if self.is_screen_installed(step):
                screen = self.get_screen(step)
                if isinstance(screen, StepScreen) and screen.is_mounted:
                    screen.load_from_form()
        self._update_title()
        start = form.first_open_step()
        if start == self._current_step() and isinstance(self.screen, StepScreen):
            self.screen.refresh_view()
        else:
            self.switch_screen(self._step_screen(start))
        self.notify(f"Opened {path}.", title="Opened")
        for warning in warnings:
            self.notify(warning, title="Left out of this assessment", severity="warning", timeout=12)
        return True

    def _unless_unsaved(self, doing: str, then: Callable[[], None]) -> None:
        """Run `then`, first asking to save, discard or cancel if there are unsaved changes."""
        if not self.dirty:
            then()
            return

        def decided(choice: str | None) -> None:
            if choice == "save":
                self._save_then(then)
            elif choice == "discard":
                then()

        self.push_screen(UnsavedChanges(doing), decided)

    async def action_quit(self) -> None:
        if self._in_dialog() and not isinstance(self.screen, UnsavedChanges):
            self.screen.dismiss(None)
            return
        self._unless_unsaved("quit", self.exit)

    # Export -------------------------------------------------------------------------------

    def action_export(self) -> None:
        if self._in_dialog():
            return
        stem = self.path.stem if self.path else Path(self._suggested_name()).stem

        def chosen(choice: tuple[str, Path | None] | None) -> None:
            if choice is not None:
                self.export(*choice)

        self.push_screen(ExportDialog(stem), chosen)

    def export(self, format: str, path: Path | None) -> bool:
        """Write the report in `format` to `path` (if given) and copy it to the clipboard."""
        text = render(self.form.evaluate().result, format)
        self.copy_to_clipboard(text)
        name = FORMAT_NAMES[format]
        if path is None:
            self.notify(f"The {name} report is on the clipboard.", title="Copied")
            return True
        try:
            storage.write_atomic(path, text.encode("utf-8"))
        except storage.StorageError as error:
            self.notify(f"{error}. The report is still on the clipboard.", title="Not exported", severity="error", timeout=15)
            return False
        self.notify(f"Wrote the {name} report to {path} and copied it to the clipboard.", title="Exported")
        return True

    # Command palette ----------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("Save", "Save the assessment (Ctrl+S)", self.action_save)
        yield SystemCommand("Save as", "Save the assessment under a new name (F12)", self.action_save_as)
        yield SystemCommand("Open", "Open another assessment (Ctrl+O)", self.action_open)
        yield SystemCommand("Export", "Export the report as text, Markdown, Jira or JSON (Ctrl+E)", self.action_export)
        for number, step in enumerate(STEPS, start=1):
            yield SystemCommand(
                f"Go to step: {STEP_TITLES[step]}",
                f"Step {number} of {len(STEPS)} (F{number + 1})",
                lambda step=step: self.action_go(step),
            )
        yield SystemCommand("Help", "Help for the focused question (F1)", self.action_help)
        yield from super().get_system_commands(screen)


def run(path: str | None) -> int:
    """Start the wizard on a new assessment, or on `path` (created on first save if missing)."""
    import sys

    form, warnings, target = None, [], None
    if path is not None:
        target = Path(path)
        if target.exists():
            try:
                form, warnings = load_form(target)
            except storage.StorageError as error:
                print(f"tune-or-prompt: {error}", file=sys.stderr)
                return 1
            except AnswersInvalid as error:
                print(f"tune-or-prompt: {path}: {error}", file=sys.stderr)
                return 1
    WizardApp(target, form, warnings).run()
    return 0
