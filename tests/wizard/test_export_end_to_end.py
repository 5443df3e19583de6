"""The installed `tune-or-prompt` in a real terminal (tmux): an export over a file that is there
asks first, and writes only once the user agrees."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from drive import SAMPLE
from test_end_to_end import TOOL, Terminal, pytestmark  # noqa: F401  (pytestmark: skipped without tmux)


def test_an_export_over_an_existing_file_asks_in_a_real_terminal_and_writes_once_agreed(tmp_path: Path):
    assessment = tmp_path / "triage.toml"
    shutil.copyfile(SAMPLE, assessment)
    existing = tmp_path / "triage.md"  # the name the export dialog suggests
    existing.write_text("notes I wrote by hand\n")
    t = Terminal(f"{TOOL} open {assessment.name}", tmp_path)
    try:
        t.reach("tune-or-prompt")
        t.keys("C-e")
        t.reach("Export the report")
        t.keys("Enter")
        screen = t.reach("Replace the file?")
        assert "already exists" in screen
        t.keys("Escape")  # cancel: the file stays as it was
        t.settle()
        assert existing.read_text() == "notes I wrote by hand\n"

        t.keys("C-e")
        t.reach("Export the report")
        t.keys("Enter")
        t.reach("Replace the file?")
        t.keys("o")
        screen = t.wait_for("Exported")
        assert "terminal's clipboard" in " ".join(screen.split())
        t.keys("C-q")
        t.wait_for("EXITED=0")
    finally:
        t.close()
    report = subprocess.run(
        [str(TOOL), "report", str(assessment), "--format", "markdown"], capture_output=True, text=True
    )
    assert report.returncode == 0, report.stderr
    assert existing.read_text().strip() == report.stdout.strip()
