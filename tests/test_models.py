"""SPEC §6: what an answers document may hold, and error messages that name the field."""

from __future__ import annotations

import math

import pytest
from conftest import BASELINE, DELETE, changed

from tui.core.models import Answers
from tui.core.validation import AnswersInvalid, validate_document


def problems(document) -> list:
    with pytest.raises(AnswersInvalid) as caught:
        validate_document(document)
    found = caught.value.problems
    assert found, "an invalid document must report at least one problem"
    return found


def only_problem(document):
    found = problems(document)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def assert_blames(document, path: str, *words: str) -> None:
    """The document is refused with one problem at `path`, whose message names the path."""
    problem = only_problem(document)
    assert problem.path == path
    assert path in str(problem)
    assert path in str(AnswersInvalid([problem]))
    for word in words:
        assert word.lower() in problem.message.lower(), (word, problem.message)


# Valid documents -------------------------------------------------------------------------------


def test_an_empty_document_is_valid():
    answers = validate_document({})
    assert answers.schema_version == 1
    assert answers.assessment.horizon_months == 12


def test_a_partial_document_is_valid():
    answers = validate_document({"volume": {"calls_per_month": 50_000.0}, "stability": {"change_frequency": "monthly"}})
    assert answers.volume.calls_per_month == 50_000.0
    assert answers.data.labelled_examples is None


def test_the_complete_baseline_is_valid():
    answers = validate_document(BASELINE)
    assert answers.performance.design == "paired"


def test_whole_numbers_are_accepted_for_money():
    assert (
        validate_document({"volume": {"prompted": {"cost_per_call_usd": 1}}}).volume.prompted.cost_per_call_usd == 1.0
    )


def test_defaults_match_the_spec():
    answers = validate_document({})
    assert answers.volume.prompted.hosting_usd_per_month == 0.0
    assert answers.volume.fine_tuned.hosting_usd_per_month == 0.0
    assert answers.stability.forced_retrains_per_year == 0.0
    assert answers.data.max_label_error_rate == 0.10
    assert answers.performance.alpha == 0.05
    assert answers.performance.min_meaningful_difference_pp == 2.0
    assert answers.performance.gap_is_critical is False


def test_token_pricing_on_one_side_and_direct_cost_on_the_other_is_valid():
    document = changed(
        BASELINE,
        {
            "volume.prompted": {
                "input_tokens": 1000.0,
                "output_tokens": 200.0,
                "input_usd_per_mtok": 3.0,
                "output_usd_per_mtok": 15.0,
            }
        },
    )
    assert validate_document(document).volume.prompted.uses_tokens


def test_unpaired_results_are_valid():
    document = changed(
        BASELINE,
        {
            **{
                f"performance.{n}": DELETE
                for n in ("both_correct", "only_prompted_correct", "only_fine_tuned_correct", "both_wrong")
            },
            "performance.test_items": 300,
            "performance.prompted_correct": 200,
            "performance.fine_tuned_correct": 300,
        },
    )
    assert validate_document(document).performance.design == "unpaired"


# Unknown keys ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({"volum": {}}, "volum"),
        ({"assessment": {"titel": "x"}}, "assessment.titel"),
        ({"volume": {"calls_per_mnth": 1.0}}, "volume.calls_per_mnth"),
        ({"volume": {"prompted": {"cost_per_cal_usd": 0.1}}}, "volume.prompted.cost_per_cal_usd"),
        ({"stability": {"frequency": "weekly"}}, "stability.frequency"),
        ({"data": {"examples": 10}}, "data.examples"),
        ({"performance": {"p_value": 0.1}}, "performance.p_value"),
    ],
)
def test_unknown_keys_are_refused_with_their_path(document, path):
    assert_blames(document, path, "unknown")


def test_unknown_key_message_lists_the_accepted_keys():
    problem = only_problem({"volume": {"prompted": {"cost_per_cal_usd": 0.1}}})
    assert "cost_per_call_usd" in problem.message
    assert "hosting_usd_per_month" in problem.message


# Wrong types -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("volume.calls_per_month", "1000"),
        ("volume.prompted.cost_per_call_usd", "0.03"),
        ("volume.fine_tuned.hosting_usd_per_month", "500"),
        ("data.preparation_usd", "300"),
        ("performance.alpha", "0.05"),
        ("assessment.horizon_months", "12"),
    ],
)
def test_a_string_is_not_a_number(path, value):
    assert_blames(changed({}, {path: value}), path)


