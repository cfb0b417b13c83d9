"""Blocks to tables: caption, header, typed cells and the total check."""

from __future__ import annotations

from ..blocks import Block
from ..records import Report, Table
from .ids import IdAllocator


def blocks_to_tables(
    blocks: list[Block], sections: list[str], report: Report, ids: IdAllocator
) -> list[Table]:
    return []
