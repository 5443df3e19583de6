"""SPEC §2 bands and SPEC §5 rules: each rule fires on its own, in order, and the missing answers."""

from __future__ import annotations

import math

import pytest
from conftest import DELETE
from scipy.stats import norm

from tui.core import stats
from tui.core.assess import assess, data_band, missing_answers, stability_band, volume_band
from tui.core.economics import CHANGES_PER_YEAR

PAIRED = ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong")


def wilson_upper(wrong: int, audited: int) -> float:
    """The 95% Wilson upper bound, written out (statsmodels' formula)."""
    z = norm.ppf(0.975)
    q = wrong / audited
    denom = 1 + z**2 / audited
    return (q + z**2 / (2 * audited)) / denom + z * math.sqrt(q * (1 - q) / audited + z**2 / (4 * audited**2)) / denom


def decide(answers_with, changes: dict | None = None):
    result = assess(answers_with(changes))
    return result.recommendation, result.decided_by


# Bands -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("calls", "band"),
    [
        (0.0, "low"),
        (999.0, "low"),
        (999.99, "low"),
        (1_000.0, "medium"),
        (10_000.0, "medium"),
        (10_000.5, "high"),
        (10_001.0, "high"),
        (5e9, "high"),
    ],
)
def test_volume_band_boundaries(answers_with, calls, band):
    assert volume_band(calls) == band
    assert assess(answers_with({"volume.calls_per_month": calls})).volume_band == band


@pytest.mark.parametrize(
    ("examples", "band"),
    [
        (0, "scarce"),
        (199, "scarce"),
        (200, "limited"),
        (1_000, "limited"),
        (1_001, "sufficient"),
        (10**6, "sufficient"),
    ],
)
def test_data_band_boundaries(answers_with, examples, band):
    assert data_band(examples) == band
    assert assess(answers_with({"data.labelled_examples": examples})).data_band == band


@pytest.mark.parametrize(
    ("frequency", "band", "changes"),
    [
        ("weekly", "volatile", 52),
        ("monthly", "moderate", 12),
        ("quarterly", "stable", 4),
        ("semiannual", "stable", 2),
        ("annual", "stable", 1),
        ("rarely", "stable", 0),
    ],
)
def test_stability_band_and_changes_per_year(answers_with, frequency, band, changes):
    assert stability_band(frequency) == band
    assert CHANGES_PER_YEAR[frequency] == changes
    result = assess(answers_with({"stability.change_frequency": frequency}))
    assert result.stability_band == band
    assert result.economics.changes_per_year == changes


def test_unanswered_steps_have_no_band():
    assert volume_band(None) is None
    assert data_band(None) is None
    assert stability_band(None) is None


# The baseline and rule 9 -------------------------------------------------------------------------


def test_baseline_recommends_fine_tuning_by_rule_9(answers_with):
    result = assess(answers_with())
    assert result.missing == []
    assert (result.recommendation, result.decided_by) == ("fine_tuning", 9)
    assert (result.volume_band, result.stability_band, result.data_band) == ("high", "stable", "sufficient")
    assert result.gap.favours == "fine_tuning"


# Rule 1: label audit ----------------------------------------------------------------------------


def test_rule_1_failing_label_audit_means_fix_data_first(answers_with):
    # 10 of 100 wrong: the upper bound is well above 10%
    assert wilson_upper(10, 100) > 0.10
    assert decide(answers_with, {"data.audited_examples": 100, "data.mislabelled_in_audit": 10}) == (
        "fix_data_first",
        1,
    )


def test_rule_1_clean_audit_passes(answers_with):
    # 8 of 400 wrong: upper bound about 3.9%
    result = assess(answers_with())
    assert result.audit.upper == pytest.approx(wilson_upper(8, 400), rel=1e-12)
    assert result.audit.upper < 0.10
    assert result.recommendation == "fine_tuning"


def test_rule_1_uses_max_label_error_rate(answers_with):
    upper = wilson_upper(8, 400)  # about 0.0389
    assert decide(answers_with, {"data.max_label_error_rate": 0.03}) == ("fix_data_first", 1)
    assert decide(answers_with, {"data.max_label_error_rate": round(upper + 0.001, 4)}) == ("fine_tuning", 9)


