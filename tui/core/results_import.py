"""Per-item results (one row per test item), read in one streamed pass, all or nothing.

Each row holds an item id and, for each approach, either correct/incorrect (1/0, true/false,
yes/no) or a numeric score (a 1-5 rubric, ROUGE, ...). The results come from one file with
both columns (`read_results`) or from two files, one run per approach, joined on the id
(`read_joined`). Every bad row is reported with its line and the reason (the first
`MAX_REPORTED_PROBLEMS`, and how many in all); if any row is bad, nothing is returned.

Only what the statistics need is kept: the set of ids (to catch duplicates) while reading,
then one byte per item for correct/incorrect results or the two scores per item, the ids of
the items where the approaches differ, and each cluster's size and sum of differences.
`progress` is called every `every` rows with how far the reading has got, and `cancelled`
is asked as often; when it says yes, ResultsCancelled is raised (so is anything the progress
callback raises), and nothing is imported.
"""

from __future__ import annotations

import csv
import math
from array import array
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from tui.core.results_rows import (
    FAST_CELLS,
    ID_COLUMNS,
    MAX_REPORTED_PROBLEMS,
    MAX_RESULTS_BYTES,
    Cell,
    Format,
    JsonlReader,
    Problems,
    ResultsCancelled,
    ResultsInvalid,
    RowProblem,
    Source,
    Wanted,
    cell_text,
    csv_reader,
    delimiter,
    is_blank,
    names,
    parse_cell,
    record_start,
    refuse,
    text_of,
)

__all__ = [
    "MAX_REPORTED_PROBLEMS",
    "MAX_RESULTS_BYTES",
    "Columns",
    "JoinColumns",
    "PairedCounts",
    "ReadProgress",
    "Results",
    "ResultsCancelled",
    "ResultsInvalid",
    "RowProblem",
    "parse_results",
    "read_joined",
    "read_results",
]

PROMPTED_COLUMN = "prompted"
FINE_TUNED_COLUMN = "fine_tuned"
VALUE_COLUMNS = ("correct", "score", "value")
PROGRESS_EVERY = 10_000
SHOWN_UNMATCHED = 5
ONE_FILE_EXAMPLE = '{"id": "q1", "prompted": 1, "fine_tuned": 0}'
RUN_FILE_EXAMPLE = '{"id": "q1", "correct": 1}'

Kind = Literal["binary", "score"]


@dataclass(frozen=True)
class PairedCounts:
    both_correct: int
    only_prompted_correct: int
    only_fine_tuned_correct: int
    both_wrong: int

    def as_answers(self) -> dict[str, int]:
        """The four counts under their answers-file names."""
        return asdict(self)


@dataclass(frozen=True)
class Columns:
    """The columns of a file with both approaches' results."""

    id: str | None = None
    prompted: str = PROMPTED_COLUMN
    fine_tuned: str = FINE_TUNED_COLUMN
    cluster: str | None = None


@dataclass(frozen=True)
class JoinColumns:
    """The columns of two run files; the cluster is read from the prompted file."""

    id: str | None = None
    value: str | None = None  # None: the first of VALUE_COLUMNS the file has
    cluster: str | None = None


@dataclass(frozen=True)
class ReadProgress:
    """How far a read has got: rows so far and, for files, bytes read of the total."""

    rows: int
    bytes_read: int | None = None
    bytes_total: int | None = None

    @property
    def fraction(self) -> float | None:
        """The share of the input read, 0..1, when the size is known."""
        if not self.bytes_total or self.bytes_read is None:
            return None
        return min(1.0, self.bytes_read / self.bytes_total)


ProgressCallback = Callable[[ReadProgress], None]


@dataclass(frozen=True)
class ClusterTotals:
    """Each cluster's number of items and sum of per-item differences (fine-tuned minus prompted)."""

    column: str
    sizes: array
    sums: array


