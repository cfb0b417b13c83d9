"""Where reports are extracted: in this process, in a pool of processes, or on a Dask cluster.

Reports are independent of one another, so extraction is one task per report through the
``concurrent.futures.Executor`` interface: a ``ProcessPoolExecutor`` on this machine by default, or
the executor of a Dask distributed cluster (``Client.get_executor()``) with ``dask://HOST:PORT``. A
task takes the catalogue entry and returns the report's Extract (with its YAML, written in the worker);
the results are gathered in catalogue order, so they are the same whatever ran them and in whatever
order they finished. The costliest tasks are handed out first, so that no worker is left with a long one
when the others have run out of work. Workers of a cluster read the source documents by the paths in the catalogue, so they must see the project's folder at the
same path (a shared file system), and have the same reportsite installed.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from reportsite.errors import ReportsiteError

DASK = "dask://"
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Workers:
    """How to spread extraction: `jobs` processes here (None: one per core), or `executor`, a
    scheduler address ('dask://HOST:PORT')."""

    jobs: int | None = None
    executor: str | None = None

    def processes(self, tasks: int) -> int:
        return max(1, min(self.jobs or usable_cores(), tasks))


def usable_cores() -> int:
    # The cores this process may run on (a container or taskset may allow fewer than the machine has).
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


SERIAL = Workers(jobs=1)


def _quiet_worker() -> None:
    # Ctrl-C reaches the whole process group: the main process stops the run with one line; the
    # workers must not each print a traceback of their own.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextmanager
def open_executor(workers: Workers, tasks: int) -> Iterator[Executor | None]:
    """The executor to hand tasks to, or None to run them here (one task, or one job asked for)."""
    if workers.executor:
        with _dask_executor(workers.executor) as executor:
            yield executor
        return
    processes = workers.processes(tasks)
    if processes <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=processes, initializer=_quiet_worker)
    try:
        yield pool
    finally:
        pool.shutdown(cancel_futures=True)


@contextmanager
def _dask_executor(address: str) -> Iterator[Executor]:
    if not address.startswith(DASK) or not address[len(DASK) :]:
        raise ReportsiteError(f"--executor {address!r}: expected {DASK}HOST:PORT")
    try:
        from distributed import Client
    except ImportError:
        raise ReportsiteError(
            f"--executor {address}: Dask is not installed (pip install 'reportsite[dask]')"
        ) from None
    try:
        client = Client(f"tcp://{address[len(DASK) :]}", timeout="10s")
    except OSError as exc:
        raise ReportsiteError(f"--executor {address}: cannot reach the scheduler ({exc})") from None
    try:
        yield client.get_executor()
    finally:
        client.close()


def run_tasks(
    fn: Callable[[T], R],
    items: list[T],
    workers: Workers,
    done: Callable[[int, R], None] | None = None,
    cost: Callable[[T], float] | None = None,
) -> list[R]:
    """fn over items; the results in item order. done(n, result) is called as each result arrives, n
    counting from 0 (in item order when run here, in the order they finish in a pool). With `cost` (an
    estimate of each item's time), the costliest items are handed out first. The first failure is
    raised once the tasks already running have ended."""
    with open_executor(workers, len(items)) as executor:
        if executor is None:
            out = []
            for i, item in enumerate(items):
                out.append(fn(item))
                if done:
                    done(i, out[-1])
            return out
        futures = {i: executor.submit(fn, items[i]) for i in longest_first(items, cost)}
        for n, future in enumerate(as_completed(futures.values())):
            result = future.result()
            if done:
                done(n, result)
        return [futures[i].result() for i in range(len(items))]


def longest_first(items: list[T], cost: Callable[[T], float] | None) -> list[int]:
    """The items' indexes, costliest first (ties in item order): handed out in this order, the workers
    of a pool run out of work at nearly the same time."""
    if cost is None:
        return list(range(len(items)))
    costs = [cost(item) for item in items]
    return sorted(range(len(items)), key=lambda i: -costs[i])
