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
    object, a chart drawn in strokes beside the caption (drawing_box).
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
        box = picture_box(images, caption_bbox)
        if box is None and caption_bbox is not None:
            strokes = [
                _top_left(obj.get_bounds(), height)
                for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,))
            ]
            box = drawing_box(strokes, caption_bbox)
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


def picture_box(images: list[Box], caption_bbox: list[float] | None) -> Box | None:
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
    return None


def drawing_box(strokes: list[Box], caption_bbox: list[float]) -> Box | None:
    """The chart drawn in strokes beside a caption: the run of strokes that begins nearest the caption,
    below it or above it, each within the gap of the last. The crop reaches the caption's left edge and
    a line past the strokes, for axis labels, which are text. None when no drawing stands near."""
    found = _drawing(strokes, caption_bbox)
    if found is None:
        return None
    down, (x0, y0, x1, y1) = found
    left, top, _, bottom = caption_bbox
    if down:
        return (min(left, x0), bottom, x1, y1 + 1.5 * _line(caption_bbox))
    return (min(left, x0), y0, x1, top)


def chart_text_box(strokes: list[Box], caption_bbox: list[float]) -> Box | None:
    """Where the lines of text of the chart drawn beside a caption start (its axis values, its legend):
    (x0, highest top, x1, lowest top). A line of the chart stands within the strokes' width, widened to
    the caption's left edge (values left of a vertical axis), and starts between a little above the
    strokes (a value centred on the top tick) and half a line under them (values under a horizontal
    axis), never on the caption's own lines. None when no drawing stands near."""
    found = _drawing(strokes, caption_bbox)
    if found is None:
        return None
    down, (x0, y0, x1, y1) = found
    left, top, _, bottom = caption_bbox
    line = _line(caption_bbox)
    highest, lowest = y0 - 0.7 * line, y1 + 0.5 * line
    if down:
        return (min(left, x0), max(bottom, highest), x1, lowest)
    return (min(left, x0), highest, x1, min(top - 1, lowest))


def _line(caption_bbox: list[float]) -> float:
    return max(caption_bbox[3] - caption_bbox[1], 1.0)


def _drawing(strokes: list[Box], caption_bbox: list[float]) -> tuple[bool, Box] | None:
    """(whether it stands below the caption, the box of its strokes) of the run of strokes that begins
    nearest the caption, below it or above it, each within the gap of the last."""
    _, top, _, bottom = caption_bbox
    gap = SETTINGS.extract.figure_drawing_gap

    def run(start: float, later: list[Box], key: int) -> tuple[float, bool, Box] | None:
        # Strokes in reading order away from the caption; key 1 (top) going down, 3 (bottom) going up.
        down = key == 1
        ordered = sorted(later, key=lambda b: b[1] if down else -b[3])
        distance = abs(ordered[0][key] - start) if ordered else gap + 1
        if distance > gap:
            return None
        x0, y0, x1, y1 = ordered[0]
        for b in ordered[1:]:
            if (b[1] > y1 + gap) if down else (b[3] < y0 - gap):
                break
            x0, y0, x1, y1 = min(x0, b[0]), min(y0, b[1]), max(x1, b[2]), max(y1, b[3])
        if x1 - x0 < MIN_SIDE or y1 - y0 < MIN_SIDE:
            return None
        return distance, down, (x0, y0, x1, y1)

    found = [
        r
        for r in (
            run(bottom, [b for b in strokes if b[1] >= bottom - 2], 1),
            run(top, [b for b in strokes if b[3] <= top + 2], 3),
        )
        if r is not None
    ]
    if not found:
        return None
    _, down, box = min(found, key=lambda r: r[0])
    return down, box
