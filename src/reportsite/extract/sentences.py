"""Paragraph text to sentences, by punctuation: enough for report prose, no language model needed."""

from __future__ import annotations

import re

from reportsite.read.blocks import RAISED_DIGITS
from reportsite.textcache import text_cache

# A full stop after these is not the end of a sentence.
ABBREVIATIONS = frozenset(
    [
        "e.g",
        "i.e",
        "etc",
        "cf",
        "vs",
        "no",
        "nos",
        "p",
        "pp",
        "para",
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "fig",
        "figs",
        "approx",
        "incl",
        "art",
        "vol",
        "ed",
        "eds",
        "jr",
        "sr",
        "h.e",
        "d.c",
        "p.o",
        "u.s",
        "u.k",
        "al",
        "inc",
        "ltd",
    ]
)
# Closing quotes and brackets, and a note mark printed after the full stop ('safe.⁶¹ The'), belong to
# the sentence they follow.
_CLOSE = '"”’)\\]' + RAISED_DIGITS
_BOUNDARY = re.compile(rf"(?<=[.!?…])(?P<close>[{_CLOSE}]*)\s+(?=[\"“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(rf"(\S+)[.!?…][{_CLOSE}]*$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of text, surrounding spaces excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        head = text[start : m.start() + len(m["close"])]
        last = _LAST_WORD.search(head)
        word = last.group(1).casefold().strip("(") if last else ""
        # Initials ('T.G.') and abbreviations ('e.g.') end in a full stop but not a sentence.
        if word in ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word):
            continue
        spans.append((start, m.start() + len(m["close"])))
        start = m.end()
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            out.append((a, b))
    return out


def text_to_sentences(text: str) -> list[str]:
    """Split text into sentences, each a verbatim slice of text (stripped)."""
    return list(_sentences(text))


@text_cache(16384)
def _sentences(text: str) -> tuple[str, ...]:
    # Cached: linking splits each record's text once per theme it has, and the site again per page.
    return tuple(text[a:b] for a, b in sentence_spans(text))
