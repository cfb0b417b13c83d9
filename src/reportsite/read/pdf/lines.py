"""PDF pages to printed lines through pypdfium2: text, box, font size and weight of each line.

pdfium's text page already orders characters, splits lines, rejoins hyphenated line breaks (marking the
join with U+FFFE) and closes up letter-spaced words, at a fraction of the cost of a character-by-character
pass in Python. Font details are read once per line, from its first printed character.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reportsite.read.blocks import FIGURE_CAPTION
from reportsite.read.pdf.boxes import Box, page_boxes
from reportsite.read.pdf.images import chart_text_box
from reportsite.read.pdf.marks import with_marks

# Some producers print a soft hyphen where a word is broken. pdfium's mark of a line-end hyphen it
# has removed (U+FFFE) is kept: whether the hyphen was the word's own is read from the whole document
# (read/pdf/hyphens.py).
_JOINS = {"\u00ad": ""}
_JOIN_TABLE = str.maketrans(_JOINS)
_FONT_NAME_BUFFER = 128


@dataclass(frozen=True)
class Line:
    text: str
    page: int
    """1-based."""
    x0: float
    top: float
    x1: float
    bottom: float
    """Box in points from the page's top-left corner, as pdfplumber gives them."""
    size: float
    bold: bool
    bold_end: bool = False
    """The line's last character is bold too (read only for a line that starts bold)."""

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (round(self.x0, 2), round(self.top, 2), round(self.x1, 2), round(self.bottom, 2))


@dataclass(frozen=True)
class PageLines:
    number: int
    width: float
    height: float
    lines: list[Line]
    has_rules: bool
    """Enough straight rules or boxes to hold a ruled table: worth asking pdfplumber for tables."""
    boxes: tuple[Box, ...] = ()
    """Boxes drawn around text (callouts), top to bottom as found."""
    charts: tuple[Box, ...] = ()
    """Where the lines of each chart drawn beside a figure caption start (read/pdf/images.py)."""
    has_grid: bool = False
    """Rules enough for a grid of one row: read for tables after a page with rules (a table's last row)."""


def fix_joins(text: str) -> str:
    """Remove the soft hyphens a producer printed at a word's break, so 'organi\\u00adsation' reads 'organisation'."""
    return text.translate(_JOIN_TABLE)


def page_to_lines(page: pdfium.PdfPage, number: int) -> PageLines:
    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        lines = textpage_to_lines(textpage, number, height)
    finally:
        textpage.close()
    paths = path_bounds(page)
    charts = chart_boxes(lines, paths, height)
    # A chart's bars and axes are no table's rules: the page is read for tables only for the others.
    ruled = [p for p in paths if not any(_in_box(p, box, height) for box in charts)] if charts else paths
    return PageLines(
        number,
        width,
        height,
        lines,
        has_rules(ruled),
        page_boxes(paths, width, height),
        charts,
        has_rules(ruled, rows=2),
    )


def _in_box(path: tuple[float, float, float, float], box: Box, height: float) -> bool:
    """Whether a path's bounds (PDF space) lie within a box (from the page's top-left corner)."""
    x0, y0, x1, y1 = path
    return box[0] - 2 <= x0 and x1 <= box[2] + 2 and box[1] - 2 <= height - y1 and height - y0 <= box[3] + 2


def chart_boxes(
    lines: list[Line], paths: list[tuple[float, float, float, float]], height: float
) -> tuple[Box, ...]:
    """Where the text of a chart drawn in strokes beside each figure caption of the page stands: its
    axis values and legend are the figure's, not the prose's."""
    captions = [ln for ln in lines if FIGURE_CAPTION.match(ln.text)]
    if not captions or not paths:
        return ()
    strokes = [(x0, height - y1, x1, height - y0) for x0, y0, x1, y1 in paths]
    found = (chart_text_box(strokes, list(ln.bbox)) for ln in captions)
    return tuple(box for box in found if box is not None)


