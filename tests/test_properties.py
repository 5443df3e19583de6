"""Properties over generated answers: storage round trips, and assessing and exporting never fail."""

from __future__ import annotations

import datetime as dt
import json
import math

from conftest import SPEC_JSON_KEYS, json_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import binom

from tui.core import exports, stats, storage
from tui.core.assess import RECOMMENDATIONS, assess
from tui.core.models import CHANGE_FREQUENCIES
from tui.core.validation import validate_document

PROPERTY = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def finite(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)


# Money per call is 0 or at least a billionth of a dollar: smaller positive amounts hit a known
# overflow pinned by test_exports.test_every_format_survives_a_vanishingly_small_per_call_saving.
per_call_usd = st.one_of(st.just(0.0), finite(1e-9, 1e3), st.sampled_from([0.03, 0.006, 0.005, 0.5, 0.25]))
usd = st.one_of(finite(0.0, 1e9), st.integers(0, 10**6).map(float))
tokens = st.one_of(st.just(0.0), finite(1.0, 1e6), st.integers(0, 100_000).map(float))
usd_per_mtok = st.one_of(st.just(0.0), finite(1e-3, 1e3))
calls = st.one_of(finite(0.0, 1e12), st.sampled_from([999.0, 1_000.0, 10_000.0, 10_001.0]))
text = st.text(max_size=60) | st.sampled_from(["[x](http://evil) | {code}", "\x1b[31mred\x1b]0;t\x07", "line\nline"])
moments = st.datetimes(
    min_value=dt.datetime(1970, 1, 1),
    max_value=dt.datetime(2200, 1, 1),
    timezones=st.sampled_from([None, dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30))]),
)


def optional(draw, complete: bool, strategy) -> object:
    """A value, or None for an unanswered field (never None when generating complete answers)."""
    if complete or draw(st.booleans()):
        return draw(strategy)
    return None


def prune(table: dict) -> dict:
    return {key: value for key, value in table.items() if value is not None}


@st.composite
def sides(draw, complete: bool) -> dict:
    side: dict = {}
    if draw(st.booleans()):
        side["cost_per_call_usd"] = draw(per_call_usd) if complete or draw(st.booleans()) else None
    else:
        side["input_tokens"] = optional(draw, complete, tokens)
        side["output_tokens"] = optional(draw, complete, tokens)
        side["input_usd_per_mtok"] = optional(draw, complete, usd_per_mtok)
        side["output_usd_per_mtok"] = optional(draw, complete, usd_per_mtok)
    if draw(st.booleans()):
        side["hosting_usd_per_month"] = draw(usd)
    return prune(side)


@st.composite
def performances(draw, complete: bool) -> dict:
    table: dict = {
        "status": optional(draw, complete, st.sampled_from(["evaluated", "not_evaluated"])),
        "evaluation_usd": optional(draw, complete, usd),
    }
    # alpha >= 1e-6 and a minimum difference of 0 or >= 1e-6 pp: smaller positive values hit known
    # failures pinned in test_stats (test_a_tiny_alpha_..., test_a_tiny_minimum_meaningful_difference_...)
    if draw(st.booleans()):
        table["alpha"] = draw(st.floats(min_value=1e-6, max_value=1, exclude_max=True))
    if draw(st.booleans()):
        table["min_meaningful_difference_pp"] = draw(st.one_of(st.just(0.0), finite(1e-6, 100.0), st.just(2.0)))
    if draw(st.booleans()):
        table["cost_per_error_usd"] = draw(usd)
    if draw(st.booleans()):
        table["gap_is_critical"] = draw(st.booleans())
    design = draw(st.sampled_from(["paired", "unpaired", None]))
    count = st.integers(0, 200_000)
    if design == "paired":
        names = ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong")
        values = {name: optional(draw, complete, count) for name in names}
        if all(values[name] is not None for name in names) and sum(values.values()) == 0:
            values["both_wrong"] = 1
        table.update(values)
    elif design == "unpaired":
        items = draw(st.integers(1, 200_000))
        table["test_items"] = items if complete or draw(st.booleans()) else None
        table["prompted_correct"] = optional(draw, complete, st.integers(0, items))
        table["fine_tuned_correct"] = optional(draw, complete, st.integers(0, items))
    return prune(table)


