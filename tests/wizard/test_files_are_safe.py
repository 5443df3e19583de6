"""The user's files are safe in the wizard (SPEC §10): nothing replaced without asking, nothing
silently dropped, and every message names the file by its full path."""

from __future__ import annotations

import re
import shutil
import tomllib
from pathlib import Path

import pytest
from drive import SAMPLE, SAMPLES, WIDE, control, error_text, open_app, type_answer
from textual.widgets import Input, Static

from tui.core.assess import assess
from tui.core.exports import render
from tui.core.form import load_form
from tui.core.storage import load
from tui.wizard.app import WizardApp
from tui.wizard.dialogs import ExportDialog, HelpDialog
from tui.wizard.file_dialogs import ReplaceCounts, ReplaceFile, UnknownKeys

MISSPELT = """\
# Ticket triage, as a colleague typed it
schema_version = 1

[assessment]
title = "Ticket triage"

[data]
labeled_examples = 1_500  # one l too few
preparation_usd = 3_000
"""


def told(app: WizardApp) -> list[str]:
    """Every notification the app shows from now on, as 'title: message'."""
    seen: list[str] = []
    show = app.notify

    def notify(message, *, title="", **kwargs):
        seen.append(f"{title}: {message}")
        return show(message, title=title, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


def dialog_text(app: WizardApp) -> str:
    """The words of the dialog on top, its wrapping undone."""
    return " ".join(str(widget.render()) for widget in app.screen.query(Static))


async def export_to(pilot, path: Path) -> None:
    await pilot.press("ctrl+e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ExportDialog)
    pilot.app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


# Never replaced without asking -------------------------------------------------------------


async def test_an_export_over_an_existing_file_asks_and_cancel_leaves_it(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.md").write_text("my own notes\n")
    app = open_app(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        await export_to(pilot, Path("report.md"))  # a relative name: the question names the full path
        assert isinstance(app.screen, ReplaceFile)
        assert f"{tmp_path / 'report.md'} already exists" in dialog_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert (tmp_path / "report.md").read_text() == "my own notes\n"


async def test_an_export_over_an_existing_file_overwrites_once_agreed_and_names_the_full_path(
    tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "report.md").write_text("my own notes\n")
    app = open_app(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        messages = told(app)
        await export_to(pilot, Path("report.md"))
        await pilot.press("o")
        await pilot.pause()
    assert (tmp_path / "report.md").read_text() == render(assess(load(SAMPLE)), "markdown")
    exported = [message for message in messages if message.startswith("Exported")]
    assert exported and f"to {tmp_path / 'report.md'} and sent it to the terminal's clipboard" in exported[0]
    assert "OSC 52" in exported[0] and "set-clipboard on" in exported[0]


async def test_an_export_elsewhere_asks_for_another_name(tmp_path: Path):
    taken = tmp_path / "report.md"
    taken.write_text("my own notes\n")
    app = open_app(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        await export_to(pilot, taken)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await export_to_open_dialog(pilot, tmp_path / "other.md")
    assert taken.read_text() == "my own notes\n"
    assert (tmp_path / "other.md").read_text() == render(assess(load(SAMPLE)), "markdown")


async def export_to_open_dialog(pilot, path: Path) -> None:
    pilot.app.screen.query_one("#path", Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


async def test_copy_only_says_the_report_went_to_the_terminal_clipboard(tmp_path: Path):
    app = open_app(SAMPLE)
    async with app.run_test(size=WIDE) as pilot:
        messages = told(app)
        await pilot.press("ctrl+e")
        await pilot.pause()
        await pilot.click("#copy")
        await pilot.pause()
        assert app.clipboard == render(assess(load(SAMPLE)), "markdown")
    assert any("Sent the Markdown report to the terminal's clipboard" in m and "OSC 52" in m for m in messages)


async def test_help_explains_osc_52_and_tmux_set_clipboard():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        text = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        assert "OSC 52" in text and "set -g set-clipboard on" in text


async def test_an_import_asks_before_replacing_counts_already_entered(tmp_path: Path):
    results = tmp_path / "results.csv"
    results.write_text("id,prompted,fine_tuned\na,1,1\nb,0,1\nc,1,0\nd,0,0\ne,0,1\n")
    app = open_app(SAMPLE)
    before = app.form.document().performance
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f6")
        await pilot.pause()

        async def import_file() -> None:
            await pilot.click("#import-results")
            await pilot.pause()
            app.screen.query_one("#path", Input).value = str(results)
            await pilot.press("enter")
            await pilot.pause()

        await import_file()
        assert isinstance(app.screen, ReplaceCounts)
        assert f"both correct: {before.both_correct}".lower() in dialog_text(app).lower()
        await pilot.press("escape")  # keep mine
        await pilot.pause()
        assert app.form.document().performance.both_correct == before.both_correct
        assert control(app, "performance.both_correct").value == str(before.both_correct)

        await import_file()
        await pilot.press("r")
        await pilot.pause()
        perf = app.form.document().performance
        assert (perf.both_correct, perf.only_prompted_correct, perf.only_fine_tuned_correct, perf.both_wrong) == (
            1,
            1,
            2,
            1,
        )
        assert control(app, "performance.only_fine_tuned_correct").value == "2"


# Nothing silently dropped ------------------------------------------------------------------


def misspelt(tmp_path: Path) -> Path:
    path = tmp_path / "triage.toml"
    path.write_text(MISSPELT)
    return path


async def test_a_misspelt_key_is_named_with_the_key_it_should_be(tmp_path: Path):
    path = misspelt(tmp_path)
    form, warnings = load_form(path)
    app = WizardApp(path, form, warnings)
    messages = told(app)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
    assert any("data.labeled_examples (did you mean data.labelled_examples?)" in m and "Ctrl+K" in m for m in messages)


async def test_a_save_the_user_did_not_choose_keeps_the_misspelt_key(tmp_path: Path):
    path = misspelt(tmp_path)
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await type_answer(pilot, "assessment.owner", "Sam")
        await pilot.press("ctrl+s")
        await pilot.pause()
    text = path.read_text()
    assert "labeled_examples = 1_500  # one l too few" in text
    assert 'owner = "Sam"' in text


async def test_renaming_a_misspelt_key_makes_its_value_the_answer_and_drops_it_at_save(tmp_path: Path):
    path = misspelt(tmp_path)
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert isinstance(app.screen, UnknownKeys)
        assert "data.labeled_examples — did you mean data.labelled_examples?" in dialog_text(app)
        await pilot.click("#rename-0")
        await pilot.pause()
        assert not isinstance(app.screen, UnknownKeys), "no key left to show"
        assert app.dirty
        await pilot.press("f5")
        await pilot.pause()
        assert control(app, "data.labelled_examples").value == "1500"
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = tomllib.loads(path.read_text())
    assert saved["data"]["labelled_examples"] == 1500 and "labeled_examples" not in saved["data"]
    assert "# Ticket triage, as a colleague typed it" in path.read_text()
    assert "preparation_usd = 3_000" in path.read_text()


async def test_dropping_a_misspelt_key_removes_it_at_the_next_save_only(tmp_path: Path):
    path = misspelt(tmp_path)
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.click("#drop-0")
        await pilot.pause()
        assert path.read_text() == MISSPELT, "nothing is written until the user saves"
        assert app.dirty and "unsaved" in app.sub_title
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    assert "labeled_examples" not in path.read_text()
    assert "preparation_usd = 3_000" in path.read_text()


async def test_escape_keeps_every_unknown_key(tmp_path: Path):
    path = misspelt(tmp_path)
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+k")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert not app.dirty and app.form.unknown == {"data.labeled_examples": 1500}


async def test_an_invalid_value_in_the_file_shows_its_error_at_once(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text('[assessment]\ntitle = "Broken"\n[data]\npreparation_usd = -4000\n')
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert control(app, "data.preparation_usd").value == "-4000"
        assert "Must be 0 or more, not -4000" in error_text(app, "data.preparation_usd")
        assert error_text(app, "data.labelled_examples") == "", "a question merely unanswered shows no error"


# Moving on, and what counts as unsaved ------------------------------------------------------


async def test_next_with_answers_missing_names_them_and_moves_on():
    app = WizardApp()
    messages = told(app)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "60k")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.STEP == "stability"
    missing = [m for m in messages if m.startswith("Moved on with answers missing")]
    assert len(missing) == 1
    assert "Prompted: cost per call ($)" in missing[0] or "cost per call" in missing[0].lower()
    assert "Calls per month" not in missing[0]


async def test_next_with_every_answer_says_nothing():
    app = open_app(SAMPLE)
    messages = told(app)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.STEP == "stability"
    assert not [m for m in messages if m.startswith("Moved on")]


async def test_typing_an_answer_as_it_was_does_not_mark_the_assessment_unsaved():
    app = open_app(SAMPLE)
    calls = load(SAMPLE).volume.calls_per_month
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await type_answer(pilot, "volume.calls_per_month", "1")
        assert app.dirty
        await type_answer(pilot, "volume.calls_per_month", f"{calls:,.0f}")  # the same number, written with commas
        assert not app.dirty and "unsaved" not in app.sub_title


# Every sample through a wizard save ---------------------------------------------------------

UNDERSCORED = re.compile(r"(?<![\w.])\d{1,3}(?:_\d{3})+(?![\w.])")


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.toml")), ids=lambda path: path.stem)
async def test_a_wizard_save_of_a_sample_keeps_every_comment_and_number_format(sample: Path, tmp_path: Path):
    path = tmp_path / sample.name
    shutil.copyfile(sample, path)
    before = path.read_text()
    app = open_app(path)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        await type_answer(pilot, "assessment.owner", "Someone new")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not app.dirty
    after = path.read_text()
    for line in before.splitlines():
        if "#" in line and not line.lstrip().startswith(("owner", "updated_at", "created_at")):
            assert line in after.splitlines(), f"{sample.name}: lost {line!r}"
    assert UNDERSCORED.findall(before) == UNDERSCORED.findall(after)
    assert tomllib.loads(after)["assessment"]["owner"] == "Someone new"


async def test_many_unknown_keys_are_listed_in_part_and_can_be_dropped_at_once(tmp_path: Path):
    path = tmp_path / "many.toml"
    path.write_text(MISSPELT + "".join(f"[extra{number}]\nnote = {number}\n" for number in range(30)))
    app = open_app(path)
    messages = told(app)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+k")
        await pilot.pause()
        assert "... and 19 more." in dialog_text(app)  # 31 keys, 12 listed
        await pilot.click("#drop_all")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    saved = tomllib.loads(path.read_text())
    assert not [key for key in saved if key.startswith("extra")] and "labeled_examples" not in saved["data"]
    assert any(m.startswith("Saved") and str(path) in m for m in messages)


async def test_a_file_that_cannot_be_opened_is_named_by_its_full_path(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.toml").write_text("[volume\n")
    app = WizardApp()
    messages = told(app)
    async with app.run_test(size=WIDE) as pilot:
        assert not app.open_path(Path("broken.toml"))
        await pilot.pause()
    assert any(m.startswith("Not opened") and str(tmp_path / "broken.toml") in m for m in messages)
