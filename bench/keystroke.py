"""Keystroke probe: a key typed in a question, timed from the outside until the screen shows its effect.

The app runs in a tmux pane (bench/terminal.py) and is given an answers file whose calls per
month is missing, so it opens on that question with its input focused (the wizard reopens a
file where it was left off; the bare app has nothing else to focus). The probe types the value,
then alternates between deleting and retyping its last digit, so that the screen swings between
two states, A and B. Once both have been seen settled, the cells that differ between them are
what a key changes: the typed text and, in the wizard, the break-even panel's figures (in the
bare app, its Static's echo). Each timed key runs from the moment it is handed to tmux until
tmux reports the output after which every one of those cells shows the new state: the frame in
which the panel shows the new figures, if the input's echo is in the same frame or before it.

Nothing here depends on the app's classes, widget ids or hooks, only on the text on screen and
on the question that opens focused.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from bench.terminal import Terminal

TYPED = "30000012"  # typed first: the sample's 300000 calls a month with "12" after it
SWING = ("BSpace", "2")  # then state A (3000001) and state B (30000012), alternately


def answers_without_calls(sample: Path, folder: Path) -> Path:
    """A copy of `sample` in `folder` whose `[volume] calls_per_month` is unanswered."""
    text = sample.read_text(encoding="utf-8")
    lines, removed = re.subn(r"(?m)^calls_per_month\s*=.*\n", "", text)
    if removed != 1:
        raise SystemExit(f"{sample} should answer calls_per_month once for the keystroke probe")
    copy = folder / sample.name.replace(".toml", "_no_calls.toml")
    copy.write_text(lines, encoding="utf-8")
    return copy


def _cells(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    return [
        (row, col)
        for row, (x, y) in enumerate(zip(a, b, strict=True))
        for col, (p, q) in enumerate(zip(x.ljust(len(y)), y.ljust(len(x)), strict=True))
        if p != q
    ]


def _settled(term: Terminal, pause: float = 0.4) -> list[str]:
    """The screen once it has stopped changing."""
    time.sleep(pause)
    screen = term.screen()
    for _ in range(10):
        time.sleep(pause / 2)
        again = term.screen()
        if again == screen:
            return screen
        screen = again
    raise RuntimeError(f"the screen never settled:\n{term.text()}")


def measure(
    term: Terminal,
    launch: Callable[[], float],
    ready: Callable[[list[str]], bool],
    keys: int,
    warmup: int,
    settle: float,
) -> list[float]:
    """Key-to-frame latencies (seconds) of `keys` keys typed into the app that `launch` starts."""
    launch()
    term.wait_for(ready, timeout=60)
    time.sleep(1.0)  # let what the app does after its first frame finish
    term.keys("End")
    for key in TYPED:
        term.keys(key)
        time.sleep(0.1)
    term.keys(SWING[0])
    state_a = _settled(term)
    term.keys(SWING[1])
    state_b = _settled(term)
    changed = _cells(state_a, state_b)
    if len({row for row, _ in changed}) < 2:
        raise RuntimeError(
            "typing in the focused question changed only the line it was typed on, not the figures; "
            f"the screen shows:\n{term.text()}"
        )
    states = (state_a, state_b)
    latencies = []
    for index in range(warmup + keys):
        key = index % 2  # B is on screen, so the first key deletes
        target = states[key]
        after = term.outputs()
        typed = term.keys(SWING[key])
        shown = term.wait_for(
            lambda screen, t=target: all(screen[r][c] == t[r][c] for r, c in changed), after, timeout=10
        )
        if index >= warmup:
            latencies.append(shown - typed)
        time.sleep(settle)
    return latencies
