"""The benchmark's headless start-up runner ends each app once it has drawn the figure asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "sample_answers/fine_tuning_high_volume_stable.toml"


@pytest.mark.parametrize(
    "kind, text",
    [("wizard", "$16,321"), ("bare", "Calls per month: 300000")],  # the panel's net saving; the bare app's echo
)
def test_the_runner_ends_the_app_once_it_has_drawn_the_figure(kind, text):
    done = subprocess.run(
        [sys.executable, "-m", "bench.first_frame", kind, SAMPLE, text],
        cwd=ROOT,
        env={**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
