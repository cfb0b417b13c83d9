"""A response matrix as a reader follows it: units in page order, cut into parts by printed field labels.

A unit is a paragraph, a heading, a list item, or a table row: a row whose cells are one merged cell (or
one filled cell) is a line of text, a row of several cells keeps them. Units go in page order, since a
PDF reader may hand out a ruled table before the heading printed above it. The labels a matrix prints
('Recommendation N', 'Responsible unit(s)', 'Management response', 'Key actions', the monitoring rows)
cut the units into parts; each part keeps the blocks its words came from.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from reportsite.extract.findings.base import Doc

LABEL = re.compile(
    r"^(?P<label>(?:evaluation\s+)?recomm[ae]nd?ations?\s*(?:n[°o]\.?|#)?\s*(?P<number>\d{1,3}))\b"
    r"\s*(?:[:.–—)-]|(?=\()|$)",
    re.I,
)
_FIELDS = (
    (
        "responsible",
        r"responsible\s+(?:units?|entit(?:y|ies)|offices?|persons?)(?:\s*\(s\))?"
        r"|unit[ée]s?\s*(?:\(s\)\s*)?responsables?(?:\s*\(s\))?|responsables?",
    ),
    (
        "response",
        r"management\s+response|r[ée]ponse\s+de\s+la\s+(?:direction|gestion|administration)"
        r"|response|r[ée]ponse",
    ),
    (
        "actions",
        r"key\s+actions?|actions?\s+cl[ée]s?|(?:planned|follow[- ]up)\s+actions?"
        r"|actions?\s+(?:pr[ée]vues?|de\s+suivi)",
    ),
    (
        "monitoring",
        r"(?:final\s+)?implementation\s+(?:monitoring\s+)?status"
        r"|(?:final\s+)?comments?\s+on\s+implementation(?:\s+status)?"
        r"|(?:[ée]tat|statut)\s+de\s+(?:la\s+)?mise\s+en\s+[œo]e?uvre|commentaires?",
    ),
)
_NAMES = "|".join(f"(?P<{n}>{p})" for n, p in _FIELDS)
_NOTE = r"(?:\s*\([^)]{0,20}\))*"
"""Template notes printed after a label: '(Time 0)', '(s)'."""
# At the start of a unit a label may be followed by a dash ('Management response - accept'); inside a
# unit only a colon tells a label from the same words used in a sentence.
_FIELD_AT_START = re.compile(rf"^(?:{_NAMES})(?={_NOTE}\s*(?:[:–—-]|$))", re.I)
_FIELD_INSIDE = re.compile(rf"(?:^|(?<=\s))(?:{_NAMES})(?={_NOTE}\s*:)", re.I)
_AFTER_LABEL = re.compile(rf"^{_NOTE}\s*[:.–—)-]?{_NOTE}\s*[:.–—-]?\s*")
# A form's one-word field ('Version: 2', 'Page: 3'): template furniture, not words of the matrix.
_FORM_FIELD = re.compile(r"^[^:]{1,30}:\s*\S{1,12}$")


@dataclass
class Seg:
    block: int
    text: str
    item: str = ""
    """The list marker when the segment opens a list item ('1.')."""
    cells: tuple[str, ...] = ()
    """A table row's distinct cells, where it has several."""
    row: int | None = None
    """The row (1-based) of a segment read from a table."""


@dataclass
class Part:
    kind: str
    """'recommendation', 'responsible', 'response', 'actions', 'monitoring', or '' before any label."""
    head: Seg
    """The segment that opens the part, its label included."""
    start: int = 0
    """Where the part's content starts in the head's text, past its label."""
    number: str | None = None
    label: str = ""
    rest: list[Seg] = field(default_factory=list)

    def content(self) -> list[Seg]:
        first = self.head.text[self.start :].strip()
        head = [Seg(self.head.block, first, cells=self.head.cells)] if first else []
        return [*head, *self.rest]

    def blocks(self) -> list[int]:
        return list(dict.fromkeys(s.block for s in [self.head, *self.rest]))


def distinct(cells: tuple[str, ...]) -> tuple[str, ...]:
    """A row's cells without the repeats of a merged cell, nor its empty places."""
    out: list[str] = []
    for cell in cells:
        cell = " ".join((cell or "").split())
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return tuple(out)


def doc_to_segs(doc: Doc) -> list[Seg]:
    """Every block as segments, tables row by row, in page order where the blocks give one."""
    keyed = []
    top = 0.0
    for i, block in enumerate(doc.blocks):
        top = block.bbox[1] if block.bbox else top
        keyed.append(((block.page or 0, top, i), i))
    segs = []
    for _, i in sorted(keyed):
        block = doc.blocks[i]
        if block.kind == "table":
            for r, row in enumerate(block.rows, start=1):
                cells = distinct(row)
                if len(cells) == 1:
                    segs.append(Seg(i, cells[0], row=r))
                elif cells:
                    segs.append(Seg(i, " ".join(cells), cells=cells, row=r))
        elif block.kind in ("heading", "paragraph", "list_item"):
            marker = block.marker if block.kind == "list_item" else ""
            segs.append(Seg(i, block.text, item=marker))
    return segs


def segs_to_parts(segs: list[Seg]) -> list[Part]:
    parts: list[Part] = []
    for seg in segs:
        for piece, opened in _split(seg):
            if opened is not None:
                parts.append(opened)
            elif parts and not _FORM_FIELD.match(piece.text):
                parts[-1].rest.append(piece)
    return parts


def _split(seg: Seg) -> list[tuple[Seg, Part | None]]:
    """A segment cut at the labels it holds: (segment, the part it opens, or None for more content)."""
    if seg.cells:
        opened = _opening(Seg(seg.block, seg.cells[0]))
        if opened is None:
            return [(seg, None)]
        # A label in the row's first cell ('Management response' | 'Accepted', or a key actions
        # table's header): the row's other cells are its content.
        opened.head = seg
        return [(seg, opened)]
    # Matched from the start, so that 'Management response:' is not cut before 'response:'.
    cuts = [m.start() for m in _FIELD_INSIDE.finditer(seg.text) if m.start() > 0]
    out: list[tuple[Seg, Part | None]] = []
    bounds = [0, *cuts, len(seg.text)]
    for a, b in itertools.pairwise(bounds):
        piece = Seg(seg.block, seg.text[a:b].strip(), item=seg.item if a == 0 else "")
        if piece.text:
            out.append((piece, _opening(piece)))
    return out


def _opening(seg: Seg) -> Part | None:
    m = LABEL.match(seg.text)
    if m:
        start = m.end("label") + _AFTER_LABEL.match(seg.text[m.end("label") :]).end()  # type: ignore[union-attr]
        return Part("recommendation", seg, start, number=m.group("number"), label=m.group("label"))
    f = _FIELD_AT_START.match(seg.text)
    if f:
        start = f.end() + _AFTER_LABEL.match(seg.text[f.end() :]).end()  # type: ignore[union-attr]
        return Part(str(f.lastgroup), seg, start)
    return None
