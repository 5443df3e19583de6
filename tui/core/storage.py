"""Reading and writing answers files: tomllib in, tomlkit out, atomically.

Saving over an existing file updates it in place (`tui.core.file_update`): comments, key order,
blank lines, number formats and multi-line strings are kept and only changed answers change.
A new file is written by the same code, as an update of an empty file, rather than by tomli-w:
one writer means a created file and an edited one look alike, and the one-line comment per table
is a tomlkit item instead of text spliced into tomli-w's output.

A save writes a temporary file in the same folder, flushes and fsyncs it, then renames it over
the target with `os.replace`, so the previous file is either fully replaced or left untouched.
A new file gets the permissions the umask gives (0644 under umask 022); an existing file keeps
its own. A temporary file left by a save that was killed half-way is removed by the next save.
Every message names the file by its full path.
Reading refuses, with a plain message, what could exhaust memory or the stack: files over
MAX_FILE_BYTES, keys of more than MAX_KEY_PARTS parts and tables nested deeper than MAX_NESTING.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path

from tui.core.models import Answers
from tui.core.validation import AnswersInvalid, Problem, validate_document

# An answers file is a few kilobytes; the longest valid one (20,000 characters of notes, each
# written as a \\u escape) stays well under this.
MAX_FILE_BYTES = 256_000
# tomllib needs memory that grows with the square of a dotted key's length (a.b.c...), so a
# hostile file of a few hundred kilobytes could otherwise take gigabytes; no answer needs more
# than four parts.
MAX_KEY_PARTS = 32
MAX_NESTING = 16
# TOML hex integers can hold numbers Python refuses to print in decimal (over 4,300 digits).
MAX_INTEGER_BITS = 4_096

_KEY = r"""(?:[A-Za-z0-9_-]{1,200}|"(?:[^"\\\n]|\\.){0,200}"|'[^'\n]{0,200}')"""
_LONG_KEY = re.compile(rf"(?:^|[\[{{,])[ \t]*\[?[ \t]*(?:{_KEY}[ \t]*\.[ \t]*){{{MAX_KEY_PARTS},}}", re.MULTILINE)


class StorageError(Exception):
    """The file could not be read or written; the message says why in plain words."""


def parse(text: str) -> dict:
    """Parse TOML text; syntax errors name the line and column."""
    if _LONG_KEY.search(text):
        raise AnswersInvalid([Problem("", f"not an answers file: a key has more than {MAX_KEY_PARTS} dotted parts")])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise AnswersInvalid([Problem("", f"not valid TOML: {error}")]) from None
    except ValueError:  # Python refuses to read integers of more than 4,300 digits
        raise AnswersInvalid([Problem("", "not an answers file: a number has thousands of digits")]) from None
    except RecursionError:
        document = None
    problem = "tables or arrays are nested too deeply" if document is None else _shape_problem(document)
    if problem or document is None:
        raise AnswersInvalid([Problem("", f"not an answers file: {problem}")])
    return document


def _shape_problem(document: dict) -> str | None:
    """What makes a parsed document too deep or too big to handle safely, found without recursion."""
    pending: list[tuple[dict | list, int]] = [(document, 1)]
    while pending:
        node, depth = pending.pop()
        if depth > MAX_NESTING:
            return "tables or arrays are nested too deeply"
        children = node.values() if isinstance(node, dict) else node
        for child in children:
            if isinstance(child, (dict, list)):
                pending.append((child, depth + 1))
            elif isinstance(child, int) and child.bit_length() > MAX_INTEGER_BITS:
                return "a number has thousands of digits"
    return None


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a StorageError that says what is wrong with the path."""
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
        raise StorageError(f"{path} cannot be read: {_reason(error)}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise StorageError(f"{path} is larger than {MAX_FILE_BYTES:,} bytes; an answers file is a few kilobytes")
    return raw


def decode(path: Path, raw: bytes) -> str:
    """UTF-8 text (a leading byte order mark is dropped), or a StorageError naming the line."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise StorageError(f"{path} is UTF-16 text; save it as UTF-8")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise StorageError(f"{path} is not UTF-8 text (bad byte at line {line})") from None


def read_text(path: Path) -> str:
    """The file's text, or a StorageError that says what is wrong with the path or bytes."""
    return decode(path, read_bytes(path))


def fingerprint(path: str | os.PathLike) -> str | None:
    """The file's size and CRC-32 (None when it does not exist), to notice edits made by others.

    A checksum, not a cryptographic digest: it only has to tell an edited file from the one that
    was opened, and zlib is loaded already where hashlib would add a millisecond to start-up.
    """
    try:
        with open(path, "rb") as handle:
            import zlib

            data = handle.read()
            return f"{len(data)}:{zlib.crc32(data):08x}"
    except FileNotFoundError:
        return None
    except OSError:
        return "unreadable"


def load(path: str | os.PathLike) -> Answers:
    """Read and validate an answers file."""
    return load_text(read_text(Path(path).absolute()))


def load_text(text: str) -> Answers:
    return validate_document(parse(text))


def dumps(answers: Answers) -> str:
    """The answers as the text of a new file: unanswered fields and defaults left out, a comment per table."""
    from tui.core.file_update import updated_text

    return updated_text("", {}, answers)


