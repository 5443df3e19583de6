"""A tmux pane of a fixed size on a private server, for timing programs in a real terminal."""

from __future__ import annotations

import os
import shlex
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path


class Pane:
    """One 120×40 (by default) tmux pane; `launch` replaces whatever runs in it."""

    def __init__(self, width: int = 120, height: int = 40, cwd: Path | None = None) -> None:
        self.socket = f"bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.cwd = str(cwd or Path.cwd())
        self._tmux("new-session", "-d", "-s", "bench", "-x", str(width), "-y", str(height), "-c", self.cwd, "sleep 86400")
        self._tmux("set-option", "-t", "bench", "remain-on-exit", "on")  # a program that ends keeps the pane

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        if done.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout

    def launch(self, argv: list[str], env: dict[str, str] | None = None) -> float:
        """Start `argv` in the pane (killing what ran before); returns perf_counter() at launch.

        COLUMNS and LINES are unset because Textual prefers them to the terminal's real size.
        """
        settings = " ".join(f"{name}={shlex.quote(value)}" for name, value in (env or {}).items())
        command = f"exec env -u COLUMNS -u LINES {settings} {shlex.join(argv)}"
        started = time.perf_counter()
        self._tmux("respawn-pane", "-k", "-t", "bench", "-c", self.cwd, command)
        return started

    def idle(self) -> None:
        """Stop the program in the pane."""
        self._tmux("respawn-pane", "-k", "-t", "bench", "sleep 86400")

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "bench")

    def pid(self) -> int:
        return int(self._tmux("display-message", "-p", "-t", "bench", "#{pane_pid}").strip())

    def size(self) -> tuple[int, int]:
        width, height = self._tmux("display-message", "-p", "-t", "bench", "#{pane_width} #{pane_height}").split()
        return int(width), int(height)

    def wait_for(self, shown: Callable[[str], bool], timeout: float = 30.0, poll: float = 0.004) -> float:
        """Poll the screen until `shown(text)` holds; returns perf_counter() when it first did."""
        deadline = time.perf_counter() + timeout
        while True:
            text = self.screen()
            now = time.perf_counter()
            if shown(text):
                return now
            if now > deadline:
                raise TimeoutError(f"the expected text never appeared; the screen shows:\n{text}")
            time.sleep(poll)

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)

    def __enter__(self) -> Pane:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def peak_rss_kib(pid: int) -> int | None:
    """The high-water mark of a running process's resident memory (VmHWM), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
