"""A crash between saves loses at most the last moment of typing: the next start offers it back.

The wizard writes what is typed to a recovery file next to the assessment shortly after each
change; a crash leaves it there, and the next start on the same file offers to recover it. A
successful save, or a quit that keeps or discards the answers on purpose, removes it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from drive import SAMPLE, WIDE, control, type_answer
from textual.widgets import Input

from tui.core import recovery, storage
from tui.core.form import Form, load_form
from tui.wizard.app import WizardApp
from tui.wizard.dialogs import UnsavedChanges
from tui.wizard.file_dialogs import RecoverAnswers

TYPED = {"volume.calls_per_month": "123456", "volume.fine_tuned.hosting_usd_per_month": "lots"}
KEYS = {"assessment": "f2", "volume": "f3"}


def app_on(path: Path | None, folder: Path | None = None) -> WizardApp:
    """The wizard as the command starts it, with the recovery file on and written quickly."""
    form, warnings = load_form(path) if path is not None and path.exists() else (None, [])
    app = WizardApp(path, form, warnings, recovery=True, folder=folder)
    app.RECOVERY_DELAY = 0.05
    return app


async def type_all(pilot) -> None:
    await pilot.press("f3")
    await pilot.pause()
    for path, text in TYPED.items():
        await type_answer(pilot, path, text)
    await pilot.pause(0.2)


def crash(app: WizardApp) -> None:
    """Leave as a crash does: nothing of the app's own shutdown runs."""
    app.recovery_enabled = False


async def test_answers_typed_before_a_crash_are_offered_back_and_saved(tmp_path, record_property):
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    first = app_on(target)
    async with first.run_test(size=WIDE) as pilot:
        await type_all(pilot)
        kept = recovery.path_for(target)
        assert kept.exists(), "written shortly after typing, before any save"
        crash(first)
    assert target.read_bytes() == SAMPLE.read_bytes()

    second = app_on(target)
    async with second.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, RecoverAnswers)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        for path, text in TYPED.items():
            assert second.form.raw[path] == text, "every answer, even one that does not validate"
            assert control(second, path).value == text
        assert second.dirty
        await type_answer(pilot, "volume.fine_tuned.hosting_usd_per_month", "250")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not kept.exists(), "a successful save of every answer removes the recovery file"
    saved = storage.load(target)
    assert saved.volume.calls_per_month == 123456 and saved.volume.fine_tuned.hosting_usd_per_month == 250
    record_property("reliability", {"row": "crashes", "count": 1})


async def test_discarding_recovered_answers_removes_them_and_keeps_the_file(tmp_path, record_property):
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    first = app_on(target)
    async with first.run_test(size=WIDE) as pilot:
        await type_all(pilot)
        crash(first)
    second = app_on(target)
    async with second.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not recovery.path_for(target).exists()
        assert not second.dirty
        assert second.form.raw == load_form(target)[0].raw
    assert target.read_bytes() == SAMPLE.read_bytes()
    record_property("reliability", {"row": "crashes", "count": 1})


def ended_pid() -> int:
    """The id of a process that is not running."""
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


def as_if_from_another_process(folder: Path) -> Path:
    """Give this process's new-assessment recovery file the name a process that has ended left."""
    moved = recovery.path_for(None, folder, pid=ended_pid())
    recovery.path_for(None, folder).rename(moved)
    return moved


def new_assessment_files(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.glob(".tune-or-prompt-new*.recovery"))


