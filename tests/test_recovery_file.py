"""The recovery file keeps what a save would write, including values no question asks for."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tui.core import recovery
from tui.core.form import Form


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
