"""Arbitrary text typed or pasted into every wizard field, and arbitrary key sequences, through Pilot.

Each example goes into one running wizard (see running.py): focus a question, clear it, type or
paste, Tab away. Afterwards the field shows what was entered (a paste keeps its first line, as
a one-line field must), the form holds exactly that text, and either the answer is the number
meant or an error sits under the field. The app never raises, hangs or draws a control character.
"""

from __future__ import annotations

import random
import string

import pytest
from drive import error_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from running import STEP_KEYS, RunningApp, control_characters_drawn
from textual import events
from textual.widgets import Input, RadioButton, TextArea

from tui.core import humane
from tui.core.questions import BY_PATH, QUESTIONS
from tui.wizard.app import WizardApp
from tui.wizard.screens.base import StepScreen
from tui.wizard.widgets.question import question_of

FIELDS = [q.path for q in QUESTIONS if q.kind not in ("choice", "flag")]
ESCAPES = ["\x1b[31m", "\x1b]0;title\x07", "\x1b[2J", "\x9b1m", "\u202e", "\x07\x08", "\x00"]


def fuzz(examples: int) -> settings:
    """The same `examples` on every run: reproducible in CI, no example database."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


# What Pilot can press as keys: letters and digits of any script, ASCII punctuation and space.
typeable = st.text(st.characters(categories=["L", "Nd"]) | st.sampled_from(string.punctuation + " "), max_size=10)
number_shaped = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["", "$", "-", "US$ "]),
    st.sampled_from(
        ["0", "1", "40", "999", "1,000", "40,000", "1,00,000", "12 345", "0,03", "1.234,56", "1e308", "1e309", "9" * 40]
    ),
    st.sampled_from(["", ".5", ".", ",5", "e3", "e-400"]),
    st.sampled_from(["", "k", "M", "%", " pp", "bn", "x"]),
)
pasteable = st.one_of(
    st.text(max_size=60),
    number_shaped,
    st.lists(st.sampled_from(ESCAPES + ["a", "1", " ", "\n", "\r\n", "\t", "é", "🙂", "[b]", "|"]), max_size=8).map(
        "".join
    ),
    st.sampled_from(["nan", "inf", "-inf", "1e308", "0.03\t120", "0.03 120", "", " "]),
)


@pytest.fixture(scope="module")
def wizard(tmp_path_factory):
    folder = tmp_path_factory.mktemp("typing")
    running = RunningApp(WizardApp(folder / "typed.toml"), size=(80, 24))
    yield running
    running.close()


async def show_question(pilot, path: str):
    """Go to the question's step and switch on the way of entering that shows it; return its control."""
    app = pilot.app
    question = BY_PATH[path]
    if app.screen.STEP != question.step:
        focused = app.screen.focused
        await pilot.press(STEP_KEYS[question.step])
        await pilot.pause()
        assert app.screen.STEP == question.step, f"{STEP_KEYS[question.step]} did nothing; focus was on {focused!r}"
    if question.group:
        scope, mode = question.group.split(":")
        if app.form.modes[scope] != mode:
            app.screen.query_one(f"#mode-{scope.replace('.', '--')}-{mode}", RadioButton).value = True
            await pilot.pause()
    for _ in range(60):  # a question of a way of entering just switched on is still being mounted
        found = app.screen.query(f"#{question.widget_id}")
        if found and found.first().is_mounted:
            return found.first()
        await pilot.pause(0.05)
    built = [question.path for question in map(question_of, app.screen.query("*")) if question is not None]
    raise AssertionError(f"{path} never appeared on {app.screen!r} (modes {app.form.modes}; built {built})")


def shown_value(control) -> str:
    return control.text if isinstance(control, TextArea) else control.value


async def enter(pilot, path: str, text: str, typed: bool) -> dict:
    """Clear the question, type or paste `text`, Tab away, and report what the wizard shows."""
    app = pilot.app
    control = await show_question(pilot, path)
    control.focus()
    if isinstance(control, TextArea):
        control.clear()
    else:
        control.value = ""
    if typed and text:
        await pilot.press(*text)
    elif text:
        app.post_message(events.Paste(text))  # as the terminal does: the app hands it to the focused field
    await pilot.press("tab")
    await pilot.pause()
    evaluation = app.form.evaluate()
    seen = {
        "shown": shown_value(control),
        "kept": app.form.raw.get(path, ""),
        "error": evaluation.errors.get(path),
        "error_line": error_text(app, path),
        "answer": _answer(app, path),
        "drawn_controls": control_characters_drawn(app),
    }
    if isinstance(control, TextArea):  # leave the form as it was, so examples do not interact
        control.clear()
    else:
        control.value = ""
    return seen


def _answer(app, path: str):
    node = app.form.document().to_document()
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def expected_text(text: str, typed: bool, path: str) -> str:
    """What a field holds after `text` is entered: a one-line field keeps a paste's first line."""
    if typed or not text:
        return text
    if BY_PATH[path].kind == "notes":
        return text.replace("\r\n", "\n").replace("\r", "\n")
    return text.splitlines()[0] if text.splitlines() else ""


