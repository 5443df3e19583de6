"""The command line (SPEC §1): the wizard, and `report`, `check` and `schema` without a UI.

Heavy modules are imported inside each command, so `report` and `check` never load Textual
and start about as fast as the interpreter does (see the README's Performance section).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui import __version__

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
FORMATS = ("text", "markdown", "jira", "json")

DESCRIPTION = """\
Decide, with numbers, whether to fine-tune a smaller model or keep prompting a larger one
for one task. Without a command, starts the wizard on a new assessment."""

EPILOG = """\
exit codes: 0 success, 1 invalid or unreadable assessment, 2 usage error.

examples:
  tune-or-prompt open sample_answers/fine_tuning_high_volume_stable.toml
  tune-or-prompt report my-task.toml --format markdown --output ticket.md
  tune-or-prompt check my-task.toml
  tune-or-prompt gap results.csv --answers my-task.toml"""

GAP_DESCRIPTION = """\
Read per-item results (CSV, TSV or JSONL, one row per test item) and print the measured gap.
Each row has an item id and, for each approach, correct/incorrect (1/0, true/false, yes/no) or
a numeric score. With --answers, the paired counts are written into that answers file."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tune-or-prompt",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tune-or-prompt {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    opener = commands.add_parser("open", help="start the wizard on a saved assessment")
    opener.add_argument("file", metavar="FILE.toml", help="answers file (created on first save if missing)")

    reporter = commands.add_parser("report", help="print the recommendation and figures, no UI")
    reporter.add_argument("file", metavar="FILE.toml", help="answers file")
    reporter.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    reporter.add_argument("--output", metavar="PATH", help="write the report to PATH instead of standard output")

    checker = commands.add_parser("check", help="validate an answers file and list what is missing")
    checker.add_argument("file", metavar="FILE.toml", help="answers file")

    commands.add_parser("schema", help="print the JSON Schema of the answers file")

    gap = commands.add_parser(
        "gap",
        help="measure the gap from per-item results, optionally saving the counts",
        description=GAP_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    gap.add_argument("results", metavar="RESULTS", help="per-item results file (.csv, .tsv or .jsonl)")
    gap.add_argument("--answers", metavar="FILE.toml", help="write the paired counts into this answers file")
    gap.add_argument("--id-column", metavar="NAME", help="column of the item id (default: id or item_id)")
    gap.add_argument("--prompted-column", metavar="NAME", default="prompted", help="column of the prompted results (default: prompted)")
    gap.add_argument("--fine-tuned-column", metavar="NAME", default="fine_tuned", help="column of the fine-tuned results (default: fine_tuned)")
    gap.add_argument(
        "--threshold",
        metavar="SCORE",
        type=_finite_float,
        help="for numeric scores: a score at or above SCORE counts as correct (needed to write counts)",
    )
    gap.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    return parser


def _finite_float(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    handlers = {"report": _report, "check": _check, "schema": _schema, "gap": _gap, "open": _wizard, None: _wizard}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _fail(message: str) -> int:
    from tui.core.printable import printable

    print(f"tune-or-prompt: {printable(message)}", file=sys.stderr)
    return EXIT_INVALID


def _load(path: str):
    """(answers, None) or (None, one-line reason, all problems) for a file on disk."""
    from tui.core.storage import StorageError, load
    from tui.core.validation import AnswersInvalid

    try:
        return load(path), []
    except StorageError as error:
        return None, [str(error)]
    except AnswersInvalid as error:
        return None, [str(problem) for problem in error.problems]


def _report(args: argparse.Namespace) -> int:
    answers, problems = _load(args.file)
    if answers is None:
        more = f" (and {len(problems) - 1} more; run 'tune-or-prompt check' for all)" if len(problems) > 1 else ""
        return _fail(f"{args.file}: {problems[0]}{more}")
    from tui.core.assess import assess
    from tui.core.exports import render

    text = render(assess(answers), args.format)
    if args.output:
        from tui.core.storage import StorageError, write_atomic

        try:
            write_atomic(Path(args.output), text.encode("utf-8"))
        except StorageError as error:
            return _fail(str(error))
        print(f"Wrote the {args.format} report to {args.output}", file=sys.stderr)
        return EXIT_OK
    sys.stdout.write(text)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    answers, problems = _load(args.file)
    if answers is None:
        noun = "problem" if len(problems) == 1 else "problems"
        from tui.core.printable import printable

        print(f"{printable(args.file)}: {len(problems)} {noun}", file=sys.stderr)
        for problem in problems:
            print(f"  {printable(str(problem))}", file=sys.stderr)
        return EXIT_INVALID
    from tui.core.assess import missing_answers

    from tui.core.printable import printable

    missing = missing_answers(answers)
    name = printable(args.file)
    if not missing:
        print(f"{name}: valid; every answer is given.")
    else:
        noun = "answer is" if len(missing) == 1 else "answers are"
        print(f"{name}: valid; {len(missing)} {noun} still missing:")
        for path in missing:
            print(f"  {path}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from tui.core.models import Answers

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **Answers.model_json_schema()}
    schema["title"] = "tune-or-prompt answers file (schema version 1)"
    print(json.dumps(schema, indent=2))
    return EXIT_OK


def _gap(args: argparse.Namespace) -> int:
    from tui.core import gap_report
    from tui.core.models import Answers
    from tui.core.results_import import MAX_REPORTED_PROBLEMS, Columns, ResultsInvalid, read_results

    answers = Answers()
    if args.answers and Path(args.answers).exists():
        answers, problems = _load(args.answers)
        if answers is None:
            return _fail(f"{args.answers}: {problems[0]}")
    columns = Columns(id=args.id_column, prompted=args.prompted_column, fine_tuned=args.fine_tuned_column)
    try:
        results = read_results(args.results, columns)
    except ResultsInvalid as error:
        from tui.core.printable import printable

        shown = error.problems[:MAX_REPORTED_PROBLEMS]
        for problem in shown:
            where = f"{args.results}:{problem.line}" if problem.line else args.results
            print(f"tune-or-prompt: {printable(where)}: {printable(problem.message)}", file=sys.stderr)
        if len(error.problems) > len(shown):
            print(f"tune-or-prompt: ... and {len(error.problems) - len(shown):,} more problems", file=sys.stderr)
        if any(problem.line for problem in error.problems):
            print("tune-or-prompt: nothing was imported; fix the lines above and run again", file=sys.stderr)
        return EXIT_INVALID
    if args.answers and results.kind == "score" and args.threshold is None:
        print(
            f"tune-or-prompt: {args.results} holds numeric scores; give --threshold SCORE (a score at or above it "
            "counts as correct) to write paired counts into the answers file",
            file=sys.stderr,
        )
        return EXIT_USAGE
    threshold = args.threshold if results.kind == "score" else None
    figures = gap_report.analyse(args.results, results, answers.performance, threshold)
    render = gap_report.render_json if args.format == "json" else gap_report.render_text
    sys.stdout.write(render(figures))
    if args.answers:
        return _save_counts(args.answers, answers, figures.counts)
    return EXIT_OK


def _save_counts(path: str, answers, counts) -> int:
    """Write the paired counts into the answers file, keeping every other answer."""
    from tui.core.storage import StorageError, save, stamped
    from tui.core.validation import AnswersInvalid, validate_document

    document = answers.to_document()
    performance = document.setdefault("performance", {})
    for name in ("test_items", "prompted_correct", "fine_tuned_correct"):
        performance.pop(name, None)
    performance.update(status="evaluated", **counts.as_answers())
    try:
        updated = validate_document(document)
        save(stamped(updated), path)
    except AnswersInvalid as error:
        return _fail(f"{path}: {error.problems[0]}")
    except StorageError as error:
        return _fail(str(error))
    print(f"Wrote the paired counts to {path} (performance.status = \"evaluated\").", file=sys.stderr)
    return EXIT_OK


def _wizard(args: argparse.Namespace) -> int:
    import gc

    # Importing Textual and the wizard creates a few hundred thousand objects that live as long
    # as the program, and the cycle collector would scan them again and again while the first
    # screen is built (a third of the start-up time). So it is off while they are imported, and
    # then they are frozen out of its scans; the garbage of building screens is still collected.
    gc.disable()
    from tui.wizard.app import run

    gc.freeze()
    gc.enable()
    return run(getattr(args, "file", None))