@dataclass(frozen=True, eq=False)
class Results:
    """The items of valid results; `kind` says whether values are 0/1 or scores.

    Correct/incorrect results keep one code per item (2 * prompted + fine-tuned); scores keep
    both values per item. `differing_ids` are the items whose two values differ, in order.
    """

    kind: Kind
    count: int
    differing_ids: tuple[str, ...]
    codes: bytes = b""
    prompted_scores: array = field(default_factory=lambda: array("d"))
    fine_tuned_scores: array = field(default_factory=lambda: array("d"))
    differing_at: array = field(default_factory=lambda: array("q"))
    clusters: ClusterTotals | None = None

    @property
    def items(self) -> range:
        """The items' positions in file order; `len(results.items)` is the number of items."""
        return range(self.count)

    def prompted_values(self) -> array:
        """Per-item prompted values (1.0/0.0 or the score), in order."""
        if self.kind == "score":
            return self.prompted_scores
        return array("d", (float(code >> 1) for code in self.codes))

    def fine_tuned_values(self) -> array:
        """Per-item fine-tuned values (1.0/0.0 or the score), in order."""
        if self.kind == "score":
            return self.fine_tuned_scores
        return array("d", (float(code & 1) for code in self.codes))

    def differences(self) -> array:
        """Per-item fine-tuned minus prompted values, in order."""
        if self.kind == "score":
            return array("d", (t - p for p, t in zip(self.prompted_scores, self.fine_tuned_scores, strict=True)))
        return array("d", (_CODE_DIFFERENCE[code] for code in self.codes))

    def paired_counts(self, threshold: float | None = None) -> PairedCounts:
        """The 2x2 counts; scores count as correct at or above `threshold`."""
        if self.kind == "binary":
            return PairedCounts(*(self.codes.count(code) for code in (3, 2, 1, 0)))
        if threshold is None:
            raise ValueError("numeric scores need a threshold to count as correct or incorrect")
        counts = [0, 0, 0, 0]
        for p, t in zip(self.prompted_scores, self.fine_tuned_scores, strict=True):
            counts[(p < threshold) * 2 + (t < threshold)] += 1
        return PairedCounts(*counts)

    def disagreements(self, threshold: float | None = None) -> list[str]:
        """Ids of the items where exactly one approach is correct (the labels to check first)."""
        if self.kind == "binary" or threshold is None:
            return list(self.differing_ids)
        p, t = self.prompted_scores, self.fine_tuned_scores
        at = self.differing_at
        return [
            item for item, i in zip(self.differing_ids, at, strict=True) if (p[i] >= threshold) != (t[i] >= threshold)
        ]


_CODE_DIFFERENCE = (0.0, 1.0, -1.0, 0.0)  # fine-tuned minus prompted for codes 0..3


# --- Reading -------------------------------------------------------------------------------


def read_results(
    path: str | Path,
    columns: Columns = Columns(),
    *,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    every: int = PROGRESS_EVERY,
) -> Results:
    """Read a CSV, TSV or JSONL results file; ResultsInvalid names the bad lines."""
    source = Source(path=Path(path))
    return _read_one(source, columns, _Watch(progress, cancelled, every, source.size if progress else None))


def parse_results(
    text: str,
    format: Format,
    columns: Columns = Columns(),
    *,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    every: int = PROGRESS_EVERY,
) -> Results:
    """Parse results already in memory; `format` says how."""
    return _read_one(Source(text=text, format=format), columns, _Watch(progress, cancelled, every))


def read_joined(
    prompted: str | Path,
    fine_tuned: str | Path,
    columns: JoinColumns = JoinColumns(),
    *,
    progress: ProgressCallback | None = None,
    cancelled: Callable[[], bool] | None = None,
    every: int = PROGRESS_EVERY,
) -> Results:
    """Join two run files (one per approach) on the item id; problems name their file."""
    first = Source(path=Path(prompted), label=str(prompted))
    second = Source(path=Path(fine_tuned), label=str(fine_tuned))
    total = (first.size or 0) + (second.size or 0) if progress else None
    return _Join(first, second, columns, _Watch(progress, cancelled, every, total)).run()


class _Watch:
    """Reports progress and asks whether to stop, every `every` rows."""

    def __init__(
        self,
        progress: ProgressCallback | None,
        cancelled: Callable[[], bool] | None,
        every: int,
        total: int | None = None,
    ):
        self.progress, self.cancelled = progress, cancelled
        self.every = max(1, every) if progress or cancelled else 1 << 62
        self.total = total
        self.rows = 0
        self.bytes_before = 0  # bytes of the files already read, when there are two

    def tick(self, rows: int, handle) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ResultsCancelled("the import was cancelled; nothing was imported")
        if self.progress is not None:
            self.progress(ReadProgress(self.rows + rows, self._bytes(handle), self.total))

    def _bytes(self, handle) -> int | None:
        try:
            return self.bytes_before + handle.buffer.tell()
        except (AttributeError, OSError, ValueError):
            return None

    def finish(self, rows: int, size: int | None) -> None:
        """The last report for one file."""
        self.rows += rows
        self.bytes_before += size or 0
        if self.progress is not None:
            self.progress(ReadProgress(self.rows, self.bytes_before if self.total else None, self.total))


