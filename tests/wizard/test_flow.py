"""The wizard driven with Pilot: filling steps, errors, the panel, files and quitting."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from drive import (
    NARROW,
    SAMPLE,
    SAMPLES,
    WIDE,
    answer_everything,
    choose_way,
    control,
    error_text,
    open_app,
    read_in_background,
    shown_text,
    type_answer,
)
from running import drawn_lines
from textual.widgets import Input, Static

from tui.core.assess import assess
from tui.core.exports import render, to_dict
from tui.core.storage import load
from tui.wizard.app import WizardApp
from tui.wizard.dialogs import ExportDialog, PathPrompt, UnsavedChanges
from tui.wizard.screens.summary import SummaryScreen
from tui.wizard.widgets.panel import BreakEvenPanel, panel_figures
from tui.wizard.widgets.steplist import StepList


def form_text(app: WizardApp) -> str:
    """The questions' column as the user sees it."""
    region = app.screen.query_one("#form").region
    lines = drawn_lines(app)[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def panel_text(app: WizardApp) -> str:
    """The break-even panel as it is drawn on screen."""
    return shown_text(app.screen.query_one(BreakEvenPanel))


async def test_filling_every_step_reaches_the_summary_with_a_recommendation():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await answer_everything(pilot)
        assert isinstance(app.screen, SummaryScreen)
        summary = shown_text(app.screen.query_one("#summary-headline", Static))
        assert "Recommendation: fine-tuning" in summary
        assert app.form.evaluate().result.missing == []
        assert app.step_states() == {step: "done" for step in app.step_states()}


async def test_invalid_number_blocks_next_and_says_what_is_accepted():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "lots")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.STEP == "volume"
        message = error_text(app, "volume.calls_per_month")
        assert "'lots' is not a number" in message
        assert "40k" in message  # says what is accepted
        assert app.screen.focused is control(app, "volume.calls_per_month")


async def test_error_waits_until_the_field_is_left():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "-", leave=False)
        assert error_text(app, "volume.calls_per_month") == ""
        await pilot.press("tab")
        await pilot.pause()
        assert "not a number" in error_text(app, "volume.calls_per_month")
        # Once shown, the error clears as soon as the answer is fixed.
        control(app, "volume.calls_per_month").focus()
        await pilot.press("backspace", "5", "0", "0", "0")
        await pilot.pause()
        assert error_text(app, "volume.calls_per_month") == ""


async def test_negative_money_is_refused_next_to_the_field():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await type_answer(pilot, "stability.retrain_compute_usd", "-300")
        assert "0 or more" in error_text(app, "stability.retrain_compute_usd")
        assert app.form.raw["stability.retrain_compute_usd"] == "-300"


async def test_people_friendly_numbers_are_understood():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "1.5M")
        await type_answer(pilot, "volume.prompted.cost_per_call_usd", "$1,200")
        answers = app.form.document()
        assert answers.volume.calls_per_month == 1_500_000
        assert answers.volume.prompted.cost_per_call_usd == 1200


async def test_panel_updates_on_every_keystroke_and_shows_dash_for_unknowns():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "Saving per call" in panel_text(app)
        assert "—" in panel_text(app)
        await type_answer(pilot, "volume.prompted.cost_per_call_usd", "0.03", leave=False)
        await type_answer(pilot, "volume.fine_tuned.cost_per_call_usd", "0.00", leave=False)
        assert "$0.03" in panel_text(app)
        await pilot.press("6")  # 0.006, no Tab: the panel follows the keystroke
        await pilot.pause()
        assert "$0.024" in panel_text(app)
        needed = next(line.lstrip("▏ ") for line in panel_text(app).splitlines() if "Needs:" in line)
        assert needed.startswith("Needs: Calls per month")


