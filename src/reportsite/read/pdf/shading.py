"""Shading boxes inside a table's cells, which are no rules of the table.

Word shades a paragraph line by line: in a cell, each line of a shaded paragraph stands on a filled box
of its own, inset from the cell's rules by the cell's padding. When the inset is under pdfplumber's
tolerance for where rules meet (3 points), the table finder takes the boxes' tops and bottoms for row
borders and cuts the cell into a row per line. A filled, unstroked box inset on both sides from rules
that run its whole height is such shading, and is left out of what the table finder reads. A box that
reaches the rules (a shaded header band, banded rows) is kept: its edges lie on the table's own.
"""

from __future__ import annotations

from typing import Any

import pdfplumber

REACH = 3.0
"""pdfplumber's intersection tolerance: a box edge nearer a rule than this meets it."""
INSET = 0.5
"""A box edge at least this far inside a rule does not lie on it."""
THIN = 2.0
"""A filled box narrower or lower than this is drawn as a rule."""


def drop_cell_shading(page: pdfplumber.page.Page) -> None:
    """Leave out of the page's rectangles the shading boxes inside its table cells (see above)."""
    objects = page.objects
    rects = objects.get("rect", [])
    boxes = [r for r in rects if _filled_box(r)]
    if not boxes:
        return
    rules = _vertical_rules(objects, rects)
    shading = [r for r in boxes if _inset(r, rules)]
    if shading:
        gone = {id(r) for r in shading}
        objects["rect"] = [r for r in rects if id(r) not in gone]
        # The edges pdfplumber made of the rectangles before are made again from what is left.
        page.flush_cache(["_rect_edges", "_edges"])


def _filled_box(rect: dict[str, Any]) -> bool:
    return (
        bool(rect.get("fill")) and not rect.get("stroke") and rect["width"] > THIN and rect["height"] > THIN
    )


def _vertical_rules(
    objects: dict[str, list[dict[str, Any]]], rects: list[dict[str, Any]]
) -> list[tuple[float, float, float]]:
    """(x, top, bottom) of each vertical line, each thin upright box and each side of a stroked box."""
    out = [
        (float(ln["x0"]), float(ln["top"]), float(ln["bottom"]))
        for ln in objects.get("line", [])
        if ln["x0"] == ln["x1"]
    ]
    for r in rects:
        if r["width"] <= THIN:
            out.append(((r["x0"] + r["x1"]) / 2, r["top"], r["bottom"]))
        elif r.get("stroke"):
            out += [(r["x0"], r["top"], r["bottom"]), (r["x1"], r["top"], r["bottom"])]
    return out


def _inset(box: dict[str, Any], rules: list[tuple[float, float, float]]) -> bool:
    """Whether rules that run the box's whole height stand just outside it on both sides."""
    spanning = [x for x, top, bottom in rules if top <= box["top"] + 1 and bottom >= box["bottom"] - 1]
    left = any(INSET <= box["x0"] - x <= REACH for x in spanning)
    right = any(INSET <= x - box["x1"] <= REACH for x in spanning)
    return left and right
