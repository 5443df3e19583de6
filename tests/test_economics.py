"""SPEC §3: every economics formula, checked against figures worked out by hand in the test."""

from __future__ import annotations

import math

import pytest
from conftest import DELETE

from tui.core import economics as econ
from tui.core.assess import assess
from tui.core.models import Side

REL = 1e-12


def approx(value: float) -> object:
    return pytest.approx(value, rel=REL, abs=1e-12)


# Cost per call ------------------------------------------------------------------------------


def test_cost_per_call_given_directly_is_used_as_is():
    assert econ.cost_per_call(Side(cost_per_call_usd=0.0042)) == 0.0042


def test_cost_per_call_from_tokens_prices_input_and_output_per_million():
    side = Side(input_tokens=2_000.0, output_tokens=500.0, input_usd_per_mtok=2.5, output_usd_per_mtok=10.0)
    # 2000 * 2.5 / 1e6 + 500 * 10 / 1e6 = 0.005 + 0.005
    assert econ.cost_per_call(side) == approx(0.01)


def test_cost_per_call_from_tokens_with_only_input_priced():
    side = Side(input_tokens=1_000_000.0, output_tokens=0.0, input_usd_per_mtok=3.0, output_usd_per_mtok=15.0)
    assert econ.cost_per_call(side) == approx(3.0)


def test_cost_per_call_is_unknown_while_a_token_field_is_missing():
    side = Side(input_tokens=2_000.0, output_tokens=500.0, input_usd_per_mtok=2.5)
    assert econ.cost_per_call(side) is None


def test_cost_per_call_is_unknown_when_nothing_is_given():
    assert econ.cost_per_call(Side()) is None


def test_compute_uses_token_costs_for_the_saving(answers_with):
    answers = answers_with(
        {
            "volume.prompted": {
                "input_tokens": 2_000.0,
                "output_tokens": 500.0,
                "input_usd_per_mtok": 5.0,
                "output_usd_per_mtok": 20.0,
            },
            "volume.fine_tuned": {
                "input_tokens": 2_000.0,
                "output_tokens": 500.0,
                "input_usd_per_mtok": 1.0,
                "output_usd_per_mtok": 4.0,
            },
        }
    )
    e = econ.compute(answers)
    # prompted 2000*5/1e6 + 500*20/1e6 = 0.02; fine-tuned 2000*1/1e6 + 500*4/1e6 = 0.004
    assert e.prompted_cost_per_call_usd == approx(0.02)
    assert e.fine_tuned_cost_per_call_usd == approx(0.004)
    assert e.per_call_saving_usd == approx(0.016)
    # hosting defaults to 0 on both sides once the side tables are replaced
    assert e.hosting_delta_usd_per_month == 0.0


# Saving, hosting, upfront --------------------------------------------------------------------


def test_saving_is_prompted_minus_fine_tuned_cost(answers_with):
    e = econ.compute(answers_with())
    assert e.per_call_saving_usd == approx(0.03 - 0.006)


def test_saving_is_negative_when_the_fine_tuned_model_costs_more_per_call(answers_with):
    e = econ.compute(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.05}))
    assert e.per_call_saving_usd == approx(0.03 - 0.05)


def test_hosting_delta_is_fine_tuned_minus_prompted_hosting(answers_with):
    e = econ.compute(
        answers_with({"volume.prompted.hosting_usd_per_month": 120.0, "volume.fine_tuned.hosting_usd_per_month": 500.0})
    )
    assert e.hosting_delta_usd_per_month == 380.0


def test_hosting_delta_can_be_negative(answers_with):
    e = econ.compute(
        answers_with({"volume.prompted.hosting_usd_per_month": 700.0, "volume.fine_tuned.hosting_usd_per_month": 200.0})
    )
    assert e.hosting_delta_usd_per_month == -500.0


