"""The citation of each finding, table and theme page, and the files and tags it is given as.

Templates get the builders bound to the site's address and name (``install``); the BibTeX, RIS and
CSL-JSON files of every page come from ``cite_pages``, beside the page they cite.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

import jinja2

from reportsite.link.linked import Linked, ThemeView
from reportsite.project import Project
from reportsite.records import Finding, Report, Table
from reportsite.render.cite import (
    Citation,
    cite_files,
    cite_names,
    finding_citation,
    page_citation,
    table_citation,
)
from reportsite.render.meta import front_matter, head_html
from reportsite.render.page import Page, finding_label
from reportsite.urls import feed_url, finding_url, table_url, theme_url

CITE_STEM = "cite"
"""The citation files of a page are <page>/cite.bib, cite.ris and cite.csl.json."""
SITE_FEED = ("New findings", feed_url())


def pdf_path(report: Report) -> str | None:
    """Where the site keeps a PDF source (render/sources.py pdf_url), or None for other documents."""
    return f"downloads/sources/{report.id}.pdf" if report.source.lower().endswith(".pdf") else None


def finding_cite(finding: Finding, report: Report, site_url: str) -> Citation:
    return finding_citation(
        finding, finding_label(finding), report, finding_url(finding.id), site_url, pdf_path(report)
    )


def table_cite(table: Table, report: Report, site_url: str) -> Citation:
    return table_citation(table, report, table_url(table.id), site_url, pdf_path(report))


def theme_cite(view: ThemeView, dates: Iterable[str], site_url: str, site_name: str) -> Citation:
    """A theme page is the site's own reading of the reports: cited as a page of the site, dated by the
    newest report it quotes."""
    date = max(dates, default="") or "1970"
    about = view.theme.description or view.status_reason
    return page_citation(
        f"theme:{view.theme.id}", view.theme.title, site_name, date, theme_url(view.theme.id), site_url, about
    )


def report_feeds(report: Report) -> tuple[tuple[str, str], ...]:
    return (SITE_FEED, (f"New findings in “{report.title}”", feed_url(report.id)))


def finding_head(finding: Finding, report: Report, site_url: str) -> str:
    c = finding_cite(finding, report, site_url)
    return head_html(finding_url(finding.id), c.title, c.description, site_url, c, report_feeds(report))


def install(env: jinja2.Environment, site_url: str, site_name: str) -> None:
    """The builders templates call, bound to the site."""

    def theme_head(view: ThemeView, columns: list[Any]) -> Citation:
        dates = [q.report.date for _cid, _label, quotes in columns for q in quotes]
        return theme_cite(view, dates, site_url, site_name)

    def head(page_url: str, c: Citation, feeds: tuple[tuple[str, str], ...] = (SITE_FEED,)) -> str:
        return head_html(page_url, c.title, c.description, site_url, c, feeds)

    env.globals.update(
        cite_stem=CITE_STEM,
        front_matter=front_matter,
        finding_cite=lambda f, r: finding_cite(f, r, site_url),
        finding_head=lambda f, r: finding_head(f, r, site_url),
        table_cite=lambda t, r: table_cite(t, r, site_url),
        theme_cite=theme_head,
        head_tags=head,
        page_head=lambda page_url, title, description, feeds=(SITE_FEED,): head_html(
            page_url, title, description, site_url, None, feeds
        ),
        report_feeds=report_feeds,
    )


def cite_pages(
    linked: Linked, site_url: str, site_name: str, later: Callable[[Finding], bool] | None = None
) -> Iterator[Page]:
    """The BibTeX, RIS and CSL-JSON files of every finding, table and theme page; not those of the
    findings `later` accepts, whose files are written with their page (render/findings.py)."""
    for finding in linked.findings.values():
        if later is not None and later(finding):
            continue
        c = finding_cite(finding, linked.report_of[finding.id], site_url)
        yield from _files(finding_url(finding.id), c)
    for table in linked.tables.values():
        yield from _files(table_url(table.id), table_cite(table, linked.report_of[table.id], site_url))
    for view in linked.themes:
        dates = [linked.report_of[f.id].date for fs in view.columns.values() for f in fs]
        yield from _files(theme_url(view.theme.id), theme_cite(view, dates, site_url, site_name))


def finding_cite_names(finding: Finding) -> list[str]:
    """The site paths of a finding page's citation files."""
    url = finding_url(finding.id)
    return [f"{url}{name}" for name in cite_names(CITE_STEM)]


def finding_cite_files(finding: Finding, report: Report, site_url: str) -> dict[str, str]:
    """Site path -> text of a finding page's citation files."""
    c = finding_cite(finding, report, site_url)
    return {f"{finding_url(finding.id)}{name}": text for name, text in cite_files(c, CITE_STEM).items()}


def _files(page_path: str, c: Citation) -> Iterator[Page]:
    for name, text in cite_files(c, CITE_STEM).items():
        yield Page(f"{page_path}{name}", data=text)


def site_name(project: Project) -> str:
    """The site's name as mkdocs.yml gives it: theme pages are cited as pages of it."""
    return site_identity(project)[1]


def site_identity(project: Project) -> tuple[str, str]:
    """(site_url, site_name) as mkdocs.yml gives them."""
    from reportsite.build.mkdocs import mkdocs_settings

    settings = mkdocs_settings(project)
    return str(settings.get("site_url") or ""), str(settings.get("site_name") or "")
