"""Importing per-item results on the Performance step: in the background, cancellable, one file or two."""

from __future__ import annotations

import json
import time
from pathlib import Path

from drive import WIDE, control, read_in_background, shown_text
from textual.widgets import Input, ProgressBar, Static

from tui.wizard.app import WizardApp
from tui.wizard.import_dialog import ImportResultsDialog


async def open_dialog(pilot) -> ImportResultsDialog:
    await pilot.press("f6")
    await pilot.pause()
    await pilot.click("#import-results")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ImportResultsDialog)
    return pilot.app.screen


def text_of(dialog: ImportResultsDialog, selector: str) -> str:
    return " ".join(shown_text(dialog.query_one(selector, Static)).split())


def hold_the_reading(monkeypatch) -> None:
    """After its first progress report, the reading waits for Esc (at most 20 s): however fast
    the machine, Esc then always comes while the file is being read."""
    from tui.core import results_import

    real = results_import.read_results

    def held(path, columns, *, progress, cancelled, **options):
        def report(reached):
            progress(reached)
            for _ in range(400):
                if cancelled():
                    return
                time.sleep(0.05)

        return real(path, columns, progress=report, cancelled=cancelled, **options)

    monkeypatch.setattr(results_import, "read_results", held)


async def test_esc_stops_a_long_import_and_leaves_the_form_as_it_was(tmp_path: Path, monkeypatch):
    big = tmp_path / "big.csv"
    rows = "".join(f"item{index},{index % 2},{(index // 2) % 2}\n" for index in range(300_000))
    big.write_text("id,prompted,fine_tuned\n" + rows, encoding="utf-8")
    hold_the_reading(monkeypatch)
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        app.answer("performance.both_correct", "7")
        before = (dict(app.form.raw), dict(app.form.modes))
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(big)
        await pilot.press("enter")
        for _ in range(200):  # until the first rows have been read
            await pilot.pause(0.05)
            if "rows read" in text_of(dialog, "#import-status"):
                break
        assert "rows read" in text_of(dialog, "#import-status")
        bar = dialog.query_one("#import-progress", ProgressBar)
        assert bar.display and bar.total is not None and 0 < bar.percentage < 1  # the size is known: a fraction
        await pilot.press("tab")  # keys keep working while the file is read
        await pilot.press("escape")
        await read_in_background(pilot)
        assert app.screen is dialog
        assert "nothing was imported" in text_of(dialog, "#import-status").lower()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.STEP == "performance"
        assert (dict(app.form.raw), dict(app.form.modes)) == before


async def test_two_run_files_are_joined_on_the_id_and_fill_the_counts(tmp_path: Path):
    prompted = tmp_path / "prompted.jsonl"
    fine_tuned = tmp_path / "fine_tuned.jsonl"
    runs = {"a": (1, 1), "b": (0, 1), "c": (1, 0), "d": (0, 0), "e": (0, 1), "f": (1, 1)}
    prompted.write_text("".join(json.dumps({"id": k, "metrics": {"acc": p}}) + "\n" for k, (p, _) in runs.items()))
    fine_tuned.write_text(
        "".join(json.dumps({"id": k, "metrics": {"acc": t}}) + "\n" for k, (_, t) in reversed(runs.items()))
    )
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.click("#layout-two")
        await pilot.pause()
        dialog.query_one("#prompted-path", Input).value = str(prompted)
        dialog.query_one("#fine-tuned-path", Input).value = str(fine_tuned)
        dialog.query_one("#value-column", Input).value = "metrics.acc"
        dialog.query_one("#value-column", Input).focus()
        await pilot.press("enter")
        await read_in_background(pilot)
        assert app.screen.STEP == "performance"
        perf = app.form.document().performance
        assert (perf.both_correct, perf.only_prompted_correct, perf.only_fine_tuned_correct, perf.both_wrong) == (
            2,
            1,
            2,
            1,
        )
        assert control(app, "performance.both_correct").value == "2"


async def test_ids_in_one_run_file_only_are_named_and_nothing_is_imported(tmp_path: Path):
    prompted = tmp_path / "prompted.csv"
    fine_tuned = tmp_path / "fine_tuned.csv"
    prompted.write_text("id,correct\na,1\nb,0\nc,1\n")
    fine_tuned.write_text("id,correct\na,1\nb,1\n")
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        dialog = await open_dialog(pilot)
        await pilot.click("#layout-two")
        await pilot.pause()
        dialog.query_one("#prompted-path", Input).value = str(prompted)
        dialog.query_one("#fine-tuned-path", Input).value = str(fine_tuned)
        dialog.query_one("#fine-tuned-path", Input).focus()
        await pilot.press("enter")
        await read_in_background(pilot)
        message = text_of(dialog, "#import-error")
        assert "1" in message and "'c'" in message and "Nothing was imported" in message
        assert app.form.document().performance.both_correct is None


async def test_many_bad_rows_say_how_many_more_there_are(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,prompted,fine_tuned\n" + "".join(f"i{n},1,maybe\n" for n in range(40)))
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(bad)
        await pilot.press("enter")
        await read_in_background(pilot)
        assert "and 34 more" in text_of(dialog, "#import-error")


async def test_a_cluster_column_gives_the_clusters_and_the_design_effect(tmp_path: Path):
    results = tmp_path / "clustered.csv"
    lines = [f"q{n},doc{n // 5},{n % 2},{1 if n % 3 else 0}" for n in range(60)]
    results.write_text("id,document,prompted,fine_tuned\n" + "\n".join(lines) + "\n")
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(results)
        dialog.query_one("#cluster-column", Input).value = "document"
        await pilot.press("enter")
        await read_in_background(pilot)
        assert app.screen.STEP == "performance"
        shown = " ".join(shown_text(app.screen.query_one("#import-summary", Static)).split())
        assert "12 clusters by 'document'" in shown and "design effect" in shown
