"""Reading per-item results: good files become counts, bad lines are named, nothing half-imported."""

from __future__ import annotations

import json

import pytest

from tui.core.results_import import Columns, PairedCounts, ResultsInvalid, parse_results, read_results


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _problems(path, columns: Columns | None = None) -> list[tuple[int, str]]:
    with pytest.raises(ResultsInvalid) as caught:
        read_results(path, columns or Columns())
    return [(p.line, p.message) for p in caught.value.problems]


def test_csv_with_yes_no_and_one_zero_gives_the_paired_counts(tmp_path):
    path = _write(
        tmp_path,
        "results.csv",
        'id,prompted,fine_tuned,notes\nq1,yes,1,"a note, with a comma"\nq2,no,1,\nq3,YES,0,\nq4,no,0,\nq5,true,TRUE,\n',
    )
    results = read_results(path)
    assert results.kind == "binary"
    assert results.paired_counts() == PairedCounts(2, 1, 1, 1)
    assert results.disagreements() == ["q2", "q3"]


def test_jsonl_accepts_booleans_numbers_and_words(tmp_path):
    rows = [
        {"id": "a", "prompted": True, "fine_tuned": True},
        {"id": 2, "prompted": 0, "fine_tuned": 1},
        {"id": "c", "prompted": "yes", "fine_tuned": "no", "extra": [1, 2]},
    ]
    path = _write(tmp_path, "results.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n\n")
    results = read_results(path)
    assert results.kind == "binary"
    assert results.paired_counts() == PairedCounts(1, 1, 1, 0)
    assert len(results.items) == 3
    assert results.disagreements() == ["2", "c"]


def test_numeric_scores_are_kept_and_need_a_threshold_for_counts(tmp_path):
    path = _write(tmp_path, "rubric.csv", "item_id,prompted,fine_tuned\n1,3,4\n2,5,5\n3,2,1\n4,4,3.5\n")
    results = read_results(path)
    assert results.kind == "score"
    assert list(results.differences()) == [1.0, 0.0, -1.0, -0.5]
    with pytest.raises(ValueError):
        results.paired_counts()
    assert results.paired_counts(threshold=4) == PairedCounts(1, 1, 1, 1)
    assert results.disagreements(threshold=4) == ["1", "4"]


def test_zero_one_scores_mixed_with_other_numbers_are_scores():
    results = parse_results("id,prompted,fine_tuned\na,0,0.35\nb,1,0.9\n", "csv")
    assert results.kind == "score"
    assert list(results.prompted_values()) == [0.0, 1.0]


def test_tsv_semicolons_bom_and_custom_columns(tmp_path):
    tsv = _write(tmp_path, "r.tsv", "id\tprompted\tfine_tuned\nx\t1\t0\n")
    assert read_results(tsv).paired_counts() == PairedCounts(0, 1, 0, 0)
    semicolons = _write(tmp_path, "r.csv", "\ufeffkey;base;tuned\nx;1;1\ny;0;1\n")
    columns = Columns(id="key", prompted="base", fine_tuned="tuned")
    assert read_results(semicolons, columns).paired_counts() == PairedCounts(1, 0, 1, 0)


def test_each_bad_row_is_reported_with_its_line_and_reason(tmp_path):
    path = _write(
        tmp_path,
        "bad.csv",
        "id,prompted,fine_tuned\n"
        "q1,1,0\n"
        "q2,yes\n"  # line 3: a column is missing
        "q1,1,1\n"  # line 4: duplicate id
        "q3,maybe,1\n"  # line 5: unparseable
        "\n"
        "q4,,1\n"  # line 7: empty value
        ",1,1\n",  # line 8: no id
    )
    problems = _problems(path)
    assert [line for line, _ in problems] == [3, 4, 5, 7, 8]
    messages = dict(problems)
    assert "missing column 'fine_tuned'" in messages[3]
    assert "duplicate id 'q1'" in messages[4] and "line 2" in messages[4]
    assert "'maybe'" in messages[5] and "prompted" in messages[5]
    assert "no value" in messages[7]
    assert "no item id" in messages[8]


