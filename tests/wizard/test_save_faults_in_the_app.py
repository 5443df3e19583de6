"""Saving from the wizard when the disk says no, or when someone else changed the file.

Every failed save leaves the previous file byte for byte and no temporary file, keeps every
answer on screen, says what happened in plain words, and saving elsewhere still works after.
A file changed on disk since it was opened is never overwritten without asking.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from drive import SAMPLE, WIDE, control, open_app, type_answer
from textual.widgets import Input

from tui.core import storage
from tui.wizard.app import WizardApp
from tui.wizard.dialogs import PathPrompt, UnsavedChanges
from tui.wizard.file_dialogs import ReplaceFile

TYPED = {"volume.calls_per_month": "123456", "stability.retrain_compute_usd": "lots", "data.labelled_examples": "7,777"}
STEP_KEYS = {"volume": "f3", "stability": "f4", "data": "f5"}


class FailingFile:
    """Stands in for the temporary file and fails when written, half-way like a full disk."""

    def __init__(self, real, fault: OSError) -> None:
        self.real, self.fault = real, fault

    def write(self, data: bytes) -> int:
        self.real.write(data[: len(data) // 2])
        raise self.fault

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


def fail_at(monkeypatch, point: str, number: int) -> None:
    fault = OSError(number, os.strerror(number))

    def fail(*args, **kwargs):
        raise fault

    if point == "create":
        monkeypatch.setattr(tempfile, "mkstemp", fail)
    elif point == "write":
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FailingFile(real_fdopen(fd, *a, **k), fault))
    elif point == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    elif point == "rename":
        monkeypatch.setattr(os, "replace", fail)


FAULTS = [
    ("create", errno.EACCES, "permission denied"),  # a read-only folder
    ("create", errno.EROFS, "read-only"),
    ("write", errno.ENOSPC, "the disk is full"),
    ("write", errno.EDQUOT, "quota"),
    ("fsync", errno.EIO, "input/output error"),
    ("fsync", errno.ENOSPC, "the disk is full"),
    ("rename", errno.EACCES, "permission denied"),
    ("rename", errno.EXDEV, "another disk"),
]


def record_notes(app: WizardApp) -> list[tuple[str, str]]:
    """Collect (title, message) of every notification the app shows from now on."""
    notes: list[tuple[str, str]] = []
    shown = app.notify

    def notify(message, *, title="", **kwargs):
        notes.append((title, message))
        return shown(message, title=title, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return notes


async def type_everything(pilot) -> None:
    for path, text in TYPED.items():
        await pilot.press(STEP_KEYS[path.split(".")[0]])
        await pilot.pause()
        await type_answer(pilot, path, text)


async def assert_every_answer_is_still_there(pilot) -> None:
    app = pilot.app
    for path, text in TYPED.items():
        assert app.form.raw[path] == text
        await pilot.press(STEP_KEYS[path.split(".")[0]])
        await pilot.pause()
        assert control(app, path).value == text


async def save_as(pilot, path: Path) -> None:
    await pilot.press("f12")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PathPrompt)
    pilot.app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


def others(folder: Path, *names: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in names)


async def test_each_disk_fault_keeps_the_file_and_every_answer_and_saving_elsewhere_works(
    tmp_path, monkeypatch, record_property
):
    target = tmp_path / "assessment.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    notes = record_notes(app)
    async with app.run_test(size=WIDE) as pilot:
        await type_everything(pilot)
        for point, number, words in FAULTS:
            fail_at(monkeypatch, point, number)
            notes.clear()
            await pilot.press("ctrl+s")
            await pilot.pause()
            monkeypatch.undo()
            assert target.read_bytes() == SAMPLE.read_bytes(), (point, number)
            assert others(tmp_path, "assessment.toml") == [], (point, number)
            assert app.dirty
            title, message = notes[-1]
            assert title == "Not saved" and words in message, (point, message)
            assert "previous file is unchanged" in message and "F12" in message
        await assert_every_answer_is_still_there(pilot)
        elsewhere = tmp_path / "elsewhere" / "saved.toml"
        elsewhere.parent.mkdir()
        await save_as(pilot, elsewhere)
        assert app.path == elsewhere and not app.dirty
    saved = storage.load(elsewhere)
    assert saved.volume.calls_per_month == 123456 and saved.data.labelled_examples == 7777
    assert target.read_bytes() == SAMPLE.read_bytes()
    record_property("reliability", {"row": "app_save_faults", "count": len(FAULTS)})


@pytest.mark.parametrize(
    "where, words",
    [
        (lambda tmp: tmp / "a folder.toml", "is a folder"),
        (lambda tmp: tmp / "missing" / "a.toml", "does not exist"),
        (lambda tmp: tmp / "a file" / "a.toml", "is a file, not a folder"),
    ],
    ids=["a folder", "a missing folder", "a folder that is a file"],
)
async def test_a_path_that_cannot_be_saved_to_says_why_and_saving_elsewhere_works(
    where, words, tmp_path, record_property
):
    (tmp_path / "a folder.toml").mkdir()
    (tmp_path / "a file").write_text("keep me")
    app = WizardApp()
    notes = record_notes(app)
    async with app.run_test(size=WIDE) as pilot:
        await type_answer(pilot, "assessment.title", "Nowhere to go")
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(where(tmp_path))
        await pilot.press("enter")
        await pilot.pause()
        assert notes[-1][0] == "Not saved" and words in notes[-1][1]
        assert app.dirty and app.form.raw["assessment.title"] == "Nowhere to go"
        await save_as(pilot, tmp_path / "fine.toml")
        assert not app.dirty
    assert storage.load(tmp_path / "fine.toml").assessment.title == "Nowhere to go"
    assert (tmp_path / "a file").read_text() == "keep me"
    record_property("reliability", {"row": "app_save_faults", "count": 1})


# The file changed on disk since it was opened ------------------------------------------------

EDITED = b'schema_version = 1\n[assessment]\ntitle = "Edited by a colleague"\n'


async def open_type_and_edit(pilot, target: Path) -> None:
    await pilot.press("f3")
    await pilot.pause()
    await type_answer(pilot, "volume.calls_per_month", "123456")
    target.write_bytes(EDITED)


async def test_a_file_changed_since_it_was_opened_is_not_overwritten_without_asking(tmp_path, record_property):
    target = tmp_path / "shared.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    async with app.run_test(size=WIDE) as pilot:
        await open_type_and_edit(pilot, target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReplaceFile)
        await pilot.press("escape")  # cancel
        await pilot.pause()
        assert target.read_bytes() == EDITED and app.dirty
        assert app.form.raw["volume.calls_per_month"] == "123456"

        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")  # save elsewhere
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one("#path", Input).value = str(tmp_path / "mine.toml")
        await pilot.press("enter")
        await pilot.pause()
        assert target.read_bytes() == EDITED, "the colleague's edit is kept"
        assert app.path == tmp_path / "mine.toml" and not app.dirty
    assert storage.load(tmp_path / "mine.toml").volume.calls_per_month == 123456
    record_property("reliability", {"row": "conflicts", "count": 2})


async def test_overwriting_a_changed_file_is_a_choice_and_then_later_saves_do_not_ask(tmp_path, record_property):
    target = tmp_path / "shared.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    async with app.run_test(size=WIDE) as pilot:
        await open_type_and_edit(pilot, target)
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert storage.load(target).volume.calls_per_month == 123456
        await type_answer(pilot, "volume.calls_per_month", "654321")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, ReplaceFile), "our own save is not a change by someone else"
    assert storage.load(target).volume.calls_per_month == 654321
    record_property("reliability", {"row": "conflicts", "count": 1})


async def test_a_file_deleted_since_it_was_opened_is_saved_again_after_asking(tmp_path, record_property):
    target = tmp_path / "gone.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "2,000")
        target.unlink()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReplaceFile)
        assert "deleted" in app.screen.title_text
        await pilot.press("o")
        await pilot.pause()
    assert storage.load(target).volume.calls_per_month == 2000
    record_property("reliability", {"row": "conflicts", "count": 1})


async def test_quitting_and_saving_over_a_changed_file_asks_then_quits(tmp_path):
    target = tmp_path / "shared.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    async with app.run_test(size=WIDE) as pilot:
        await open_type_and_edit(pilot, target)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChanges)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ReplaceFile)
        await pilot.press("o")
        await pilot.pause()
    assert app.return_code == 0
    assert storage.load(target).volume.calls_per_month == 123456


async def test_save_as_onto_another_existing_file_asks_first(tmp_path, record_property):
    other = tmp_path / "colleague.toml"
    other.write_bytes(EDITED)
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await type_answer(pilot, "assessment.title", "Mine")
        await save_as(pilot, other)
        assert isinstance(app.screen, ReplaceFile)
        await pilot.press("escape")
        await pilot.pause()
        assert other.read_bytes() == EDITED and app.dirty and app.path is None
        await save_as(pilot, other)
        await pilot.press("o")
        await pilot.pause()
        assert app.path == other and not app.dirty
    assert storage.load(other).assessment.title == "Mine"
    record_property("reliability", {"row": "conflicts", "count": 2})
