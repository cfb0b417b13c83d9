"""What the pages rendered meanwhile were made with: the templates loaded and the site settings read."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

_RECORDING: list[set[str]] = []
"""The sets every template loaded is noted in, while ``record_templates`` is open."""


@contextmanager
def record_templates() -> Iterator[set[str]]:
    """Names of the templates loaded meanwhile (rendered, extended, included, imported), and ``site.X``
    for each site setting read: what the pages rendered meanwhile were made with."""
    seen: set[str] = set()
    _RECORDING.append(seen)
    try:
        yield seen
    finally:
        _RECORDING.remove(seen)


def note_template(name: str) -> None:
    """Note a template (or ``site.X``) as used by the pages being rendered."""
    for seen in _RECORDING:
        seen.add(name)


def noted() -> set[str]:
    """What the pages being rendered were made with so far."""
    return set().union(*_RECORDING)