def test_line_numbers_count_lines_inside_quoted_fields(tmp_path):
    path = _write(tmp_path, "multi.csv", 'id,prompted,fine_tuned,text\nq1,1,0,"two\nlines"\nq2,oops,1,x\n')
    assert _problems(path) == [(4, "column 'prompted': cannot read 'oops'; use 1/0, true/false, yes/no or a number")]


def test_malformed_jsonl_lines_are_named(tmp_path):
    path = _write(
        tmp_path,
        "bad.jsonl",
        '{"id": "a", "prompted": 1, "fine_tuned": 0}\n'
        '{"id": "b", "prompted": 1}\n'
        "not json\n"
        "[1, 2]\n"
        '{"id": "c", "prompted": NaN, "fine_tuned": 1}\n'
        '{"id": "d", "prompted": {"x": 1}, "fine_tuned": 1}\n'
        '{"id": "e", "prompted": 1, "fine_tuned": null}\n',
    )
    problems = dict(_problems(path))
    assert sorted(problems) == [2, 3, 4, 5, 6, 7]
    assert "missing column 'fine_tuned'" in problems[2]
    assert "not valid JSON" in problems[3]
    assert "JSON object" in problems[4]
    assert "NaN" in problems[5]
    assert "a JSON object" in problems[6]
    assert "no value" in problems[7]


def test_yes_no_in_a_file_of_scores_names_the_line(tmp_path):
    path = _write(tmp_path, "mixed.csv", "id,prompted,fine_tuned\na,4,5\nb,yes,3\nc,inf,2\n")
    problems = _problems(path)
    assert problems[0][0] == 3 and "numeric scores" in problems[0][1]
    assert problems[1][0] == 4 and "finite" in problems[1][1]


def test_a_missing_header_column_is_reported_on_line_one(tmp_path):
    path = _write(tmp_path, "header.csv", "item,prompted,prompted\n1,1,0\n")
    problems = _problems(path)
    assert all(line == 1 for line, _ in problems)
    text = " ".join(message for _, message in problems)
    assert "repeats the column 'prompted'" in text
    assert "missing column 'id' or 'item_id'" in text
    assert "missing column 'fine_tuned'" in text


def test_unterminated_quote_is_reported_where_the_record_starts(tmp_path):
    path = _write(tmp_path, "quote.csv", 'id,prompted,fine_tuned\na,1,1\nb,"1,0\nc,1,1\n')
    problems = _problems(path)
    assert problems[0][0] == 3 and "not valid CSV" in problems[0][1]


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.csv", "", "empty"),
        ("header_only.csv", "id,prompted,fine_tuned\n", "no test items"),
        ("blank.jsonl", "\n\n", "empty"),
    ],
)
def test_files_without_items_are_refused(tmp_path, name, content, expected):
    problems = _problems(_write(tmp_path, name, content))
    assert expected in problems[0][1]


def test_non_utf8_bytes_name_their_line(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"id,prompted,fine_tuned\na,1,0\nb\xe9,1,0\n")
    assert _problems(path) == [(3, "not UTF-8 text")]


def test_a_missing_file_is_refused_without_a_line(tmp_path):
    assert _problems(tmp_path / "nope.csv") == [(0, "does not exist")]


def test_nothing_is_returned_when_any_row_is_bad():
    text = "id,prompted,fine_tuned\n" + "".join(f"q{i},1,0\n" for i in range(500)) + "q500,2x,1\n"
    with pytest.raises(ResultsInvalid) as caught:
        parse_results(text, "csv")
    assert [p.line for p in caught.value.problems] == [502]


def test_jsonl_is_recognised_without_an_extension(tmp_path):
    path = _write(tmp_path, "results", '{"id": 1, "prompted": 1, "fine_tuned": 1}\n')
    assert read_results(path).paired_counts() == PairedCounts(1, 0, 0, 0)
