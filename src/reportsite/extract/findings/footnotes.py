"""Footnotes to the records that cite them: a note printed at the foot of a page belongs to the record
whose text carries its mark ('... referral systems³⁶⁷ would ...', '... with IOM staff.³⁶⁸').

The PDF reader writes a mark it finds raised in superscript digits (read/pdf/marks.py); a mark it could
not tell apart, or a text document's, is digits set against the word or punctuation before it. Only a
mark of a note on the record's own pages (or the next, where its paragraph runs on) is taken for one,
so a year or a count in the text is never read as a mark.
"""

from __future__ import annotations

import re

from reportsite.extract.provenance import source_of
from reportsite.read.blocks import FROM_RAISED, RAISED_DIGITS, Block
from reportsite.records import Finding, Footnote

_NOTE = re.compile(r"^(?P<mark>\d{1,3})\s+(?P<text>\S.*)$", re.S)
# Digits against a letter or a closing mark, and not part of a longer number or word; or a mark the
# reader found raised, whatever follows it.
_MARK = re.compile(
    rf"(?<=[^\W\d_]|[.,;:)”’\"])(?:(?P<mark>\d{{1,3}})(?=[\s.,;:)]|$)|(?P<raised>[{RAISED_DIGITS}]{{1,3}}))"
)


def page_notes(blocks: list[Block]) -> dict[int, dict[str, Footnote]]:
    """Per page, each note by its mark; a note's lines set apart from its number join it."""
    notes: dict[int, dict[str, Footnote]] = {}
    last: tuple[int, str, list[Block]] | None = None
    for block in blocks:
        if block.kind != "footnote" or block.page is None:
            last = None
            continue
        m = _NOTE.match(block.text)
        if m:
            last = (block.page, m.group("mark"), [block])
        elif last is not None and last[0] == block.page:
            last[2].append(block)  # the note runs on over another line of small type
        else:
            continue
        page, mark, parts = last
        first = _NOTE.match(parts[0].text)
        text = " ".join([first.group("text") if first else parts[0].text, *(b.text for b in parts[1:])])
        notes.setdefault(page, {})[mark] = Footnote(mark=mark, text=text, source=source_of(*parts))
    return notes


def attach_footnotes(findings: list[Finding], blocks: list[Block]) -> list[Finding]:
    notes = page_notes(blocks)
    if not notes:
        return findings
    for finding in findings:
        first = finding.source.page
        if first is None:
            continue
        pages = range(first, (finding.source.last_page or first) + 2)
        near = {mark: note for p in pages for mark, note in notes.get(p, {}).items()}
        seen: set[str] = set()
        for m in _MARK.finditer(finding.text):
            mark = m.group("mark") or m.group("raised").translate(FROM_RAISED)
            if mark in near and mark not in seen:
                seen.add(mark)
                finding.footnotes.append(near[mark])
    return findings
