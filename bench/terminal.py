"""A real terminal for timing programs from the outside: tmux, watched in control mode.

Each program runs in a new 120×40 (by default) tmux window on a private tmux server. A
control-mode client (`tmux -C`) is attached to it, so tmux reports every chunk of output a
program writes (`%output`) as soon as it reads it, and takes commands (type a key, read the
screen) over a pipe without starting a process for each. A figure is "on screen" once the
screen tmux has drawn from the program's output shows it; its time is when tmux reported the
output that drew it.

Nothing here knows anything about the program it runs.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shlex
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

SESSION = "bench"


class TerminalError(RuntimeError):
    pass


class Terminal:
    """A terminal of a fixed size that runs one program at a time (`launch`)."""

    def __init__(self, width: int = 120, height: int = 40, cwd: Path | None = None) -> None:
        self.width, self.height = width, height
        self.socket = f"bench-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.cwd = str(cwd or Path.cwd())
        self.pane: str | None = None  # the tmux pane the current program runs in
        self._pid: int | None = None
        # A thread that reads tmux's reports must get the interpreter as soon as they arrive.
        sys.setswitchinterval(0.0002)
        # The session's first window only keeps the session open; programs get windows of their own.
        size = ("-x", str(width), "-y", str(height))
        self._tmux("new-session", "-d", "-s", SESSION, *size, "-c", self.cwd, "sleep 86400")
        self._tmux("set-option", "-t", SESSION, "default-size", f"{width}x{height}")
        # A program that ends by itself leaves its last screen (to show what went wrong).
        self._tmux("set-option", "-g", "remain-on-exit", "on")
        self._client = subprocess.Popen(
            ["tmux", "-L", self.socket, "-C", "attach-session", "-t", SESSION],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self._changed = threading.Condition()
        self._outputs: dict[str, int] = defaultdict(int)  # chunks of output reported, by pane
        self._output_at: dict[str, float] = {}  # perf_counter() when the latest one was read, by pane
        self._responses: queue.Queue = queue.Queue()
        self._exit = "end of output"
        self._reader = threading.Thread(target=self._read, name="tmux-control", daemon=True)
        self._reader.start()
        self.command("list-sessions")  # the client is attached once it answers

    # tmux ----------------------------------------------------------------------------------

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        if done.returncode != 0:
            raise TerminalError(f"tmux {' '.join(args[:2])} failed: {done.stderr.strip()}")
        return done.stdout

    def _read(self) -> None:
        """Sort the control client's lines into programs' output and command responses."""
        block: list[str] | None = None
        guard: list[bytes] = []
        ours = False
        before: tuple[int, float] = (0, 0.0)
        assert self._client.stdout is not None
        for line in self._client.stdout:
            now = time.perf_counter()
            if block is not None:
                if line.startswith((b"%end ", b"%error ")) and line.split()[1:3] == guard:
                    if ours:  # not the block tmux sends as the client attaches
                        self._responses.put((block, line.startswith(b"%error"), *before))
                    block = None
                else:
                    block.append(line.rstrip(b"\n").decode("utf-8", "replace"))
                continue
            if line.startswith(b"%output "):
                pane = line[8 : line.index(b" ", 8)].decode()
                with self._changed:
                    self._outputs[pane] += 1
                    self._output_at[pane] = now
                    self._changed.notify_all()
            elif line.startswith(b"%begin "):
                fields = line.split()
                block, guard, ours = [], fields[1:3], fields[3:4] == [b"1"]
                # What the current program had written when tmux ran the command: its screen
                # (for capture-pane) includes all of it.
                with self._changed:
                    pane = self.pane or ""
                    before = (self._outputs.get(pane, 0), self._output_at.get(pane, 0.0))
            elif line.startswith(b"%exit"):
                self._exit = line.decode("utf-8", "replace").strip()
                break
        self._responses.put(None)

    def command(self, text: str, timeout: float = 20.0) -> tuple[list[str], int, float]:
        """Run one tmux command: its output lines, and the current program's output before it ran
        (how many chunks, and when the latest was reported)."""
        assert self._client.stdin is not None
        try:
            self._client.stdin.write(text.encode() + b"\n")
            self._client.stdin.flush()
        except BrokenPipeError:
            raise TerminalError(f"the tmux control client ended ({self._exit})") from None
        try:
            response = self._responses.get(timeout=timeout)
        except queue.Empty:
            raise TerminalError(f"tmux did not answer {text.split()[0]!r}") from None
        if response is None:
            raise TerminalError(f"the tmux control client ended ({self._exit})")
        lines, failed, outputs, output_at = response
        if failed:
            raise TerminalError(f"tmux {text.split()[0]} failed: {' '.join(lines)}")
        return lines, outputs, output_at

    # The program ---------------------------------------------------------------------------

    def launch(
        self, argv: list[str], env: dict[str, str] | None = None, unset: tuple[str, ...] = (), cwd: Path | None = None
    ) -> float:
        """Start `argv` in a new window (ending the program before); returns perf_counter() at launch.

        COLUMNS and LINES are unset because Textual prefers them to the terminal's real size.
        """
        self.idle()
        removed = " ".join(f"-u {name}" for name in ("COLUMNS", "LINES", *unset))
        settings = " ".join(f"{name}={shlex.quote(value)}" for name, value in (env or {}).items())
        shell = f"exec env {removed} {settings} {shlex.join(argv)}"
        where = _quote(str(cwd or self.cwd))
        started = time.perf_counter()
        lines, _, _ = self.command(
            f"new-window -d -P -F '#{{pane_id}} #{{pane_pid}}' -t {SESSION}: -c {where} {_quote(shell)}"
        )
        with self._changed:
            pane, pid = lines[0].split()
            self.pane, self._pid = pane, int(pid)
        size = self.command(f"display-message -p -t {pane} '#{{pane_width}}x#{{pane_height}}'")[0][0]
        if size != f"{self.width}x{self.height}":
            raise TerminalError(f"the window is {size}, not {self.width}x{self.height}")
        return started

    def idle(self) -> None:
        """End the current program and close its window.

        A program gets a new window rather than a respawned pane: tmux up to 3.6 can crash when a
        pane is respawned while a control client is attached (tmux/tmux#5499).
        """
        if self.pane is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self._pid or 0, signal.SIGKILL)
        deadline = time.perf_counter() + 10
        while self.command(f"display-message -p -t {self.pane} '#{{pane_dead}}'")[0] != ["1"]:
            if time.perf_counter() > deadline:
                raise TerminalError("the program in the terminal did not end")
            time.sleep(0.01)
        self.command(f"kill-pane -t {self.pane}")
        with self._changed:
            self.pane, self._pid = None, None

    def _current(self) -> str:
        if self.pane is None:
            raise TerminalError("no program is running")
        return self.pane

    def keys(self, *names: str) -> float:
        """Type keys (tmux key names: `2`, `BSpace`, `End`); returns perf_counter() just before."""
        pane = self._current()
        started = time.perf_counter()
        self.command(f"send-keys -t {pane} {' '.join(_quote(name) for name in names)}")
        return started

    def screen(self) -> list[str]:
        """The program's screen, one string of `width` characters a line."""
        lines, _, _ = self.command(f"capture-pane -p -t {self._current()}")
        return [line.ljust(self.width) for line in lines]

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen())

    def outputs(self) -> int:
        """How many chunks of output the current program has written (to wait for later ones)."""
        with self._changed:
            return self._outputs.get(self._current(), 0)

    def wait_for(self, shown: Callable[[list[str]], bool], after: int = 0, timeout: float = 30.0) -> float:
        """Wait until the screen satisfies `shown`, looking again after every chunk of output.

        Only output after the program's `after`-th chunk counts (by default, all of it). Returns
        the perf_counter() at which tmux reported the chunk whose drawing completed what `shown`
        looks for.
        """
        pane = self._current()
        deadline = time.perf_counter() + timeout
        seen = after
        while True:
            with self._changed:
                while self._outputs.get(pane, 0) <= seen and time.perf_counter() < deadline:
                    self._changed.wait(min(max(deadline - time.perf_counter(), 0), 0.5))
                waited_out = self._outputs.get(pane, 0) <= seen
            if waited_out:
                raise TimeoutError(f"the expected text never appeared; the screen shows:\n{self.text()}")
            lines, seen, output_at = self.command(f"capture-pane -p -t {pane}")
            if shown([line.ljust(self.width) for line in lines]):
                return output_at

    def pid(self) -> int:
        if self._pid is None:
            raise TerminalError("no program is running")
        return self._pid

    def close(self) -> None:
        with contextlib.suppress(TerminalError):
            self.idle()
        try:
            if self._client.stdin is not None:
                self._client.stdin.close()
            self._client.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self._client.kill()
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, timeout=20)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _quote(text: str) -> str:
    """One argument for tmux's command parser, which reads single quotes as sh does."""
    return "'" + text.replace("'", "'\"'\"'") + "'"


def peak_rss_kib(pid: int) -> int | None:
    """The high-water mark of a running process's resident memory (VmHWM), in KiB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
