"""Pages written by worker processes, forked from the build so that they share its records unpickled.

A finding page costs a few milliseconds of template rendering, all of it in Python, and a site of
hundreds of reports has tens of thousands: on a machine with several cores the pages are written by as
many workers, each running the same job (render/findings.py ``PageWriter``) on chunks of finding ids.
The job and everything it refers to (the linked records, the compiled templates, the shell page) are
inherited at the fork, not sent: only the ids go to a worker and only a count comes back.

Where fork is not available (Windows, or a single core) the chunks run in this process, in order.
Less than a chunk in all (the new pages of one added report) is shared between this process and one
child forked for it (meanwhile.py), which costs far less to start than a pool.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial

from reportsite.errors import BuildError, ReportsiteError
from reportsite.meanwhile import Meanwhile
from reportsite.render.uses import note_template, record_templates

Job = Callable[[list[str]], int]

CHUNK = 100
"""Pages a worker writes per task: enough that sending the ids costs nothing beside the rendering."""
MAX_WORKERS = 4
SHARED_FROM = 16
"""Pages from which less than a chunk is shared with a forked child: a page costs a few milliseconds,
a fork of the build a few more."""

_job: Job | None = None
"""The job of the pool being run; a forked worker finds it here."""


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _ignore_ctrl_c() -> None:
    # Ctrl-C reaches the whole process group: the build stops with one line, and the workers, stopped
    # by it, must not each print a traceback of their own.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


Result = tuple[int, list[str]] | tuple[str, str | None, int | None, int | None, str | None]
"""A chunk's page count and the templates it used, or the fields of the error that stopped it."""


def _run(ids: list[str]) -> Result:
    assert _job is not None
    try:
        # What the pages were made with is noted in this process; the build notes it again in its own.
        with record_templates() as used:
            count = _job(ids)
        return count, sorted(used)
    except ReportsiteError as exc:
        # The error's own fields, not the exception: its constructor takes more than its message.
        return (exc.message, exc.path, exc.line, exc.page, exc.hint)


class PagePool:
    """Chunks of ids handed to `job`: in forked workers once there is more than a chunk to do, else in
    this process. `done` is told each chunk's count as it completes, in order."""

    def __init__(
        self, job: Job, done: Callable[[int], None] | None = None, workers: int | None = None
    ) -> None:
        self.job = job
        self.done = done or (lambda _n: None)
        self.workers = min(MAX_WORKERS, cores()) if workers is None else workers
        self.pending: list[str] = []
        self.futures: list[Future] = []
        self.pool: ProcessPoolExecutor | None = None

    def add(self, page_id: str) -> None:
        self.pending.append(page_id)
        if len(self.pending) >= CHUNK:
            self._send()

    def _send(self, start: bool = True) -> None:
        chunk, self.pending = self.pending, []
        if not chunk:
            return
        forkable = "fork" in multiprocessing.get_all_start_methods()
        if start and self.pool is None and self.workers > 1 and forkable:
            global _job
            _job = self.job
            # A forked worker flushes what it inherited of this process's buffers when it exits.
            sys.stdout.flush()
            sys.stderr.flush()
            self.pool = ProcessPoolExecutor(
                self.workers, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_ctrl_c
            )
        if self.pool is None:
            self.done(self.job(chunk))
            return
        self.futures.append(self.pool.submit(_run, chunk))
        self._collect(wait=False)

    def _collect(self, wait: bool) -> None:
        while self.futures and (wait or self.futures[0].done()):
            self._take(self.futures.pop(0).result())

    def _take(self, result: Result) -> None:
        if len(result) == 5:
            message, path, line, page, hint = result
            raise BuildError(message, path, line=line, page=page, hint=hint)
        count, used = result
        for name in used:
            note_template(name)
        self.done(count)

    def _share(self) -> None:
        """The pending pages, the second half in a forked child (whose result, if it fails, is made here
        after all: meanwhile.py), the first here meanwhile; counted in order."""
        global _job
        chunk, self.pending = self.pending, []
        half = len(chunk) // 2
        _job = self.job
        sys.stdout.flush()
        sys.stderr.flush()
        with Meanwhile(partial(_run, chunk[half:])) as other:
            self.done(self.job(chunk[:half]))
            self._take(other.result())

    def finish(self) -> None:
        """Run what is left and wait for every chunk; a worker's error is raised here."""
        try:
            # Less than a chunk in all (a rebuild after one edit) is written here, or here and in one
            # forked child: starting the workers would cost more than the pages.
            if self.pool is None and self.workers > 1 and len(self.pending) >= SHARED_FROM:
                self._share()
            self._send(start=False)
            self._collect(wait=True)
        finally:
            self.close()

    def close(self) -> None:
        global _job
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
        _job = None
