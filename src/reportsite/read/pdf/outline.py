"""The PDF's outline (bookmarks), where it has one: each entry's level and title, checked against the
page text before it sets a heading's level.

An outline is written by the producer from the document's headings, so where an entry's title is what a
block on its page says, that block is a heading at the entry's depth. An entry that matches nothing on
its page (a stale bookmark, a title reworded) changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import pypdfium2 as pdfium

from reportsite.read.blocks import Block

MAX_HEADING_WORDS = 25
"""A block longer than this is a paragraph that happens to open with a heading's words."""
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Entry:
    level: int
    """1 for the outline's top level."""
    title: str
    page: int
    """1-based page the entry points to."""


def read_outline(doc: pdfium.PdfDocument) -> list[Entry]:
    entries = []
    for bookmark in doc.get_toc():
        dest = bookmark.get_dest()
        index = dest.get_index() if dest is not None else None
        title = " ".join(bookmark.get_title().split())
        if index is not None and title:
            entries.append(Entry(bookmark.level + 1, title, index + 1))
    return entries


def apply_outline(blocks: list[Block], entries: list[Entry]) -> list[Block]:
    """Headings (and short paragraphs) whose text is an outline entry's title on its page take the
    entry's level."""
    if not entries:
        return blocks
    wanted: dict[tuple[int, str], int] = {}
    for entry in entries:
        key = _key(entry.title)
        if key:
            for page in (entry.page, entry.page + 1):  # some producers point at the page before
                wanted.setdefault((page, key), entry.level)
    out = []
    for block in blocks:
        level = None
        if block.kind in ("heading", "paragraph") and len(block.text.split()) <= MAX_HEADING_WORDS:
            level = wanted.get((block.page or 0, _key(block.text)))
        out.append(replace(block, kind="heading", level=level, marker="") if level else block)
    return out


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", text.casefold()).strip()
