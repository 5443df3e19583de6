"""Whatever is typed or pasted into an answer becomes the number meant, or an error: never another number.

Each generated text goes into the form logic the wizard uses (tui.core.form), for every
question that takes a number. When the form accepts it, the value must equal what an
independent reading here says the person meant; when that reading finds no clear number
(a decimal comma, two numbers pasted from a sheet), the form must refuse it with a message.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

import pytest
from hostile import ESCAPES, fuzz
from hypothesis import given
from hypothesis import strategies as st

from tui.core import humane
from tui.core.form import Form
from tui.core.questions import QUESTIONS

NUMERIC = [q for q in QUESTIONS if q.kind in humane.ACCEPTED]
TEXTUAL = [q for q in QUESTIONS if q.kind in ("text", "notes")]
SCALES = {"k": 10**3, "m": 10**6, "mm": 10**6, "b": 10**9, "bn": 10**9}
INTEGER = r"[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d?(?:,\d{2})+,\d{3}|[1-9]\d{0,2}(?: \d{3})+|\d+"
NUMBER = re.compile(rf"([+-]?)({INTEGER})?(\.\d*)?(e[+-]?\d+)?", re.IGNORECASE)


def meant(text: str, kind: str) -> Decimal | None:
    """The number a person means by `text` for an answer of `kind`, or None if it is not clearly one."""
    body = re.sub(
        r"(?<=\d)_(?=\d)", "", text.strip().replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    )
    percent = False
    if kind in ("money", "price"):
        body = re.sub(r"^(?:us\$|\$|usd)\s*", "", body, flags=re.IGNORECASE)
        body = re.sub(r"\s*(?:usd|\$)$", "", body, flags=re.IGNORECASE)
    if kind == "rate" and body.endswith("%"):
        body, percent = body[:-1].rstrip(), True
    if kind == "points":
        body = re.sub(r"\s*(?:pp|%|points?)$", "", body, flags=re.IGNORECASE)
    scale = 1
    scaled = re.fullmatch(r"(.*?)\s*(k|mm|m|bn|b)", body, flags=re.IGNORECASE)
    if scaled and kind in ("money", "count", "number") and NUMBER.fullmatch(scaled.group(1)):
        body, scale = scaled.group(1), SCALES[scaled.group(2).lower()]
    number = NUMBER.fullmatch(body)
    if number is None or not re.search(r"\d", (number.group(2) or "") + (number.group(3) or "")):
        return None
    sign, integer, fraction, exponent = (group or "" for group in number.groups())
    digits = re.sub(r"[, ]", "", integer) or "0"
    try:
        value = Decimal(f"{sign}{digits}{fraction if fraction != '.' else ''}{exponent}") * scale
    except InvalidOperation:
        return None
    return value / 100 if percent else value


def value_at(form: Form, path: str):
    node = form.document().to_document()
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def form_for(question) -> Form:
    """An empty form with the way of entering that shows this question switched on."""
    form = Form()
    if question.group:
        scope, mode = question.group.split(":")
        form.set_mode(scope, mode)
    return form


digit = st.sampled_from("0123456789")
digits = st.text(digit, min_size=1, max_size=7)


@st.composite
def number_like(draw) -> str:
    """Text shaped like the numbers people paste: groups, decimals, signs, currency, units."""
    integer = draw(
        st.one_of(
            digits,
            st.builds(lambda a, b: f"{a},{b}", digits, digits),
            st.builds(lambda a, b, c: f"{a},{b},{c}", digits, digits, digits),
            st.builds(lambda a, b: f"{a} {b}", digits, digits),
            st.builds(lambda a, b: f"{a}\u00a0{b}", digits, digits),
            st.builds(lambda a, b: f"{a}_{b}", digits, digits),
            st.just(""),
        )
    )
    fraction = draw(
        st.one_of(st.just(""), st.builds(lambda d: f".{d}", digits), st.builds(lambda d: f",{d}", digits), st.just("."))
    )
    exponent = draw(
        st.one_of(st.just(""), st.builds(lambda s, d: f"e{s}{d}", st.sampled_from(["", "+", "-"]), st.integers(0, 400)))
    )
    sign = draw(st.sampled_from(["", "", "-", "+", "−"]))
    prefix = draw(st.sampled_from(["", "", "$", "$ ", "US$", "usd ", "€"]))
    suffix = draw(
        st.sampled_from(
            ["", "", "k", "K", " k", "m", "M", "mm", "bn", "b", "%", " %", "pp", " points", "USD", "$", "kk", "x"]
        )
    )
    padding = draw(st.sampled_from(["", " ", "\t", "\n"]))
    return f"{padding}{prefix}{sign}{integer}{fraction}{exponent}{suffix}{padding}"


pasted = st.one_of(
    number_like(),
    st.text(max_size=30),
    st.text(st.characters(categories=["Nd", "Pd", "Po", "Zs", "Sc"]), max_size=12),
    st.sampled_from(
        [
            "nan",
            "NaN",
            "inf",
            "-inf",
            "infinity",
            "1e308",
            "1e309",
            "-1e308",
            "1e-400",
            "-0",
            "0x10",
            "0b1",
            "1_000",
            "٣",
            "１２",
            "²",
            "",
            " ",
            "9" * 400,
            "0,03",
            "1,5",
            "1.234,56",
            "0.03\t120",
            "0.03 120",
            "12,34",
            "1,00,000",
            "0,500",
            "5.",
            ".5",
            "+.5e1",
            "5e",
            "e5",
            "--5",
            "5-",
            "(5)",
            "1/2",
            "50%",
            "0.5%",
            "100%",
            "200%",
        ]
        + ESCAPES
    ),
)


def test_pasted_numbers_become_the_number_meant_or_an_error(record_property):
    tried = {"texts": 0, "accepted": 0}

    @fuzz(2_500)
    @given(st.sampled_from(NUMERIC), pasted)
    def property(question, text: str) -> None:
        tried["texts"] += 1
        form = form_for(question)
        form.set(question.path, text)
        evaluation = form.evaluate()
        assert form.raw.get(question.path, "") == text, "the text is kept exactly as typed"
        if question.path in evaluation.errors:
            assert evaluation.errors[question.path].strip()
            assert value_at(form, question.path) is None or question.optional
            return
        value = value_at(form, question.path)
        expected = meant(text, question.kind)
        if not text.strip():
            return
        assert expected is not None, (
            f"{text!r} was read as {value!r} for {question.path}, but it is not clearly a number"
        )
        tried["accepted"] += 1
        assert isinstance(value, (int, float)) and math.isfinite(value)
        assert math.isclose(value, float(expected), rel_tol=1e-9, abs_tol=1e-300), (text, value, expected)

    property()
    assert tried["accepted"] > 100
    record_property("reliability", {"row": "form_texts", "count": tried["texts"], "runs": tried["texts"]})


def test_text_answers_keep_every_character_typed(record_property):
    tried = {"texts": 0}

    @fuzz(400)
    @given(st.sampled_from(TEXTUAL), st.text(max_size=300) | st.sampled_from(ESCAPES))
    def property(question, text: str) -> None:
        tried["texts"] += 1
        form = Form()
        form.set(question.path, text)
        evaluation = form.evaluate()
        assert form.raw.get(question.path, "") == text
        if question.path not in evaluation.errors and text.strip():
            assert value_at(form, question.path) == text

    property()
    record_property("reliability", {"row": "form_texts", "count": tried["texts"], "runs": tried["texts"]})


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("40,000", "count", 40_000),
        ("1,00,000", "count", 100_000),
        ("40 000", "count", 40_000),
        ("40\u202f000", "count", 40_000),
        ("$1,200.50", "money", 1200.5),
        ("US$ 1 200", "money", 1200),
        ("1,234.5", "number", 1234.5),
        ("1.5M", "number", 1_500_000),
        ("5 %", "rate", 0.05),
    ],
)
def test_grouped_numbers_from_spreadsheets_are_read_in_full(text, kind, value):
    assert humane.parse(text, kind) == value


@pytest.mark.parametrize(
    "text, kind",
    [
        ("0,03", "price"),  # a decimal comma: reading 3 would be 100 times too much
        ("1,5", "number"),
        ("1.234,56", "money"),
        ("12,34", "money"),
        ("0,500", "number"),
        ("0.03 120", "price"),  # two cells pasted from one row
        ("1234 567", "count"),
        ("1\u00a05", "count"),
        ("1,2,3", "count"),
        ("0_1,000", "number"),
    ],
)
def test_a_number_that_could_be_read_two_ways_is_refused_with_what_is_accepted(text, kind):
    with pytest.raises(humane.NotANumber) as refusal:
        humane.parse(text, kind)
    assert humane.ACCEPTED[kind] in str(refusal.value)
