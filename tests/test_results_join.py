"""Two run files joined on the item id: the pairs, nested values, and every way a join goes wrong."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.results_import import (
    JoinColumns,
    PairedCounts,
    ReadProgress,
    ResultsCancelled,
    ResultsInvalid,
    parse_results,
    read_joined,
)


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def _csv(path, text):
    path.write_text(text)
    return path


def _problems(prompted, tuned, columns=None):
    with pytest.raises(ResultsInvalid) as caught:
        read_joined(prompted, tuned, columns or JoinColumns())
    return caught.value


def test_two_csv_runs_in_different_orders_give_the_paired_counts(tmp_path):
    prompted = _csv(tmp_path / "base.csv", "id,correct\nq1,1\nq2,0\nq3,1\nq4,0\n")
    tuned = _csv(tmp_path / "tuned.csv", "id,correct,latency\nq4,1,3\nq3,1,2\nq1,0,1\nq2,0,9\n")
    results = read_joined(prompted, tuned)
    assert results.kind == "binary"
    assert results.paired_counts() == PairedCounts(1, 1, 1, 1)
    assert results.disagreements() == ["q4", "q1"]  # in the fine-tuned file's order


def test_jsonl_runs_read_a_nested_value_by_its_dotted_path(tmp_path):
    prompted = _jsonl(tmp_path / "a.jsonl", [{"doc_id": i, "metrics": {"acc": i % 2, "f1": 0.5}} for i in range(6)])
    tuned = _jsonl(tmp_path / "b.jsonl", [{"doc_id": i, "Metrics": {"ACC": 1}} for i in range(6)])
    results = read_joined(prompted, tuned, JoinColumns(id="doc_id", value="metrics.acc"))
    assert results.paired_counts() == PairedCounts(3, 0, 3, 0)
    scores = read_joined(prompted, tuned.with_name("a.jsonl"), JoinColumns(id="doc_id", value="metrics.f1"))
    assert scores.kind == "score" and list(scores.differences()) == [0.0] * 6


def test_a_csv_run_can_be_joined_with_a_jsonl_run_of_scores(tmp_path):
    prompted = _csv(tmp_path / "a.tsv", "item_id\tscore\nx\t3\ny\t4\n")
    tuned = _jsonl(tmp_path / "b.jsonl", [{"item_id": "y", "score": 5}, {"item_id": "x", "score": 2.5}])
    results = read_joined(prompted, tuned)
    assert results.kind == "score"
    assert results.paired_counts(threshold=4) == PairedCounts(1, 0, 0, 1)
    assert list(results.differences()) == [1.0, -0.5]


def test_ids_in_only_one_file_are_counted_and_the_first_few_named(tmp_path):
    prompted = _csv(tmp_path / "a.csv", "id,correct\n" + "".join(f"p{i},1\n" for i in range(9)) + "both,1\n")
    tuned = _csv(tmp_path / "b.csv", "id,correct\nboth,0\nt1,1\nt2,0\n")
    invalid = _problems(prompted, tuned)
    messages = [p.message for p in invalid.problems]
    assert invalid.total == 2
    assert messages[0].startswith(f"9 ids are in {prompted} but not in {tuned}: 'p0', 'p1', 'p2', 'p3', 'p4', ...")
    assert messages[1] == f"2 ids are in {tuned} but not in {prompted}: 't1' (line 3), 't2' (line 4)"


def test_a_repeated_id_in_either_file_is_named_with_both_lines(tmp_path):
    prompted = _csv(tmp_path / "a.csv", "id,correct\nq1,1\nq2,1\nq1,0\n")
    tuned = _csv(tmp_path / "b.csv", "id,correct\nq2,1\nq1,1\n\nq2,0\n")
    invalid = _problems(prompted, tuned)
    found = [(p.source, p.line, p.message) for p in invalid.problems]
    assert found == [
        (str(prompted), 4, "duplicate id 'q1' (first on line 2)"),
        (str(tuned), 5, "duplicate id 'q2' (first on line 2)"),
    ]
    assert str(invalid.problems[0]).startswith(f"{prompted} line 4: ")


def test_bad_values_and_missing_columns_name_their_file_and_line(tmp_path):
    prompted = _csv(tmp_path / "a.csv", "id,correct\nq1,maybe\nq2\nq3,1\n")
    tuned = _jsonl(tmp_path / "b.jsonl", [{"id": "q1", "correct": 1}, {"id": "q3", "correct": None}, {"id": "q2"}])
    invalid = _problems(prompted, tuned)
    found = [(p.source, p.line) for p in invalid.problems]
    assert found[:3] == [(str(prompted), 2), (str(prompted), 3), (str(tuned), 2)]
    assert "'maybe'" in invalid.problems[0].message and "no value" in invalid.problems[2].message
    assert "missing column 'correct'" in invalid.problems[3].message and invalid.problems[3].line == 3


def test_a_missing_value_column_names_the_option_to_choose_one(tmp_path):
    prompted = _csv(tmp_path / "a.csv", "id,acc\nq1,1\n")
    invalid = _problems(prompted, prompted)
    assert "--value-column" in invalid.problems[0].message and invalid.problems[0].line == 1


def test_yes_no_answers_in_a_join_of_scores_are_named(tmp_path):
    prompted = _csv(tmp_path / "a.csv", "id,score\nq1,yes\nq2,3\n")
    tuned = _csv(tmp_path / "b.csv", "id,score\nq1,4\nq2,5\n")
    invalid = _problems(prompted, tuned)
    assert [(p.source, p.line) for p in invalid.problems] == [(str(prompted), 2)]
    assert "numeric scores" in invalid.problems[0].message


def test_a_missing_file_is_named(tmp_path):
    tuned = _csv(tmp_path / "b.csv", "id,correct\nq1,1\n")
    invalid = _problems(tmp_path / "nope.csv", tuned)
    assert [(p.source, p.line, p.message) for p in invalid.problems] == [
        (str(tmp_path / "nope.csv"), 0, "does not exist")
    ]


def test_the_join_reports_progress_over_both_files_and_can_be_cancelled(tmp_path):
    rows = "".join(f"q{i},{i % 2}\n" for i in range(1500))
    prompted = _csv(tmp_path / "a.csv", "id,correct\n" + rows)
    tuned = _csv(tmp_path / "b.csv", "id,correct\n" + rows)
    seen: list[ReadProgress] = []
    read_joined(prompted, tuned, progress=seen.append, every=1000)
    assert [p.rows for p in seen] == [1000, 1500, 2500, 3000]
    assert seen[-1].fraction == 1.0 and seen[-1].bytes_total == prompted.stat().st_size * 2
    with pytest.raises(ResultsCancelled):
        read_joined(prompted, tuned, cancelled=lambda: True, every=100)


@given(
    st.lists(st.tuples(st.sampled_from([0, 1, 0.5, 3]), st.sampled_from([0, 1, 2.5])), min_size=1, max_size=30),
    st.randoms(use_true_random=False),
)
def test_joining_two_runs_gives_what_one_file_with_both_columns_gives(tmp_path_factory, pairs, shuffle):
    folder = tmp_path_factory.mktemp("join")
    order = list(range(len(pairs)))
    shuffle.shuffle(order)
    _jsonl(folder / "a.jsonl", [{"id": f"q{i}", "r": {"v": p}} for i, (p, _) in enumerate(pairs)])
    _jsonl(folder / "b.jsonl", [{"id": f"q{i}", "r": {"v": pairs[i][1]}} for i in order])
    joined = read_joined(folder / "a.jsonl", folder / "b.jsonl", JoinColumns(value="r.v"))
    text = "id,prompted,fine_tuned\n" + "".join(f"q{i},{pairs[i][0]},{pairs[i][1]}\n" for i in order)
    single = parse_results(text, "csv")
    assert joined.kind == single.kind
    assert list(joined.differences()) == list(single.differences())
    assert joined.disagreements(1.0) == single.disagreements(1.0)
    assert joined.paired_counts(1.0) == single.paired_counts(1.0)
