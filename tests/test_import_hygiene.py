"""SPEC §1: `report` and `check` (and the whole domain core) run without importing Textual."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import BASELINE_TOML, PARTIAL_TOML

def run_probe(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


def test_the_domain_core_and_the_command_line_import_without_textual():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import tui.core
        names = sorted(info.name for info in pkgutil.iter_modules(tui.core.__path__, "tui.core."))
        assert "tui.core.assess" in names, names
        for name in names:
            importlib.import_module(name)
        import tui.cli
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print("LOADED", loaded)
        print("CORE", len(names))
        """
    )
    process = run_probe(code)
    assert process.returncode == 0, process.stderr
    assert "LOADED []" in process.stdout, process.stdout


def test_report_check_and_schema_run_without_importing_textual(tmp_path):
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
        loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print("CODES", codes)
        print("LOADED", loaded)
        """
    )
    process = run_probe(code)
    assert process.returncode == 0, process.stderr
    assert "CODES [0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0]" in process.stdout, process.stdout
    assert "LOADED []" in process.stdout, process.stdout
