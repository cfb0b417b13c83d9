"""Tables through pdfplumber: ruled tables (find_tables) on the pages that have rules, and unruled tables
set by column alignment right under a printed table caption (read/pdf/aligned.py). pdfplumber's pages
get their rules and characters the fast way where they can (read/pdf/tablepage.py).

Pages are read one at a time and closed once read, so that a table of thousands of rows over tens of
pages costs the memory of one page, not of the document.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium

from reportsite.errors import ReadError
from reportsite.read.blocks import TABLE_CAPTION, Block
from reportsite.read.pdf import tablepage
from reportsite.read.pdf.aligned import Rules, table_under_caption
from reportsite.read.pdf.lines import PageLines
from reportsite.read.pdf.shading import drop_cell_shading
from reportsite.settings import SETTINGS

_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


Captions = dict[int, list[float]]
"""Page -> the bottom of each table caption printed on it."""


def caption_bottoms(pages: list[PageLines]) -> Captions:
    """Where table captions stand, page by page: the places to look for an unruled table."""
    out: Captions = {}
    for page in pages:
        bottoms = [ln.bottom for ln in page.lines if TABLE_CAPTION.match(ln.text)]
        if bottoms:
            out[page.number] = bottoms
    return out


def page_tables(
    path: Path, shown: str, numbers: list[int], captions: Captions | None = None
) -> dict[int, list[Block]]:
    """Table blocks of the given pages (1-based) and of the captioned pages, by page; a grid of one row or
    one column is no table.

    Long documents are shared out among the machine's cores, each worker reading every n-th page, unless
    this process is itself a worker of a pool (extract/schedule.py): the cores are then busy already.
    """
    captions = captions or {}
    ruled = set(numbers)
    numbers = sorted(ruled | set(captions))
    cores = 1 if multiprocessing.parent_process() is not None else os.cpu_count() or 1
    workers = min(cores, len(numbers) // (SETTINGS.pdf.parallel_tables_from_pages // 2))
    if workers < 2 or len(numbers) < SETTINGS.pdf.parallel_tables_from_pages:
        return _page_tables(str(path), shown, numbers, ruled, captions)
    out: dict[int, list[Block]] = {}
    shares = [numbers[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(
            _page_tables,
            [str(path)] * workers,
            [shown] * workers,
            shares,
            [ruled] * workers,
            [captions] * workers,
        ):
            out.update(part)
    return dict(sorted(out.items()))


def _page_tables(
    path_text: str, shown: str, numbers: list[int], ruled: set[int], captions: Captions
) -> dict[int, list[Block]]:
    path = Path(path_text)
    if not numbers:
        return {}
    out: dict[int, list[Block]] = {}
    with _plumber(path, shown) as pdf, _pdfium(path, shown) as doc:
        for number in numbers:
            page = pdf.pages[number - 1]
            drawn = None
            try:
                drawn = doc[number - 1]
                found = _page_blocks(page, drawn, number, number in ruled, captions.get(number, []))
            except Exception:  # any pdfminer or pdfium failure on a page means that page cannot be read
                raise ReadError(
                    "is damaged or truncated; cannot be read as a PDF", shown, page=number
                ) from None
            finally:
                # pdfplumber keeps every character and rule of a page it has read until told otherwise.
                page.close()
                if drawn is not None:
                    drawn.close()
            if found:
                out[number] = found
    return out


def _page_blocks(
    page: pdfplumber.page.Page, drawn: pdfium.PdfPage, number: int, ruled: bool, captions: list[float]
) -> list[Block]:
    plain = tablepage.read_rules(page, drawn)
    drop_cell_shading(page)
    tables = page.find_tables(_SETTINGS) if ruled else []
    if plain:
        # The characters are wanted only where a ruled table stands and under each caption.
        bands = [(t.bbox[1], t.bbox[3]) for t in tables] + [(b, float(page.height)) for b in captions]
        tablepage.read_chars(page, drawn, bands)
    found = [b for t in tables if (b := table_to_block(t.extract(), t.bbox, number))]
    blocks = [b for b in found if not is_fragment(b)]
    for bottom in captions:
        blocks = _aligned_under(page, number, bottom, blocks)
    return blocks + [b for b in found if is_fragment(b)]


UNDER_CAPTION = 40.0
"""A ruled table starting within this many points under a caption is the table that caption names."""


def _aligned_under(
    page: pdfplumber.page.Page, number: int, bottom: float, blocks: list[Block]
) -> list[Block]:
    """The page's tables with the one under a caption read by column alignment, where that reading holds
    more: a table ruled only between its columns gives pdfplumber a grid of its inner cells alone."""
    found = table_under_caption(page.extract_words(extra_attrs=["size"]), bottom, _rules(page))
    block = table_to_block(found[0], found[1], number) if found else None
    if block is None or block.bbox is None or is_fragment(block):
        return blocks
    under = [b for b in blocks if _right_under(b, bottom)]
    if any(not _within(b, block.bbox) or _cells(b) >= _cells(block) for b in under):
        return blocks
    return [b for b in blocks if b not in under and not _within(b, block.bbox)] + [block]


def _rules(page: pdfplumber.page.Page) -> Rules:
    width = float(page.width)
    return Rules(
        vertical=[
            (float(e["x0"]), float(e["top"]), float(e["bottom"]))
            for e in page.vertical_edges
            if e["bottom"] - e["top"] > 5
        ],
        # Rules across a good part of the page part rows; short ones underline words.
        horizontal=[float(e["top"]) for e in page.horizontal_edges if e["x1"] - e["x0"] > width / 4],
    )


def _right_under(block: Block, caption_bottom: float) -> bool:
    return block.bbox is not None and caption_bottom - 2 <= block.bbox[1] <= caption_bottom + UNDER_CAPTION


def _within(block: Block, box: tuple[float, float, float, float], slack: float = 8.0) -> bool:
    b = block.bbox
    return b is not None and (
        b[0] >= box[0] - slack
        and b[1] >= box[1] - slack
        and b[2] <= box[2] + slack
        and b[3] <= box[3] + slack
    )


def _cells(block: Block) -> int:
    return sum(1 for row in block.rows for c in row if c)


@contextmanager
def _pdfium(path: Path, shown: str) -> Iterator[pdfium.PdfDocument]:
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        raise ReadError("is damaged or truncated; cannot be read as a PDF", shown) from None
    try:
        yield doc
    finally:
        doc.close()


def _plumber(path: Path, shown: str) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except Exception:  # any pdfminer failure to open means the file cannot be read
        raise ReadError("is damaged or truncated; cannot be read as a PDF", shown) from None


def table_to_block(
    cells: Sequence[Sequence[str | None]], bbox: tuple[float, float, float, float], page: int
) -> Block | None:
    rows = tuple(tuple(" ".join((c or "").split()) for c in row) for row in cells)
    rows = tuple(r for r in rows if any(r))
    if not rows or max(len(r) for r in rows) < 2:
        return None
    text = " ".join(c for r in rows for c in r if c)
    box = (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))
    return Block("table", text, page=page, bbox=box, rows=rows)


def is_fragment(block: Block) -> bool:
    """A grid of one row, or whose text stands in one of its columns only, is no table of its own: a box
    drawn around a passage (a case study, a quote) or a line, read as the page's text; unless it is the
    last row of a table that began on the page before (``settle_fragments``)."""
    rows = block.rows
    width = max(len(r) for r in rows)
    return len(rows) < 2 or sum(1 for k in range(width) if any(k < len(r) and r[k] for r in rows)) < 2


GOES_ON_SLACK = 12.0
"""Points a table's left and right edges may move from one page to the next and still be one table."""