def check(seen: dict, path: str, text: str, typed: bool) -> None:
    wanted = expected_text(text, typed, path)
    question = BY_PATH[path]
    if question.kind != "notes":
        assert seen["shown"] == wanted, "the field shows what was entered"
    assert seen["kept"] == seen["shown"], "the form keeps exactly what the field shows"
    assert seen["drawn_controls"] == [], "no control character reaches the terminal"
    if seen["error"]:
        assert seen["error"] in seen["error_line"], "the error is under the field"
        return
    assert seen["error_line"] == ""
    if question.kind in humane.ACCEPTED and seen["kept"].strip():
        assert seen["answer"] == humane.parse(seen["kept"], question.kind)
    elif question.kind in ("text", "notes") and seen["kept"].strip():
        assert seen["answer"] == seen["kept"]


def entries(step: str) -> st.SearchStrategy[list[tuple[str, str, bool]]]:
    """A few (question, text, typed or pasted) of one step, so one screen switch serves them all."""
    entry = st.tuples(st.sampled_from([p for p in FIELDS if p.split(".")[0] == step]), st.booleans()).flatmap(
        lambda pair: st.tuples(st.just(pair[0]), typeable if pair[1] else pasteable, st.just(pair[1]))
    )
    return st.lists(entry, min_size=1, max_size=4)


def test_text_typed_or_pasted_into_every_field_is_kept_and_answered_or_refused_under_it(wizard, record_property):
    tried = {"typed": 0, "pasted": 0}

    @fuzz(16)
    @given(st.sampled_from(sorted({path.split(".")[0] for path in FIELDS})).flatmap(entries))
    def property(batch: list[tuple[str, str, bool]]) -> None:
        for path, text, typed in batch:
            tried["typed" if typed else "pasted"] += 1
            seen = wizard.call(enter(wizard.pilot, path, text, typed=typed))
            check(seen, path, text, typed=typed)

    property()
    count = tried["typed"] + tried["pasted"]
    record_property("reliability", {"row": "wizard_texts", "count": count, **tried})


def test_every_field_takes_a_hostile_paste(wizard, record_property):
    """Each question of every step, not only those the generator drew, takes the same hostile paste."""
    text = "\x1b]0;t\x07 1,5 | [x](y)"
    for path in FIELDS:
        check(wizard.call(enter(wizard.pilot, path, text, typed=False)), path, text, typed=False)
    record_property("reliability", {"row": "wizard_texts", "count": len(FIELDS), "pasted": len(FIELDS)})


# Random key sequences ----------------------------------------------------------------------

KEYS = (
    [
        "tab",
        "shift+tab",
        "enter",
        "ctrl+n",
        "ctrl+b",
        "backspace",
        "delete",
        "left",
        "right",
        "home",
        "end",
        "escape",
        "up",
        "down",
        "space",
        "f1",
        "f2",
        "f3",
        "f4",
        "f5",
        "f6",
        "f7",
        "ctrl+s",
        "f12",
        "ctrl+e",
        "ctrl+o",
        "ctrl+z",
        "ctrl+a",
        "ctrl+k",
        "ctrl+u",
        "ctrl+w",
    ]
    + list("0123456789.,-$%kMe ")
    + ["a", "z", "é"]
)


async def keys_then_state(pilot, keys: list[str]) -> list[tuple[str, str, str]]:
    """Press `keys`, close any dialog left open, and list (path, shown, kept) for every field drawn."""
    app = pilot.app
    for key in keys:
        await pilot.press(key)
    await pilot.pause()
    for _ in range(4):
        if isinstance(app.screen, StepScreen):
            break
        await pilot.press("escape")
        await pilot.pause()
    mismatches = []
    for step in STEP_KEYS:
        if not app.is_screen_installed(step):
            continue
        screen = app.get_screen(step)
        for control in screen.query(Input):
            question = question_of(control)
            if question is not None and control.value != app.form.raw.get(question.path, ""):
                mismatches.append((question.path, control.value, app.form.raw.get(question.path, "")))
    return mismatches


def test_random_key_sequences_never_break_the_wizard_or_lose_what_fields_show(tmp_path, monkeypatch, record_property):
    monkeypatch.chdir(tmp_path)  # a stray Enter in a save or export dialog writes here
    chance = random.Random(7)
    sequences, presses = 0, 0
    running = RunningApp(WizardApp(tmp_path / "keys.toml"), size=(80, 24))
    try:
        for _ in range(8):
            keys = [chance.choice(KEYS) for _ in range(chance.randint(5, 25))]
            mismatches = running.call(keys_then_state(running.pilot, keys))
            assert mismatches == [], (keys, mismatches)
            assert control_characters_drawn(running.app) == []
            sequences += 1
            presses += len(keys)
    finally:
        running.close()
    record_property("reliability", {"row": "key_sequences", "count": sequences, "presses": presses})
