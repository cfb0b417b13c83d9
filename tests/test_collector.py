"""The collector's schedule in a build (collector.py): frozen while it runs, as it was after."""

from __future__ import annotations

import gc
import weakref

from reportsite import collector


def test_a_build_freezes_what_lives_long_and_leaves_the_collector_as_it_found_it() -> None:
    before = gc.get_threshold()
    with collector.long_lived() as settle:
        assert gc.get_threshold()[0] >= collector.YOUNG
        kept = [object() for _ in range(10)]
        settle()
        assert gc.get_freeze_count() > 0
    assert kept
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == before


def test_cycles_made_during_a_build_are_collected_after_it() -> None:
    class Node:
        pass

    with collector.long_lived() as settle:
        node = Node()
        node.self = node  # type: ignore[attr-defined]
        gone = weakref.ref(node)
        settle()
        del node
        gc.collect()
        assert gone() is not None
    # Unfrozen at the end: a full collection finds the cycle.
    gc.collect()
    assert gone() is None
