"""The answers validator agrees with the same contract written as pydantic models.

Generated documents mix valid answers with every kind of wrong one (negative, fractional counts,
text for numbers, booleans, NaN, infinity, huge numbers, lists, unknown keys, cross-field
conflicts); both validators must accept the same ones and blame the same fields.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from oracle.pydantic_answers import problem_paths

from tui.core.validation import AnswersInvalid, validate_document

WRONG = st.one_of(
    st.text(max_size=4),
    st.booleans(),
    st.just(math.nan),
    st.just(math.inf),
    st.just(-1),
    st.just(-0.5),
    st.just(2.5),
    st.just(10**20),
    st.just(1e308),
    st.lists(st.integers(0, 3), max_size=2),
    st.fixed_dictionaries({"x": st.integers()}),
)
MONEY = st.one_of(st.integers(0, 10**6), st.floats(0, 1e6))
COUNT = st.integers(0, 5_000)
RATE = st.floats(0, 1)


def _maybe_wrong(good):
    return st.one_of(good, good, good, good, good, good, good, WRONG)


def _table(fields: dict) -> st.SearchStrategy[dict]:
    """A table with any subset of `fields`, sometimes with a misspelt key."""
    keys = list(fields)
    return st.builds(
        lambda chosen, values, typo: {**{k: v for k, v in zip(keys, values) if k in chosen}, **typo},
        st.sets(st.sampled_from(keys)),
        st.tuples(*(_maybe_wrong(fields[k]) for k in keys)),
        st.one_of(st.just({}), st.just({}), st.just({}), st.just({"calls_per_mnth": 5})),
    )


SIDE = {
    "cost_per_call_usd": st.floats(0, 1),
    "input_tokens": MONEY,
    "output_tokens": MONEY,
    "input_usd_per_mtok": MONEY,
    "output_usd_per_mtok": MONEY,
    "hosting_usd_per_month": MONEY,
}
POINT = st.fixed_dictionaries({"examples": st.integers(0, 5_000), "accuracy": st.floats(0, 1)})
DOCUMENTS = st.fixed_dictionaries(
    {},
    optional={
        "assessment": _table({"title": st.text(max_size=10), "owner": st.text(max_size=10), "horizon_months": st.integers(0, 130)}),
        "volume": st.builds(
            lambda base, prompted, tuned: {**base, "prompted": prompted, "fine_tuned": tuned},
            _table({"calls_per_month": MONEY}),
            _table(SIDE),
            _table(SIDE),
        ),
        "stability": _table(
            {
                "change_frequency": st.sampled_from(["weekly", "monthly", "quarterly", "rarely", "fortnightly"]),
                "forced_retrains_per_year": st.floats(0, 400),
                "retrain_compute_usd": MONEY,
                "reevaluation_usd": MONEY,
                "engineering_usd_per_cycle": MONEY,
                "prompt_update_usd_per_change": MONEY,
            }
        ),
        "data": _table(
            {
                "labelled_examples": COUNT,
                "preparation_usd": MONEY,
                "audited_examples": COUNT,
                "mislabelled_in_audit": COUNT,
                "max_label_error_rate": RATE,
                "learning_curve": st.lists(POINT, max_size=4),
                "target_accuracy": RATE,
            }
        ),
        "performance": _table(
            {
                "status": st.sampled_from(["evaluated", "not_evaluated", "done"]),
                "alpha": RATE,
                "min_meaningful_difference_pp": st.floats(0, 120),
                "gap_is_critical": st.booleans(),
                "both_correct": COUNT,
                "only_prompted_correct": COUNT,
                "only_fine_tuned_correct": COUNT,
                "both_wrong": COUNT,
                "test_items": COUNT,
                "prompted_correct": COUNT,
            }
        ),
    },
)


def our_problem_paths(document: dict) -> set[str]:
    try:
        validate_document(document)
    except AnswersInvalid as invalid:
        return {problem.path for problem in invalid.problems}
    return set()


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_both_validators_accept_and_refuse_the_same_documents(document):
    assert our_problem_paths(document) == problem_paths(document)


def test_the_oracle_refuses_what_the_contract_forbids():
    """A guard on the oracle itself: it is not a validator that accepts everything."""
    assert problem_paths({"volume": {"calls_per_month": -1}}) == {"volume.calls_per_month"}
    assert problem_paths({"performance": {"both_correct": 0, "only_prompted_correct": 0, "only_fine_tuned_correct": 0, "both_wrong": 0}}) == {
        "performance.both_correct"
    }
