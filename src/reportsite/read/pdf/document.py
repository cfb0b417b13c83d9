"""PDF documents to blocks, each with its page (1-based) and box.

Lines come from pypdfium2 (fast, and already de-hyphenated); pdfplumber is opened only for pages that
carry enough rules to hold a ruled table. Every failure of either library becomes one ReadError line
naming the file, and the page where there is one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TypeVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reportsite.errors import ReadError
from reportsite.read.blocks import Block
from reportsite.read.pdf.hyphens import settle_hyphens
from reportsite.read.pdf.layout import (
    document_style,
    drop_contents,
    drop_furniture,
    furniture_keys,
    join_across_pages,
    lines_to_blocks,
    printed_page_label,
    reading_order,
)
from reportsite.read.pdf.lines import Line, PageLines, page_to_lines
from reportsite.read.pdf.outline import Entry, apply_outline, read_outline
from reportsite.read.pdf.tables import caption_bottoms, page_tables, place_tables, settle_fragments

DAMAGED = "is damaged or truncated; cannot be read as a PDF"
ENCRYPTED = "is encrypted; remove the password and try again"
NO_TEXT = "has no text layer; OCR is not supported"
_HEAD = 1024
_T = TypeVar("_T")
_TAIL = 2048


def pdf_file_to_blocks(path: Path, shown: str | None = None) -> list[Block]:
    """Read a PDF into blocks in reading order. Raises ReadError naming the file (and page)."""
    return pdf_file_to_blocks_and_texts(path, shown)[0]


def pdf_file_to_blocks_and_texts(path: Path, shown: str | None = None) -> tuple[list[Block], list[str]]:
    """pdf_file_to_blocks, and pdf_page_texts from the same reading of the pages: extraction checks
    its quotes against the page texts, and reading every page twice was a sixth of its time."""
    shown = shown or str(path)
    pages = pdf_file_to_page_lines(path, shown)
    keys = furniture_keys(pages, document_style(ln for p in pages for ln in p.lines).body)
    bare = [drop_furniture(p, keys) for p in pages]
    texts = ["\n".join(ln.text for ln in lines) for lines in bare]
    kept = [reading_order(lines, p.width) for p, lines in zip(pages, bare, strict=True)]
    style = document_style(ln for lines in kept for ln in lines)
    ruled = {p.number for p in pages if p.has_rules}
    # A table ruled on one page may end in a grid of one row on the next.
    ruled |= {p.number for p in pages if p.has_grid and p.number - 1 in ruled}
    tables = page_tables(path, shown, sorted(ruled), caption_bottoms(pages))
    tables = settle_fragments(tables, *_text_extent(pages, kept, tables, style.body))
    blocks: list[Block] = []
    in_contents = False
    for page, lines in zip(pages, kept, strict=True):
        on_page = tables.get(page.number, [])
        lines = [ln for ln in lines if not any(_inside(ln, t.bbox) for t in on_page)]
        lines, charted = _apart(lines, page.charts)
        lines, in_contents = drop_contents(lines, in_contents)
        lines, notes = split_footnotes(lines, style.body, page.height)
        # A chart's values and legend are its own: set apart as figure text where they stand.
        charts = [replace(b, kind="figure_text") for b in lines_to_blocks(charted, style)]
        found = place_tables(chart_labels(list(lines_to_blocks(lines, style, page.boxes))), on_page + charts)
        found += [
            replace(b, kind="footnote") for note in each_note(notes) for b in lines_to_blocks(note, style)
        ]
        label = printed_page_label(page)
        if label and label != str(page.number):
            found = [replace(b, page_label=label) for b in found]
        blocks.extend(found)
    return apply_outline(join_across_pages(blocks), pdf_outline(path, shown)), texts


def pdf_outline(path: Path, shown: str) -> list[Entry]:
    """The PDF's outline entries; an outline pdfium cannot walk is no outline (the text is still read)."""
    with _open(path, shown) as doc:
        try:
            return read_outline(doc)
        except Exception:  # a broken bookmark tree says nothing about the pages
            return []


_NOTE_START = re.compile(r"^\d{1,3}\s*\S")
FOOTNOTE_ZONE = 0.5
"""Footnotes stand in the lower half of the page."""


def split_footnotes(lines: list[Line], body: float, height: float) -> tuple[list[Line], list[Line]]:
    """(body lines, footnote lines): the run of small-type lines at the foot of the page, opening with a
    note number. They are printed apart from the text and are not statements of it."""
    k = len(lines)
    while k > 0 and lines[k - 1].size <= body - 1 and lines[k - 1].top >= height * FOOTNOTE_ZONE:
        k -= 1
    notes = lines[k:]
    # Small type that does not open with a note number is something else set small (a table's rows).
    if not notes or not _NOTE_START.match(notes[0].text):
        return lines, []
    return lines[:k], notes


_NOTE_NUMBER = re.compile(r"^(\d{1,3})\s")


def each_note(lines: list[Line]) -> list[list[Line]]:
    """The footnote lines of a page, note by note: a line opening with the number after the last note's
    opens the next ('10 https://...' then '11 Ibid.', set close as one paragraph). A line of a note that
    opens with another number ('2021 figures', '5 of the 8') goes on with its note."""
    out: list[list[Line]] = []
    number = None
    for line in lines:
        m = _NOTE_NUMBER.match(line.text)
        if not out or (m and number is not None and int(m[1]) == number + 1):
            out.append([line])
            number = int(m[1]) if m else None
        else:
            out[-1].append(line)
    return out


CHART_LABEL_WORDS = 4
CHART_LABEL_RUN = 3
CHART_NEIGHBOUR_WORDS = 15


