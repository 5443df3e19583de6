"""Keys typed the moment a step appears, handed to the app all at once, as a terminal does when
the machine was too busy to read them one by one.

Every key goes to the field that has the focus at its turn, in the order typed, and stays
there: Tab, Shift+Tab and Enter move on before the next key is read, into the questions a step
mounts after its first frame too; Backspace, the arrows, Home or Ctrl+U act between the
characters typed before and after them; and Next judges the step with what was typed before it.

`BusyWizard(busy=True)` is the wizard on a machine that cannot keep up: each step that appears
waits a moment before it draws its first frame, mounts what comes after that frame or takes in
the edits on their way to the form.
"""

from __future__ import annotations

import asyncio
import inspect
import unicodedata
from pathlib import Path

import pytest
from drive import WIDE, control, error_text, shown_text
from textual import events
from textual.screen import Screen

from tui.core.form import load_form
from tui.wizard.app import WizardApp
from tui.wizard.screens.base import StepScreen
from tui.wizard.widgets.panel import BreakEvenPanel

BUSY = 0.5  # seconds a step that appears takes to catch up on a busy machine

# From the first question of the Volume step: Tab to the prompted side's way of entering and to
# its cost; then past its model picker and its two hosting prices to the fine-tuned side's way
# of entering and its cost, which the step mounts after its first frame.
VOLUME_TYPED = [*"60k", "tab", "tab", *"0.03", *["tab"] * 5, *"0.006"]
VOLUME_ANSWERS = {
    "volume.calls_per_month": "60k",
    "volume.prompted.cost_per_call_usd": "0.03",
    "volume.fine_tuned.cost_per_call_usd": "0.006",
}


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key`: a character, or a named key such as "tab"."""
    if len(key) == 1:
        name = key if key.isalnum() else unicodedata.name(key).lower().replace(" ", "_").replace("-", "_")
        return events.Key(name, key)
    return events.Key(key, {"tab": "\t", "enter": "\r"}.get(key))


def type_at_once(app: WizardApp, keys: list[str]) -> None:
    """Hand every key to the app in one go, without waiting for any of them to be handled."""
    for key in keys:
        app.post_message(key_event(key))


class BusyWizard(WizardApp):
    """The wizard with keys `typed_ahead` while it starts and, when `busy`, each step that
    appears held back for BUSY seconds (its queue of messages waits) as on a machine that
    cannot keep up."""

    CSS_PATH = Path(inspect.getfile(WizardApp)).with_name(str(WizardApp.CSS_PATH))  # beside the app, not this file

    def __init__(self, *args, busy: bool, typed_ahead: list[str] | None = None) -> None:
        super().__init__(*args)
        self.busy = busy
        self.typed_ahead = typed_ahead or []

    def on_mount(self) -> None:  # called before WizardApp.on_mount, which shows the first step
        self.screen_change_signal.subscribe(self, self._hold, immediate=True)
        type_at_once(self, self.typed_ahead)

    def _hold(self, screen: Screen) -> None:
        if self.busy and isinstance(screen, StepScreen):
            screen.call_later(asyncio.sleep, BUSY)


async def settled(pilot) -> None:
    """Wait until the app has read every key handed to it and the step in view has caught up."""
    screen = None
    while screen is not pilot.app.screen:
        screen = pilot.app.screen
        await pilot.pause()
    await pilot.pause()


def fields(app: WizardApp, answers: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Each question's text as its field shows it, and as the form holds it."""
    return {path: (control(app, path).value, app.form.raw.get(path, "")) for path in answers}


def kept(answers: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The texts typed, in their fields and in the form."""
    return {path: (text, text) for path, text in answers.items()}


def saved(tmp_path: Path, text: str) -> tuple[Path, object]:
    path = tmp_path / "answers.toml"
    path.write_text(text, encoding="utf-8")
    form, _ = load_form(path)
    return path, form


BUSY_OR_NOT = pytest.mark.parametrize("busy", [False, True], ids=["idle", "busy"])


@BUSY_OR_NOT
async def test_keys_typed_straight_after_ctrl_n_go_to_the_fields_they_were_typed_for(busy):
    app = BusyWizard(busy=busy)
    async with app.run_test(size=WIDE) as pilot:
        type_at_once(app, [*"Ticket triage", "tab", *"Sam", "ctrl+n", *VOLUME_TYPED])
        await settled(pilot)

        assert app.screen.STEP == "volume"
        assert (app.form.raw["assessment.title"], app.form.raw["assessment.owner"]) == ("Ticket triage", "Sam")
        assert fields(app, VOLUME_ANSWERS) == kept(VOLUME_ANSWERS)
        assert app.screen.focused is control(app, "volume.fine_tuned.cost_per_call_usd")
        assert "$0.024" in shown_text(app.screen.query_one(BreakEvenPanel))  # the saving per call


@BUSY_OR_NOT
async def test_keys_typed_straight_after_the_app_opens_on_a_step_go_to_the_fields_they_were_typed_for(tmp_path, busy):
    path, form = saved(tmp_path, 'schema_version = 1\n[assessment]\ntitle = "Ticket triage"\nowner = "Sam"\n')
    assert form.first_open_step() == "volume"
    app = BusyWizard(path, form, busy=busy, typed_ahead=VOLUME_TYPED)
    async with app.run_test(size=WIDE) as pilot:
        await settled(pilot)

        assert app.screen.STEP == "volume"
        assert fields(app, VOLUME_ANSWERS) == kept(VOLUME_ANSWERS)
        assert app.screen.focused is control(app, "volume.fine_tuned.cost_per_call_usd")


OPENS_ON_STABILITY = """\
schema_version = 1
[assessment]
title = "Ticket triage"
owner = "Sam"
[volume]
calls_per_month = 60000
[volume.prompted]
cost_per_call_usd = 0.03
[volume.fine_tuned]
cost_per_call_usd = 0.006
"""
STABILITY_ANSWERS = {
    "stability.forced_retrains_per_year": "1",
    "stability.retrain_compute_usd": "300",
    "stability.reevaluation_usd": "200",
    "stability.engineering_usd_per_cycle": "1,000",  # the last question of the first frame
    "stability.prompt_update_usd_per_change": "150",  # mounted after it
}


@BUSY_OR_NOT
async def test_enter_typed_straight_after_the_app_opens_moves_on_before_the_next_key(tmp_path, busy):
    path, form = saved(tmp_path, OPENS_ON_STABILITY)
    assert form.first_open_step() == "stability"
    typed = ["tab"]  # from the drop-down of how often the task changes
    for text in STABILITY_ANSWERS.values():
        typed += [*text, "enter"]
    app = BusyWizard(path, form, busy=busy, typed_ahead=typed[:-1])
    async with app.run_test(size=WIDE) as pilot:
        await settled(pilot)

        assert app.screen.STEP == "stability"
        assert fields(app, STABILITY_ANSWERS) == kept(STABILITY_ANSWERS)
        assert app.screen.focused is control(app, "stability.prompt_update_usd_per_change")


@BUSY_OR_NOT
async def test_shift_tab_typed_straight_after_a_step_appears_reaches_what_it_mounts_last(busy):
    app = BusyWizard(busy=busy)
    async with app.run_test(size=WIDE) as pilot:
        # From the first question of Volume back past Next to Back, and press it.
        type_at_once(app, ["f3", "shift+tab", "shift+tab", "enter"])
        await settled(pilot)

        assert app.screen.STEP == "assessment"


@BUSY_OR_NOT
async def test_editing_keys_typed_among_characters_act_where_they_were_typed(busy):
    app = BusyWizard(busy=busy)
    async with app.run_test(size=WIDE) as pilot:
        # Into the title, then the notes (a text area): each editing key acts on what came before it.
        title = [*"Ticket triag", "backspace", *"ge", "home", *"X", "ctrl+u", *"The ", "end", *"s"]
        notes = [*"ac", "left", *"b", "end", *"d"]
        type_at_once(app, [*title, "tab", "tab", "tab", *notes, "ctrl+n", *"600", "backspace", *"5"])
        await settled(pilot)

        assert app.screen.STEP == "volume"
        assert app.form.raw["assessment.title"] == "The Ticket triages"
        assert app.form.raw["assessment.notes"] == "abcd"
        assert fields(app, {"volume.calls_per_month": "605"}) == kept({"volume.calls_per_month": "605"})


@BUSY_OR_NOT
async def test_next_typed_straight_after_a_wrong_answer_stays_and_points_at_it(busy):
    app = BusyWizard(busy=busy)
    async with app.run_test(size=WIDE) as pilot:
        type_at_once(app, ["ctrl+n", *"lots", "ctrl+n", *"0"])
        await settled(pilot)

        assert app.screen.STEP == "volume"
        assert "'lots0' is not a number" in error_text(app, "volume.calls_per_month")
        assert app.screen.focused is control(app, "volume.calls_per_month")
        assert fields(app, {"volume.calls_per_month": "lots0"}) == kept({"volume.calls_per_month": "lots0"})


async def test_a_step_shown_again_keeps_what_is_typed_before_it_has_caught_up():
    app = WizardApp()
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        assert app.screen.focused is control(app, "data.labelled_examples")
        await pilot.press("f3")
        await pilot.pause()
        app.get_screen("data").call_later(asyncio.sleep, BUSY)  # the Data step is busy when shown again
        type_at_once(app, ["f5", *"4,000"])
        await settled(pilot)

        assert app.screen.STEP == "data"
        assert fields(app, {"data.labelled_examples": "4,000"}) == kept({"data.labelled_examples": "4,000"})


@BUSY_OR_NOT
async def test_quitting_the_moment_a_step_appears_ends_cleanly(tmp_path, busy):
    # The Volume step mounts its later questions after its first frame; Ctrl+Q before then ends
    # the app with no error from the mount that no longer has a screen to go on.
    path, form = saved(tmp_path, 'schema_version = 1\n[assessment]\ntitle = "Ticket triage"\nowner = "Sam"\n')
    app = BusyWizard(path, form, busy=busy, typed_ahead=["ctrl+q"])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()

    assert app.return_code == 0  # an error in the app fails run_test, or sets a return code of 1
