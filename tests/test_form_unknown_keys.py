"""The wizard's form keeps keys no question asks for, suggests the nearest key, and renames or
drops one only when asked (tui.core.form)."""

from __future__ import annotations

from tui.core.form import Form, nearest_question


def test_the_nearest_key_is_found_in_the_same_table_first():
    assert nearest_question("data.labeled_examples") == "data.labelled_examples"
    assert nearest_question("volume.prompted.cost_per_cal_usd") == "volume.prompted.cost_per_call_usd"
    assert nearest_question("extra.note") is None


def test_unknown_keys_are_kept_with_their_values_not_turned_into_warnings():
    form, warnings = Form.from_document({"schema_version": 1, "data": {"labeled_examples": 1500}})
    assert warnings == []
    assert form.unknown == {"data.labeled_examples": 1500}
    assert form.unknown_keys() == [("data.labeled_examples", "data.labelled_examples")]
    assert form.drop_paths() == []


def test_renaming_sets_the_answer_from_the_value_and_drops_the_old_key():
    form, _ = Form.from_document({"data": {"labeled_examples": 1500}})
    form.rename_unknown("data.labeled_examples", "data.labelled_examples")
    assert form.document().data.labelled_examples == 1500
    assert form.unknown == {} and form.drop_paths() == ["data.labeled_examples"]


def test_a_table_no_question_asks_for_goes_whole_once_nothing_in_it_is_kept():
    form, _ = Form.from_document({"extra": {"a": 1, "b": 2}, "volume": {"prompted": {"zz": 1}}})
    form.drop_unknown("extra.a")
    assert form.drop_paths() == ["extra.a"]
    form.drop_unknown("extra.b")
    form.drop_unknown("volume.prompted.zz")
    assert form.drop_paths() == ["extra", "volume.prompted.zz"]


def test_answers_invalid_in_the_file_are_the_errors_shown_at_once():
    form, _ = Form.from_document({"data": {"preparation_usd": -4000}})
    assert list(form.opened_errors("data")) == ["data.preparation_usd"]
    form.set("data.training_compute_usd", "lots")
    assert list(form.opened_errors("data")) == ["data.preparation_usd"], "typed errors wait for the field to be left"
