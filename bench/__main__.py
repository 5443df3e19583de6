"""`python -m bench`: how fast the wizard and the command line are, next to bare baselines.

Every figure is measured in the same run as its baseline, runs alternate between the two so
that a busy machine slows both alike, and each is a median after warm-up runs, printed with
its min and max and as a ratio to the baseline's median.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.baselines.bare_app import TITLE as BARE_TITLE
from bench.terminal import Pane, peak_rss_kib

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = "sample_answers/fine_tuning_high_volume_stable.toml"  # complete: opens on the Summary
QUESTION_SAMPLE = "sample_answers/incomplete_half_answered.toml"  # opens on the Volume step's questions
TARGETS = {
    "start-up": 1.2,
    "start-up, question step": 1.2,
    "keystroke redraw": 1.1,
    "CPU per key": 1.5,
    "report --format json": 1.3,
    "peak RSS": 1.2,
}
ORDER = list(TARGETS) + ["core throughput"]


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
        return TARGETS.get(self.name)

    @property
    def passed(self) -> bool | None:
        if self.ratio is None or self.target is None:
            return None
        return self.ratio <= self.target

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
            "passed": self.passed,
        }


def tool_command() -> list[str]:
    """`tune-or-prompt` as installed next to this interpreter, else `python -m tui`."""
    script = Path(sys.executable).parent / "tune-or-prompt"
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def expected_panel_text(sample: str) -> str:
    """A figure the break-even panel shows for `sample` once its numbers are in.

    The net saving when it is known, else the first per-call figure that is.
    """
    from tui.core import fmt
    from tui.core.assess import assess
    from tui.core.storage import load

    economics = assess(load(ROOT / sample)).economics
    if economics.net_saving_usd_over_horizon is not None:
        return fmt.money(economics.net_saving_usd_over_horizon)
    for value in (economics.per_call_saving_usd, economics.prompted_cost_per_call_usd, economics.fine_tuned_cost_per_call_usd):
        if value is not None:
            return fmt.per_call(value)
    raise SystemExit(f"{sample} gives the panel no figure to wait for; choose a sample with a cost per call")


# Start-up and memory ---------------------------------------------------------------------------


def startup(runs: int, warmup: int, sample: str, settle: float, name: str = "start-up") -> tuple[Figure, Figure]:
    """Launch to first useful frame in a 120×40 tmux pane, and peak RSS shortly after."""
    marker = expected_panel_text(sample)
    wizard = [*tool_command(), "open", sample]
    bare = [sys.executable, "-m", "bench.baselines.bare_app"]
    times: dict[str, list[float]] = {"wizard": [], "bare": []}
    memory: dict[str, list[float]] = {"wizard": [], "bare": []}
    with Pane(120, 40, ROOT) as pane:
        for index in range(warmup + runs):
            for app, argv, shown in (
                ("wizard", wizard, lambda text: marker in text),
                ("bare", bare, lambda text: BARE_TITLE in text),
            ):
                started = pane.launch(argv)
                seen = pane.wait_for(shown)
                pid = pane.pid()
                time.sleep(settle)
                rss = peak_rss_kib(pid)
                pane.idle()
                if index >= warmup:
                    times[app].append(seen - started)
                    if rss is not None:
                        memory[app].append(rss / 1024)
    return (
        Figure(name, "s", times["wizard"], times["bare"], note=f"tune-or-prompt open {sample}"),
        Figure("peak RSS", "MiB", memory["wizard"], memory["bare"], note=f"VmHWM {settle:g} s after the first frame, {sample}"),
    )


# Keystroke -------------------------------------------------------------------------------------


def keystroke(processes: int, keys: int, warmup: int, sample: str) -> tuple[Figure, Figure]:
    """Key-to-redraw latency and CPU per key, from the probe running inside a tmux pane."""
    results: dict[str, dict[str, list[float]]] = {
        name: {"latency_s": [], "cpu_s": []} for name in ("wizard", "bare")
    }
    with Pane(120, 40, ROOT) as pane, tempfile.TemporaryDirectory(prefix="bench-") as folder:
        for index in range(processes):
            for name in ("wizard", "bare"):
                out = Path(folder) / f"{name}-{index}.json"
                argv = [sys.executable, "-m", "bench.keystroke", name, str(out),
                        "--sample", sample, "--keys", str(keys), "--warmup", str(warmup)]
                pane.launch(argv)
                deadline = time.perf_counter() + 120
                while not (out.exists() and out.stat().st_size) and time.perf_counter() < deadline:
                    time.sleep(0.1)
                pane.idle()
                if not out.exists():
                    raise SystemExit(f"the {name} keystroke probe wrote nothing; the pane showed:\n{pane.screen()}")
                data = json.loads(out.read_text(encoding="utf-8"))
                if "error" in data or not data.get("latency_s"):
                    raise SystemExit(f"the {name} keystroke probe failed: {data.get('error', 'no keys timed')}")
                for key in ("latency_s", "cpu_s"):
                    results[name][key] += data[key]
    wizard, bare = results["wizard"], results["bare"]
    return (
        Figure("keystroke redraw", "ms", [v * 1000 for v in wizard["latency_s"]], [v * 1000 for v in bare["latency_s"]]),
        Figure("CPU per key", "ms", [v * 1000 for v in wizard["cpu_s"]], [v * 1000 for v in bare["cpu_s"]]),
    )


# Command line ----------------------------------------------------------------------------------


def _wall_times(argv: list[str], runs: int, warmup: int) -> list[float]:
    times = []
    for index in range(warmup + runs):
        started = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, check=True, cwd=ROOT)
        if index >= warmup:
            times.append(time.perf_counter() - started)
    return times


def _hyperfine(commands: list[list[str]], runs: int, warmup: int) -> list[list[float]]:
    import shlex

    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(
            ["hyperfine", "-N", "--runs", str(runs), "--warmup", str(warmup), "--export-json", export.name,
             "--style", "none", *(shlex.join(c) for c in commands)],
            check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        data = json.loads(Path(export.name).read_text())
    return [result["times"] for result in data["results"]]


def report(runs: int, warmup: int, sample: str) -> Figure:
    """`report --format json` against starting Python and importing pydantic and tomllib."""
    command = [*tool_command(), "report", sample, "--format", "json"]
    baseline = [sys.executable, "-c", "import pydantic, tomllib"]
    if subprocess.run(baseline, capture_output=True).returncode != 0:
        raise SystemExit("the report baseline imports pydantic: install it with  pip install -e '.[bench]'")
    if shutil.which("hyperfine"):
        measured, base = _hyperfine([command, baseline], runs, warmup)
        note = "hyperfine"
    else:
        measured, base = [], []
        for _ in range(runs):  # alternate, one run of each at a time
            measured += _wall_times(command, 1, warmup)
            base += _wall_times(baseline, 1, warmup)
            warmup = 0
        note = "perf_counter around subprocess.run"
    return Figure("report --format json", "ms", [v * 1000 for v in measured], [v * 1000 for v in base], note=note)


def throughput(seconds: float, rounds: int) -> Figure:
    """Assessments a second in one process: read, parse, validate, assess and render JSON."""
    from tui.core.assess import assess
    from tui.core.exports import render
    from tui.core.storage import load

    samples = sorted((ROOT / "sample_answers").glob("*.toml"))
    for path in samples:  # warm-up
        render(assess(load(path)), "json")
    rates = []
    for _ in range(rounds):
        done, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            for path in samples:
                render(assess(load(path)), "json")
            done += len(samples)
        rates.append(done / (time.perf_counter() - started))
    return Figure("core throughput", "assessments/s", rates, note=f"{len(samples)} sample files, in a loop")


# Table -----------------------------------------------------------------------------------------


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f}"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def table(figures: list[Figure]) -> str:
    header = ("figure", "unit", "median", "min", "max", "baseline", "ratio", "target", "result")
    rows = [header]
    for f in figures:
        rows.append((
            f.name,
            f.unit,
            _number(f.median, f.unit),
            _number(min(f.values), f.unit),
            _number(max(f.values), f.unit),
            _number(statistics.median(f.baseline), f.unit) if f.baseline else "—",
            f"{f.ratio:.2f}×" if f.ratio is not None else "—",
            f"≤ {f.target:g}×" if f.target is not None else "—",
            {True: "pass", False: "FAIL", None: "—"}[f.passed],
        ))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = ["| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


BASELINES = """\
baselines: start-up, keystroke and peak RSS against bench/baselines/bare_app.py (Header, Footer, one
Input, one Static echoing the Input); report against `python -c "import pydantic, tomllib"`."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs: a rough figure in well under a minute")
    parser.add_argument("--sample", default=DEFAULT_SAMPLE, help=f"answers file the wizard opens (default: {DEFAULT_SAMPLE})")
    parser.add_argument("--only", choices=("startup", "keystroke", "report", "throughput"), action="append",
                        help="run only these figures (repeatable); peak RSS comes with startup")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the figures as JSON")
    parser.add_argument("--no-compile", action="store_true",
                        help="do not write the package's bytecode cache first (see the README's Performance section)")
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
    wanted = set(args.only or ("startup", "keystroke", "report", "throughput"))
    started = time.perf_counter()
    figures: list[Figure] = []
    if "startup" in wanted:
        figures += startup(runs=5 if quick else 20, warmup=1 if quick else 3, sample=args.sample, settle=0.3)
        if args.sample == DEFAULT_SAMPLE:
            figures += startup(runs=5 if quick else 15, warmup=1 if quick else 2, sample=QUESTION_SAMPLE, settle=0.3,
                               name="start-up, question step")[:1]
    if "keystroke" in wanted:
        figures += keystroke(processes=1 if quick else 3, keys=20 if quick else 40, warmup=5, sample=args.sample)
    if "report" in wanted:
        figures.append(report(runs=10 if quick else 40, warmup=3, sample=args.sample))
    if "throughput" in wanted:
        figures.append(throughput(seconds=0.5 if quick else 2.0, rounds=3 if quick else 5))
    figures.sort(key=lambda f: ORDER.index(f.name))
    print(f"tune-or-prompt benchmark, {dt.date.today().isoformat()}, {platform.python_implementation()} "
          f"{platform.python_version()}, {os.cpu_count()} cores, sample {args.sample}")
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
