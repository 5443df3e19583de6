"""The wizard application: steps, files, export and the keys that drive them.

The app owns one `Form` (tui.core.form); screens forward every keystroke to it and redraw
from what it returns. Files go through tui.core.storage, so a save is atomic. Shortly after
each change the form is written to a recovery file (tui.core.recovery) so that a crash loses
at most the last second of typing, and a save never replaces a file that someone else changed
without asking first.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.filter import LineFilter
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget

from tui.core import storage
from tui.core.form import Form, load_form
from tui.core.questions import STEP_TITLES, STEPS
from tui.core.printable import printable
from tui.core.validation import AnswersInvalid
from tui.wizard.screens.base import StepScreen
from tui.wizard.terminal import StripControl
from tui.wizard.widgets.field import QuestionField

# Each step's screen is imported the first time it is shown, so start-up loads only one.
STEP_SCREENS: dict[str, str] = {
    "assessment": "assessment:AssessmentScreen",
    "volume": "volume:VolumeScreen",
    "stability": "stability:StabilityScreen",
    "data": "data:DataScreen",
    "performance": "performance:PerformanceScreen",
    "summary": "summary:SummaryScreen",
}


def step_screen_class(step: str) -> type[StepScreen]:
    """The screen class of a step, imported on first use."""
    from importlib import import_module

    module, name = STEP_SCREENS[step].split(":")
    return getattr(import_module(f"tui.wizard.screens.{module}"), name)
FORMAT_NAMES = {"text": "text", "markdown": "Markdown", "jira": "Jira", "json": "JSON"}
MAX_WARNINGS_SHOWN = 3
UNKNOWN = object()


class WizardApp(App):
    """tune-or-prompt's wizard over one assessment."""

    CSS_PATH = "app.tcss"
    TITLE = "tune-or-prompt"
    ENABLE_COMMAND_PALETTE = True
    # Screen classes by terminal size, for the rules at the end of app.tcss.
    HORIZONTAL_BREAKPOINTS = [(0, "-slim"), (60, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (20, "-tall")]
    RECOVERY_DELAY = 1.0  # seconds after the last change before the recovery file is written
    BINDINGS = [
        Binding("ctrl+b", "back", "Back", priority=True),
        Binding("ctrl+n", "next", "Next", priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("ctrl+o", "open", "Open", priority=True),
        Binding("ctrl+e", "export", "Export", priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("f12", "save_as", "Save as", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", priority=True),
        *(
            # priority: a text area would otherwise take F6 and F7 for selecting text
            Binding(f"f{number}", f"go('{step}')", f"Go to {STEP_TITLES[step]}", show=False, priority=True)
            for number, step in enumerate(STEPS, start=2)
        ),
    ]

    def __init__(
        self,
        path: Path | None = None,
        form: Form | None = None,
        warnings: list[str] | None = None,
        *,
        recovery: bool = False,
        folder: Path | None = None,
        fingerprint: str | None | object = UNKNOWN,
    ) -> None:
        """`recovery` turns on the recovery file (the command does; tests choose); a new
        assessment keeps it in `folder` (default: the current folder). `fingerprint` is
        storage.fingerprint of `path` taken before it was read, to notice later edits by others."""
        super().__init__()
        self.path = path
        self.form = form or Form()
        self.warnings = warnings or []
        self.saved_state = self._state()
        self.recovery_enabled = recovery
        self.folder = folder
        if fingerprint is UNKNOWN:
            fingerprint = storage.fingerprint(path) if path is not None else None
        self.disk_fingerprint = fingerprint
        self._recovery_timer: Timer | None = None
        self._recovery_failed = False
        self._leaving = False
        self._strip_control = StripControl()

    # State --------------------------------------------------------------------------------

    def _state(self) -> tuple:
        return ({path: text for path, text in self.form.raw.items() if text != ""}, dict(self.form.modes))

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
        self._schedule_recovery()

    def _update_title(self) -> None:
        name = self.path.name if self.path else "new assessment"
        self.sub_title = f"{name} ● unsaved" if self.dirty else name

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Restyle `node` after a class changed, unless it is not mounted yet.

        Widgets set classes while they are built (an Input's compact look, its validity), and
        Textual restyles each at once although mounting styles it again; skipping those saves
        about a fifth of the work of opening a step.
        """
        if node is self or node in self._registry:
            super().update_styles(node, animate)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._strip_control]

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._bring_into_view(event.widget)

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        """Leaving any question (a text area too, not only a one-line input) shows its error."""
        row = next((node for node in event.widget.ancestors if isinstance(node, QuestionField)), None)
        screen = row.screen if row is not None else None
        if row is not None and isinstance(screen, StepScreen) and row.question.path not in screen.touched:
            screen.touched.add(row.question.path)
            screen.refresh_view()

    def on_resize(self, event: events.Resize) -> None:
        """After a resize the focused question may have moved out of sight: bring it back.

        Textual passes the new size on to the screen a moment later, so wait for its layout.
        """
        focused = self.screen.focused
        if focused is not None:
            self.set_timer(0.1, lambda: self._bring_into_view(focused), name="refocus")

    def _bring_into_view(self, widget: Widget) -> None:
        """Scroll the whole question into view, not just its input, so its label shows too."""
        row = next((node for node in widget.ancestors if isinstance(node, QuestionField)), None)
        if row is not None:
            self.call_after_refresh(self._scroll_to_row, row)

    def _scroll_to_row(self, row: QuestionField) -> None:
        """Once laid out: the row's top if it is taller than the view, else just enough of it."""
        scroller = row.parent
        if not row.display or not row.is_mounted or not isinstance(scroller, Widget):
            return
        if row.outer_size.height > scroller.scrollable_content_region.height:
            scroller.scroll_to_widget(row, animate=False, top=True)
        else:
            row.scroll_visible(animate=False)

    # Start --------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._update_title()
        # Pushed once start-up is over: Textual holds every frame back until the app's own
        # mounting ends, and a screen pushed during it would be laid out and drawn twice.
        self.call_later(self._show_first_step)
        self._notify_warnings(self.warnings)
        if self.recovery_enabled:
            self.call_after_refresh(self._offer_recovery)

    def _show_first_step(self) -> None:
        first = self._step_screen(self.form.first_open_step() if self.path else "assessment")
        self.push_screen(first)

    def on_unmount(self) -> None:
        """Leaving other than by Quit (a crash, a closed terminal): keep the latest answers."""
        if self.recovery_enabled and not self._leaving:
            self.keep_for_recovery()

    def _notify_warnings(self, warnings: list[str]) -> None:
        """A few warnings one by one, and how many more there are (a file may have thousands)."""
        for warning in warnings[:MAX_WARNINGS_SHOWN]:
            self.notify(warning, title="Left out of this assessment", severity="warning", timeout=12, markup=False)
        if len(warnings) > MAX_WARNINGS_SHOWN:
            more = len(warnings) - MAX_WARNINGS_SHOWN
            self.notify(
                f"... and {more:,} more; 'tune-or-prompt check FILE' lists every one.",
                title="Left out of this assessment",
                severity="warning",
                timeout=12,
                markup=False,
            )

    # Recovery -----------------------------------------------------------------------------

    @property
    def recovery_path(self) -> Path:
        from tui.core import recovery  # after the first frame: not a start-up import

        return recovery.path_for(self.path, self.folder)

    def _needs_recovery(self) -> bool:
        """Whether a crash now would lose something: unsaved edits, or texts a save left out."""
        return self.dirty or bool(self.form.evaluate().errors)

    def _schedule_recovery(self) -> None:
        if not self.recovery_enabled:
            return
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(self.RECOVERY_DELAY, self.keep_for_recovery, name="recovery")

    def keep_for_recovery(self) -> None:
        """Write the recovery file now (or remove it when there is nothing to recover)."""
        from tui.core import recovery  # after the first frame: not a start-up import

        if self._recovery_timer is not None:
            self._recovery_timer.stop()
            self._recovery_timer = None
        if not self.recovery_enabled:
            return
        if not self._needs_recovery():
            recovery.remove(self.recovery_path)
            return
        try:
            recovery.write(self.recovery_path, self.form, self.path)
        except storage.StorageError as error:
            if not self._recovery_failed:
                self.notify(
                    f"Unsaved answers cannot be kept aside in case of a crash ({error}). Save soon.",
                    title="No recovery file",
                    severity="warning",
                    timeout=12,
                    markup=False,
                )
            self._recovery_failed = True
        else:
            self._recovery_failed = False

    def _drop_recovery(self, *paths: Path) -> None:
        from tui.core import recovery  # after the first frame: not a start-up import

        if self._recovery_timer is not None:
            self._recovery_timer.stop()
            self._recovery_timer = None
        for path in {self.recovery_path, *paths}:
            recovery.remove(path)

    def _offer_recovery(self) -> None:
        """If the last session on this assessment ended without saving, offer its answers."""
        from tui.core import recovery  # after the first frame: not a start-up import

        if not self.recovery_enabled:
            return
        path = self.recovery_path
        found = recovery.read(path)
        if found is None:
            return
        from tui.wizard.file_dialogs import RecoverAnswers
        recovered = found.form()
        if recovery.same_answers(recovered, self.form):
            recovery.remove(path)
            return
        when = f" at {found.written_at.astimezone():%H:%M on %d %b %Y}" if found.written_at else ""
        subject = f"{self.path}" if self.path else "a new assessment"
        message = (
            f"A session on {subject} ended{when} without saving its last answers. Recover them (r) "
            "to carry on where it stopped, or discard them (d). Nothing is written until you save."
        )

        def decided(choice: str | None) -> None:
            if choice == "discard":
                recovery.remove(path)
                return
            self.form = recovered
            self._show_form(recovered.first_open_step())
            self.notify("Recovered the unsaved answers; save to keep them.", title="Recovered", markup=False)

        self.push_screen(RecoverAnswers(message), decided)

    def _show_form(self, start: str) -> None:
        """Show `self.form` in every screen and go to `start`."""
        for step in STEPS:
            if self.is_screen_installed(step):
                screen = self.get_screen(step)
                if isinstance(screen, StepScreen) and screen.is_mounted:
                    screen.load_from_form()
        self._update_title()
        if start == self._current_step() and isinstance(self.screen, StepScreen):
            self.screen.refresh_view()
        elif isinstance(self.screen, StepScreen):
            self.switch_screen(self._step_screen(start))

    def _step_screen(self, step: str) -> str:
        if not self.is_screen_installed(step):
            self.install_screen(step_screen_class(step)(), name=step)
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
            self.notify(f"{len(errors)} {noun} fixing before you move on; see the messages in red.", title="Not yet", severity="error", markup=False)
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
        from tui.wizard.dialogs import HelpDialog

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
        else:
            self._save(self.path, after)

    def _ask_path_and_save(self, after: Callable[[], None]) -> None:
        from tui.wizard.dialogs import PathPrompt

        default = str(self.path) if self.path else self._suggested_name()

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            if not path.suffix:
                path = path.with_suffix(".toml")
            if path.is_file() and not self._is_current(path):
                self._confirm_replace(
                    path,
                    after,
                    "Replace the file?",
                    f"{path} already exists and is not the assessment you are working on. "
                    "Overwrite it with these answers, or choose another name?",
                )
            else:
                self._save(path, after)

        self.push_screen(PathPrompt("Save the assessment as", "Save", default), chosen)

    def _is_current(self, path: Path) -> bool:
        return self.path is not None and os.path.abspath(path) == os.path.abspath(self.path)

    def _confirm_replace(self, path: Path, after: Callable[[], None], title: str, message: str) -> None:
        from tui.wizard.file_dialogs import ReplaceFile

        def decided(choice: str | None) -> None:
            if choice == "overwrite":
                self._save(path, after, overwrite=True)
            elif choice == "elsewhere":
                self._ask_path_and_save(after)

        self.push_screen(ReplaceFile(title, message), decided)

    def _save(self, path: Path, after: Callable[[], None], overwrite: bool = False) -> None:
        if self.save_to(path, overwrite=overwrite, after=after):
            after()

    def save_to(self, path: Path, overwrite: bool = False, after: Callable[[], None] | None = None) -> bool:
        """Save every valid answer to `path` atomically; say what happened.

        When `path` is the open assessment and its file changed on disk since it was opened or
        last saved, ask first (overwrite, save elsewhere or cancel) and return False; `after`
        runs once a save chosen in that dialog has worked.
        """
        if not overwrite and self._is_current(path) and storage.fingerprint(path) != self.disk_fingerprint:
            gone = not path.exists()
            self._confirm_replace(
                path,
                after or (lambda: None),
                "The file was deleted" if gone else "The file changed on disk",
                f"{path} was deleted since you opened it. Save these answers there again, or elsewhere?"
                if gone
                else f"{path} has changed since you opened it; someone or something else edited it. "
                "Overwrite it with your answers, or save yours elsewhere and compare?",
            )
            return False
        answers = storage.stamped(self.form.document())
        try:
            storage.save(answers, path)
        except storage.StorageError as error:
            reason = str(error)
            self.notify(
                f"{reason[0].upper()}{reason[1:]}. Every answer is still here; press F12 to save it somewhere else.",
                title="Not saved",
                severity="error",
                timeout=20,
                markup=False,
            )
            return False
        old_recovery = self.recovery_path
        self.path = path
        self.disk_fingerprint = storage.fingerprint(path)
        for key in ("created_at", "updated_at"):
            self.form.keep(f"assessment.{key}", getattr(answers.assessment, key))
        self.saved_state = self._state()
        self._update_title()
        errors = self.form.evaluate().errors
        if self.recovery_enabled:
            self._drop_recovery(old_recovery)
            if errors:
                self.keep_for_recovery()  # the texts with errors are not in the file
        if errors:
            self.notify(
                f"Saved to {path}, except {len(errors)} answer(s) with errors: {', '.join(sorted(errors))}. "
                "They stay on screen until you fix them.",
                title="Saved in part",
                severity="warning",
                timeout=15,
                markup=False,
            )
        else:
            self.notify(f"Saved to {path}.", title="Saved", markup=False)
        return True

    def action_open(self) -> None:
        if self._in_dialog():
            return
        self._unless_unsaved("open another assessment", self._ask_path_and_open)

    def _ask_path_and_open(self) -> None:
        from tui.wizard.dialogs import PathPrompt

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.open_path(path)

        self.push_screen(PathPrompt("Open an assessment", "Open", str(self.path.parent / "") if self.path else ""), chosen)

    def open_path(self, path: Path) -> bool:
        """Replace the assessment on screen with the one in `path`."""
        if not path.exists():
            self.notify(f"{path} does not exist.", title="Not opened", severity="error", markup=False)
            return False
        seen = storage.fingerprint(path)
        try:
            form, warnings = load_form(path)
        except (storage.StorageError, AnswersInvalid) as error:
            self.notify(str(error), title="Not opened", severity="error", timeout=15, markup=False)
            return False
        if self.recovery_enabled:
            self._drop_recovery()  # the user chose to leave the unsaved answers behind
        self.form, self.path, self.disk_fingerprint = form, path, seen
        self.saved_state = self._state()
        self._show_form(form.first_open_step())
        self.notify(f"Opened {path}.", title="Opened", markup=False)
        self._notify_warnings(warnings)
        if self.recovery_enabled:
            self.call_after_refresh(self._offer_recovery)
        return True

    def _unless_unsaved(self, doing: str, then: Callable[[], None]) -> None:
        """Run `then`, first asking to save, discard or cancel if there are unsaved changes."""
        from tui.wizard.dialogs import UnsavedChanges

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
        from tui.wizard.dialogs import UnsavedChanges
        from tui.wizard.file_dialogs import RecoverAnswers

        if self._in_dialog() and not isinstance(self.screen, (UnsavedChanges, RecoverAnswers)):
            self.screen.dismiss(None)
            return
        if isinstance(self.screen, RecoverAnswers):
            return
        self._unless_unsaved("quit", self._leave)

    def _leave(self) -> None:
        """Quit on purpose: the answers were saved or deliberately discarded."""
        self._leaving = True
        if self.recovery_enabled:
            self._drop_recovery()
        self.exit()

    # Export -------------------------------------------------------------------------------

    def action_export(self) -> None:
        from tui.wizard.dialogs import ExportDialog

        if self._in_dialog():
            return
        stem = self.path.stem if self.path else Path(self._suggested_name()).stem

        def chosen(choice: tuple[str, Path | None] | None) -> None:
            if choice is not None:
                self.export(*choice)

        self.push_screen(ExportDialog(stem), chosen)

    def export(self, format: str, path: Path | None) -> bool:
        """Write the report in `format` to `path` (if given) and copy it to the clipboard."""
        from tui.core.exports import render

        text = render(self.form.evaluate().result, format)
        self.copy_to_clipboard(text)
        name = FORMAT_NAMES[format]
        if path is None:
            self.notify(f"The {name} report is on the clipboard.", title="Copied", markup=False)
            return True
        try:
            storage.write_atomic(path, text.encode("utf-8"))
        except storage.StorageError as error:
            reason = str(error)
            self.notify(
                f"{reason[0].upper()}{reason[1:]}. The report is still on the clipboard.",
                title="Not exported",
                severity="error",
                timeout=15,
                markup=False,
            )
            return False
        self.notify(f"Wrote the {name} report to {path} and copied it to the clipboard.", title="Exported", markup=False)
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

    form, warnings, target, seen = None, [], None, None
    if path is not None:
        target = Path(path)
        if target.exists():
            seen = storage.fingerprint(target)
            try:
                form, warnings = load_form(target)
            except storage.StorageError as error:
                print(f"tune-or-prompt: {printable(str(error))}", file=sys.stderr)
                return 1
            except AnswersInvalid as error:
                print(f"tune-or-prompt: {printable(path)}: {printable(str(error))}", file=sys.stderr)
                return 1
    WizardApp(target, form, warnings, recovery=True, fingerprint=seen).run()
    return 0