async def test_a_typed_character_has_the_panel_s_figures_ready_for_the_frame_that_draws_it():
    """The edit reaches the form and the panel while the input takes the character, before
    any message goes up to the screen: the frame that draws the character draws the figures."""
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.prompted.cost_per_call_usd", "0.03", leave=False)
        await type_answer(pilot, "volume.fine_tuned.cost_per_call_usd", "0.00", leave=False)
        assert "$0.03" in panel_text(app)
        field = control(app, "volume.fine_tuned.cost_per_call_usd")
        field.insert_text_at_cursor("6")  # as the input does with a key; nothing awaited after it
        assert app.form.raw["volume.fine_tuned.cost_per_call_usd"] == "0.006"
        assert "$0.024" in panel_text(app)


async def test_panel_figures_equal_the_report_for_the_same_file():
    app = open_app(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        result = assess(load(SAMPLE))
        shown = panel_text(app)
        for label, value in panel_figures(result):
            assert label in shown and value in shown
        report = to_dict(result)["economics"]
        assert f"{report['crossover_calls'] / 1e6:.3g}M calls" in shown
        assert f"{report['payback_months']:.1f} months" in shown
        assert f"${round(report['net_saving_usd_over_horizon_without_errors']):,}" in shown


async def test_tokens_toggle_computes_cost_per_call():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        app.screen.query_one("#mode-volume--prompted").focus()
        await pilot.press("right", "space")  # from "Cost per call" to "Tokens and prices"
        await pilot.pause()
        assert app.form.modes["volume.prompted"] == "tokens"
        assert "Prompted: cost per call ($)" not in form_text(app)
        assert "Prompted: input tokens per call" in form_text(app)
        await type_answer(pilot, "volume.prompted.input_tokens", "2,000")
        await type_answer(pilot, "volume.prompted.output_tokens", "500")
        await type_answer(pilot, "volume.prompted.input_usd_per_mtok", "2.50")
        await type_answer(pilot, "volume.prompted.output_usd_per_mtok", "10")
        economics = app.form.evaluate().result.economics
        assert economics.prompted_cost_per_call_usd == 2000 * 2.5 / 1e6 + 500 * 10 / 1e6
        assert "$0.01" in panel_text(app)
        await choose_way(pilot, "volume.prompted", "direct")  # a click on "Cost per call"
        assert app.form.modes["volume.prompted"] == "direct"
        app.screen.query_one("#form").scroll_home(animate=False)
        await pilot.pause()
        assert "Prompted: cost per call ($)" in form_text(app)


async def test_save_asks_for_a_path_and_writes_a_valid_file(tmp_path: Path):
    app = WizardApp()
    target = tmp_path / "triage.toml"
    async with app.run_test(size=WIDE) as pilot:
        await answer_everything(pilot)
        assert app.dirty and "unsaved" in app.sub_title
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PathPrompt)
        path_input = app.screen.query_one("#path", Input)
        path_input.value = ""
        await pilot.press(*str(target), "enter")
        await pilot.pause()
        assert target.exists()
        assert not app.dirty and app.sub_title == "triage.toml"
    saved = load(target)
    assert saved.volume.calls_per_month == 60_000
    assert assess(saved).recommendation == "fine_tuning"
    assert saved.assessment.created_at is not None


async def test_reopening_a_partial_file_restores_answers_and_resumes_where_it_stopped(tmp_path: Path):
    partial = tmp_path / "partial.toml"
    partial.write_text(
        'schema_version = 1\n[assessment]\ntitle = "Half done"\n[volume]\ncalls_per_month = 40000\n'
        "[volume.prompted]\ncost_per_call_usd = 0.02\n[volume.fine_tuned]\ncost_per_call_usd = 0.004\n"
    )
    app = open_app(partial)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.screen.STEP == "stability"
        await pilot.press("f3")
        await pilot.pause()
        assert control(app, "volume.calls_per_month").value == "40000"
        assert control(app, "volume.fine_tuned.cost_per_call_usd").value == "0.004"
        assert not app.dirty


