"""The wizard application: steps, files, export and the keys that drive them.

The app owns one `Form` (tui.core.form). Screens hand every edit to it; after each change the
app sets its `edited` reactive to the form, and the screen in view, which watches it, redraws
from the form's one evaluation. Files go through tui.core.storage, so a save is atomic. Shortly after each change
the form is written to a recovery file (tui.core.recovery) so that a crash loses at most the
last second of typing. The file dialogs run as workers that wait for each answer in turn.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.geometry import Size
from textual.reactive import var
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from tui.core import storage
from tui.core.form import Form, load_form, nearest_question
from tui.core.printable import printable
from tui.core.questions import STEP_TITLES, STEPS
from tui.core.validation import AnswersInvalid
from tui.wizard.screens.base import StepScreen
from tui.wizard.terminal import StripControl

# Each step's screen is imported the first time it is shown, so start-up loads only one.
STEP_SCREENS: dict[str, str] = {
    "assessment": "assessment:AssessmentScreen",
    "volume": "volume:VolumeScreen",
    "stability": "stability:StabilityScreen",
    "data": "data:DataScreen",
    "performance": "performance:PerformanceScreen",
    "summary": "summary:SummaryScreen",
}
FORMAT_NAMES = {"text": "text", "markdown": "Markdown", "jira": "Jira", "json": "JSON"}
MAX_WARNINGS_SHOWN = 3
UNKNOWN = object()
# Actions that open a dialog of their own: not while another dialog is open.
FILE_ACTIONS = {"save", "save_as", "open", "export", "help", "go", "unknown_keys"}
MAX_UNKNOWN_NAMED = 3  # keys no question asks for, named in the notice on open
CLIPBOARD_NOTE = (
    "Sent to the terminal's clipboard with OSC 52; a terminal that does not support it (or tmux "
    "without 'set -g set-clipboard on') leaves the clipboard as it was."
)


def breakpoint_classes(size: Size, horizontal: list[tuple[int, str]], vertical: list[tuple[int, str]]) -> list[str]:
    """The breakpoint classes a screen of `size` gets: for each direction, the class of the
    largest breakpoint that the width (or height) reaches."""
    found = []
    for extent, breakpoints in ((size.width, horizontal), (size.height, vertical)):
        reached = [name for low, name in sorted(breakpoints) if extent >= low]
        found += reached[-1:]
    return found


def step_screen_class(step: str) -> type[StepScreen]:
    """The screen class of a step, imported on first use."""
    from importlib import import_module

    module, name = STEP_SCREENS[step].split(":")
    return getattr(import_module(f"tui.wizard.screens.{module}"), name)


class WizardApp(App):
    """tune-or-prompt's wizard over one assessment."""

    CSS_PATH = "app.tcss"
    TITLE = "tune-or-prompt"
    ENABLE_COMMAND_PALETTE = True
    # Screen classes by terminal size, for the rules in app.tcss.
    HORIZONTAL_BREAKPOINTS = [(0, "-slim"), (60, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (20, "-tall")]
    # The form after each edit, and after another file (or recovered answers) replaced it:
    # screens watch these and redraw from the form's one evaluation.
    edited: var[Form | None] = var(None, always_update=True, init=False)
    replaced: var[Form | None] = var(None, always_update=True, init=False)
    RECOVERY_DELAY = 1.0  # seconds after the last change before the recovery file is written
    BINDINGS = [
        Binding(
            "ctrl+s", "save", "Save", tooltip="Save the assessment (asks for a file the first time)", priority=True
        ),
        Binding("ctrl+o", "open", "Open", tooltip="Open another assessment", priority=True),
        Binding("ctrl+e", "export", "Export", tooltip="Export the report to a file and the clipboard", priority=True),
        Binding("f1", "help", "Help", tooltip="Help on the focused question, and the keys", priority=True),
        Binding("f12", "save_as", "Save as", show=False, priority=True),
        Binding(
            "ctrl+k",
            "unknown_keys",
            "Unknown keys",
            tooltip="Rename or drop keys of the file that no question asks for",
            priority=True,
        ),
        Binding("ctrl+q", "quit", "Quit", tooltip="Quit (asks first when there are unsaved changes)", priority=True),
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
        """What a save would change: the valid answers (not the texts that spell them), the
        texts with errors, the ways of entering, and the unknown keys dropped."""
        evaluation = self.form.evaluate()
        answers = evaluation.answers.model_dump(exclude={"assessment": {"created_at", "updated_at"}})
        invalid = {path: self.form.raw.get(path, "") for path in evaluation.errors}
        return (answers, invalid, dict(self.form.modes), frozenset(self.form.dropped))

    @property
    def dirty(self) -> bool:
        return self._state() != self.saved_state

    def step_states(self) -> dict[str, str]:
        return {step: self.form.step_state(step) for step in STEPS}

    def answer(self, path: str, text: str) -> None:
        """A question's text changed: record it and tell the screens."""
        if self.form.raw.get(path, "") != text:
            self.form.set(path, text)
            self._after_change()

    def keep(self, path: str, value: object) -> None:
        """A value no question asks for changed (a picked model's name, where its prices came
        from): record it and tell the screens, as for an answer."""
        if self.form.kept.get(path) != value:
            self.form.keep(path, value)
            self._after_change()

    def set_mode(self, scope: str, mode: str) -> None:
        if self.form.modes.get(scope) != mode:
            self.form.set_mode(scope, mode)
            self._after_change()

    def _after_change(self) -> None:
        self._update_title()
        self.edited = self.form
        self._schedule_recovery()

    def _update_title(self) -> None:
        name = self.path.name if self.path else "new assessment"
        self.sub_title = f"{name} ● unsaved" if self.dirty else name

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then one that keeps control characters off the terminal."""
        return [*super().get_line_filters(), self._strip_control]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a dialog is open, the keys that open another one are left to it; the unknown
        keys' key shows only when the file has some."""
        if action in FILE_ACTIONS and isinstance(self.screen, ModalScreen):
            return False
        if action == "unknown_keys":
            return bool(self.form.unknown)
        return True

    # Start --------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._update_title()
        self.push_screen(self._step_screen(self.form.first_open_step() if self.path else "assessment"))
        self._notify_warnings(self.warnings)
        self._notify_unknown()
        if self.recovery_enabled:
            self.call_after_refresh(self._offer_recovery)

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

    def _notify_unknown(self) -> None:
        """Name the file's keys that no question asks for, the nearest key of each, and how to
        rename or drop them: they stay in the file until the user chooses."""
        total = len(self.form.unknown)
        if not total:
            return
        keys = self.form.unknown_keys(MAX_UNKNOWN_NAMED)
        named = [f"{path} (did you mean {near}?)" if near else path for path, near in keys]
        more = f" and {total - MAX_UNKNOWN_NAMED:,} more" if total > MAX_UNKNOWN_NAMED else ""
        self.notify(
            f"No question asks for {', '.join(named)}{more}. Saving keeps them in the file; press Ctrl+K to rename or drop them.",
            title="Keys kept as they are",
            severity="warning",
            timeout=15,
            markup=False,
        )

    def note_missing(self, step: str) -> None:
        """Moving on from a step whose required answers are missing: say which ones."""
        from tui.core.questions import label_of

        missing = [path for path in self.form.evaluate().result.missing if path.split(".")[0] == step]
        if not missing:
            return
        names = [label_of(path) for path in missing]
        self.notify(
            f"Still to answer on {STEP_TITLES[step]}: {'; '.join(names)}. The recommendation waits for them.",
            title="Moved on with answers missing",
            severity="warning",
            timeout=8,
            markup=False,
        )

    # Recovery -----------------------------------------------------------------------------

    @property
    def recovery_path(self) -> Path:
        from tui.core import recovery  # after the first frame: not a start-up import

        return recovery.path_for(self.path, self.folder)

    def _needs_recovery(self) -> bool:
        """Whether a crash now would lose something: unsaved edits, or texts a save left out
        (when the answers cannot even be evaluated, say yes: the texts are what is left)."""
        try:
            return self.dirty or bool(self.form.evaluate().errors)
        except Exception:
            return True

    def _schedule_recovery(self) -> None:
        if not self.recovery_enabled:
            return
        if self._recovery_timer is not None:
            self._recovery_timer.stop()
        self._recovery_timer = self.set_timer(self.RECOVERY_DELAY, self.keep_for_recovery, name="recovery")

    def keep_for_recovery(self) -> None:
        """Write the recovery file now (or remove it when there is nothing to recover)."""
        from tui.core import recovery

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
        from tui.core import recovery

        if self._recovery_timer is not None:
            self._recovery_timer.stop()
            self._recovery_timer = None
        for path in {self.recovery_path, *paths}:
            recovery.remove(path)

    @work(exclusive=True, group="files")
    async def _offer_recovery(self) -> None:
        """If the last session on this assessment ended without saving, offer its answers."""
        from tui.core import recovery
        from tui.wizard.file_dialogs import RecoverAnswers

        if not self.recovery_enabled:
            return
        path = self.recovery_path
        if self.path is None and not path.exists():  # a new assessment: one a finished process left
            path = next(iter(recovery.left_behind(self.folder)), path)
        found = recovery.read(path)
        if found is None:
            return
        recovered = found.form()
        recovered.unknown, recovered.from_file = dict(self.form.unknown), self.form.from_file
        if recovery.same_answers(recovered, self.form):
            recovery.remove(path)
            return
        when = f" at {found.written_at.astimezone():%H:%M on %d %b %Y}" if found.written_at else ""
        subject = f"{self.path.absolute()}" if self.path else "a new assessment"
        message = (
            f"A session on {subject} ended{when} without saving its last answers. Recover them (r) "
            "to carry on where it stopped, or discard them (d). Nothing is written until you save."
        )
        if await self.push_screen_wait(RecoverAnswers(message)) == "discard":
            recovery.remove(path)
            return
        self._show_form(recovered)
        if path != self.recovery_path:  # taken over from a finished process: kept as this one's now
            self.keep_for_recovery()
            recovery.remove(path)
        self.notify("Recovered the unsaved answers; save to keep them.", title="Recovered", markup=False)

    def _show_form(self, form: Form) -> None:
        """Show `form` in every screen and go to the first step it leaves open."""
        self.form = form
        self._update_title()
        self.replaced = form
        start = form.first_open_step()
        if isinstance(self.screen, StepScreen) and self.screen.STEP != start:
            self.switch_screen(self._step_screen(start))

    def _step_screen(self, step: str) -> str:
        if not self.is_screen_installed(step):
            screen = step_screen_class(step)()
            # Styled for the terminal it opens in: the first resize then finds the breakpoint
            # classes already set, and the whole screen is not styled a second time before its
            # first frame. A later resize sets them as usual.
            screen.add_class(
                *breakpoint_classes(self.size, self.HORIZONTAL_BREAKPOINTS, self.VERTICAL_BREAKPOINTS), update=False
            )
            self.install_screen(screen, name=step)
        return step

    # Moving between steps -----------------------------------------------------------------

    def action_go(self, step: str) -> None:
        screen = self.screen
        if isinstance(screen, StepScreen) and step != screen.STEP:
            self.switch_screen(self._step_screen(step))

    def action_help(self) -> None:
        """Help on the focused question, with the keys active where the focus is."""
        from tui.wizard.dialogs import HelpDialog

        screen = self.screen
        question = screen.focused_question() if isinstance(screen, StepScreen) else None
        self.push_screen(HelpDialog(question, self.active_keys(screen)))

    def active_keys(self, screen: Screen) -> list[tuple[str, list[tuple[str, str]]]]:
        """The bindings active on `screen` as (heading, [(key, what it does)]): the wizard's
        own keys, then those of the focused control; one line per action."""
        wizard: dict[str, tuple[str, str]] = {}
        field: dict[str, tuple[str, str]] = {}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or not active.enabled:
                continue
            keys = field if active.node is screen.focused else wizard if active.node in (self, screen) else None
            if keys is not None and binding.action not in keys:
                keys[binding.action] = (self.get_key_display(binding), binding.tooltip or binding.description)
        return [
            (heading, list(keys.values())) for heading, keys in (("Keys", wizard), ("In this field", field)) if keys
        ]

    # Files --------------------------------------------------------------------------------

    def _suggested_name(self) -> str:
        title = self.form.document().assessment.title or "assessment"
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "assessment"
        return f"{slug[:40]}.toml"

    def _is_current(self, path: Path) -> bool:
        return self.path is not None and os.path.abspath(path) == os.path.abspath(self.path)

    def action_save(self) -> None:
        self._save_worker(ask=False)

    def action_save_as(self) -> None:
        self._save_worker(ask=True)

    @work(exclusive=True, group="files")
    async def _save_worker(self, ask: bool) -> None:
        await self.save_flow(ask=ask)

    async def save_flow(self, ask: bool = False) -> bool:
        """Save, asking for a path when there is none (or `ask`), and asking before a file the
        wizard did not write is replaced; True once the answers are on disk."""
        path = None if ask else self.path
        while True:
            if path is None:
                path = await self._ask_save_path()
                if path is None:
                    return False
            replacing = not self._is_current(path) and path.is_file()
            choice = await self._confirm_replacing(path)
            if choice == "elsewhere":
                path = None
                continue
            return choice == "write" and self.save_to(path, overwrite=replacing)

    async def _ask_save_path(self) -> Path | None:
        from tui.wizard.dialogs import PathPrompt

        default = str(self.path) if self.path else self._suggested_name()
        path = await self.push_screen_wait(PathPrompt("Save the assessment as", "Save", default))
        if path is not None and not path.suffix:
            path = path.with_suffix(".toml")
        return path

    async def _confirm_replacing(self, path: Path) -> str:
        """ "write", "elsewhere" or "cancel": asks when `path` is another existing file, or the
        open assessment changed or deleted on disk since it was opened or saved."""
        from tui.wizard.file_dialogs import ReplaceFile

        if not self._is_current(path):
            if not path.is_file():
                return "write"
            title = "Replace the file?"
            message = (
                f"{path.absolute()} already exists and is not the assessment you are working on. "
                "Overwrite it with these answers, or choose another name?"
            )
        elif storage.fingerprint(path) == self.disk_fingerprint:
            return "write"
        elif not path.exists():
            title = "The file was deleted"
            message = (
                f"{path.absolute()} was deleted since you opened it. Save these answers there again, or elsewhere?"
            )
        else:
            title = "The file changed on disk"
            message = (
                f"{path.absolute()} has changed since you opened it; someone or something else edited it. "
                "Overwrite it with your answers, or save yours elsewhere and compare?"
            )
        choice = await self.push_screen_wait(ReplaceFile(title, message))
        return {"overwrite": "write", "elsewhere": "elsewhere"}.get(choice or "", "cancel")

    def save_to(self, path: Path, overwrite: bool = False) -> bool:
        """Save every valid answer to `path` atomically, and say what happened.

        Saving over the open file keeps its comments, layout and the keys no question asks for,
        except those the user dropped; `overwrite` replaces another file the user agreed to lose.
        """
        answers = storage.stamped(self.form.document())
        try:
            storage.save(answers, path, drop=self.form.drop_paths(), overwrite=overwrite)
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
        left_behind = self._unknown_left_in(path)
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
                f"Saved to {path.absolute()}, except {len(errors)} answer(s) with errors: {', '.join(sorted(errors))}. "
                "They stay on screen until you fix them.",
                title="Saved in part",
                severity="warning",
                timeout=15,
                markup=False,
            )
        else:
            self.notify(f"Saved to {path.absolute()}.", title="Saved", markup=False)
        if left_behind:
            self.notify(left_behind, title="Keys not copied", severity="warning", timeout=15, markup=False)
        return True

    def _unknown_left_in(self, path: Path) -> str:
        """Saving elsewhere: the unknown keys stay in the file they came from, not the new one.
        Forgets them (and those dropped) and returns what to say; empty when nothing is left."""
        form = self.form
        if self._is_current(path) or not (form.unknown or form.dropped):
            form.dropped.clear()
            return ""
        keys = list(form.unknown)
        form.unknown.clear()
        form.dropped.clear()
        if not keys or self.path is None:
            return ""
        shown = ", ".join(keys[:MAX_UNKNOWN_NAMED]) + (
            f" and {len(keys) - MAX_UNKNOWN_NAMED:,} more" if len(keys) > MAX_UNKNOWN_NAMED else ""
        )
        return f"{shown}, which no question asks for, stay in {self.path.absolute()} only; they were not copied to {path.absolute()}."

    async def _unsaved_settled(self, doing: str) -> bool:
        """True when there is nothing unsaved, or the user saved or discarded it to go on."""
        from tui.wizard.dialogs import UnsavedChanges

        if not self.dirty:
            return True
        choice = await self.push_screen_wait(UnsavedChanges(doing))
        if choice == "save":
            return await self.save_flow()
        return choice == "discard"

    @work(exclusive=True, group="files")
    async def action_open(self) -> None:
        from tui.wizard.dialogs import PathPrompt

        if not await self._unsaved_settled("open another assessment"):
            return
        start = str(self.path.parent / "") if self.path else ""
        path = await self.push_screen_wait(PathPrompt("Open an assessment", "Open", start))
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Path) -> bool:
        """Replace the assessment on screen with the one in `path`."""
        if not path.exists():
            self.notify(f"{path.absolute()} does not exist.", title="Not opened", severity="error", markup=False)
            return False
        seen = storage.fingerprint(path)
        try:
            form, warnings = load_form(path.absolute())
        except storage.StorageError as error:
            self.notify(str(error), title="Not opened", severity="error", timeout=15, markup=False)
            return False
        except AnswersInvalid as error:
            self.notify(f"{path.absolute()}: {error}", title="Not opened", severity="error", timeout=15, markup=False)
            return False
        if self.recovery_enabled:
            self._drop_recovery()  # the user chose to leave the unsaved answers behind
        self.path, self.disk_fingerprint = path, seen
        self.form = form
        self.saved_state = self._state()
        self._show_form(form)
        self.notify(f"Opened {path.absolute()}.", title="Opened", markup=False)
        self._notify_warnings(warnings)
        self._notify_unknown()
        if self.recovery_enabled:
            self.call_after_refresh(self._offer_recovery)
        return True

    async def action_quit(self) -> None:
        from tui.wizard.dialogs import UnsavedChanges
        from tui.wizard.file_dialogs import RecoverAnswers

        screen = self.screen
        if isinstance(screen, (UnsavedChanges, RecoverAnswers)):
            return
        if isinstance(screen, ModalScreen):
            screen.dismiss(None)
            return
        self._quit_worker()

    @work(exclusive=True, group="files")
    async def _quit_worker(self) -> None:
        if await self._unsaved_settled("quit"):
            self._leave()

    def _leave(self) -> None:
        """Quit on purpose: the answers were saved or deliberately discarded."""
        self._leaving = True
        if self.recovery_enabled:
            self._drop_recovery()
        self.exit()

    # Keys no question asks for, and counts about to be replaced ------------------------

    @work(exclusive=True, group="files")
    async def action_unknown_keys(self) -> None:
        """List the keys no question asks for; rename or drop one at a time until Done."""
        from tui.wizard.file_dialogs import MAX_KEYS_LISTED, UnknownKeys

        while self.form.unknown:
            keys = self.form.unknown_keys(MAX_KEYS_LISTED)
            choice = await self.push_screen_wait(UnknownKeys(keys, len(self.form.unknown), self.path))
            if choice is None:
                return
            action, path = choice
            self.handle_unknown(action, path)

    def handle_unknown(self, action: str, path: str | None) -> None:
        """Rename an unknown key to its nearest question, or drop it (or every one), and say so."""
        form = self.form
        if action == "drop_all":
            for key in list(form.unknown):
                form.drop_unknown(key)
            message = "Every key no question asks for goes from the file at the next save."
        elif path is None or path not in form.unknown:
            return
        elif action == "rename" and (target := nearest_question(path)) is not None:
            form.rename_unknown(path, target)
            message = f"{path} is now {target}: its value is the answer, and the old key goes at the next save."
        else:
            form.drop_unknown(path)
            message = f"{path} goes from the file at the next save."
        self.replaced = form  # the screens show a renamed answer in its question
        self._after_change()
        self.notify(message, title="Key changed", markup=False)

    async def may_replace_counts(self, paths: Iterable[str]) -> bool:
        """Before an import writes over counts already entered: ask, naming them; True to go on."""
        from tui.core.questions import BY_PATH
        from tui.wizard.file_dialogs import ReplaceCounts

        there = [path for path in paths if self.form.raw.get(path, "").strip()]
        if not there:
            return True
        named = "; ".join(f"{BY_PATH[path].label}: {self.form.raw[path]}" for path in there)
        return await self.push_screen_wait(ReplaceCounts(named)) == "replace"

    # Export -------------------------------------------------------------------------------

    @work(exclusive=True, group="files")
    async def action_export(self) -> None:
        """Ask for a format and a file; ask again before replacing a file that is there."""
        from tui.wizard.dialogs import ExportDialog
        from tui.wizard.file_dialogs import ReplaceFile

        stem = self.path.stem if self.path else Path(self._suggested_name()).stem
        while True:
            choice = await self.push_screen_wait(ExportDialog(stem))
            if choice is None:
                return
            format, path = choice
            if path is not None and path.is_file():
                answer = await self.push_screen_wait(
                    ReplaceFile(
                        "Replace the file?",
                        f"{path.absolute()} already exists. Overwrite it with the report, or choose another name?",
                    )
                )
                if answer == "elsewhere":
                    stem = str(path.with_suffix(""))
                    continue
                if answer != "overwrite":
                    return
            self.export(format, path)
            return

    def export(self, format: str, path: Path | None) -> bool:
        """Write the report in `format` to `path` (if given) and copy it to the clipboard."""
        from tui.core.exports import render

        text = render(self.form.evaluate().result, format)
        self.copy_to_clipboard(text)
        name = FORMAT_NAMES[format]
        if path is None:
            self.notify(
                f"Sent the {name} report to the terminal's clipboard. {CLIPBOARD_NOTE}",
                title="Sent to the clipboard",
                timeout=10,
                markup=False,
            )
            return True
        try:
            storage.write_atomic(path, text.encode("utf-8"))
        except storage.StorageError as error:
            reason = str(error)
            self.notify(
                f"{reason[0].upper()}{reason[1:]}. The report was sent to the terminal's clipboard all the same (OSC 52).",
                title="Not exported",
                severity="error",
                timeout=15,
                markup=False,
            )
            return False
        self.notify(
            f"Wrote the {name} report to {path.absolute()} and sent it to the terminal's clipboard. {CLIPBOARD_NOTE}",
            title="Exported",
            timeout=10,
            markup=False,
        )
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
        if self.form.unknown:
            yield SystemCommand(
                "Unknown keys",
                "Rename or drop the file's keys that no question asks for (Ctrl+K)",
                self.action_unknown_keys,
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
