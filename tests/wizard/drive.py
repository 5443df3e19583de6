"""Helpers for driving the wizard with Pilot as a person would: focus a question, type, move on."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from tui.core.questions import BY_PATH
from tui.wizard.app import WizardApp

SAMPLES = Path(__file__).resolve().parents[2] / "sample_answers"
WIDE, NARROW = (120, 40), (80, 24)


def control(app: WizardApp, path: str):
    return app.screen.query_one(f"#{BY_PATH[path].widget_id}")


def shown_text(widget) -> str:
    """What a widget draws on screen, as plain text lines."""
    from textual.geometry import Region

    width, height = widget.region.size or widget.size  # borders and padding included
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, width, height)))


def error_text(app: WizardApp, path: str) -> str:
    """The error under a question as drawn, its wrapped lines joined (empty when there is none)."""
    below = app.screen.query_one(f"#help-{BY_PATH[path].widget_id}")
    lines = [line.strip() for line in shown_text(below).splitlines()] if below.display else []
    start = next((index for index, line in enumerate(lines) if line.startswith("✗")), None)
    return " ".join(line for line in lines[start:] if line) if start is not None else ""


async def type_answer(pilot, path: str, text: str, leave: bool = True) -> None:
    """Click into a question, replace its text by typing, and (by default) Tab away."""
    widget = control(pilot.app, path)
    widget.focus()
    await pilot.pause()
    if isinstance(widget, Input):
        widget.value = ""
    if text:
        await pilot.press(*text)
    if leave:
        await pilot.press("tab")
    await pilot.pause()


async def choose(pilot, path: str, value: str) -> None:
    """Pick an option in a question's drop-down."""
    widget = control(pilot.app, path)
    assert isinstance(widget, Select)
    widget.focus()
    widget.value = value
    await pilot.pause()


async def answer_everything(pilot) -> None:
    """Fill every step of a new assessment with a complete, fine-tuning case."""
    app = pilot.app
    await type_answer(pilot, "assessment.title", "Ticket triage")
    await type_answer(pilot, "assessment.owner", "Sam")
    await pilot.press("ctrl+n")
    await pilot.pause()
    assert app.screen.STEP == "volume"
    await type_answer(pilot, "volume.calls_per_month", "60k")
    await type_answer(pilot, "volume.prompted.cost_per_call_usd", "$0.03")
    await type_answer(pilot, "volume.fine_tuned.cost_per_call_usd", "0.006")
    await pilot.press("ctrl+n")
    await pilot.pause()
    await choose(pilot, "stability.change_frequency", "quarterly")
    await type_answer(pilot, "stability.retrain_compute_usd", "300")
    await type_answer(pilot, "stability.reevaluation_usd", "200")
    await type_answer(pilot, "stability.engineering_usd_per_cycle", "1,000")
    await type_answer(pilot, "stability.prompt_update_usd_per_change", "150")
    await pilot.press("ctrl+n")
    await pilot.pause()
    await type_answer(pilot, "data.labelled_examples", "4,000")
    await type_answer(pilot, "data.preparation_usd", "3k")
    await type_answer(pilot, "data.training_compute_usd", "400")
    await type_answer(pilot, "data.pipeline_setup_usd", "2,500")
    await pilot.press("ctrl+n")
    await pilot.pause()
    await choose(pilot, "performance.status", "evaluated")
    await type_answer(pilot, "performance.evaluation_usd", "600")
    await type_answer(pilot, "performance.both_correct", "820")
    await type_answer(pilot, "performance.only_prompted_correct", "22")
    await type_answer(pilot, "performance.only_fine_tuned_correct", "61")
    await type_answer(pilot, "performance.both_wrong", "97")
    await pilot.press("ctrl+n")
    await pilot.pause()


SAMPLE = SAMPLES / "fine_tuning_high_volume_stable.toml"


async def choose_way(pilot, scope: str, mode: str) -> None:
    """Pick a way of entering answers (cost per call or tokens; paired or unpaired) by clicking it."""
    await pilot.click(f"#mode-{scope.replace('.', '--')}-{mode}")
    await pilot.pause()


def open_app(path: Path) -> WizardApp:
    """The app as `tune-or-prompt open PATH` starts it."""
    from tui.core.form import load_form

    form, warnings = load_form(path) if path.exists() else (None, [])
    return WizardApp(path, form, warnings)


async def read_in_background(pilot) -> None:
    """Wait until a results import reading in its thread has finished and been shown."""
    for _ in range(400):
        await pilot.pause(0.05)
        if not any(worker.group == "import-read" and worker.is_running for worker in pilot.app.workers):
            await pilot.pause()
            return
