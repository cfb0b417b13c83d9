"""A pdfplumber page for the table finder, read at a fraction of pdfplumber's cost.

pdfplumber reads a page by having pdfminer lay out every object on it, in Python, and turning each into
a dict, its fonts and colours resolved; the table finder wants of that only the rules and the text and
box of each character. pdfium has both parsed already, in C: the rules come from its path objects,
classed as pdfminer classes them (drawings.py), and the characters from its text page, boxed as pdfminer
boxes them (from the font's advance width and, within a fifth of a point, its descent up by the type
size; not the glyph's ink). Word breaks are pdfium's: where it finds a space, drawn or left as a gap,
the cell's text has one (pdfminer's reading sees only a gap of over 3 points).
pdfplumber's own table finder then reads them.

A page turned by /Rotate, whose MediaBox does not start at the origin, or that prints turned characters
is left to pdfplumber whole: pdfium and pdfplumber place or box these differently, and the rules and
the characters must agree.
"""

from __future__ import annotations

import ctypes
import math
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reportsite.read.pdf.drawings import page_drawings

_HYPHENS = {0xFFFE: "-", 0x02: "-"}
"""pdfium's codes for a hyphen it takes for a line-end break; the page prints a hyphen there."""
_BREAKS_OR_SPACE = frozenset({10, 13, 32})
"""What pdfium writes of its own between words and lines (IsGenerated says which it wrote)."""


def plain(plumbed: pdfplumber.page.Page, page: pdfium.PdfPage) -> bool:
    """Whether both libraries place the page's objects alike: not turned, the MediaBox at the origin."""
    x0, top = plumbed.mediabox[:2]
    return plumbed.rotation == 0 and page.get_rotation() == 0 and x0 == 0 and top == 0


def read_rules(plumbed: pdfplumber.page.Page, page: pdfium.PdfPage) -> bool:
    """Give a plain pdfplumber page its drawings, from pdfium (drawings.py), and no characters yet
    (read_chars); say whether it was plain. A page that is not, pdfplumber reads whole when asked."""
    if not plain(plumbed, page):
        return False
    # pdfplumber reads a page's objects through this cached attribute, which its page.close() drops.
    plumbed._objects = {**page_drawings(page, float(plumbed.height), plumbed.initial_doctop), "char": []}
    return True


def read_chars(plumbed: pdfplumber.page.Page, page: pdfium.PdfPage, bands: list[tuple[float, float]]) -> None:
    """Give a page read_rules found plain its characters within the bands (top, bottom from the page's
    top)."""
    if not bands:
        return
    chars = page_chars(page, plumbed.page_number, float(plumbed.height), plumbed.initial_doctop, bands)
    if chars is not None:
        plumbed._objects["char"] = chars
    else:
        # Turned characters (a column heading set upwards, text upside down) pdfium boxes by their
        # ink, pdfminer by their font: pdfplumber reads this page whole when next asked.
        plumbed.close()


BAND_SLACK = 12.0
"""Points above and below a band whose characters are read too: a line across its edge is read whole."""


def page_chars(
    page: pdfium.PdfPage,
    number: int,
    height: float,
    doctop: float = 0.0,
    bands: list[tuple[float, float]] | None = None,
) -> list[dict[str, Any]] | None:
    """The printed characters of a page (or of its bands) as pdfplumber's char dicts, with the keys its
    text and table code reads; pdfium's line breaks are left out, as pdfminer has none. None where one
    of them is turned or mirrored: pdfminer's box for it is not pdfium's."""
    textpage = page.get_textpage()
    try:
        return _chars(textpage, number, height, doctop, bands or [(0.0, height)])
    finally:
        textpage.close()


def _chars(
    textpage: pdfium.PdfTextPage, number: int, height: float, doctop: float, bands: list[tuple[float, float]]
) -> list[dict[str, Any]] | None:
    out: list[dict[str, Any]] = []
    box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    box_p, matrix_p, x_p, y_p = ctypes.byref(box), ctypes.byref(matrix), ctypes.byref(x), ctypes.byref(y)
    get_code, generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    origin, loose, turn, size_of = (
        pdfium_c.FPDFText_GetCharOrigin,
        pdfium_c.FPDFText_GetLooseCharBox,
        pdfium_c.FPDFText_GetMatrix,
        pdfium_c.FPDFText_GetFontSize,
    )
    spans = [(height - bottom - BAND_SLACK, height - top + BAND_SLACK) for top, bottom in bands]
    count = textpage.count_chars()
    # The page's text in one call; char by char where it holds a character beyond 16 bits, whose two
    # UTF-16 units are two of pdfium's characters.
    text = textpage.get_text_range()
    codes = [ord(ch) for ch in text] if len(text) == count else [get_code(textpage, i) for i in range(count)]
    within = False
    for i, code in enumerate(codes):
        if code in _BREAKS_OR_SPACE and generated(textpage, i) == 1:
            if code == 32 and within:
                # pdfium boxes its own spaces as points off the line; this one parts two words of it.
                out.append({**out[-1], "text": " ", "x0": out[-1]["x1"], "width": 0.0})
            continue
        origin(textpage, i, x_p, y_p)
        within = any(low <= y.value <= high for low, high in spans)
        if not within or not loose(textpage, i, box_p):
            within = False
            continue
        turn(textpage, i, matrix_p)
        # Set as the page reads: not turned, not mirrored (slanted for italics is).
        if not (matrix.a > 0 and matrix.d > 0 and matrix.b * matrix.c <= 0):
            return None
        size = size_of(textpage, i) * math.hypot(matrix.c, matrix.d)
        # pdfminer boxes a character from its origin, by its advance, from the font's descent up by
        # the type size; pdfium's loose box reaches up to the font's ascent instead.
        bottom = height - box.bottom
        top = bottom - size
        out.append(
            {
                "object_type": "char",
                "page_number": number,
                "text": _HYPHENS.get(code) or chr(code or 32),
                "x0": x.value,
                "x1": box.right,
                "top": top,
                "bottom": bottom,
                "doctop": doctop + top,
                "width": box.right - x.value,
                "height": bottom - top,
                "size": size,
                "upright": True,
            }
        )
    return out