class _Tally:
    """What is kept of the items while reading: codes or scores, differing ids, cluster sums."""

    def __init__(self, clustered: bool):
        self.binary = True
        self.codes = bytearray()
        self.prompted = array("d")
        self.fine_tuned = array("d")
        self.differing_ids: list[str] = []
        self.differing_at = array("q")
        self.clusters: dict[str, list] | None = {} if clustered else None

    def add(self, item_id: str, p: Cell, t: Cell, cluster: str | None = None) -> None:
        if self.binary and type(p) is int and type(t) is int:
            code = (p & 1) * 2 + (t & 1)
            if code == 1 or code == 2:
                self.differing_ids.append(item_id)
            self.codes.append(code)
            difference: float = _CODE_DIFFERENCE[code]
        else:
            if self.binary:
                self._to_scores()
            pv, tv = _score(p), _score(t)
            if pv != tv:
                self.differing_ids.append(item_id)
                self.differing_at.append(len(self.prompted))
            self.prompted.append(pv)
            self.fine_tuned.append(tv)
            difference = tv - pv
        if self.clusters is not None and cluster is not None:
            totals = self.clusters.get(cluster)
            if totals is None:
                self.clusters[cluster] = [1, difference]
            else:
                totals[0] += 1
                totals[1] += difference

    def _to_scores(self) -> None:
        """The first score: the items so far become scores of 1.0 and 0.0."""
        self.binary = False
        self.prompted = array("d", (float(code >> 1) for code in self.codes))
        self.fine_tuned = array("d", (float(code & 1) for code in self.codes))
        self.differing_at = array("q", (i for i, code in enumerate(self.codes) if code in (1, 2)))
        self.codes = bytearray()

    @property
    def count(self) -> int:
        return len(self.codes) if self.binary else len(self.prompted)

    def results(self, cluster_column: str | None) -> Results:
        totals = None
        if self.clusters is not None and cluster_column is not None:
            totals = ClusterTotals(
                cluster_column,
                array("q", (size for size, _ in self.clusters.values())),
                array("d", (float(total) for _, total in self.clusters.values())),
            )
        if self.binary:
            return Results(
                "binary", len(self.codes), tuple(self.differing_ids), codes=bytes(self.codes), clusters=totals
            )
        return Results(
            "score",
            len(self.prompted),
            tuple(self.differing_ids),
            prompted_scores=self.prompted,
            fine_tuned_scores=self.fine_tuned,
            differing_at=self.differing_at,
            clusters=totals,
        )


def _score(cell: Cell) -> float:
    """A cell as a score; a yes/no word has none (it is reported as a problem)."""
    if type(cell) is int:
        return float(cell) if cell < 2 else math.nan
    return float(cell)


def _is_word(cell: Cell) -> bool:
    return type(cell) is int and cell >= 2


def _id_wanted(id_column: str | None) -> Wanted:
    if id_column:
        return Wanted((id_column,), id_column)
    return Wanted(ID_COLUMNS, "id", " (name it with --id-column)")


def _word_problem(words: Problems, line: int, column: str, raw: object) -> None:
    words.add(line, f"column {column!r}: {cell_text(raw)!r} is a yes/no answer, but the file holds numeric scores")


def _dup_message(item_id: str, first: int | None) -> str:
    where = f"first on line {first}" if first else "seen earlier"
    return f"duplicate id {item_id!r} ({where})"


# --- One file ------------------------------------------------------------------------------


@dataclass
class _Layout:
    """Where a stream's values are: the record positions and how to read a record's line."""

    reader: object
    indexes: tuple[int, ...]
    header: list[str] | None  # CSV only

    def line(self, record: list) -> int:
        if self.header is None:
            return self.reader.line_num  # type: ignore[attr-defined]
        return record_start(self.reader, record)

    def blank(self, record: list) -> bool:
        return self.header is not None and is_blank(record)


def _layout(handle, fmt: Format, source: Source, wanted: list[Wanted], problems: Problems, example: str) -> _Layout:
    """The stream's records and positions, the header already read for CSV and TSV."""
    if fmt == "jsonl":
        return _Layout(JsonlReader(handle, wanted, problems, example), tuple(range(len(wanted))), None)
    if fmt == "tsv":
        separator = "\t"
    elif source.text is not None:
        separator = ","
    else:
        separator = delimiter(handle)
    reader, header, indexes = csv_reader(handle, separator, wanted, source.label)
    return _Layout(reader, indexes, header)


