"""Large raw-HTML page bodies kept out of MkDocs: written into the pages after MkDocs built them.

A source reader is a few lines of Markdown and then one raw HTML block with an element per line of the
document: thousands per report. MkDocs would parse that block twice (Markdown's raw-HTML stash and the
search plugin) only to copy it through unchanged. So MkDocs gets the page up to the block and a marker
paragraph, and the block replaces the marker in the built page: the same bytes as Markdown gives.

The search index then holds the page's head, not the whole document: a document's every line in the
index would make it tens of megabytes for the browser to load, and the statements worth finding are on
the finding and table pages. Both the marker and the body carry `data-search-exclude`, the attribute by
which Material for MkDocs and Zensical leave a block out of the index, so nothing patches the index.
"""

from __future__ import annotations

from pathlib import Path

MARKER = "ZQ7RAWTAIL"
# Raw HTML, which Markdown passes through as it is, so the attribute needs no Markdown extension.
MARKER_HTML = f"<p data-search-exclude>{MARKER}</p>"


def split_tail(text: str, start: str) -> tuple[str, str | None]:
    """(Markdown for MkDocs, the raw HTML tail) of a rendered page whose tail begins at `start`."""
    at = text.find(start)
    if at < 0:
        return text, None
    return f"{text[:at].rstrip()}\n\n{MARKER_HTML}\n", text[at:]


def tail_path(tails_dir: Path, url: str) -> Path:
    return tails_dir / url / "tail.html"


def fill_tails(tails_dir: Path, site_dir: Path, done: frozenset[str] = frozenset()) -> int:
    """Put every kept tail into its built page, one page at a time; returns how many. The pages at the
    URLs in `done` already have theirs (taken whole from the last build)."""
    count = 0
    for tail in sorted(tails_dir.rglob("tail.html")):
        url = tail.parent.relative_to(tails_dir).as_posix() + "/"
        if url in done:
            continue
        page = site_dir / url / "index.html"
        html = page.read_text(encoding="utf-8")
        # Markdown ends a raw block without its last newline; the theme's whitespace follows it.
        body = tail.read_text(encoding="utf-8").rstrip("\n")
        html = html.replace(MARKER_HTML, body, 1)
        page.write_text(html, encoding="utf-8")
        count += 1
    return count
