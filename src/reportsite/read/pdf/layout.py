"""Printed lines to blocks: page furniture and contents pages dropped, lines grouped into headings,
paragraphs, list items and captions by size, weight, indentation and the gaps between them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from reportsite.read.blocks import Block, is_caption, rejoin_paragraphs
from reportsite.read.pdf.boxes import Box, box_of
from reportsite.read.pdf.lines import Line, PageLines
from reportsite.settings import SETTINGS

_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)
_DOT_LEADER = re.compile(r"(?:\.\s*){4,}\s*(?:\d{1,4}|[ivxlc]{1,7})$", re.I)
_ENDS_IN_PAGE = re.compile(r"\S.*\s(?:\d{1,4}|[ivxlc]{1,7})$", re.I)
_CONTENTS = re.compile(r"^(?:table\s+of\s+)?contents$", re.I)
_LIST_OF = re.compile(
    r"^(?:list\s+of\s+(?:tables|figures|boxes|graphs|charts|maps|illustrations)"
    r"|liste\s+des\s+(?:tableaux|figures|graphiques|encadr[ée]s|cartes|illustrations))$",
    re.I,
)
# Bullets: the usual ones, and any arrow, shape, dingbat or symbol-font character (a font's private
# code points) set before an item ('➢ Renforcer ...', Wingdings' arrows and ticks).
_BULLETS = r"•‣·\-–*\u2190-\u21ff\u25a0-\u27bf\u27f0-\u27ff\u2900-\u297f\ue000-\uf8ff"
_MARKER = re.compile(rf"^([{_BULLETS}]|\(cid:\d+\)|\d{{1,2}}[.)]|\([a-z0-9]{{1,3}}\)|[a-z][.)])\s+(\S.*)$")
_SPACED = re.compile(r"\b(?:[A-Z] ){3,}[A-Z]\b")
_SENTENCE_END = (".", ":", ";", "!", "?")


@dataclass(frozen=True)
class Style:
    body: float
    """The size most of the text is set in."""
    levels: dict[float, int]
    """Heading level for each size larger than the body."""

    def heading_level(self, line: Line) -> int:
        if line.size >= self.body + 1:
            return self.levels.get(line.size, len(self.levels) or 1)
        if line.bold and line.size >= self.body - 0.5 and len(line.text) < 120:
            return len(self.levels) + 1
        return 0


def furniture_keys(pages: list[PageLines], body: float) -> set[tuple[str, bool]]:
    """Lines in the margin bands whose text (digits aside) repeats on half the pages or more.

    Running heads are set no larger than the body text; a heading that opens every annex page is not one.
    """
    seen: Counter[tuple[str, bool]] = Counter()
    for page in pages:
        seen.update(
            {k for line in page.lines if line.size <= body and (k := _furniture_key(line, page)) is not None}
        )
    needed = max(2, len([p for p in pages if p.lines]) // 2)
    return {k for k, n in seen.items() if n >= needed}


def _furniture_key(line: Line, page: PageLines) -> tuple[str, bool] | None:
    band = page.height * SETTINGS.pdf.margin_band
    if line.bottom <= band:
        return (_DIGITS.sub("#", line.text), True)
    if line.top >= page.height - band:
        return (_DIGITS.sub("#", line.text), False)
    return None


_LABEL_NUMBER = re.compile(r"^(?:page\s+)?(\d{1,4}|[ivxlc]{1,7})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def printed_page_label(page: PageLines) -> str:
    """The page number printed in the page's top or bottom margin ('14', 'iv'), or '' where none is."""
    for line in page.lines:
        if _furniture_key(line, page) is not None and (m := _LABEL_NUMBER.match(line.text)):
            return m.group(1)
    return ""


def drop_furniture(page: PageLines, keys: set[tuple[str, bool]]) -> list[Line]:
    out = []
    for line in page.lines:
        key = _furniture_key(line, page)
        if key is not None and (key in keys or _PAGE_NUMBER.match(line.text)):
            continue
        out.append(line)
    return out


