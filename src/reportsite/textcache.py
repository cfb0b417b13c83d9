"""Caches of work on texts that serve one pass over a shelf, and can be emptied after it.

Linking asks about the same sentences and texts again and again (their tokens, their themes' terms,
their stance), so those answers are cached; on a shelf of hundreds of reports the caches hold tens of MB
of tokenised text. The rest of a build, where its memory peaks, has no use for them, and what a later
build needs is kept on disk (link/memo.py): `release()` empties them all at the end of linking.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

_caches: list[Any] = []


def text_cache(maxsize: int) -> Callable[[F], F]:
    """functools.lru_cache(maxsize), emptied by release()."""

    def wrap(func: F) -> F:
        cached = lru_cache(maxsize=maxsize)(func)
        _caches.append(cached)
        return cached  # type: ignore[return-value]

    return wrap


def release() -> None:
    for cached in _caches:
        cached.cache_clear()