def test_hosting_defaults_to_zero_on_both_sides(answers_with):
    e = econ.compute(answers_with({"volume.fine_tuned.hosting_usd_per_month": DELETE}))
    assert e.hosting_delta_usd_per_month == 0.0


def test_upfront_cost_adds_preparation_training_pipeline_and_evaluation(answers_with):
    e = econ.compute(
        answers_with(
            {
                "data.preparation_usd": 1_000.0,
                "data.training_compute_usd": 250.0,
                "data.pipeline_setup_usd": 3_000.0,
                "performance.evaluation_usd": 750.0,
            }
        )
    )
    assert e.upfront_cost_usd == 5_000.0


@pytest.mark.parametrize(
    "removed",
    ["data.preparation_usd", "data.training_compute_usd", "data.pipeline_setup_usd", "performance.evaluation_usd"],
)
def test_upfront_cost_is_unknown_while_any_part_is_missing(answers_with, removed):
    e = econ.compute(answers_with({removed: DELETE}))
    assert e.upfront_cost_usd is None
    assert e.crossover_calls is None
    assert e.payback_months is None
    assert e.net_saving_usd_over_horizon is None


# Crossover ------------------------------------------------------------------------------------


def test_crossover_is_upfront_cost_over_saving_rounded_up(answers_with):
    # C = 1200, S = 0.03 - 0.006 = 0.024 -> 1200 / 0.024 = 50,000 exactly
    assert econ.compute(answers_with()).crossover_calls == 50_000


def test_crossover_is_exact_where_binary_floats_would_round_up_by_one():
    # 1200 / (0.03 - 0.005) is 48,000 exactly, but in binary floats it is 48,000.000000000004
    assert math.ceil(1200 / (0.03 - 0.005)) == 48_001  # the trap this guards against
    saving = econ.saving_decimal(0.03, 0.005)
    assert econ.crossover_calls(1200.0, saving) == 48_000


def test_crossover_through_compute_is_exact_for_decimal_prices(answers_with):
    answers = answers_with({"volume.fine_tuned.cost_per_call_usd": 0.005})
    assert econ.compute(answers).crossover_calls == 48_000


@pytest.mark.parametrize(
    ("upfront", "prompted", "fine_tuned", "expected"),
    [
        (1200.0, 0.03, 0.006, 50_000),
        (1200.0, 0.009, 0.006, 400_000),
        (1000.0, 0.015, 0.005, 100_000),
        (100.0, 0.3, 0.1, 500),
        (1201.0, 0.03, 0.006, 50_042),  # 1201 / 0.024 = 50,041.67 -> 50,042
        (0.0, 0.03, 0.006, 0),
    ],
)
def test_crossover_matches_ceil_of_exact_decimal_division(upfront, prompted, fine_tuned, expected):
    assert econ.crossover_calls(upfront, econ.saving_decimal(prompted, fine_tuned)) == expected


def test_crossover_is_never_when_saving_is_zero(answers_with):
    assert econ.compute(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.03})).crossover_calls is None


def test_crossover_is_never_when_saving_is_negative(answers_with):
    assert econ.compute(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.04})).crossover_calls is None


# Cycles and maintenance tax ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "changes"),
    [("weekly", 52), ("monthly", 12), ("quarterly", 4), ("semiannual", 2), ("annual", 1), ("rarely", 0)],
)
def test_changes_per_year_follow_the_frequency(answers_with, frequency, changes):
    e = econ.compute(answers_with({"stability.change_frequency": frequency, "stability.forced_retrains_per_year": 0.0}))
    assert e.changes_per_year == changes
    assert e.retraining_cycles_per_year == changes


def test_retraining_cycles_add_forced_retrains_to_changes(answers_with):
    e = econ.compute(
        answers_with({"stability.change_frequency": "semiannual", "stability.forced_retrains_per_year": 3.0})
    )
    assert e.retraining_cycles_per_year == 2 + 3