def reading_order(lines: list[Line], width: float) -> list[Line]:
    """Two-column pages read down the left column, then the right; lines across both stay in place."""
    mid = width / 2
    left = [ln for ln in lines if ln.x1 <= mid + 4]
    right = [ln for ln in lines if ln.x0 >= mid - 4]
    if len(left) < 3 or len(right) < 3 or len(left) + len(right) < 0.7 * len(lines):
        return lines
    columns_top = min(ln.top for ln in left + right)
    columns_bottom = max(ln.bottom for ln in left + right)
    spanning = [ln for ln in lines if ln not in left and ln not in right]
    above = [ln for ln in spanning if ln.bottom <= columns_top + 1]
    below = [ln for ln in spanning if ln not in above]
    if any(ln.top < columns_bottom - 1 for ln in below):
        # A line across the middle between column lines: not a two-column layout after all.
        return lines
    return [
        *sorted(above, key=_top),
        *sorted(left, key=_top),
        *sorted(right, key=_top),
        *sorted(below, key=_top),
    ]


def _top(line: Line) -> float:
    return line.top


def document_style(lines: Iterable[Line]) -> Style:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[line.size] += len(line.text)
    if not weights:
        return Style(10.0, {})
    body = weights.most_common(1)[0][0]
    larger = sorted((s for s in weights if s >= body + 1), reverse=True)
    return Style(body, {size: n for n, size in enumerate(larger, start=1)})


def drop_contents(lines: list[Line], in_contents: bool) -> tuple[list[Line], bool]:
    """Remove contents entries: dot leaders anywhere, and lines ending in a page number under 'Contents'.

    Returns the kept lines and whether a contents list runs on past the end of this page.
    """
    out = []
    for line in lines:
        if _CONTENTS.match(line.text):
            in_contents = True
            continue
        if _LIST_OF.match(line.text):
            # Its heading stays (it marks front matter); its entries go like a contents list's.
            in_contents = True
            out.append(line)
            continue
        if _DOT_LEADER.search(line.text):
            continue
        if in_contents and (_ENDS_IN_PAGE.match(line.text) or is_caption(line.text)):
            # A caption under a list of tables is an entry, its page number printed against the last
            # word ('... post-return80') or on the next line.
            continue
        if in_contents and len(line.text) > 2:
            in_contents = False
        out.append(line)
    return out, in_contents


def collapse_spacing(text: str) -> str:
    """'S T R E N G T H S' -> 'STRENGTHS' (a letter-spaced heading some readers give letter by letter)."""
    return _SPACED.sub(lambda m: m.group(0).replace(" ", ""), text)


def join_lines(a: str, b: str) -> str:
    """Join two lines of a paragraph; a word hyphenated across them is made whole again."""
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[:1].islower():
        return a[:-1] + b
    return f"{a} {b}"


@dataclass
class _Group:
    kind: str
    lines: list[Line]
    level: int = 0
    marker: str = ""
    text: str = ""
    box: int | None = None

    def to_block(self) -> Block:
        first = self.lines[0]
        box = (
            min(ln.x0 for ln in self.lines),
            min(ln.top for ln in self.lines),
            max(ln.x1 for ln in self.lines),
            max(ln.bottom for ln in self.lines),
        )
        bbox = (round(box[0], 2), round(box[1], 2), round(box[2], 2), round(box[3], 2))
        text = collapse_spacing(self.text) if self.kind == "heading" else self.text
        kind = "caption" if self.kind == "paragraph" and is_caption(text) else self.kind
        return Block(
            kind,  # type: ignore[arg-type]
            text,
            page=first.page,
            bbox=bbox,
            level=self.level,
            marker=self.marker,
            boxed=self.box is not None,
        )


