"""The installed `tune-or-prompt` in a real terminal (tmux): answer every step, save, report.

Keys are sent one at a time with a short pause, as a person types; the screen is read back
with capture-pane and the saved file is checked with the command line's own report.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TOOL = Path(sys.executable).parent / "tune-or-prompt"

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None and not os.environ.get("CI"),
    reason="tmux is not installed (CI installs it)",
)


class Terminal:
    """A tmux session on its own server, 120×40, running one command."""

    def __init__(self, command: str, folder: Path, size: tuple[int, int] = (120, 40)) -> None:
        self.socket = f"top-{uuid.uuid4().hex[:8]}"
        width, height = size
        self._tmux(
            "new-session",
            "-d",
            "-s",
            "main",
            "-x",
            str(width),
            "-y",
            str(height),
            "-c",
            str(folder),
            # The terminal's own size must win over any COLUMNS/LINES inherited from the test run.
            f"env -u COLUMNS -u LINES {command}; echo EXITED=$?; sleep 60",
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=20)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", "main")

    def wait_for(self, text: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def reach(self, text: str) -> str:
        """Wait for `text`, then for the screen to stop changing, as a person reads a new step
        before typing into it."""
        self.wait_for(text)
        return self.settle()

    def settle(self) -> str:
        """Wait for the screen to stop changing (a drop-down closing, a step appearing)."""
        screen, still = self.screen(), 0
        for _ in range(40):
            time.sleep(0.3)
            again = self.screen()
            still = still + 1 if again == screen else 0
            if still >= 2:  # unchanged for 0.6 s, even on a busy machine
                break
            screen = again
        return screen

    def keys(self, *keys: str) -> None:
        """Press named keys (Tab, Enter, C-n, Down ...) one after another."""
        for key in keys:
            self._tmux("send-keys", "-t", "main", key)
            time.sleep(0.2)

    def type(self, text: str) -> None:
        self._tmux("send-keys", "-t", "main", "-l", text)
        time.sleep(0.2)

    def answer(self, *texts: str) -> None:
        """Type each text into the focused question and Tab to the next."""
        for text in texts:
            self.type(text)
            self.keys("Tab")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def focus_stops(step: str) -> list[str]:
    """What Tab reaches on a new assessment's step, in order: each question of the ways of
    entering switched on by default, each way-of-entering choice, the model pickers and the results import."""
    from tui.core.questions import MODES, questions_for

    stops: list[str] = []
    for question in questions_for(step):
        scope, _, mode = question.group.partition(":")
        if scope in MODES:
            if f"choice:{scope}" not in stops:
                stops.append(f"choice:{scope}")
            if mode != MODES[scope][0][0]:
                continue
        stops.append(question.path)
        if question.path == "performance.evaluation_usd":
            stops.append("import")
        if question.path.startswith("volume.") and question.key == "cost_per_call_usd":
            stops.append(f"pick:{question.path.split('.')[1]}")  # the model picker, after the ways of entering
    return stops


def fill(t: Terminal, step: str, answers: dict[str, str], start: str | None = None) -> None:
    """From the focused question (`start`, else the step's first), type each answer and Tab on,
    passing the questions and choices left as they are."""
    stops = focus_stops(step)
    position = stops.index(start) if start else 0
    last = max(stops.index(path) for path in answers)
    for stop in stops[position : last + 1]:
        if stop in answers:
            t.type(answers[stop])
        if stop != stops[last]:
            t.keys("Tab")


@pytest.fixture
def terminal(tmp_path: Path):
    session = Terminal(str(TOOL), tmp_path)
    yield session
    session.close()


def test_a_new_assessment_answered_in_a_real_terminal_saves_a_file_the_report_agrees_with(
    terminal: Terminal, tmp_path: Path
):
    target = tmp_path / "ticket triage.toml"
    t = terminal
    t.reach("Step 1 of 6")
    t.answer("Ticket triage", "Sam")
    t.keys("C-n")

    t.reach("Step 2 of 6")
    fill(
        t,
        "volume",
        {
            "volume.calls_per_month": "60k",
            "volume.prompted.cost_per_call_usd": "0.03",
            "volume.fine_tuned.cost_per_call_usd": "0.006",
        },
    )
    t.wait_for("$0.024")  # the panel already shows the per-call saving
    t.keys("C-n")

    t.reach("Step 3 of 6")
    t.keys("Enter", "Down", "Down", "Down", "Enter")  # quarterly
    t.settle()
    t.keys("Tab", "Tab")  # forced retrains stay 0
    fill(
        t,
        "stability",
        {
            "stability.retrain_compute_usd": "300",
            "stability.reevaluation_usd": "200",
            "stability.engineering_usd_per_cycle": "1,000",
            "stability.prompt_update_usd_per_change": "150",
        },
        start="stability.retrain_compute_usd",
    )
    t.keys("C-n")

    t.reach("Step 4 of 6")
    fill(
        t,
        "data",
        {
            "data.labelled_examples": "4,000",
            "data.preparation_usd": "3k",
            "data.training_compute_usd": "400",
            "data.pipeline_setup_usd": "2500",
            "data.audited_examples": "200",
            "data.mislabelled_in_audit": "6",
        },
    )
    t.keys("C-n")

    t.reach("Step 5 of 6")
    t.keys("Enter", "Down", "Down", "Enter")  # "Yes, results below"
    t.settle()
    t.keys("Tab")
    fill(
        t,
        "performance",
        {
            "performance.evaluation_usd": "600",
            "performance.both_correct": "820",
            "performance.only_prompted_correct": "22",
            "performance.only_fine_tuned_correct": "61",
            "performance.both_wrong": "97",
        },
        start="performance.evaluation_usd",
    )
    t.keys("C-n")

    t.wait_for("Step 6 of 6")
    screen = t.wait_for("Recommendation: fine-tuning")
    assert "6.6 months" in screen

    t.keys("C-s")
    t.wait_for("Save the assessment as")
    t.keys("C-u")
    t.type(str(target))
    t.keys("Enter")
    t.wait_for("Saved to")
    t.keys("C-q")
    t.wait_for("EXITED=0")

    report = subprocess.run([str(TOOL), "report", str(target), "--format", "json"], capture_output=True, text=True)
    assert report.returncode == 0, report.stderr
    figures = json.loads(report.stdout)
    assert figures["recommendation"] == "fine_tuning"
    economics = figures["economics"]
    assert economics["crossover_calls"] == 270_834  # ceil(6,500 / 0.024)
    assert economics["annual_maintenance_tax_usd"] == pytest.approx(4 * 1500 - 4 * 150)
    assert economics["payback_months"] == pytest.approx(6500 / (0.024 * 60_000 - 5400 / 12))
    assert figures["steps"]["data"]["label_error_upper"] is not None


def test_a_model_picked_from_the_catalogue_in_a_real_terminal_is_saved_with_its_prices(
    terminal: Terminal, tmp_path: Path
):
    import tomllib

    target = tmp_path / "picked.toml"
    t = terminal
    t.reach("Step 1 of 6")
    t.answer("Picked prices")
    t.keys("F3")
    t.reach("Step 2 of 6")
    fill(t, "volume", {"volume.calls_per_month": "60k"})
    stops = focus_stops("volume")
    t.keys(*["Tab"] * (stops.index("pick:prompted") - stops.index("volume.calls_per_month")))
    t.keys("Enter")
    t.reach("pick the model")
    t.type("gpt-4.1-mini")
    t.wait_for("match 'gpt-4.1-mini'")
    t.settle()
    t.keys("Enter")
    t.wait_for("Priced from openai:gpt-4.1-mini")

    t.keys("C-s")
    t.wait_for("Save the assessment as")
    t.keys("C-u")
    t.type(str(target))
    t.keys("Enter")
    t.wait_for("Saved")
    t.keys("C-q")
    t.wait_for("EXITED=0")

    prompted = tomllib.loads(target.read_text(encoding="utf-8"))["volume"]["prompted"]
    assert prompted["model"] == "openai:gpt-4.1-mini"
    assert (prompted["input_usd_per_mtok"], prompted["output_usd_per_mtok"]) == (0.4, 1.6)
    assert prompted["prices_from"].startswith("genai-prices ")
    assert prompted["prices_checked_on"] is not None


def test_a_malformed_file_is_refused_before_the_screen_opens(tmp_path: Path):
    broken = tmp_path / "broken.toml"
    broken.write_text("[volume\ncalls_per_month = 5\n")
    done = subprocess.run([str(TOOL), "open", str(broken)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "line 1" in done.stderr and "Traceback" not in done.stderr