async def test_an_answer_that_no_longer_validates_is_shown_with_its_error(tmp_path: Path):
    broken = tmp_path / "broken.toml"
    broken.write_text('[volume]\ncalls_per_month = -5\n[data]\nlabelled_examples = "many"\n')
    app = open_app(broken)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        await pilot.press("f3")
        await pilot.pause()
        assert control(app, "volume.calls_per_month").value == "-5"
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "0 or more" in error_text(app, "volume.calls_per_month")
        await pilot.press("f5")
        await pilot.pause()
        assert control(app, "data.labelled_examples").value == "many"


async def test_export_writes_the_report_and_copies_it(tmp_path: Path):
    app = open_app(SAMPLE)
    target = tmp_path / "ticket.md"
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.click("#ok")
        await pilot.pause()
        assert app.clipboard == target.read_text()
    assert target.read_text() == render(assess(load(SAMPLE)), "markdown")


async def test_export_json_matches_the_command_line_report(tmp_path: Path):
    app = open_app(SAMPLE)
    target = tmp_path / "report.json"
    async with app.run_test(size=WIDE):
        assert app.export("json", target)
    assert json.loads(target.read_text()) == to_dict(assess(load(SAMPLE)))


async def test_quitting_with_unsaved_changes_asks_first():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await type_answer(pilot, "assessment.title", "Draft")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedChanges)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.screen.STEP == "assessment"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
    assert app.return_code == 0


async def test_quit_then_save_writes_before_leaving(tmp_path: Path):
    target = tmp_path / "kept.toml"
    app = WizardApp(target)
    async with app.run_test(size=WIDE) as pilot:
        await type_answer(pilot, "assessment.title", "Keep me")
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
    assert tomllib.loads(target.read_text())["assessment"]["title"] == "Keep me"


async def test_a_full_disk_keeps_every_answer_and_the_old_file(tmp_path: Path, monkeypatch):
    import os

    target = tmp_path / "a.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "123456")

        def full(*args):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(os, "fsync", full)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.dirty
        assert app.form.raw["volume.calls_per_month"] == "123456"
    assert target.read_bytes() == SAMPLE.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["a.toml"]


async def test_steps_are_reachable_directly_and_back_moves_one_step():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert app.screen.STEP == "performance"
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert app.screen.STEP == "data"
        x = app.screen.query_one(StepList).offset_of("summary")
        await pilot.click(StepList, offset=(x + 2, 0))
        await pilot.pause()
        assert app.screen.STEP == "summary"


async def test_command_palette_lists_save_open_export_and_steps():
    app = WizardApp()
    async with app.run_test(size=WIDE):
        titles = [command.title for command in app.get_system_commands(app.screen)]
    for wanted in ("Save", "Save as", "Open", "Export", "Go to step: Volume", "Go to step: Summary"):
        assert wanted in titles


async def test_f1_explains_the_focused_question():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        control(app, "volume.calls_per_month").focus()
        await pilot.press("f1")
        await pilot.pause()
        text = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "Calls per month on this task" in text
        assert "Under 1,000 a month" in text


async def test_summary_is_usable_at_80_by_24():
    app = open_app(SAMPLES / "prompting_low_volume.toml")
    async with app.run_test(size=NARROW) as pilot:
        await pilot.pause()
        assert app.screen.STEP == "summary"
        assert app.screen.query_one(BreakEvenPanel).region.y >= app.screen.query_one("#form").region.bottom
        summary = shown_text(app.screen.query_one("#summary-headline", Static))
        assert "Recommendation: prompting" in summary


async def test_importing_per_item_results_fills_the_paired_counts(tmp_path: Path):
    results = tmp_path / "results.csv"
    results.write_text("id,prompted,fine_tuned\na,1,1\nb,0,1\nc,1,0\nd,0,0\ne,0,1\n")
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.click("#import-results")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(results)
        await pilot.press("enter")
        await read_in_background(pilot)
        assert app.screen.STEP == "performance"
        perf = app.form.document().performance
        assert (
            perf.status,
            perf.both_correct,
            perf.only_prompted_correct,
            perf.only_fine_tuned_correct,
            perf.both_wrong,
        ) == (
            "evaluated",
            1,
            1,
            2,
            1,
        )
        assert control(app, "performance.only_fine_tuned_correct").value == "2"
        assert "95% interval" in panel_text(app)


