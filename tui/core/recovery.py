"""Answers typed since the last save, kept on disk so that a crash loses at most a second or two.

The wizard writes the form as typed (texts that do not validate included) to a recovery file
shortly after each change: `.NAME.toml.recovery` next to the assessment (one per file), or
`.tune-or-prompt-new-PID.recovery` in the current folder for an assessment never saved (one per
process, so two new assessments started in one folder never share one). A successful save or a
clean quit removes it; finding one at start means the last session ended without either, and the
wizard offers to bring those answers back. A new assessment is offered the file of a process
that is no longer running, never that of another wizard still open.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui.core import storage
from tui.core.form import KEPT_FIELDS, Form
from tui.core.questions import BY_PATH, MODES

FORMAT = "tune-or-prompt recovery"
VERSION = 1
NEW_PREFIX = ".tune-or-prompt-new"
NEW_NAME = f"{NEW_PREFIX}.recovery"  # written by earlier versions, one per folder: still offered
SUFFIX = ".recovery"
MAX_BYTES = 8_000_000


@dataclass(frozen=True)
class Recovered:
    """What a recovery file holds: the form as it was, when, and for which file."""

    raw: dict[str, str]
    modes: dict[str, str]
    kept: dict[str, Any] = field(default_factory=dict)
    written_at: dt.datetime | None = None
    target: str | None = None

    def form(self) -> Form:
        """A form with every text exactly as it was typed."""
        form = Form()
        form.raw.update(self.raw)
        form.modes.update(self.modes)
        form.kept.update(self.kept)
        return form


def path_for(target: Path | None, folder: Path | None = None, pid: int | None = None) -> Path:
    """Where the recovery file of `target` lives (of a new assessment: in `folder`, default
    here, named for this process or `pid`)."""
    if target is None:
        return (folder if folder is not None else Path.cwd()) / f"{NEW_PREFIX}-{pid or os.getpid()}{SUFFIX}"
    return target.parent / f".{target.name}{SUFFIX}"


def left_behind(folder: Path | None = None) -> list[Path]:
    """New-assessment recovery files in `folder` whose process has ended, newest first."""
    import re

    where = folder if folder is not None else Path.cwd()
    found = []
    try:
        entries = list(os.scandir(where))
    except OSError:
        return []
    for entry in entries:
        match = re.fullmatch(rf"{re.escape(NEW_PREFIX)}(?:-(\d+))?{re.escape(SUFFIX)}", entry.name)
        if match and not (match.group(1) and _running(int(match.group(1)))):
            found.append(Path(entry.path))
    return sorted(found, key=_modified, reverse=True)


def _running(pid: int) -> bool:
    """Whether a process with this id is alive (this one counts: its own file is not left behind)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # alive under another user, or cannot tell: leave it alone
    return True


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def snapshot(form: Form, target: Path | None, now: dt.datetime | None = None) -> bytes:
    """The form as JSON: raw texts, modes and kept values, with the time and the target."""
    moment = now or dt.datetime.now(dt.UTC)
    document = {
        "format": FORMAT,
        "version": VERSION,
        "written_at": moment.isoformat(timespec="seconds"),
        "target": str(target) if target is not None else None,
        "raw": {path: text for path, text in form.raw.items() if text != ""},
        "modes": dict(form.modes),
        "kept": {path: _encoded(value) for path, value in form.kept.items() if path in KEPT_FIELDS},
    }
    import json

    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def write(path: Path, form: Form, target: Path | None) -> None:
    """Write the recovery file atomically; raises StorageError when it cannot be written."""
    storage.write_atomic(path, snapshot(form, target))


def read(path: Path) -> Recovered | None:
    """The recovery file's contents, or None when there is none or it is not one we wrote."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return None
        import json

        document = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        return None
    raw, modes, kept = document.get("raw"), document.get("modes"), document.get("kept")
    if not (isinstance(raw, dict) and isinstance(modes, dict) and isinstance(kept, dict)):
        return None
    target = document.get("target")
    return Recovered(
        raw={key: text for key, text in raw.items() if key in BY_PATH and isinstance(text, str)},
        modes={
            scope: mode
            for scope, mode in modes.items()
            if scope in MODES and mode in {value for value, _ in MODES[scope]}
        },
        kept={
            key: value
            for key, value in ((k, _decoded(v)) for k, v in kept.items() if k in KEPT_FIELDS)
            if value is not None
        },
        written_at=_moment(document.get("written_at")),
        target=target if isinstance(target, str) else None,
    )


def remove(path: Path) -> None:
    """Delete the recovery file if there is one; a file that cannot be removed is left alone."""
    try:
        os.unlink(path)
    except OSError:
        pass


def same_answers(first: Form, second: Form) -> bool:
    """Whether two forms hold the same texts and ways of entering (empty texts count as absent)."""
    return _typed(first) == _typed(second) and first.modes == second.modes


def _typed(form: Form) -> dict[str, str]:
    return {path: text for path, text in form.raw.items() if text != ""}


def _encoded(value: Any) -> Any:
    """A kept value as JSON: times and dates tagged, text and numbers as they are."""
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _decoded(value: Any) -> Any:
    """A kept value read back; None for anything this module did not write."""
    if isinstance(value, dict) and isinstance(value.get("datetime"), str):
        return _moment(value["datetime"])
    if isinstance(value, dict) and isinstance(value.get("date"), str):
        try:
            return dt.date.fromisoformat(value["date"])
        except ValueError:
            return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return value
    return None


def _moment(text: Any) -> dt.datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None
