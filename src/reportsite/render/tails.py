"""Large raw-HTML blocks kept out of MkDocs: set aside before it runs, put into its pages after.

A list page quotes hundreds of statements in raw HTML (a theme's columns, the key numbers, the audit's
checks), and a source reader is a few lines of Markdown and then one raw HTML block with an element per
line of the document. MkDocs would parse each such block twice (Markdown's raw-HTML stash and the search
plugin) only to copy it through unchanged. So MkDocs gets the page with a marker paragraph in each
block's place, and the block replaces its marker in the built page: the same bytes as MkDocs gives.

Two kinds of block:
- A template marks one with the `raw` macro of `_raw.j2` (`{% call r.raw() %}...{% endcall %}`). The
  block starts a line and ends one, and is either whole elements where Markdown begins a raw block, or
  inside a raw block (the rows of a table). It is stored as Markdown would pass it through: tabs
  expanded, lines of spaces emptied, line ends made `\n`.
- A page's tail (`Page.raw_tail`, a source reader's body) is everything from its first element on, kept
  as it is: a document's tabs stay tabs, as Markdown would not keep them.

What leaves the search index, and why: the blocks are quotes of records that have their own pages and
search entries (a finding's text on the finding's page, a table's on the table's) or lists drawn from
them (the key numbers with their sentences, the audit's checks, the comparison's rows, the download
files, the numbers under a table's chart, which repeat the table's cells, the rows of the reports table,
each a report's title and counts, its page's heading); a source reader's every line. A page's headings and its own prose stay in Markdown, so a theme
is found by its name and description and a finding by its words. Keeping the quotes too would make the
index several times larger for the browser to load, with every quote in it twice. Both the marker and
the source reader's body carry `data-search-exclude`, the attribute by which Material for MkDocs and
Zensical leave a block out of the index, so nothing patches the index.

Document text cannot forge a mark or a marker: the marks are HTML comments and the marker a `<p>`
element, and every document value reaches a page HTML-escaped, `<` as `&lt;`. A marker is numbered, and
each must come back from MkDocs exactly once, in order, or the build stops naming the page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote

from reportsite.errors import BuildError

OPEN = "<!--raw-block-->"
CLOSE = "<!--/raw-block-->"
"""The marks of `_raw.j2`'s macro around a block."""
MARKER = "ZQ7RAWTAIL"
_MARKER_HTML = re.compile(rf"<p data-search-exclude>{MARKER}-(\d+)</p>")
_MARKS = re.compile(f"{re.escape(OPEN)}|{re.escape(CLOSE)}")
_BLANK_LINE = re.compile(r"(?<=\n) +\n")
# Markdown's tab stops (its tab_length, which MkDocs leaves at the default).
_TAB = 4
BLOCKS_SUFFIX = ".blocks.json"


class RawBlockError(ValueError):
    """A template's raw-block marks that cannot be set aside: unpaired, nested, or not whole lines."""


def marker_html(n: int) -> str:
    # Raw HTML, which Markdown passes through as it is, so the attribute needs no Markdown extension.
    return f"<p data-search-exclude>{MARKER}-{n}</p>"


def _as_markdown_reads(block: str) -> str:
    """A block that starts and ends a line, as MkDocs and Markdown read it (`NormalizeWhitespace`): the
    file read with universal newlines, tabs expanded, lines of spaces emptied."""
    text = block
    # Each step only where it has something to change: a list page's blocks run to megabytes, most
    # with no tab, no carriage return and no line of spaces, and the regex costs far more than the test.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x02" in text or "\x03" in text:
        text = text.replace("\x02", "").replace("\x03", "")
    if "\t" in text:
        text = text.expandtabs(_TAB)
    padded = f"\n{text}\n"
    if " \n" not in padded:
        return text
    return _BLANK_LINE.sub("\n", padded)[1:-1]


