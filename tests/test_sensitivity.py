"""SPEC §8: flip points, checked by hand on the baseline and against a search that samples and bisects.

The flip points come from closed forms (band edges and the roots of two straight lines); the
oracle here knows nothing of them: it walks out from the current value on a fine grid until the
recommendation changes, then bisects. Both must agree to a relative 1e-6, whole numbers exactly.
"""

from __future__ import annotations

import math

import pytest
from conftest import BASELINE, DELETE, changed
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import changes
from tui.core import sensitivity as sens
from tui.core.assess import assess, recommend
from tui.core.validation import validate_document


def flips_of(document) -> dict[str, sens.FlipPoints]:
    answers = validate_document(document)
    found = sens.sensitivity(answers, recommend)
    return {points.path: points for points in found.flips}


def test_the_volume_flips_where_the_break_even_volume_is():
    # (C/H + ΔF + ΔM/12) / S = (1200/12 + 500 + 1400/12) / 0.024
    breakeven = (100 + 500 + 1400 / 12) / 0.024
    volume = flips_of(BASELINE)["volume.calls_per_month"]
    assert volume.current == 100_000
    assert volume.below is not None and volume.below.value == pytest.approx(breakeven, rel=1e-9)
    assert volume.below.recommendation == "prompting"
    assert volume.above is None


def test_the_fine_tuned_cost_flips_where_the_net_saving_reaches_zero():
    # 12 · ((0.03 − x) · 100,000 − 500 − 1400/12) − 1200 = 0
    root = 0.03 - (1200 / 12 + 500 + 1400 / 12) / 100_000
    cost = flips_of(BASELINE)["volume.fine_tuned.cost_per_call_usd"]
    assert cost.above is not None and cost.above.value == pytest.approx(root, rel=1e-9)
    assert cost.above.recommendation == "prompting"
    assert cost.below is None


def test_whole_number_answers_flip_at_the_nearest_whole_number():
    flips = flips_of(BASELINE)
    examples = flips["data.labelled_examples"]
    assert examples.below is not None and examples.below.value == 199 and examples.below.recommendation == "prompting"
    assert examples.above is None
    assert flips["assessment.horizon_months"].below is None  # it pays back within a month


def test_a_medium_volume_flips_at_the_band_edge_and_at_the_break_even_volume():
    flips = flips_of(changed(BASELINE, {"volume.calls_per_month": 5_000.0, "performance.gap_is_critical": True}))
    volume = flips["volume.calls_per_month"]
    assert volume.below is not None and volume.below.value == 1_000 and volume.below.recommendation == "prompting"


def test_the_change_frequency_lists_every_alternative():
    answers = validate_document(BASELINE)
    found = sens.sensitivity(answers, recommend)
    assert found.frequency.current == "quarterly"
    assert found.frequency.alternatives["weekly"] == "prompting"
    assert found.frequency.alternatives["quarterly"] == "fine_tuning"
    assert set(found.frequency.alternatives) == {"weekly", "monthly", "quarterly", "semiannual", "annual", "rarely"}


def test_the_token_fields_are_covered_when_a_side_is_priced_by_tokens():
    document = changed(
        BASELINE,
        {
            "volume.prompted": {
                "input_tokens": 2000.0,
                "output_tokens": 300.0,
                "input_usd_per_mtok": 10.0,
                "output_usd_per_mtok": 30.0,
            }
        },
    )
    paths = set(flips_of(document))
    assert {
        f"volume.prompted.{name}"
        for name in ("input_tokens", "output_tokens", "input_usd_per_mtok", "output_usd_per_mtok")
    } <= paths
    assert "volume.prompted.cost_per_call_usd" not in paths


def test_a_flip_a_hair_below_the_current_value_is_placed_where_it_is():
    # The net saving is $0.000004: the break-even volume lies within a billionth of the current
    # 250,000 calls, below it. The flip is there, not at the current value, where the rules
    # still give fine-tuning.
    from pathlib import Path

    from tui.core.storage import load_text

    sample = Path(__file__).parent.parent / "sample_answers" / "prompting_payback_beyond_horizon.toml"
    text = sample.read_text(encoding="utf-8")
    text = text.replace("output_tokens = 150\n", "output_tokens = 370.0\nhosting_usd_per_month = 0.166667\n", 1)
    text = text.replace("pipeline_setup_usd = 5_400\n", "pipeline_setup_usd = 5410.0\n", 1)
    answers = load_text(text)
    now = recommend(answers)
    volume = sens.flip_points(answers, "volume.calls_per_month", recommend)
    assert now == "fine_tuning" and volume.current == 250_000
    assert volume.below is not None and volume.below.value < volume.current
    assert volume.below.value == pytest.approx(250_000, rel=1e-9)
    assert recommend(sens.with_value(answers, "volume.calls_per_month", volume.below.value * (1 + 1e-12))) == now
    assert (
        recommend(sens.with_value(answers, "volume.calls_per_month", volume.below.value * (1 - 1e-12))) == "prompting"
    )


