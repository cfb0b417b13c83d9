"""The reader's output: a document as a flat list of blocks, each knowing where it came from."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from reportsite.records import place_label

_NUMBER = r"\s+(?P<number>[A-Z]?\d+(?:\.\d+)*)\s*[.:–—-]\s*(?P<title>\S.*)$"
_TABLE_WORDS = r"Table|Tableau|Box|Encadr[ée]"
_FIGURE_WORDS = r"Figure|Fig\.|Chart|Graph|Graphique|Map|Carte|Infographic|Diagram|Sch[ée]ma"
TABLE_CAPTION = re.compile(rf"^(?:{_TABLE_WORDS}){_NUMBER}", re.I)
"""'Table 2. Budget by outcome', 'TABLEAU 1 : Questions': a table's number and title."""
FIGURE_CAPTION = re.compile(rf"^(?:{_FIGURE_WORDS}){_NUMBER}", re.I)
"""'Figure 3: Case management steps', 'Graphique 1 - ...': a figure's number and title."""


RAISED_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
"""How a raised note mark is written in a block's text: 'safe.⁶¹' (read/pdf/marks.py)."""
TO_RAISED = str.maketrans("0123456789", RAISED_DIGITS)
FROM_RAISED = str.maketrans(RAISED_DIGITS, "0123456789")


def is_caption(text: str) -> bool:
    return bool(TABLE_CAPTION.match(text) or FIGURE_CAPTION.match(text))


BlockKind = Literal[
    "heading", "paragraph", "list_item", "table", "caption", "footnote", "figure_text", "title"
]


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    """Inline markup removed, whitespace folded. For a table: its cells joined by spaces."""
    lines: tuple[int, int] | None = None
    """First and last source line (1-based, inclusive) for a text document."""
    page: int | None = None
    """Page (1-based) for a PDF."""
    bbox: tuple[float, float, float, float] | None = None
    level: int = 0
    """Heading level (1 is the top); nesting depth for a list item (1 is the outer list)."""
    marker: str = ""
    """The list marker as printed: '-', '1.', '(a)'."""
    page_label: str = ""
    """The page number printed on a PDF page, where the PDF gives one that differs from the page."""
    rows: tuple[tuple[str, ...], ...] = field(default=())
    """Table cells, the first row as printed (often the header)."""
    paragraph: int | None = None
    """Body paragraph (1-based) of a DOCX."""
    table_row: tuple[int, int] | None = None
    """Table and row (both 1-based) of a DOCX; a whole table gives its first row."""
    boxed: bool = False
    """Printed inside a box drawn around it (a callout) on a PDF page."""

    def place(self) -> str:
        return place_label(
            lines=self.lines, paragraph=self.paragraph, table_row=self.table_row, page=self.page
        )


SENTENCE_END = (".", ":", ";", "!", "?")
# English words that always need a word after them: an article, a possessive, a linking preposition or a
# conjunction. A paragraph ending on one of them was cut mid-sentence, whatever the case of the word that
# goes on. A comma is no such sign: a letter's salutation and closing end on one.
_NEEDS_MORE = frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "our",
        "your",
        "of",
        "at",
        "by",
        "for",
        "from",
        "to",
        "with",
        "into",
        "onto",
        "between",
        "among",
        "and",
        "or",
        "nor",
    ]
)


def goes_on(prev: Block, block: Block) -> bool:
    """A paragraph cut in two goes on in lower case after a part that ends no sentence ('Member' /
    'States to decide'), or in any case after a part that ends mid-phrase ('held at the' / 'UN')."""
    if block.kind != "paragraph" or prev.kind not in ("paragraph", "list_item"):
        return False
    if prev.text.endswith(SENTENCE_END):
        return False
    if block.text[:1].islower():
        return True
    return prev.kind == "paragraph" and block.text[:1].isalnum() and _cut_mid_phrase(prev.text)


def _cut_mid_phrase(text: str) -> bool:
    words = text.rsplit(None, 1)
    return bool(words) and words[-1] in _NEEDS_MORE


def rejoin_paragraphs(blocks: list[Block], merge: Callable[[Block, Block], Block | None]) -> list[Block]:
    """Make one block of each paragraph a reader's cut (a page break, a stray blank line) split in two;
    `merge` gives the joined block, or None where the two parts must stay apart."""
    out: list[Block] = []
    for block in blocks:
        joined = merge(out[-1], block) if out and goes_on(out[-1], block) else None
        if joined is not None:
            out[-1] = joined
        else:
            out.append(block)
    return out
