"""Hostile files opened from inside the wizard (Ctrl+O): a message or the answers, never a crash.

The same hand-made corpus the command line is tested with, opened one after another in one
running wizard. A file that cannot be shown leaves the current assessment as it was; one that
can is shown with at most a handful of warnings, however many problems it has.
"""

from __future__ import annotations

import sys
from pathlib import Path

from drive import SAMPLE, WIDE, open_app
from running import control_characters_drawn
from textual.widgets import Input

from tui.core import storage
from tui.wizard.app import MAX_WARNINGS_SHOWN, WizardApp
from tui.wizard.dialogs import PathPrompt
from tui.wizard.screens.base import StepScreen

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reliability"))
from hostile import corpus  # noqa: E402


def record_titles(app: WizardApp) -> list[str]:
    titles: list[str] = []
    shown = app.notify

    def notify(message, *, title="", **kwargs):
        titles.append(title)
        return shown(message, title=title, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return titles


async def test_every_hostile_file_opened_in_the_wizard_gives_a_message_or_its_answers(tmp_path, record_property):
    files = corpus()
    app = open_app(SAMPLE)
    titles = record_titles(app)
    async with app.run_test(size=WIDE) as pilot:
        for number, (name, data) in enumerate(sorted(files.items())):
            path = tmp_path / f"{number:02d} hostile.toml"
            path.write_bytes(data)
            before = (app.path, dict(app.form.raw))
            titles.clear()
            opened = app.open_path(path)
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, StepScreen), name
            if opened:
                assert app.path == path and titles[0] == "Opened", name
                assert titles.count("Left out of this assessment") <= MAX_WARNINGS_SHOWN + 1, name
            else:
                assert titles == ["Not opened"], name
                assert (app.path, dict(app.form.raw)) == before, "a refused file changes nothing"
            assert control_characters_drawn(app) == [], name
    record_property("reliability", {"row": "open_files", "count": len(files)})


async def test_names_that_look_like_markup_or_are_not_ascii_open_and_save(tmp_path):
    """A name that looks like Textual markup is shown as it is, not styled or refused."""
    path = tmp_path / "[bold red]x [link=http:example.com]y [@click=app.quit]z.toml"
    path.write_bytes(SAMPLE.read_bytes())
    app = WizardApp()
    titles = record_titles(app)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        app.screen.query_one("#path", Input).value = str(path)
        await pilot.press("enter")
        await pilot.pause()
        assert app.path == path and "Opened" in titles
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Saved" in titles
        elsewhere = tmp_path / "dossier à part" / "tâche 評価 🙂.toml"
        elsewhere.parent.mkdir()
        await pilot.press("f12")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(elsewhere)
        await pilot.press("enter")
        await pilot.pause()
        assert app.path == elsewhere and not app.dirty
        assert app.open_path(path) and app.open_path(elsewhere)
    saved, original = storage.load(elsewhere), storage.load(path)
    assert (saved.volume, saved.stability, saved.data, saved.performance) == (
        original.volume,
        original.stability,
        original.data,
        original.performance,
    )
