"""A computation run in a forked process while the build goes on: the second core's share of a build.

A build after a small edit is Python on one core. Where one of its steps reads the records and nothing
that the steps beside it change, it can run in a child forked from the build, which inherits the records
unpickled and sends back only its result. Where fork is not available, with one core, or when the child
fails for any reason, the step runs in this process when its result is asked for: the result, or the
error it raises, is the same either way.
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return hasattr(os, "fork") and sys.platform != "win32" and cores() > 1


class Meanwhile(Generic[T]):
    """work() started in a child process; result() waits for it. work must change nothing the rest of
    the build reads: what it changes in the child is lost."""

    def __init__(self, work: Callable[[], T]) -> None:
        self.work = work
        self.pid = 0
        self.fd = -1
        if not _can_fork():
            return
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:
            os.close(read)
            _child(work, write)
        os.close(write)
        self.pid, self.fd = pid, read

    def __enter__(self) -> Meanwhile[T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def result(self) -> T:
        if self.pid == 0:
            return self.work()
        try:
            with os.fdopen(self.fd, "rb") as pipe:
                self.fd = -1
                data = pipe.read()
        finally:
            self.close()
        try:
            done, value = pickle.loads(data)
        except Exception:
            # The child was killed or failed: the work is done here, raising its own error if it has one.
            done = False
        return value if done else self.work()

    def close(self) -> None:
        """Stop the child if its result was not taken (the build failed meanwhile), and reap it."""
        if self.pid == 0:
            return
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.pid = 0


def _child(work: Callable[[], object], fd: int) -> None:
    code = 1
    try:
        # Ctrl-C reaches the whole process group: the build reports it, the child only stops.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # Short-lived: collecting would only copy the parent's pages that the child shares.
        gc.disable()
        data = pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(fd, "wb") as pipe:
            pipe.write(data)
        code = 0
    except BaseException:
        pass
    finally:
        # Never the parent's exit handlers, nor its buffered output written twice.
        os._exit(code)


class Links:
    """Files hard-linked (copied where a link fails) on threads while the build goes on: the folders made
    and the links are system calls, which run beside the build's Python. wait() returns once all are
    there, and raises the first error met."""

    CHUNK = 100

    def __init__(self) -> None:
        self.pending: list[tuple[str, str]] = []
        self.futures: list[Future[None]] = []
        self.pool: ThreadPoolExecutor | None = None
        self.folders: set[str] = set()

    def add(self, old: str, new: str) -> None:
        self.pending.append((old, new))
        if len(self.pending) >= self.CHUNK:
            self._submit()

    def _submit(self) -> None:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(2, thread_name_prefix="links")
        chunk, self.pending = self.pending, []
        self.futures.append(self.pool.submit(self._link, chunk))

    def _link(self, chunk: list[tuple[str, str]]) -> None:
        for old, new in chunk:
            folder = os.path.dirname(new)
            if folder not in self.folders:
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            try:
                os.link(old, new)
            except OSError:
                shutil.copyfile(old, new)

    def __enter__(self) -> Links:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def wait(self) -> None:
        if self.pending:
            self._submit()
        try:
            for future in self.futures:
                future.result()
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.futures = []
