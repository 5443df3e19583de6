"""`python -m bench.gap`: `gap` on a million per-item results next to the floor of reading them once.

The floor is what any program must do with the file (SPEC §12): Python's csv module reading
every row, keeping the set of ids and counting the 2x2 table. Both run as whole processes on
the same seeded file, alternately so that a busy machine slows both alike, after a warm-up run
each; each figure is the median wall time and peak RSS (from `wait4`, per child), with the
ratio to the floor's median. The tool's counts must equal the floor's.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TARGETS = {"wall time": 2.0, "peak RSS": 2.0}
SEED = 20_241_101

FLOOR = """\
import csv, json, sys

ids = set()
counts = [0, 0, 0, 0]  # indexed by 2 * prompted + fine-tuned
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    reader = csv.reader(handle)
    next(reader)
    for item, prompted, tuned in reader:
        ids.add(item)
        counts[(prompted == "1") * 2 + (tuned == "1")] += 1
print(json.dumps({"items": len(ids), "both_correct": counts[3], "only_prompted_correct": counts[2],
                  "only_fine_tuned_correct": counts[1], "both_wrong": counts[0]}))
"""


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)


def write_results(path: Path, rows: int, seed: int = SEED) -> None:
    """A CSV of `rows` paired 1/0 results, correlated as two models on one test set are."""
    generator = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,prompted,fine_tuned\n")
        for i in range(rows):
            prompted = generator.random() < 0.72
            tuned = generator.random() < (0.9 if prompted else 0.35)
            handle.write(f"item-{i:07d},{int(prompted)},{int(tuned)}\n")


def run(command: list[str], output: Path, env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one process; its standard output goes to `output`."""
    with output.open("wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({process.returncode}): {process.stderr.read().decode()[-2000:]}")
    process.stderr.close()
    return seconds, usage.ru_maxrss  # KiB on Linux


def tool_command() -> list[str]:
    """The installed command next to this interpreter, or the package run as a module."""
    script = Path(sys.executable).with_name("tune-or-prompt")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui"]


def measure(rows: int, repeats: int, folder: Path) -> tuple[Runs, Runs, dict, dict]:
    results, floor_script = folder / "results.csv", folder / "floor.py"
    write_results(results, rows)
    floor_script.write_text(FLOOR)
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    floor_cmd = [sys.executable, str(floor_script), str(results)]
    tool_cmd = [*tool_command(), "gap", str(results), "--format", "json"]
    floor, tool = Runs(), Runs()
    for index in range(repeats + 1):  # the first pair warms the caches and is not counted
        for runs, command, name in ((floor, floor_cmd, "floor.json"), (tool, tool_cmd, "tool.json")):
            seconds, peak = run(command, folder / name, env)
            if index:
                runs.seconds.append(seconds)
                runs.peak_kib.append(peak)
    floor_out = json.loads((folder / "floor.json").read_text())
    tool_out = json.loads((folder / "tool.json").read_text())
    return floor, tool, floor_out, tool_out


def check_counts(floor_out: dict, tool_out: dict) -> None:
    """The tool's items and 2x2 counts must be the floor's."""
    expected = {k: v for k, v in floor_out.items() if k != "items"}
    if tool_out["counts"] != expected or tool_out["items"] != floor_out["items"]:
        raise SystemExit(
            f"counts differ: gap says {tool_out['counts']} ({tool_out['items']} items), the floor {floor_out}"
        )


def table(rows: int, floor: Runs, tool: Runs) -> tuple[str, bool]:
    """The figures as a Markdown table, and whether every ratio is within its target."""
    lines = [
        f"gap on {rows:,} rows ({len(tool.seconds)} runs each, alternating, medians [min-max])",
        "",
        "| figure | gap --format json | csv floor | ratio | target |",
        "|---|---|---|---|---|",
    ]
    good = True
    for name, unit, mine, base, scale in (
        ("wall time", "s", tool.seconds, floor.seconds, 1.0),
        ("peak RSS", "MB", tool.peak_kib, floor.peak_kib, 1 / 1024),
    ):
        ratio = statistics.median(mine) / statistics.median(base)
        good = good and ratio <= TARGETS[name]
        shown = [
            f"{statistics.median(v) * scale:.2f} {unit} [{min(v) * scale:.2f}-{max(v) * scale:.2f}]"
            for v in (mine, base)
        ]
        mark = "ok" if ratio <= TARGETS[name] else "OVER"
        lines.append(f"| {name} | {shown[0]} | {shown[1]} | {ratio:.2f}x | <= {TARGETS[name]:g}x {mark} |")
    return "\n".join(lines), good


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.gap", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the generated file (default 1,000,000)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each, after one warm-up (default 5)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="bench-gap-"))
    try:
        floor, tool, floor_out, tool_out = measure(args.rows, args.runs, folder)
        check_counts(floor_out, tool_out)
        text, good = table(args.rows, floor, tool)
        print(text)
        print(f"\ncounts equal the floor's: {floor_out}")
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
