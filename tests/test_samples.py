"""The sample assessments in sample_answers/ stay valid and show what their names promise.

Each file name starts with the recommendation it illustrates (fine_tuning_..., prompting_...,
evaluate_first_..., fix_data_first_..., incomplete_...), so a change to the rules or the
economics that flips a sample is caught here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui.core.assess import assess
from tui.core.storage import load

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "sample_answers"
SAMPLES = sorted(SAMPLES_DIR.glob("*.toml"))
KNOWN_PREFIXES = ("fine_tuning", "prompting", "evaluate_first", "fix_data_first", "incomplete")
REQUIRED_COVERAGE = {"prompting", "fine_tuning", "evaluate_first", "fix_data_first"}


def expected_recommendation(path: Path) -> str:
    """The recommendation a sample's name promises: the longest known prefix of its name."""
    stem = path.stem
    matches = [prefix for prefix in KNOWN_PREFIXES if stem == prefix or stem.startswith(prefix + "_")]
    if not matches:
        known = ", ".join(KNOWN_PREFIXES)
        raise AssertionError(f"{path.name} does not start with one of {known}")
    return max(matches, key=len)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


ids = [path.name for path in SAMPLES]


@pytest.mark.parametrize("path", SAMPLES, ids=ids)
def test_check_accepts_sample(path: Path) -> None:
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stderr
    if expected_recommendation(path) == "incomplete":
        assert "still missing" in result.stdout
    else:
        assert "every answer is given" in result.stdout


@pytest.mark.parametrize("path", SAMPLES, ids=ids)
def test_sample_shows_the_recommendation_its_name_promises(path: Path) -> None:
    expected = expected_recommendation(path)
    result = assess(load(path))
    if expected == "incomplete":
        assert result.missing, f"{path.name} is meant to be partly answered"
    else:
        assert result.missing == [], f"{path.name} should be complete, missing {result.missing}"
    assert result.recommendation == expected, (
        f"{path.name}: expected {expected}, got {result.recommendation} ({result.headline})"
    )


@pytest.mark.parametrize("path", SAMPLES, ids=ids)
def test_text_report_of_sample(path: Path) -> None:
    result = run_cli("report", str(path), "--format", "text")
    assert result.returncode == 0, result.stderr
    assert "Recommendation:" in result.stdout


def test_samples_cover_every_recommendation() -> None:
    assert len(SAMPLES) >= 8, f"expected at least 8 samples in {SAMPLES_DIR}, found {len(SAMPLES)}"
    covered = {expected_recommendation(path) for path in SAMPLES}
    assert REQUIRED_COVERAGE <= covered, f"no sample for {sorted(REQUIRED_COVERAGE - covered)}"


def test_samples_do_not_carry_timestamps() -> None:
    for path in SAMPLES:
        info = load(path).assessment
        assert info.created_at is None and info.updated_at is None, path.name
