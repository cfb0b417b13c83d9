"""Atom feeds of new findings and the sitemap, both dated from the permalink ledger, not the build.

A finding's date is the day it was first published (extract/ledger.yml ``first_seen``; a finding this
build publishes for the first time is dated today, as the ledger will record it). A page about a report
changes when its document or its findings do: it is dated by the newer of the document file's date and
its newest finding. Pages that gather every report are dated by the newest of those.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.records import Finding, Report
from reportsite.render.cite import clean
from reportsite.render.page import Page, finding_label
from reportsite.render.reuse import Batch
from reportsite.store.ledger import LedgerEntry, load_ledger, today
from reportsite.urls import absolute_url, feed_url, finding_url, report_url, table_url, theme_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED_ENTRIES = 200
"""The site-wide feed keeps the newest findings only: a reader subscribes for what is new."""
INDEX_PAGES = (
    "",
    "reports/",
    "themes/",
    "compare/",
    "tables/",
    "numbers/",
    "glossary/",
    "audit/",
    "downloads/",
)


def first_seen(
    project: Project, linked: Linked, ledger: Mapping[str, LedgerEntry] | None = None
) -> dict[str, str]:
    """Finding id -> the date it was first published (YYYY-MM-DD); ledger: as the build read it."""
    if ledger is None:
        ledger = load_ledger(project.ledger, project.shown(project.ledger))
    now = today()
    return {
        fid: (ledger[fid].first_seen if fid in ledger and ledger[fid].first_seen else now)
        for fid in linked.findings
    }


def _file_date(path: Path) -> str | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).date().isoformat()
    except OSError:
        return None


@dataclass
class Dates:
    findings: dict[str, str]
    reports: dict[str, str]
    """Report id -> the newer of its document's date and its newest finding's."""

    @property
    def newest(self) -> str | None:
        return max(self.reports.values(), default=None)


def page_dates(project: Project, linked: Linked, ledger: Mapping[str, LedgerEntry] | None = None) -> Dates:
    seen = first_seen(project, linked, ledger)
    reports: dict[str, str] = {}
    for extract in linked.extracts:
        rid = extract.report.id
        dates = [seen[f.id] for f in extract.findings if f.id in seen]
        file_date = _file_date(project.root / extract.report.source)
        if file_date:
            dates.append(file_date)
        if dates:
            reports[rid] = max(dates)
    return Dates(seen, reports)


# --- Atom ----------------------------------------------------------------------------------------------


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = clean(text)
    return el


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def atom_feed(
    title: str,
    path: str,
    alternate: str,
    findings: list[tuple[Finding, Report, str]],
    site_url: str,
    site_name: str,
) -> str:
    """An Atom 1.0 feed (RFC 4287) of (finding, its report, first published), newest first."""
    # The namespace as a plain attribute: ElementTree's default_namespace refuses unqualified attributes.
    feed = ET.Element("feed", xmlns=ATOM)
    _el(feed, "id", absolute_url(site_url, path) if site_url else f"urn:reportsite:{path}")
    _el(feed, "title", title)
    _el(feed, "updated", _stamp(max((d for _, _, d in findings), default=today())))
    _el(feed, "link", rel="self", type="application/atom+xml", href=absolute_url(site_url, path))
    _el(feed, "link", rel="alternate", type="text/html", href=absolute_url(site_url, alternate))
    author = _el(feed, "author")
    _el(author, "name", site_name or "reportsite")
    _el(feed, "generator", "reportsite")
    for finding, report, date in findings:
        entry = _el(feed, "entry")
        page = finding_url(finding.id)
        _el(entry, "id", absolute_url(site_url, page) if site_url else f"urn:reportsite:finding:{finding.id}")
        _el(entry, "title", finding_label(finding))
        _el(entry, "link", rel="alternate", type="text/html", href=absolute_url(site_url, page))
        _el(entry, "published", _stamp(date))
        _el(entry, "updated", _stamp(date))
        who = _el(entry, "author")
        _el(who, "name", report.publisher)
        _el(entry, "category", term=clean(finding.kind))
        summary = f"{finding.kind} in “{report.title}” ({report.publisher}, {report.date}), {finding.source.label()}"
        _el(entry, "summary", summary)
        _el(entry, "content", finding.text, type="text")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_batches(linked: Linked, dates: Dates, site_url: str, site_name: str) -> Iterator[Batch]:
    """feeds/findings.atom for the site, feeds/<report-id>.atom for each report, each made only when its
    entries changed (render/reuse.py)."""
    rows = sorted(
        ((f, linked.report_of[f.id], dates.findings[f.id]) for f in linked.findings.values()),
        key=lambda r: (r[2], r[0].id),
        reverse=True,
    )
    name = site_name or "the site"
    by_report: dict[str, list[tuple[Finding, Report, str]]] = {}
    for row in rows:
        by_report.setdefault(row[1].id, []).append(row)
    feeds = [(f"New findings on {name}", feed_url(), "", rows[:FEED_ENTRIES])]
    for extract in linked.extracts:
        report = extract.report
        own = by_report.get(report.id, [])
        feeds.append((f"New findings in “{report.title}”", feed_url(report.id), report_url(report.id), own))
    for title, path, alternate, entries in feeds:
        args = (title, path, alternate, entries, site_url, site_name)
        yield Batch(path, ("atom", args), partial(_as_page, path, partial(atom_feed, *args)))


def _as_page(path: str, make: Callable[[], str]) -> list[Page]:
    return [Page(path, data=make())]


# --- Sitemap -------------------------------------------------------------------------------------------


def sitemap_entries(linked: Linked, dates: Dates) -> Iterator[tuple[str, str | None]]:
    """(page path, last modified or None) for every HTML page of the site."""
    for path in INDEX_PAGES:
        yield path, dates.newest
    for extract in linked.extracts:
        rid = extract.report.id
        yield report_url(rid), dates.reports.get(rid)
        yield f"sources/{rid}/", dates.reports.get(rid)
    for fid in linked.findings:
        yield finding_url(fid), dates.findings[fid]
    for view in linked.themes:
        quoted = [dates.findings[f.id] for fs in view.columns.values() for f in fs if f.id in dates.findings]
        yield theme_url(view.theme.id), max(quoted, default=dates.newest)
    for table in linked.tables.values():
        yield table_url(table.id), dates.reports.get(linked.report_of[table.id].id)


def sitemap_batch(linked: Linked, dates: Dates, site_url: str) -> Batch:
    """sitemap.xml, made only when its entries changed (render/reuse.py)."""
    entries = list(sitemap_entries(linked, dates))
    return Batch(
        "sitemap.xml",
        ("sitemap", site_url, entries),
        lambda: [Page("sitemap.xml", data=sitemap_xml(entries, site_url))],
    )


def sitemap_xml(entries: Iterable[tuple[str, str | None]], site_url: str) -> str:
    """The sitemap as ElementTree writes it indented by one space (a test compares the two): joined as
    text, in a tenth of the time, as it is written again after every add or edit."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP}">']
    for path, lastmod in entries:
        lines += [" <url>", _element("loc", absolute_url(site_url, path))]
        if lastmod:
            lines.append(_element("lastmod", lastmod))
        lines.append(" </url>")
    if len(lines) == 2:
        return f'{lines[0]}\n<urlset xmlns="{SITEMAP}" />\n'
    return "\n".join(lines) + "\n</urlset>\n"


def _element(tag: str, text: str) -> str:
    if not text:
        return f"  <{tag} />"
    # What ElementTree escapes in text: the document's values never reach the file as markup.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"  <{tag}>{text}</{tag}>"
