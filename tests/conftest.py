"""Shared fixtures: a complete set of answers that recommends fine-tuning, and ways to vary it.

The baseline is chosen so every figure can be worked out by hand (SPEC §3):

    S   = 0.03 - 0.006                      = 0.024 $/call
    C   = 300 + 200 + 500 + 200             = 1,200 $
    ΔF  = 500 - 0                           = 500 $/month
    ΔM  = (4 + 1) * (100 + 50 + 150) - 4*25 = 1,400 $/year
    payback   = 1200 / (0.024*100000 - 500 - 1400/12)  ≈ 0.673 months
    net (12)  = 12*(2400 - 500) - 1400 - 1200          = 20,200 $

and every rule of SPEC §5 up to 9 passes: high volume, quarterly changes, sufficient data, a
clean label audit, and a paired evaluation that clearly favours the fine-tuned model.
"""

from __future__ import annotations

import copy
import textwrap

import pytest
from hypothesis import settings

from tui.core.models import Answers
from tui.core.validation import validate_document

# Generated examples are the same on every run, so a red build can be reproduced exactly.
settings.register_profile("repeatable", derandomize=True, deadline=None)
settings.load_profile("repeatable")

DELETE = object()

BASELINE: dict = {
    "schema_version": 1,
    "assessment": {"title": "Ticket triage", "owner": "Platform team", "horizon_months": 12},
    "volume": {
        "calls_per_month": 100_000.0,
        "prompted": {"cost_per_call_usd": 0.03},
        "fine_tuned": {"cost_per_call_usd": 0.006, "hosting_usd_per_month": 500.0},
    },
    "stability": {
        "change_frequency": "quarterly",
        "forced_retrains_per_year": 1.0,
        "retrain_compute_usd": 100.0,
        "reevaluation_usd": 50.0,
        "engineering_usd_per_cycle": 150.0,
        "prompt_update_usd_per_change": 25.0,
    },
    "data": {
        "labelled_examples": 5_000,
        "preparation_usd": 300.0,
        "training_compute_usd": 200.0,
        "pipeline_setup_usd": 500.0,
        "audited_examples": 400,
        "mislabelled_in_audit": 8,
    },
    "performance": {
        "status": "evaluated",
        "evaluation_usd": 200.0,
        "both_correct": 800,
        "only_prompted_correct": 20,
        "only_fine_tuned_correct": 80,
        "both_wrong": 100,
    },
}

BASELINE_TOML = textwrap.dedent(
    """\
    schema_version = 1

    [assessment]
    title = "Ticket triage"
    owner = "Platform team"
    horizon_months = 12

    [volume]
    calls_per_month = 100000

    [volume.prompted]
    cost_per_call_usd = 0.03

    [volume.fine_tuned]
    cost_per_call_usd = 0.006
    hosting_usd_per_month = 500

    [stability]
    change_frequency = "quarterly"
    forced_retrains_per_year = 1
    retrain_compute_usd = 100
    reevaluation_usd = 50
    engineering_usd_per_cycle = 150
    prompt_update_usd_per_change = 25

    [data]
    labelled_examples = 5000
    preparation_usd = 300
    training_compute_usd = 200
    pipeline_setup_usd = 500
    audited_examples = 400
    mislabelled_in_audit = 8

    [performance]
    status = "evaluated"
    evaluation_usd = 200
    both_correct = 800
    only_prompted_correct = 20
    only_fine_tuned_correct = 80
    both_wrong = 100
    """
)

PARTIAL_TOML = textwrap.dedent(
    """\
    schema_version = 1

    [volume]
    calls_per_month = 50000

    [volume.prompted]
    cost_per_call_usd = 0.02
    """
)

# Where SPEC §7 puts each key of the JSON report, and which JSON types it may take.
NUMBER_OR_NULL = (int, float, type(None))
SPEC_JSON_KEYS: dict[tuple[str, ...], tuple[type, ...]] = {
    ("recommendation",): (str,),
    ("missing",): (list,),
    ("steps", "volume", "band"): (str, type(None)),
    ("steps", "stability", "band"): (str, type(None)),
    ("steps", "data", "band"): (str, type(None)),
    ("steps", "data", "label_error_upper"): NUMBER_OR_NULL,
    ("steps", "performance", "status"): (str, type(None)),
    ("steps", "performance", "prompted_accuracy"): NUMBER_OR_NULL,
    ("steps", "performance", "fine_tuned_accuracy"): NUMBER_OR_NULL,
    ("steps", "performance", "p_value"): NUMBER_OR_NULL,
    ("steps", "performance", "significant"): (bool, type(None)),
    ("steps", "performance", "meaningful"): (bool, type(None)),
    ("steps", "performance", "favours"): (str, type(None)),
    ("economics", "prompted_cost_per_call_usd"): NUMBER_OR_NULL,
    ("economics", "fine_tuned_cost_per_call_usd"): NUMBER_OR_NULL,
    ("economics", "per_call_saving_usd"): NUMBER_OR_NULL,
    ("economics", "per_call_saving_with_errors_usd"): NUMBER_OR_NULL,
    ("economics", "upfront_cost_usd"): NUMBER_OR_NULL,
    ("economics", "crossover_calls"): NUMBER_OR_NULL,
    ("economics", "annual_maintenance_tax_usd"): NUMBER_OR_NULL,
    ("economics", "payback_months"): NUMBER_OR_NULL,
    ("economics", "breakeven_calls_per_month"): NUMBER_OR_NULL,
    ("economics", "net_saving_usd_over_horizon"): NUMBER_OR_NULL,
    ("economics", "horizon_months"): (int,),
    ("reasons",): (list,),
    ("cautions",): (list,),
}


def changed(document: dict, changes: dict[str, object]) -> dict:
    """A deep copy of `document` with dotted paths set to new values (or removed with DELETE)."""
    result = copy.deepcopy(document)
    for path, value in changes.items():
        *tables, key = path.split(".")
        table = result
        for name in tables:
            table = table.setdefault(name, {})
        if value is DELETE:
            table.pop(key, None)
        else:
            table[key] = value
    return result


def json_path(report: dict, path: tuple[str, ...]):
    """The value at a nested key path of the JSON report; KeyError names the path if absent."""
    value = report
    for part in path:
        if not isinstance(value, dict) or part not in value:
            raise KeyError(".".join(path))
        value = value[part]
    return value


@pytest.fixture
def baseline() -> dict:
    """A fresh copy of the complete answers that recommend fine-tuning."""
    return copy.deepcopy(BASELINE)


@pytest.fixture
def answers_with():
    """Answers from the baseline with some dotted paths changed: answers_with({"volume.calls_per_month": 999.0})."""

    def build(changes: dict[str, object] | None = None, base: dict | None = None) -> Answers:
        return validate_document(changed(BASELINE if base is None else base, changes or {}))

    return build


@pytest.fixture
def answers_file(tmp_path):
    """Write TOML text to a file in a temporary folder and return its path."""

    def write(text: str = BASELINE_TOML, name: str = "assessment.toml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
