"""Hostile inputs shared by the reliability tests: generated answers files, raw bytes, odd text.

The generators aim at what breaks parsers and validators in practice: NaN and infinity (TOML
allows both), 1e308, negative, fractional and huge counts, empty strings, wrong types, unknown
keys, other schema versions, deep nesting, non-UTF-8 bytes and terminal escape sequences.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import tomllib
from pathlib import Path

import tomli_w
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tui.core.questions import BY_PATH

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "sample_answers").glob("*.toml"))
SAMPLE_DOCUMENTS = [tomllib.loads(path.read_text(encoding="utf-8")) for path in SAMPLES]


def fuzz(examples: int) -> settings:
    """Hypothesis settings for `examples` inputs, the same on every run (no example database)."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large],
    )


# Every leaf an answers file may hold, and a few that look right but are not.
KNOWN_PATHS = sorted(
    set(BY_PATH)
    | {
        "schema_version",
        "assessment.created_at",
        "assessment.updated_at",
        "data.learning_curve",
        "data.target_accuracy",
        "data.learning_curve_test_items",
    }
)
LOOKALIKE_PATHS = [
    "volume.calls_per_months",
    "volume.prompted.cost_per_call",
    "volume.Prompted.cost_per_call_usd",
    "stability.change_frequencies",
    "performance.p_value",
    "data.labelled",
    "assessment.title.text",
    "extra",
    "volume.prompted.cost_per_call_usd.value",
    "",
    " ",
    "ünïcødé.kéy",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;title\x07",
    "[link](http://example.com)",
]

ESCAPES = [
    "\x1b[31m",  # colour
    "\x1b[2J\x1b[H",  # clear screen, cursor home
    "\x1b]0;window title\x07",  # set the window title
    "\x1b]8;;http://example.com\x1b\\link\x1b]8;;\x1b\\",  # hyperlink
    "\x1bP+q\x1b\\",  # device control string
    "\x9b31m",  # 8-bit CSI
    "\x07\x08\r\x0b\x0c\x00\x7f",
    "\u202eevil\u202c",  # right-to-left override
    "\u200b\u2066",
]
MARKUP = [
    "[link](http://example.com)",
    "![image](http://example.com/x.png)",
    "<script>alert(1)</script>",
    "| a | b |",
    "||a||b||",
    "{code}x{code}",
    "{html}<b>x</b>{html}",
    "[~accountid:123]",
    "[http://example.com]",
    "*bold* _em_ -strike- +under+ ^sup^ ~sub~ ??cite??",
    "h1. heading",
    "# heading",
    "---",
    "- list",
    "1. list",
    "> quote",
    "`code`",
    "$x$",
    "@everyone",
    "[/]",
    "[bold red]x[/bold red]",
    "[link=http://example.com]x[/link]",
]

hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(ESCAPES + MARKUP),
    st.lists(st.sampled_from(ESCAPES + MARKUP + ["a", " ", "\n", "\t", "é", "漢", "🙂"]), max_size=8).map("".join),
)

special_floats = st.sampled_from(
    [
        math.nan,
        math.inf,
        -math.inf,
        1e308,
        -1e308,
        1.7976931348623157e308,
        5e-324,
        -0.0,
        0.0,
        -1.0,
        0.5,
        1e-12,
        1e12 + 1,
    ]
)
huge_integers = st.sampled_from([2**63 - 1, -(2**63), 2**64, 10**30, 10**300, -1, 0, 10**9 + 1])
hostile_scalars = st.one_of(
    special_floats,
    huge_integers,
    st.integers(),
    st.floats(),
    st.booleans(),
    st.just(""),
    hostile_text,
    st.sampled_from(["nan", "inf", "1e308", "40k", "$1,200", "5%", "weekly", "evaluated", "1", "0"]),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
    st.dates(),
    st.times(),
)


def hostile_values(depth: int = 3) -> st.SearchStrategy:
    """Scalars, and lists and tables of them nested a few levels."""
    return st.recursive(
        hostile_scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.sampled_from(["a", "examples", "accuracy", "x", "é"]), children, max_size=3),
        ),
        max_leaves=depth * 3,
    )