def _missing_columns(layout: _Layout, record: list) -> str:
    assert layout.header is not None
    missing = [layout.header[i] for i in layout.indexes if i >= len(record)]
    return f"missing column {names(missing)} (the row has {len(record)} of {len(layout.header)} fields)"


def _read_one(source: Source, columns: Columns, watch: _Watch) -> Results:
    wanted = [
        _id_wanted(columns.id),
        Wanted((columns.prompted,), columns.prompted),
        Wanted((columns.fine_tuned,), columns.fine_tuned),
    ]
    if columns.cluster:
        wanted.append(Wanted((columns.cluster,), columns.cluster))
    problems, words = Problems(source.label), Problems(source.label)
    tally = _Tally(columns.cluster is not None)
    duplicates: list[tuple[int, str]] = []
    with source.open() as (handle, fmt):
        layout = _layout(handle, fmt, source, wanted, problems, ONE_FILE_EXAMPLE)
        rows = _stream(layout, handle, columns, tally, problems, words, duplicates, watch)
        if isinstance(layout.reader, JsonlReader) and not layout.reader.seen_any:
            raise refuse("the file is empty; expected one JSON object per test item", source.label)
    watch.finish(rows, source.size if watch.total else None)
    return _finish([(source, problems, words, duplicates, wanted)], tally, columns.cluster, [])


def _stream(
    layout, handle, columns: Columns, tally: _Tally, problems: Problems, words: Problems, duplicates, watch: _Watch
) -> int:
    """One pass over the records; the common case (new id, two 0/1 cells) stays in this loop."""
    reader, (i_id, i_p, i_t, *cluster_index) = layout.reader, layout.indexes
    width = max(layout.indexes) + 1
    seen: set[str] = set()
    add, codes, differ, cells = seen.add, tally.codes, tally.differing_ids.append, FAST_CELLS.get
    fast = layout.header is not None and not cluster_index
    rows, every = 0, watch.every
    next_tick, after = every, reader.line_num
    try:
        for record in reader:
            rows += 1
            after = reader.line_num
            if rows >= next_tick:
                watch.tick(rows, handle)
                next_tick += every
            if len(record) >= width:
                item_id = record[i_id].strip()
                if item_id and item_id not in seen:
                    add(item_id)
                    if fast:
                        p, t = cells(record[i_p]), cells(record[i_t])
                        if p is not None and t is not None and p < 2 and t < 2:
                            code = p * 2 + t
                            codes.append(code)
                            if code == 1 or code == 2:
                                differ(item_id)
                            continue
                    _row(layout, record, item_id, columns, tally, problems, words)
                    fast = fast and tally.binary
                    codes = tally.codes
                    continue
            _odd_row(layout, record, seen, columns, problems, duplicates)
    except csv.Error as error:
        problems.add(after + 1, f"not valid CSV: {error}")
    return rows


def _row(
    layout: _Layout, record: list, item_id: str, columns: Columns, tally: _Tally, problems: Problems, words: Problems
) -> None:
    """A row with a new id, cell by cell; the slow path for scores, words and clusters."""
    _, i_p, i_t, *cluster_index = layout.indexes
    line = 0
    cells: list[Cell] = []
    for name, i in ((columns.prompted, i_p), (columns.fine_tuned, i_t)):
        cell = parse_cell(record[i])
        if isinstance(cell, str):
            line = line or layout.line(record)
            problems.add(line, f"column {name!r}: {cell}")
        else:
            cells.append(cell)
    cluster = text_of(record[cluster_index[0]]) if cluster_index else None
    if cluster_index and cluster is None:
        line = line or layout.line(record)
        problems.add(line, f"no cluster in column {columns.cluster!r}")
        return
    if len(cells) < 2:
        return
    for name, i, cell in ((columns.prompted, i_p, cells[0]), (columns.fine_tuned, i_t, cells[1])):
        if _is_word(cell):
            line = line or layout.line(record)
            _word_problem(words, line, name, record[i])
    tally.add(item_id, cells[0], cells[1], cluster)


