"""`python -m bench`: how fast the wizard and the command line are, next to the floor of their stack.

The baselines (bench/baselines/) are the least a program on the same stack does: a bare Textual
app that reads and validates the answers file with a small pydantic model, and a script that
reads, validates and prints it as JSON (SPEC §12). Every figure is measured in the same run as
its baseline, runs alternate between the two so that a busy machine slows both alike, and each
is a median after warm-up runs, printed with its min and max and as a ratio to the baseline's
median. The wizard is timed from the outside, in a real terminal, by what its screen shows.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import keystroke as keys
from bench.terminal import Terminal, peak_rss_kib

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = "sample_answers/fine_tuning_high_volume_stable.toml"  # complete: opens on the Summary
QUESTION_SAMPLE = "sample_answers/incomplete_half_answered.toml"  # opens on the Volume step's questions
# name: (largest ratio to the baseline, largest absolute median in the figure's unit)
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "start-up": (1.3, None),
    "start-up, question step": (1.3, None),
    # Both start-ups counted in instructions, headless (callgrind): no target of their own, but
    # the same count on every run, where the times above move with the machine's load.
    "start-up: instructions": (None, None),
    "start-up, question step: instructions": (None, None),
    "peak RSS": (1.3, None),
    "keystroke redraw": (1.1, 17.0),
    "report --format json": (1.25, None),
    # The same two commands counted in instructions (callgrind): no target of its own, but the
    # same count on every run, so a change's effect shows through a busy machine's noise.
    "report: instructions": (None, None),
    "gap: time": (2.0, None),
    "gap: peak RSS": (2.0, None),
    # No baseline: the Summary recomputes the flip points on every change, so they must come in
    # well under a frame-and-a-half of the eye's "instant" (about 100 ms).
    "flip points per change": (None, 50.0),
}
ORDER = list(TARGETS) + ["core throughput"]
# The command line sets PYDANTIC_DISABLE_PLUGINS=__all__ for itself (no pydantic plugins are
# used, so pydantic skips scanning every installed package's entry points); the baselines get
# the same setting from their environment. The tool is run without any value the bench's own
# environment may carry, so its figure is what a user's shell gets.
BASELINE_ENV = {"PYDANTIC_DISABLE_PLUGINS": "__all__"}
TOOL_UNSET = ("PYDANTIC_DISABLE_PLUGINS",)


@dataclass
class Figure:
    """One measured figure and its baseline; values in the unit named by `unit`."""

    name: str
    unit: str
    values: list[float]
    baseline: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def ratio(self) -> float | None:
        return self.median / statistics.median(self.baseline) if self.baseline else None

    @property
    def target(self) -> float | None:
        return TARGETS.get(self.name, (None, None))[0]

    @property
    def limit(self) -> float | None:
        return TARGETS.get(self.name, (None, None))[1]

    @property
    def passed(self) -> bool | None:
        if self.ratio is None or self.target is None:
            return None if self.limit is None else self.median < self.limit
        return self.ratio <= self.target and (self.limit is None or self.median < self.limit)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "unit": self.unit,
            "median": self.median,
            "min": min(self.values),
            "max": max(self.values),
            "runs": len(self.values),
            "baseline_median": statistics.median(self.baseline) if self.baseline else None,
            "baseline_min": min(self.baseline) if self.baseline else None,
            "baseline_max": max(self.baseline) if self.baseline else None,
            "ratio": self.ratio,
            "target": self.target,
            "limit": self.limit,
            "passed": self.passed,
        }


def tool_command() -> list[str]:
    """`tune-or-prompt` as installed next to this interpreter, else `python -m tui`."""
    script = Path(sys.executable).parent / "tune-or-prompt"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def tool_env() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in TOOL_UNSET}


def baseline_env() -> dict[str, str]:
    return {**os.environ, **BASELINE_ENV}


def expected_panel_text(sample: str | Path) -> str:
    """A figure the break-even panel shows for `sample` once its numbers are in.

    The net saving when it is known, else the first per-call figure that is; the numbers come
    from `report --format json` (SPEC §7) and are written as the product writes money.
    """
    from tui.core import fmt

    done = subprocess.run(
        [*tool_command(), "report", str(sample), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=tool_env(),
    )
    if done.returncode != 0:
        raise SystemExit(f"tune-or-prompt report {sample} failed: {done.stderr.strip()}")
    economics = json.loads(done.stdout)["economics"]
    if economics.get("net_saving_usd_over_horizon") is not None:
        return fmt.money(economics["net_saving_usd_over_horizon"])
    for key in ("per_call_saving_usd", "prompted_cost_per_call_usd", "fine_tuned_cost_per_call_usd"):
        if economics.get(key) is not None:
            return fmt.per_call(economics[key])
    raise SystemExit(f"{sample} gives the panel no figure to wait for; choose a sample with a cost per call")


def bare_text(sample: str | Path) -> str:
    """What the bare app's Static shows for `sample` once its first frame is drawn."""
    from bench.baselines.answers import figure, load

    return figure(load(ROOT / sample))