def lines_to_blocks(lines: list[Line], style: Style, boxes: tuple[Box, ...] = ()) -> Iterator[Block]:
    """Group one page's lines (in reading order) into blocks; a box's edge ends a block."""
    spacing = _line_spacing(lines, style.body)
    group: _Group | None = None
    prev: Line | None = None
    for line in lines:
        box = box_of(line.x0, line.top, line.x1, line.bottom, boxes) if boxes else None
        if (
            group is not None
            and prev is not None
            and group.box == box
            and _continues(group, prev, line, style, spacing)
        ):
            group.lines.append(line)
            group.text = join_lines(group.text, line.text)
        else:
            if group is not None:
                yield group.to_block()
            group = _start(line, style)
            group.box = box
        prev = line
    if group is not None:
        yield group.to_block()


def _start(line: Line, style: Style) -> _Group:
    level = style.heading_level(line)
    if level and not is_caption(line.text):
        return _Group("heading", [line], level=level, text=line.text)
    marker = _MARKER.match(line.text)
    if marker and not is_caption(line.text):
        mark = marker.group(1)
        # Symbol-font bullets come out as '(cid:N)': they are bullets all the same.
        mark = "•" if mark.startswith("(cid:") else mark
        return _Group("list_item", [line], level=1, marker=mark, text=marker.group(2))
    return _Group("paragraph", [line], text=line.text)


def _continues(group: _Group, prev: Line, line: Line, style: Style, spacing: float) -> bool:
    gap = line.top - prev.bottom
    if group.kind == "heading":
        # Large type is set with leading to match: allow a gap in proportion to the size.
        return (
            -1 < gap <= prev.size * 0.6
            and style.heading_level(line) == group.level
            and line.bold == prev.bold
        )
    if gap < -1 or gap > spacing + max(2.0, 0.3 * line.size):
        return False
    if abs(line.size - prev.size) >= 1:
        return False
    if style.heading_level(line) and not _runs_on(prev, line, style):
        return False
    if is_caption(line.text) or _MARKER.match(line.text):
        return False
    if group.kind == "list_item":
        # A list item runs on in lines set at the text's indent, not the marker's.
        return line.x0 > group.lines[0].x0 + 2
    # A first-line indent starts a paragraph even without extra space above it.
    return not line.x0 > group.lines[0].x0 + 8


def _runs_on(prev: Line, line: Line, style: Style) -> bool:
    """A bold line at body size that goes on with a sentence left open: a bold statement set over
    several lines, or a bold phrase inside a paragraph, never a heading."""
    if prev.text.endswith(_SENTENCE_END):
        return False
    return (
        line.text[:1].islower()
        or _emphasis(prev, line, style)
        or (prev.bold and line.bold and line.size == prev.size)
    )


def _emphasis(prev: Line, line: Line, style: Style) -> bool:
    """A line that starts with a bold phrase and goes on in plain type, under a plain line that leaves
    its sentence open ('... rated the performance of' / 'IOM regarding each ..., as well as'): emphasis
    inside a paragraph. A heading, or a form's label, is bold to its end."""
    return line.bold and not line.bold_end and not prev.bold and line.size < style.body + 1


def _line_spacing(lines: list[Line], body: float) -> float:
    """The usual white space between one body line and the next inside a paragraph."""
    gaps = [
        round(b.top - a.bottom, 1)
        for a, b in pairwise(lines)
        if a.size == body == b.size and -1 < b.top - a.bottom < body
    ]
    return Counter(gaps).most_common(1)[0][0] if gaps else body * 0.2


def join_across_pages(blocks: list[Block]) -> list[Block]:
    """A paragraph cut by a page break goes on in lower case on the next page: make it one block."""

    def merge(prev: Block, block: Block) -> Block | None:
        if prev.kind != "paragraph" or prev.page == block.page or prev.boxed != block.boxed:
            return None
        return replace(prev, text=join_lines(prev.text, block.text))

    return rejoin_paragraphs(blocks, merge)
