"""Ruled tables through pdfplumber's find_tables, opened only for the pages that have rules."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pdfplumber

from reportsite.errors import ReadError
from reportsite.read.blocks import Block
from reportsite.settings import SETTINGS

_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def page_tables(path: Path, shown: str, numbers: list[int]) -> dict[int, list[Block]]:
    """Table blocks of the given pages (1-based), by page; a grid of one row or one column is no table.

    Long documents are shared out among the machine's cores, each worker reading every n-th page.
    """
    workers = min(os.cpu_count() or 1, len(numbers) // (SETTINGS.pdf.parallel_tables_from_pages // 2))
    if workers < 2 or len(numbers) < SETTINGS.pdf.parallel_tables_from_pages:
        return _page_tables(str(path), shown, numbers)
    out: dict[int, list[Block]] = {}
    shares = [numbers[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(_page_tables, [str(path)] * workers, [shown] * workers, shares):
            out.update(part)
    return dict(sorted(out.items()))


def _page_tables(path_text: str, shown: str, numbers: list[int]) -> dict[int, list[Block]]:
    path = Path(path_text)
    if not numbers:
        return {}
    out: dict[int, list[Block]] = {}
    with _plumber(path, shown) as pdf:
        for number in numbers:
            try:
                found = pdf.pages[number - 1].find_tables(_SETTINGS)
                blocks = [b for t in found if (b := table_to_block(t.extract(), t.bbox, number))]
            except Exception:  # any pdfminer failure on a page means that page cannot be read
                raise ReadError(
                    "is damaged or truncated; cannot be read as a PDF", shown, page=number
                ) from None
            if blocks:
                out[number] = blocks
    return out


def _plumber(path: Path, shown: str) -> pdfplumber.PDF:
    try:
        return pdfplumber.open(path)
    except Exception:  # any pdfminer failure to open means the file cannot be read
        raise ReadError("is damaged or truncated; cannot be read as a PDF", shown) from None


def table_to_block(
    cells: list[list[str | None]], bbox: tuple[float, float, float, float], page: int
) -> Block | None:
    rows = tuple(tuple(" ".join((c or "").split()) for c in row) for row in cells)
    rows = tuple(r for r in rows if any(r))
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    text = " ".join(c for r in rows for c in r if c)
    box = (round(bbox[0], 2), round(bbox[1], 2), round(bbox[2], 2), round(bbox[3], 2))
    return Block("table", text, page=page, bbox=box, rows=rows)


def place_tables(blocks: list[Block], tables: list[Block]) -> list[Block]:
    """Put each table among its page's blocks, before the first block printed below it."""
    out = list(blocks)
    for table in sorted(tables, key=lambda t: t.bbox[1] if t.bbox else 0):
        top = table.bbox[1] if table.bbox else 0
        at = next(
            (i for i, b in enumerate(out) if b.kind != "table" and b.bbox and b.bbox[1] > top), len(out)
        )
        out.insert(at, table)
    return out
