"""`tune-or-prompt gap` and the gap's interval in every report format."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest
from statsmodels.stats import proportion as smp

from tui.cli import main
from tui.core import intervals
from tui.core.assess import assess, gap_verdict
from tui.core.exports import render, to_dict
from tui.core.storage import load, load_text

BINARY_CSV = "id,prompted,fine_tuned\n" + "".join(
    f"q{i},{p},{t}\n" for i, (p, t) in enumerate([(1, 1)] * 30 + [(1, 0)] * 4 + [(0, 1)] * 11 + [(0, 0)] * 5)
)

ANSWERS = """\
[assessment]
title = "Routing"

[volume]
calls_per_month = 50000

[performance]
status = "not_evaluated"
alpha = 0.1
min_meaningful_difference_pp = 5.0
test_items = 80
prompted_correct = 60
fine_tuned_correct = 66
"""


@pytest.fixture
def binary_csv(tmp_path):
    path = tmp_path / "results.csv"
    path.write_text(BINARY_CSV)
    return path


def test_gap_prints_counts_interval_and_verdict(binary_csv, capsys):
    assert main(["gap", str(binary_csv)]) == 0
    out = capsys.readouterr().out
    assert "Both correct" in out and "30" in out
    assert "Only fine-tuned correct" in out and "11" in out
    assert "Tango score interval" in out
    assert "Verdict on the gap" in out
    assert "items needed" in out.lower()


def test_gap_json_matches_the_statistics(binary_csv, capsys):
    assert main(["gap", str(binary_csv), "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["counts"] == {
        "both_correct": 30,
        "only_prompted_correct": 4,
        "only_fine_tuned_correct": 11,
        "both_wrong": 5,
    }
    low, high = intervals.tango_interval(11, 4, 50)
    performance = figures["performance"]
    assert (performance["difference_ci_low"], performance["difference_ci_high"]) == pytest.approx(
        (low, high), rel=1e-12
    )
    assert performance["fine_tuned_accuracy"] == pytest.approx(41 / 50)
    assert len(figures["disagreeing_items"]) == 15


def test_gap_with_replace_writes_paired_counts_over_unpaired_ones_and_keeps_other_answers(binary_csv, tmp_path, capsys):
    answers = tmp_path / "task.toml"
    answers.write_text(ANSWERS)
    assert main(["gap", str(binary_csv), "--answers", str(answers), "--replace"]) == 0
    saved = tomllib.loads(answers.read_text())
    performance = saved["performance"]
    assert performance["status"] == "evaluated"
    assert (performance["both_correct"], performance["only_prompted_correct"]) == (30, 4)
    assert (performance["only_fine_tuned_correct"], performance["both_wrong"]) == (11, 5)
    assert not {"test_items", "prompted_correct", "fine_tuned_correct"} & set(performance)
    assert saved["assessment"]["title"] == "Routing" and saved["volume"]["calls_per_month"] == 50000
    assert performance["alpha"] == 0.1 and performance["min_meaningful_difference_pp"] == 5.0
    load(answers)  # still a valid assessment
    out = capsys.readouterr().out
    assert "alpha 0.1" in out and "5 pp" in out


def test_gap_refuses_to_replace_counts_already_in_the_file_without_replace(binary_csv, tmp_path, capsys):
    answers = tmp_path / "task.toml"
    answers.write_text(ANSWERS)
    assert main(["gap", str(binary_csv), "--answers", str(answers)]) == 1
    captured = capsys.readouterr()
    assert answers.read_text() == ANSWERS
    assert str(answers.absolute()) in captured.err and "--replace" in captured.err
    assert (
        "test_items = 80" in captured.err
        and "prompted_correct = 60" in captured.err
        and "fine_tuned_correct = 66" in captured.err
    )
    assert captured.out == ""


def test_gap_writes_counts_into_a_file_without_counts_and_keeps_its_comments(binary_csv, tmp_path, capsys):
    answers = tmp_path / "task.toml"
    text = "# Routing support tickets\n[volume]\ncalls_per_month = 50_000  # from the gateway logs\n"
    answers.write_text(text)
    assert main(["gap", str(binary_csv), "--answers", str(answers)]) == 0
    saved = answers.read_text()
    assert saved.startswith(text)
    assert load(answers).performance.both_correct == 30
    assert f"Wrote the paired counts to {answers}" in capsys.readouterr().err


def test_gap_creates_a_missing_answers_file(binary_csv, tmp_path):
    answers = tmp_path / "new.toml"
    assert main(["gap", str(binary_csv), "--answers", str(answers)]) == 0
    assert load(answers).performance.both_correct == 30


def test_a_bad_results_file_names_its_line_and_changes_nothing(tmp_path, capsys):
    results = tmp_path / "bad.csv"
    results.write_text("id,prompted,fine_tuned\nq1,1,0\nq2,1,maybe\nq1,0,0\n")
    answers = tmp_path / "task.toml"
    answers.write_text(ANSWERS)
    assert main(["gap", str(results), "--answers", str(answers), "--replace"]) == 1
    captured = capsys.readouterr()
    assert f"{results}:3:" in captured.err and "'maybe'" in captured.err
    assert f"{results}:4:" in captured.err and "duplicate id" in captured.err
    assert "Traceback" not in captured.err and captured.out == ""
    assert answers.read_text() == ANSWERS


def test_installed_command_reports_a_bad_line_without_a_traceback(tmp_path):
    results = tmp_path / "bad.jsonl"
    results.write_text('{"id": 1, "prompted": 1, "fine_tuned": 1}\n{"id": 2, "prompted": 1}\n')
    run = subprocess.run([sys.executable, "-m", "tui", "gap", str(results)], capture_output=True, text=True)
    assert run.returncode == 1
    assert f"{results}:2: missing column 'fine_tuned'" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    "arguments",
    [
        ["gap"],
        ["gap", "x.csv", "--replace"],
        ["gap", "x.csv", "--threshold", "high"],
        ["gap", "x.csv", "--format", "xml"],
        ["gap", "x.csv", "--threshold", "nan"],
    ],
)
def test_usage_errors_exit_2(arguments, capsys):
    assert main(arguments) == 2


def test_scores_need_a_threshold_before_counts_are_written(tmp_path, capsys):
    results = tmp_path / "rubric.csv"
    results.write_text("id,prompted,fine_tuned\na,3,4\nb,4,4\nc,2,4\nd,5,4\ne,3,5\n")
    answers = tmp_path / "task.toml"
    assert main(["gap", str(results), "--answers", str(answers)]) == 2
    assert "--threshold" in capsys.readouterr().err and not answers.exists()
    assert main(["gap", str(results), "--answers", str(answers), "--threshold", "4"]) == 0
    performance = load(answers).performance
    assert (performance.both_correct, performance.only_prompted_correct) == (2, 0)
    assert (performance.only_fine_tuned_correct, performance.both_wrong) == (3, 0)


def test_scores_get_a_paired_t_interval_and_an_exact_permutation_p_value(tmp_path, capsys):
    from scipy import stats as sps

    prompted, tuned = [3, 4, 2, 5, 4, 3, 3, 4, 2, 5], [4, 4, 3, 5, 5, 3, 4, 4, 3, 4]
    results = tmp_path / "rubric.jsonl"
    results.write_text(
        "".join(
            json.dumps({"id": i, "prompted": p, "fine_tuned": t}) + "\n"
            for i, (p, t) in enumerate(zip(prompted, tuned, strict=True))
        )
    )
    assert main(["gap", str(results), "--format", "json"]) == 0
    scores = json.loads(capsys.readouterr().out)["scores"]
    ci = sps.ttest_rel(tuned, prompted).confidence_interval()
    assert (scores["difference_ci_low"], scores["difference_ci_high"]) == pytest.approx((ci.low, ci.high), rel=1e-10)
    assert scores["p_value_method"] == "sign_flip_exact" and scores["distinct_values"] == 4
    assert main(["gap", str(results)]) == 0
    text = capsys.readouterr().out
    assert "exact" in text and "t-test" in text


def test_an_invalid_answers_file_exits_1(binary_csv, tmp_path, capsys):
    answers = tmp_path / "task.toml"
    answers.write_text("[performance]\nalpha = 2\n")
    assert main(["gap", str(binary_csv), "--answers", str(answers)]) == 1
    assert "performance.alpha" in capsys.readouterr().err


def test_core_and_gap_command_do_not_import_textual(binary_csv):
    code = (
        "import sys; from tui.cli import main; "
        f"main(['gap', {str(binary_csv)!r}, '--format', 'json']); "
        "import tui.core.intervals, tui.core.learning_curve, tui.core.results_import, tui.core.gap_report; "
        "sys.exit(1 if any(m.split('.')[0] == 'textual' for m in sys.modules) else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


# --- The interval in the assessment's reports -----------------------------------------------

PAIRED = """
[performance]
status = "evaluated"
both_correct = 1500
only_prompted_correct = 60
only_fine_tuned_correct = 130
both_wrong = 310
"""

UNPAIRED = """
[performance]
status = "evaluated"
test_items = 2000
prompted_correct = 1560
fine_tuned_correct = 1630
"""


def test_json_report_has_the_tango_interval_for_paired_counts():
    performance = to_dict(assess(load_text(PAIRED)))["steps"]["performance"]
    assert (performance["difference_ci_low"], performance["difference_ci_high"]) == pytest.approx(
        intervals.tango_interval(130, 60, 2000), rel=1e-12
    )
    assert performance["difference_ci_method"] == "tango_score"
    assert performance["difference_ci_alternative"]["method"] == "newcombe_paired_square_and_add"
    assert (
        -1
        <= performance["difference_ci_low"]
        < performance["difference_pp"] / 100
        < performance["difference_ci_high"]
        <= 1
    )


def test_json_report_has_newcombes_interval_for_unpaired_counts():
    performance = to_dict(assess(load_text(UNPAIRED)))["steps"]["performance"]
    expected = smp.confint_proportions_2indep(1630, 2000, 1560, 2000, method="newcomb", compare="diff")
    assert (performance["difference_ci_low"], performance["difference_ci_high"]) == pytest.approx(expected, rel=1e-9)
    assert performance["difference_ci_method"] == "newcombe_hybrid_score"
    assert performance["difference_ci_alternative"] is None


def test_every_format_shows_the_interval():
    result = assess(load_text(PAIRED))
    for format in ("text", "markdown", "jira"):
        assert "95% interval" in render(result, format)


def test_a_not_evaluated_gap_has_null_interval_keys():
    performance = to_dict(assess(load_text('[performance]\nstatus = "not_evaluated"\n')))["steps"]["performance"]
    assert performance["difference_ci_low"] is None and performance["gap_verdict"] is None


def _interval(low, high, low90=None, high90=None) -> dict:
    return {
        "difference_ci_low": low,
        "difference_ci_high": high,
        "equivalence_ci_low": low if low90 is None else low90,
        "equivalence_ci_high": high if high90 is None else high90,
    }


@pytest.mark.parametrize(
    "interval, verdict",
    [
        (_interval(0.025, 0.05), "clearly_meaningful"),
        (_interval(-0.06, -0.03), "clearly_meaningful"),
        (_interval(0.005, 0.04), "real_but_possibly_small"),
        (_interval(-0.012, 0.015, -0.01, 0.013), "equivalent"),
        (_interval(-0.01, 0.04), "inconclusive"),
    ],
)
def test_gap_verdict_reads_the_interval_against_the_meaningful_difference(interval, verdict):
    assert gap_verdict(interval, 0.02) == verdict


def test_too_small_a_test_set_carries_a_caution_with_both_numbers():
    result = assess(
        load_text(
            '[performance]\nstatus = "evaluated"\nboth_correct = 300\nonly_prompted_correct = 20\nonly_fine_tuned_correct = 26\nboth_wrong = 54\n'
        )
    )
    gap = result.gap
    assert gap.items_needed > gap.items
    caution = next(c for c in result.cautions if "too small" in c)
    assert f"{gap.items_needed:,}" in caution and f"{gap.detectable_difference_pp:.1f} pp" in caution


# --- Two run files and clustered errors -----------------------------------------------------


@pytest.fixture
def runs(tmp_path):
    """The same 50 items as BINARY_CSV, as one JSONL file per run with the result nested."""
    pairs = [(1, 1)] * 30 + [(1, 0)] * 4 + [(0, 1)] * 11 + [(0, 0)] * 5
    prompted, tuned = tmp_path / "prompted.jsonl", tmp_path / "tuned.jsonl"
    prompted.write_text(
        "".join(json.dumps({"id": f"q{i}", "m": {"acc": p}, "doc": i // 5}) + "\n" for i, (p, _) in enumerate(pairs))
    )
    tuned.write_text(
        "".join(json.dumps({"id": f"q{i}", "m": {"acc": t}}) + "\n" for i, (_, t) in reversed(list(enumerate(pairs))))
    )
    return prompted, tuned


def test_two_run_files_give_the_counts_of_one_file_with_both_columns(runs, binary_csv, tmp_path, capsys):
    prompted, tuned = runs
    answers = tmp_path / "task.toml"
    arguments = ["gap", "--prompted-file", str(prompted), "--fine-tuned-file", str(tuned), "--value-column", "m.acc"]
    assert main([*arguments, "--format", "json", "--answers", str(answers)]) == 0
    joined = json.loads(capsys.readouterr().out)
    assert main(["gap", str(binary_csv), "--format", "json"]) == 0
    single = json.loads(capsys.readouterr().out)
    assert joined["counts"] == single["counts"] and joined["performance"] == single["performance"]
    assert (joined["prompted_file"], joined["fine_tuned_file"]) == (str(prompted), str(tuned))
    assert load(answers).performance.only_fine_tuned_correct == 11
    assert main(arguments) == 0
    text = capsys.readouterr().out
    assert "joined on the id" in text and f"Prompted:   {prompted}" in text and "Both correct" in text


def test_cluster_column_adds_the_clustered_interval_and_design_effect(runs, capsys):
    prompted, tuned = runs
    arguments = ["gap", "--prompted-file", str(prompted), "--fine-tuned-file", str(tuned), "--value-column", "m.acc"]
    assert main([*arguments, "--cluster-column", "doc", "--format", "json"]) == 0
    clustered = json.loads(capsys.readouterr().out)["clustered"]
    assert clustered["column"] == "doc" and clustered["clusters"] == 10 and clustered["degrees_of_freedom"] == 9
    assert clustered["mean_difference"] == pytest.approx(7 / 50)
    assert clustered["difference_ci_method"] == "cr1_cluster_robust_t" and clustered["difference_ci_level"] == 0.95
    assert clustered["design_effect"] > 1
    assert main([*arguments, "--cluster-column", "doc"]) == 0
    text = capsys.readouterr().out
    assert "Clusters (by 'doc')" in text and "t with 9 df" in text and "Design effect" in text


def test_cluster_column_in_one_file(tmp_path, capsys):
    results = tmp_path / "r.csv"
    results.write_text("id,prompted,fine_tuned,customer\n" + "".join(f"q{i},{i % 2},1,c{i % 4}\n" for i in range(40)))
    assert main(["gap", str(results), "--cluster-column", "customer", "--format", "json"]) == 0
    clustered = json.loads(capsys.readouterr().out)["clustered"]
    assert clustered["clusters"] == 4 and clustered["mean_difference"] == pytest.approx(0.5)
    assert main(["gap", str(results), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["clustered"] is None


def test_join_problems_name_each_file_and_nothing_is_written(tmp_path, capsys):
    prompted, tuned = tmp_path / "a.csv", tmp_path / "b.csv"
    prompted.write_text("id,correct\nq1,1\nq2,1\nq1,0\n")
    tuned.write_text("id,correct\nq1,1\nq3,0\n")
    answers = tmp_path / "task.toml"
    assert (
        main(["gap", "--prompted-file", str(prompted), "--fine-tuned-file", str(tuned), "--answers", str(answers)]) == 1
    )
    err = capsys.readouterr().err
    assert f"{prompted}:4: duplicate id 'q1' (first on line 2)" in err
    assert f"1 id is in {prompted} but not in {tuned}: 'q2'" in err
    assert f"1 id is in {tuned} but not in {prompted}: 'q3' (line 3)" in err
    assert not answers.exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["gap", "x.csv", "--prompted-file", "a.csv", "--fine-tuned-file", "b.csv"],
        ["gap", "--prompted-file", "a.csv"],
        ["gap", "--prompted-file", "a.csv", "--fine-tuned-file", "b.csv", "--prompted-column", "p"],
        ["gap", "x.csv", "--value-column", "acc"],
    ],
)
def test_mixing_one_file_and_two_file_options_is_a_usage_error(arguments, capsys):
    assert main(arguments) == 2
    assert "tune-or-prompt gap:" in capsys.readouterr().err


def test_gap_help_names_the_two_file_and_cluster_options(capsys):
    assert main(["gap", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--prompted-file", "--fine-tuned-file", "--value-column", "--cluster-column", "metrics.acc"):
        assert option in out


def test_many_bad_rows_print_the_first_and_how_many_more(tmp_path, capsys):
    results = tmp_path / "bad.csv"
    results.write_text("id,prompted,fine_tuned\n" + "".join(f"q{i},x,1\n" for i in range(500)))
    assert main(["gap", str(results)]) == 1
    err = capsys.readouterr().err
    assert f"{results}:21:" in err and f"{results}:22:" not in err and "... and 480 more problems" in err
