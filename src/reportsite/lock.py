"""One writer at a time: every command that writes holds <project>/.build/reportsite.lock.

Two `add`s, or a `build` beside an `add`, would otherwise read the catalogue, extract/ and site/ while
the other rewrites them, and one's rollback would erase the other's work. The lock is an OS file lock
(the filelock package: flock on POSIX), so it goes away with its process, kill -9 included, and never
needs clearing by hand. A sidecar file names the holder (pid and command) for the message a second
writer prints while it waits, or with --no-wait before it exits.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import filelock

from reportsite.errors import ReportsiteError
from reportsite.project import Project

LOCK_NAME = "reportsite.lock"
HOLDER_NAME = "reportsite.lock.holder"


class ProjectBusy(ReportsiteError):
    """Another reportsite command is writing the project, and this one was told not to wait."""


# Paths this thread holds: a command that runs another (add runs a build) takes the lock once.
_held = threading.local()


def _holding() -> dict[str, int]:
    if not hasattr(_held, "paths"):
        _held.paths = {}
    return _held.paths


def lock_path(project: Project) -> Path:
    return project.build_dir / LOCK_NAME


def holder(project: Project) -> str:
    """Who holds the lock, as the waiting message shows it: 'pid 123: build'."""
    try:
        data = json.loads((project.build_dir / HOLDER_NAME).read_text(encoding="utf-8"))
        return f"pid {int(data['pid'])}: {data['command']}"
    except (OSError, ValueError, KeyError, TypeError):
        # Between the other command taking the lock and writing the sidecar, or a foreign file.
        return "pid unknown"


def _write_holder(project: Project, command: str) -> None:
    path = project.build_dir / HOLDER_NAME
    tmp = path.with_name(f".{HOLDER_NAME}.{os.getpid()}.{threading.get_ident()}")
    tmp.write_text(json.dumps({"pid": os.getpid(), "command": command}), encoding="utf-8")
    os.replace(tmp, path)


def _clear_holder(project: Project) -> None:
    path = project.build_dir / HOLDER_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass


@contextmanager
def project_lock(
    project: Project, command: str, *, wait: bool = True, say: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the project's write lock for the block; wait for it (saying so) or raise ProjectBusy."""
    project.build_dir.mkdir(parents=True, exist_ok=True)
    path = lock_path(project)
    key = str(path.resolve())
    held = _holding()
    if held.get(key):
        held[key] += 1
        try:
            yield
        finally:
            held[key] -= 1
        return
    lock = filelock.FileLock(str(path), thread_local=False, is_singleton=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        who = holder(project)
        if not wait:
            raise ProjectBusy(
                f"another reportsite command ({who}) is writing this project; try again when it is done",
                project.shown(path),
            ) from None
        (say or (lambda _m: None))(f"waiting for another reportsite command ({who}) ...")
        lock.acquire()
    held[key] = 1
    try:
        _write_holder(project, command)
        yield
    finally:
        held.pop(key, None)
        _clear_holder(project)
        lock.release()
