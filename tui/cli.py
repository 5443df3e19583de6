"""The command line (SPEC §1): the wizard, and `report`, `check` and `schema` without a UI.

Heavy modules are imported inside each command, so `report` and `check` never load Textual
and start as fast as pydantic allows.
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
  tune-or-prompt check my-task.toml"""


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
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    handlers = {"report": _report, "check": _check, "schema": _schema, "open": _wizard, None: _wizard}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def _fail(message: str) -> int:
    print(f"tune-or-prompt: {message}", file=sys.stderr)
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
        print(f"{args.file}: {len(problems)} {noun}", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INVALID
    from tui.core.assess import missing_answers

    missing = missing_answers(answers)
    if not missing:
        print(f"{args.file}: valid; every answer is given.")
    else:
        noun = "answer is" if len(missing) == 1 else "answers are"
        print(f"{args.file}: valid; {len(missing)} {noun} still missing:")
        for path in missing:
            print(f"  {path}")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    import json

    from tui.core.models import Answers

    schema = Answers.model_json_schema()
    schema["title"] = "tune-or-prompt answers file (schema version 1)"
    print(json.dumps(schema, indent=2))
    return EXIT_OK


def _wizard(args: argparse.Namespace) -> int:
    from tui.wizard.app import run

    return run(getattr(args, "file", None))
