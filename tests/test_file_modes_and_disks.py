"""SPEC §10: new files follow the umask, existing files keep their mode, and real disks that refuse
a save (a read-only folder, a full disk) leave the previous file byte for byte.

The read-only folder is tried as a user permissions bind: the current one, or `nobody` in a
child process when the tests run as root. The full disk is a 64 KiB tmpfs, mounted where the
tests may mount one.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from as_user import folder_for, non_root_user, run_as
from conftest import BASELINE_TOML

from tui.core import storage
from tui.core.validation import validate_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_answers" / "fine_tuning_high_volume_stable.toml"
ANSWERS = validate_document({"assessment": {"title": "Routing"}, "volume": {"calls_per_month": 45_000.0}})


@pytest.fixture
def umask():
    """Set the process's umask for one test, and put the old one back."""
    previous = os.umask(0o022)
    yield os.umask
    os.umask(previous)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize("mask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_answers_file_gets_the_mode_the_umask_gives(tmp_path, umask, mask, expected):
    umask(mask)
    path = tmp_path / "new.toml"
    storage.save(ANSWERS, path)
    assert mode(path) == expected


def test_an_existing_file_keeps_its_mode_through_an_in_place_save(tmp_path, umask):
    umask(0o077)
    path = tmp_path / "task.toml"
    path.write_text(BASELINE_TOML, encoding="utf-8")
    path.chmod(0o640)
    storage.save(ANSWERS, path)
    assert mode(path) == 0o640
    assert storage.load(path).assessment.title == "Routing"


def test_report_output_creates_a_file_readable_by_others_under_umask_022(tmp_path):
    target = tmp_path / "ticket.md"
    process = subprocess.run(
        [sys.executable, "-m", "tui", "report", str(SAMPLE), "--format", "markdown", "--output", str(target)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        umask=0o022,
    )
    assert process.returncode == 0, process.stderr
    assert mode(target) == 0o644
    assert f"Wrote the markdown report to {target}" in process.stderr


def test_report_output_replaces_an_existing_file_atomically_and_keeps_its_mode(tmp_path):
    target = tmp_path / "ticket.md"
    target.write_text("an older report\n", encoding="utf-8")
    target.chmod(0o600)
    process = subprocess.run(
        [sys.executable, "-m", "tui", "report", str(SAMPLE), "--output", str(target)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        umask=0o022,
    )
    assert process.returncode == 0, process.stderr
    assert "Recommendation" in target.read_text(encoding="utf-8")
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ticket.md"]


def test_report_output_names_a_relative_path_by_its_full_path(tmp_path):
    process = subprocess.run(
        [sys.executable, "-m", "tui", "report", str(SAMPLE), "--output", "ticket.txt"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=tmp_path,
    )
    assert process.returncode == 0, process.stderr
    assert str(tmp_path / "ticket.txt") in process.stderr


# A read-only folder, as a user that permissions bind ----------------------------------------------


def saves(targets: list[Path]):
    """Work for `run_as`: what saving the answers to each target says."""

    def attempt() -> list[str]:
        said = []
        for target in targets:
            try:
                storage.save(ANSWERS, target)
                said.append(f"saved {target}")
            except storage.StorageError as error:
                said.append(str(error))
        return said

    return attempt


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions and fork")
def test_a_read_only_folder_refuses_a_save_as_a_non_root_user_and_keeps_the_file(tmp_path):
    user = non_root_user()
    storage.save(ANSWERS, tmp_path / "warm-up.toml")  # loads what a save needs before any fork
    with folder_for(user, tmp_path) as base:
        folder = base / "locked"
        folder.mkdir()
        existing = folder / "task.toml"
        existing.write_bytes(SAMPLE.read_bytes())
        if user:
            os.chown(existing, *user)  # the file itself is the user's and writable: only the folder refuses
        folder.chmod(0o555)
        before = existing.read_bytes()
        said = run_as(user, saves([existing, folder / "new.toml"]))
        folder.chmod(0o755)
        assert len(said) == 2, said
        updated, created = said
        assert str(existing) in updated and "permission denied" in updated and "previous file is unchanged" in updated
        assert str(folder / "new.toml") in created and "permission denied" in created
        assert existing.read_bytes() == before
        assert sorted(p.name for p in folder.iterdir()) == ["task.toml"]


# A full disk ---------------------------------------------------------------------------------------


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs mounted on a folder of tmp_path, or a skip saying why there cannot be one."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    if shutil.which("mount") is None or shutil.which("umount") is None:
        pytest.skip("no mount command to make a small disk with")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or mounted.returncode}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def fill(folder: Path) -> None:
    """Write until the disk says it is full."""
    with open(folder / "filler", "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"x" * 4096)
        except OSError as error:
            assert error.errno == errno.ENOSPC


def test_a_save_on_a_full_disk_keeps_the_old_file_byte_for_byte_and_says_the_disk_is_full(tiny_disk):
    existing = tiny_disk / "task.toml"
    existing.write_bytes(SAMPLE.read_bytes())
    before = existing.read_bytes()
    fill(tiny_disk)
    changed = storage.load(existing).to_document()
    changed["assessment"]["notes"] = "A longer note than the disk has room for.\n" * 100
    with pytest.raises(storage.StorageError) as refusal:
        storage.save(validate_document(changed), existing)
    message = str(refusal.value)
    assert "the disk is full" in message and str(existing) in message and "previous file is unchanged" in message
    assert existing.read_bytes() == before
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler", "task.toml"]


def test_gap_answers_on_a_full_disk_exits_1_and_keeps_the_file(tiny_disk, tmp_path):
    existing = tiny_disk / "task.toml"
    existing.write_bytes(
        SAMPLE.read_bytes()
        .replace(b"both_correct", b"# both_correct")
        .replace(b"only_", b"# only_")
        .replace(b"both_wrong", b"# both_wrong")
    )
    before = existing.read_bytes()
    results = tmp_path / "results.csv"
    results.write_text("id,prompted,fine_tuned\n" + "".join(f"{i},{i % 2},1\n" for i in range(50)), encoding="utf-8")
    fill(tiny_disk)
    process = subprocess.run(
        [sys.executable, "-m", "tui", "gap", str(results), "--answers", str(existing)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=ROOT,
    )
    assert process.returncode == 1, process.stderr
    assert "the disk is full" in process.stderr and str(existing) in process.stderr
    assert "Traceback" not in process.stderr
    assert existing.read_bytes() == before