def settle_fragments(
    tables: dict[int, list[Block]], first_top: dict[int, float], prose_under: dict[int, float]
) -> dict[int, list[Block]]:
    """The tables of each page without their fragments, but for a fragment above the page's first line
    of text (first_top) with the columns of the table the page before ended with, no prose under it
    (prose_under: where the page's last line of body text ends): that table's last rows, kept as a table
    for the reading to join them to it."""
    out: dict[int, list[Block]] = {}
    for number in sorted(tables):
        before = [b for b in out.get(number - 1, []) if b.bbox is not None]
        last = max(before, key=lambda b: b.bbox[3] if b.bbox else 0.0, default=None)
        kept = []
        for block in tables[number]:
            if not is_fragment(block) or (
                last is not None
                and last.bbox is not None
                and block.bbox is not None
                and last.bbox[3] >= prose_under.get(number - 1, 0.0)
                and block.bbox[3] <= first_top.get(number, float("inf")) + 1
                and len(block.rows[0]) == len(last.rows[0])
                and abs(block.bbox[0] - last.bbox[0]) <= GOES_ON_SLACK
                and abs(block.bbox[2] - last.bbox[2]) <= GOES_ON_SLACK
            ):
                kept.append(block)
        if kept:
            out[number] = kept
    return out


def place_tables(blocks: list[Block], tables: list[Block]) -> list[Block]:
    """Put each table among its page's blocks: right after the block printed right above it (its caption,
    most often), or failing one, before the first block printed below it."""
    out = list(blocks)
    for table in sorted(tables, key=lambda t: t.bbox[1] if t.bbox else 0):
        top = table.bbox[1] if table.bbox else 0
        above = _right_above(out, table)
        if above is not None:
            out.insert(above + 1, table)
            continue
        at = next(
            (i for i, b in enumerate(out) if b.kind != "table" and b.bbox and b.bbox[1] > top), len(out)
        )
        out.insert(at, table)
    return out


def _right_above(blocks: list[Block], table: Block) -> int | None:
    """The block ending nearest above the table, over the same columns of the page."""
    if table.bbox is None:
        return None
    x0, top, x1, _ = table.bbox
    best: tuple[float, int] | None = None
    for i, b in enumerate(blocks):
        # Tables placed already count: a table under another goes after it.
        if b.bbox is None or b.bbox[3] > top + 2 or b.bbox[2] < x0 or b.bbox[0] > x1:
            continue
        if best is None or b.bbox[3] > best[0]:
            best = (b.bbox[3], i)
    return best[1] if best else None
