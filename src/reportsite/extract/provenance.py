"""Sources of records, taken from the blocks they were read from."""

from __future__ import annotations

from reportsite.read.blocks import Block
from reportsite.records import Source


def source_of(*blocks: Block) -> Source:
    """The place a record stands: the line span of its blocks, or the page of the first."""
    first = blocks[0]
    if first.lines is not None:
        a = min(b.lines[0] for b in blocks if b.lines)
        z = max(b.lines[1] for b in blocks if b.lines)
        return Source(lines=[a, z])
    return Source(page=first.page, bbox=list(first.bbox) if first.bbox else None)
