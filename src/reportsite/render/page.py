"""What every page module shares and none of them owns: Page, URLs, escaping and labels.

Pages are real files so that the same mkdocs.yml builds them with MkDocs or its successors. Document
text is untrusted: templates run with HTML autoescape, and text that lands in Markdown also goes through
``md_escape`` so that ``*``, ``[``, ``{`` and the like stay literal. Document text is only ever a value in
a template, never a template.

URL contract (``use_directory_urls: true``): a page at URL ``x/y/`` is written as ``x/y/index.md``.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from reportsite.extract.sentences import text_to_sentences
from reportsite.records import Finding, Source
from reportsite.urls import finding_url, report_url, table_slug, table_url, theme_url


@dataclass
class Page:
    """One file to write: a Markdown page rendered from a template, or a data file as it is."""

    url: str
    """URL path without the leading slash: '' for home, 'findings/r/s/' for a page, 'a/b.csv' for a file."""
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    data: str | bytes | Path | None = None
    """A data file's text or bytes, or a file to put there as it is."""
    raw_tail: str | None = None
    """Where the page's closing raw-HTML block begins, if MkDocs may be spared it (render/tails.py)."""

    @property
    def docs_path(self) -> str:
        return f"{self.url}index.md" if self.is_page else self.url

    @property
    def is_page(self) -> bool:
        return self.template is not None and (self.url == "" or self.url.endswith("/"))


__all__ = [
    "finding_url",
    "report_url",
    "table_slug",
    "table_url",
    "theme_url",
]


def source_anchor(source: Source) -> str:
    """'L12-L14', 'L7', 'page-3', 'page-3-at-72-140' (a block), 'paragraph-12' or 'table-2-row-3': the place in the source reader a record comes from."""
    if source.lines is not None:
        a, b = source.lines
        return f"L{a}" if a == b else f"L{a}-L{b}"
    if source.paragraph is not None:
        return f"paragraph-{source.paragraph}"
    if source.table_row is not None:
        return f"table-{source.table_row[0]}-row-{source.table_row[1]}"
    if source.bbox is not None and len(source.bbox) == 4:
        # The block on the page: the reader draws a box with this id over the page's picture.
        return f"page-{source.page}-at-{int(source.bbox[0])}-{int(source.bbox[1])}"
    return f"page-{source.page}"


def source_url(report_id: str, source: Source) -> str:
    return f"sources/{report_id}/#{source_anchor(source)}"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at from_url to to_url that works wherever the site is hosted.

    Both are site paths without the leading slash; a page path ends in '/', a file path does not.
    """
    to_path, _, fragment = to_url.partition("#")
    from_dir = from_url.rstrip("/") or "."
    target = to_path.rstrip("/") or "."
    rel = _relpath(target, from_dir)
    if to_path == "" or to_path.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{fragment}" if fragment else "")


def _relpath(target: str, start: str) -> str:
    """posixpath.relpath for the clean relative paths pages link by; a page links to tens of others,
    and relpath's absolute-path round trip was a fifth of a finding page's cost."""
    a = [] if start == "." else start.split("/")
    b = [] if target == "." else target.split("/")
    if {"", ".", ".."} & {*a, *b}:
        return posixpath.relpath(target, start)
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return "/".join([".."] * (len(a) - common) + b[common:]) or "."


# --- Escaping ---------------------------------------------------------------------------------------

# Characters Python-Markdown (with tables and attr_list) gives meaning to anywhere in a line; each is in
# its ESCAPED_CHARS, so a backslash before it renders as the bare character.
_MD_INLINE = re.compile(r"([\\`*_{}\[\]|#])")
# At the start of a line these open a list; the text may land at a line start in a template.
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+])")
_WS = re.compile(r"\s+")


def md_escape(value: object) -> Markup:
    """Text -> Markdown that renders as exactly that text: HTML-escaped, then Markdown-escaped."""
    text = _WS.sub(" ", str(value)).strip()
    text = html.escape(text, quote=False)
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)
    return Markup(text)


def pre_escape(value: object) -> Markup:
    """Escape for <pre>: only what HTML needs there, so JSON keeps its quotes readable."""
    return Markup(html.escape(str(value), quote=False))


def text_escape(value: object) -> Markup:
    """What md_escape gives once Markdown has rendered it: the text HTML-escaped, whitespace folded."""
    return Markup(html.escape(_WS.sub(" ", str(value)).strip(), quote=False))


def md_cell(value: object) -> Markup:
    """md_escape for a Markdown table cell (where '|' ends the cell even when escaped in some parsers)."""
    return Markup(str(md_escape(value)).replace("\\|", "&#124;"))


# --- Labels used by several pages --------------------------------------------------------------------


def amount(number: object) -> str:
    """'4.2 billion USD': a key number with its scale and unit, and what kind of quantity it is: '30 to
    40 %', 'an increase of 5 million USD over three years from 2020', '48 clinics (from 12 in 2019)',
    '20 USD per day'."""
    n = number
    value = format_number(n.value)  # type: ignore[attr-defined]
    kind = getattr(n, "measure", "amount")
    low = getattr(n, "low", None)
    if kind == "range" and low is not None:
        value = f"{format_number(low)} to {value}"
    text = " ".join(p for p in (value, n.scale or "", n.unit) if p)  # type: ignore[attr-defined]
    period = getattr(n, "period", None)
    if kind == "change":
        text = f"a change of {text}" + (f" {period}" if period else "")
    elif kind == "rate" and period:
        text = f"{text} {period}"
    start = getattr(n, "start", None)
    if start is not None:
        since = getattr(n, "start_year", None)
        text += f" (from {format_number(start)}{f' in {since}' if since else ''})"
    return text


TITLE_MAX_WORDS = 30


def finding_label(finding: Finding, words: int = 12) -> str:
    """A name for a finding: its title; else its first sentence, whole; a first sentence too long for
    a title is cut at a clause boundary (a comma, a semicolon, a colon, a dash), never inside a clause,
    and the cut is marked."""
    if finding.title:
        return finding.title
    return _label(finding.text, finding.number, words)


@functools.lru_cache(maxsize=1 << 16)
def _label(text: str, number: str | None, words: int) -> str:
    # Asked of every finding several times a build (which pages MkDocs builds, the search entries, the
    # pages themselves); a text's hash is kept by the string, so a repeated question costs a lookup.
    sentences = text_to_sentences(text)
    first = sentences[0] if sentences else text
    if first[:1].islower() and number:
        # A lettered point of a list ('(a) the convening of ...') is named with its number.
        first = f"{number} {first}"
    if len(first.split()) <= max(words, TITLE_MAX_WORDS):
        return first
    head = " ".join(first.split()[: max(words, TITLE_MAX_WORDS)])
    cut = max(head.rfind(mark) for mark in (", ", "; ", ": ", " – ", " — "))
    return (head[:cut] if cut > len(head) // 3 else head).rstrip(" ,;:") + " …"


def excerpt(text: str, words: int = 30) -> str:
    parts = text.split()
    return " ".join(parts) if len(parts) <= words else " ".join(parts[:words]) + " …"


def format_number(value: object) -> str:
    """Numbers as the tables print them: thousands grouped, no trailing '.0'."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1000:
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1000 else f"{value:g}"
