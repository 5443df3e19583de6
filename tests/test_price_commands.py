"""SPEC §9 on the command line: `prices`, `reprice`, and the caution for prices checked long ago."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

from tui.cli import main
from tui.core.assess import price_cautions
from tui.core.validation import validate_document

CATALOGUE_FILE = textwrap.dedent(
    """\
    # Priced from the catalogue on 1 June.
    schema_version = 1

    [volume]
    calls_per_month = 60_000

    [volume.prompted]
    model = "openai:gpt-4.1"   # picked in the wizard
    input_tokens = 1800
    output_tokens = 250
    input_usd_per_mtok = 2.5
    output_usd_per_mtok = 10.0
    prices_from = "genai-prices 0.2.1"
    prices_checked_on = 2026-06-01

    [volume.fine_tuned]
    model = "openai:a-model-no-catalogue-lists"
    cost_per_call_usd = 0.002
    """
)


def test_prices_gives_gpt_4_1_mini_with_its_training_price_source_and_date(capsys):
    assert main(["prices", "gpt-4.1-mini", "--format", "json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    first = entries[0]
    assert first["model"] == "openai:gpt-4.1-mini"
    assert (first["input_usd_per_mtok"], first["output_usd_per_mtok"]) == (0.4, 1.6)
    assert first["training_usd_per_mtok"] == 5.0
    assert first["training_source"].startswith("https://") and first["training_checked_on"]
    assert set(first) >= {
        "model",
        "input_usd_per_mtok",
        "output_usd_per_mtok",
        "training_usd_per_mtok",
        "hosting_usd_per_hour",
        "source",
        "checked_on",
    }


def test_prices_as_text_names_the_source_and_date(capsys):
    assert main(["prices", "gpt-4.1-mini"]) == 0
    out = capsys.readouterr().out
    assert "openai:gpt-4.1-mini" in out and "$0.40" in out and "$1.60" in out
    assert "checked 20" in out and "https://" in out


def test_prices_without_a_match_says_so(capsys):
    assert main(["prices", "no-such-model-anywhere"]) == 1
    assert "no model in the catalogue matches" in capsys.readouterr().err


def test_reprice_names_the_model_and_what_changes(tmp_path, capsys):
    path = tmp_path / "task.toml"
    path.write_text(CATALOGUE_FILE)
    assert main(["reprice", str(path)]) == 0
    out = capsys.readouterr().out
    assert "openai:gpt-4.1" in out and "$2.50 →" in out
    assert "no longer lists" in out and "openai:a-model-no-catalogue-lists" in out
    assert path.read_text() == CATALOGUE_FILE, "without --write nothing is written"


def test_reprice_write_keeps_the_comments_and_never_prices_an_unlisted_model_at_zero(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text(CATALOGUE_FILE)
    assert main(["reprice", str(path), "--write"]) == 0
    text = path.read_text()
    assert "# Priced from the catalogue on 1 June." in text and "# picked in the wizard" in text
    assert "calls_per_month = 60_000" in text
    assert 'prices_from = "genai-prices 0.2.3"' in text
    assert "cost_per_call_usd = 0.002" in text, "the unlisted model keeps its own price"


def test_a_price_checked_more_than_90_days_ago_gets_a_caution_naming_the_model_and_date():
    answers = validate_document(
        {"volume": {"prompted": {"model": "openai:gpt-4.1", "prices_checked_on": dt.date(2026, 6, 1)}}}
    )
    (caution,) = price_cautions(answers, dt.date(2026, 12, 1))
    assert "openai:gpt-4.1" in caution and "2026-06-01" in caution
    assert price_cautions(answers, dt.date(2026, 8, 30)) == [], "90 days is not yet stale"


def test_report_and_check_never_import_the_price_catalogue(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text(CATALOGUE_FILE)
    code = textwrap.dedent(
        f"""
        import sys, contextlib, io
        from tui.cli import main
        with contextlib.redirect_stdout(io.StringIO()):
            main(["report", {str(path)!r}, "--format", "json"])
            main(["check", {str(path)!r}])
        print("genai_prices" in sys.modules)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.stdout.strip() == "False", done.stderr
