"""SPEC §7 and the ticket formats: the JSON keys, nulls, and escaping of hostile user text."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from conftest import DELETE, SPEC_JSON_KEYS, json_path

from tui.core import exports, markup
from tui.core.assess import assess

HOSTILE_TITLE = (
    "Evil | title [x](http://evil) {code}rm -rf{code} \x1b[31mRED\x1b]0;pwned\x07 *b* _u_ "
    "<script>alert(1)</script> ![i](http://evil/i.png) \x9b31m"
)
HOSTILE_OWNER = "[~admin] | {color:red}boss{color} \x1b[2J"
HOSTILE_NOTES = (
    "| a | b |\n|---|---|\n[x](http://evil)\n{code}x{code}\n{noformat}\n\x1b[31mred\x1b[0m\n"
    "\x1b]8;;http://evil\x07link\x1b]8;;\x07\n----\nh1. Big\n# heading\n- item\n<img src=x onerror=alert(1)>\r\nend"
)
CONTROL_CHARACTERS = ("\x1b", "\x07", "\x9b", "\x00", "\r")


def hostile_result(answers_with, **changes):
    base = {
        "assessment.title": HOSTILE_TITLE,
        "assessment.owner": HOSTILE_OWNER,
        "assessment.notes": HOSTILE_NOTES,
    }
    base.update(changes)
    return assess(answers_with(base))


def unescaped(text: str, characters: str) -> int:
    """How many of `characters` in `text` are not escaped by a backslash."""
    found, escaped = 0, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in characters:
            found += 1
    return found


def markdown_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ")]


def jira_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|")]


def strict_json(text: str) -> dict:
    def refuse(name):
        raise AssertionError(f"{name} in JSON output")

    return json.loads(text, parse_constant=refuse)


# Control characters ----------------------------------------------------------------------------


@pytest.mark.parametrize("format", exports.FORMATS)
def test_no_terminal_control_character_survives_in_any_format(answers_with, format):
    output = exports.render(hostile_result(answers_with), format)
    for char in CONTROL_CHARACTERS:
        assert char not in output, (format, repr(char))
    assert "\\u001b" not in output
    assert "[31m" not in output
    assert "pwned" not in output  # an OSC title sequence is removed whole


def test_strip_control_removes_sequences_but_keeps_the_visible_text():
    assert exports.strip_control("\x1b[1;31mRED\x1b[0m plain") == "RED plain"
    assert exports.strip_control("a\x1b]0;title\x07b") == "ab"
    assert exports.strip_control("a\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\b") == "alinkb"
    assert exports.strip_control("one\ntwo", keep_newlines=False) == "one two"


def test_text_report_shows_the_title_without_escape_sequences(answers_with):
    output = exports.render_text(hostile_result(answers_with))
    first = output.splitlines()[0]
    assert "RED" in first
    assert "Evil | title" in first


# Markdown --------------------------------------------------------------------------------------


def test_markdown_table_rows_keep_their_columns_with_a_hostile_title(answers_with):
    plain = exports.render_markdown(assess(answers_with()))
    hostile = exports.render_markdown(hostile_result(answers_with))
    assert len(markdown_rows(hostile)) == len(markdown_rows(plain)) > 5
    assert [unescaped(row, "|") for row in markdown_rows(hostile)] == [
        unescaped(row, "|") for row in markdown_rows(plain)
    ]


def test_markdown_has_no_link_image_or_html_from_user_text(answers_with):
    output = exports.render_markdown(hostile_result(answers_with))
    assert unescaped(output, "[]") == 0
    assert "](" not in output.replace("\\](", "")
    assert "<script" not in output.replace("\\<script", "")
    assert "<img" not in output.replace("\\<img", "")
    assert "\\<script>" in output, "shown as typed, escaped by a backslash"
    assert "&lt;" not in output and "&amp;" not in output, "no HTML entities"


def test_markdown_user_lines_cannot_start_a_table_heading_or_list(answers_with):
    output = exports.render_markdown(hostile_result(answers_with))
    notes = output.split("### Notes", 1)[1].strip().splitlines()
    assert len(notes) == len(HOSTILE_NOTES.replace("\r\n", "\n").split("\n"))
    for line in notes:
        assert unescaped(line, "|") == 0, line
        assert not line.startswith(("#", "- ", "----", "|")), line


def test_markdown_title_is_a_single_heading_line(answers_with):
    output = exports.render_markdown(hostile_result(answers_with, **{"assessment.title": "one\ntwo"}))
    assert output.splitlines()[0].startswith("## ")
    assert "two" in output.splitlines()[0]


def test_markdown_escape_of_a_link():
    escaped = markup.markdown_text("[x](http://evil)", user=True)
    assert unescaped(escaped, "[]") == 0
    assert "x" in escaped and "evil" in escaped
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("gfm-like").parseInline(escaped)[0].children
    assert not any(token.type == "link_open" for token in tokens)


# Jira ------------------------------------------------------------------------------------------


def test_jira_table_rows_keep_their_columns_with_a_hostile_title(answers_with):
    plain = exports.render_jira(assess(answers_with()))
    hostile = exports.render_jira(hostile_result(answers_with))
    assert jira_rows(hostile)[0] == "||Figure||Value||"
    assert len(jira_rows(hostile)) == len(jira_rows(plain)) > 5
    assert [unescaped(row, "|") for row in jira_rows(hostile)] == [unescaped(row, "|") for row in jira_rows(plain)]


def test_jira_has_no_macro_link_or_mention_from_user_text(answers_with):
    output = exports.render_jira(hostile_result(answers_with))
    assert unescaped(output, "{}[]") == 0
    assert "{code}" not in output
    assert "[~admin]" not in output


def test_jira_user_lines_cannot_start_a_table_rule_or_list(answers_with):
    output = exports.render_jira(hostile_result(answers_with))
    notes = output.split("h3. Notes", 1)[1].strip().splitlines()
    for line in notes:
        assert unescaped(line, "|") == 0, line
        # ("h1. Big" at the start of a notes line still renders as a heading; that only restyles the notes)
        assert not line.startswith(("----", "|", "#", "*", "{")), line


def test_jira_title_heading_is_escaped(answers_with):
    first = exports.render_jira(hostile_result(answers_with)).splitlines()[0]
    assert first.startswith("h2. ")
    assert unescaped(first, "{}[]|") == 0


def test_jira_lists_missing_answers_as_monospace_paths(answers_with):
    output = exports.render_jira(assess(answers_with({"volume.calls_per_month": DELETE})))
    assert "{{volume.calls_per_month}}" in output


# JSON ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"volume.calls_per_month": DELETE},
        {"performance.status": "not_evaluated"},
        {"performance.cost_per_error_usd": 0.5},
    ],
)
def test_json_has_every_spec_key_at_its_nested_place_with_its_type(answers_with, changes):
    report = strict_json(exports.render_json(assess(answers_with(changes))))
    for path, types in SPEC_JSON_KEYS.items():
        value = json_path(report, path)
        assert isinstance(value, types), (path, value)
        if isinstance(value, float):
            assert math.isfinite(value)


def test_json_of_empty_answers_has_every_spec_key(answers_with):
    report = strict_json(exports.render_json(assess(answers_with(base={}))))
    for path in SPEC_JSON_KEYS:
        json_path(report, path)
    assert report["recommendation"] == "incomplete"
    assert "volume.calls_per_month" in report["missing"]
    for name in (
        "payback_months",
        "crossover_calls",
        "breakeven_calls_per_month",
        "net_saving_usd_over_horizon",
        "upfront_cost_usd",
        "per_call_saving_usd",
    ):
        assert report["economics"][name] is None
    assert report["economics"]["horizon_months"] == 12


def test_json_keys_are_not_flattened(answers_with):
    report = strict_json(exports.render_json(assess(answers_with())))
    assert "payback_months" not in report
    assert "band" not in report
    assert set(report["steps"]) >= {"volume", "stability", "data", "performance"}


def test_json_round_trips_through_json_loads(answers_with):
    result = assess(answers_with({"performance.cost_per_error_usd": 0.5}))
    assert strict_json(exports.render_json(result)) == exports.to_dict(result)


def test_json_baseline_figures(answers_with):
    report = strict_json(exports.render_json(assess(answers_with())))
    assert report["recommendation"] == "fine_tuning"
    assert report["missing"] == []
    assert report["steps"]["volume"]["band"] == "high"
    assert report["steps"]["stability"]["band"] == "stable"
    assert report["steps"]["data"]["band"] == "sufficient"
    performance = report["steps"]["performance"]
    assert performance["status"] == "evaluated"
    assert performance["prompted_accuracy"] == pytest.approx(0.82)
    assert performance["fine_tuned_accuracy"] == pytest.approx(0.88)
    assert performance["significant"] is True and performance["meaningful"] is True
    assert performance["favours"] == "fine_tuning"
    e = report["economics"]
    assert e["prompted_cost_per_call_usd"] == 0.03
    assert e["fine_tuned_cost_per_call_usd"] == 0.006
    assert e["per_call_saving_usd"] == pytest.approx(0.024)
    assert e["per_call_saving_with_errors_usd"] is None
    assert e["upfront_cost_usd"] == 1200
    assert e["crossover_calls"] == 50_000 and isinstance(e["crossover_calls"], int)
    assert e["annual_maintenance_tax_usd"] == 1400
    assert e["payback_months"] == pytest.approx(1200 / (2400 - 500 - 1400 / 12))
    assert e["breakeven_calls_per_month"] == pytest.approx((100 + 500 + 1400 / 12) / 0.024)
    assert e["net_saving_usd_over_horizon"] == pytest.approx(20_200)
    assert e["horizon_months"] == 12
    assert report["reasons"] and all(isinstance(item, str) for item in report["reasons"])
    assert all(isinstance(item, str) for item in report["cautions"])


def test_json_uses_null_for_figures_that_never_come(answers_with):
    report = strict_json(exports.render_json(assess(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.05}))))
    e = report["economics"]
    assert e["per_call_saving_usd"] == pytest.approx(-0.02)
    assert e["crossover_calls"] is None
    assert e["payback_months"] is None
    assert e["breakeven_calls_per_month"] is None
    assert e["net_saving_usd_over_horizon"] == pytest.approx(12 * (100_000 * -0.02 - 500) - 1400 - 1200)


def test_json_uses_null_not_infinity_for_a_payback_too_far_to_represent(answers_with):
    changes = {
        "volume.calls_per_month": 1e-300,
        "volume.prompted.cost_per_call_usd": 1e-10,
        "volume.fine_tuned.cost_per_call_usd": 0.0,
        "volume.fine_tuned.hosting_usd_per_month": DELETE,
        "stability": {"change_frequency": "rarely"},
    }
    output = exports.render_json(assess(answers_with(changes)))
    assert "Infinity" not in output and "NaN" not in output
    assert strict_json(output)["economics"]["payback_months"] is None


def test_json_label_audit_upper_bound_and_null_without_an_audit(answers_with):
    report = strict_json(exports.render_json(assess(answers_with())))
    assert 0.02 < report["steps"]["data"]["label_error_upper"] < 0.04
    report = strict_json(
        exports.render_json(
            assess(answers_with({"data.audited_examples": DELETE, "data.mislabelled_in_audit": DELETE}))
        )
    )
    assert report["steps"]["data"]["label_error_upper"] is None


def test_json_unevaluated_gap_has_null_statistics(answers_with):
    report = strict_json(exports.render_json(assess(answers_with({"performance.status": "not_evaluated"}))))
    performance = report["steps"]["performance"]
    assert performance["status"] == "not_evaluated"
    for name in ("prompted_accuracy", "fine_tuned_accuracy", "p_value", "significant", "meaningful", "favours"):
        assert performance[name] is None, name
    assert report["recommendation"] == "evaluate_first"


def test_json_title_is_stripped_of_control_characters(answers_with):
    report = strict_json(exports.render_json(hostile_result(answers_with)))
    assert "\x1b" not in report["title"] and "\x07" not in report["title"]
    assert "RED" in report["title"]


# Every format ----------------------------------------------------------------------------------


@pytest.mark.parametrize("format", exports.FORMATS)
@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"volume.calls_per_month": DELETE},
        {"volume.fine_tuned.cost_per_call_usd": 0.05},
        {"performance.status": "not_evaluated"},
        {"data.mislabelled_in_audit": 200},
    ],
)
def test_every_format_names_the_recommendation(answers_with, format, changes):
    result = assess(answers_with(changes))
    output = exports.render(result, format)
    assert output.endswith("\n")
    label = exports.LABELS[result.recommendation] if format != "json" else result.recommendation
    assert label in output


def test_text_report_lists_the_key_figures(answers_with):
    output = exports.render_text(assess(answers_with()))
    assert "Recommendation: fine-tuning" in output
    assert "50,000 calls" in output  # crossover
    assert "$1,200" in output  # upfront
    assert "$20,200" in output  # net saving


def test_text_report_says_never_for_a_payback_that_never_comes(answers_with):
    output = exports.render_text(assess(answers_with({"volume.fine_tuned.cost_per_call_usd": 0.05})))
    payback = next(line for line in output.splitlines() if line.strip().startswith("Payback"))
    assert "never" in payback


def test_text_report_shows_both_paybacks_when_errors_have_a_cost(answers_with):
    output = exports.render_text(assess(answers_with({"performance.cost_per_error_usd": 0.5})))
    assert "with cost of errors" in output
    assert "without cost of errors" in output


@pytest.mark.parametrize("format", exports.FORMATS)
def test_every_format_survives_a_vanishingly_small_per_call_saving(answers_with, format):
    changes = {"volume.prompted.cost_per_call_usd": 1e-310, "volume.fine_tuned.cost_per_call_usd": 0.0}
    result = assess(answers_with(changes))
    output = exports.render(result, format)
    assert result.recommendation == "prompting"  # never pays back within the horizon
    assert "Infinity" not in output


SAMPLE_FILES = sorted((Path(__file__).resolve().parents[1] / "sample_answers").glob("*.toml"))


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda path: path.stem)
def test_the_upfront_crossover_is_the_same_figure_in_the_table_and_in_the_reasons(sample):
    from tui.core.storage import load

    text = exports.render(assess(load(sample)), "markdown")
    table = re.search(r"\| Upfront cost alone earned back after \| (.+?) \(before maintenance", text)
    sentence = re.search(r"upfront cost (?:alone is earned back after|would take) (.+? calls)", text)
    if table is None or sentence is None:
        assert table is None or "calls" not in table.group(1)  # nothing to earn back, or not answered yet
        return
    assert table.group(1) == sentence.group(1)


def test_a_crossover_is_rounded_up_as_the_calls_after_which_the_upfront_cost_is_earned_back():
    from tui.core import fmt

    assert fmt.calls_after(2_033_795) == "2.04M calls"
    assert fmt.calls_after(50_000) == "50,000 calls"
    assert fmt.calls_after(None, missing="never") == "never"


def test_dollar_amounts_show_cents_only_where_there_are_some():
    from tui.core import fmt

    assert [fmt.money(v) for v in (21, 12.5, 99.999, 1_440, 0.35, -21)] == [
        "$21",
        "$12.50",
        "$100",
        "$1,440",
        "$0.35",
        "-$21",
    ]
    from tui.core.storage import load

    sample = Path(__file__).resolve().parents[1] / "sample_answers" / "prompting_payback_beyond_horizon.toml"
    text = exports.render(assess(load(sample)), "markdown")
    assert "retrain compute $21 + re-evaluation $300 + engineering $720" in text


def test_an_annual_change_is_one_change_a_year():
    from tui.core.storage import load

    sample = Path(__file__).resolve().parents[1] / "sample_answers" / "fix_data_first_noisy_labels.toml"
    text = exports.render(assess(load(sample)), "text")
    assert "annual (1 change a year)" in text and "1 changes" not in text
