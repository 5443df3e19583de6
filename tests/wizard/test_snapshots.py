"""Screenshots of every step at 120×40 and of the Summary at 80×24, compared with approved ones.

Run `pytest tests/wizard/test_snapshots.py --snapshot-update` after a deliberate change of
look, and review the SVGs in __snapshots__ before committing them.
"""

from __future__ import annotations

import pytest
from drive import NARROW, SAMPLE, SAMPLES, WIDE, open_app, type_answer
from textual.widgets import Input, TextArea

from tui.wizard.app import WizardApp


async def _still(pilot) -> None:
    """Wait for what a step mounts after its first frame, and stop cursors blinking, so that
    screenshots are stable."""
    for _ in range(100):
        if not pilot.app.screen.query("Lazy"):
            break
        await pilot.pause(0.02)
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, (Input, TextArea))
        widget.cursor_blink = False
    await pilot.pause()


def _go(key: str):
    async def run_before(pilot) -> None:
        await pilot.press(key)
        await pilot.pause()
        await _still(pilot)

    return run_before


@pytest.mark.parametrize(
    "key, step",
    [
        ("f2", "assessment"),
        ("f3", "volume"),
        ("f4", "stability"),
        ("f5", "data"),
        ("f6", "performance"),
        ("f7", "summary"),
    ],
)
def test_each_step_at_120_by_40(snap_compare, key, step):
    assert snap_compare(open_app(SAMPLE), terminal_size=WIDE, run_before=_go(key))


def test_summary_at_80_by_24(snap_compare):
    assert snap_compare(open_app(SAMPLES / "prompting_low_volume.toml"), terminal_size=NARROW, run_before=_go("f7"))


def test_new_assessment_at_120_by_40(snap_compare):
    assert snap_compare(WizardApp(), terminal_size=WIDE, run_before=_still)


def test_volume_step_with_an_error_at_120_by_40(snap_compare):
    async def run_before(pilot) -> None:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "forty thousand")
        await _still(pilot)

    assert snap_compare(WizardApp(), terminal_size=WIDE, run_before=run_before)
