"""A save that fails at any point leaves the previous file byte for byte, and no temporary file.

Faults are injected at each step of tui.core.storage.write_atomic (creating the temporary
file, writing, flushing, fsync, copying the permissions, renaming) with the errors a real disk
gives (full, over quota, I/O error, read-only, permission denied) and with interruptions. A
separate process is also killed at random moments while it saves, again and again.
"""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from as_user import folder_for, non_root_user, run_as
from hostile import SAMPLES

from tui.core import storage
from tui.core.storage import StorageError
from tui.core.validation import validate_document

POINTS = ("create", "write", "partial write", "flush", "fsync", "chmod", "rename")
ERRORS = {
    "full disk": (errno.ENOSPC, "the disk is full"),
    "over quota": (errno.EDQUOT, "quota"),
    "input/output error": (errno.EIO, "input/output error"),
    "read-only disk": (errno.EROFS, "read-only"),
    "permission denied": (errno.EACCES, "permission denied"),
}
INTERRUPTIONS = {"Ctrl+C": KeyboardInterrupt, "a bug": RuntimeError}
NEW_ANSWERS = validate_document({"assessment": {"title": "New answers"}, "volume": {"calls_per_month": 1.0}})


def files_in(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


class FaultyFile:
    """A file object that fails at one step, after writing half the data for a partial write."""

    def __init__(self, real, point: str, fault: BaseException) -> None:
        self.real, self.point, self.fault = real, point, fault

    def write(self, data: bytes) -> int:
        if self.point == "partial write":
            self.real.write(data[: len(data) // 2])
            self.real.flush()
            raise self.fault
        if self.point == "write":
            raise self.fault
        return self.real.write(data)

    def flush(self) -> None:
        if self.point == "flush":
            raise self.fault
        self.real.flush()

    def fileno(self) -> int:
        return self.real.fileno()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.real.close()


def inject(monkeypatch, point: str, fault: BaseException) -> None:
    """Make the save fail at `point` with `fault`."""

    def fail(*args, **kwargs):
        raise fault

    if point == "create":
        monkeypatch.setattr(tempfile, "mkstemp", fail)
    elif point in ("write", "partial write", "flush"):
        real_fdopen = os.fdopen
        monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FaultyFile(real_fdopen(fd, *a, **k), point, fault))
    elif point == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    elif point == "chmod":
        monkeypatch.setattr(os, "chmod", fail)
    elif point == "rename":
        monkeypatch.setattr(os, "replace", fail)


@pytest.fixture(params=[path.name for path in SAMPLES[:3]])
def existing(request, tmp_path) -> Path:
    path = tmp_path / "assessment.toml"
    path.write_bytes((SAMPLES[0].parent / request.param).read_bytes())
    return path


@pytest.mark.parametrize("error", sorted(ERRORS))
@pytest.mark.parametrize("point", POINTS)
def test_a_disk_error_at_any_step_keeps_the_previous_file_and_leaves_nothing_behind(
    point, error, existing, monkeypatch, record_property
):
    number, words = ERRORS[error]
    before = files_in(existing.parent)
    inject(monkeypatch, point, OSError(number, os.strerror(number)))
    with pytest.raises(StorageError) as refusal:
        storage.save(NEW_ANSWERS, existing)
    monkeypatch.undo()
    assert files_in(existing.parent) == before
    message = str(refusal.value)
    assert str(existing) in message and words in message and "previous file is unchanged" in message
    record_property("reliability", {"row": "save_faults", "count": 1, "runs": 1})


@pytest.mark.parametrize("interruption", sorted(INTERRUPTIONS))
@pytest.mark.parametrize("point", POINTS)
def test_an_interruption_at_any_step_keeps_the_previous_file_and_leaves_nothing_behind(
    point, interruption, existing, monkeypatch, record_property
):
    before = files_in(existing.parent)
    inject(monkeypatch, point, INTERRUPTIONS[interruption]())
    with pytest.raises(INTERRUPTIONS[interruption]):
        storage.save(NEW_ANSWERS, existing)
    monkeypatch.undo()
    assert files_in(existing.parent) == before
    record_property("reliability", {"row": "save_faults", "count": 1, "runs": 1})


@pytest.mark.parametrize("point", [point for point in POINTS if point != "chmod"])  # a new file has no mode to copy
def test_a_failed_first_save_creates_no_file(point, tmp_path, monkeypatch, record_property):
    inject(monkeypatch, point, OSError(errno.ENOSPC, "No space left on device"))
    target = tmp_path / "new.toml"
    with pytest.raises(StorageError) as refusal:
        storage.save(NEW_ANSWERS, target)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []
    assert "the disk is full" in str(refusal.value)
    record_property("reliability", {"row": "save_faults", "count": 1, "runs": 1})


@pytest.mark.parametrize(
    "make, words",
    [
        (lambda tmp: tmp, "is a folder"),
        (lambda tmp: tmp / "missing folder" / "a.toml", "does not exist"),
        (lambda tmp: (tmp / "a file").write_text("x") and tmp / "a file" / "a.toml", "is a file, not a folder"),
    ],
    ids=["the path is a folder", "the folder is missing", "the folder is a file"],
)
def test_a_path_that_cannot_be_a_file_is_refused_in_plain_words(make, words, tmp_path, record_property):
    target = make(tmp_path)
    before = files_in(tmp_path)
    with pytest.raises(StorageError) as refusal:
        storage.save(NEW_ANSWERS, target)
    assert words in str(refusal.value)
    assert files_in(tmp_path) == before
    record_property("reliability", {"row": "save_faults", "count": 1, "runs": 1})


def test_a_read_only_file_is_not_replaced(existing, monkeypatch, record_property):
    before = existing.read_bytes()
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode, **k: False if Path(path) == existing and mode == os.W_OK else real_access(path, mode, **k),
    )
    with pytest.raises(StorageError) as refusal:
        storage.save(NEW_ANSWERS, existing)
    assert "read-only" in str(refusal.value) and existing.read_bytes() == before
    record_property("reliability", {"row": "save_faults", "count": 1, "runs": 1})


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_a_real_read_only_folder_is_refused(existing, tmp_path):
    user = non_root_user()  # as root: `nobody`, whom the folder's permissions bind
    storage.save(NEW_ANSWERS, tmp_path / "warm-up.toml")
    with folder_for(user, tmp_path) as base:
        folder = base / "locked"
        folder.mkdir()
        target = folder / existing.name
        target.write_bytes(existing.read_bytes())
        if user:
            os.chown(target, *user)
        folder.chmod(0o555)
        before = files_in(folder)

        def attempt() -> list[str]:
            try:
                storage.save(NEW_ANSWERS, target)
            except StorageError as error:
                return [str(error)]
            return ["saved"]

        (said,) = run_as(user, attempt)
        assert "permission denied" in said and "previous file is unchanged" in said
        assert files_in(folder) == before
        folder.chmod(0o755)


def test_a_symbolic_link_keeps_pointing_at_the_saved_file(tmp_path):
    real = tmp_path / "real.toml"
    real.write_bytes(SAMPLES[0].read_bytes())
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    storage.save(NEW_ANSWERS, link)
    assert link.is_symlink()
    assert storage.load(real) == storage.load(link)
    assert storage.load(real).assessment.title == "New answers"


def test_a_temporary_file_left_by_a_killed_save_is_removed_by_the_next_save(existing):
    abandoned = existing.parent / f".{existing.name}.abcd1234.tmp"
    abandoned.write_bytes(b"half a file")
    storage.save(NEW_ANSWERS, existing)
    assert sorted(p.name for p in existing.parent.iterdir()) == [existing.name]


def test_a_temporary_file_another_save_is_writing_is_left_alone(existing):
    import fcntl

    live = existing.parent / f".{existing.name}.live5678.tmp"
    with open(live, "wb") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        storage.save(NEW_ANSWERS, existing)
        assert live.exists()


# Killing a process that saves, at random moments ----------------------------------------------

SAVER = """
import sys
from pathlib import Path
from tui.core.storage import write_atomic
target = Path(sys.argv[1])
versions = [Path(sys.argv[2]).read_bytes(), Path(sys.argv[3]).read_bytes()]
print("ready", flush=True)
turn = 0
while True:
    write_atomic(target, versions[turn % 2])
    turn += 1
"""
KILLS = 20


def test_killing_a_save_at_random_moments_never_leaves_a_partial_file(tmp_path, record_property):
    first, second = tmp_path / "first", tmp_path / "second"
    first.write_bytes(b"first version\n" * 150_000)  # two megabytes, so a kill often lands mid-write
    second.write_bytes(b"second version\n" * 140_000)
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "assessment.toml"
    original = SAMPLES[0].read_bytes()
    target.write_bytes(original)
    chance = random.Random(20260501)
    killed_mid_save = 0
    for _ in range(KILLS):
        saver = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(target), str(first), str(second)], stdout=subprocess.PIPE
        )
        assert saver.stdout.readline().strip() == b"ready"
        time.sleep(chance.uniform(0.0, 0.25))
        saver.send_signal(signal.SIGKILL)
        saver.wait(timeout=30)
        content = target.read_bytes()
        assert content in (original, first.read_bytes(), second.read_bytes()), "the file is always one whole version"
        leftovers = [p.name for p in folder.iterdir() if p != target]
        assert all(name.startswith(".assessment.toml.") and name.endswith(".tmp") for name in leftovers)
        killed_mid_save += bool(leftovers)
    storage.write_atomic(target, original)
    assert [p.name for p in folder.iterdir()] == ["assessment.toml"], "the next save clears what the kills left"
    assert target.read_bytes() == original
    assert killed_mid_save > 0, "some kills should land while a temporary file is being written"
    record_property("reliability", {"row": "kills", "count": KILLS, "mid_save": killed_mid_save})
