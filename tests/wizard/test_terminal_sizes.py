"""The wizard renders and stays usable from 40×12 to 250×70, and survives resizing mid-step.

At each size, on each step, Tab alone must reach every question's control, and each one, once
focused, must be on screen together with its label. Resizing while a question is focused and
half typed must keep the text, the focus and the answers.
"""

from __future__ import annotations

import pytest
from drive import SAMPLE, open_app, shown_text
from running import STEP_KEYS, control_characters_drawn
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Input

from tui.wizard.app import WizardApp
from tui.wizard.screens.base import StepScreen
from tui.wizard.widgets.panel import BreakEvenPanel
from tui.wizard.widgets.question import question_of

SIZES = [(40, 12), (60, 20), (80, 24), (250, 70)]


def visible_area(screen: StepScreen) -> Region:
    """The part of the screen where questions show: the scrolling form."""
    return screen.query_one("#form").content_region


def question_controls(screen: StepScreen) -> list[Widget]:
    """The controls of the questions shown, in the order Tab reaches them."""
    return [widget for widget in screen.focus_chain if question_of(widget) is not None]


def panel_below_questions(screen: StepScreen) -> bool:
    """Whether the break-even panel sits under the questions (rather than beside them)."""
    return screen.query_one(BreakEvenPanel).region.y >= screen.query_one("#form").region.bottom


async def tab_through(pilot, screen: StepScreen) -> tuple[set[Widget], list[str]]:
    """Press Tab until focus comes round again; return what was reached and what was hidden."""
    wanted = question_controls(screen)
    reached: set[Widget] = set()
    hidden: list[str] = []
    for _ in range(len(wanted) * 2 + 12):
        await pilot.press("tab")
        await pilot.pause()
        focused = screen.focused
        if focused in wanted and focused not in reached:
            reached.add(focused)
            row = next(node for node in focused.ancestors if isinstance(node, Widget) and node.has_class("question"))
            label = row.region.crop_size((row.region.width, 1))  # the label's first line
            area = visible_area(screen)
            if not (area.contains_region(focused.region) and area.overlaps(label)):
                hidden.append(question_of(focused).path)
        if len(reached) == len(wanted):
            break
    return reached, hidden


async def test_at_the_smallest_size_tab_reaches_every_question_and_shows_it_with_its_label(tmp_path, record_property):
    target = tmp_path / "sizes.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    reached_in_all = 0
    async with app.run_test(size=SIZES[0]) as pilot:
        for step, key in STEP_KEYS.items():
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StepScreen) and screen.STEP == step
            wanted = question_controls(screen)
            reached, hidden = await tab_through(pilot, screen)
            assert reached == set(wanted), f"{step}: Tab never reached {set(wanted) - reached}"
            assert hidden == [], f"{step}: focused but off screen or without its label: {hidden}"
            assert control_characters_drawn(app) == []
            reached_in_all += len(reached)
    record_property("reliability", {"row": "sizes", "count": 1, "steps": len(STEP_KEYS), "questions": reached_in_all})


@pytest.mark.parametrize("size", SIZES[1:], ids=[f"{w}x{h}" for w, h in SIZES[1:]])
async def test_every_step_renders_and_focuses_a_visible_question(size, tmp_path, record_property):
    target = tmp_path / "sizes.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    async with app.run_test(size=size) as pilot:
        for step, key in STEP_KEYS.items():
            await pilot.press(key)
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StepScreen) and screen.STEP == step
            assert panel_below_questions(screen) == (size[0] < 100)
            await pilot.press("tab")
            await pilot.pause()
            focused = screen.focused
            assert focused is not None and screen.region.contains_region(focused.region), (step, focused)
            assert control_characters_drawn(app) == []
    record_property("reliability", {"row": "sizes", "count": 1, "steps": len(STEP_KEYS)})


async def test_the_smallest_terminal_keeps_the_questions_and_a_line_of_verdict(tmp_path):
    app = open_app(SAMPLE)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-slim") and screen.has_class("-tiny")
        assert visible_area(screen).height >= 6, "at least a question and its help fit"
        panel = shown_text(screen.query_one(BreakEvenPanel))
        assert "Fine-tune the smaller model" in panel, panel
        assert "Prompted per call" not in panel