def test_forced_retrains_default_to_zero(answers_with):
    e = econ.compute(answers_with({"stability.forced_retrains_per_year": DELETE}))
    assert e.retraining_cycles_per_year == 4


def test_maintenance_tax_is_cycles_times_cycle_cost_minus_prompt_updates(answers_with):
    # (4 + 1) * (100 + 50 + 150) - 4 * 25 = 1500 - 100
    assert econ.compute(answers_with()).annual_maintenance_tax_usd == 1_400.0


def test_maintenance_tax_is_negative_when_prompt_updates_cost_more_than_retraining(answers_with):
    answers = answers_with(
        {
            "stability.change_frequency": "monthly",
            "stability.forced_retrains_per_year": 0.0,
            "stability.retrain_compute_usd": 10.0,
            "stability.reevaluation_usd": 0.0,
            "stability.engineering_usd_per_cycle": 0.0,
            "stability.prompt_update_usd_per_change": 50.0,
        }
    )
    # 12 * 10 - 12 * 50
    assert econ.compute(answers).annual_maintenance_tax_usd == -480.0


def test_negative_maintenance_tax_shortens_payback(answers_with):
    answers = answers_with(
        {
            "volume.calls_per_month": 20_000.0,
            "volume.prompted.cost_per_call_usd": 0.5,
            "volume.fine_tuned.cost_per_call_usd": 0.25,
            "volume.fine_tuned.hosting_usd_per_month": 4_900.0,
            "stability.change_frequency": "monthly",
            "stability.forced_retrains_per_year": 0.0,
            "stability.retrain_compute_usd": 0.0,
            "stability.reevaluation_usd": 0.0,
            "stability.engineering_usd_per_cycle": 0.0,
            "stability.prompt_update_usd_per_change": 100.0,
        }
    )
    e = econ.compute(answers)
    # ΔM = 12 * 0 - 12 * 100 = -1200; payback = 1200 / (0.25*20000 - 4900 + 1200/12) = 1200 / 200
    assert e.annual_maintenance_tax_usd == -1_200.0
    assert e.payback_months == approx(6.0)


def test_maintenance_tax_needs_no_prompt_update_cost_when_nothing_changes(answers_with):
    answers = answers_with(
        {
            "stability.change_frequency": "rarely",
            "stability.forced_retrains_per_year": 2.0,
            "stability.prompt_update_usd_per_change": DELETE,
        }
    )
    # (0 + 2) * 300 - 0 * (unknown) = 600
    assert econ.compute(answers).annual_maintenance_tax_usd == 600.0


def test_maintenance_tax_is_zero_when_nothing_changes_and_no_retrain_is_forced(answers_with):
    answers = answers_with(
        {
            "stability": {"change_frequency": "rarely"},
        }
    )
    assert econ.compute(answers).annual_maintenance_tax_usd == 0.0


def test_maintenance_tax_is_unknown_without_a_change_frequency(answers_with):
    e = econ.compute(answers_with({"stability.change_frequency": DELETE}))
    assert e.annual_maintenance_tax_usd is None
    assert e.changes_per_year is None
    assert e.payback_months is None


def test_maintenance_tax_is_unknown_while_a_cycle_cost_is_missing(answers_with):
    assert econ.compute(answers_with({"stability.reevaluation_usd": DELETE})).annual_maintenance_tax_usd is None


# Payback, break-even, net saving -------------------------------------------------------------


def test_payback_is_upfront_over_monthly_gain(answers_with):
    e = econ.compute(answers_with())
    # 1200 / (0.024 * 100000 - 500 - 1400 / 12)
    assert e.payback_months == approx(1200 / (2400 - 500 - 1400 / 12))


