"""Raised note marks: digits set small and above the baseline right after a word or its punctuation.

pdfium gives a note mark as plain digits, so 'safe.⁶¹ The partnership' would read 'safe.61 The
partnership': a number that is not in the report, glued to a word, and a sentence that does not end. A
mark is written in superscript digits instead, as it is printed. The digits are told from a number by
their type and their baseline, both measured against the character just before them; a number set in
the line's own type ('SDG16', 'COVID-19', a year) is left as it is.
"""

from __future__ import annotations

import ctypes
import re

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from reportsite.read.blocks import TO_RAISED

_AFTER = r"[^\W\d_]|[.,;:)\]’”'\"]"
"""A letter or a closing mark: what a note mark follows."""
_CANDIDATE = re.compile(rf"(?<={_AFTER})\d{{1,3}}(?!\d)")
"""Up to three digits right after such a character, none after them: where a note mark stands."""
_OPENING = re.compile(r"\d{1,3}(?!\d)")
_AFTER_CHAR = re.compile(_AFTER)
MARK_SIZE = 0.8
"""A mark's type is at most this share of the height of the character before it."""
MARK_RISE = (0.15, 0.6)
"""A mark's baseline stands this share of that height above the character's, at least and at most: a
line's first digits below the last line, or far above it, are not raised marks."""


def with_marks(textpage: pdfium.PdfTextPage, text: str, first: int, last: int) -> str:
    """text[first : last + 1], a line of the text page, with each raised note mark in superscript digits."""
    span = text[first : last + 1]
    marks = [
        (m.start(), m.end())
        for m in _CANDIDATE.finditer(span)
        if _raised(textpage, first + m.start() - 1, first + m.start())
    ]
    # pdfium may break the printed line just before a mark: the character before it ends the last line.
    opening = _OPENING.match(span)
    if opening:
        before = first - 1
        while before >= 0 and text[before].isspace():
            before -= 1
        if before >= 0 and _AFTER_CHAR.fullmatch(text[before]) and _raised(textpage, before, first):
            marks.insert(0, opening.span())
    if not marks:
        return span
    out = list(span)
    for start, end in marks:
        for k in range(start, end):
            out[k] = span[k].translate(TO_RAISED)
    return "".join(out)


def _raised(textpage: pdfium.PdfTextPage, before: int, mark: int) -> bool:
    _, bottom0, _, top0 = textpage.get_charbox(before, loose=True)
    _, bottom1, _, top1 = textpage.get_charbox(mark, loose=True)
    height = top0 - bottom0
    if height <= 0 or top1 - bottom1 > MARK_SIZE * height:
        return False
    rise = _baseline(textpage, mark) - _baseline(textpage, before)
    return MARK_RISE[0] * height <= rise <= MARK_RISE[1] * height


def _baseline(textpage: pdfium.PdfTextPage, index: int) -> float:
    x, y = ctypes.c_double(), ctypes.c_double()
    pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
    return y.value
