"""The recovery file (tui.core.recovery): where it lives, what it keeps, and what it refuses to read."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from tui.core import recovery
from tui.core.form import Form


def typed_form() -> Form:
    form = Form()
    form.set("assessment.title", "Half typed \x1b[31m")
    form.set("volume.calls_per_month", "40,0")  # does not validate: kept anyway
    form.set("volume.prompted.input_tokens", "1800")
    form.set_mode("volume.prompted", "tokens")
    form.keep("assessment.created_at", dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    return form


def test_the_recovery_file_sits_next_to_the_assessment_or_in_the_folder_of_a_new_one(tmp_path):
    assert recovery.path_for(tmp_path / "my task.toml") == tmp_path / ".my task.toml.recovery"
    assert recovery.path_for(None, tmp_path) == tmp_path / f".tune-or-prompt-new-{os.getpid()}.recovery"


def test_every_text_as_typed_comes_back_with_modes_and_kept_values(tmp_path):
    path = tmp_path / ".a.toml.recovery"
    form = typed_form()
    recovery.write(path, form, tmp_path / "a.toml")
    found = recovery.read(path)
    assert found is not None and found.target == str(tmp_path / "a.toml")
    back = found.form()
    assert back.raw == form.raw and back.modes == form.modes and back.kept == form.kept
    assert back.evaluate().errors == form.evaluate().errors
    assert found.written_at is not None
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_empty_texts_do_not_make_two_forms_differ():
    first, second = typed_form(), typed_form()
    second.set("data.preparation_usd", "")
    assert recovery.same_answers(first, second)
    second.set("data.preparation_usd", "5")
    assert not recovery.same_answers(first, second)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\xff\xfe\x00",
        b"[]",
        b"null",
        b"{" * 50_000,
        json.dumps({"format": "other", "version": 1, "raw": {}, "modes": {}, "kept": {}}).encode(),
        json.dumps({"format": recovery.FORMAT, "version": 2, "raw": {}, "modes": {}, "kept": {}}).encode(),
        json.dumps({"format": recovery.FORMAT, "version": 1, "raw": [], "modes": {}, "kept": {}}).encode(),
    ],
)
def test_a_damaged_or_foreign_recovery_file_reads_as_none(content, tmp_path):
    path = tmp_path / ".a.toml.recovery"
    path.write_bytes(content)
    assert recovery.read(path) is None


def test_unknown_questions_modes_and_values_in_a_recovery_file_are_dropped(tmp_path):
    path = tmp_path / ".a.toml.recovery"
    path.write_text(
        json.dumps(
            {
                "format": recovery.FORMAT,
                "version": 1,
                "raw": {"volume.calls_per_month": "5", "not.a.question": "x", "assessment.title": 7},
                "modes": {"volume.prompted": "telepathy", "performance": "unpaired", "nowhere": "x"},
                "kept": {"assessment.created_at": {"datetime": "not a date"}, "other": 1},
            }
        )
    )
    found = recovery.read(path)
    assert found is not None
    assert found.raw == {"volume.calls_per_month": "5"}
    assert found.modes == {"performance": "unpaired"}
    assert found.kept == {}


def test_removing_a_missing_recovery_file_is_fine(tmp_path: Path):
    recovery.remove(tmp_path / ".nothing.recovery")


def test_a_picked_models_name_source_and_date_survive_the_recovery_file(tmp_path: Path):
    form = Form()
    form.set("volume.prompted.input_usd_per_mtok", "0.4")
    form.keep("volume.prompted.model", "openai:gpt-4.1-mini")
    form.keep("volume.prompted.prices_from", "genai-prices 0.2.3")
    form.keep("volume.prompted.prices_checked_on", dt.date(2026, 11, 2))
    form.keep("assessment.created_at", dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC))
    path = tmp_path / "a.recovery"

    recovery.write(path, form, tmp_path / "a.toml")
    back = recovery.read(path)

    assert back is not None
    assert back.raw == {"volume.prompted.input_usd_per_mtok": "0.4"}
    assert back.kept == {
        "volume.prompted.model": "openai:gpt-4.1-mini",
        "volume.prompted.prices_from": "genai-prices 0.2.3",
        "volume.prompted.prices_checked_on": dt.date(2026, 11, 2),
        "assessment.created_at": dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC),
    }