@pytest.mark.parametrize(
    "path",
    [
        "data.labelled_examples",
        "data.audited_examples",
        "performance.both_correct",
        "performance.test_items",
        "assessment.horizon_months",
    ],
)
def test_a_float_is_not_a_count(path):
    assert_blames(changed({}, {path: 10.5}), path, "whole number")
    assert_blames(changed({}, {path: 10.0}), path, "whole number")


@pytest.mark.parametrize(
    "path",
    [
        "volume.calls_per_month",
        "volume.prompted.cost_per_call_usd",
        "data.labelled_examples",
        "performance.alpha",
        "stability.forced_retrains_per_year",
    ],
)
def test_a_bool_is_not_a_number(path):
    assert_blames(changed({}, {path: True}), path)


@pytest.mark.parametrize(
    ("path", "value"), [("performance.gap_is_critical", 1), ("performance.gap_is_critical", "yes")]
)
def test_gap_is_critical_must_be_a_bool(path, value):
    assert_blames(changed({}, {path: value}), path, "true or false")


@pytest.mark.parametrize(("path", "value"), [("assessment.title", 42), ("assessment.notes", ["a"])])
def test_text_fields_must_be_strings(path, value):
    assert_blames(changed({}, {path: value}), path)


def test_a_title_over_200_characters_is_refused():
    assert_blames({"assessment": {"title": "x" * 201}}, "assessment.title", "200")


@pytest.mark.parametrize(
    ("path", "value"),
    [("stability.change_frequency", "daily"), ("stability.change_frequency", "Weekly"), ("performance.status", "done")],
)
def test_choices_outside_the_list_are_refused_and_the_choices_shown(path, value):
    problem = only_problem(changed({}, {path: value}))
    assert problem.path == path
    assert repr(value) in problem.message


def test_a_table_given_as_a_value_is_refused():
    assert_blames({"volume": 5}, "volume", "table")


def test_a_document_that_is_not_a_table_is_refused():
    problem = only_problem([1, 2])
    assert "table" in problem.message


# Ranges ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "volume.calls_per_month",
        "volume.prompted.cost_per_call_usd",
        "volume.fine_tuned.hosting_usd_per_month",
        "volume.prompted.input_tokens",
        "volume.prompted.output_usd_per_mtok",
        "stability.retrain_compute_usd",
        "stability.forced_retrains_per_year",
        "stability.prompt_update_usd_per_change",
        "data.preparation_usd",
        "performance.evaluation_usd",
        "performance.cost_per_error_usd",
    ],
)
def test_negative_money_and_amounts_are_refused(path):
    assert_blames(changed({}, {path: -0.01}), path, "0 or more")


@pytest.mark.parametrize(
    "path",
    [
        "data.labelled_examples",
        "data.audited_examples",
        "data.mislabelled_in_audit",
        "performance.both_wrong",
        "performance.prompted_correct",
    ],
)
def test_negative_counts_are_refused(path):
    assert_blames(changed({}, {path: -1}), path, "0 or more")


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize(
    "path",
    ["volume.calls_per_month", "volume.prompted.cost_per_call_usd", "data.max_label_error_rate", "performance.alpha"],
)
def test_nan_and_infinity_are_refused(path, value):
    assert_blames(changed({}, {path: value}), path)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("data.max_label_error_rate", 1.5),
        ("data.max_label_error_rate", -0.1),
        ("performance.alpha", 0.0),
        ("performance.alpha", 1.0),
        ("performance.alpha", 1.2),
        ("performance.min_meaningful_difference_pp", -1.0),
        ("performance.min_meaningful_difference_pp", 100.5),
    ],
)
def test_rates_and_probabilities_outside_their_range_are_refused(path, value):
    assert_blames(changed({}, {path: value}), path)


@pytest.mark.parametrize("value", [0, 121])
def test_horizon_must_be_1_to_120_months(value):
    assert_blames({"assessment": {"horizon_months": value}}, "assessment.horizon_months")


# Cross-field rules -----------------------------------------------------------------------------


