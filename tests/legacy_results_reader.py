"""The results reader as it was before reading was streamed: the oracle of test_results_stream.

It read the whole file into memory and built one object per row. Kept unchanged (apart from
this paragraph) so the streamed reader can be checked against it on generated files.

Per-item results (one row per test item) read from CSV or JSONL, all or nothing.

Each row holds an item id and, for each approach, either correct/incorrect (1/0, true/false,
yes/no) or a numeric score (a 1-5 rubric, ROUGE, ...). Every bad row is reported with its line
number and the reason; if any row is bad, nothing is returned.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

MAX_RESULTS_BYTES = 200_000_000
MAX_REPORTED_PROBLEMS = 20
ID_COLUMNS = ("id", "item_id")
PROMPTED_COLUMN = "prompted"
FINE_TUNED_COLUMN = "fine_tuned"

Kind = Literal["binary", "score"]


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ResultsInvalid(Exception):
    """The results file cannot be used; `problems` lists every bad line (nothing was imported)."""

    def __init__(self, problems: list[RowProblem]):
        super().__init__("; ".join(str(p) for p in problems[:MAX_REPORTED_PROBLEMS]))
        self.problems = problems


@dataclass(frozen=True)
class Item:
    id: str
    line: int
    prompted: float
    fine_tuned: float


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
class Results:
    """Every item of a valid results file; `kind` says whether values are 0/1 or scores."""

    items: tuple[Item, ...]
    kind: Kind

    def differences(self) -> list[float]:
        """Per-item fine-tuned minus prompted values, in file order."""
        return [item.fine_tuned - item.prompted for item in self.items]

    def paired_counts(self, threshold: float | None = None) -> PairedCounts:
        """The 2x2 counts; scores count as correct at or above `threshold`."""
        if self.kind == "score" and threshold is None:
            raise ValueError("numeric scores need a threshold to count as correct or incorrect")
        limit = 1.0 if self.kind == "binary" else threshold
        counts = [0, 0, 0, 0]
        for item in self.items:
            prompted, tuned = item.prompted >= limit, item.fine_tuned >= limit
            counts[_cell(prompted, tuned)] += 1
        return PairedCounts(*counts)

    def disagreements(self, threshold: float | None = None) -> list[str]:
        """Ids of the items where exactly one approach is correct (the labels to check first)."""
        limit = 1.0 if self.kind == "binary" else threshold
        if limit is None:
            return [item.id for item in self.items if item.prompted != item.fine_tuned]
        return [item.id for item in self.items if (item.prompted >= limit) != (item.fine_tuned >= limit)]


def _cell(prompted: bool, tuned: bool) -> int:
    """The index of an item's cell in (both, only prompted, only fine-tuned, neither)."""
    if prompted:
        return 0 if tuned else 1
    return 2 if tuned else 3


@dataclass(frozen=True)
class Columns:
    id: str | None = None
    prompted: str = PROMPTED_COLUMN
    fine_tuned: str = FINE_TUNED_COLUMN


def read_results(path: str | Path, columns: Columns = Columns()) -> Results:
    """Read a CSV, TSV or JSONL results file; ResultsInvalid names every bad line."""
    path = Path(path)
    text = _read_text(path)
    if _looks_like_jsonl(path, text):
        rows = _jsonl_rows(text, columns)
    else:
        rows = _csv_rows(text, columns, _delimiter(path, text))
    return _build(rows, columns)


def parse_results(text: str, format: Literal["csv", "tsv", "jsonl"], columns: Columns = Columns()) -> Results:
    """Parse results already in memory; `format` says how."""
    if format == "jsonl":
        rows = _jsonl_rows(text, columns)
    else:
        rows = _csv_rows(text, columns, "\t" if format == "tsv" else ",")
    return _build(rows, columns)