def test_payback_with_binary_exact_figures_is_exact(answers_with):
    answers = answers_with(
        {
            "volume.calls_per_month": 20_000.0,
            "volume.prompted.cost_per_call_usd": 0.5,
            "volume.fine_tuned.cost_per_call_usd": 0.25,
            "volume.fine_tuned.hosting_usd_per_month": 4_000.0,
            "stability": {
                "change_frequency": "annual",
                "retrain_compute_usd": 1_200.0,
                "reevaluation_usd": 0.0,
                "engineering_usd_per_cycle": 0.0,
                "prompt_update_usd_per_change": 0.0,
            },
        }
    )
    # ΔM = 1 * 1200 - 1 * 0 = 1200; payback = 1200 / (5000 - 4000 - 100) = 1200 / 900
    assert econ.compute(answers).payback_months == approx(4 / 3)


def test_payback_is_never_when_saving_is_negative(answers_with):
    e = econ.compute(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.05}))
    assert e.payback_months is None


def test_payback_is_never_when_the_monthly_gain_is_exactly_zero(answers_with):
    answers = answers_with(
        {
            "volume.calls_per_month": 20_000.0,
            "volume.prompted.cost_per_call_usd": 0.5,
            "volume.fine_tuned.cost_per_call_usd": 0.25,
            "volume.fine_tuned.hosting_usd_per_month": 5_000.0,
            "stability": {"change_frequency": "rarely"},
        }
    )
    # 0.25 * 20000 - 5000 - 0 / 12 = 0: the denominator is not > 0
    assert econ.compute(answers).payback_months is None


def test_payback_is_never_when_hosting_eats_the_saving(answers_with):
    e = econ.compute(answers_with({"volume.fine_tuned.hosting_usd_per_month": 3_000.0}))
    # 2400 - 3000 - 116.67 < 0
    assert e.payback_months is None


def test_payback_is_unknown_without_a_volume(answers_with):
    e = econ.compute(answers_with({"volume.calls_per_month": DELETE}))
    assert e.payback_months is None
    assert e.net_saving_usd_over_horizon is None
    # break-even volume does not need the volume itself
    assert e.breakeven_calls_per_month == approx((1200 / 12 + 500 + 1400 / 12) / 0.024)


def test_breakeven_volume_covers_upfront_hosting_and_maintenance_over_the_horizon(answers_with):
    e = econ.compute(answers_with())
    assert e.breakeven_calls_per_month == approx((1200 / 12 + 500 + 1400 / 12) / 0.024)


def test_breakeven_volume_with_binary_exact_figures(answers_with):
    answers = answers_with(
        {
            "volume.prompted.cost_per_call_usd": 0.5,
            "volume.fine_tuned.cost_per_call_usd": 0.25,
            "volume.fine_tuned.hosting_usd_per_month": 900.0,
            "stability": {"change_frequency": "rarely"},
        }
    )
    # (1200 / 12 + 900 + 0) / 0.25 = 4000 calls a month
    assert econ.compute(answers).breakeven_calls_per_month == 4_000.0


def test_breakeven_volume_is_never_when_saving_is_zero_or_negative(answers_with):
    for fine_tuned in (0.03, 0.05):
        e = econ.compute(answers_with({"volume.fine_tuned.cost_per_call_usd": fine_tuned}))
        assert e.breakeven_calls_per_month is None


def test_net_saving_over_the_horizon(answers_with):
    # 12 * (100000 * 0.024 - 500) - 1400 * 12 / 12 - 1200 = 22800 - 1400 - 1200
    assert econ.compute(answers_with()).net_saving_usd_over_horizon == approx(20_200.0)


def test_net_saving_is_negative_when_fine_tuning_costs_more(answers_with):
    e = econ.compute(answers_with({"volume.calls_per_month": 10_000.0}))
    # 12 * (10000 * 0.024 - 500) - 1400 - 1200 = -3120 - 2600
    assert e.net_saving_usd_over_horizon == approx(-5_720.0)


def test_net_saving_exists_even_when_saving_is_negative(answers_with):
    e = econ.compute(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.04}))
    # 12 * (100000 * -0.01 - 500) - 1400 - 1200
    assert e.net_saving_usd_over_horizon == approx(-20_600.0)


