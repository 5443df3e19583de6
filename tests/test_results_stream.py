"""The streamed reader gives what the whole-file reader gave, on generated files; progress and cancel."""

from __future__ import annotations

import json

import legacy_results_reader as legacy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.core.results_import import (
    MAX_REPORTED_PROBLEMS,
    Columns,
    ReadProgress,
    ResultsCancelled,
    ResultsInvalid,
    parse_results,
    read_results,
)

IDS = st.sampled_from(["q1", "q2", "q3", " q4 ", "", "Q1", "item_7", "a,b", 'say "hi"'])
CELLS = st.sampled_from(
    [
        "1",
        "0",
        " 1",
        "1.0",
        "0.0",
        "yes",
        "No",
        "TRUE",
        "false",
        "0.5",
        "3",
        "4.25",
        "-2",
        "",
        "maybe",
        "inf",
        "nan",
        "1e3",
    ]
)
EXTRA = st.sampled_from(["", "note", "two\nlines", "x\r\ny", "a;b", "  "])
GOOD_CELLS = st.sampled_from(["1", "0", " 1", "1.0", "yes", "No", "TRUE", "false"])
SCORES = st.sampled_from(["1", "0", "0.5", "3", "4.25", "-2", "1e3", " 2 "])
ENDINGS = st.sampled_from(["\n", "\r\n"])