async def test_a_bad_results_file_names_its_line_and_imports_nothing(tmp_path: Path):
    results = tmp_path / "bad.csv"
    results.write_text("id,prompted,fine_tuned\na,1,1\nb,0,maybe\n")
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.click("#import-results")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(results)
        await pilot.press("enter")
        await read_in_background(pilot)
        message = shown_text(app.screen.query_one("#import-error", Static))
        assert "line 3" in message and "Nothing was imported" in message
        assert app.form.document().performance.both_correct is None


async def test_the_data_step_shows_the_audit_interval_and_the_learning_curve():
    app = open_app(SAMPLES / "fine_tuning_learning_curve_and_audit.toml")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        audit = " ".join(shown_text(app.screen.query_one("#audit-insight", Static)).split())
        assert "95% Wilson interval 1.6% to 5.6%" in audit
        curve = app.form.evaluate().result.learning_curve
        assert curve is not None
        insight = " ".join(shown_text(app.screen.query_one("#curve-insight", Static)).split())
        assert f"{curve.at_2x.accuracy * 100:.1f}%" in insight
        assert app.screen.query_one("#curve-chart").display


async def test_learning_curve_points_are_typed_one_per_line():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        area = control(app, "data.learning_curve")
        area.focus()
        await pilot.pause()
        area.text = "500, 78%\n1,000, 81%\n2000, 0.83"
        await pilot.pause()
        points = app.form.document().data.learning_curve
        assert [(p.examples, p.accuracy) for p in points] == [(500, 0.78), (1000, 0.81), (2000, 0.83)]
        area.text = "500, 78%\n1000"
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert "Line 2: write a point as examples, accuracy" in error_text(app, "data.learning_curve")


async def test_export_dialog_exports_markdown_on_enter(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = open_app(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
    written = tmp_path / f"{SAMPLE.stem}.md"
    assert written.read_text() == render(assess(load(SAMPLE)), "markdown")


async def test_the_critical_gap_box_is_saved_only_once_someone_ticks_or_unticks_it(tmp_path: Path):
    path = tmp_path / "half.toml"
    path.write_bytes((SAMPLES / "incomplete_half_answered.toml").read_bytes())
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await type_answer(pilot, "performance.evaluation_usd", "500")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "gap_is_critical" not in tomllib.loads(path.read_text(encoding="utf-8"))["performance"]

        box = control(app, "performance.gap_is_critical")
        box.focus()
        await pilot.press("space")
        await pilot.press("space")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert tomllib.loads(path.read_text(encoding="utf-8"))["performance"]["gap_is_critical"] is False


async def test_the_summary_names_what_is_still_missing_by_the_questions_labels():
    app = open_app(SAMPLES / "incomplete_half_answered.toml")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        shown = shown_text(app.screen.query_one("#summary-text", Static))
        missing = shown.split("Still missing", 1)[1].split("Why", 1)[0]
        assert "Fine-tuned: $ per 1M input tokens" in missing
        assert "Retrain compute per cycle ($)" in missing
        assert "volume.fine_tuned" not in missing
        assert missing.count("•") == len(app.form.evaluate().result.missing)
        changes = shown_text(app.screen.query_one("#summary-changes", Static))
        assert "Still missing" in changes and "volume.fine_tuned" not in changes  # the labels above, not paths
        # No sentence of the economics yet, and no blank lines where it would be.
        assert not app.screen.query_one("#summary-sentence", Static).display
        assert (
            app.screen.query_one("#summary-actions").region.y
            == app.screen.query_one("#summary-headline").region.bottom + 1
        )