def updated(text: str, answers: Answers, drop: Iterable[str] = ()) -> str:
    """`text` of an answers file changed to hold `answers`, its comments and layout kept.

    `drop` names (as dotted paths) keys the answers model does not know that the user chose to
    remove; any other unknown key stays. Raises AnswersInvalid when `text` is not TOML.
    """
    from tui.core.file_update import updated_text

    return updated_text(text, parse(text), answers, drop)


def stamped(answers: Answers, now: dt.datetime | None = None) -> Answers:
    """The answers with `updated_at` set to now, and `created_at` too on a first save."""
    now = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    info = answers.assessment.model_copy(update={"updated_at": now, "created_at": answers.assessment.created_at or now})
    return answers.model_copy(update={"assessment": info})


def save(answers: Answers, path: str | os.PathLike, *, drop: Iterable[str] = (), overwrite: bool = False) -> None:
    """Write the answers to `path` atomically; on any failure the old file is left as it was.

    An existing file is updated in place (see `updated`); `overwrite=True` writes a fresh file
    instead, for a file the user agreed to replace (one that is not TOML cannot be updated).
    """
    target = _followed(Path(path).absolute())
    previous = None if overwrite or not target.is_file() else _previous_text(target)
    if previous is None:
        text = dumps(answers)
    else:
        text = _updated_or_refused(target, previous, answers, drop)
    write_atomic(target, text.encode("utf-8"))


def _followed(path: Path) -> Path:
    """The file a symbolic link points to (the link itself is kept), or `path`."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _previous_text(path: Path) -> str:
    """The text of the file a save will update, or a StorageError saying nothing was written."""
    try:
        return read_text(path)
    except StorageError as error:
        raise StorageError(
            f"cannot save to {path}: {_without(path, str(error))}; the previous file is unchanged"
        ) from None


def _updated_or_refused(path: Path, previous: str, answers: Answers, drop: Iterable[str]) -> str:
    try:
        return updated(previous, answers, drop)
    except AnswersInvalid as error:
        reason = str(error.problems[0]) if error.problems else "it is not valid TOML"
        raise StorageError(
            f"cannot save to {path}: the file on disk is no longer readable ({reason}); the previous file "
            "is unchanged. Fix it, or save under another name"
        ) from None
    except Exception as error:  # UpdateFailed, or one of tomlkit's own errors
        raise StorageError(
            f"cannot save to {path}: its layout could not be kept ({error}); the previous file is unchanged. "
            "Save under another name"
        ) from None


def _without(path: Path, message: str) -> str:
    """A read error's message without the path it starts with, to name the path once."""
    prefix = f"{path} "
    return message[len(prefix) :] if message.startswith(prefix) else message


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once, leaving no temporary file behind on failure.

    A symbolic link is followed, so the file it points to is replaced and the link kept. The
    file keeps its permissions; a new one gets those the umask gives, as `open` would create it.
    """
    path = _followed(Path(path).absolute())
    unchanged = "; the previous file is unchanged" if path.exists() else ""
    if path.is_dir():
        raise StorageError(
            f"cannot save to {path}: it is a folder; choose a file name such as {path / 'assessment.toml'}"
        )
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        raise StorageError(f"cannot save to {path}: the folder {folder} {what}")
    if path.exists() and not os.access(path, os.W_OK):
        raise StorageError(f"cannot save to {path}: the file is read-only{unchanged}")
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666 & ~_umask()
    _remove_abandoned_temporaries(folder, path.name)
    try:
        from tempfile import mkstemp  # on first write only: reading needs none of it

        descriptor, temporary = mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise StorageError(f"cannot save to {path}: {_reason(error)}{unchanged}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            _lock(handle.fileno())
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)  # mkstemp makes 0600, which would hide the file from colleagues and CI
        os.replace(temporary, path)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise StorageError(f"cannot save to {path}: {_reason(error)}{unchanged}") from None
        raise
    _sync_folder(folder)


def _umask() -> int:
    """The process's umask, read from /proc where possible (setting it to read it races threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _lock(descriptor: int) -> None:
    """Hold a lock on a temporary file while it is written, so another save can tell it is live."""
    try:
        import fcntl

        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):
        pass


def _remove_abandoned_temporaries(folder: Path, name: str) -> None:
    """Delete temporary files of `name` whose save died half-way (no process holds their lock)."""
    try:
        import fcntl
    except ImportError:
        return
    try:
        candidates = [
            entry for entry in os.scandir(folder) if entry.name.startswith(f".{name}.") and entry.name.endswith(".tmp")
        ]
    except OSError:
        return
    for entry in candidates:
        if not re.fullmatch(rf"\.{re.escape(name)}\.[A-Za-z0-9_]{{8}}\.tmp", entry.name):
            continue
        try:
            descriptor = os.open(entry.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.unlink(entry.path)
        except OSError:
            pass
        finally:
            os.close(descriptor)


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


_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is mounted read-only",
    errno.EACCES: "permission denied (the folder or file is read-only)",
    errno.EPERM: "permission denied (the folder or file is read-only)",
    errno.EIO: "the disk reported an input/output error",
    errno.ENAMETOOLONG: "the file name is too long",
    errno.EISDIR: "it is a folder",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENOENT: "the folder or file disappeared while saving",
    errno.EXDEV: "the temporary file ended up on another disk",
}


def _reason(error: OSError) -> str:
    """What went wrong, in the words a person uses, for the errors a save meets in practice."""
    return _REASONS.get(error.errno or 0, error.strerror or str(error) or type(error).__name__)