@st.composite
def answer_documents(draw) -> dict:
    complete = draw(st.booleans())
    assessment = prune(
        {
            "title": optional(draw, False, text),
            "owner": optional(draw, False, text),
            "notes": optional(draw, False, st.text(max_size=300)),
            "horizon_months": optional(draw, False, st.integers(1, 120)),
            "created_at": optional(draw, False, moments),
            "updated_at": optional(draw, False, moments),
        }
    )
    stability = prune(
        {
            "change_frequency": optional(draw, complete, st.sampled_from(CHANGE_FREQUENCIES)),
            "forced_retrains_per_year": optional(draw, False, finite(0.0, 365.0)),
            "retrain_compute_usd": optional(draw, complete, usd),
            "reevaluation_usd": optional(draw, complete, usd),
            "engineering_usd_per_cycle": optional(draw, complete, usd),
            "prompt_update_usd_per_change": optional(draw, complete, usd),
        }
    )
    audited = optional(draw, False, st.integers(0, 5_000))
    data = prune(
        {
            "labelled_examples": optional(draw, complete, st.integers(0, 10**7)),
            "preparation_usd": optional(draw, complete, usd),
            "training_compute_usd": optional(draw, complete, usd),
            "pipeline_setup_usd": optional(draw, complete, usd),
            "audited_examples": audited,
            "mislabelled_in_audit": optional(draw, False, st.integers(0, audited if audited is not None else 5_000)),
            "max_label_error_rate": optional(draw, False, finite(0.0, 1.0)),
        }
    )
    document = {
        "assessment": assessment,
        "volume": prune(
            {
                "calls_per_month": optional(draw, complete, calls),
                "prompted": draw(sides(complete)),
                "fine_tuned": draw(sides(complete)),
            }
        ),
        "stability": stability,
        "data": data,
        "performance": draw(performances(complete)),
    }
    if draw(st.booleans()):
        document["schema_version"] = 1
    return {key: value for key, value in document.items() if value != {} or draw(st.booleans())}


answers = answer_documents().map(validate_document)


@PROPERTY
@given(answers)
def test_saved_answers_load_back_equal(generated):
    assert storage.load_text(storage.dumps(generated)) == generated


@PROPERTY
@given(answers)
def test_assess_and_every_export_never_fail(generated):
    result = assess(generated)
    assert result.recommendation in RECOMMENDATIONS
    assert (result.recommendation == "incomplete") == bool(result.missing)
    for format in exports.FORMATS:
        output = exports.render(result, format)
        assert isinstance(output, str) and output
        assert "\x1b" not in output


@PROPERTY
@given(answers)
def test_json_report_is_strict_json_with_the_spec_keys(generated):
    output = exports.render_json(assess(generated))

    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    report = json.loads(output, parse_constant=refuse)
    assert "NaN" not in output and "Infinity" not in output
    for path, types in SPEC_JSON_KEYS.items():
        value = json_path(report, path)
        assert isinstance(value, types), (path, value)
        if isinstance(value, float):
            assert math.isfinite(value)


@PROPERTY
@given(answers)
def test_figures_agree_with_the_formulas(generated):
    e = assess(generated).economics
    if e.crossover_calls is not None:
        assert e.per_call_saving_usd > 0
        assert e.crossover_calls >= 0
        # ceil(C / S): S * crossover covers C, one call fewer does not (to float precision)
        assert e.crossover_calls * e.per_call_saving_usd >= e.upfront_cost_usd * (1 - 1e-9)
    if e.per_call_saving_usd is not None and e.per_call_saving_usd <= 0:
        assert e.crossover_calls is None
    if e.payback_months is not None:
        assert e.payback_months >= 0
    if e.effective_saving_usd is not None and e.effective_saving_usd <= 0:
        assert e.breakeven_calls_per_month is None


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(0, 3_000), st.integers(0, 3_000))
def test_mcnemar_mid_p_agrees_with_scipy_and_is_a_probability(b, c):
    p = stats.mcnemar_mid_p(b, c)
    assert 0.0 <= p <= 1.0
    assert p == stats.mcnemar_mid_p(c, b)
    n, m = b + c, min(b, c)
    # P[X <= m] - P[X = m]/2 written as P[X <= m-1] + P[X = m]/2, which scipy computes without
    # cancellation far into the tail.
    expected = 1.0 if n == 0 else min(1.0, 2 * (binom.cdf(m - 1, n, 0.5) + 0.5 * binom.pmf(m, n, 0.5)))
    assert math.isclose(p, expected, rel_tol=1e-9, abs_tol=1e-300)
