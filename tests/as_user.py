"""Run a piece of a test as a user that file permissions bind, even when the tests run as root.

Root ignores a folder's missing write permission, so a "read-only folder" test run as root
would prove nothing. As root, `run_as` forks and the child switches to `nobody` before it
works: a fork rather than a new interpreter, because `nobody` may not reach the interpreter's
files, while the modules the work needs are loaded already (call the work once first if not).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def non_root_user() -> tuple[int, int] | None:
    """(uid, gid) of `nobody` when running as root; None when the current user is bound already."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam("nobody")
    except KeyError:
        pytest.skip("running as root without a `nobody` user to switch to, so permissions would not bind")
    return entry.pw_uid, entry.pw_gid


@contextlib.contextmanager
def folder_for(user: tuple[int, int] | None, tmp_path: Path) -> Iterator[Path]:
    """A folder the user can reach: tmp_path itself, or (pytest's folders being private to root)
    a folder of its own in the system temp, removed afterwards."""
    if user is None:
        yield tmp_path
        return
    base = Path(tempfile.mkdtemp(prefix="tune-or-prompt-"))
    base.chmod(0o755)
    try:
        yield base
    finally:
        for path in (base, *base.rglob("*")):
            if path.is_dir():
                path.chmod(0o755)
        shutil.rmtree(base)


def run_as(user: tuple[int, int] | None, work: Callable[[], list[str]]) -> list[str]:
    """What `work` returns, run here (user None) or in a forked child running as `user`."""
    if user is None:
        return work()
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.close(reading)
            os.setgroups([])
            os.setgid(user[1])
            os.setuid(user[0])
            os.write(writing, "\n".join(work()).encode("utf-8"))
        except BaseException as error:
            os.write(writing, f"the child failed: {error!r}".encode())
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        said = pipe.read().decode("utf-8")
    os.waitpid(child, 0)
    return said.splitlines()
