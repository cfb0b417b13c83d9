"""Sources of records, taken from the blocks they were read from."""

from __future__ import annotations

from reportsite.read.blocks import Block
from reportsite.records import Source


def source_of(*blocks: Block) -> Source:
    """The place a record stands: the line span of its blocks, or the pages from the first to the last."""
    first = blocks[0]
    if first.lines is not None:
        a = min(b.lines[0] for b in blocks if b.lines)
        z = max(b.lines[1] for b in blocks if b.lines)
        return Source(lines=[a, z])
    if first.paragraph is not None:
        return Source(paragraph=first.paragraph)
    if first.table_row is not None:
        return Source(table_row=list(first.table_row))
    last = max((b.page for b in blocks if b.page), default=first.page)
    return Source(
        page=first.page,
        bbox=list(first.bbox) if first.bbox else None,
        last_page=last if last and first.page and last > first.page else None,
        page_label=first.page_label or None,
    )


def row_source(block: Block, row: int | None) -> Source:
    """The place of one row of a table block: its own row in a Word table, the table's page in a PDF."""
    if block.table_row is not None and row is not None:
        return Source(table_row=[block.table_row[0], row])
    return source_of(block)