def test_rule_1_upper_bound_exactly_at_the_limit_does_not_fire(answers_with):
    # every audited label wrong: p = 1, so the Wilson upper bound is exactly 1
    changes = {"data.audited_examples": 50, "data.mislabelled_in_audit": 50, "data.max_label_error_rate": 1.0}
    result = assess(answers_with(changes))
    assert result.audit.upper == 1.0
    assert (result.recommendation, result.decided_by) == ("fine_tuning", 9)


def test_rule_1_upper_bound_just_above_the_limit_fires(answers_with):
    changes = {"data.audited_examples": 50, "data.mislabelled_in_audit": 50, "data.max_label_error_rate": 0.999}
    assert decide(answers_with, changes) == ("fix_data_first", 1)


def test_rule_1_strict_comparison_at_a_realistic_bound(answers_with):
    upper = stats.wilson_interval(10, 200)[1]
    assert upper == pytest.approx(wilson_upper(10, 200), rel=1e-12)
    at = {"data.audited_examples": 200, "data.mislabelled_in_audit": 10, "data.max_label_error_rate": upper}
    assert decide(answers_with, at) == ("fine_tuning", 9)
    below = dict(at, **{"data.max_label_error_rate": math.nextafter(upper, 0.0)})
    assert decide(answers_with, below) == ("fix_data_first", 1)


def test_rule_1_failing_audit_beats_low_volume(answers_with):
    changes = {"data.audited_examples": 100, "data.mislabelled_in_audit": 30, "volume.calls_per_month": 10.0}
    assert decide(answers_with, changes) == ("fix_data_first", 1)


def test_rule_1_failing_audit_beats_everything_else(answers_with):
    changes = {
        "data.audited_examples": 20,
        "data.mislabelled_in_audit": 5,
        "volume.calls_per_month": 10.0,
        "stability.change_frequency": "weekly",
        "data.labelled_examples": 50,
        "performance.status": "not_evaluated",
    }
    assert decide(answers_with, changes) == ("fix_data_first", 1)


def test_no_label_audit_skips_rule_1(answers_with):
    changes = {"data.audited_examples": DELETE, "data.mislabelled_in_audit": DELETE}
    result = assess(answers_with(changes))
    assert result.audit is None
    assert result.recommendation == "fine_tuning"


# Rules 2-4 -------------------------------------------------------------------------------------


def test_rule_2_low_volume_means_prompting(answers_with):
    assert decide(answers_with, {"volume.calls_per_month": 999.0}) == ("prompting", 2)


def test_rule_2_volume_of_exactly_1000_is_not_low(answers_with):
    # medium, gap not critical: rule 7 decides instead
    assert decide(answers_with, {"volume.calls_per_month": 1_000.0}) == ("prompting", 7)


def test_rule_2_low_volume_beats_weekly_changes(answers_with):
    changes = {"volume.calls_per_month": 999.0, "stability.change_frequency": "weekly"}
    assert decide(answers_with, changes) == ("prompting", 2)


def test_rule_2_low_volume_beats_a_critical_gap(answers_with):
    changes = {"volume.calls_per_month": 500.0, "performance.gap_is_critical": True}
    assert decide(answers_with, changes) == ("prompting", 2)


def test_rule_3_weekly_changes_mean_prompting(answers_with):
    assert decide(answers_with, {"stability.change_frequency": "weekly"}) == ("prompting", 3)


def test_rule_3_monthly_changes_do_not_fire(answers_with):
    assert decide(answers_with, {"stability.change_frequency": "monthly"}) == ("fine_tuning", 9)


def test_rule_3_weekly_beats_scarce_data(answers_with):
    changes = {"stability.change_frequency": "weekly", "data.labelled_examples": 199}
    assert decide(answers_with, changes) == ("prompting", 3)


def test_rule_4_scarce_data_means_prompting(answers_with):
    assert decide(answers_with, {"data.labelled_examples": 199}) == ("prompting", 4)


def test_rule_4_200_examples_are_not_scarce(answers_with):
    assert decide(answers_with, {"data.labelled_examples": 200}) == ("fine_tuning", 9)


def test_rule_4_scarce_data_beats_an_unevaluated_gap(answers_with):
    changes = {"data.labelled_examples": 199, "performance.status": "not_evaluated"}
    assert decide(answers_with, changes) == ("prompting", 4)


# Rules 5-6 -------------------------------------------------------------------------------------


