"""Every quote is checked against its source at the cited place; a record whose quote is not found there
is the extractor's own doubt: it is dropped with a warning naming its place, never published."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from reportsite.extract.sentences import text_to_sentences
from reportsite.records import Finding, Source

_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def letters_only(text: str) -> str:
    """What 'verbatim' means across formats: the same letters and digits in the same order.

    Markup (``**``, ``<sup>``, backslash escapes), whitespace, hyphenation at line ends and punctuation
    spacing differ between a text rendering and a PDF of the same document; the words may not.
    """
    return _NON_WORD.sub("", _TAG.sub("", text)).casefold()


_CHUNK_WORDS = 6
_TRIM_WORDS = 20


def quote_in(quote: str, source_text: str) -> bool:
    """The quote is at its source: whole, or (for an item whose evidence runs past a figure, a table or
    a footnote set between its paragraphs) as runs of its words found in order."""
    haystack = letters_only(source_text)
    if letters_only(quote) in haystack:
        return True
    words = quote.split()
    at = 0
    for k in range(0, len(words), _CHUNK_WORDS):
        chunk = words[k : k + _CHUNK_WORDS]
        needle = letters_only(" ".join(chunk))
        found = haystack.find(needle, at)
        if found >= 0:
            at = found + len(needle)
            continue
        # A run may straddle two paragraphs with a chart's labels printed between them: word by word.
        for word in chunk:
            letters = letters_only(word)
            found = haystack.find(letters, at)
            if found < 0:
                return False
            at = found + len(letters)
    return True


def unverified(
    records: Iterable[tuple[str, str, Source]],
    source_text: Callable[[Source], str],
) -> dict[str, str]:
    """Record id -> a warning, for every (id, quote, source) whose quote is not found at its source."""
    out = {}
    for rec_id, quote, source in records:
        if not quote_in(quote, source_text(source)):
            out[rec_id] = f"{source.label()}: dropped {rec_id}, its quote is not found there: {quote[:60]!r}"
    return out


def trim_to_source(finding: Finding, source_text: Callable[[Source], str]) -> bool:
    """Cut a finding whose whole text is not at its source to its longest opening that is, at a
    sentence end where one will do, else at a word within the last few: an item whose last block was
    page furniture the reader could not tell apart. True when that was possible; the title stays whole."""
    place = source_text(finding.source)
    sentences = text_to_sentences(finding.text)
    words = finding.text.split()
    candidates = [" ".join(sentences[:k]) for k in range(len(sentences) - 1, 0, -1)]
    candidates += [" ".join(words[:k]) for k in range(len(words) - 1, max(len(words) - _TRIM_WORDS, 0), -1)]
    for candidate in candidates:
        if finding.title and not candidate.startswith(finding.title):
            continue
        if quote_in(candidate, place):
            finding.text = candidate
            return True
    return False
