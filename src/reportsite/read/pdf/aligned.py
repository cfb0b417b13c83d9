"""Unruled tables: the rows under a table caption whose words stand in aligned columns.

Only the region under a printed caption ('Table 4. ...') is searched, so that prose set in two columns or
a page of justified text is never read as a table. From the caption down, each text line is cut where a
gap between words is wider than a column gap; the table is the run of lines cut in two or more places that
line up, and it ends at a 'Source:' or 'Note:' line, at another caption, or where prose starts again.
Lines set close together (a header wrapped over two or three lines) make one row when the table also has
wider gaps between its rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median
from typing import Any

from reportsite.read.blocks import TABLE_CAPTION, is_caption

_NOTE = re.compile(r"^(?:Sources?|Notes?)\s*:", re.I)
COLUMN_GAP = 0.9
"""A gap between two words wider than this many times the type size separates two cells."""
SAME_LINE = 3.0
"""Words whose tops differ by less than this (points) stand on one line."""
CELL_WORDS = 8
"""Cells of a table average at most this many words; longer runs are prose set in columns."""
SUPERSCRIPT = 0.8
"""Digits set smaller than this share of their line's type size are note marks."""
RULE_START = 40.0
"""Vertical rules starting within this many points under a caption belong to its table."""
RULE_JOIN = 4.0
"""Points between the end of one vertical rule and the start of the next for both to rule one table."""
END_GAP = 3.0
"""A gap under a row this many times the table's usual gap between rows ends the table."""
ROW_GAP = 0.8
"""A gap between two lines wider than this many times the type size parts two rows, not two lines of one
cell (set at a leading of 1.2 to 1.5, whose gap is under half the size)."""


@dataclass
class Rules:
    """The straight rules of a page, as pdfplumber's edges give them."""

    vertical: list[tuple[float, float, float]] = field(default_factory=list)
    """(x, top, bottom) of each vertical rule."""
    horizontal: list[float] = field(default_factory=list)
    """y of each horizontal rule."""

    def top_under(self, caption_bottom: float) -> float | None:
        """The highest start of the vertical rules that start right under the caption: the table's top."""
        tops = [t for _, t, _ in self.vertical if caption_bottom - 2 <= t <= caption_bottom + RULE_START]
        return min(tops, default=None)

    def bottom_under(self, caption_bottom: float) -> float | None:
        """The lowest end of the vertical rules that start right under the caption."""
        ends = [b for _, t, b in self.vertical if caption_bottom - 2 <= t <= caption_bottom + RULE_START]
        if not ends:
            return None
        end = max(ends)
        # A rule drawn cell by cell is many short rules, each starting where the one above ends.
        for top, bottom in sorted((t, b) for _, t, b in self.vertical):
            if top <= end + RULE_JOIN and bottom > end:
                end = bottom
        return end + 1

    def cuts(self, top: float, bottom: float) -> list[float]:
        """Where the vertical rules between top and bottom part the columns, left to right."""
        xs: list[float] = []
        for x in sorted(x for x, t, b in self.vertical if t >= top - 2 and b <= bottom + 2):
            if not xs or x - xs[-1] > RULE_JOIN:
                xs.append(x)
        return xs

    def rows(self, run: list[_Line]) -> list[list[_Line]] | None:
        """Lines to rows between horizontal rules, where the rules part every row of the run."""
        if len(run) < 2:
            return None
        cuts = sorted(y for y in self.horizontal if run[0].top < y < run[-1].bottom)
        if len(cuts) < 2:
            return None
        rows: dict[int, list[_Line]] = {}
        for line in run:
            rows.setdefault(sum(y <= line.top + 1 for y in cuts), []).append(line)
        # Lines of one cell are set at their type's leading; lines a row's height apart between two rules
        # are rows of their own, and the rules part sections (a header, a total), not rows.
        if any(_gap(a, b) > ROW_GAP * a.size for row in rows.values() for a, b in pairwise(row)):
            return None
        return [rows[k] for k in sorted(rows)]


@dataclass
class _Line:
    top: float
    bottom: float
    size: float
    segments: list[tuple[float, float, str]]
    """(x0, x1, text) of each run of words set close together."""

    @property
    def text(self) -> str:
        return " ".join(s[2] for s in self.segments)