def test_a_24_month_horizon_changes_breakeven_and_net_saving_but_not_payback(answers_with):
    twelve = econ.compute(answers_with())
    e = econ.compute(answers_with({"assessment.horizon_months": 24}))
    assert e.horizon_months == 24
    assert e.breakeven_calls_per_month == approx((1200 / 24 + 500 + 1400 / 12) / 0.024)
    # 24 * (2400 - 500) - 1400 * 24 / 12 - 1200
    assert e.net_saving_usd_over_horizon == approx(45_600 - 2_800 - 1_200)
    assert e.payback_months == approx(twelve.payback_months)
    assert e.crossover_calls == 50_000


def test_a_3_month_horizon(answers_with):
    e = econ.compute(answers_with({"assessment.horizon_months": 3}))
    assert e.breakeven_calls_per_month == approx((1200 / 3 + 500 + 1400 / 12) / 0.024)
    assert e.net_saving_usd_over_horizon == approx(3 * 1900 - 1400 * 3 / 12 - 1200)


def test_horizon_defaults_to_twelve_months(answers_with):
    assert econ.compute(answers_with({"assessment.horizon_months": DELETE})).horizon_months == 12


# Cost of errors ------------------------------------------------------------------------------


def test_saving_with_errors_adds_error_rate_difference_times_cost_per_error(answers_with):
    result = assess(answers_with({"performance.cost_per_error_usd": 0.5}))
    e = result.economics
    # accuracies: prompted (800 + 20) / 1000 = 0.82, fine-tuned (800 + 80) / 1000 = 0.88
    # S_err = 0.024 + (0.18 - 0.12) * 0.5 = 0.054
    s_err = 0.024 + (0.18 - 0.12) * 0.5
    assert e.per_call_saving_usd == approx(0.024)
    assert e.per_call_saving_with_errors_usd == approx(s_err)
    assert e.payback_months == approx(1200 / (s_err * 100_000 - 500 - 1400 / 12))
    assert e.breakeven_calls_per_month == approx((1200 / 12 + 500 + 1400 / 12) / s_err)
    assert e.net_saving_usd_over_horizon == approx(12 * (100_000 * s_err - 500) - 1400 - 1200)


def test_figures_without_errors_still_use_the_plain_saving(answers_with):
    e = assess(answers_with({"performance.cost_per_error_usd": 0.5})).economics
    assert e.payback_months_without_errors == approx(1200 / (0.024 * 100_000 - 500 - 1400 / 12))
    assert e.breakeven_calls_per_month_without_errors == approx((1200 / 12 + 500 + 1400 / 12) / 0.024)
    assert e.net_saving_usd_over_horizon_without_errors == approx(20_200.0)


def test_crossover_ignores_the_cost_of_errors(answers_with):
    e = assess(answers_with({"performance.cost_per_error_usd": 0.5})).economics
    assert e.crossover_calls == 50_000


def test_cost_of_errors_can_make_a_negative_saving_pay_back(answers_with):
    answers = answers_with({"volume.fine_tuned.cost_per_call_usd": 0.04, "performance.cost_per_error_usd": 1.0})
    e = assess(answers).economics
    # S = -0.01; S_err = -0.01 + 0.06 * 1.0 = 0.05
    assert e.per_call_saving_with_errors_usd == approx(0.05)
    assert e.crossover_calls is None
    assert e.payback_months == approx(1200 / (0.05 * 100_000 - 500 - 1400 / 12))
    assert e.payback_months_without_errors is None
    assert e.breakeven_calls_per_month_without_errors is None


