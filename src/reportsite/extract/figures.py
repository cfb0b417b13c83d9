"""Blocks to figures: every 'Figure N.' caption, and for a PDF the picture above or below it.

Extraction writes YAML only, so a figure's `image` stays empty here. `figure_to_png` crops the picture
from the PDF page into `<dir>/figures/<report-id>/<number>.png` for the stage that writes files (the
build), which then sets `image` to that path relative to the site root.
"""

from __future__ import annotations

from pathlib import Path

from reportsite.extract.ids import IdAllocator, slug
from reportsite.extract.provenance import source_of
from reportsite.read.blocks import FIGURE_CAPTION, Block
from reportsite.records import Figure, Report
from reportsite.settings import SETTINGS


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


def figure_image_path(report_id: str, figure: Figure) -> str:
    """Where a figure's picture is written, relative to the output folder."""
    return f"figures/{report_id}/{slug(figure.number, max_length=20)}.png"


def figure_to_png(pdf_path: Path, report_id: str, figure: Figure, out_dir: Path) -> str | None:
    """Crop the figure's picture from its PDF page into out_dir; returns the path written, or None.

    The picture is the page's image nearest the caption (above it, else below); failing an image
    object, the page region between the caption and the text block above it is drawn instead.
    """
    import pdfplumber

    if figure.source.page is None:
        return None
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[figure.source.page - 1]
        bbox = _picture_bbox(page, figure.source.bbox)
        if bbox is None:
            return None
        # Images may bleed off the page; crop refuses a box outside it.
        x0, top, x1, bottom = bbox
        bbox = (max(0.0, x0), max(0.0, top), min(float(page.width), x1), min(float(page.height), bottom))
        if bbox[2] - bbox[0] < 1 or bbox[3] - bbox[1] < 1:
            return None
        rel = figure_image_path(report_id, figure)
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        page.crop(bbox).to_image(resolution=SETTINGS.extract.figure_dpi).save(target, format="PNG")
        return rel


def _picture_bbox(page, caption_bbox: list[float] | None) -> tuple[float, float, float, float] | None:
    width = float(page.width)
    images = [(float(im["x0"]), float(im["top"]), float(im["x1"]), float(im["bottom"])) for im in page.images]
    if caption_bbox is None:
        return max(images, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), default=None)
    _, top, _, bottom = caption_bbox
    above = [b for b in images if b[3] <= top + 2 and top - b[3] < SETTINGS.extract.figure_caption_distance]
    below = [
        b for b in images if b[1] >= bottom - 2 and b[1] - bottom < SETTINGS.extract.figure_caption_distance
    ]
    if above:
        return max(above, key=lambda b: b[3])
    if below:
        return min(below, key=lambda b: b[1])
    # Vector charts have no image object: take the band above the caption.
    band_top = max(0.0, top - SETTINGS.extract.figure_caption_distance / 2)
    return (0.0, band_top, width, top) if top - band_top > 20 else None
