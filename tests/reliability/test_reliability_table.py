"""The README's reliability table is the one `python tests/reliability/table.py` rendered from a run."""

from __future__ import annotations

import json

import table


def test_the_readme_table_shows_the_counts_the_last_run_recorded():
    counts = json.loads(table.COUNTS.read_text(encoding="utf-8"))
    assert table.section(table.README.read_text(encoding="utf-8")) == table.render(counts), (
        "README.md was edited by hand or the counts changed: run python tests/reliability/table.py"
    )


def test_every_row_has_a_description_and_every_recorded_row_is_shown():
    counts = json.loads(table.COUNTS.read_text(encoding="utf-8"))
    assert set(counts["rows"]) <= set(table.ROWS)
    rendered = table.render(counts)
    for row in counts["rows"]:
        assert table.ROWS[row][0] in rendered