def words_to_lines(words: list[dict[str, Any]]) -> list[_Line]:
    """pdfplumber words (with 'size') to text lines, each cut into runs at wide gaps."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) < SAME_LINE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        size = median(w.get("size", 10.0) for w in row)
        # A footnote mark set small after a cell's text ('92% 352') is no part of the cell.
        row = [w for w in row if not (w["text"].isdigit() and w.get("size", size) < SUPERSCRIPT * size)]
        if not row:
            continue
        segments: list[list[Any]] = []
        for w in row:
            if segments and w["x0"] - segments[-1][1] <= COLUMN_GAP * size:
                segments[-1][1] = w["x1"]
                segments[-1][2] += " " + w["text"]
            else:
                segments.append([w["x0"], w["x1"], w["text"]])
        lines.append(
            _Line(
                min(w["top"] for w in row),
                max(w["bottom"] for w in row),
                size,
                [(a, b, t) for a, b, t in segments],
            )
        )
    return lines


def table_under_caption(
    words: list[dict[str, Any]], caption_bottom: float, rules: Rules | None = None
) -> tuple[list[list[str]], tuple[float, float, float, float]] | None:
    """(rows of cells, bbox) of the aligned table right under a caption, or None when the lines there do not
    stand in columns. `rules` are the page's partial rules: a table ruled only between its columns ends
    where those rules end, and one ruled only between its rows has a row between each two rules."""
    rules = rules or Rules()
    found = _under_caption(words, caption_bottom, rules)
    if found is None and rules.vertical:
        # Rules that bound no table of two rows (the box of a shaded header band, over a body ruled only
        # between its rows) say nothing of where the table ends: it is read by its alignment.
        found = _under_caption(words, caption_bottom, Rules(horizontal=rules.horizontal))
    return found


def _under_caption(
    words: list[dict[str, Any]], caption_bottom: float, rules: Rules
) -> tuple[list[list[str]], tuple[float, float, float, float]] | None:
    lines = [ln for ln in words_to_lines(words) if ln.top >= caption_bottom - 1]
    end = rules.bottom_under(caption_bottom)
    if end is not None:
        lines = [ln for ln in lines if ln.top < end]
    start = rules.top_under(caption_bottom)
    if start is not None:
        # A run of words above where the table's rules begin is the caption's own next line.
        lines = [ln for ln in lines if ln.bottom > start + 1 or len(ln.segments) > 1]
    # Rules between the columns say where the table ends and where its columns part: then a cell of
    # several sentences is still a cell, and no guess from gaps is needed.
    cuts = rules.cuts(caption_bottom, end) if end is not None else []
    run: list[_Line] = []
    for line in lines:
        text = line.text
        if _NOTE.match(text) or (run and (is_caption(text) or TABLE_CAPTION.match(text))):
            break
        if run and not cuts and len(line.segments) == 1 and _is_prose(line, run):
            break
        if run and not cuts and _gap(run[-1], line) > END_GAP * max(_usual_gap(run), line.size):
            break
        if not run and len(line.segments) < 2 and not cuts:
            if is_caption(text) or len(text.split()) <= CELL_WORDS:
                continue  # the rest of a caption wrapped over two lines, or a unit line
            return None
        run.append(line)
    bands = _ruled_bands(run, cuts) if cuts else _bands(run)
    if len(bands) < 2:
        return None
    rows = rules.rows(run) or _rows(run)
    cells = [_cells(row, bands) for row in rows]
    cells = [c for c in cells if any(c)]
    filled = [c for row in cells for c in row if c]
    if len(cells) < 2 or (not cuts and sum(len(c.split()) for c in filled) > CELL_WORDS * len(filled)):
        return None
    x0 = min(s[0] for ln in run for s in ln.segments)
    x1 = max(s[1] for ln in run for s in ln.segments)
    return cells, (x0, run[0].top, x1, run[-1].bottom)


def _gap(above: _Line, below: _Line) -> float:
    return below.top - above.bottom


def _usual_gap(run: list[_Line]) -> float:
    gaps = [_gap(a, b) for a, b in pairwise(run)]
    return median(gaps) if gaps else 0.0


def _is_prose(line: _Line, run: list[_Line]) -> bool:
    """One run of words wider than any column so far: the paragraph after the table."""
    width = line.segments[0][1] - line.segments[0][0]
    widest = max(s[1] - s[0] for ln in run for s in ln.segments)
    return width > 1.5 * widest or len(line.text.split()) > 2 * CELL_WORDS


def _bands(run: list[_Line]) -> list[tuple[float, float]]:
    """Column bands from the lines cut into the most runs (the body), merged where they overlap."""
    if not run:
        return []
    most = max(len(ln.segments) for ln in run)
    # Lines with as many runs as the fullest line give the columns; others may hold spanning headers.
    spans = sorted((s[0], s[1]) for ln in run if len(ln.segments) >= max(2, most - 1) for s in ln.segments)
    bands: list[list[float]] = []
    for a, b in spans:
        if bands and a <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], b)
        else:
            bands.append([a, b])
    return [(a, b) for a, b in bands]


def _ruled_bands(run: list[_Line], cuts: list[float]) -> list[tuple[float, float]]:
    """Columns between the vertical rules, the outer ones reaching the table's text; empty ones left out."""
    if not run:
        return []
    left = min(s[0] for ln in run for s in ln.segments)
    right = max(s[1] for ln in run for s in ln.segments)
    edges = [left, *(x for x in cuts if left < x < right), right]
    bands = list(pairwise(edges))
    used = {_band_of(a, b, bands) for ln in run for a, b, _ in ln.segments}
    return [band for k, band in enumerate(bands) if k in used]


def _rows(run: list[_Line]) -> list[list[_Line]]:
    """Lines to rows: where the table has both tight and wide gaps, lines a tight gap apart are one row."""
    gaps = [_gap(a, b) for a, b in pairwise(run)]
    tight = min(gaps, default=0.0)
    wide = any(g > 2 * max(tight, 1.0) + 2 for g in gaps)
    rows = [[run[0]]] if run else []
    for gap, line in zip(gaps, run[1:], strict=True):
        if wide and gap <= max(tight, 1.0) + 2:
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _cells(row: list[_Line], bands: list[tuple[float, float]]) -> list[str]:
    out = [""] * len(bands)
    for line in row:
        for x0, x1, text in line.segments:
            k = _band_of(x0, x1, bands)
            out[k] = f"{out[k]} {text}".strip()
    return out


def _band_of(x0: float, x1: float, bands: list[tuple[float, float]]) -> int:
    """The band a run overlaps most, or, overlapping none, the band its left edge stands in or after."""
    overlaps = [max(0.0, min(x1, b) - max(x0, a)) for a, b in bands]
    if max(overlaps) > 0:
        return overlaps.index(max(overlaps))
    return max((k for k, (a, _) in enumerate(bands) if a <= x0), default=0)
