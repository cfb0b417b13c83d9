"""Blocks to figures: every 'Figure N.' caption."""

from __future__ import annotations

from ..blocks import Block
from ..records import Figure, Report
from .ids import IdAllocator


def blocks_to_figures(
    blocks: list[Block], sections: list[str], report: Report, ids: IdAllocator
) -> list[Figure]:
    return []