def test_rule_5_unevaluated_gap_means_evaluate_first(answers_with):
    changes = {"performance.status": "not_evaluated", **{f"performance.{name}": DELETE for name in PAIRED}}
    assert decide(answers_with, changes) == ("evaluate_first", 5)


def test_rule_5_ignores_counts_entered_for_an_unevaluated_gap(answers_with):
    result = assess(answers_with({"performance.status": "not_evaluated"}))
    assert (result.recommendation, result.decided_by) == ("evaluate_first", 5)
    assert result.missing == []


def test_rule_5_beats_medium_volume(answers_with):
    changes = {"performance.status": "not_evaluated", "volume.calls_per_month": 5_000.0}
    assert decide(answers_with, changes) == ("evaluate_first", 5)


def test_rule_6_gap_favouring_prompting_means_prompting(answers_with):
    changes = {"performance.only_prompted_correct": 80, "performance.only_fine_tuned_correct": 20}
    result = assess(answers_with(changes))
    assert result.gap.favours == "prompting"
    assert (result.recommendation, result.decided_by) == ("prompting", 6)


def test_rule_6_gap_favouring_neither_means_prompting(answers_with):
    changes = {"performance.only_prompted_correct": 50, "performance.only_fine_tuned_correct": 50}
    result = assess(answers_with(changes))
    assert result.gap.favours == "neither"
    assert (result.recommendation, result.decided_by) == ("prompting", 6)


def test_rule_6_applies_even_when_the_gap_is_marked_critical(answers_with):
    changes = {
        "performance.only_prompted_correct": 50,
        "performance.only_fine_tuned_correct": 50,
        "performance.gap_is_critical": True,
    }
    assert decide(answers_with, changes) == ("prompting", 6)


def test_rule_6_beats_a_payback_that_never_comes(answers_with):
    changes = {
        "performance.only_prompted_correct": 50,
        "performance.only_fine_tuned_correct": 50,
        "volume.fine_tuned.cost_per_call_usd": 0.05,
    }
    assert decide(answers_with, changes) == ("prompting", 6)


# Rules 7-8 -------------------------------------------------------------------------------------


@pytest.mark.parametrize("calls", [1_000.0, 5_000.0, 10_000.0])
def test_rule_7_medium_volume_without_a_critical_gap_means_prompting(answers_with, calls):
    assert decide(answers_with, {"volume.calls_per_month": calls}) == ("prompting", 7)


def test_rule_7_beats_rule_8(answers_with):
    # at 10,000 calls the payback never comes, but rule 7 matches first
    result = assess(answers_with({"volume.calls_per_month": 10_000.0}))
    assert result.economics.payback_months is None
    assert result.decided_by == 7


def test_critical_gap_skips_rules_7_and_8(answers_with):
    changes = {"volume.calls_per_month": 10_000.0, "performance.gap_is_critical": True}
    result = assess(answers_with(changes))
    assert result.economics.payback_months is None  # rule 8 would have matched
    assert (result.recommendation, result.decided_by) == ("fine_tuning", 9)


def test_critical_gap_skips_rule_8_at_high_volume(answers_with):
    changes = {"volume.fine_tuned.cost_per_call_usd": 0.05, "performance.gap_is_critical": True}
    assert decide(answers_with, changes) == ("fine_tuning", 9)


def test_rule_8_no_payback_because_saving_is_negative(answers_with):
    assert decide(answers_with, {"volume.fine_tuned.cost_per_call_usd": 0.05}) == ("prompting", 8)


def test_rule_8_no_payback_because_hosting_exceeds_the_saving(answers_with):
    assert decide(answers_with, {"volume.fine_tuned.hosting_usd_per_month": 3_000.0}) == ("prompting", 8)


EXACT_TWELVE_MONTHS = {
    # S = 0.25, V = 20,000, ΔF = 4,900, ΔM = 0, C = 1,200: payback = 1200 / (5000 - 4900) = 12.0
    "volume.calls_per_month": 20_000.0,
    "volume.prompted.cost_per_call_usd": 0.5,
    "volume.fine_tuned.cost_per_call_usd": 0.25,
    "volume.fine_tuned.hosting_usd_per_month": 4_900.0,
    "stability": {"change_frequency": "rarely"},
}


def test_rule_8_payback_exactly_equal_to_the_horizon_is_not_beyond_it(answers_with):
    result = assess(answers_with(EXACT_TWELVE_MONTHS))
    assert result.economics.payback_months == 12.0
    assert (result.recommendation, result.decided_by) == ("fine_tuning", 9)


