"""The installed command in a real terminal (tmux): killed mid-session, and fed escape sequences.

A SIGKILL gives the app no chance to clean up, which is what a crash, a closed laptop or an
out-of-memory kill look like; the next start must still offer every answer typed up to a
second before. A title that tries to retitle the terminal window must not reach the terminal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import test_end_to_end
from drive import SAMPLE
from test_end_to_end import TOOL, Terminal

from tui.core import recovery, storage

pytestmark = test_end_to_end.pytestmark  # skipped where tmux is missing, as the other end-to-end test


def app_process(terminal: Terminal) -> int:
    """The process id of the app running in the terminal's pane."""
    shell = terminal._tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip()
    for _ in range(50):
        children = subprocess.run(["pgrep", "-P", shell], capture_output=True, text=True).stdout.split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise AssertionError("the app never started")


def test_a_killed_session_is_offered_back_on_the_next_start(tmp_path: Path, record_property):
    target = tmp_path / "my task.toml"
    target.write_bytes(SAMPLE.read_bytes())
    first = Terminal(f"{TOOL} open '{target}'", tmp_path)
    try:
        first.wait_for("Step 6 of 6")
        first.keys("F3")
        first.wait_for("Step 2 of 6")
        first.keys("C-u")
        first.type("123456")
        first.wait_for("123456")
        time.sleep(2.5)  # a moment after the last key: the answers are on disk by now
        assert recovery.path_for(target).exists()
        os.kill(app_process(first), signal.SIGKILL)
        first.wait_for("EXITED=137")
    finally:
        first.close()
    assert target.read_bytes() == SAMPLE.read_bytes(), "the kill did not touch the file"

    second = Terminal(f"{TOOL} open '{target}'", tmp_path)
    try:
        second.wait_for("Unsaved answers found")
        second.keys("r")
        second.keys("F3")
        second.wait_for("123456")
        second.keys("C-s")
        second.wait_for("Saved to")
        second.keys("C-q")
        second.wait_for("EXITED=0")
    finally:
        second.close()
    assert storage.load(target).volume.calls_per_month == 123456
    assert not recovery.path_for(target).exists()
    record_property("reliability", {"row": "crashes", "count": 1, "killed": 1})


@pytest.mark.parametrize("field", ["title", "owner"])
def test_an_escape_sequence_in_a_title_never_retitles_the_real_terminal(field: str, tmp_path: Path, record_property):
    target = tmp_path / "hostile.toml"
    target.write_text(
        f'schema_version = 1\n[assessment]\n{field} = "\\u001b]2;PWNED\\u0007\\u001b[2J visible"\n'
        'notes = "\\u001b]0;PWNED\\u0007\\u009b31m notes"\n',
        encoding="utf-8",
    )
    terminal = Terminal(f"{TOOL} open '{target}'", tmp_path)
    try:
        terminal.wait_for("Step ")
        terminal.keys("F2")
        screen = terminal.wait_for("visible")
        assert "notes" in screen
        title = terminal._tmux("display-message", "-p", "-t", "main", "#{pane_title}")
        assert "PWNED" not in title
        terminal.keys("C-q")
        terminal.wait_for("EXITED=0")
        assert "PWNED" not in terminal._tmux("display-message", "-p", "-t", "main", "#{pane_title}")
    finally:
        terminal.close()
    record_property("reliability", {"row": "real_terminal", "count": 1})
