"""Reading and writing answers files: tomllib in, tomli-w out, atomically.

A save writes a temporary file in the same folder, flushes and fsyncs it, then renames it over
the target with `os.replace`, so the previous file is either fully replaced or left untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import tomllib
from pathlib import Path

from tui.core.models import Answers
from tui.core.validation import AnswersInvalid, Problem, validate_document

MAX_FILE_BYTES = 1_000_000


class StorageError(Exception):
    """The file could not be read or written; the message says why in plain words."""


def parse(text: str) -> dict:
    """Parse TOML text; syntax errors name the line and column."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AnswersInvalid([Problem("", f"not valid TOML: {error}")]) from None
    except RecursionError:
        raise AnswersInvalid([Problem("", "not valid TOML: tables or arrays are nested too deeply")]) from None


def read_text(path: Path) -> str:
    """The file's text, or a StorageError that says what is wrong with the path or bytes."""
    try:
        if path.is_dir():
            raise StorageError(f"{path} is a folder, not an answers file")
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise StorageError(f"{path} does not exist") from None
    except PermissionError:
        raise StorageError(f"{path} cannot be read: permission denied") from None
    except OSError as error:
        raise StorageError(f"{path} cannot be read: {error.strerror or error}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise StorageError(f"{path} is larger than {MAX_FILE_BYTES:,} bytes; an answers file is a few kilobytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise StorageError(f"{path} is not UTF-8 text (bad byte at line {line})") from None


def load(path: str | os.PathLike) -> Answers:
    """Read and validate an answers file."""
    return load_text(read_text(Path(path)))


def load_text(text: str) -> Answers:
    return validate_document(parse(text))


def dumps(answers: Answers) -> str:
    """The answers as TOML text, unanswered fields left out."""
    import tomli_w

    return tomli_w.dumps(answers.to_document())


def stamped(answers: Answers, now: dt.datetime | None = None) -> Answers:
    """The answers with `updated_at` set to now, and `created_at` too on a first save."""
    now = (now or dt.datetime.now(dt.timezone.utc)).replace(microsecond=0)
    info = answers.assessment.model_copy(
        update={"updated_at": now, "created_at": answers.assessment.created_at or now}
    )
    return answers.model_copy(update={"assessment": info})


def save(answers: Answers, path: str | os.PathLike) -> None:
    """Write the answers to `path` atomically; on any failure the old file is left as it was."""
    write_atomic(Path(path), dumps(answers).encode("utf-8"))


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once, leaving no temporary file behind on failure."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder; choose a file name such as {path / 'assessment.toml'}")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise StorageError(f"cannot save to {path}: the folder {folder} does not exist")
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = None
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise StorageError(f"cannot save to {path}: {_reason(error)}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise StorageError(f"cannot save to {path}: {_reason(error)}; the previous file is unchanged") from None
        raise
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _reason(error: OSError) -> str:
    import errno

    if error.errno == errno.ENOSPC:
        return "the disk is full"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "permission denied (the folder or file is read-only)"
    return error.strerror or str(error)