def test_more_mislabelled_than_audited_is_refused():
    assert_blames({"data": {"audited_examples": 50, "mislabelled_in_audit": 51}}, "data.mislabelled_in_audit", "50")


def test_mislabelled_equal_to_audited_is_allowed():
    assert (
        validate_document({"data": {"audited_examples": 50, "mislabelled_in_audit": 50}}).data.mislabelled_in_audit
        == 50
    )


def test_paired_counts_adding_up_to_zero_are_refused():
    document = {
        "performance": {"both_correct": 0, "only_prompted_correct": 0, "only_fine_tuned_correct": 0, "both_wrong": 0}
    }
    problem = only_problem(document)
    assert problem.path.startswith("performance.")
    assert problem.path in str(problem)
    assert "0" in problem.message


def test_paired_counts_that_are_partly_zero_are_allowed():
    document = {
        "performance": {"both_correct": 0, "only_prompted_correct": 0, "only_fine_tuned_correct": 1, "both_wrong": 0}
    }
    assert validate_document(document).performance.both_wrong == 0


def test_zero_test_items_are_refused():
    assert_blames({"performance": {"test_items": 0}}, "performance.test_items")


@pytest.mark.parametrize("name", ["prompted_correct", "fine_tuned_correct"])
def test_more_correct_than_test_items_is_refused(name):
    assert_blames({"performance": {"test_items": 10, name: 11}}, f"performance.{name}", "10")


@pytest.mark.parametrize("side", ["prompted", "fine_tuned"])
def test_direct_cost_and_token_fields_on_one_side_are_refused(side):
    document = {"volume": {side: {"cost_per_call_usd": 0.01, "input_tokens": 1000.0, "output_usd_per_mtok": 2.0}}}
    problem = only_problem(document)
    assert problem.path.startswith(f"volume.{side}.")
    assert problem.path in str(problem)
    assert "input_tokens" in problem.message


def test_paired_and_unpaired_results_together_are_refused():
    document = {"performance": {"both_correct": 10, "test_items": 20}}
    problem = only_problem(document)
    assert problem.path.startswith("performance.")
    assert problem.path in str(problem)
    assert "paired" in problem.message and "unpaired" in problem.message


def test_every_problem_is_reported_with_its_own_path():
    document = {
        "volume": {"calls_per_month": -5.0, "prompted": {"cost_per_call_usd": "cheap"}},
        "data": {"labelled_examples": 1.5},
        "stability": {"change_frequency": "hourly"},
    }
    paths = {problem.path for problem in problems(document)}
    assert paths == {
        "volume.calls_per_month",
        "volume.prompted.cost_per_call_usd",
        "data.labelled_examples",
        "stability.change_frequency",
    }


# Schema version --------------------------------------------------------------------------------


def test_schema_version_1_is_accepted_and_may_be_left_out():
    assert validate_document({"schema_version": 1}).schema_version == 1
    assert validate_document({}).schema_version == 1


def test_a_newer_schema_version_is_refused_with_a_clear_message():
    problem = only_problem({"schema_version": 2})
    assert problem.path == "schema_version"
    assert "newer" in problem.message
    assert "2" in problem.message


def test_a_newer_schema_version_is_refused_even_with_keys_this_version_does_not_know():
    problem = only_problem({"schema_version": 3, "brand_new_table": {"x": 1}})
    assert "newer" in problem.message


@pytest.mark.parametrize("value", [0, -1, "1"])
def test_an_unknown_older_or_malformed_schema_version_is_refused(value):
    assert_blames({"schema_version": value}, "schema_version")


@pytest.mark.parametrize("value", [True, 1.0])
def test_schema_version_must_be_the_whole_number_1(value):
    assert_blames({"schema_version": value}, "schema_version")


# The model itself -------------------------------------------------------------------------------


def test_to_document_leaves_unanswered_fields_out():
    document = validate_document({"volume": {"calls_per_month": 10.0}}).to_document()
    assert document == {"schema_version": 1, "volume": {"calls_per_month": 10}}


def test_to_document_keeps_a_default_the_author_wrote():
    document = validate_document({"performance": {"alpha": 0.05}}).to_document()
    assert document["performance"] == {"alpha": 0.05}


