"""The model picker on the Volume step: type to filter, Enter fills a side's prices from the catalogue."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

from drive import WIDE, control, open_app, shown_text
from textual.widgets import OptionList

from tui.core.prices import catalogue_version, lookup
from tui.wizard.app import WizardApp
from tui.wizard.picker import ModelPicker


async def settle(pilot) -> None:
    """Wait until the picker's catalogue search in its thread has been shown."""
    for _ in range(200):
        await pilot.pause(0.05)
        screen = pilot.app.screen
        if not isinstance(screen, ModelPicker) or not any(
            worker.is_running for worker in pilot.app.workers if worker.node is screen
        ):
            return


async def pick(pilot, side: str, query: str | None, *keys: str) -> None:
    """Open a side's picker from its button, type a query, press `keys` (by default Enter)."""
    button = pilot.app.screen.query_one(f"#pick-{side}")
    button.focus()
    await pilot.press("enter")
    await settle(pilot)
    if query is not None:
        await pilot.press(*query)
        await settle(pilot)
    await pilot.press(*(keys or ("enter",)))
    await pilot.pause()


async def test_picking_a_model_fills_the_side_and_the_saved_file_names_it(tmp_path: Path):
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pick(pilot, "prompted", "gpt-4.1-mini")
        assert control(app, "volume.prompted.input_usd_per_mtok").value == "0.4"
        assert control(app, "volume.prompted.output_usd_per_mtok").value == "1.6"
        assert app.form.modes["volume.prompted"] == "tokens"
        line = shown_text(app.screen.query_one("#provenance-prompted"))
        assert "Priced from openai:gpt-4.1-mini" in line and catalogue_version() in line
        assert app.save_to(tmp_path / "picked.toml")
    saved = tomllib.loads((tmp_path / "picked.toml").read_text(encoding="utf-8"))["volume"]["prompted"]
    entry = lookup("openai:gpt-4.1-mini")
    assert entry is not None
    assert saved["model"] == "openai:gpt-4.1-mini"
    assert (saved["input_usd_per_mtok"], saved["output_usd_per_mtok"]) == (0.4, 1.6)
    assert saved["prices_from"] == catalogue_version()
    assert saved["prices_checked_on"] == entry.checked_on


async def test_the_list_shows_each_models_source_and_date_and_typing_filters_it():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#pick-prompted").focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press(*"claude")
        await settle(pilot)
        options = app.screen.query_one("#picker-list", OptionList)
        rows = [str(options.get_option_at_index(index).prompt) for index in range(options.option_count)]
        assert rows and all("claude" in row.lower() for row in rows)
        first = lookup(rows[0].splitlines()[0])
        assert first is not None and first.checked_on.isoformat() in rows[0]
        await pilot.press("escape")
        await pilot.pause()
        assert "volume.prompted.model" not in app.form.kept
        assert app.form.modes["volume.prompted"] == "direct"


async def test_a_fine_tuned_pick_brings_hosting_by_the_hour_and_the_training_price():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pick(pilot, "fine_tuned", "ft:gpt-4.1-mini")
        entry = lookup("openai:ft:gpt-4.1-mini")
        assert entry is not None and entry.training_usd_per_mtok is not None
        volume = app.form.document().volume.fine_tuned
        assert volume.model == "openai:ft:gpt-4.1-mini"
        assert (volume.input_usd_per_mtok, volume.output_usd_per_mtok) == (
            entry.input_usd_per_mtok,
            entry.output_usd_per_mtok,
        )
        assert volume.hosting_usd_per_hour == entry.hosting_usd_per_hour
        assert app.form.modes["data"] == "tokens"
        await pilot.press("f5")
        await pilot.pause()
        assert control(app, "data.training_usd_per_mtok").value == "5"
        assert app.form.document().data.training_usd_per_mtok == entry.training_usd_per_mtok


async def test_typing_a_price_by_hand_stops_naming_the_catalogue_model():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pick(pilot, "prompted", "gpt-4.1-mini")
        control(app, "volume.prompted.input_usd_per_mtok").focus()
        await pilot.press("end", "5")
        await pilot.pause()
        prompted = app.form.document().volume.prompted
        assert prompted.input_usd_per_mtok == 0.45
        assert (prompted.model, prompted.prices_from, prompted.prices_checked_on) == (None, None, None)
        assert shown_text(app.screen.query_one("#provenance-prompted")).strip() == ""


async def test_a_model_the_catalogue_no_longer_lists_keeps_its_prices(tmp_path: Path):
    path = tmp_path / "old.toml"
    path.write_text(
        'schema_version = 1\n[volume.prompted]\nmodel = "openai:gpt-retired-9"\ninput_tokens = 1000\n'
        "output_tokens = 100\ninput_usd_per_mtok = 2.0\noutput_usd_per_mtok = 8.0\n",
        encoding="utf-8",
    )
    from drive import open_app

    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#pick-prompted").focus()
        await pilot.press("enter")
        await settle(pilot)
        status = shown_text(app.screen.query_one("#picker-status"))
        assert "openai:gpt-retired-9 is no longer in" in " ".join(status.split())
        await pilot.press("escape")
        await pilot.pause()
        prompted = app.form.document().volume.prompted
        assert (prompted.input_usd_per_mtok, prompted.output_usd_per_mtok) == (2.0, 8.0)
        assert prompted.model == "openai:gpt-retired-9"


def test_starting_the_wizard_on_the_volume_step_does_not_load_the_catalogue():
    code = textwrap.dedent(
        """
        import asyncio, sys
        from tui.wizard.app import WizardApp

        async def main():
            app = WizardApp()
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.press("f3")
                await pilot.pause()
                assert app.screen.STEP == "volume"
                assert app.screen.query("#pick-prompted")
        asyncio.run(main())
        print("LOADED", sorted(m for m in sys.modules if m.split(".")[0] == "genai_prices"))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "LOADED []" in done.stdout, done.stdout


async def test_closing_the_picker_while_the_catalogue_loads_changes_nothing():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#pick-prompted").focus()
        await pilot.press("enter", "g", "p", "t", "escape")
        for _ in range(100):  # the search in its thread ends after the picker has closed
            await pilot.pause(0.05)
            if not any(
                worker.is_running and worker.group == "picker" and worker.node is not app.screen
                for worker in app.workers
            ):
                break
        assert app.screen.STEP == "volume"
        assert app.return_code is None
        assert "volume.prompted.model" not in app.form.kept


async def test_picking_a_model_whose_prices_are_already_typed_is_an_unsaved_change(tmp_path: Path):
    """The prices stay the same, but the file would now name the model: the title says unsaved,
    and quitting asks before the pick is lost."""
    path = tmp_path / "typed.toml"
    path.write_text(
        "schema_version = 1\n[volume.prompted]\ninput_tokens = 1000\noutput_tokens = 100\n"
        "input_usd_per_mtok = 0.4\noutput_usd_per_mtok = 1.6\n",
        encoding="utf-8",
    )
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "unsaved" not in app.sub_title
        await pick(pilot, "prompted", "gpt-4.1-mini")
        assert control(app, "volume.prompted.input_usd_per_mtok").value == "0.4"
        assert app.sub_title == "typed.toml ● unsaved"
        assert app.dirty
        assert app.save_to(path, overwrite=True)
        assert app.sub_title == "typed.toml"
    saved = tomllib.loads(path.read_text(encoding="utf-8"))["volume"]["prompted"]
    assert saved["model"] == "openai:gpt-4.1-mini"
