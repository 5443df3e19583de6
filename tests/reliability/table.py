"""Run the reliability tests and write what they tried, and how it went, into README.md.

    python tests/reliability/table.py           run the tests, save the counts, rewrite the table
    python tests/reliability/table.py --check   only check that README.md shows the saved counts

Each reliability test reports what it tried through pytest's `record_property("reliability",
{"row": ..., "count": ..., ...})`. This script runs those tests with a small plugin that adds
the numbers up per row, saves them in counts.json next to this file, and renders the table
between the markers in README.md. The table is written only when every test passed, so each
number in it comes from a run that held. The examples are generated from fixed seeds, so the
same code gives the same counts.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
README = ROOT / "README.md"
COUNTS = HERE / "counts.json"
START, END = "<!-- reliability:start -->", "<!-- reliability:end -->"
TESTS = [
    "tests/reliability",
    "tests/wizard/test_hostile_typing.py",
    "tests/wizard/test_hostile_files_in_the_app.py",
    "tests/wizard/test_terminal_sizes.py",
    "tests/wizard/test_save_faults_in_the_app.py",
    "tests/wizard/test_recovery.py",
    "tests/wizard/test_crash_end_to_end.py",
]

# row: (what was tried, how many (a template over the row's counts), what always happened)
ROWS: dict[str, tuple[str, str, str]] = {
    "toml_documents": (
        "Generated answers files: NaN, ±infinity, 1e308, negative, fractional and huge counts, empty "
        "strings, wrong types, unknown keys, schema_version 0 and 2, given to `check` and to `report` in all four formats",
        "{count} files ({valid} valid), {runs} runs",
        "A valid file got a report whose figures match it; any other got exit code 1 and a plain "
        "message naming the field. No traceback, no hang.",
    ),
    "raw_bytes": (
        "Generated raw bytes and carelessly edited sample files, given to `check` and `report`",
        "{count} files, {runs} runs",
        "The same: a report, or exit code 1 with a message.",
    ),
    "corpus": (
        "Hand-made hostile files: 10 MB, non-UTF-8, UTF-16, NUL bytes, a 100,000-part key, 5,000-deep "
        "nesting, 10,000 unknown keys, 5,000-digit numbers, escape sequences in keys",
        "{count} files, {runs} runs",
        "Each answered in under 10 seconds: refused with a reason, or reported.",
    ),
    "real_process": (
        "The worst of those through the command in a separate process (`check`, `report`, and `open` where it refuses)",
        "{count} files, {runs} runs",
        "Exit code 1, a message on stderr, no traceback, no escape character printed.",
    ),
    "open_files": (
        "Generated and hand-made files opened the way the wizard opens them",
        "{count} files",
        "Shown field by field (answers that do not validate kept as written) or refused with a message.",
    ),
    "form_texts": (
        "Generated answers for every question, as pasted from sheets: grouping, decimal commas, "
        "currency, units, exponents, any Unicode",
        "{count} texts",
        "An accepted number always equalled an independent reading of the text; ambiguous ones "
        "(0,03 · 1.234,56 · two pasted cells) were refused with what is accepted. The text was kept as typed.",
    ),
    "wizard_texts": (
        "Generated text typed key by key or pasted into the wizard's fields (Pilot), and one hostile paste into every field",
        "{typed} typed, {pasted} pasted",
        "The field and the form kept exactly what was entered; the answer was the number meant or an "
        "error showed under the field; nothing raised; no control character was drawn.",
    ),
    "key_sequences": (
        "Random key sequences: steps, dialogs, editing keys, saves, exports",
        "{count} sequences, {presses} keys",
        "The wizard never raised or hung, and every field still matched the form.",
    ),
    "save_faults": (
        "Faults at each step of a save (creating the temporary file, writing, half a write, flushing, "
        "fsync, copying permissions, renaming): full disk, quota, I/O error, read-only disk, permission "
        "denied, Ctrl+C, a bug; and a folder, a missing folder, a file as folder, a read-only file",
        "{count} faults",
        "The previous file stayed byte-identical, no temporary file was left, and the message said what happened.",
    ),
    "app_save_faults": (
        "The same faults while saving from the wizard",
        "{count} faults",
        "Every answer stayed on screen, the message said what happened and that the file is "
        "unchanged, and Save as elsewhere then worked.",
    ),
    "kills": (
        "A process saving over and over, killed with SIGKILL at random moments",
        "{count} kills ({mid_save} during a write)",
        "The file was always one whole version; the next save removed what the kills left behind.",
    ),
    "conflicts": (
        "The file edited or deleted by someone else since it was opened; Save as onto another existing file",
        "{count} cases",
        "Never overwritten without asking: overwrite, save elsewhere or cancel.",
    ),
    "crashes": (
        "Crashes between saves: the app torn down without quitting, and the real command killed with SIGKILL",
        "{count} crashes ({killed} killed)",
        "The next start offered every answer typed until a second before, invalid ones included; "
        "a save or a deliberate quit removed the recovery file.",
    ),
    "hostile_text": (
        "Generated titles, owners and notes with terminal escape sequences, bidi overrides, Markdown, Jira and HTML",
        "{count} texts, {runs} reports",
        "No control character in any format. Read back by a Markdown parser, the Markdown kept its "
        "two-column table and had no link, image or HTML from the user; the Jira had no macro, link or mention.",
    ),
    "real_terminal": (
        "Escape sequences in a title, owner and notes, shown in a real terminal (tmux)",
        "{count} sessions",
        "The terminal's window title never changed.",
    ),
    "paths": (
        "Paths with spaces and non-ASCII names (accents, Cyrillic, Japanese, emoji)",
        "{count} names, {runs} commands",
        "`check`, `report` and saving all worked.",
    ),
    "sizes": (
        "Terminal sizes 40×12, 60×20, 80×24 and 250×70, every step; at 40×12 Tab through every question",
        "{count} sizes, {steps} screens, {questions} questions",
        "Nothing raised; at 40×12 every question was reached by Tab and shown with its label.",
    ),
    "resizes": (
        "Resizes mid-step with a question half typed",
        "{count} resizes",
        "Focus, text and answers kept, and the focused question back in view.",
    ),
}


class Collector:
    """A pytest plugin that adds up the `reliability` properties of every test, per row."""

    def __init__(self) -> None:
        self.rows: dict[str, Counter] = defaultdict(Counter)
        self.failed: list[str] = []
        self.passed = 0

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed:
            self.failed.append(report.nodeid)
        if report.when != "call":
            return
        self.passed += report.passed
        for name, value in report.user_properties:
            if name == "reliability":
                row = value["row"]
                self.rows[row].update({key: number for key, number in value.items() if key != "row"})


def run() -> dict:
    """Run the reliability tests; the counts per row, or SystemExit when any test failed."""
    import pytest

    collector = Collector()
    arguments = [*(str(ROOT / test) for test in TESTS), f"--ignore={HERE / 'test_reliability_table.py'}"]
    code = pytest.main([*arguments, "-q", "-p", "no:cacheprovider"], plugins=[collector])
    if code != 0 or collector.failed:
        raise SystemExit(f"not written: the run failed ({', '.join(collector.failed) or f'exit code {code}'})")
    unknown = set(collector.rows) - set(ROWS)
    if unknown:
        raise SystemExit(f"not written: rows without a description: {', '.join(sorted(unknown))}")
    return {
        "tests_passed": collector.passed,
        "rows": {row: dict(sorted(collector.rows[row].items())) for row in ROWS if row in collector.rows},
    }


def render(counts: dict) -> str:
    """The Markdown table for `counts` (as saved in counts.json)."""
    lines = ["| What was tried | How many | What happened, every time |", "| --- | --- | --- |"]
    for row, (what, how_many, outcome) in ROWS.items():
        numbers = counts["rows"].get(row)
        if numbers is None:
            continue
        shown = how_many.format_map(_Zero({key: f"{value:,}" for key, value in numbers.items()}))
        lines.append(f"| {what} | {shown} | {outcome} |")
    lines.append("")
    lines.append(f"From one run of {counts['tests_passed']:,} tests, all passed.")
    return "\n".join(lines)


class _Zero(dict):
    def __missing__(self, key: str) -> str:
        return "0"


def section(text: str) -> str:
    """The part of `text` between the markers."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end].strip("\n")


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8")
    start, end = text.index(START) + len(START), text.index(END)
    README.write_text(text[:start] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def main(argv: list[str]) -> int:
    if "--check" in argv:
        counts = json.loads(COUNTS.read_text(encoding="utf-8"))
        if section(README.read_text(encoding="utf-8")) != render(counts):
            print(
                "README.md's reliability table differs from counts.json; run python tests/reliability/table.py",
                file=sys.stderr,
            )
            return 1
        return 0
    counts = run()
    COUNTS.write_text(json.dumps(counts, indent=2) + "\n", encoding="utf-8")
    write_readme(render(counts))
    print(f"Wrote {COUNTS.relative_to(ROOT)} and the table in README.md.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