def _odd_row(layout: _Layout, record: list, seen: set[str], columns: Columns, problems: Problems, duplicates) -> None:
    """A blank row, a short row, a row without an id, or a repeated id."""
    if layout.blank(record):
        return
    line = layout.line(record)
    if len(record) < max(layout.indexes) + 1:
        problems.add(line, _missing_columns(layout, record))
        return
    item_id = record[layout.indexes[0]].strip()
    if not item_id:
        problems.add(line, f"no item id in column {columns.id or 'id'!r}")
        return
    if not problems.full:
        duplicates.append((len(problems.kept), item_id))
    problems.add(line, _dup_message(item_id, None))


def _finish(files, tally: _Tally, cluster_column: str | None, extra: list[RowProblem]) -> Results:
    """Results, or ResultsInvalid with the first problems of each file in line order."""
    shown: list[RowProblem] = []
    total = len(extra)
    for source, problems, words, duplicates, wanted in files:
        if duplicates:
            _name_first_lines(source, wanted, problems, duplicates)
        found = problems.kept + (words.kept if not tally.binary else [])
        shown += sorted(found, key=lambda p: p.line)
        total += problems.total + (words.total if not tally.binary else 0)
    if total:
        raise ResultsInvalid((shown + extra)[:MAX_REPORTED_PROBLEMS], total)
    if not tally.count:
        raise refuse("the file has a header but no test items")
    return tally.results(cluster_column)


def _name_first_lines(
    source: Source, wanted: list[Wanted], problems: Problems, duplicates: list[tuple[int, str]]
) -> None:
    """A second look, only when there are duplicates: the line where each repeated id first appears."""
    first = _first_lines(source, wanted, {item_id for _, item_id in duplicates})
    for index, item_id in duplicates:
        kept = problems.kept[index]
        problems.kept[index] = RowProblem(kept.line, _dup_message(item_id, first.get(item_id)), kept.source)


