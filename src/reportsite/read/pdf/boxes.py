"""Boxes drawn around text: a callout's border or shading, read from the page's vector paths.

Word prints a bordered one-cell table as a stack of path pieces, one per text line, each as wide as the
box; other producers draw one rectangle. Pieces of the same width that touch, top to bottom, are one box.
"""

from __future__ import annotations

Box = tuple[float, float, float, float]
"""x0, top, x1, bottom in points from the page's top-left corner."""
MIN_WIDTH = 0.25
"""A box is at least this share of the page wide: narrower paths are rules, icons, a chart's bars."""
MAX_WIDTH, MAX_HEIGHT = 0.6, 0.6
"""A box at least this share of the page wide and high frames the page (or is its background): no callout."""
MIN_HEIGHT = 24.0
"""Two lines of text at least: a lone rule or a header band is no box."""
_SAME_EDGE = 2.0


def page_boxes(
    paths: list[tuple[float, float, float, float]], width: float, height: float
) -> tuple[Box, ...]:
    """Boxes from the bounds (left, bottom, right, top, in PDF space) of the page's vector paths."""
    pieces = [(x0, height - y1, x1, height - y0) for x0, y0, x1, y1 in paths if x1 - x0 >= width * MIN_WIDTH]
    return merge_pieces(pieces, width, height)


def merge_pieces(pieces: list[Box], width: float, height: float) -> tuple[Box, ...]:
    """Join pieces with the same left and right edges that touch into boxes; keep those tall enough."""
    boxes: list[list[float]] = []
    for x0, top, x1, bottom in sorted(pieces, key=lambda b: (round(b[0]), round(b[2]), b[1])):
        last = boxes[-1] if boxes else None
        if (
            last is not None
            and abs(last[0] - x0) <= _SAME_EDGE
            and abs(last[2] - x1) <= _SAME_EDGE
            and top <= last[3] + _SAME_EDGE
        ):
            last[1], last[3] = min(last[1], top), max(last[3], bottom)
            last[0], last[2] = min(last[0], x0), max(last[2], x1)
        else:
            boxes.append([x0, top, x1, bottom])
    return tuple(
        (b[0], b[1], b[2], b[3])
        for b in boxes
        if b[3] - b[1] >= MIN_HEIGHT
        and not (b[2] - b[0] >= width * MAX_WIDTH and b[3] - b[1] >= height * MAX_HEIGHT)
    )


def box_of(x0: float, top: float, x1: float, bottom: float, boxes: tuple[Box, ...]) -> int | None:
    """The index of the box a line's middle stands in, or None."""
    x, y = (x0 + x1) / 2, (top + bottom) / 2
    return next((n for n, b in enumerate(boxes) if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)
