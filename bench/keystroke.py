"""Keystroke probe, run inside a real terminal: `python -m bench.keystroke wizard|bare OUT.json ...`.

The app runs with its real driver. Once it is ready, keys are handed to the driver one at a
time (as its input thread would), and each is timed from that moment to the first frame
written after the target widget (the wizard's break-even panel, or the bare app's echo) was
repainted. CPU time is the process's own (user + system) from the key until a fixed settle
time after that frame, so work a key causes later is counted too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

CALLS_INPUT = "#q-volume--calls_per_month"
# The warm-up types "12" after the value; the timed keys then alternate between deleting and
# retyping the "2", so every key changes the figures and the value never returns to the saved one
# (which would flip the title's "unsaved" mark, a cost real typing pays once).
FIRST_KEYS = ("1", "2")
KEYS = ("backspace", "2")


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def _until(condition, timeout: float = 20.0) -> Any:
    """What `condition()` returns once it is not None, polling the running app."""
    deadline = time.perf_counter() + timeout
    while True:
        found = condition()
        if found is not None:
            return found
        if time.perf_counter() > deadline:
            raise TimeoutError("the app never reached the state the probe waits for")
        await asyncio.sleep(0.02)


def _query(screen, selector: str):
    try:
        return screen.query_one(selector)
    except Exception:
        return None


async def measure(app, target_selector: str, input_selector: str, keys: int, warmup: int, settle: float,
                  profile: Path | None = None) -> dict:
    """Type `warmup + keys` keys into the input; time each until the target is on screen."""
    from textual import events

    field = await _until(lambda: _query(app.screen, input_selector))
    screen = app.screen
    target = await _until(lambda: _query(screen, target_selector))
    field.focus()
    field.cursor_position = len(field.value)
    await asyncio.sleep(0.5)

    state: dict[str, Any] = {"armed": False, "dirty": False, "frame": None, "at": 0.0}
    compositor = screen._compositor
    update_widgets = compositor.update_widgets
    display = app._display

    def watch_update(widgets) -> None:
        if state["armed"] and not state["dirty"]:
            for widget in widgets:
                if widget is target or target in widget.ancestors:
                    state["dirty"] = True
                    break
        update_widgets(widgets)

    def watch_display(on_screen, renderable) -> None:
        display(on_screen, renderable)
        if state["armed"] and state["dirty"] and renderable is not None and on_screen is screen:
            state["armed"] = False
            state["at"] = time.perf_counter()
            state["frame"].set()

    compositor.update_widgets = watch_update
    app._display = watch_display

    latencies: list[float] = []
    cpu: list[float] = []
    profiler = None
    warmup = max(warmup, len(FIRST_KEYS))
    for index in range(warmup + keys):
        if index == warmup and profile is not None:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        name = FIRST_KEYS[index] if index < len(FIRST_KEYS) else KEYS[(index - len(FIRST_KEYS)) % len(KEYS)]
        key = events.Key(name, name if len(name) == 1 else None)
        state.update(armed=True, dirty=False, frame=asyncio.Event())
        cpu_before = _cpu_seconds()
        posted = time.perf_counter()
        app._driver.process_message(key)
        await asyncio.wait_for(state["frame"].wait(), 10)
        redrawn = state["at"]
        await asyncio.sleep(settle)
        if index >= warmup:
            latencies.append(redrawn - posted)
            cpu.append(_cpu_seconds() - cpu_before)
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    compositor.update_widgets = update_widgets
    app._display = display
    return {"latency_s": latencies, "cpu_s": cpu, "final_value": field.value}


def _write(path: Path, result: dict) -> None:
    """Write the result all at once: the benchmark reads the file as soon as it appears."""
    result["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(result), encoding="utf-8")
    partial.replace(path)


def run_bare(out: Path, keys: int, warmup: int, settle: float, profile: Path | None = None) -> None:
    from bench.baselines.bare_app import BareApp

    result: dict = {}

    async def pilot(driven) -> None:
        try:
            result.update(await measure(driven.app, "#echo", "#calls", keys, warmup, settle, profile))
        except Exception as error:
            result["error"] = repr(error)
        driven.app.exit()

    BareApp().run(auto_pilot=pilot)
    _write(out, result)


def run_wizard(out: Path, sample: str, keys: int, warmup: int, settle: float, profile: Path | None = None) -> None:
    """Start the wizard through the command line's `open SAMPLE`, then go to the Volume step.

    It opens a copy of the sample in a temporary folder, so that nothing the wizard keeps
    beside an assessment it was editing (its recovery file) lands in the repository.
    """
    import shutil
    import tempfile

    import tui.wizard.app as wizard

    folder = tempfile.TemporaryDirectory(prefix="bench-keystroke-")
    copy = Path(folder.name) / Path(sample).name
    shutil.copyfile(sample, copy)
    result: dict = {}
    run = wizard.WizardApp.run

    async def pilot(driven) -> None:
        app = driven.app
        try:
            await _until(lambda: _query(app.screen, "BreakEvenPanel"))
            if app.screen.is_modal:
                raise RuntimeError(f"a dialog is open at start ({type(app.screen).__name__}); nothing was typed")
            if _query(app.screen, CALLS_INPUT) is None:
                app.action_go("volume")
            result.update(await measure(app, "BreakEvenPanel", CALLS_INPUT, keys, warmup, settle, profile))
        except Exception as error:
            result["error"] = repr(error)
        app.exit()

    def run_with_probe(self, *args, **kwargs):
        return run(self, *args, auto_pilot=pilot, **kwargs)

    wizard.WizardApp.run = run_with_probe
    try:
        from tui.cli import main as command

        command(["open", str(copy)])  # as `tune-or-prompt open` starts it (see tui.cli._wizard)
    finally:
        folder.cleanup()
    _write(out, result)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.keystroke")
    parser.add_argument("app", choices=("wizard", "bare"))
    parser.add_argument("out", type=Path)
    parser.add_argument("--sample", default="sample_answers/fine_tuning_high_volume_stable.toml")
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=6)
    parser.add_argument("--settle", type=float, default=0.05)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the timed keys to this file")
    args = parser.parse_args(argv)
    try:
        if args.app == "bare":
            run_bare(args.out, args.keys, args.warmup, args.settle, args.profile)
        else:
            run_wizard(args.out, args.sample, args.keys, args.warmup, args.settle, args.profile)
    except BaseException as error:  # the pane is not watched: leave the reason in the result file
        _write(args.out, {"error": repr(error)})
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main())