def put(document: dict, path: str, value: object) -> None:
    """Set a dotted path in a document, replacing whatever is in the way."""
    *tables, key = path.split(".")
    node = document
    for name in tables:
        if not isinstance(node.get(name), dict):
            node[name] = {}
        node = node[name]
    node[key] = value


def _leaves(document: dict, prefix: str = "") -> dict[str, object]:
    found: dict[str, object] = {}
    for key, value in document.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            found.update(_leaves(value, path + "."))
        else:
            found[path] = value
    return found


# What the samples answer at each path: swapping these between samples gives valid files too.
SAMPLE_VALUES: dict[str, list] = {}
for _document in SAMPLE_DOCUMENTS:
    for _path, _value in _leaves(_document).items():
        SAMPLE_VALUES.setdefault(_path, []).append(_value)


@st.composite
def hostile_documents(draw) -> dict:
    """A parsed answers document: a real sample, or nothing, with hostile (or borrowed) values put in."""
    base = draw(st.sampled_from([{}] + SAMPLE_DOCUMENTS))
    document = copy.deepcopy(base)
    # A third of the documents only mix answers between samples, so that many stay valid and
    # their reports can be checked against the file; the rest get hostile values too.
    mixed_only = draw(st.integers(0, 2)) == 0
    for _ in range(draw(st.integers(1, 6))):
        if mixed_only:
            path = draw(st.sampled_from(sorted(SAMPLE_VALUES)))
            put(document, path, draw(st.sampled_from(SAMPLE_VALUES[path])))
            continue
        path = draw(st.one_of(st.sampled_from(KNOWN_PATHS), st.sampled_from(LOOKALIKE_PATHS)))
        if not path.strip():
            path = "blank"
        if path in SAMPLE_VALUES and draw(st.booleans()):
            put(document, path, draw(st.sampled_from(SAMPLE_VALUES[path])))
        else:
            put(document, path, draw(hostile_values()))
    if not mixed_only and draw(st.integers(0, 9)) == 0:
        document["schema_version"] = draw(st.sampled_from([0, 2, -1, 1.0, "1", True, 10**20, [1]]))
    return document


def toml_text(document: dict) -> str | None:
    """The document as TOML text, or None when TOML cannot express it (a None inside a list)."""
    try:
        return tomli_w.dumps(document)
    except (TypeError, ValueError):
        return None


@st.composite
def mutated_samples(draw) -> bytes:
    """A sample answers file with bytes replaced, inserted or cut, as a careless edit does."""
    data = bytearray(draw(st.sampled_from(SAMPLES)).read_bytes())
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["replace", "insert", "cut"]))
        if action == "replace":
            data[position] = draw(st.integers(0, 255))
        elif action == "insert":
            data[position:position] = draw(
                st.binary(min_size=1, max_size=8)
                | st.sampled_from([b"=", b"[", b"]", b'"', b"\n", b"nan", b"inf", b"\xff"])
            )
        else:
            del data[position : position + draw(st.integers(1, 40))]
    return bytes(data)


raw_files = st.one_of(st.binary(max_size=2_000), mutated_samples())


