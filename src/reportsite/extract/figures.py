"""Blocks to figures: every 'Figure N.' caption with its place; for a PDF, read/pdf/images.py crops
the picture beside the caption when the site is rendered."""

from __future__ import annotations

from reportsite.extract.ids import IdAllocator, slug
from reportsite.extract.provenance import source_of
from reportsite.read.blocks import FIGURE_CAPTION, Block
from reportsite.records import Figure, Report


def blocks_to_figures(
    blocks: list[Block], sections: list[str], report: Report, ids: IdAllocator
) -> list[Figure]:
    figures = []
    for block in blocks:
        if block.kind not in ("caption", "paragraph"):
            continue
        m = FIGURE_CAPTION.match(block.text)
        if not m:
            continue
        figures.append(
            Figure(
                id=ids.take(f"figure-{m['number']}-{slug(m['title'])}"),
                number=m["number"],
                caption=block.text,
                source=source_of(block),
            )
        )
    return figures
