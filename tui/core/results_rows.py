"""The rows of a per-item results file, read as a stream: CSV, TSV or JSON Lines.

A file is opened once and read record by record; only the header (or, for JSON Lines, the
columns asked for) is looked at as a whole. Problems are collected in line order up to the
reporting limit and counted beyond it. `results_import` turns the records into results.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

MAX_RESULTS_BYTES = 200_000_000
MAX_REPORTED_PROBLEMS = 20
ID_COLUMNS = ("id", "item_id")
HEAD_CHARS = 65_536  # read to tell JSON Lines from CSV and to find the delimiter

Format = Literal["csv", "tsv", "jsonl"]

# A cell is a small integer for a correct/incorrect answer, a float for a numeric score:
NUMBER_0, NUMBER_1, WORD_FALSE, WORD_TRUE = 0, 1, 2, 3  # truth is `cell & 1`; words are >= 2
Cell = int | float
ACCEPTED = "use 1/0, true/false, yes/no or a number"
_WORDS = {"true": WORD_TRUE, "yes": WORD_TRUE, "false": WORD_FALSE, "no": WORD_FALSE}
FAST_CELLS: dict[str, int] = {"1": NUMBER_1, "0": NUMBER_0, "1.0": NUMBER_1, "0.0": NUMBER_0}
FAST_CELLS.update(_WORDS)
FAST_CELLS.update({word.upper(): cell for word, cell in _WORDS.items()})
FAST_CELLS.update({word.capitalize(): cell for word, cell in _WORDS.items()})


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str
    source: str = ""  # which file, when two are read together

    def __str__(self) -> str:
        where = " ".join(part for part in (self.source, f"line {self.line}" if self.line else "") if part)
        return f"{where}: {self.message}" if where else self.message


class ResultsInvalid(Exception):
    """The results cannot be used; nothing was imported.

    `problems` holds the first `MAX_REPORTED_PROBLEMS` in line order and `total` counts all.
    """

    def __init__(self, problems: list[RowProblem], total: int | None = None):
        super().__init__("; ".join(str(p) for p in problems[:MAX_REPORTED_PROBLEMS]))
        self.problems = problems
        self.total = len(problems) if total is None else total


class ResultsCancelled(Exception):
    """Reading stopped because the caller asked it to; nothing was imported."""


@dataclass
class Problems:
    """The problems met while streaming: the first few in order, and how many in all."""

    source: str = ""
    kept: list[RowProblem] = field(default_factory=list)
    total: int = 0

    def add(self, line: int, message: str) -> None:
        self.total += 1
        if len(self.kept) < MAX_REPORTED_PROBLEMS:
            self.kept.append(RowProblem(line, message, self.source))

    @property
    def full(self) -> bool:
        return len(self.kept) >= MAX_REPORTED_PROBLEMS


def refuse(message: str, source: str = "") -> ResultsInvalid:
    """A whole-file problem (no line)."""
    return ResultsInvalid([RowProblem(0, message, source)])


# --- Cells ---------------------------------------------------------------------------------


def parse_cell(raw: object) -> Cell | str:
    """A cell as 0/1/false/true codes or a score, or the reason it cannot be read."""
    if raw is None:
        return f"no value; {ACCEPTED}"
    if isinstance(raw, bool):
        return WORD_TRUE if raw else WORD_FALSE
    if isinstance(raw, (int, float)):
        return _number(float(raw), repr(raw))
    if not isinstance(raw, str):
        return f"cannot read {_short(raw)}; {ACCEPTED}"
    text = raw.strip()
    if not text:
        return f"no value; {ACCEPTED}"
    word = _WORDS.get(text.lower())
    if word is not None:
        return word
    try:
        number = float(text)
    except ValueError:
        return f"cannot read {text[:40]!r}; {ACCEPTED}"
    return _number(number, repr(text))


def _number(number: float, shown: str) -> Cell | str:
    if not math.isfinite(number):
        return f"{shown} is not a finite number"
    if number == 1.0:
        return NUMBER_1
    if number == 0.0:
        return NUMBER_0
    return number


def _short(raw: object) -> str:
    if isinstance(raw, dict):
        return "a JSON object"
    if isinstance(raw, list):
        return "a JSON list"
    return repr(raw)[:40]


def cell_text(raw: object) -> str:
    """How a yes/no cell was written, for the message that scores cannot mix with it."""
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw).strip()


def text_of(raw: object) -> str | None:
    """An id or cluster as text, or None when it is missing or empty."""
    if raw is None or isinstance(raw, (dict, list)):
        return None
    text = str(raw).strip()
    return text or None


# --- Opening -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """Where rows come from: a file, or text already in memory; either can be read again."""

    path: Path | None = None
    text: str | None = None
    format: Format | None = None  # None: decided from the name and the first characters
    label: str = ""

    @property
    def size(self) -> int | None:
        """Bytes to read, for progress (None for text in memory)."""
        try:
            return None if self.path is None else self.path.stat().st_size
        except OSError:
            return None

    @contextmanager
    def open(self) -> Iterator[tuple[TextIO, Format]]:
        """The text stream, positioned at the start, and its format."""
        if self.text is not None:
            yield io.StringIO(self.text, newline=""), self.format or "csv"
            return
        assert self.path is not None
        with _open_file(self.path, self.label) as opened:
            try:
                handle = opened if opened.seekable() else io.StringIO(opened.read(), newline="")  # a pipe
                fmt = self.format or _sniff(self.path, handle)
                handle.seek(0)
                yield handle, fmt
            except UnicodeDecodeError:
                raise ResultsInvalid([RowProblem(_undecodable_line(self.path), "not UTF-8 text", self.label)]) from None


def _open_file(path: Path, label: str) -> TextIO:
    """The file opened for reading as UTF-8 (a byte-order mark dropped), or ResultsInvalid."""
    try:
        if path.is_dir():
            raise refuse("is a folder, not a results file", label)
        if path.is_file() and path.stat().st_size > MAX_RESULTS_BYTES:
            raise refuse(f"is larger than {MAX_RESULTS_BYTES:,} bytes", label)
        return path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        raise refuse("does not exist", label) from None
    except OSError as error:
        raise refuse(f"cannot be read: {error.strerror or error}", label) from None


def _sniff(path: Path, handle: TextIO) -> Format:
    """JSONL by extension or a first character of '{'; else TSV by extension or CSV."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".tsv":
        return "tsv"
    head = handle.read(HEAD_CHARS)
    if suffix not in (".csv", ".txt"):
        while head and not head.strip():
            head = handle.read(HEAD_CHARS)
        if head.lstrip().startswith("{"):
            return "jsonl"
    return "csv"