def test_cost_of_errors_can_turn_a_positive_saving_negative(answers_with):
    # fine-tuned model worse: only_prompted_correct 80, only_fine_tuned_correct 20
    answers = answers_with(
        {
            "performance.only_prompted_correct": 80,
            "performance.only_fine_tuned_correct": 20,
            "performance.cost_per_error_usd": 1.0,
        }
    )
    e = assess(answers).economics
    # error rates: prompted 1 - 0.88 = 0.12, fine-tuned 1 - 0.82 = 0.18; S_err = 0.024 - 0.06
    assert e.per_call_saving_with_errors_usd == approx(-0.036)
    assert e.payback_months is None
    assert e.breakeven_calls_per_month is None
    assert e.payback_months_without_errors == approx(1200 / (2400 - 500 - 1400 / 12))


def test_saving_with_errors_for_unpaired_results(answers_with):
    answers = answers_with(
        {
            "performance.both_correct": DELETE,
            "performance.only_prompted_correct": DELETE,
            "performance.only_fine_tuned_correct": DELETE,
            "performance.both_wrong": DELETE,
            "performance.test_items": 400,
            "performance.prompted_correct": 300,
            "performance.fine_tuned_correct": 340,
            "performance.cost_per_error_usd": 2.0,
        }
    )
    # error rates 0.25 and 0.15: S_err = 0.024 + 0.1 * 2
    assert assess(answers).economics.per_call_saving_with_errors_usd == approx(0.224)


def test_no_saving_with_errors_without_a_cost_per_error(answers_with):
    e = assess(answers_with()).economics
    assert e.per_call_saving_with_errors_usd is None
    assert e.payback_months == e.payback_months_without_errors


def test_no_saving_with_errors_when_cost_per_error_is_zero(answers_with):
    assert (
        assess(answers_with({"performance.cost_per_error_usd": 0.0})).economics.per_call_saving_with_errors_usd is None
    )


def test_no_saving_with_errors_when_the_gap_is_not_evaluated(answers_with):
    answers = answers_with({"performance.status": "not_evaluated", "performance.cost_per_error_usd": 0.5})
    assert assess(answers).economics.per_call_saving_with_errors_usd is None


def test_compute_uses_the_error_rates_it_is_given(answers_with):
    e = econ.compute(answers_with({"performance.cost_per_error_usd": 10.0}), error_rates=(0.2, 0.15))
    # 0.024 + 0.05 * 10
    assert e.per_call_saving_with_errors_usd == approx(0.524)


# Missing inputs ------------------------------------------------------------------------------


def test_empty_answers_have_no_figures(answers_with):
    e = econ.compute(answers_with(base={}))
    assert e.horizon_months == 12
    for name in (
        "prompted_cost_per_call_usd",
        "fine_tuned_cost_per_call_usd",
        "per_call_saving_usd",
        "per_call_saving_with_errors_usd",
        "upfront_cost_usd",
        "crossover_calls",
        "annual_maintenance_tax_usd",
        "payback_months",
        "breakeven_calls_per_month",
        "net_saving_usd_over_horizon",
    ):
        assert getattr(e, name) is None, name


def test_cumulative_costs_cross_where_net_saving_says(answers_with):
    answers = answers_with()
    e = econ.compute(answers)
    months = econ.cumulative_costs(answers, e)
    assert [month for month, _, _ in months] == list(range(13))
    _, prompted_0, tuned_0 = months[0]
    assert prompted_0 == 0.0 and tuned_0 == 1200.0
    _, prompted_12, tuned_12 = months[12]
    assert prompted_12 - tuned_12 == approx(20_200.0)


# Exact boundaries (issue 15) -------------------------------------------------------------------


def test_payback_status_says_unknown_never_or_pays_back(answers_with):
    assert econ.compute(answers_with({"volume.calls_per_month": DELETE})).payback_status == "unknown"
    assert econ.compute(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.05})).payback_status == "never"
    e = econ.compute(answers_with())
    assert e.payback_status == "pays_back"
    assert e.payback_calls == approx(100_000 * e.payback_months)