def _first_lines(source: Source, wanted: list[Wanted], ids: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    if source.path is not None and not source.path.is_file():
        return found  # a pipe cannot be read twice: the first lines stay unnamed
    try:
        _scan_first_lines(source, wanted, ids, found)
    except ResultsInvalid:  # changed since the first pass
        pass
    return found


def _scan_first_lines(source: Source, wanted: list[Wanted], ids: set[str], found: dict[str, int]) -> None:
    with source.open() as (handle, fmt):
        layout = _layout(handle, fmt, source, wanted, Problems(), "")
        width = max(layout.indexes) + 1
        try:
            for record in layout.reader:  # type: ignore[attr-defined]
                if len(record) >= width:
                    item_id = record[layout.indexes[0]].strip()
                    if item_id in ids and item_id not in found:
                        found[item_id] = layout.line(record)
                        if len(found) == len(ids):
                            break
        except csv.Error:
            pass


# --- Two files -----------------------------------------------------------------------------

_CONSUMED = object()  # an id of the prompted file already matched in the fine-tuned file
_BAD = object()  # an id of the prompted file whose value could not be read


class _Join:
    """Stream the prompted file into id -> value, then match the fine-tuned file against it."""

    def __init__(self, first: Source, second: Source, columns: JoinColumns, watch: _Watch):
        self.first, self.second, self.columns, self.watch = first, second, columns, watch
        self.table: dict[str, object] = {}
        self.tally = _Tally(columns.cluster is not None)
        self.value_name = columns.value
        self.only_second: dict[str, int] = {}
        self.only_second_count = 0

    def _wanted(self, with_cluster: bool) -> list[Wanted]:
        value = self.columns.value
        wanted = [
            _id_wanted(self.columns.id),
            Wanted((value,), value)
            if value
            else Wanted(VALUE_COLUMNS, VALUE_COLUMNS[0], " (name it with --value-column)"),
        ]
        if with_cluster and self.columns.cluster:
            wanted.append(Wanted((self.columns.cluster,), self.columns.cluster))
        return wanted

    def run(self) -> Results:
        files = []
        for source, first in ((self.first, True), (self.second, False)):
            wanted = self._wanted(with_cluster=first)
            problems, words = Problems(source.label), Problems(source.label)
            duplicates: list[tuple[int, str]] = []
            with source.open() as (handle, fmt):
                layout = _layout(handle, fmt, source, wanted, problems, RUN_FILE_EXAMPLE)
                rows = self._stream(layout, handle, first, problems, words, duplicates)
                if isinstance(layout.reader, JsonlReader) and not layout.reader.seen_any:
                    raise refuse("the file is empty; expected one JSON object per test item", source.label)
            self.watch.finish(rows, source.size if self.watch.total else None)
            files.append((source, problems, words, duplicates, wanted))
        return _finish(files, self.tally, self.columns.cluster, self._unmatched())

    def _stream(self, layout: _Layout, handle, first: bool, problems: Problems, words: Problems, duplicates) -> int:
        width = max(layout.indexes) + 1
        rows, every = 0, self.watch.every
        after = layout.reader.line_num  # type: ignore[attr-defined]
        try:
            for record in layout.reader:  # type: ignore[attr-defined]
                rows += 1
                after = layout.reader.line_num  # type: ignore[attr-defined]
                if rows % every == 0:
                    self.watch.tick(rows, handle)
                if layout.blank(record):
                    continue
                if len(record) < width:
                    problems.add(layout.line(record), _missing_columns(layout, record))
                    continue
                item_id = record[layout.indexes[0]].strip()
                if not item_id:
                    problems.add(layout.line(record), f"no item id in column {self.columns.id or 'id'!r}")
                elif first:
                    self._first_row(layout, record, item_id, problems, words, duplicates)
                else:
                    self._second_row(layout, record, item_id, problems, words, duplicates)
        except csv.Error as error:
            problems.add(after + 1, f"not valid CSV: {error}")
        return rows

    def _value(self, layout: _Layout, record: list, problems: Problems, words: Problems) -> Cell | None:
        name = self._value_label(layout)
        cell = parse_cell(record[layout.indexes[1]])
        if isinstance(cell, str):
            problems.add(layout.line(record), f"column {name!r}: {cell}")
            return None
        if _is_word(cell):
            _word_problem(words, layout.line(record), name, record[layout.indexes[1]])
        return cell

    def _value_label(self, layout: _Layout) -> str:
        if self.columns.value:
            return self.columns.value
        if layout.header is not None:
            return layout.header[layout.indexes[1]]
        return "/".join(VALUE_COLUMNS)

    def _first_row(
        self, layout: _Layout, record: list, item_id: str, problems: Problems, words: Problems, duplicates
    ) -> None:
        if item_id in self.table:
            if not problems.full:
                duplicates.append((len(problems.kept), item_id))
            problems.add(layout.line(record), _dup_message(item_id, None))
            return
        cell = self._value(layout, record, problems, words)
        cluster = None
        if self.columns.cluster:
            cluster = text_of(record[layout.indexes[2]])
            if cluster is None:
                problems.add(layout.line(record), f"no cluster in column {self.columns.cluster!r}")
        if cell is None or (self.columns.cluster and cluster is None):
            self.table[item_id] = _BAD
        else:
            self.table[item_id] = (cell, cluster) if self.columns.cluster else cell

    def _second_row(
        self, layout: _Layout, record: list, item_id: str, problems: Problems, words: Problems, duplicates
    ) -> None:
        entry = self.table.get(item_id)
        if entry is None:
            if item_id not in self.only_second:
                self.only_second_count += 1
                if len(self.only_second) < SHOWN_UNMATCHED:
                    self.only_second[item_id] = layout.line(record)
            return
        if entry is _CONSUMED:
            if not problems.full:
                duplicates.append((len(problems.kept), item_id))
            problems.add(layout.line(record), _dup_message(item_id, None))
            return
        self.table[item_id] = _CONSUMED
        cell = self._value(layout, record, problems, words)
        if cell is None or entry is _BAD:
            return
        if isinstance(entry, tuple):
            self.tally.add(item_id, entry[0], cell, entry[1])
        else:
            self.tally.add(item_id, entry, cell)  # type: ignore[arg-type]

    def _unmatched(self) -> list[RowProblem]:
        """The ids in only one of the two files, how many and the first few."""
        problems = []
        only_first = [item for item, entry in self.table.items() if entry is not _CONSUMED]
        if only_first:
            problems.append(
                RowProblem(0, _unmatched(len(only_first), only_first[:SHOWN_UNMATCHED], self.first, self.second))
            )
        if self.only_second_count:
            shown = [f"{item!r} (line {line})" for item, line in self.only_second.items()]
            problems.append(
                RowProblem(0, _unmatched(self.only_second_count, shown, self.second, self.first, quoted=True))
            )
        return problems


def _unmatched(count: int, shown: Iterable[str], present: Source, absent: Source, quoted: bool = False) -> str:
    noun = "id is" if count == 1 else "ids are"
    listed = ", ".join(shown if quoted else (repr(item) for item in shown))
    more = ", ..." if count > SHOWN_UNMATCHED else ""
    return f"{count:,} {noun} in {present.label} but not in {absent.label}: {listed}{more}"