def corpus() -> dict[str, bytes]:
    """Hand-made hostile files, each aimed at one way a reader can fail, hang or run out of memory."""
    sample = SAMPLES[0].read_bytes()
    files = {
        "empty file": b"",
        "only whitespace": b" \n\t\r\n",
        "ten megabytes of comment": b"#" + b"x" * 10_000_000,
        "ten megabytes of valid keys": sample + b"".join(b"k%d = %d\n" % (i, i) for i in range(700_000)),
        "non-UTF-8 (Latin-1) title": b'[assessment]\ntitle = "caf\xe9"\n',
        "UTF-16 with a byte order mark": "schema_version = 1\n".encode("utf-16"),
        "UTF-8 byte order mark": b"\xef\xbb\xbf" + sample,
        "NUL bytes": b"schema_version = 1\x00\n",
        "Windows line endings": sample.replace(b"\n", b"\r\n"),
        "bare carriage returns": sample.replace(b"\n", b"\r"),
        "100,000-part dotted key": b"a" + b".a" * 100_000 + b" = 1\n",
        "100-part table header": b"[" + b"a." * 100 + b"a]\n",
        "5,000 nested arrays": b"x = " + b"[" * 5_000 + b"]" * 5_000 + b"\n",
        "5,000 nested inline tables": b"x = " + b"{a = " * 5_000 + b"1" + b"}" * 5_000 + b"\n",
        "20 nested tables": b"[" + b".".join([b"t"] * 20) + b"]\nx = 1\n",
        "10,000 unknown keys": b"".join(b"[t%d]\nx = 1\n" % i for i in range(10_000)),
        "integer of 5,000 digits": b"[volume]\ncalls_per_month = " + b"9" * 5_000 + b"\n",
        "hex integer of 5,000 digits": b"[volume]\ncalls_per_month = 0x" + b"f" * 5_000 + b"\n",
        "float of 5,000 digits": b"[volume]\ncalls_per_month = 1." + b"1" * 5_000 + b"\n",
        "nan everywhere": b"[volume]\ncalls_per_month = nan\n[volume.prompted]\ncost_per_call_usd = nan\n[data]\nlabelled_examples = nan\n",
        "infinity everywhere": b"[volume]\ncalls_per_month = inf\n[volume.fine_tuned]\ncost_per_call_usd = -inf\n[performance]\nalpha = +inf\n",
        "1e308 and beyond": b"[volume]\ncalls_per_month = 1e308\n[volume.prompted]\ncost_per_call_usd = 1e309\n",
        "negative and fractional counts": b"[data]\nlabelled_examples = -5\naudited_examples = 2.5\n",
        "empty strings": b'[assessment]\ntitle = ""\n[stability]\nchange_frequency = ""\n[performance]\nstatus = ""\n',
        "wrong types": b'[volume]\ncalls_per_month = "40k"\n[performance]\ngap_is_critical = "yes"\nboth_correct = true\n',
        "tables where numbers belong": b"[volume.calls_per_month]\nx = 1\n",
        "numbers where tables belong": b"volume = 5\nstability = [1, 2]\n",
        "array of tables where a table belongs": b"[[volume]]\ncalls_per_month = 1\n",
        "datetime where a number belongs": b"[volume]\ncalls_per_month = 1979-05-27T07:32:00Z\n",
        "schema_version 0": b"schema_version = 0\n",
        "schema_version 2": b"schema_version = 2\n",
        "schema_version as text": b'schema_version = "1"\n',
        "schema_version as a huge number": b"schema_version = 99999999999999999999\n",
        "duplicate table": b"[volume]\ncalls_per_month = 1\n[volume]\ncalls_per_month = 2\n",
        "unterminated string": b'[assessment]\ntitle = "never closed\n',
        "unterminated multi-line string": b'[assessment]\nnotes = """never closed\n' + b"x\n" * 1000,
        "escape sequences in keys": b'"\\u001b]0;PWNED\\u0007" = 1\n["\\u001b[31m"]\nx = 1\n',
        "escape sequences in values": b'[assessment]\ntitle = "\\u001b]0;PWNED\\u0007\\u001b[2J"\nnotes = "\\u009b31m\\u202eevil"\n',
        "markup in keys": b'["[bold]x[/bold]"]\n"[link=http://example.com]y[/link]" = 1\n',
        "notes of 20,001 characters": b'[assessment]\nnotes = "' + b"x" * 20_001 + b'"\n',
        "learning curve of 1,000 points": b"".join(
            b"[[data.learning_curve]]\nexamples = %d\naccuracy = 0.5\n" % (i + 1) for i in range(1_000)
        ),
        "learning curve as a number": b"[data]\nlearning_curve = 5\n",
        "only a comment": b"# nothing here\n",
        "binary noise": bytes(range(256)) * 4,
    }
    return files