def _field(text: str, delimiter: str) -> str:
    """A CSV field, quoted when it has to be."""
    if any(ch in text for ch in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


@st.composite
def csv_files(draw, delimiter: str = ","):
    """Header plus rows that are good, short, blank, repeated or unreadable, in any mix."""
    ending = draw(ENDINGS)
    header = draw(st.sampled_from([["id", "prompted", "fine_tuned"], ["item_id", "fine_tuned", "prompted", "notes"]]))
    lines = [delimiter.join(header)]
    clean = draw(st.sampled_from([None, GOOD_CELLS, SCORES]))
    for i in range(draw(st.integers(0, 30))):
        if clean is not None:
            values = [f"q{i}", draw(clean), draw(clean)] + ([draw(EXTRA)] if len(header) == 4 else [])
            lines.append(delimiter.join(_field(v, delimiter) for v in values))
            continue
        shape = draw(st.sampled_from(["row", "row", "row", "blank", "short", "spaces"]))
        if shape == "blank":
            lines.append("")
        elif shape == "spaces":
            lines.append(delimiter.join(["  "] * len(header)))
        else:
            values = [draw(IDS), draw(CELLS), draw(CELLS)] + ([draw(EXTRA)] if len(header) == 4 else [])
            if shape == "short":
                values = values[: draw(st.integers(1, len(values) - 1))]
            lines.append(delimiter.join(_field(v, delimiter) for v in values))
    text = ending.join(lines) + (ending if draw(st.booleans()) else "")
    return text


JSON_VALUES = st.one_of(
    st.booleans(),
    st.sampled_from([0, 1, 2, 0.5, 1.0, -3, "yes", "no", "1", "0.25", "", "bad", None]),
    st.just([1, 2]),
    st.just({"x": 1}),
)


@st.composite
def jsonl_files(draw):
    lines = []
    clean = draw(
        st.sampled_from(
            [None, st.sampled_from([True, False, 0, 1, "yes", "no", 1.0]), st.sampled_from([0, 1, 0.5, 2, "3.5"])]
        )
    )
    for i in range(draw(st.integers(0, 25))):
        if clean is not None:
            lines.append(
                json.dumps(
                    {"id": i, "prompted": draw(clean), "fine_tuned": draw(clean), "n": "é"}, ensure_ascii=i % 2 == 0
                )
            )
            continue
        shape = draw(st.sampled_from(["object", "object", "object", "blank", "junk", "list", "missing"]))
        if shape == "blank":
            lines.append(draw(st.sampled_from(["", "  "])))
        elif shape == "junk":
            lines.append(draw(st.sampled_from(["not json", '{"id": 1', '{"id": NaN, "prompted": 1, "fine_tuned": 1}'])))
        elif shape == "list":
            lines.append("[1, 2]")
        else:
            record = {
                draw(st.sampled_from(["id", "ID", "item_id"])): draw(st.one_of(IDS, st.integers(0, 5), st.none())),
                "prompted": draw(JSON_VALUES),
                "fine_tuned": draw(JSON_VALUES),
            }
            if shape == "missing":
                record.pop(draw(st.sampled_from(sorted(record))))
            lines.append(json.dumps(record, ensure_ascii=draw(st.booleans())))
    return "\n".join(lines) + "\n"


def _outcome(read):
    """What a reader made of a file: its figures, or its problems and how many there were."""
    try:
        results = read()
    except (ResultsInvalid, legacy.ResultsInvalid) as invalid:
        total = getattr(invalid, "total", len(invalid.problems))
        return ("invalid", [(p.line, p.message) for p in invalid.problems[:MAX_REPORTED_PROBLEMS]], total)
    prompted = [
        float(v)
        for v in (
            results.prompted_values() if hasattr(results, "prompted_values") else [i.prompted for i in results.items]
        )
    ]
    differences = [float(d) for d in results.differences()]
    threshold = 1.0 if results.kind == "binary" else 0.5
    return (
        results.kind,
        len(results.items),
        prompted,
        differences,
        results.paired_counts(threshold),
        results.disagreements(),
        results.disagreements(threshold),
    )


def _same(new, old) -> None:
    """The same figures; counts compared by value since each reader has its own PairedCounts."""
    if new[0] != "invalid" and old[0] != "invalid":
        new = (*new[:4], new[4].as_answers(), *new[5:])
        old = (*old[:4], old[4].as_answers(), *old[5:])
    assert new == old


@given(csv_files())
def test_streamed_csv_reading_matches_the_whole_file_reader(text):
    _same(_outcome(lambda: parse_results(text, "csv")), _outcome(lambda: legacy.parse_results(text, "csv")))


@given(csv_files(delimiter="\t"))
def test_streamed_tsv_reading_matches_the_whole_file_reader(text):
    _same(_outcome(lambda: parse_results(text, "tsv")), _outcome(lambda: legacy.parse_results(text, "tsv")))


@given(jsonl_files())
def test_streamed_jsonl_reading_matches_the_whole_file_reader(text):
    _same(_outcome(lambda: parse_results(text, "jsonl")), _outcome(lambda: legacy.parse_results(text, "jsonl")))


@given(
    st.one_of(csv_files(), csv_files(delimiter=";"), jsonl_files()), st.sampled_from(["r.csv", "r.jsonl", "r", "r.txt"])
)
def test_reading_a_file_matches_the_whole_file_reader(tmp_path_factory, text, name):
    path = tmp_path_factory.mktemp("files") / name
    path.write_bytes(("\ufeff" if len(text) % 3 == 0 else "").encode() + text.encode())
    _same(_outcome(lambda: read_results(path)), _outcome(lambda: legacy.read_results(path)))


def test_custom_columns_match_the_whole_file_reader():
    text = "key;base;tuned\nx;1;1\ny;0;1\nx;0;0\n"
    new = Columns(id="key", prompted="base", fine_tuned="tuned")
    old = legacy.Columns(id="key", prompted="base", fine_tuned="tuned")
    assert _outcome(lambda: parse_results(text.replace(";", ","), "csv", new)) == _outcome(
        lambda: legacy.parse_results(text.replace(";", ","), "csv", old)
    )


def test_a_file_with_many_bad_rows_reports_the_first_and_counts_them_all():
    text = "id,prompted,fine_tuned\n" + "".join(f"q{i},x,1\n" for i in range(5000))
    with pytest.raises(ResultsInvalid) as caught:
        parse_results(text, "csv")
    assert len(caught.value.problems) == MAX_REPORTED_PROBLEMS and caught.value.total == 5000
    assert caught.value.problems[0].line == 2


def test_yes_no_answers_before_the_first_score_are_reported_in_line_order():
    text = "id,prompted,fine_tuned\n" + "".join(f"q{i},yes,1\n" for i in range(30)) + "z,0.5,1\nw,bad,1\n"
    with pytest.raises(ResultsInvalid) as caught:
        parse_results(text, "csv")
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(lines) and lines[0] == 2 and caught.value.total == 31


# --- Progress and cancelling ----------------------------------------------------------------


def _big(tmp_path, rows: int = 2500):
    path = tmp_path / "big.csv"
    path.write_text("id,prompted,fine_tuned\n" + "".join(f"q{i},{i % 2},{i % 3 == 0:d}\n" for i in range(rows)))
    return path


def test_progress_reports_rows_and_bytes_as_the_file_is_read(tmp_path):
    path = _big(tmp_path)
    seen: list[ReadProgress] = []
    results = read_results(path, progress=seen.append, every=1000)
    assert [p.rows for p in seen] == [1000, 2000, 2500]
    assert seen[-1].bytes_total == path.stat().st_size and seen[-1].fraction == 1.0
    assert all(0 < p.fraction <= 1 for p in seen)
    assert len(results.items) == 2500


def test_cancelling_stops_the_read_and_imports_nothing(tmp_path):
    path = _big(tmp_path)
    asked = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) == 2

    with pytest.raises(ResultsCancelled):
        read_results(path, cancelled=cancelled, every=500)
    assert len(asked) == 2


def test_an_exception_raised_by_the_progress_callback_stops_the_read(tmp_path):
    class Stop(Exception):
        pass

    def progress(done: ReadProgress) -> None:
        raise Stop

    with pytest.raises(Stop):
        read_results(_big(tmp_path), progress=progress, every=100)


def test_progress_and_cancel_work_for_text_in_memory():
    text = "id,prompted,fine_tuned\n" + "".join(f"q{i},1,0\n" for i in range(30))
    seen: list[ReadProgress] = []
    parse_results(text, "csv", progress=seen.append, cancelled=lambda: False, every=10)
    assert [p.rows for p in seen] == [10, 20, 30, 30] and seen[0].fraction is None


def test_a_pipe_is_read_too_and_a_repeat_in_it_is_still_reported(tmp_path):
    import os
    import threading

    fifo = tmp_path / "results.csv"
    os.mkfifo(fifo)
    text = "id,prompted,fine_tuned\na,1,0\nb,1,1\na,0,0\n"
    writer = threading.Thread(target=fifo.write_text, args=(text,))
    writer.start()
    with pytest.raises(ResultsInvalid) as caught:
        read_results(fifo)
    writer.join()
    assert [(p.line, p.message) for p in caught.value.problems] == [(4, "duplicate id 'a' (seen earlier)")]