def delimiter(handle: TextIO) -> str:
    """Semicolon for a header with semicolons but no commas, else comma (the stream is rewound)."""
    head = handle.read(HEAD_CHARS)
    while True:
        body = head.lstrip("\r\n")
        if "\n" in body:
            break
        more = handle.read(HEAD_CHARS)
        if not more:
            break
        head += more
    handle.seek(0)
    header = head.lstrip("\r\n").split("\n", 1)[0]
    return ";" if ";" in header and "," not in header else ","


def _undecodable_line(path: Path) -> int:
    """The line of the first byte that is not UTF-8."""
    with path.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


# --- Columns -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wanted:
    """One column to read: the names it may have, what to call it when missing, a hint."""

    names: tuple[str, ...]
    label: str
    hint: str = ""


def names(found: list[str]) -> str:
    return " or ".join(repr(name) for name in found) if len(found) <= 2 else ", ".join(repr(n) for n in found)


def header_indexes(header: list[str], wanted: list[Wanted], line: int, source: str) -> tuple[int, ...]:
    """Positions of the wanted columns in the header, or ResultsInvalid naming what is missing."""
    lowered = [name.lower() for name in header]
    problems = []
    duplicated = sorted({name for name in lowered if name and lowered.count(name) > 1})
    if duplicated:
        problems.append(RowProblem(line, f"the header repeats the column {names(duplicated)}", source))
    found = []
    for column in wanted:
        index = next((lowered.index(n.lower()) for n in column.names if n.lower() in lowered), None)
        if index is None:
            shown = ", ".join(map(repr, header))
            problems.append(
                RowProblem(
                    line, f"missing column {names(list(column.names))}{column.hint}; the header has {shown}", source
                )
            )
        found.append(index)
    if problems:
        raise ResultsInvalid(problems)
    return tuple(i for i in found if i is not None)


