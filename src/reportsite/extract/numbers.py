"""Blocks to numbers: money, percentages and counts stated in the text."""

from __future__ import annotations

from ..blocks import Block
from ..records import Number, Report
from .ids import IdAllocator


def blocks_to_numbers(
    blocks: list[Block], sections: list[str], report: Report, ids: IdAllocator
) -> list[Number]:
    return []