def test_rule_8_payback_beyond_the_horizon_means_prompting(answers_with):
    # C = 1,300: payback 13 months
    result = assess(answers_with({**EXACT_TWELVE_MONTHS, "data.preparation_usd": 400.0}))
    assert result.economics.payback_months == 13.0
    assert (result.recommendation, result.decided_by) == ("prompting", 8)


def test_rule_8_uses_the_horizon_from_the_answers(answers_with):
    result = assess(answers_with({**EXACT_TWELVE_MONTHS, "assessment.horizon_months": 11}))
    assert (result.recommendation, result.decided_by) == ("prompting", 8)
    result = assess(
        answers_with({**EXACT_TWELVE_MONTHS, "data.preparation_usd": 400.0, "assessment.horizon_months": 13})
    )
    assert (result.recommendation, result.decided_by) == ("fine_tuning", 9)


def test_rule_8_counts_the_cost_of_errors(answers_with):
    # without errors the saving is negative (never pays back); with them S_err = -0.01 + 0.06 * 1.0 = 0.05
    changes = {"volume.fine_tuned.cost_per_call_usd": 0.04, "performance.cost_per_error_usd": 1.0}
    result = assess(answers_with(changes))
    assert result.economics.payback_months_without_errors is None
    assert result.economics.payback_months == pytest.approx(1200 / (0.05 * 100_000 - 500 - 1400 / 12))
    assert (result.recommendation, result.decided_by) == ("fine_tuning", 9)


# Incomplete ------------------------------------------------------------------------------------


def test_empty_answers_are_incomplete_and_list_what_is_missing(answers_with):
    result = assess(answers_with(base={}))
    assert result.recommendation == "incomplete"
    expected = {
        "volume.calls_per_month",
        "volume.prompted.cost_per_call_usd",
        "volume.fine_tuned.cost_per_call_usd",
        "stability.change_frequency",
        "data.labelled_examples",
        "data.preparation_usd",
        "data.training_compute_usd",
        "data.pipeline_setup_usd",
        "performance.status",
        "performance.evaluation_usd",
    }
    assert expected <= set(result.missing)
    assert len(result.missing) == len(set(result.missing))


@pytest.mark.parametrize(
    "path",
    [
        "volume.calls_per_month",
        "volume.prompted.cost_per_call_usd",
        "volume.fine_tuned.cost_per_call_usd",
        "stability.change_frequency",
        "stability.retrain_compute_usd",
        "stability.reevaluation_usd",
        "stability.engineering_usd_per_cycle",
        "stability.prompt_update_usd_per_change",
        "data.labelled_examples",
        "data.preparation_usd",
        "data.training_compute_usd",
        "data.pipeline_setup_usd",
        "performance.status",
        "performance.evaluation_usd",
        "performance.both_correct",
        "performance.only_prompted_correct",
        "performance.only_fine_tuned_correct",
        "performance.both_wrong",
    ],
)
def test_one_missing_answer_makes_the_result_incomplete_and_is_named(answers_with, path):
    result = assess(answers_with({path: DELETE}))
    assert result.recommendation == "incomplete"
    assert result.missing == [path]
    assert result.decided_by is None


def test_incomplete_wins_even_when_an_early_rule_already_matches(answers_with):
    result = assess(answers_with({"volume.calls_per_month": 10.0, "data.preparation_usd": DELETE}))
    assert result.recommendation == "incomplete"
    assert result.missing == ["data.preparation_usd"]
    assert result.leaning == "prompting"


def test_missing_token_fields_are_listed_by_name(answers_with):
    side = {"input_tokens": 1_000.0, "input_usd_per_mtok": 3.0}
    result = assess(answers_with({"volume.prompted": side}))
    assert result.recommendation == "incomplete"
    assert result.missing == ["volume.prompted.output_tokens", "volume.prompted.output_usd_per_mtok"]


def test_half_a_label_audit_is_missing_the_other_half(answers_with):
    assert missing_answers(answers_with({"data.mislabelled_in_audit": DELETE})) == ["data.mislabelled_in_audit"]
    assert missing_answers(answers_with({"data.audited_examples": DELETE})) == ["data.audited_examples"]


