"""The finding pages written apart from MkDocs, in the search index and the sitemap it made."""

from __future__ import annotations

import gzip
import html
import json
import os
from collections.abc import Iterator
from pathlib import Path

from reportsite.records import Finding, Report
from reportsite.render.page import finding_url, text_escape


def plain(text: str) -> str:
    """Text as Markdown renders it from ``|md``, and as Material's search index keeps it."""
    return str(text_escape(text))


def search_entry(finding: Finding, report: Report, title: str) -> dict[str, str]:
    """The entry Material's search plugin makes of a finding page's top (before its first section)."""
    number = f" {finding.number}" if finding.number else ""
    section = f", section “{finding.section}”" if finding.section else ""
    kind = plain(f"{finding.kind}{number} in {report.title}{section}")
    return {
        "location": finding_url(finding.id),
        "title": title,
        "text": f"<p>{kind}</p> <p>{html.escape(finding.text, quote=False)}</p>",
    }


def update_search_index(site_dir: Path, entries: list[dict[str, str]], shell_url: str) -> None:
    """Append the finding pages to Material's index, in its own format, without the shell's entries."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    data["docs"] = [d for d in data["docs"] if not d["location"].startswith(shell_url)] + entries
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
    os.replace(tmp, path)


def update_sitemap(site_dir: Path, locations: Iterator[str], shell_url: str) -> None:
    """Put the finding pages where the sitemap lists the shell (it does only when site_url is set)."""
    path = site_dir / "sitemap.xml"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    span = _url_block(text, shell_url)
    if span is None:
        return
    start, end = span
    block = text[start:end]
    urls = "".join(block.replace(shell_url, html.escape(loc)) for loc in locations)
    text = text[:start] + urls + text[end:]
    path.write_text(text, encoding="utf-8")
    gz = path.with_suffix(".xml.gz")
    if gz.is_file():
        gz.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def _url_block(text: str, url: str) -> tuple[int, int] | None:
    """Where the sitemap's <url> entry naming url lies, with its indent and line end. Found by plain
    searches: a regular expression tried at every <url> took tens of milliseconds on a large sitemap."""
    at = text.find(url)
    if at < 0:
        return None
    start = text.rfind("<url>", 0, at)
    end = text.find("</url>", at)
    if start < 0 or end < 0 or text.find("</url>", start, at) >= 0:
        return None
    while start > 0 and text[start - 1] in " \t":
        start -= 1
    end += len("</url>")
    if text.startswith("\n", end):
        end += 1
    return start, end
