"""SPEC §10: saving over a commented answers file keeps its comments, number formats and notes.

Every file in sample_answers/ goes through a save with one value changed and through the real
`gap --answers` command; a property test edits random answers of those files and checks that
the file then holds exactly the intended answers while every line it did not edit is still there.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui.core import storage
from tui.core.validation import AnswersInvalid, validate_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "sample_answers").glob("*.toml"))
GROUPED_NUMBER = re.compile(r"^\s*([A-Za-z_]+)\s*=\s*(\d{1,3}(?:_\d{3})+(?:\.\d+)?)\b", re.MULTILINE)
MULTI_LINE = re.compile(r'"""(.*?)"""', re.DOTALL)
RESULTS_CSV = "id,prompted,fine_tuned\n" + "".join(
    f"item-{i},{p},{t}\n" for i, (p, t) in enumerate([(1, 1)] * 40 + [(1, 0)] * 3 + [(0, 1)] * 12 + [(0, 0)] * 5)
)
COUNTS = {"both_correct": 40, "only_prompted_correct": 3, "only_fine_tuned_correct": 12, "both_wrong": 5}


def comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip().startswith("#")]


def trailing_comments(text: str) -> list[str]:
    """The `# ...` after a value on lines without quotes (so a `#` inside a string is not one)."""
    return [
        line.split("#", 1)[1]
        for line in text.splitlines()
        if "#" in line and not line.strip().startswith("#") and '"' not in line and "'" not in line
    ]


def assert_layout_kept(before: str, after: str, changed_key: str | None = None) -> None:
    """Every comment, every `1_500`-style number (but the changed key's) and every multi-line string survives."""
    assert comment_lines(before) == [line for line in comment_lines(after) if line in comment_lines(before)]
    assert set(comment_lines(before)) <= set(comment_lines(after))
    for comment in trailing_comments(before):
        assert comment in after
    for key, number in GROUPED_NUMBER.findall(before):
        if key != changed_key:
            assert re.search(rf"^\s*{key}\s*=\s*{re.escape(number)}\b", after, re.MULTILINE), f"{key} = {number}"
    for block in MULTI_LINE.findall(before):
        assert f'"""{block}"""' in after


@pytest.fixture(params=[path.name for path in SAMPLES])
def sample(request, tmp_path) -> Path:
    path = tmp_path / request.param
    path.write_bytes((ROOT / "sample_answers" / request.param).read_bytes())
    return path


def test_a_save_with_one_value_changed_keeps_every_comment_number_format_and_note(sample):
    before = sample.read_text(encoding="utf-8")
    document = storage.load(sample).to_document()
    old = document.setdefault("volume", {}).get("calls_per_month")
    document["volume"]["calls_per_month"] = float((old or 0) + 45_000)
    changed = validate_document(document)
    storage.save(changed, sample)
    after = sample.read_text(encoding="utf-8")
    assert_layout_kept(before, after, changed_key="calls_per_month")
    assert storage.load(sample) == changed
    written = tomllib.loads(after)["volume"]["calls_per_month"]
    assert type(written) is int and written == (old or 0) + 45_000
    assert len(after.splitlines()) <= len(before.splitlines()) + 3  # the changed line, or a new one and a comment


def test_a_save_of_unchanged_answers_leaves_the_file_byte_for_byte(sample):
    before = sample.read_bytes()
    storage.save(storage.load(sample), sample)
    assert sample.read_bytes() == before


def run_gap(results: Path, answers: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tui", "gap", str(results), "--answers", str(answers), *extra],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        cwd=ROOT,
    )


def test_gap_answers_keeps_every_comment_and_number_format_and_refuses_a_second_run(sample, tmp_path):
    results = tmp_path / "results.csv"
    results.write_text(RESULTS_CSV, encoding="utf-8")
    before = sample.read_text(encoding="utf-8")
    had_counts = storage.load(sample).performance.design is not None
    first = run_gap(results, sample, *(["--replace"] if had_counts else []))
    assert first.returncode == 0, first.stderr
    after = sample.read_text(encoding="utf-8")
    count_keys = set(COUNTS) | {"test_items", "prompted_correct", "fine_tuned_correct"}
    for key, number in GROUPED_NUMBER.findall(before):
        if key not in count_keys:
            assert re.search(rf"^\s*{key}\s*=\s*{re.escape(number)}\b", after, re.MULTILINE), f"{key} = {number}"
    assert set(comment_lines(before)) <= set(comment_lines(after))
    for block in MULTI_LINE.findall(before):
        assert f'"""{block}"""' in after
    performance = tomllib.loads(after)["performance"]
    assert {key: performance[key] for key in COUNTS} == COUNTS
    assert all(type(performance[key]) is int for key in COUNTS)
    assert performance["status"] == "evaluated"
    assert str(sample) in first.stderr

    second = run_gap(results, sample)
    assert second.returncode == 1
    assert sample.read_text(encoding="utf-8") == after
    assert str(sample) in second.stderr and "both_correct = 40" in second.stderr and "--replace" in second.stderr
    assert "Traceback" not in second.stderr


def test_gap_answers_with_replace_over_a_commented_file_keeps_its_comments(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text(
        '# Ticket routing\n[performance]\nstatus = "evaluated"\n# from the March run\ntest_items = 1_000  # items\n'
        "prompted_correct = 800\nfine_tuned_correct = 850\nalpha = 0.10\n",
        encoding="utf-8",
    )
    results = tmp_path / "results.csv"
    results.write_text(RESULTS_CSV, encoding="utf-8")
    assert run_gap(results, path, "--replace").returncode == 0
    after = path.read_text(encoding="utf-8")
    assert "# Ticket routing" in after and "# from the March run" in after and "alpha = 0.10" in after
    assert "test_items" not in after and "# items" not in after, "a cleared answer goes with its line and comment"
    assert storage.load(path).performance.both_correct == 40


def test_a_cleared_answer_goes_with_its_line_and_its_comment(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text(
        "[data]\n# from the export\nlabelled_examples = 5_200  # verified by clerks\npreparation_usd = 6_000\n",
        encoding="utf-8",
    )
    document = storage.load(path).to_document()
    del document["data"]["labelled_examples"]
    storage.save(validate_document(document), path)
    assert path.read_text(encoding="utf-8") == "[data]\n# from the export\npreparation_usd = 6_000\n"


def test_a_new_answer_goes_into_its_table_and_a_missing_table_is_added_with_a_comment(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text(
        'schema_version = 1\n\n[volume]\ncalls_per_month = 1_000  # a guess\n\n[stability]\nchange_frequency = "monthly"\n',
        encoding="utf-8",
    )
    document = storage.load(path).to_document()
    document["volume"]["fine_tuned"] = {"cost_per_call_usd": 0.002}
    document["stability"]["retrain_compute_usd"] = 300.0
    document["data"] = {"labelled_examples": 2000}
    storage.save(validate_document(document), path)
    after = path.read_text(encoding="utf-8")
    assert after.startswith("schema_version = 1\n\n[volume]\ncalls_per_month = 1_000  # a guess\n")
    assert 'change_frequency = "monthly"\nretrain_compute_usd = 300\n' in after
    data = after[after.index("[data]") :].splitlines()
    assert data[1].startswith("# ") and data[2] == "labelled_examples = 2000"
    assert "[volume.fine_tuned]" in after
    assert storage.load(path) == validate_document(document)


def test_a_misspelt_key_is_kept_by_a_save_unless_it_is_dropped(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text("[data]\nlabeled_examples = 800  # typo\npreparation_usd = 100\n", encoding="utf-8")
    answers = validate_document({"data": {"preparation_usd": 250.0, "labelled_examples": 800}})
    storage.save(answers, path)
    assert "labeled_examples = 800  # typo" in path.read_text(encoding="utf-8")
    storage.save(answers, path, drop=["data.labeled_examples"])
    assert path.read_text(encoding="utf-8") == "[data]\npreparation_usd = 250\nlabelled_examples = 800\n"


def test_a_new_file_says_what_each_table_holds_and_leaves_defaults_out(tmp_path):
    path = tmp_path / "new.toml"
    answers = validate_document(
        {"assessment": {"title": "Routing", "notes": "one\ntwo\n"}, "volume": {"calls_per_month": 45_000.0}}
    )
    storage.save(answers, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("schema_version = 1\n")
    assert 'notes = """\none\ntwo\n"""' in text and "calls_per_month = 45000\n" in text
    assert "horizon_months" not in text and "alpha" not in text
    for header in ("[assessment]", "[volume]"):
        assert text.split(header + "\n", 1)[1].startswith("# ")
    assert storage.load(path) == answers


def test_a_file_that_is_no_longer_toml_is_not_replaced_by_a_save(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text("[volume\ncalls_per_month = 3\n", encoding="utf-8")
    with pytest.raises(storage.StorageError) as refusal:
        storage.save(validate_document({}), path)
    assert str(path) in str(refusal.value) and "unchanged" in str(refusal.value)
    assert path.read_text(encoding="utf-8") == "[volume\ncalls_per_month = 3\n"
    storage.save(validate_document({}), path, overwrite=True)
    assert storage.load(path) == validate_document({})


# Random edits of the commented samples ---------------------------------------------------------

MONEY = st.one_of(st.integers(0, 10**7), st.floats(0, 1e7).map(lambda x: round(x, 3)))
COUNT = st.integers(0, 10**6)
EDITABLE = {
    "assessment.title": st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    "assessment.notes": st.lists(st.text("abc xyz\"'\\#=", max_size=20), min_size=1, max_size=4).map("\n".join),
    "assessment.horizon_months": st.integers(1, 120),
    "volume.calls_per_month": st.one_of(COUNT, st.floats(0, 1e9).map(lambda x: round(x, 1))),
    "volume.prompted.hosting_usd_per_month": MONEY,
    "volume.prompted.cost_per_call_usd": st.floats(0, 1).map(lambda x: round(x, 5)),
    "volume.fine_tuned.input_tokens": st.integers(0, 10**5),
    "volume.fine_tuned.output_usd_per_mtok": st.floats(0, 100).map(lambda x: round(x, 2)),
    "volume.fine_tuned.hosting_usd_per_month": MONEY,
    "stability.change_frequency": st.sampled_from(["weekly", "monthly", "quarterly", "semiannual", "annual", "rarely"]),
    "stability.forced_retrains_per_year": st.integers(0, 12),
    "stability.retrain_compute_usd": MONEY,
    "stability.reevaluation_usd": MONEY,
    "stability.engineering_usd_per_cycle": MONEY,
    "stability.prompt_update_usd_per_change": MONEY,
    "data.labelled_examples": COUNT,
    "data.preparation_usd": MONEY,
    "data.training_compute_usd": MONEY,
    "data.pipeline_setup_usd": MONEY,
    "data.max_label_error_rate": st.floats(0, 1).map(lambda x: round(x, 2)),
    "data.audited_examples": st.integers(300, 1000),
    "data.mislabelled_in_audit": st.integers(0, 300),
    "performance.status": st.sampled_from(["not_evaluated", "evaluated"]),
    "performance.evaluation_usd": MONEY,
    "performance.alpha": st.sampled_from([0.01, 0.05, 0.1]),
    "performance.min_meaningful_difference_pp": st.floats(0, 100).map(lambda x: round(x, 1)),
    "performance.cost_per_error_usd": MONEY,
    "performance.gap_is_critical": st.booleans(),
    "performance.both_correct": st.integers(1, 5000),
    "performance.only_fine_tuned_correct": st.integers(0, 500),
    "performance.test_items": st.integers(2000, 5000),
    "performance.prompted_correct": st.integers(0, 2000),
}
CLEAR = object()
EDIT = st.sampled_from(sorted(EDITABLE)).flatmap(
    lambda path: st.tuples(st.just(path), st.one_of(st.just(CLEAR), EDITABLE[path]))
)


def edited_document(document: dict, edits: dict) -> dict:
    for path, value in edits.items():
        *tables, key = path.split(".")
        table = document
        for name in tables:
            table = table.setdefault(name, {})
        if value is CLEAR:
            table.pop(key, None)
        else:
            table[key] = value
    return document


def lines_by_key(text: str) -> list[tuple[str | None, str]]:
    """Each line of an answers file with the dotted path of the answer it belongs to (None: none)."""
    owned: list[tuple[str | None, str]] = []
    table, inside = "", None
    for line in text.splitlines():
        if inside is not None:
            owned.append((inside, line))
            if '"""' in line:
                inside = None
            continue
        header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            table = header.group(1)
            owned.append((None, line))
            continue
        pair = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(.*)$", line)
        if pair:
            path = f"{table}.{pair.group(1)}" if table else pair.group(1)
            owned.append((path, line))
            if pair.group(2).startswith('"""') and pair.group(2).count('"""') == 1:
                inside = path
            continue
        owned.append((None, line))
    return owned


def is_subsequence(wanted: list[str], lines: list[str]) -> bool:
    remaining = iter(lines)
    return all(any(line == candidate for candidate in remaining) for line in wanted)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(name=st.sampled_from([path.name for path in SAMPLES]), edits=st.lists(EDIT, min_size=1, max_size=6).map(dict))
def test_random_edits_of_a_commented_file_change_only_those_answers(tmp_path_factory, name, edits):
    path = tmp_path_factory.mktemp("edits") / name
    before = (ROOT / "sample_answers" / name).read_text(encoding="utf-8")
    path.write_text(before, encoding="utf-8")
    try:
        intended = validate_document(edited_document(storage.load(path).to_document(), edits))
    except AnswersInvalid:
        assume(False)  # an edit that breaks a rule spanning fields (a count above its total, ...) is not a save
    storage.save(intended, path)
    after = path.read_text(encoding="utf-8")
    assert storage.load(path) == intended
    untouched = [line for owner, line in lines_by_key(before) if owner not in edits]
    assert is_subsequence(untouched, after.splitlines()), "a line that was not edited changed or moved"
    written = tomllib.loads(after)
    for edited_path, value in edits.items():
        *tables, key = edited_path.split(".")
        table = written
        for table_name in tables:
            table = table.get(table_name, {})
        if value is not CLEAR and isinstance(value, float) and value.is_integer() and key in table:
            assert type(table[key]) is int, f"{edited_path} = {table[key]!r} should be written as a whole number"


def test_a_new_answer_goes_before_the_comment_that_introduces_the_next_table(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text(
        "[data]\nlabelled_examples = 10\n\n# Learning curve, same test set\n"
        "[[data.learning_curve]]\nexamples = 1\naccuracy = 0.5\n\n[[data.learning_curve]]\nexamples = 2\naccuracy = 0.6\n",
        encoding="utf-8",
    )
    document = storage.load(path).to_document()
    document["data"]["preparation_usd"] = 100.0
    document["data"]["learning_curve"].append({"examples": 3, "accuracy": 0.7})
    storage.save(validate_document(document), path)
    after = path.read_text(encoding="utf-8")
    assert after.startswith(
        "[data]\nlabelled_examples = 10\npreparation_usd = 100\n\n# Learning curve, same test set\n[[data.learning_curve]]\n"
    )
    assert after.endswith("accuracy = 0.6\n\n[[data.learning_curve]]\nexamples = 3\naccuracy = 0.7\n")


def test_a_file_with_windows_line_endings_keeps_them_on_every_line(tmp_path):
    path = tmp_path / "task.toml"
    path.write_bytes(b"# from Windows\r\n[volume]\r\ncalls_per_month = 5\r\n")
    storage.save(validate_document({"volume": {"calls_per_month": 7.0}, "data": {"labelled_examples": 10}}), path)
    raw = path.read_bytes()
    assert raw.startswith(b"# from Windows\r\n[volume]\r\ncalls_per_month = 7\r\n")
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_an_inline_table_takes_a_new_answer_inline(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text("[volume]\nprompted = { cost_per_call_usd = 0.01 }  # list price\n", encoding="utf-8")
    storage.save(
        validate_document({"volume": {"prompted": {"cost_per_call_usd": 0.01, "hosting_usd_per_month": 12.5}}}), path
    )
    assert path.read_text(encoding="utf-8").startswith(
        "[volume]\nprompted = { cost_per_call_usd = 0.01, hosting_usd_per_month = 12.5}  # list price\n"
    )


def test_a_layout_that_cannot_be_kept_is_refused_and_the_file_left_as_it_was(tmp_path):
    path = tmp_path / "task.toml"
    text = "volume.calls_per_month = 5\nvolume.prompted.cost_per_call_usd = 0.01\n"
    path.write_text(text, encoding="utf-8")
    answers = validate_document(
        {
            "volume": {
                "calls_per_month": 5,
                "prompted": {"cost_per_call_usd": 0.01},
                "fine_tuned": {"cost_per_call_usd": 0.001},
            }
        }
    )
    try:
        storage.save(answers, path)
    except storage.StorageError as refusal:
        assert str(path) in str(refusal) and "unchanged" in str(refusal)
        assert path.read_text(encoding="utf-8") == text
    else:
        assert storage.load(path) == answers and path.read_text(encoding="utf-8").startswith(
            "volume.calls_per_month = 5\n"
        )


def test_a_tick_box_nobody_touched_is_not_written_and_an_unticked_one_is(tmp_path):
    from tui.core.form import Form

    path = tmp_path / "half.toml"
    path.write_bytes((ROOT / "sample_answers" / "incomplete_half_answered.toml").read_bytes())
    form, _ = Form.from_document(tomllib.loads(path.read_text(encoding="utf-8")))
    form.set("volume.calls_per_month", "50000")
    storage.save(form.document(), path)
    assert "gap_is_critical" not in path.read_text(encoding="utf-8")

    form.set("performance.gap_is_critical", "true")
    storage.save(form.document(), path)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["performance"]["gap_is_critical"] is True
    form.set("performance.gap_is_critical", "false")  # what unticking the box sends
    storage.save(form.document(), path)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["performance"]["gap_is_critical"] is False
