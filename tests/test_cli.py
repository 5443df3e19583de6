"""SPEC §1: the headless command line, run as a real process (`python -m tui`)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import BASELINE_TOML, PARTIAL_TOML, SPEC_JSON_KEYS, json_path


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        timeout=60,
    )


def assert_one_line_error(process: subprocess.CompletedProcess, code: int = 1) -> str:
    assert process.returncode == code, process.stderr
    assert "Traceback" not in process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr
    assert process.stdout == ""
    return lines[0]


# report --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("format", "expected"),
    [
        ("text", "Recommendation: fine-tuning"),
        ("markdown", "**Recommendation: fine-tuning**"),
        ("jira", "*Recommendation: fine-tuning*"),
        ("json", '"recommendation": "fine_tuning"'),
    ],
)
def test_report_on_a_valid_file_succeeds_in_each_format(answers_file, format, expected):
    process = run("report", str(answers_file()), "--format", format)
    assert process.returncode == 0, process.stderr
    assert expected in process.stdout
    assert "Traceback" not in process.stderr


def test_report_defaults_to_text(answers_file):
    process = run("report", str(answers_file()))
    assert process.returncode == 0
    assert "Recommendation: fine-tuning" in process.stdout


def test_report_json_has_the_spec_keys(answers_file):
    process = run("report", str(answers_file()), "--format", "json")
    report = json.loads(process.stdout)
    for path in SPEC_JSON_KEYS:
        json_path(report, path)
    assert report["economics"]["crossover_calls"] == 50_000


def test_report_on_a_partial_file_is_incomplete_and_succeeds(answers_file):
    process = run("report", str(answers_file(PARTIAL_TOML)), "--format", "json")
    assert process.returncode == 0, process.stderr
    report = json.loads(process.stdout)
    assert report["recommendation"] == "incomplete"
    assert "volume.fine_tuned.cost_per_call_usd" in report["missing"]
    assert "volume.calls_per_month" not in report["missing"]


def test_report_on_malformed_toml_fails_with_one_line(answers_file):
    path = answers_file("[volume\ncalls_per_month = 3\n")
    line = assert_one_line_error(run("report", str(path)))
    assert "line 1" in line
    assert str(path) in line


def test_report_on_a_missing_file_fails(tmp_path):
    line = assert_one_line_error(run("report", str(tmp_path / "absent.toml")))
    assert "does not exist" in line


def test_report_on_invalid_answers_fails_naming_the_field(answers_file):
    path = answers_file("[volume.prompted]\ncost_per_call_usd = -1\n\n[data]\nlabelled_examples = 1.5\n")
    line = assert_one_line_error(run("report", str(path)))
    assert "volume.prompted.cost_per_call_usd" in line


def test_report_on_non_utf8_fails_cleanly(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('[assessment]\ntitle = "café"\n'.encode("latin-1"))
    line = assert_one_line_error(run("report", str(path)))
    assert "UTF-8" in line


def test_report_with_an_unknown_format_is_a_usage_error(answers_file):
    process = run("report", str(answers_file()), "--format", "pdf")
    assert process.returncode == 2
    assert "Traceback" not in process.stderr
    assert process.stdout == ""


def test_an_unknown_command_is_a_usage_error():
    process = run("frobnicate")
    assert process.returncode == 2
    assert "Traceback" not in process.stderr


def test_report_without_a_file_is_a_usage_error():
    assert run("report").returncode == 2


def test_report_output_writes_the_file(answers_file, tmp_path):
    target = tmp_path / "ticket.md"
    process = run("report", str(answers_file()), "--format", "markdown", "--output", str(target))
    assert process.returncode == 0, process.stderr
    assert process.stdout == ""
    assert "**Recommendation: fine-tuning**" in target.read_text(encoding="utf-8")
    assert list(tmp_path.glob("*.tmp")) == [] and list(tmp_path.glob(".*")) == []


def test_report_output_into_a_missing_folder_fails_cleanly(answers_file, tmp_path):
    line = assert_one_line_error(run("report", str(answers_file()), "--output", str(tmp_path / "nowhere" / "out.txt")))
    assert "nowhere" in line


def test_report_on_a_vanishingly_small_saving_does_not_crash(answers_file):
    text = BASELINE_TOML.replace("cost_per_call_usd = 0.03", "cost_per_call_usd = 1e-310").replace(
        "cost_per_call_usd = 0.006", "cost_per_call_usd = 0.0"
    )
    process = run("report", str(answers_file(text)), "--format", "json")
    assert process.returncode == 0
    assert "Traceback" not in process.stderr


# check -----------------------------------------------------------------------------------------


def test_check_lists_every_problem_with_its_path_and_fails(answers_file):
    path = answers_file(
        '[volume]\ncalls_per_month = -5\n\n[volume.prompted]\ncost_per_call_usd = "cheap"\n\n'
        '[stability]\nchange_frequency = "hourly"\n\n[data]\nlabeled_examples = 10\n'
    )
    process = run("check", str(path))
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    output = process.stdout + process.stderr
    for field in (
        "volume.calls_per_month",
        "volume.prompted.cost_per_call_usd",
        "stability.change_frequency",
        "data.labeled_examples",
    ):
        assert field in output, field


def test_check_on_a_partial_file_succeeds_and_lists_what_is_missing(answers_file):
    process = run("check", str(answers_file(PARTIAL_TOML)))
    assert process.returncode == 0, process.stderr
    for field in (
        "volume.fine_tuned.cost_per_call_usd",
        "stability.change_frequency",
        "data.labelled_examples",
        "performance.status",
    ):
        assert field in process.stdout, field
    assert "volume.calls_per_month" not in process.stdout


def test_check_on_a_complete_file_succeeds(answers_file):
    process = run("check", str(answers_file()))
    assert process.returncode == 0
    assert "valid" in process.stdout


def test_check_on_malformed_toml_fails_without_a_traceback(answers_file):
    process = run("check", str(answers_file("x = = 1\n")))
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert "line 1" in process.stderr


def test_check_on_a_newer_schema_fails(answers_file):
    process = run("check", str(answers_file("schema_version = 2\n")))
    assert process.returncode == 1
    assert "newer" in process.stdout + process.stderr


def test_check_on_a_missing_file_fails(tmp_path):
    process = run("check", str(tmp_path / "absent.toml"))
    assert process.returncode == 1
    assert "Traceback" not in process.stderr


# schema ----------------------------------------------------------------------------------------


def test_schema_prints_a_json_schema_of_the_answers_file():
    process = run("schema")
    assert process.returncode == 0, process.stderr
    schema = json.loads(process.stdout)
    assert {"schema_version", "assessment", "volume", "stability", "data", "performance"} <= set(schema["properties"])
    assert schema.get("additionalProperties") is False


# arguments -------------------------------------------------------------------------------------

# One command line for each command, with its options.
COMMAND_LINES = [
    ["open", "task.toml"],
    ["report", "task.toml", "--format", "jira", "--output", "ticket.txt"],
    ["check", "task.toml"],
    ["schema"],
    ["gap", "--prompted-file", "a.jsonl", "--fine-tuned-file", "b.jsonl", "--value-column", "m.acc", "--replace"],
    ["gap", "results.csv", "--answers", "task.toml", "--threshold", "0.5", "--format", "json"],
    ["prices", "gpt-4.1", "mini", "--format", "json"],
    ["reprice", "task.toml", "--write"],
]


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda argv: argv[0])
def test_a_command_is_read_the_same_when_only_its_own_arguments_are_declared(argv):
    from tui.cli import COMMANDS, build_parser

    assert argv[0] in COMMANDS
    assert build_parser(argv[0]).parse_args(argv) == build_parser().parse_args(argv)


def test_every_command_has_a_command_line_above():
    from tui.cli import COMMANDS

    assert set(COMMANDS) == {argv[0] for argv in COMMAND_LINES}


def test_the_help_lists_every_command():
    from tui.cli import COMMANDS

    process = run("--help")
    assert process.returncode == 0
    listed = {line.split()[0] for line in process.stdout.splitlines() if line.startswith("    ")}
    assert set(COMMANDS) <= listed


def test_a_mistyped_command_names_every_command():
    from tui.cli import COMMANDS

    process = run("reprot", "task.toml")
    assert process.returncode == 2
    choices = process.stderr.partition("choose from")[2]  # quoted or not, as the Python release has it
    assert set(COMMANDS) <= set(re.findall(r"[a-z]+", choices))
