"""Every quote is checked against its source at the cited place: a mismatch is a bug, not a warning."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from reportsite.errors import ExtractError
from reportsite.records import Source

_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def letters_only(text: str) -> str:
    """What 'verbatim' means across formats: the same letters and digits in the same order.

    Markup (``**``, ``<sup>``, backslash escapes), whitespace, hyphenation at line ends and punctuation
    spacing differ between a text rendering and a PDF of the same document; the words may not.
    """
    return _NON_WORD.sub("", _TAG.sub("", text)).casefold()


def quote_in(quote: str, source_text: str) -> bool:
    return letters_only(quote) in letters_only(source_text)


def verify_quotes(
    records: Iterable[tuple[str, str, Source]],
    source_text: Callable[[Source], str],
    shown: str,
) -> None:
    """Raise ExtractError for the first (id, quote, source) whose quote is not found at its source."""
    for rec_id, quote, source in records:
        if not quote_in(quote, source_text(source)):
            raise ExtractError(
                f"quote of {rec_id} is not found at its source ({source.label()}): {quote[:60]!r}",
                shown,
                line=source.lines[0] if source.lines else None,
                page=source.page,
            )
