"""Every problem pydantic finds reaches the user as a plain message at a real field path.

Generated documents mix valid answers with every kind of wrong one (negative, fractional counts,
text for numbers, booleans, NaN, infinity, huge numbers, lists, unknown keys, cross-field
conflicts); each refusal must name a path that is in the document (or a key the document
needs) and say what is accepted in the tool's own words, never pydantic's.
"""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

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
        lambda chosen, values, typo: {**{k: v for k, v in zip(keys, values, strict=False) if k in chosen}, **typo},
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
        "assessment": _table(
            {"title": st.text(max_size=10), "owner": st.text(max_size=10), "horizon_months": st.integers(0, 130)}
        ),
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


def _paths(document, prefix: str = "") -> set[str]:
    """Every key path in `document`, tables and list entries included."""
    found = set()
    items = (
        document.items() if isinstance(document, dict) else enumerate(document) if isinstance(document, list) else []
    )
    for key, value in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        found.add(path)
        found |= _paths(value, path)
    return found


@settings(max_examples=400, deadline=None)
@given(DOCUMENTS)
def test_every_refusal_names_a_field_of_the_document_in_plain_words(document):
    try:
        validate_document(document)
    except AnswersInvalid as invalid:
        assert invalid.problems
        present = _paths(document)
        for problem in invalid.problems:
            # A cross-field rule may blame a key of the same table that was left out.
            table = problem.path.rsplit(".", 1)[0]
            assert problem.path in present or table in present, (problem.path, document)
            assert problem.message and "Input should" not in problem.message, problem.message
            assert "pydantic" not in problem.message.lower()


def test_the_generator_does_make_invalid_documents():
    """A guard on the test itself: the rules it exercises do refuse."""
    refused = [
        {"volume": {"calls_per_month": -1}},
        {"performance": {"both_correct": 0, "only_prompted_correct": 0, "only_fine_tuned_correct": 0, "both_wrong": 0}},
        {"data": {"labelled_examples": 2.5}},
    ]
    for document in refused:
        try:
            validate_document(document)
        except AnswersInvalid:
            continue
        raise AssertionError(f"{document} was accepted")