def test_a_payback_of_exactly_the_horizon_is_within_it_and_nets_exactly_zero(answers_with):
    changes = {
        "volume.prompted.cost_per_call_usd": 0.012,
        "volume.fine_tuned.cost_per_call_usd": 0.003,
        "volume.fine_tuned.hosting_usd_per_month": 0.0,
        "stability": {"change_frequency": "rarely"},
        "data.preparation_usd": 10_000.0,
        "data.training_compute_usd": 300.0,
        "data.pipeline_setup_usd": 300.0,
    }
    e = econ.compute(answers_with(changes))
    assert e.payback_months == 12 and e.pays_back_within_horizon
    assert e.net_saving_usd_over_horizon == 0
    assert e.breakeven_calls_per_month == 100_000


def test_a_monthly_gain_of_exactly_zero_never_pays_back(answers_with):
    # 0.024 * 100,000 = 2,400 a month, all of it eaten by hosting; nothing changes, nothing is retrained
    changes = {"volume.fine_tuned.hosting_usd_per_month": 2_400.0, "stability": {"change_frequency": "rarely"}}
    e = econ.compute(answers_with(changes))
    assert e.payback_status == "never" and e.payback_months is None and e.payback_calls is None


def test_breakeven_volume_is_zero_when_hosting_and_maintenance_alone_pay_back(answers_with):
    e = econ.compute(answers_with({"volume.prompted.hosting_usd_per_month": 5_000.0}))
    assert e.breakeven_calls_per_month == 0


def test_the_crossover_sums_the_upfront_cost_in_decimal(answers_with):
    changes = {
        "volume.prompted.cost_per_call_usd": 0.016,
        "volume.fine_tuned.cost_per_call_usd": 0.006,
        "data.preparation_usd": 3_000.30,
        "data.training_compute_usd": 300.30,
        "data.pipeline_setup_usd": 0.0,
        "performance.evaluation_usd": 0.0,
    }
    assert econ.compute(answers_with(changes)).crossover_calls == 330_060


def test_the_crossover_with_token_priced_costs_is_exact(answers_with):
    changes = {
        "volume.prompted": {
            "input_tokens": 1_000.0,
            "output_tokens": 100.0,
            "input_usd_per_mtok": 3.0,
            "output_usd_per_mtok": 15.0,
        },
        "volume.fine_tuned": {
            "input_tokens": 1_000.0,
            "output_tokens": 100.0,
            "input_usd_per_mtok": 0.3,
            "output_usd_per_mtok": 1.2,
        },
        "data.preparation_usd": 3_000.30,
        "data.training_compute_usd": 300.30,
        "data.pipeline_setup_usd": 0.0,
        "performance.evaluation_usd": 0.0,
    }
    # S = 0.0045 - 0.00042 = 0.00408 exactly; 3,300.60 / 0.00408 = 808,970.58...
    assert econ.compute(answers_with(changes)).crossover_calls == 808_971


def test_training_from_tokens_is_the_first_run_and_each_retrain(answers_with):
    changes = {
        "data.training_compute_usd": DELETE,
        "data.training_tokens_per_example": 900.0,
        "data.training_epochs": 3.0,
        "data.training_usd_per_mtok": 5.0,
        "stability.retrain_compute_usd": DELETE,
    }
    e = econ.compute(answers_with(changes))
    # 5,000 examples × 900 tokens × 3 epochs × $5 / 1e6 = $67.50 a run
    assert e.upfront_cost_usd == approx(300 + 67.5 + 500 + 200)
    assert e.annual_maintenance_tax_usd == approx((4 + 1) * (67.5 + 50 + 150) - 4 * 25)


def test_hosting_by_the_hour_is_730_hours_a_month(answers_with):
    changes = {"volume.fine_tuned.hosting_usd_per_month": DELETE, "volume.fine_tuned.hosting_usd_per_hour": 1.25}
    assert econ.compute(answers_with(changes)).hosting_delta_usd_per_month == approx(912.5)