def test_evaluated_unpaired_results_need_all_three_counts(answers_with):
    changes = {f"performance.{name}": DELETE for name in PAIRED}
    changes["performance.test_items"] = 200
    assert missing_answers(answers_with(changes)) == ["performance.prompted_correct", "performance.fine_tuned_correct"]


def test_evaluated_without_any_counts_asks_for_the_paired_ones(answers_with):
    changes = {f"performance.{name}": DELETE for name in PAIRED}
    assert missing_answers(answers_with(changes)) == [f"performance.{name}" for name in PAIRED]


def test_unevaluated_gap_needs_no_counts(answers_with):
    changes = {"performance.status": "not_evaluated", **{f"performance.{name}": DELETE for name in PAIRED}}
    assert missing_answers(answers_with(changes)) == []


def test_a_task_that_never_changes_needs_no_maintenance_costs(answers_with):
    assert missing_answers(answers_with({"stability": {"change_frequency": "rarely"}})) == []


def test_forced_retrains_need_cycle_costs_but_not_prompt_updates(answers_with):
    changes = {"stability": {"change_frequency": "rarely", "forced_retrains_per_year": 1.0}}
    assert missing_answers(answers_with(changes)) == [
        "stability.retrain_compute_usd",
        "stability.reevaluation_usd",
        "stability.engineering_usd_per_cycle",
    ]


def test_cost_per_error_is_optional(answers_with):
    assert "performance.cost_per_error_usd" not in missing_answers(answers_with(base={}))


# Reasons, cautions and what would change it ------------------------------------------------------


def test_every_recommendation_gives_a_reason_for_each_step(answers_with):
    for changes in (
        {},
        {"volume.calls_per_month": 10.0},
        {"performance.status": "not_evaluated"},
        {"data.labelled_examples": 10},
    ):
        reasons = " ".join(assess(answers_with(changes)).reasons).lower()
        for word in ("volume", "requirements", "data", "test", "economics"):
            if changes.get("performance.status") == "not_evaluated" and word == "test":
                word = "not evaluated"
            assert word in reasons, (changes, word)


def test_reasons_for_a_label_audit_are_given(answers_with):
    reasons = assess(answers_with()).reasons
    assert any("audit" in reason.lower() for reason in reasons)


def test_caution_for_limited_data(answers_with):
    cautions = assess(answers_with({"data.labelled_examples": 500})).cautions
    assert any("limited" in caution.lower() for caution in cautions)
    assert not any("limited" in caution.lower() for caution in assess(answers_with()).cautions)


def test_caution_for_monthly_changes(answers_with):
    cautions = assess(answers_with({"stability.change_frequency": "monthly"})).cautions
    assert any("monthly" in caution.lower() for caution in cautions)
    assert not any("monthly" in caution.lower() for caution in assess(answers_with()).cautions)


def test_caution_when_no_label_audit_was_given(answers_with):
    changes = {"data.audited_examples": DELETE, "data.mislabelled_in_audit": DELETE}
    assert any("audit" in caution.lower() for caution in assess(answers_with(changes)).cautions)
    assert not any("no label audit" in caution.lower() for caution in assess(answers_with()).cautions)


def test_caution_when_the_test_set_is_too_small_for_the_meaningful_difference(answers_with):
    small = assess(
        answers_with(
            {
                "performance.both_correct": 80,
                "performance.only_prompted_correct": 2,
                "performance.only_fine_tuned_correct": 8,
                "performance.both_wrong": 10,
            }
        )
    )
    assert any("too small" in caution for caution in small.cautions)
    large = assess(
        answers_with(
            {
                "performance.both_correct": 8_000,
                "performance.only_prompted_correct": 200,
                "performance.only_fine_tuned_correct": 800,
                "performance.both_wrong": 1_000,
            }
        )
    )
    assert not any("too small" in caution for caution in large.cautions)


def test_would_change_names_the_breakeven_volume_when_payback_is_too_slow(answers_with):
    result = assess(answers_with({"volume.fine_tuned.hosting_usd_per_month": 3_000.0}))
    assert result.decided_by == 8
    breakeven = (1200 / 12 + 3000 + 1400 / 12) / 0.024  # 134,027.8 calls a month
    assert any(f"{round(breakeven):,}" in line for line in result.would_change)


def test_incomplete_would_change_lists_the_missing_answers(answers_with):
    result = assess(answers_with({"volume.calls_per_month": DELETE}))
    assert any("volume.calls_per_month" in line for line in result.would_change)