def split_blocks(text: str) -> tuple[str, list[str]]:
    """A rendered page -> (Markdown with a marker for each marked block, the blocks); RawBlockError for
    marks that cannot be set aside."""
    out: list[str] = []
    blocks: list[str] = []
    at = 0
    marks = list(_MARKS.finditer(text))
    if len(marks) % 2:
        raise RawBlockError("a raw block is opened and not closed, or closed and not opened")
    for begin, end in zip(marks[::2], marks[1::2], strict=True):
        if begin[0] != OPEN or end[0] != CLOSE:
            raise RawBlockError("raw blocks are nested or closed before they are opened")
        body = text[begin.end() : end.start()]
        kept = body.rstrip("\n")
        if not kept.strip():
            # Nothing to spare MkDocs; a marker would be an element where the page has none.
            out += [text[at : begin.start()], body]
            at = end.end()
            continue
        after = text[end.end() : end.end() + 1]
        if text[begin.start() - 1 : begin.start()] != "\n" or (kept == body and after not in ("", "\n")):
            raise RawBlockError("a raw block must start a line and end one")
        out += [text[at : begin.start()], marker_html(len(blocks)), body[len(kept) :]]
        blocks.append(_as_markdown_reads(kept))
        at = end.end()
    out.append(text[at:])
    return "".join(out), blocks


def unmark(text: str) -> str:
    """A rendered page as a whole, for an engine that builds it all (the marks removed)."""
    return _MARKS.sub("", text)


def split_tail(text: str, start: str | None) -> tuple[str, str | None]:
    """(Markdown for MkDocs, what goes to the page's blocks file or None) of a rendered page: the
    blocks its template marked, and its raw-HTML tail from the first `start` on."""
    text, blocks = split_blocks(text)
    at = text.find(start) if start else -1
    if at >= 0:
        # Markdown ends a raw block without its last newline; the theme's whitespace follows it.
        tail = text[at:].rstrip("\n")
        text = f"{text[:at].rstrip()}\n\n{marker_html(len(blocks))}\n"
        blocks.append(tail)
    if not blocks:
        return text, None
    return text, json.dumps(blocks, ensure_ascii=False)


def tail_path(tails_dir: Path, url: str) -> Path:
    # All in one folder, the page's address quoted into the name: a folder for each page would be made
    # and removed again in every build, for hundreds of pages.
    return tails_dir / f"{quote(url, safe='')}{BLOCKS_SUFFIX}"


def _tail_url(path: Path) -> str:
    return unquote(path.name.removesuffix(BLOCKS_SUFFIX))


def fill_page(html: str, blocks: list[str], shown: str) -> str:
    """A built page with each marker replaced by its block (one pass: a block's text is not searched)."""
    seen: list[int] = []

    def block(m: re.Match[str]) -> str:
        seen.append(int(m[1]))
        return blocks[int(m[1])] if int(m[1]) < len(blocks) else m[0]

    filled = _MARKER_HTML.sub(block, html)
    if seen != list(range(len(blocks))):
        raise BuildError(
            f"{len(blocks)} raw blocks were set aside but MkDocs gave back markers {seen[:10]}: a raw "
            "block must be whole lines of raw HTML, outside Markdown lists and code",
            shown,
        )
    return filled


def fill_tails(
    tails_dir: Path,
    site_dir: Path,
    done: frozenset[str] = frozenset(),
    keep_frame: Callable[[str, str], None] | None = None,
) -> int:
    """Put every kept block into its built page, one page at a time; returns how many pages. The pages
    at the URLs in `done` already have theirs (taken whole from the last build). keep_frame is given
    each page's address and HTML as it was before (build/frames.py keeps it for the next build)."""
    count = 0
    kept_files = tails_dir.iterdir() if tails_dir.is_dir() else iter(())
    for kept in sorted(p for p in kept_files if p.name.endswith(BLOCKS_SUFFIX)):
        url = _tail_url(kept)
        if url in done:
            continue
        page = site_dir / url / "index.html"
        blocks = json.loads(kept.read_text(encoding="utf-8"))
        frame = page.read_text(encoding="utf-8")
        if keep_frame is not None:
            keep_frame(url, frame)
        html = fill_page(frame, blocks, f"/{url}")
        page.write_text(html, encoding="utf-8")
        count += 1
    return count