def chart_labels(blocks: list[Block]) -> list[Block]:
    """The text of a chart drawn on the page read as 'headings' (its axis values and legend are set in
    large type) becomes figure text: a run of three or more short headings in a row, a heading that is
    mostly numbers, and the short headings next to those."""
    out = list(blocks)
    chart = [False] * len(out)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and _short_heading(out[j], CHART_LABEL_WORDS) and out[j].level == out[i].level:
            j += 1
        if j - i >= CHART_LABEL_RUN:
            chart[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    # A heading never opens in lower case, is never mostly numbers and never trails off ('...'): those
    # are a chart's labels.
    chart = [
        c or (b.kind == "heading" and (_mostly_numbers(b.text) or b.text[:1].islower() or _cut(b.text)))
        for c, b in zip(chart, out, strict=True)
    ]
    changed = True
    while changed:
        changed = False
        for k, block in enumerate(out):
            near = (k > 0 and chart[k - 1]) or (k + 1 < len(out) and chart[k + 1])
            if not chart[k] and near and _short_heading(block, CHART_NEIGHBOUR_WORDS):
                chart[k] = changed = True
    return [replace(b, kind="figure_text") if c else b for b, c in zip(out, chart, strict=True)]


def _cut(text: str) -> bool:
    return text.rstrip().endswith(("...", "…"))


def _short_heading(block: Block, words: int) -> bool:
    return block.kind == "heading" and len(block.text.split()) <= words and not block.text.endswith(".")


def _mostly_numbers(text: str) -> bool:
    tokens = text.split()
    return sum(any(c.isdigit() for c in t) for t in tokens) * 2 > len(tokens)


def pdf_page_texts(path: Path, shown: str | None = None) -> list[str]:
    """The plain text of each page, for checking quotes; hyphenated line breaks are joined.

    Running headers, footers and page numbers are left out, as the reader leaves them out, so that a
    paragraph running on to the next page reads as one passage across the two pages' texts.
    """
    shown = shown or str(path)
    pages = pdf_file_to_page_lines(path, shown)
    keys = furniture_keys(pages, document_style(ln for p in pages for ln in p.lines).body)
    return ["\n".join(ln.text for ln in drop_furniture(p, keys)) for p in pages]


def pdf_file_to_page_lines(path: Path, shown: str) -> list[PageLines]:
    with _open(path, shown) as doc:
        pages = [_read_page(doc, n, shown, partial(page_to_lines, number=n)) for n in range(1, len(doc) + 1)]
    if not any(p.lines for p in pages):
        raise ReadError(NO_TEXT, shown)
    return settle_hyphens(pages)


def _read_page(doc: pdfium.PdfDocument, number: int, shown: str, read: Callable[[pdfium.PdfPage], _T]) -> _T:
    try:
        page = doc[number - 1]
        try:
            return read(page)
        finally:
            page.close()
    except Exception:  # any pdfium failure on a page means that page cannot be read
        raise ReadError(DAMAGED, shown, page=number) from None


@contextmanager
def _open(path: Path, shown: str) -> Iterator[pdfium.PdfDocument]:
    check_pdf_bytes(path, shown)
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError(ENCRYPTED, shown) from None
        raise ReadError(DAMAGED, shown) from None
    try:
        yield doc
    finally:
        doc.close()


def check_pdf_bytes(path: Path, shown: str) -> None:
    """Refuse, with a message that says why, what no PDF library should be handed."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(_HEAD)
            f.seek(max(0, size - _TAIL))
            tail = f.read()
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror})", shown) from None
    if not head.strip():
        raise ReadError("is empty", shown)
    if b"%PDF-" not in head:
        raise ReadError(f"is not a PDF (it starts with '{_first_word(head)}')", shown)
    # Every complete PDF ends with %%EOF; a download cut short does not.
    if b"%%EOF" not in tail:
        raise ReadError(DAMAGED, shown)


def _first_word(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf").decode("latin-1").strip()
    word = text.split(maxsplit=1)[0] if text else ""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in word[:12])


def _text_extent(
    pages: list[PageLines], kept: list[list[Line]], tables: dict[int, list[Block]], body: float
) -> tuple[dict[int, float], dict[int, float]]:
    """Page -> where its first line of text outside its tables starts, and where its last line of body
    text outside them ends (lines set smaller, footnotes, left out)."""
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for page, lines in zip(pages, kept, strict=True):
        on_page = tables.get(page.number, [])
        free = [ln for ln in lines if not any(_inside(ln, t.bbox) for t in on_page)]
        if free:
            first[page.number] = min(ln.top for ln in free)
        prose = [ln.bottom for ln in free if ln.size >= body - 0.5]
        if prose:
            last[page.number] = max(prose)
    return first, last


def _apart(
    lines: list[Line], charts: tuple[tuple[float, float, float, float], ...]
) -> tuple[list[Line], list[Line]]:
    """(the lines of the page's text, those of its charts)."""
    if not charts:
        return lines, []
    text: list[Line] = []
    charted: list[Line] = []
    for ln in lines:
        (charted if any(_in_chart(ln, box) for box in charts) else text).append(ln)
    return text, charted


def _in_chart(line: Line, box: tuple[float, float, float, float]) -> bool:
    """Whether a line is text of a chart: within its width, starting where its lines start (images.py
    ``chart_text_box``). A line of prose under a chart is as wide as the column, wider than the chart."""
    x0, highest, x1, lowest = box
    return x0 - 2 <= line.x0 and line.x1 <= x1 + 2 and highest <= line.top <= lowest


def _inside(line: Line, bbox: tuple[float, float, float, float] | None) -> bool:
    if bbox is None:
        return False
    x = (line.x0 + line.x1) / 2
    y = (line.top + line.bottom) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]
