"""The command line (SPEC §1): the wizard, and `report`, `check` and `schema` without a UI.

Heavy modules are imported inside each command, so `report` and `check` never load Textual
and start about as fast as the interpreter does (see the README's Performance section).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tui import __version__, price_commands

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
  tune-or-prompt gap results.csv --answers my-task.toml [--replace]
  tune-or-prompt prices gpt-4.1-mini
  tune-or-prompt reprice my-task.toml --write"""

GAP_DESCRIPTION = """\
Read per-item results (CSV, TSV or JSONL, one row per test item) and print the measured gap.
Each row has an item id and, for each approach, correct/incorrect (1/0, true/false, yes/no) or
a numeric score. With --answers, the paired counts are written into that answers file, which
is updated in place (its comments and layout are kept). A file that already holds performance
counts is left alone unless --replace is given.

Evaluation harnesses often write one file per run: give them as --prompted-file and
--fine-tuned-file, joined on the item id (every id must be in both files, once). With
--cluster-column, items that share a source get a clustered standard error (CR1, as in
statsmodels' cluster-robust OLS) and a t interval with clusters - 1 degrees of freedom."""

GAP_EPILOG = """\
examples:
  tune-or-prompt gap results.csv --answers my-task.toml
  tune-or-prompt gap --prompted-file base.jsonl --fine-tuned-file tuned.jsonl --value-column metrics.acc
  tune-or-prompt gap results.csv --cluster-column document --format json"""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the `command` about to run, only that command's arguments.

    argparse builds every command's parser when it is declared, and a run needs one: the others
    are declared for `--help`, for a mistyped command and for a run without one.
    """
    parser = argparse.ArgumentParser(
        prog="tune-or-prompt",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"tune-or-prompt {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, declare in COMMANDS.items():
        if command in (None, name):
            declare(commands)
    return parser


def _add_open_parser(commands) -> None:
    opener = commands.add_parser("open", help="start the wizard on a saved assessment")
    opener.add_argument("file", metavar="FILE.toml", help="answers file (created on first save if missing)")


def _add_report_parser(commands) -> None:
    reporter = commands.add_parser("report", help="print the recommendation and figures, no UI")
    reporter.add_argument("file", metavar="FILE.toml", help="answers file")
    reporter.add_argument("--format", choices=FORMATS, default="text", help="report format (default: text)")
    reporter.add_argument(
        "--output", metavar="PATH", help="write the report to PATH instead of standard output (replaced if it exists)"
    )


def _add_check_parser(commands) -> None:
    checker = commands.add_parser("check", help="validate an answers file and list what is missing")
    checker.add_argument("file", metavar="FILE.toml", help="answers file")


def _add_schema_parser(commands) -> None:
    commands.add_parser("schema", help="print the JSON Schema of the answers file")


def _add_gap_parser(commands) -> None:
    gap = commands.add_parser(
        "gap",
        help="measure the gap from per-item results, optionally saving the counts",
        description=GAP_DESCRIPTION,
        epilog=GAP_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        usage="%(prog)s (RESULTS | --prompted-file FILE --fine-tuned-file FILE) [options]",
    )
    gap.add_argument(
        "results",
        metavar="RESULTS",
        nargs="?",
        help="one per-item results file with both approaches (.csv, .tsv or .jsonl)",
    )
    runs = gap.add_argument_group("two run files, joined on the item id (instead of RESULTS)")
    runs.add_argument(
        "--prompted-file", metavar="FILE", help="the prompted run's per-item results (.csv, .tsv or .jsonl)"
    )
    runs.add_argument("--fine-tuned-file", metavar="FILE", help="the fine-tuned run's per-item results")
    runs.add_argument(
        "--value-column",
        metavar="NAME",
        help="column of each run's result, in both files (default: correct, score or value); "
        "in JSONL a dotted path reaches a nested value, e.g. metrics.acc",
    )
    gap.add_argument(
        "--answers", metavar="FILE.toml", help="write the paired counts into this answers file (created if missing)"
    )
    gap.add_argument(
        "--replace",
        action="store_true",
        help="replace the performance counts the answers file already holds (without it, such a file is left alone)",
    )
    gap.add_argument("--id-column", metavar="NAME", help="column of the item id (default: id or item_id)")
    gap.add_argument(
        "--prompted-column", metavar="NAME", help="one file: column of the prompted results (default: prompted)"
    )
    gap.add_argument(
        "--fine-tuned-column", metavar="NAME", help="one file: column of the fine-tuned results (default: fine_tuned)"
    )
    gap.add_argument(
        "--cluster-column",
        metavar="NAME",
        help="column naming each item's source (document, customer, conversation); adds the clustered "
        "standard error and interval of the difference (two files: read from the prompted file)",
    )
    gap.add_argument(
        "--threshold",
        metavar="SCORE",
        type=_finite_float,
        help="for numeric scores: a score at or above SCORE counts as correct (needed to write counts)",
    )
    gap.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")


COMMANDS = {
    "open": _add_open_parser,
    "report": _add_report_parser,
    "check": _add_check_parser,
    "schema": _add_schema_parser,
    "gap": _add_gap_parser,
    "prices": price_commands.add_prices_parser,
    "reprice": price_commands.add_reprice_parser,
}


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
    # No pydantic plugins are used, so pydantic (the answers file's validator) skips their entry-point scan at start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(given[0] if given and given[0] in COMMANDS else None)
    try:
        args = parser.parse_args(given)
    except SystemExit as stop:
        return int(stop.code or 0)
    handlers = {
        "report": _report,
        "check": _check,
        "schema": _schema,
        "gap": _gap,
        "prices": price_commands.list_prices,
        "reprice": lambda args: price_commands.reprice(args, _load, _fail),
        "open": _wizard,
        None: _wizard,
    }
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


def _full(path: str) -> str:
    """The path as a user can find it from anywhere: absolute, so every message names it that way."""
    return str(Path(path).absolute())


def _about(path: str, message: str) -> str:
    """`message` about the file at `path`, naming its full path once."""
    full = _full(path)
    return message if message.startswith(full) else f"{full}: {message}"


def _load(path: str):
    """(answers, []) or (None, every problem) for a file on disk."""
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
        return _fail(_about(args.file, problems[0]) + more)
    from tui.core.assess import assess
    from tui.core.exports import render

    text = render(assess(answers), args.format)
    if args.output:
        return _write_report(args.output, args.format, text)
    sys.stdout.write(text)
    return EXIT_OK


def _write_report(path: str, format: str, text: str) -> int:
    """Replace the file at `path` with the report, atomically, as command-line tools overwrite."""
    from tui.core.storage import StorageError, write_atomic

    try:
        write_atomic(Path(path), text.encode("utf-8"))
    except StorageError as error:
        return _fail(str(error))
    print(f"Wrote the {format} report to {_full(path)}", file=sys.stderr)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    answers, problems = _load(args.file)
    if answers is None:
        noun = "problem" if len(problems) == 1 else "problems"
        from tui.core.printable import printable

        print(f"{printable(_full(args.file))}: {len(problems)} {noun}", file=sys.stderr)
        for problem in problems:
            print(f"  {printable(str(problem))}", file=sys.stderr)
        return EXIT_INVALID
    from tui.core.assess import missing_answers
    from tui.core.printable import printable

    missing = missing_answers(answers)
    name = printable(_full(args.file))
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
    from tui.core.results_import import ResultsInvalid

    usage = _gap_usage(args)
    if usage:
        print(f"tune-or-prompt gap: {usage}", file=sys.stderr)
        return EXIT_USAGE
    answers = Answers()
    if args.answers and Path(args.answers).exists():
        answers, problems = _load(args.answers)
        if answers is None:
            return _fail(_about(args.answers, problems[0]))
        held = _counts_held(answers.performance)
        if held and not args.replace:
            return _fail(
                f"{_full(args.answers)} already holds performance counts ({held}); nothing was read or written. "
                "Run again with --replace to replace them"
            )
    try:
        source, results, files = _read_gap_results(args)
    except ResultsInvalid as error:
        return _results_invalid(_source_of(args), error)
    if args.answers and results.kind == "score" and args.threshold is None:
        print(
            f"tune-or-prompt: {source} holds numeric scores; give --threshold SCORE (a score at or above it "
            "counts as correct) to write paired counts into the answers file",
            file=sys.stderr,
        )
        return EXIT_USAGE
    threshold = args.threshold if results.kind == "score" else None
    figures = gap_report.analyse(source, results, answers.performance, threshold, files)
    render = gap_report.render_json if args.format == "json" else gap_report.render_text
    sys.stdout.write(render(figures))
    if args.answers:
        return _save_counts(args.answers, answers, figures.counts)
    return EXIT_OK


def _gap_usage(args: argparse.Namespace) -> str:
    """What is wrong with the way `gap` was called ("" when nothing)."""
    runs = args.prompted_file is not None or args.fine_tuned_file is not None
    if args.replace and not args.answers:
        return "--replace needs --answers FILE.toml (the file whose counts it replaces)"
    if runs and args.results:
        return "give either RESULTS (one file with both columns) or --prompted-file and --fine-tuned-file, not both"
    if runs and (args.prompted_file is None or args.fine_tuned_file is None):
        return "--prompted-file and --fine-tuned-file go together (one run file per approach)"
    if not runs and not args.results:
        return "give the results file, or --prompted-file and --fine-tuned-file"
    if runs and (args.prompted_column or args.fine_tuned_column):
        return "with two run files, name the result column with --value-column"
    if not runs and args.value_column:
        return "--value-column is for two run files; with one file use --prompted-column and --fine-tuned-column"
    return ""


def _source_of(args: argparse.Namespace) -> str:
    """How the results are named in messages: the file, or "" when each problem names its own."""
    return _full(args.results) if args.results else ""


def _read_gap_results(args: argparse.Namespace):
    """(name, results, (prompted file, fine-tuned file) or None) for the `gap` command."""
    from tui.core.results_import import Columns, JoinColumns, read_joined, read_results

    if args.results:
        columns = Columns(
            id=args.id_column,
            prompted=args.prompted_column or Columns.prompted,
            fine_tuned=args.fine_tuned_column or Columns.fine_tuned,
            cluster=args.cluster_column,
        )
        return _full(args.results), read_results(args.results, columns), None
    files = (_full(args.prompted_file), _full(args.fine_tuned_file))
    join = JoinColumns(id=args.id_column, value=args.value_column, cluster=args.cluster_column)
    results = read_joined(files[0], files[1], join)
    return f"{files[0]} + {files[1]}", results, files


def _counts_held(performance) -> str:
    """The performance counts an answers file already holds, as `name = value` pairs ("" if none)."""
    from tui.core.models import PAIRED_FIELDS, UNPAIRED_FIELDS

    given = [(name, getattr(performance, name)) for name in (*PAIRED_FIELDS, *UNPAIRED_FIELDS)]
    return ", ".join(f"{name} = {value}" for name, value in given if value is not None)


def _results_invalid(source: str, error) -> int:
    """Print each problem of a results file with its line, and what became of the import."""
    from tui.core.printable import printable
    from tui.core.results_import import MAX_REPORTED_PROBLEMS

    shown = error.problems[:MAX_REPORTED_PROBLEMS]
    for problem in shown:
        file = problem.source or source
        where = f"{file}:{problem.line}" if problem.line else file
        prefix = f"{printable(where)}: " if where else ""
        print(f"tune-or-prompt: {prefix}{printable(problem.message)}", file=sys.stderr)
    if error.total > len(shown):
        print(f"tune-or-prompt: ... and {error.total - len(shown):,} more problems", file=sys.stderr)
    if any(problem.line for problem in error.problems):
        print("tune-or-prompt: nothing was imported; fix the lines above and run again", file=sys.stderr)
    return EXIT_INVALID


def _save_counts(path: str, answers, counts) -> int:
    """Write the paired counts into the answers file in place, keeping every other answer and comment."""
    from tui.core.models import UNPAIRED_FIELDS
    from tui.core.storage import StorageError, save, stamped
    from tui.core.validation import AnswersInvalid, validate_document

    document = answers.to_document()
    performance = document.setdefault("performance", {})
    for name in UNPAIRED_FIELDS:
        performance.pop(name, None)
    performance.update(status="evaluated", **counts.as_answers())
    try:
        updated = validate_document(document)
        save(stamped(updated), path)
    except AnswersInvalid as error:
        return _fail(_about(path, str(error.problems[0])))
    except StorageError as error:
        return _fail(str(error))
    print(f'Wrote the paired counts to {_full(path)} (performance.status = "evaluated").', file=sys.stderr)
    return EXIT_OK


def _wizard(args: argparse.Namespace) -> int:
    from tui.wizard.app import run

    return run(getattr(args, "file", None))
