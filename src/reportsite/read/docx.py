"""Word documents to blocks: paragraphs by their style, tables with merged cells repeated.

A DOCX has no pages a reader can rely on (they depend on the printer), so a block's place is its body
paragraph (1-based, counting every paragraph of the body in order, empty ones included) or its table
(1-based) and row. A cell merged across columns or rows is repeated in every grid position it covers, as
python-docx hands it out, so a row always has as many cells as the table has columns.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportsite.errors import ReadError
from reportsite.read.blocks import Block, BlockKind, is_caption

DAMAGED = "not a readable Word document (damaged or not .docx)"
_HEADING_STYLE = re.compile(r"^(?:heading|titre)\s*(\d)$", re.I)
_TITLE_STYLES = ("title", "titre")
_LIST_STYLE = re.compile(r"^list(?:\s+(bullet|number|paragraph))?(?:\s+(\d))?$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fold(text: str) -> str:
    return " ".join(text.split())


def docx_file_to_blocks(path: Path, shown: str) -> list[Block]:
    """Read a .docx into blocks in body order; a damaged file is one ReadError naming it."""
    document = _open(path, shown)
    return list(_body_to_blocks(document))


def docx_place_texts(path: Path) -> tuple[dict[int, int], dict[tuple[int, int], int], list[str]]:
    """The body's texts in order, with where each paragraph and table row stands among them: what
    quote verification reads a DOCX record against."""
    document = _open(path, str(path))
    paragraphs: dict[int, int] = {}
    rows: dict[tuple[int, int], int] = {}
    texts: list[str] = []
    for kind, number, element in _body(document):
        if kind == "p":
            paragraphs[number] = len(texts)
            texts.append(fold(element.text))
        else:
            for r, cells in enumerate(_table_rows(element), start=1):
                rows[(number, r)] = len(texts)
                texts.append(" ".join(_distinct(cells)))
    return paragraphs, rows, texts


def _open(path: Path, shown: str) -> Any:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(DAMAGED, shown) from exc
    except Exception as exc:  # lxml's XMLSyntaxError and kin: a damaged part of the package
        if type(exc).__module__.startswith("lxml"):
            raise ReadError(DAMAGED, shown) from exc
        raise


def _body(document: Any) -> Iterator[tuple[str, int, Any]]:
    """('p', paragraph number, Paragraph) and ('t', table number, Table), in the order of the body."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    p = t = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            p += 1
            yield "p", p, Paragraph(child, document)
        elif child.tag == f"{_W}tbl":
            t += 1
            yield "t", t, Table(child, document)


def _body_to_blocks(document: Any) -> Iterator[Block]:
    counters: dict[int, int] = {}
    for kind, number, element in _body(document):
        if kind == "t":
            rows = tuple(tuple(cells) for cells in _table_rows(element))
            if any(any(c for c in row) for row in rows):
                text = " ".join(" ".join(_distinct(row)) for row in rows)
                yield Block("table", fold(text), table_row=(number, 1), rows=rows)
            continue
        text = fold(element.text)
        if not text:
            continue
        style = (element.style.name if element.style is not None else "") or ""
        block_kind, level, marker = _paragraph_kind(element, style, counters)
        if block_kind != "list_item":
            counters.clear()
        if block_kind == "paragraph" and is_caption(text):
            block_kind = "caption"
        yield Block(block_kind, text, paragraph=number, level=level, marker=marker)


def _paragraph_kind(paragraph: Any, style: str, counters: dict[int, int]) -> tuple[BlockKind, int, str]:
    heading = _HEADING_STYLE.match(style.strip())
    if heading:
        return "heading", int(heading.group(1)), ""
    if style.strip().lower() in _TITLE_STYLES:
        return "heading", 1, ""
    listed = _LIST_STYLE.match(style.strip())
    num_pr = paragraph._p.find(f"{_W}pPr/{_W}numPr")
    if not listed and num_pr is None:
        return "paragraph", 0, ""
    level = 1
    if num_pr is not None:
        ilvl = num_pr.find(f"{_W}ilvl")
        if ilvl is not None:
            level = int(ilvl.get(f"{_W}val", "0")) + 1
    elif listed and listed.group(2):
        level = int(listed.group(2))
    numbered = bool(listed and (listed.group(1) or "").lower() == "number")
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]  # a new outer item restarts the numbering of the items under it
    counters[level] = counters.get(level, 0) + 1
    return "list_item", level, f"{counters[level]}." if numbered else "-"


def _table_rows(table: Any) -> Iterator[list[str]]:
    for row in table.rows:
        yield [fold(cell.text) for cell in row.cells]


def _distinct(cells: list[str] | tuple[str, ...]) -> list[str]:
    """A row's cells without the repeats of a merged cell, for the row's running text."""
    out: list[str] = []
    for cell in cells:
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out
