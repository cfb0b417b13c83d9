"""A PDF page and a figure caption's box -> the figure's picture, cropped and drawn as PNG bytes."""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reportsite.settings import SETTINGS

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom in points from the page's top-left corner, as the reader gives boxes."""
MIN_SIDE = 20.0
"""A picture narrower or shorter than this (in points) is a rule or an icon, not a figure."""
PNG_LEVEL = 3
"""zlib's effort for the pictures: on report pages (photos, charts, text) 3 made files a few per cent
smaller than Pillow's default 6, in two thirds of its time."""


def figure_to_png(pdf_path: Path, page_number: int, caption_bbox: list[float] | None) -> bytes | None:
    """The picture beside a caption on a PDF page, as PNG bytes; None where there is none to crop.

    The picture is the page's image nearest the caption (above it, else below); failing an image
    object (a chart drawn in vectors), the band of the page above the caption.
    """
    doc = pdfium.PdfDocument(pdf_path)
    try:
        page = doc[page_number - 1]
        width, height = page.get_size()
        images = [
            _top_left(obj.get_bounds(), height)
            for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))
        ]
        images = [b for b in images if b[2] - b[0] >= MIN_SIDE and b[3] - b[1] >= MIN_SIDE]
        box = picture_box(images, caption_bbox, width)
        if box is None:
            return None
        x0, top, x1, bottom = max(0.0, box[0]), max(0.0, box[1]), min(width, box[2]), min(height, box[3])
        if x1 - x0 < 1 or bottom - top < 1:
            return None
        bitmap = page.render(
            scale=SETTINGS.extract.figure_dpi / 72, crop=(x0, height - bottom, width - x1, top)
        )
        out = io.BytesIO()
        bitmap.to_pil().save(out, format="PNG", compress_level=PNG_LEVEL)
        return out.getvalue()
    finally:
        doc.close()


def _top_left(bounds: tuple[float, float, float, float], height: float) -> Box:
    left, bottom, right, top = bounds
    return (left, height - top, right, height - bottom)


def picture_box(images: list[Box], caption_bbox: list[float] | None, width: float) -> Box | None:
    if caption_bbox is None:
        return max(images, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]), default=None)
    _, top, _, bottom = caption_bbox
    near = SETTINGS.extract.figure_caption_distance
    above = [b for b in images if b[3] <= top + 2 and top - b[3] < near]
    below = [b for b in images if b[1] >= bottom - 2 and b[1] - bottom < near]
    if above:
        return max(above, key=lambda b: b[3])
    if below:
        return min(below, key=lambda b: b[1])
    # Vector charts have no image object: take the band above the caption.
    band_top = max(0.0, top - near / 2)
    return (0.0, band_top, width, top) if top - band_top > MIN_SIDE else None