def test_an_incomplete_assessment_has_no_flip_points():
    result = assess(validate_document(changed(BASELINE, {"volume.calls_per_month": DELETE})))
    assert result.sensitivity is None


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"volume.calls_per_month": 5_000.0},
        {"volume.calls_per_month": 20_000.0, "volume.fine_tuned.hosting_usd_per_month": 3_000.0},
        {"data.mislabelled_in_audit": 60},
        {"volume.calls_per_month": 5_000.0, "performance.gap_is_critical": True},
    ],
)
def test_every_would_change_statement_gives_the_recommendation_it_names(overrides):
    """Apply the value each sentence states: the rules give what the sentence says, and it is shown."""
    result = assess(validate_document(changed(BASELINE, overrides)))
    assert result.changes, result.recommendation
    for change in result.changes:
        assert recommend(sens.with_value(result.answers, change.path, change.value)) == change.recommendation
        assert change.recommendation != result.recommendation
        assert changes.LABELS[change.recommendation] in change.text
    assert result.would_change == [change.text for change in result.changes]
    distances = [change.distance for change in result.changes]
    assert distances == sorted(distances), "nearest first"


# The oracle ------------------------------------------------------------------------------------


def _walk(at, current: float, limit: float, now: str, whole: bool) -> float | None:
    """The nearest value towards `limit` with another recommendation, by stepping then bisecting."""
    if current == limit:
        return None
    direction = 1 if limit > current else -1
    points = []
    for k in range(1, 400):
        points.append(current + direction * abs(current or 1) * (1.04**k - 1) / 1e3)
    points += [current + direction * step for step in (1e-6, 1e-3, 0.01, 0.1, 1, 10, 100)]
    points = sorted({p for p in points if (p - limit) * direction < 0} | {limit}, key=lambda p: abs(p - current))
    inside = current
    for point in points:
        value = round(point) if whole else point
        if value == current:
            continue
        if at(value) != now:
            outside = value
            break
        inside = value
    else:
        return None
    if whole:
        while abs(outside - inside) > 1:
            middle = (inside + outside) // 2 if direction > 0 else -((-inside - outside) // 2)
            if at(middle) != now:
                outside = middle
            else:
                inside = middle
        return float(outside)
    for _ in range(200):
        middle = (inside + outside) / 2
        if at(middle) != now:
            outside = middle
        else:
            inside = middle
        if abs(outside - inside) <= 1e-12 * max(1.0, abs(outside)):
            break
    return outside


money = st.floats(0, 20_000, allow_nan=False).map(lambda v: round(v, 2))
scenario = st.fixed_dictionaries(
    {
        "volume.calls_per_month": st.sampled_from([500.0, 5_000.0, 50_000.0, 300_000.0]),
        "volume.prompted.cost_per_call_usd": st.sampled_from([0.002, 0.01, 0.03]),
        "volume.fine_tuned.cost_per_call_usd": st.sampled_from([0.001, 0.006, 0.02]),
        "volume.fine_tuned.hosting_usd_per_month": st.sampled_from([0.0, 500.0, 3_000.0]),
        "stability.change_frequency": st.sampled_from(["monthly", "quarterly", "rarely"]),
        "stability.forced_retrains_per_year": st.sampled_from([0.0, 1.0, 2.5]),
        "stability.engineering_usd_per_cycle": money,
        "data.preparation_usd": money,
        "data.labelled_examples": st.sampled_from([150, 600, 5_000]),
        "performance.gap_is_critical": st.booleans(),
        "performance.cost_per_error_usd": st.sampled_from([0.0, 0.05, 1.0]),
        "assessment.horizon_months": st.integers(1, 36),
    }
)


@settings(max_examples=20, deadline=None)
@given(scenario)
def test_flip_points_agree_with_a_search_that_samples_and_bisects(overrides):
    answers = validate_document(changed(BASELINE, overrides))
    now = recommend(answers)
    found = sens.sensitivity(answers, recommend)
    for points in found.flips:
        whole = points.path in sens.WHOLE

        def at(value, path=points.path, whole=whole):
            return recommend(sens.with_value(answers, path, int(value) if whole else value))

        for flip, limit in ((points.below, sens.floor(points.path)), (points.above, sens.ceiling(points.path))):
            expected = _walk(at, points.current, limit, now, whole)
            if expected is None:
                assert flip is None, (points.path, flip)
                continue
            assert flip is not None, (points.path, expected)
            if whole:
                assert flip.value == expected, points.path
            else:
                assert flip.value == pytest.approx(expected, rel=1e-6, abs=1e-9), points.path
            beyond = flip.value + (1 if limit > points.current else -1) * max(abs(flip.value) * 1e-7, 1e-9)
            beyond = min(max(beyond, sens.floor(points.path)), sens.ceiling(points.path))
            assert flip.recommendation in (at(int(flip.value) if whole else flip.value), at(beyond))
            assert flip.recommendation != now
            assert math.isfinite(flip.value)
