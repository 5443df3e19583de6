"""SPEC §6: answers files are read and written as TOML, atomically, with clear errors."""

from __future__ import annotations

import datetime as dt
import os
import tomllib

import pytest
from as_user import folder_for, non_root_user, run_as
from conftest import BASELINE, BASELINE_TOML, PARTIAL_TOML

from tui.core import storage
from tui.core.storage import StorageError
from tui.core.validation import AnswersInvalid, validate_document


def leftovers(folder) -> list[str]:
    """Files in `folder` other than the answers files the test made on purpose."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp") or p.name.startswith("."))


# Round trips -----------------------------------------------------------------------------------


def test_save_then_load_gives_the_same_answers(tmp_path):
    answers = validate_document(BASELINE)
    path = tmp_path / "task.toml"
    storage.save(answers, path)
    assert storage.load(path) == answers


def test_save_then_load_keeps_text_with_quotes_newlines_and_unicode(tmp_path):
    document = {"assessment": {"title": 'Say "hi" \\ o\'clock', "notes": "line 1\nline 2\ttab — ünïcødé ✓"}}
    answers = validate_document(document)
    path = tmp_path / "task.toml"
    storage.save(answers, path)
    assert storage.load(path) == answers


def test_save_then_load_keeps_timestamps(tmp_path):
    moment = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    answers = storage.stamped(validate_document(BASELINE), now=moment)
    path = tmp_path / "task.toml"
    storage.save(answers, path)
    loaded = storage.load(path)
    assert loaded.assessment.created_at == moment
    assert loaded.assessment.updated_at == moment
    assert loaded == answers


def test_stamped_keeps_the_creation_time_and_moves_the_update_time():
    first = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    later = dt.datetime(2026, 2, 1, 12, 0, 0, 123456, tzinfo=dt.UTC)
    answers = storage.stamped(storage.stamped(validate_document({}), now=first), now=later)
    assert answers.assessment.created_at == first
    assert answers.assessment.updated_at == later.replace(microsecond=0)


def test_a_partial_file_loads(answers_file):
    answers = storage.load(answers_file(PARTIAL_TOML))
    assert answers.volume.calls_per_month == 50_000.0
    assert answers.volume.fine_tuned.cost_per_call_usd is None


def test_the_baseline_file_loads_to_the_baseline_answers(answers_file):
    assert storage.load(answers_file(BASELINE_TOML)) == validate_document(BASELINE)


def test_dumps_leaves_unanswered_fields_out():
    text = storage.dumps(validate_document({"volume": {"calls_per_month": 10.0}}))
    document = tomllib.loads(text)
    assert document["schema_version"] == 1
    assert document["volume"]["calls_per_month"] == 10.0
    assert "labelled_examples" not in document.get("data", {})
    assert "cost_per_call_usd" not in text


def test_load_text_round_trips_dumps():
    answers = validate_document(BASELINE)
    assert storage.load_text(storage.dumps(answers)) == answers


def test_saving_replaces_an_existing_file(tmp_path):
    path = tmp_path / "task.toml"
    storage.save(validate_document({"volume": {"calls_per_month": 1.0}}), path)
    storage.save(validate_document({"volume": {"calls_per_month": 2.0}}), path)
    assert storage.load(path).volume.calls_per_month == 2.0
    assert leftovers(tmp_path) == []


# Atomic writes ---------------------------------------------------------------------------------


@pytest.fixture
def existing(tmp_path):
    path = tmp_path / "task.toml"
    path.write_text(BASELINE_TOML, encoding="utf-8")
    return path


def test_a_failing_rename_leaves_the_previous_file_intact(existing, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(StorageError) as caught:
        storage.save(validate_document({"volume": {"calls_per_month": 1.0}}), existing)
    assert existing.read_text(encoding="utf-8") == BASELINE_TOML
    assert leftovers(existing.parent) == []
    assert str(existing) in str(caught.value)


def test_a_failing_fsync_leaves_the_previous_file_intact(existing, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", refuse)
    with pytest.raises(StorageError):
        storage.save(validate_document({"volume": {"calls_per_month": 1.0}}), existing)
    assert existing.read_text(encoding="utf-8") == BASELINE_TOML
    assert leftovers(existing.parent) == []


def test_a_failing_write_leaves_no_new_file_behind(tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    path = tmp_path / "new.toml"
    with pytest.raises(StorageError) as caught:
        storage.save(validate_document({}), path)
    assert not path.exists()
    assert list(tmp_path.iterdir()) == []
    assert "full" in str(caught.value)


def test_an_interrupted_save_leaves_the_previous_file_and_no_temporary_file(existing, monkeypatch):
    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        storage.save(validate_document({}), existing)
    assert existing.read_text(encoding="utf-8") == BASELINE_TOML
    assert leftovers(existing.parent) == []


def test_saving_to_a_folder_fails_clearly(tmp_path):
    with pytest.raises(StorageError) as caught:
        storage.save(validate_document({}), tmp_path)
    assert "folder" in str(caught.value)
    assert str(tmp_path) in str(caught.value)


def test_saving_into_a_missing_folder_fails_clearly(tmp_path):
    with pytest.raises(StorageError) as caught:
        storage.save(validate_document({}), tmp_path / "no-such-folder" / "task.toml")
    assert "does not exist" in str(caught.value)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_saving_into_a_read_only_folder_fails_clearly(tmp_path):
    user = non_root_user()  # as root: `nobody`, whom the folder's permissions bind
    storage.save(validate_document({}), tmp_path / "warm-up.toml")
    with folder_for(user, tmp_path) as base:
        folder = base / "locked"
        folder.mkdir()
        folder.chmod(0o555)

        def attempt() -> list[str]:
            try:
                storage.save(validate_document({}), folder / "task.toml")
            except StorageError as error:
                return [str(error)]
            return ["saved"]

        (said,) = run_as(user, attempt)
        assert "permission" in said and str(folder / "task.toml") in said


def test_saving_keeps_the_file_permissions(existing):
    existing.chmod(0o640)
    storage.save(validate_document({}), existing)
    assert existing.stat().st_mode & 0o777 == 0o640


# Reading errors --------------------------------------------------------------------------------


def test_toml_syntax_errors_name_the_line_and_column(answers_file):
    path = answers_file("schema_version = 1\n\n[volume]\ncalls_per_month = = 3\n")
    with pytest.raises(AnswersInvalid) as caught:
        storage.load(path)
    message = str(caught.value)
    assert "line 4" in message
    assert "column" in message
    assert "TOML" in message


def test_an_unclosed_string_names_its_line(answers_file):
    with pytest.raises(AnswersInvalid) as caught:
        storage.load(answers_file('[assessment]\ntitle = "unfinished\n'))
    assert "line 2" in str(caught.value)


def test_a_duplicate_key_is_a_syntax_error(answers_file):
    with pytest.raises(AnswersInvalid) as caught:
        storage.load(answers_file("[volume]\ncalls_per_month = 1\ncalls_per_month = 2\n"))
    assert "line 3" in str(caught.value)


def test_non_utf8_bytes_give_a_clear_message(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes('schema_version = 1\n[assessment]\ntitle = "café"\n'.encode("latin-1"))
    with pytest.raises(StorageError) as caught:
        storage.load(path)
    message = str(caught.value)
    assert "UTF-8" in message
    assert "line 3" in message


def test_a_missing_file_gives_a_clear_message(tmp_path):
    with pytest.raises(StorageError) as caught:
        storage.load(tmp_path / "absent.toml")
    assert "does not exist" in str(caught.value)


def test_loading_a_folder_gives_a_clear_message(tmp_path):
    with pytest.raises(StorageError) as caught:
        storage.load(tmp_path)
    assert "folder" in str(caught.value)


def test_a_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_bytes(b"# " + b"x" * (storage.MAX_FILE_BYTES + 10))
    with pytest.raises(StorageError):
        storage.load(path)


def test_deeply_nested_toml_is_refused_without_a_crash():
    with pytest.raises(AnswersInvalid):
        storage.load_text("x = " + "[" * 5000 + "]" * 5000)


def test_invalid_answers_in_a_file_report_their_path(answers_file):
    with pytest.raises(AnswersInvalid) as caught:
        storage.load(answers_file("[volume.prompted]\ncost_per_call_usd = -1\n"))
    assert [p.path for p in caught.value.problems] == ["volume.prompted.cost_per_call_usd"]


def test_a_newer_schema_file_is_refused(answers_file):
    with pytest.raises(AnswersInvalid) as caught:
        storage.load(answers_file("schema_version = 2\n"))
    assert "newer" in str(caught.value)


def test_a_file_with_a_byte_order_mark_either_loads_or_fails_clearly(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes("\ufeff".encode("utf-8") + BASELINE_TOML.encode("utf-8"))
    try:
        storage.load(path)
    except (AnswersInvalid, StorageError) as error:
        assert str(error)
