"""SPEC §1: `report` and `check` (and the whole domain core) run without importing Textual or Rich."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import BASELINE_TOML, PARTIAL_TOML


def run_probe(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_the_domain_core_and_the_command_line_import_without_textual_or_rich():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import tui.core
        names = sorted(info.name for info in pkgutil.iter_modules(tui.core.__path__, "tui.core."))
        assert "tui.core.assess" in names, names
        for name in names:
            importlib.import_module(name)
        import tui.cli
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
        print("LOADED", loaded)
        print("CORE", len(names))
        """
    )
    process = run_probe(code)
    assert process.returncode == 0, process.stderr
    assert "LOADED []" in process.stdout, process.stdout


def test_report_check_and_schema_run_without_importing_textual_or_rich(tmp_path):
    complete = tmp_path / "complete.toml"
    complete.write_text(BASELINE_TOML, encoding="utf-8")
    partial = tmp_path / "partial.toml"
    partial.write_text(PARTIAL_TOML, encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text("x = = 1\n", encoding="utf-8")
    code = textwrap.dedent(
        f"""
        import contextlib, io, sys
        from tui.cli import main

        codes = []
        sink = io.StringIO()
        with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
            for fmt in ("text", "markdown", "jira", "json"):
                codes.append(main(["report", {str(complete)!r}, "--format", fmt]))
            codes.append(main(["report", {str(partial)!r}]))
            codes.append(main(["report", {str(broken)!r}]))
            codes.append(main(["report", {str(complete)!r}, "--output", {str(tmp_path / "out.md")!r}]))
            codes.append(main(["check", {str(complete)!r}]))
            codes.append(main(["check", {str(partial)!r}]))
            codes.append(main(["check", {str(broken)!r}]))
            codes.append(main(["schema"]))
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich"))
        print("CODES", codes)
        print("LOADED", loaded)
        """
    )
    process = run_probe(code)
    assert process.returncode == 0, process.stderr
    assert "CODES [0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0]" in process.stdout, process.stdout
    assert "LOADED []" in process.stdout, process.stdout


SAMPLES = Path(__file__).resolve().parents[1] / "sample_answers"


def imported_by(command: list[str]) -> set[str]:
    """The modules a run of the command line loads, in a fresh interpreter."""
    code = textwrap.dedent(
        f"""
        import contextlib, io, sys
        from tui.cli import main

        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            main({command!r})
        print("\\n".join(sorted(sys.modules)))
        """
    )
    process = run_probe(code)
    assert process.returncode == 0, process.stderr
    return set(process.stdout.split())


def test_report_and_check_load_no_ui_toolkit():
    """The boundary itself: a report or a check never loads Textual or Rich."""
    for command in (
        ["report", str(SAMPLES / "fine_tuning_high_volume_stable.toml"), "--format", "json"],
        ["check", str(SAMPLES / "incomplete_half_answered.toml")],
    ):
        loaded = imported_by(command)
        assert "tui.core.assess" in loaded or command[0] == "check", sorted(loaded)
        ui = sorted(m for m in loaded if m.split(".")[0] in ("textual", "rich") or m.startswith("tui.wizard"))
        assert ui == [], (command, ui)


def test_a_report_without_a_learning_curve_does_not_load_the_curve_fitting():
    loaded = imported_by(["report", str(SAMPLES / "fine_tuning_high_volume_stable.toml"), "--format", "json"])
    assert "tui.core.learning_curve" not in loaded