def csv_reader(handle: TextIO, delimiter: str, wanted: list[Wanted], source: str):
    """(reader positioned after the header, column positions), or ResultsInvalid for the header."""
    reader = csv.reader(handle, delimiter=delimiter, strict=True)
    try:
        for record in reader:
            if record and any(f.strip() for f in record):
                header = [name.strip() for name in record]
                return reader, header, header_indexes(header, wanted, reader.line_num, source)
    except csv.Error as error:
        raise ResultsInvalid([RowProblem(reader.line_num, f"not valid CSV: {error}", source)]) from None
    raise refuse("the file is empty; expected a header line and one row per test item", source)


def record_start(reader, record: list[str]) -> int:
    """The line a CSV record starts on (csv counts the line it ends on)."""
    breaks = sum(f.count("\n") + f.count("\r") - f.count("\r\n") for f in record)
    return reader.line_num - breaks


def is_blank(record: list[str]) -> bool:
    return not record or all(not f.strip() for f in record)


# --- JSON Lines ----------------------------------------------------------------------------


def lookup(record: dict, name: str, keys: dict | None = None) -> tuple[bool, object]:
    """(found, value) for a key, case-insensitively; `a.b` reaches into nested objects."""
    if keys is None:
        keys = {str(key).lower(): key for key in record}
    lowered = name.lower()
    if lowered in keys:
        return True, record[keys[lowered]]
    head, dot, rest = lowered.partition(".")
    if dot and head in keys and isinstance(record[keys[head]], dict):
        return lookup(record[keys[head]], rest)
    return False, None


class JsonlReader:
    """JSON objects line by line, as lists of the wanted values; bad lines go to `problems`.

    Like `csv.reader`, it counts lines in `line_num`; blank lines are skipped.
    """

    def __init__(self, handle: TextIO, wanted: list[Wanted], problems: Problems, example: str):
        self.line_num = 0
        self.wanted = wanted
        self.problems = problems
        self.example = example
        self._pieces = (piece for line in handle for piece in line.splitlines())
        self.seen_any = False

    def __iter__(self) -> JsonlReader:
        return self

    def __next__(self) -> list:
        for content in self._pieces:
            self.line_num += 1
            if not content.strip():
                continue
            self.seen_any = True
            values = self._values(content)
            if values is not None:
                return values
        raise StopIteration

    def _values(self, content: str) -> list | None:
        try:
            record = json.loads(content, parse_constant=_reject_constant)
        except (ValueError, RecursionError) as error:
            self.problems.add(self.line_num, f"not valid JSON: {_json_reason(error)}")
            return None
        if not isinstance(record, dict):
            self.problems.add(self.line_num, f"each line must be a JSON object such as {self.example}")
            return None
        values, missing = [], []
        keys = {str(key).lower(): key for key in record}
        for column in self.wanted:
            found = next((hit for hit in (lookup(record, n, keys) for n in column.names) if hit[0]), None)
            if found is None:
                missing.append(column.label)
            else:
                values.append(found[1])
        if missing:
            self.problems.add(self.line_num, f"missing column {names(missing)}")
            return None
        values[0] = text_of(values[0]) or ""
        return values


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def _json_reason(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return "nested too deeply"
    message = getattr(error, "msg", str(error))
    column = getattr(error, "colno", None)
    return f"{message} at column {column}" if column else message