async def test_resizing_mid_step_keeps_focus_text_and_answers(tmp_path, record_property):
    target = tmp_path / "resize.toml"
    target.write_bytes(SAMPLE.read_bytes())
    app = open_app(target)
    resizes = 0
    order = [(40, 12), (250, 70), (60, 20), (120, 40)]
    async with app.run_test(size=(80, 24)) as pilot:
        for step in ("volume", "data"):
            await pilot.press(STEP_KEYS[step])
            await pilot.pause()
            screen = app.screen
            controls = [c for c in question_controls(screen) if isinstance(c, Input)]
            focused = controls[-1] if controls else screen.focused
            if isinstance(focused, Input):
                focused.focus()
                await pilot.pause()
                await pilot.press("end", "1", "2")  # half typed: not left yet
            before = (dict(app.form.raw), focused.value if isinstance(focused, Input) else None)
            for width, height in order:
                await pilot.resize_terminal(width, height)
                await pilot.pause(0.2)
                assert app.screen is screen and screen.focused is focused
                assert (dict(app.form.raw), focused.value if isinstance(focused, Input) else None) == before
                assert panel_below_questions(screen) == (width < 100)
                if isinstance(focused, Input):
                    assert visible_area(screen).contains_region(focused.region), f"{step} at {width}x{height}"
                assert control_characters_drawn(app) == []
                resizes += 1
        assert app.is_running
    record_property("reliability", {"row": "resizes", "count": resizes})


async def test_dialogs_fit_and_answer_keys_at_the_smallest_size(tmp_path):
    app = WizardApp(tmp_path / "small.toml")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("a", "b")
        await pilot.press("f12")
        await pilot.pause()
        dialog = app.screen
        path_input = dialog.query_one("#path", Input)
        assert dialog.region.contains_region(path_input.region)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StepScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.form.raw["assessment.title"] == "ab"


async def test_step_keys_work_from_inside_a_text_area(tmp_path):
    """F6 and F7 also select text in a text area; in the wizard they always change step."""
    app = WizardApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the questions below the first screen are mounted once it is drawn
        app.screen.query_one("#q-assessment--notes").focus()
        await pilot.pause()
        await pilot.press("f6")
        await pilot.pause()
        assert app.screen.STEP == "performance"
        await pilot.press("f2")
        await pilot.pause()
        app.screen.query_one("#q-assessment--notes").focus()
        await pilot.press("f7")
        await pilot.pause()
        assert app.screen.STEP == "summary"


async def test_a_step_shown_again_after_a_resize_elsewhere_takes_the_new_size():
    """A step that was not on screen during a resize lays itself out for the new size."""
    app = open_app(SAMPLE)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f2")
        await pilot.pause()
        first = app.screen
        await pilot.press("f3")
        await pilot.pause()
        await pilot.resize_terminal(120, 14)
        await pilot.pause(0.2)
        await pilot.press("f2")
        await pilot.pause(0.2)
        assert app.screen is first
        assert first.has_class("-tiny") and not first.has_class("-tall")
        panel = shown_text(first.query_one(BreakEvenPanel))
        assert "Fine-tune the smaller model" in panel and "Prompted per call" not in panel


async def test_on_a_six_row_terminal_the_first_question_has_the_focus_and_takes_typing():
    app = WizardApp()
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert app.form.raw.get("assessment.title") == "x"


@pytest.mark.parametrize("width", [50, 64, 90])
async def test_the_step_list_shows_all_six_steps_on_one_line(width):
    app = WizardApp()
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        steps = shown_text(app.screen.query_one("#steps")).splitlines()[-1]
        for number in range(1, 7):
            assert f" {number}" in steps, steps


async def test_the_panel_takes_the_colours_of_a_new_theme():
    app = open_app(SAMPLE)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        panel = app.screen.query_one(BreakEvenPanel)
        before = panel.render_line(1)
        app.theme = "nord" if app.theme != "nord" else "textual-dark"
        await pilot.pause()
        after = panel.render_line(1)
        assert before.text == after.text
        assert [s.style.color for s in before if s.text.strip()] != [s.style.color for s in after if s.text.strip()]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_step_opens_with_the_first_question_and_its_label_in_view(size):
    """Focusing the first question does not centre it, scrolling the step's title and the
    question's label away: the step opens at its top, scrolled only as far as the focus needs."""
    from drive import SAMPLES
    from running import drawn_lines

    app = open_app(SAMPLES / "incomplete_half_answered.toml")
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.3)
        screen = app.screen
        assert screen.STEP == "volume"
        assert question_of(app.focused).path == "volume.calls_per_month"
        assert visible_area(screen).contains_region(app.focused.region)
        shown = "\n".join(drawn_lines(app))
        assert "Calls per month on this task" in shown, shown
        if size == (80, 24):
            assert "Step 2 of 6" in shown, shown