async def test_a_new_assessment_is_recovered_from_the_folder_it_was_started_in(tmp_path, record_property):
    first = app_on(None, folder=tmp_path)
    async with first.run_test(size=WIDE) as pilot:
        await type_answer(pilot, "assessment.title", "Never saved")
        await pilot.pause(0.2)
        assert recovery.path_for(None, tmp_path).exists()
        crash(first)
    as_if_from_another_process(tmp_path)
    second = app_on(None, folder=tmp_path)
    async with second.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert isinstance(second.screen, RecoverAnswers)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert control(second, "assessment.title").value == "Never saved"
        await pilot.press("ctrl+s")
        await pilot.pause()
        second.screen.query_one("#path", Input).value = str(tmp_path / "kept.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert not new_assessment_files(tmp_path), "saved under a name: the new-assessment file goes"
    assert storage.load(tmp_path / "kept.toml").assessment.title == "Never saved"
    record_property("reliability", {"row": "crashes", "count": 1})


async def test_two_new_assessments_in_one_folder_keep_separate_recovery_files(tmp_path):
    running_elsewhere = recovery.path_for(None, tmp_path, pid=os.getppid())  # a wizard still open
    other = Form()
    other.set("assessment.title", "The other wizard's")
    recovery.write(running_elsewhere, other, None)
    app = app_on(None, folder=tmp_path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, RecoverAnswers), "another open wizard's answers are not offered"
        await type_answer(pilot, "assessment.title", "Mine")
        await pilot.pause(0.2)
        mine = recovery.path_for(None, tmp_path)
        assert mine != running_elsewhere and mine.exists()
        assert recovery.read(running_elsewhere).raw["assessment.title"] == "The other wizard's"
        assert recovery.read(mine).raw["assessment.title"] == "Mine"


async def test_quitting_on_purpose_leaves_no_recovery_file(tmp_path):
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = app_on(target)
    async with app.run_test(size=WIDE) as pilot:
        await type_all(pilot)
        assert recovery.path_for(target).exists()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChanges)
        await pilot.press("d")
        await pilot.pause()
    assert not recovery.path_for(target).exists()
    assert target.read_bytes() == SAMPLE.read_bytes()


async def test_a_crash_inside_the_app_keeps_the_very_latest_answers(tmp_path):
    """Torn down without Quit (an exception, a closed terminal): the answers are written at once."""
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = app_on(target)
    app.RECOVERY_DELAY = 60  # the timer would not have fired yet
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "777", leave=False)
        assert not recovery.path_for(target).exists()
    found = recovery.read(recovery.path_for(target))
    assert found is not None and found.raw["volume.calls_per_month"] == "777"


async def test_nothing_is_offered_when_the_recovery_file_matches_the_file(tmp_path):
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    recovery.write(recovery.path_for(target), load_form(target)[0], target)
    app = app_on(target)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert not isinstance(app.screen, RecoverAnswers)
    assert not recovery.path_for(target).exists()


async def test_a_damaged_recovery_file_is_ignored_without_trouble(tmp_path):
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    for damaged in (b"\xff\xfe not json", b"[]", json.dumps({"format": "something else"}).encode(), b"{" * 100_000):
        recovery.path_for(target).write_bytes(damaged)
        app = app_on(target)
        async with app.run_test(size=WIDE) as pilot:
            await pilot.pause()
            assert not isinstance(app.screen, RecoverAnswers) and app.is_running


async def test_answers_saved_with_errors_stay_recoverable(tmp_path):
    """A save keeps only the answers that validate: the others stay in the recovery file."""
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = app_on(target)
    async with app.run_test(size=WIDE) as pilot:
        await type_all(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        found = recovery.read(recovery.path_for(target))
        assert found is not None and found.raw["volume.fine_tuned.hosting_usd_per_month"] == "lots"
        crash(app)


async def test_when_the_recovery_file_cannot_be_written_the_app_says_so_once(tmp_path, monkeypatch):
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = app_on(target)
    warnings = []
    shown = app.notify
    app.notify = lambda message, **kw: (warnings.append(kw.get("title")), shown(message, **kw))[1]  # type: ignore[method-assign]

    def full(*args, **kwargs):
        raise storage.StorageError("cannot save: the disk is full")

    monkeypatch.setattr(recovery, "write", full)
    async with app.run_test(size=WIDE) as pilot:
        await type_all(pilot)
        assert warnings.count("No recovery file") == 1
        assert app.is_running
        crash(app)


async def test_an_exception_in_the_app_still_leaves_the_last_keystroke_recoverable(tmp_path):
    target = tmp_path / "task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = app_on(target)
    app.RECOVERY_DELAY = 60
    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=WIDE) as pilot:
            await pilot.press("f3")
            await pilot.pause()
            await type_answer(pilot, "volume.calls_per_month", "777", leave=False)

            def bug():
                raise RuntimeError("a bug")

            app.form.evaluate = bug  # the next keystroke crashes the app
            await pilot.press("8")
            await pilot.pause()
    found = recovery.read(recovery.path_for(target))
    assert found is not None and found.raw["volume.calls_per_month"] == "7778"
    assert target.read_bytes() == SAMPLE.read_bytes()
