"""The floor's answers model: a small pydantic v2 model of the answers file, built at import.

Strict, and unknown keys are an error at the top level and in `[volume]`, as in the real
model; the other tables are taken as they are. The bare app and the report baseline read the
same TOML file through it.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class Volume(_Strict):
    calls_per_month: float | None = Field(default=None, ge=0, le=1e12, title="Calls per month")
    prompted: dict[str, float] = Field(default_factory=dict)
    fine_tuned: dict[str, float] = Field(default_factory=dict)


class Answers(_Strict):
    schema_version: Literal[1]
    assessment: dict[str, Any] = Field(default_factory=dict)
    volume: Volume = Field(default_factory=Volume)
    stability: dict[str, Any] = Field(default_factory=dict)
    data: dict[str, Any] = Field(default_factory=dict)
    performance: dict[str, Any] = Field(default_factory=dict)


def load(path: str | Path) -> Answers:
    with open(path, "rb") as file:
        return Answers.model_validate(tomllib.load(file))


def calls_text(value: str) -> str:
    """The bare app's Static: the calls per month, as the file gives it or as typed."""
    return f"Calls per month: {value}"


def calls_value(answers: Answers) -> str:
    """The calls per month as the Input holds it: `300000`, or empty when unanswered."""
    calls = answers.volume.calls_per_month
    if calls is None:
        return ""
    return str(int(calls)) if calls.is_integer() else str(calls)


def figure(answers: Answers) -> str:
    """What the Static shows before anything is typed (the same text the Input's echo gives)."""
    return calls_text(calls_value(answers))