def bare_command(sample: str | Path) -> list[str]:
    return [sys.executable, "-m", "bench.baselines.bare_app", str(sample)]


# Start-up and memory ---------------------------------------------------------------------------


def startup(runs: int, warmup: int, sample: str, settle: float, name: str = "start-up") -> tuple[Figure, Figure]:
    """Launch until the figures are on screen in a 120×40 pane, and peak RSS `settle` s later."""
    marker, bare_marker = expected_panel_text(sample), bare_text(sample)
    apps = (
        ("wizard", [*tool_command(), "open", sample], {}, TOOL_UNSET, marker),
        ("bare", bare_command(sample), BASELINE_ENV, (), bare_marker),
    )
    times: dict[str, list[float]] = {"wizard": [], "bare": []}
    memory: dict[str, list[float]] = {"wizard": [], "bare": []}
    with Terminal(120, 40, ROOT) as term:
        for index in range(warmup + runs):
            for app, argv, env, unset, text in apps:
                started = term.launch(argv, env=env, unset=unset)
                seen = term.wait_for(lambda screen, t=text: any(t in line for line in screen))
                pid = term.pid()
                time.sleep(settle)
                rss = peak_rss_kib(pid)
                term.idle()
                if index >= warmup:
                    times[app].append(seen - started)
                    if rss is not None:
                        memory[app].append(rss / 1024)
    return (
        Figure(name, "s", times["wizard"], times["bare"], note=f"tune-or-prompt open {sample}, until {marker} shows"),
        Figure(
            "peak RSS",
            "MiB",
            memory["wizard"],
            memory["bare"],
            note=f"VmHWM {settle:g} s after the figures show, {sample}",
        ),
    )


# Keystroke -------------------------------------------------------------------------------------


def keystroke(processes: int, keys_per_process: int, warmup: int, sample: str) -> Figure:
    """Key-to-frame latency in a question, measured from outside the app (bench/keystroke.py)."""
    results: dict[str, list[float]] = {"wizard": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="bench-") as folder, Terminal(120, 40, Path(folder)) as term:
        answers = keys.answers_without_calls(ROOT / sample, Path(folder))
        marker, bare_marker = expected_panel_text(answers), bare_text(answers)
        apps = {
            "wizard": (lambda: term.launch([*tool_command(), "open", str(answers)], unset=TOOL_UNSET), marker),
            "bare": (lambda: term.launch(bare_command(answers), env=BASELINE_ENV, cwd=ROOT), bare_marker),
        }
        for _ in range(processes):
            for name, (launch, text) in apps.items():
                try:
                    results[name] += keys.measure(
                        term,
                        launch,
                        lambda screen, t=text: any(t in line for line in screen),
                        keys_per_process,
                        warmup,
                        settle=0.1,
                    )
                except (RuntimeError, TimeoutError) as error:
                    raise SystemExit(f"the {name} keystroke probe failed: {error}") from None
                finally:
                    term.idle()
    return Figure(
        "keystroke redraw",
        "ms",
        [v * 1000 for v in results["wizard"]],
        [v * 1000 for v in results["bare"]],
        note=f"calls per month typed in a copy of {sample} without it, until the screen shows all it changes",
    )


# Command line ----------------------------------------------------------------------------------


def _wall_time(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, cwd=ROOT, env=env)
    return time.perf_counter() - started


def _report_commands(sample: str) -> tuple[list[str], dict[str, str], list[str], dict[str, str]]:
    """`report --format json` and its floor script, each with its environment."""
    command, tool = [*tool_command(), "report", sample, "--format", "json"], tool_env()
    baseline, base_env = [sys.executable, "-m", "bench.baselines.report_json", sample], baseline_env()
    return command, tool, baseline, base_env


def report(runs: int, warmup: int, sample: str) -> Figure:
    """`report --format json` as a whole process, against reading, validating and printing the file."""
    command, tool, baseline, base_env = _report_commands(sample)
    measured, base = [], []
    for index in range(warmup + runs):  # alternate, one run of each at a time
        first, second = _wall_time(command, tool), _wall_time(baseline, base_env)
        if index >= warmup:
            measured.append(first)
            base.append(second)
    return Figure(
        "report --format json",
        "ms",
        [v * 1000 for v in measured],
        [v * 1000 for v in base],
        note="perf_counter around subprocess.run, output to /dev/null",
    )