def textpage_to_lines(textpage: pdfium.PdfTextPage, number: int, height: float) -> list[Line]:
    count = textpage.count_chars()
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:
        # Characters outside the BMP take two code units: fall back to one character at a time.
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 32) for i in range(count))
    lines: list[Line] = []
    start = 0
    for raw_line in text.split("\r\n"):
        end = start + len(raw_line)
        line = _span_to_line(textpage, text, start, end, number, height)
        if line is not None:
            if lines and _goes_on(lines[-1], line):
                lines[-1] = _joined(lines[-1], line)
            else:
                lines.append(line)
        start = end + 2
    return lines


SAME_LINE_GAP = 0.3
"""Type sizes between two pieces of text, side by side on one line, that are one line: pdfium breaks a
line where a raised note mark ('group⁴⁶. A high') moves the baseline. Columns stand further apart."""


def _goes_on(line: Line, piece: Line) -> bool:
    """Whether piece continues line on the same printed line, right after it."""
    size = max(line.size, piece.size, 1.0)
    overlap = min(line.bottom, piece.bottom) - max(line.top, piece.top)
    shorter = min(line.bottom - line.top, piece.bottom - piece.top)
    return (
        line.x1 - 1 <= piece.x0 <= line.x1 + SAME_LINE_GAP * size and shorter > 0 and overlap >= 0.5 * shorter
    )


def _joined(line: Line, piece: Line) -> Line:
    # A space where the gap holds one (about a quarter of the type size), none where the pieces touch.
    space = " " if piece.x0 - line.x1 > 0.15 * max(line.size, 1.0) else ""
    return replace(
        line,
        text=line.text + space + piece.text,
        x1=piece.x1,
        top=min(line.top, piece.top),
        bottom=max(line.bottom, piece.bottom),
        bold_end=piece.bold_end if line.bold else False,
    )


def _span_to_line(
    textpage: pdfium.PdfTextPage, text: str, start: int, end: int, number: int, height: float
) -> Line | None:
    first = next((i for i in range(start, end) if not text[i].isspace()), None)
    if first is None:
        return None
    last = next(i for i in range(end - 1, first - 1, -1) if not text[i].isspace())
    left, bottom, _, top = textpage.get_charbox(first, loose=True)
    _, bottom2, right, top2 = textpage.get_charbox(last, loose=True)
    size = pdfium_c.FPDFText_GetFontSize(textpage, first)
    bold = _is_bold(textpage, first)
    return Line(
        text=" ".join(fix_joins(with_marks(textpage, text, first, last)).split()),
        page=number,
        x0=left,
        top=height - max(top, top2),
        x1=right,
        bottom=height - min(bottom, bottom2),
        size=round(size * 2) / 2,
        bold=bold,
        bold_end=bold and _is_bold(textpage, last),
    )


def _is_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    buf = ctypes.create_string_buffer(_FONT_NAME_BUFFER)
    flags = ctypes.c_int()
    pdfium_c.FPDFText_GetFontInfo(textpage, index, buf, _FONT_NAME_BUFFER, ctypes.byref(flags))
    name = buf.value.decode("latin-1")
    # Subset fonts are named 'ABCDEF+Arial-BoldMT'; some producers only set the weight. A weight
    # outside 100-900 is not one (pdfium returns garbage for some embedded CID fonts).
    weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
    return "bold" in name.lower() or "black" in name.lower() or 600 <= weight <= 900


def path_bounds(page: pdfium.PdfPage) -> list[tuple[float, float, float, float]]:
    """The bounds (left, bottom, right, top, in PDF space) of every vector path on the page, read once."""
    return [obj.get_bounds() for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,))]


def has_rules(paths: list[tuple[float, float, float, float]], rows: int = 3) -> bool:
    """Whether there are enough rules for a ruled table: `rows` horizontal ones and two vertical (a box
    counts for two of each). With rows=2, a grid of one row: a table's last row on the next page."""
    horizontal = vertical = 0
    for x0, y0, x1, y1 in paths:
        w, h = x1 - x0, y1 - y0
        if h <= 3 and w >= 15:
            horizontal += 1
        elif w <= 3 and h >= 10:
            vertical += 1
        elif w > 3 and h > 3:
            horizontal += 2
            vertical += 2
        if horizontal >= rows and vertical >= 2:
            return True
    return False
