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
        # Plain system calls on the pipe: a stand-in for os.fdopen (a test's full disk) is the work's.
        chunks = []
        try:
            while chunk := os.read(self.fd, 1 << 20):
                chunks.append(chunk)
            os.close(self.fd)
            self.fd = -1
        finally:
            self.close()
        data = b"".join(chunks)
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
        data = memoryview(pickle.dumps((True, work()), protocol=pickle.HIGHEST_PROTOCOL))
        while data:
            data = data[os.write(fd, data) :]
        code = 0
    except BaseException:
        pass
    finally:
        # Never the parent's exit handlers, nor its buffered output written twice.
        os._exit(code)


R = TypeVar("R")


class Chunked(Generic[T, R]):
    """Items handed to `work` a chunk at a time on threads while the build goes on. Folders made and
    files linked are system calls, which run beside the build's Python (they release the interpreter's
    lock). results() waits for all and gives what `work` returned, in order; it raises the first error."""

    def __init__(self, work: Callable[[list[T]], list[R]], chunk: int, threads: int = 2) -> None:
        self.work, self.chunk, self.threads = work, chunk, threads
        self.pending: list[T] = []
        self.futures: list[Future[list[R]]] = []
        self.pool: ThreadPoolExecutor | None = None

    def add(self, item: T) -> None:
        self.pending.append(item)
        if len(self.pending) >= self.chunk:
            self._submit()

    def _submit(self) -> None:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(self.threads, thread_name_prefix="meanwhile")
        chunk, self.pending = self.pending, []
        self.futures.append(self.pool.submit(self.work, chunk))

    def results(self) -> list[R]:
        if self.pending:
            self._submit()
        try:
            return [r for future in self.futures for r in future.result()]
        finally:
            self.close()

    def close(self) -> None:
        """Wait for the threads (a failed build removes the folder they write into afterwards)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.futures = []

    def __enter__(self) -> Chunked[T, R]:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


class Links(Chunked[tuple[str, str], None]):
    """Files hard-linked (copied where a link fails) on threads: all there once wait() returned."""

    def __init__(self) -> None:
        super().__init__(self._link, 100)
        self.folders: set[str] = set()

    def link(self, old: str, new: str) -> None:
        self.add((old, new))

    def wait(self) -> None:
        self.results()

    def _link(self, chunk: list[tuple[str, str]]) -> list[None]:
        for old, new in chunk:
            folder = os.path.dirname(new)
            if folder not in self.folders:
                os.makedirs(folder, exist_ok=True)
                self.folders.add(folder)
            try:
                os.link(old, new)
            except OSError:
                shutil.copyfile(old, new)
        return []
