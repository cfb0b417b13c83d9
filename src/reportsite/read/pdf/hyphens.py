"""Words broken at a line's end, whole again, with their own hyphen where they have one.

pdfium rejoins a word whose line ends in a hyphen and marks the place (U+FFFE), whether the hyphen was
the printer's, splitting a word to fill the line ('imple-mentation'), or the word's own ('follow-up',
'post-return', 'non-IOM'). Taking every one away made 'postreturn' of a report that prints 'post-return'
seventy times. Which it was is read from the document itself, place by place:

1. the word as the document prints it elsewhere, hyphenated or not, whichever it does more often;
2. else a hyphen before a capital or a digit ('non-IOM', 'COVID-19'), never a printer's;
3. else a hyphen where both pieces are words the document uses on their own ('conflict' and 'ridden'
   are; 'imple' and 'mentation' are not).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from reportsite.read.pdf.lines import PageLines

MARK = "\ufffe"
_PLACE = re.compile(rf"([^\W_]+){MARK}([^\W_]+)")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PIECE = re.compile(r"[^\W\d_]+")


def settle_hyphens(pages: list[PageLines]) -> list[PageLines]:
    """The pages with each marked line break made a hyphen or nothing."""
    if not any(MARK in ln.text for p in pages for ln in p.lines):
        return pages
    # The document's words but those of the places themselves.
    rest = " ".join(_PLACE.sub(" ", ln.text) for p in pages for ln in p.lines)
    words = Counter(w.lower() for w in _WORD.findall(rest))
    pieces = Counter(w.lower() for w in _PIECE.findall(rest))

    def settle(m: re.Match[str]) -> str:
        a, b = m[1], m[2]
        return a + ("-" if _keeps_hyphen(a, b, words, pieces) else "") + b

    def fixed(text: str) -> str:
        return _PLACE.sub(settle, text).replace(MARK, "") if MARK in text else text

    return [
        replace(p, lines=[replace(ln, text=fixed(ln.text)) if MARK in ln.text else ln for ln in p.lines])
        for p in pages
    ]


def _keeps_hyphen(a: str, b: str, words: Counter[str], pieces: Counter[str]) -> bool:
    hyphenated, joined = words[f"{a}-{b}".lower()], words[f"{a}{b}".lower()]
    if hyphenated != joined:
        return hyphenated > joined
    if b[0].isupper() or b[0].isdigit() or a[-1].isdigit():
        return True
    return pieces[a.lower()] > 0 and pieces[b.lower()] > 0