def _instructions(argv: list[str], env: dict[str, str]) -> float:
    """Millions of instructions the command runs, as valgrind's callgrind counts them."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind gave no count for {' '.join(argv)}")
    return int(found.group(1)) / 1e6


def startup_instructions(sample: str, name: str) -> Figure:
    """Both apps started headless until they draw their figure (bench/first_frame.py), counted
    in instructions: one run each, as the count barely moves."""
    command = [sys.executable, "-m", "bench.first_frame"]
    return Figure(
        name,
        "M",
        [_instructions([*command, "wizard", sample, expected_panel_text(sample)], baseline_env())],
        [_instructions([*command, "bare", sample, bare_text(sample)], baseline_env())],
        note=f"valgrind --tool=callgrind, headless at 120×40 until the figure is drawn, {sample}",
    )


def report_instructions(sample: str) -> Figure:
    """`report --format json` and its floor, counted in instructions: one run each is enough."""
    command, tool, baseline, base_env = _report_commands(sample)
    return Figure(
        "report: instructions",
        "M",
        [_instructions(command, tool)],
        [_instructions(baseline, base_env)],
        note="valgrind --tool=callgrind, one run each (the count is the same on every run)",
    )


def throughput(seconds: float, rounds: int) -> Figure:
    """Reports a second in one process: the command line's `report FILE --format json`, in a loop.

    It goes through the command line's entry point (`tui.cli:main`, as the installed script
    does), so it counts parsing the arguments, reading, validating, assessing and writing the
    JSON, but not starting Python and importing.
    """
    import contextlib
    import io

    from tui.cli import main as command

    samples = [str(path) for path in sorted((ROOT / "sample_answers").glob("*.toml"))]

    def once(path: str) -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            if command(["report", path, "--format", "json"]) != 0:
                raise SystemExit(f"tune-or-prompt report {path} --format json failed")

    for path in samples:  # warm-up
        once(path)
    rates = []
    for _ in range(rounds):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            for path in samples:
                once(path)
            done += len(samples)
        rates.append(done / (time.perf_counter() - started))
    return Figure(
        "core throughput",
        "reports/s",
        rates,
        note=f"`report FILE --format json` through tui.cli:main in one process, {len(samples)} sample files",
    )


def flip_points(rounds: int) -> Figure:
    """The flip points and "what would change it" after one changed answer, in one process.

    Each round changes the calls a month on every sample, so nothing is remembered from the last,
    and times `assess(...).would_change`, which searches every answer's flip points.
    """
    from tui.core.assess import assess
    from tui.core.sensitivity import with_value
    from tui.core.storage import load

    loaded = [load(path) for path in sorted((ROOT / "sample_answers").glob("*.toml"))]
    complete = [answers for answers in loaded if not assess(answers).missing]
    times = []
    for round_ in range(rounds):
        for answers in complete:
            changed = with_value(answers, "volume.calls_per_month", (answers.volume.calls_per_month or 0) + round_ + 1)
            started = time.perf_counter()
            sentences = assess(changed).would_change
            times.append((time.perf_counter() - started) * 1000)
    assert sentences is not None
    return Figure(
        "flip points per change",
        "ms",
        times,
        note=f"assess(...).would_change after a changed answer, {len(complete)} complete samples, one process",
    )


def gap_figures(rows: int, runs: int) -> list[Figure]:
    """`gap` on a generated million-row file against the csv floor (bench/gap.py)."""
    import tempfile

    from bench import gap

    folder = Path(tempfile.mkdtemp(prefix="bench-gap-"))
    try:
        floor, tool, floor_out, tool_out = gap.measure(rows, runs, folder)
        gap.check_counts(floor_out, tool_out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    note = f"{rows:,} generated rows; floor: csv module, set of ids, 2x2 counts (bench/gap.py); counts equal"
    return [
        Figure("gap: time", "s", tool.seconds, floor.seconds, note=note),
        Figure("gap: peak RSS", "MiB", [k / 1024 for k in tool.peak_kib], [k / 1024 for k in floor.peak_kib]),
    ]


# Table -----------------------------------------------------------------------------------------


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f}"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _target(f: Figure) -> str:
    if f.target is None:
        return "—" if f.limit is None else f"< {f.limit:g} {f.unit}"
    return f"≤ {f.target:g}×" + (f", < {f.limit:g} {f.unit}" if f.limit is not None else "")


def table(figures: list[Figure]) -> str:
    header = ("figure", "unit", "median", "min", "max", "baseline", "ratio", "target", "result")
    rows = [header]
    for f in figures:
        rows.append(
            (
                f.name,
                f.unit,
                _number(f.median, f.unit),
                _number(min(f.values), f.unit),
                _number(max(f.values), f.unit),
                _number(statistics.median(f.baseline), f.unit) if f.baseline else "—",
                f"{f.ratio:.2f}×" if f.ratio is not None else "—",
                _target(f),
                {True: "pass", False: "FAIL", None: "—"}[f.passed],
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


BASELINES = """\
baselines, run alternately with the tool: start-up, peak RSS and keystroke against
bench/baselines/bare_app.py (Textual's Header, Footer, one Input, one Static; reads and validates the
same TOML file with a small strict pydantic model before its first frame; the Static echoes the
Input); report against bench/baselines/report_json.py (tomllib, the same model, json.dumps). The
baselines run with PYDANTIC_DISABLE_PLUGINS=__all__, as the command line sets for itself."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs: a rough figure in well under a minute")
    parser.add_argument(
        "--sample", default=DEFAULT_SAMPLE, help=f"answers file the wizard opens (default: {DEFAULT_SAMPLE})"
    )
    parser.add_argument(
        "--only",
        choices=("startup", "keystroke", "report", "throughput", "flips", "gap"),
        action="append",
        help="run only these figures (repeatable); peak RSS comes with startup",
    )
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the figures as JSON")
    parser.add_argument(
        "--no-compile",
        action="store_true",
        help="do not write the package's bytecode cache first (see the README's Performance section)",
    )
    args = parser.parse_args(argv)
    if shutil.which("tmux") is None and (not args.only or {"startup", "keystroke"} & set(args.only)):
        parser.error("tmux is needed for the start-up and keystroke figures (or use --only report --only throughput)")
    os.chdir(ROOT)
    if not args.no_compile:
        import compileall

        # An installed package, or any earlier run, has its bytecode cached; an editable checkout
        # run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile every module on every start
        # while Textual and pydantic, installed, would not.
        for folder in ("tui", "bench"):
            compileall.compile_dir(ROOT / folder, quiet=1)
    quick = args.quick
    wanted = set(args.only or ("startup", "keystroke", "report", "throughput", "flips", "gap"))
    started = time.perf_counter()
    figures: list[Figure] = []
    if "startup" in wanted:
        figures += startup(runs=5 if quick else 20, warmup=1 if quick else 3, sample=args.sample, settle=0.5)
        if args.sample == DEFAULT_SAMPLE:
            figures += startup(
                runs=5 if quick else 15,
                warmup=1 if quick else 2,
                sample=QUESTION_SAMPLE,
                settle=0.5,
                name="start-up, question step",
            )[:1]
        if shutil.which("valgrind") is not None:
            figures.append(startup_instructions(args.sample, "start-up: instructions"))
            if args.sample == DEFAULT_SAMPLE:
                figures.append(startup_instructions(QUESTION_SAMPLE, "start-up, question step: instructions"))
    if "keystroke" in wanted:
        figures.append(
            keystroke(processes=1 if quick else 3, keys_per_process=20 if quick else 40, warmup=4, sample=args.sample)
        )
    if "report" in wanted:
        figures.append(report(runs=10 if quick else 40, warmup=3, sample=args.sample))
        if shutil.which("valgrind") is not None:
            figures.append(report_instructions(args.sample))
    if "throughput" in wanted:
        figures.append(throughput(seconds=0.5 if quick else 2.0, rounds=3 if quick else 5))
    if "flips" in wanted:
        figures.append(flip_points(rounds=3 if quick else 10))
    if "gap" in wanted:
        figures += gap_figures(rows=200_000 if quick else 1_000_000, runs=2 if quick else 5)
    figures.sort(key=lambda f: ORDER.index(f.name))
    from importlib.metadata import version

    print(
        f"tune-or-prompt benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.python_implementation()} {platform.python_version()}, Textual {version('textual')}, "
        f"pydantic {version('pydantic')}, {os.cpu_count()} cores, sample {args.sample}"
    )
    print(table(figures))
    print(BASELINES)
    for f in figures:
        if f.note:
            print(f"{f.name}: {f.note}")
    print(f"({time.perf_counter() - started:.0f} s)")
    if args.json:
        args.json.write_text(json.dumps([f.as_dict() for f in figures], indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