def test_a_side_priced_by_the_hour_saves_and_reopens():
    answers = validate_document({"volume": {"fine_tuned": {"hosting_usd_per_hour": 1.7}}})
    assert answers.volume.fine_tuned.monthly_hosting_usd == pytest.approx(1.7 * 730)
    assert validate_document(answers.to_document()) == answers


def test_hosting_by_the_month_and_by_the_hour_together_is_refused():
    assert_blames(
        {"volume": {"fine_tuned": {"hosting_usd_per_hour": 1.7, "hosting_usd_per_month": 0}}},
        "volume.fine_tuned.hosting_usd_per_hour",
        "either",
    )


def test_training_from_tokens_is_examples_times_tokens_times_epochs_times_price():
    data = validate_document(
        {
            "data": {
                "labelled_examples": 5000,
                "training_tokens_per_example": 600,
                "training_epochs": 3,
                "training_usd_per_mtok": 5,
            }
        }
    ).data
    assert data.training_run_usd() == pytest.approx(5000 * 600 * 3 * 5 / 1e6)


def test_a_training_cost_and_training_tokens_together_are_refused():
    assert_blames({"data": {"training_compute_usd": 45, "training_epochs": 3}}, "data.training_compute_usd", "either")


def test_answers_validate_the_same_through_the_model_and_the_document():
    assert Answers.model_validate(BASELINE) == validate_document(BASELINE)


def test_an_unknown_key_in_a_learning_curve_point_lists_the_keys_a_point_accepts():
    document = {
        "data": {"learning_curve": [{"examples": 10, "accuracy": 0.5, "acc": 0.5}, {"examples": 20, "accuracy": 0.6}]}
    }
    problem = only_problem(document)
    assert problem.path == "data.learning_curve.0.acc"
    assert "examples" in problem.message and "accuracy" in problem.message


def test_the_json_schema_states_the_ranges_and_keys_the_validator_enforces():
    schema = Answers.model_json_schema()
    definitions = schema["$defs"]
    assert schema["additionalProperties"] is False
    assert all(definition["additionalProperties"] is False for definition in definitions.values())
    cost = definitions["Side"]["properties"]["cost_per_call_usd"]
    assert {key: cost[key] for key in ("type", "minimum", "maximum")} == {
        "type": "number",
        "minimum": 0,
        "maximum": 1e12,
    }
    assert "default" not in cost and "anyOf" not in cost  # TOML has no null: unanswered means left out
    assert definitions["Performance"]["properties"]["alpha"]["exclusiveMinimum"] == 0
    assert definitions["Stability"]["properties"]["change_frequency"]["enum"][0] == "weekly"
    assert definitions["LearningCurvePoint"]["required"] == ["examples", "accuracy"]


def _properties(schema: dict) -> list[dict]:
    tables = [schema, *schema["$defs"].values()]
    return [prop for table in tables for prop in table.get("properties", {}).values()]


def test_the_json_schema_describes_nearly_every_field():
    properties = _properties(Answers.model_json_schema())
    described = [prop for prop in properties if prop.get("description") and prop.get("title")]
    assert len(described) >= 0.8 * len(properties)


def test_a_misspelt_key_names_the_nearest_known_key():
    problem = only_problem({"data": {"labeled_examples": 4000}})
    assert problem.path == "data.labeled_examples"
    assert "did you mean 'labelled_examples'" in problem.message


def test_a_key_like_no_known_key_suggests_nothing_but_lists_the_keys():
    problem = only_problem({"data": {"zzz": 1}})
    assert "did you mean" not in problem.message
    assert "labelled_examples" in problem.message


def test_a_negative_amount_says_what_is_accepted():
    problem = only_problem({"data": {"preparation_usd": -5}})
    assert problem.message == "must be 0 or more, not -5"


def test_whole_number_answers_come_back_as_integers():
    document = validate_document(
        {
            "volume": {"calls_per_month": 45000.0, "prompted": {"cost_per_call_usd": 0.03}},
            "data": {"preparation_usd": 4000},
        }
    ).to_document()
    assert document["volume"]["calls_per_month"] == 45000 and type(document["volume"]["calls_per_month"]) is int
    assert type(document["data"]["preparation_usd"]) is int
    assert document["volume"]["prompted"]["cost_per_call_usd"] == 0.03
    assert "hosting_usd_per_month" not in document["volume"]["prompted"], "a default nobody typed stays out"