def _read_text(path: Path) -> str:
    """The file's text (UTF-8, an optional byte-order mark dropped)."""
    try:
        if path.is_dir():
            raise ResultsInvalid([RowProblem(0, "is a folder, not a results file")])
        with path.open("rb") as handle:
            raw = handle.read(MAX_RESULTS_BYTES + 1)
    except FileNotFoundError:
        raise ResultsInvalid([RowProblem(0, "does not exist")]) from None
    except OSError as error:
        raise ResultsInvalid([RowProblem(0, f"cannot be read: {error.strerror or error}")]) from None
    if len(raw) > MAX_RESULTS_BYTES:
        raise ResultsInvalid([RowProblem(0, f"is larger than {MAX_RESULTS_BYTES:,} bytes")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ResultsInvalid([RowProblem(line, "not UTF-8 text")]) from None


def _looks_like_jsonl(path: Path, text: str) -> bool:
    """JSONL by extension, or by a first non-blank character of '{' when the extension says nothing."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return True
    if suffix in (".csv", ".tsv", ".txt"):
        return False
    return text.lstrip().startswith("{")


def _delimiter(path: Path, text: str) -> str:
    """Tab for .tsv files, semicolon for a header with semicolons but no commas, else comma."""
    if path.suffix.lower() == ".tsv":
        return "\t"
    header = text.lstrip("\r\n").split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


# A raw row: (line number, id, prompted value, fine-tuned value), or a problem for that line.
RawRow = tuple[int, object, object, object]


def _csv_rows(text: str, columns: Columns, delimiter: str) -> list[RawRow | RowProblem]:
    """Rows of a delimited file with a header line; the line numbers are those of the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[RawRow | RowProblem] = []
    header: list[str] | None = None
    indexes: tuple[int, int, int] | None = None
    next_line = 1
    try:
        for record in reader:
            line, next_line = next_line, reader.line_num + 1
            if not record or all(not field.strip() for field in record):
                continue
            if header is None:
                header = [name.strip() for name in record]
                indexes = _header_indexes(header, columns, line)
                continue
            width = max(indexes) + 1
            if len(record) < width:
                missing = [header[i] for i in indexes if i >= len(record)]
                rows.append(
                    RowProblem(
                        line, f"missing column {_names(missing)} (the row has {len(record)} of {len(header)} fields)"
                    )
                )
                continue
            rows.append((line, *(record[i] for i in indexes)))
    except csv.Error as error:
        rows.append(RowProblem(next_line, f"not valid CSV: {error}"))
    if header is None:
        raise ResultsInvalid([RowProblem(0, "the file is empty; expected a header line and one row per test item")])
    return rows


def _header_indexes(header: list[str], columns: Columns, line: int) -> tuple[int, int, int]:
    """Positions of the id, prompted and fine-tuned columns in the header, or ResultsInvalid."""
    lowered = [name.lower() for name in header]
    problems = []
    duplicated = sorted({name for name in lowered if name and lowered.count(name) > 1})
    if duplicated:
        problems.append(RowProblem(line, f"the header repeats the column {_names(duplicated)}"))
    wanted_id = (columns.id,) if columns.id else ID_COLUMNS
    found = []
    for names in (wanted_id, (columns.prompted,), (columns.fine_tuned,)):
        index = next((lowered.index(name.lower()) for name in names if name.lower() in lowered), None)
        if index is None:
            hint = " (name it with --id-column)" if names is ID_COLUMNS else ""
            problems.append(
                RowProblem(
                    line, f"missing column {_names(list(names))}{hint}; the header has {', '.join(map(repr, header))}"
                )
            )
        found.append(index)
    if problems:
        raise ResultsInvalid(problems)
    return tuple(found)  # type: ignore[return-value]


def _names(names: list[str]) -> str:
    return " or ".join(repr(name) for name in names) if len(names) <= 2 else ", ".join(repr(n) for n in names)


def _jsonl_rows(text: str, columns: Columns) -> list[RawRow | RowProblem]:
    """Rows of a JSON Lines file: one JSON object per line, blank lines skipped."""
    rows: list[RawRow | RowProblem] = []
    seen_any = False
    for line, content in enumerate(text.splitlines(), start=1):
        if not content.strip():
            continue
        seen_any = True
        try:
            record = json.loads(content, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            rows.append(RowProblem(line, f"not valid JSON: {_json_reason(error)}"))
            continue
        if not isinstance(record, dict):
            rows.append(
                RowProblem(line, 'each line must be a JSON object such as {"id": "q1", "prompted": 1, "fine_tuned": 0}')
            )
            continue
        keys = {str(key).lower(): key for key in record}
        wanted_id = (columns.id,) if columns.id else ID_COLUMNS
        id_key = next((keys[name.lower()] for name in wanted_id if name.lower() in keys), None)
        missing = [] if id_key is not None else [wanted_id[0] if columns.id else "id"]
        values = []
        for name in (columns.prompted, columns.fine_tuned):
            if name.lower() in keys:
                values.append(record[keys[name.lower()]])
            else:
                missing.append(name)
        if missing:
            rows.append(RowProblem(line, f"missing column {_names(missing)}"))
            continue
        rows.append((line, record[id_key], *values))
    if not seen_any:
        raise ResultsInvalid([RowProblem(0, "the file is empty; expected one JSON object per test item")])
    return rows


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _json_reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    message = getattr(error, "msg", str(error))
    column = getattr(error, "colno", None)
    return f"{message} at column {column}" if column else message


@dataclass(frozen=True)
class Value:
    """One cell: its text, its number if it is one, and whether it reads as correct/incorrect."""

    text: str
    number: float | None
    binary: bool
    truth: bool | None


def _build(rows: list[RawRow | RowProblem], columns: Columns) -> Results:
    """Check ids and values row by row and decide the kind; all or nothing."""
    problems = [row for row in rows if isinstance(row, RowProblem)]
    good = [row for row in rows if not isinstance(row, RowProblem)]
    seen: dict[str, int] = {}
    parsed: list[tuple[int, str, Value, Value]] = []
    for line, raw_id, prompted, tuned in good:
        item_id = _item_id(raw_id)
        if item_id is None:
            problems.append(RowProblem(line, f"no item id in column {columns.id or 'id'!r}"))
            continue
        if item_id in seen:
            problems.append(RowProblem(line, f"duplicate id {item_id!r} (first on line {seen[item_id]})"))
            continue
        seen[item_id] = line
        values = []
        for name, raw in ((columns.prompted, prompted), (columns.fine_tuned, tuned)):
            value = _value(raw)
            if isinstance(value, str):
                problems.append(RowProblem(line, f"column {name!r}: {value}"))
            values.append(value)
        if not any(isinstance(v, str) for v in values):
            parsed.append((line, item_id, *values))
    kind: Kind = "binary" if all(v.binary for _, _, p, t in parsed for v in (p, t)) else "score"
    if kind == "score":
        for line, _, *values in parsed:
            for name, value in zip((columns.prompted, columns.fine_tuned), values, strict=True):
                if value.number is None:
                    problems.append(
                        RowProblem(
                            line,
                            f"column {name!r}: {value.text!r} is a yes/no answer, but the file holds numeric scores",
                        )
                    )
    if problems:
        raise ResultsInvalid(sorted(problems, key=lambda p: p.line))
    if not parsed:
        raise ResultsInvalid([RowProblem(0, "the file has a header but no test items")])
    items = tuple(Item(item_id, line, _as_number(p, kind), _as_number(t, kind)) for line, item_id, p, t in parsed)
    return Results(items=items, kind=kind)


def _item_id(raw: object) -> str | None:
    """The id as text, or None when it is missing or empty."""
    if raw is None or isinstance(raw, (dict, list)):
        return None
    text = str(raw).strip()
    return text or None


def _value(raw: object) -> Value | str:
    """A parsed cell, or the reason it cannot be read."""
    accepted = "use 1/0, true/false, yes/no or a number"
    if raw is None:
        return f"no value; {accepted}"
    if isinstance(raw, bool):
        return Value("true" if raw else "false", None, True, raw)
    if isinstance(raw, (int, float)):
        number = float(raw)
        if not math.isfinite(number):
            return f"{raw!r} is not a finite number"
        return Value(str(raw), number, number in (0.0, 1.0), number == 1.0 if number in (0.0, 1.0) else None)
    if not isinstance(raw, str):
        return f"cannot read {_short(raw)}; {accepted}"
    text = raw.strip()
    if not text:
        return f"no value; {accepted}"
    word = text.lower()
    if word in ("true", "yes"):
        return Value(text, None, True, True)
    if word in ("false", "no"):
        return Value(text, None, True, False)
    try:
        number = float(text)
    except ValueError:
        return f"cannot read {text[:40]!r}; {accepted}"
    if not math.isfinite(number):
        return f"{text!r} is not a finite number"
    return Value(text, number, number in (0.0, 1.0), number == 1.0 if number in (0.0, 1.0) else None)


def _short(raw: object) -> str:
    if isinstance(raw, dict):
        return "a JSON object"
    if isinstance(raw, list):
        return "a JSON list"
    return repr(raw)[:40]


def _as_number(value: Value, kind: Kind) -> float:
    """1.0 or 0.0 for correct/incorrect, the score itself otherwise."""
    if kind == "binary":
        return 1.0 if value.truth else 0.0
    return value.number  # type: ignore[return-value]
