"""When Python's cycle collector runs in a build.

A build holds hundreds of thousands of objects from the time the extracts are read until it ends: the
records, their links and judgements. Python's collector walks every tracked object at each full
collection, and with its default thresholds (a young collection every 700 allocations, a full one
every hundred young ones) an edit build of an 80-report shelf spent 0.3-0.5 s of its 4 s in it, three
full collections finding next to nothing (measured with `gc.callbacks`).

So a build collects its young objects every YOUNG allocations, and what exists after the extracts are
read and after they are linked is frozen (`gc.freeze`): later collections leave it out. Records are
freed by reference counting as before; only cycles among frozen objects wait, until the build ends and
everything is unfrozen (so `serve`, which builds again in the same process, collects them then).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

YOUNG = 50_000
"""Allocations between two young collections: a few megabytes of garbage at most wait for one."""


def for_a_command() -> None:
    """At the start of a command-line process: young collections every YOUNG allocations."""
    gc.set_threshold(YOUNG, *gc.get_threshold()[1:])


@contextmanager
def long_lived() -> Iterator[Callable[[], None]]:
    """Within: the YOUNG schedule, and a function that freezes what exists now. On leaving, everything
    is unfrozen and the thresholds are what they were."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], YOUNG), *old[1:])
    try:
        yield gc.freeze
    finally:
        gc.unfreeze()
        gc.set_threshold(*old)
