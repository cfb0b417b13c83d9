"""Finding pages without MkDocs: one shell page through MkDocs, then every finding page from its parts.

A site of hundreds of reports has tens of thousands of finding pages, and MkDocs with Material spends
10-20 ms on each (Markdown, the theme's page template, search indexing). Every finding page has the
same frame: the same depth (so the same relative asset URLs), the same table of contents (its section
headings are fixed), no place in the navigation. So MkDocs builds one shell page, made by finding.md.j2
from a placeholder finding at ``findings/_shell/page/``; its HTML is cut at the placeholder's markers,
and each finding page is the shell's parts joined with the finding's own values and its article,
rendered by finding.html.j2 (autoescaped, like every template). The shell is removed afterwards.

A finding whose heading would take the id of a section heading ("Data", "Source") changes the table of
contents, so it is left to MkDocs: ``through_mkdocs`` says which.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markdown.extensions.toc import slugify, unique

from reportsite.errors import BuildError
from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.records import Finding, Report, Source
from reportsite.render.citing import finding_cite_files, finding_cite_names, site_name
from reportsite.render.data import finding_record
from reportsite.render.env import compiled_dir, make_env, template_error
from reportsite.render.finding_index import plain, search_entry, update_search_index, update_sitemap
from reportsite.render.package import short_finding_text
from reportsite.render.page import Page, finding_label, finding_url
from reportsite.render.pages import finding_context, theme_titles
from reportsite.render.parallel import PagePool
from reportsite.store.site import load_site
from reportsite.urls import short_finding_json

SHELL_URL = "findings/_shell/page/"
"""Report ids and slugs never start with '_', so no finding can own this address."""
TITLE = "ZQ7SHELLTITLE"
HEADING_ID = "zq7shelltitle"
"""What the table-of-contents extension makes of TITLE: the id of the shell's h1."""
HEAD = "ZQ7SHELLHEAD"
"""Stands for the page's own <head> tags (render/meta.py) in the shell."""
END = "ZQ7SHELLEND"
END_HTML = f"<p>{END}</p>"
SECTION_IDS = frozenset({"source", "themes", "related-findings", "cite-this", "data"})
"""The ids of finding.md.j2's section headings."""

_MARKERS = re.compile(f"({HEAD}|{TITLE}|{HEADING_ID}|{re.escape(SHELL_URL)}|\x00CONTENT\x00)")


def heading_id(finding: Finding) -> str:
    """The id MkDocs' table-of-contents extension gives the page's h1."""
    return _heading_id(finding_label(finding))


@functools.lru_cache(maxsize=1 << 16)
def _heading_id(label: str) -> str:
    # Asked of every finding several times a build (which pages MkDocs builds, which are cut).
    return unique(slugify(label, "-"), set())


def through_mkdocs(finding: Finding) -> bool:
    """A heading id equal to a section's would renumber that section's id, and so the contents."""
    return heading_id(finding) in SECTION_IDS


def shell_page(linked: Linked) -> Page:
    """The placeholder finding page whose HTML every lean finding page is cut from."""
    report = Report.model_construct(
        id="_shell", title="", publisher="", date="", kind="other", cycle=None, source=""
    )
    finding = Finding.model_construct(
        id="_shell/page",
        kind="finding",
        title=TITLE,
        text="",
        section="",
        number=None,
        source=Source.model_construct(lines=[1, 1], page=None, bbox=None),
        themes=[],
        theme_reasons={},
    )
    context = {
        "finding": finding,
        "report": report,
        "themes": [],
        "related": [],
        "links_out": [],
        "links_in": [],
        "json_text": "",
        "json_name": "page.json",
        "shell_head": HEAD,
    }
    return Page(SHELL_URL, "finding.md.j2", context)


def mark_shell_end(docs_dir: Path) -> None:
    """End the shell's Markdown with a marker paragraph: the article is what comes before it."""
    path = docs_dir / SHELL_URL / "index.md"
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n\n{END}\n")


@dataclass
class Shell:
    """The shell page's HTML between its markers: literal text, and the names of the values between."""

    parts: list[str]

    @classmethod
    def read(cls, path: Path) -> Shell:
        """The shell page MkDocs built (or the same HTML kept from the last build: build/frames.py)."""
        text = path.read_text(encoding="utf-8")
        start = text.find(f'<h1 id="{HEADING_ID}"')
        end = text.find(END_HTML)
        if start < 0 or end < start or TITLE not in text[:start]:
            raise BuildError("the theme's page has no place for a finding's title and content", str(path))
        text = text[:start] + "\x00CONTENT\x00" + text[end + len(END_HTML) :]
        return cls(_MARKERS.split(text))

    def page(self, values: dict[str, str]) -> str:
        # Odd places hold marker names (re.split keeps the captured separators there).
        return "".join(values[p] if i % 2 else p for i, p in enumerate(self.parts))


def _values(env: jinja2.Environment, linked: Linked, finding: Finding, ctx: dict) -> dict[str, str]:
    url = finding_url(finding.id)
    title = plain(finding_label(finding))
    body = env.get_template("finding.html.j2").render(page_url=url, h1_id=heading_id(finding), **ctx)
    # Markdown output ends without a newline; the shell carries the whitespace that follows it.
    body = body.rstrip("\n")
    head = env.globals["finding_head"](finding, ctx["report"])  # type: ignore[operator]
    return {
        HEAD: head,
        TITLE: title,
        HEADING_ID: heading_id(finding),
        SHELL_URL: url,
        "\x00CONTENT\x00": body,
    }


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Fingerprints:
    """The digest of each finding's JSON with its report's, made once per build: a finding recurs on
    the pages of all it is related or linked to, and dumping it again there was most of a key's cost."""

    def __init__(self, linked: Linked) -> None:
        self.linked = linked
        self.findings: dict[str, str] = {}
        self.reports: dict[str, str] = {}

    def report(self, report: Report) -> str:
        found = self.reports.get(report.id)
        if found is None:
            found = self.reports[report.id] = _digest(report.model_dump_json())
        return found

    def finding(self, finding_id: str) -> str:
        found = self.findings.get(finding_id)
        if found is None:
            finding = self.linked.findings[finding_id]
            report = self.report(self.linked.report_of[finding_id])
            found = self.findings[finding_id] = _digest(finding.model_dump_json() + "\0" + report)
        return found


def json_name(finding: Finding) -> str:
    """The name of the finding's JSON beside its page (``finding_context``'s json_name)."""
    return f"{finding.id.rsplit('/', 1)[1]}.json"


KEYED = frozenset(
    {"finding", "report", "themes", "related", "links_out", "links_in", "chain", "json_text", "json_name"}
)
"""The names of ``finding_context`` that ``finding_key`` covers (a test holds them equal)."""


def finding_key(
    linked: Linked, finding: Finding, themes: dict[str, Any], with_pages: set[str], prints: Fingerprints
) -> str:
    """A hash of everything a finding page is made from but the templates and settings (which every
    page shares): two pages with the same key are the same bytes.

    It takes what render/pages.py ``finding_context`` reads, without building the context: a quote of
    a related or linked finding stands for that finding with its report, as its fingerprint; the JSON
    text is made from the finding and its report alone, and its name from the id.
    """
    present = linked.findings
    parts = [
        prints.finding(finding.id),
        [
            [
                tid,
                themes[tid].title if tid in themes else tid,
                tid in with_pages,
                finding.theme_reasons.get(tid, []),
            ]
            for tid in finding.themes
        ],
        [[prints.finding(r.id), r.reason] for r in linked.related.get(finding.id, []) if r.id in present],
        [[prints.finding(ln.to), ln.why] for ln in finding.links if ln.to in present],
        [[prints.finding(fid), why] for fid, why in linked.backlinks.get(finding.id, []) if fid in present],
        [
            [what, [prints.finding(g) for g in ids if g in present]]
            for what, ids in linked.chain.get(finding.id, [])
        ],
    ]
    return _digest(json.dumps(parts, ensure_ascii=False, default=str, separators=(",", ":")))


def finding_keys(linked: Linked) -> dict[str, str]:
    """finding_key of every finding page write_finding_pages writes, by finding id."""
    themes, prints = theme_titles(linked), Fingerprints(linked)
    with_pages = {v.theme.id for v in linked.themes}
    return {
        f.id: finding_key(linked, f, themes, with_pages, prints)
        for f in linked.findings.values()
        if not through_mkdocs(f)
    }


Keep = Callable[[str, str, Path, list[str]], bool]
"""(page URL, key, site folder, the page's files as site paths) -> True when the page's files were
taken from the last build (build/incremental.py); the writer then skips rendering them."""


def page_files(finding: Finding, json_name: str) -> list[str]:
    """The site paths of every file a finding page is written with: the page, its JSON, its citation
    files and its JSON at the short address. Written here rather than copied through MkDocs' docs
    folder: thousands of small files cost more to copy and delete than to write once."""
    url = finding_url(finding.id)
    return [
        f"{url}index.html",
        f"{url}{json_name}",
        *finding_cite_names(finding),
        short_finding_json(finding.id),
    ]


def side_files(finding: Finding, report: Report, site_url: str) -> dict[str, str]:
    """Site path -> text of the files beside a finding page, as render/data.py gives them to MkDocs."""
    files = finding_cite_files(finding, report, site_url)
    files[short_finding_json(finding.id)] = short_finding_text(finding_record(finding, report, site_url))
    return files


@dataclass
class PageWriter:
    """Renders and writes finding pages by id: the job of render/parallel.py's workers."""

    project: Project
    linked: Linked
    site_dir: Path
    site_url: str
    shell: Shell
    env: jinja2.Environment
    themes: dict[str, Any]

    def __call__(self, ids: list[str]) -> int:
        # Each folder of the chunk made once, before its files: a page's citation files share its
        # folder, and a report's pages share the folder of their short-address JSON.
        folders = {self.site_dir / finding_url(fid) for fid in ids}
        folders.update((self.site_dir / short_finding_json(fid)).parent for fid in ids)
        for folder in sorted(folders):
            folder.mkdir(parents=True, exist_ok=True)
        for finding_id in ids:
            self.write(self.linked.findings[finding_id])
        return len(ids)

    def write(self, finding: Finding) -> None:
        ctx = finding_context(self.linked, finding, self.themes)
        try:
            values = _values(self.env, self.linked, finding, ctx)
        except jinja2.TemplateError as exc:
            page = Page(finding_url(finding.id), "finding.html.j2")
            raise template_error(exc, self.project, page) from None
        folder = self.site_dir / values[SHELL_URL]
        (folder / "index.html").write_text(self.shell.page(values), encoding="utf-8")
        (folder / ctx["json_name"]).write_text(ctx["json_text"], encoding="utf-8")
        for rel, text in side_files(finding, ctx["report"], self.site_url).items():
            path = self.site_dir / rel
            path.write_text(text, encoding="utf-8")


def write_finding_pages(
    project: Project,
    linked: Linked,
    site_dir: Path,
    site_url: str = "",
    progress: Callable[[str], None] | None = None,
    keep: Keep | None = None,
    workers: int | None = None,
    keys: Callable[[], dict[str, str]] | None = None,
    unkept: Callable[[], list[str]] | None = None,
    shell: Path | None = None,
) -> list[dict[str, str]]:
    """Write every finding page MkDocs did not build into site_dir; returns their search entries, for
    finish_findings once MkDocs' index and sitemap are there.

    Pages are written a chunk at a time, by worker processes where there are several cores
    (render/parallel.py), so memory stays flat however many there are; only the search entries (the
    quote and its label) are kept until the index is written. With keep, a page whose key it knows is
    taken from the last build instead of rendered (but those unkept gives, their files missing after
    all). keys: finding_keys' result, made meanwhile elsewhere. shell: the shell page's HTML, by default
    where MkDocs built it in site_dir."""
    site = load_site(project.site_settings)
    env = make_env(project.template_dirs, site_url, site, site_name(project), compiled_dir(project))
    frame = Shell.read(shell or site_dir / SHELL_URL / "index.html")
    writer = PageWriter(project, linked, site_dir, site_url, frame, env, theme_titles(linked))
    written = 0

    def done(n: int) -> None:
        nonlocal written
        before, written = written, written + n
        if progress and written // 5000 > before // 5000:
            progress(f"wrote {written // 5000 * 5000} finding pages")

    pool = PagePool(writer, done, workers)
    entries: list[dict[str, str]] = []
    made = (keys or functools.partial(finding_keys, linked))() if keep is not None else {}
    kept: dict[str, str] = {}
    try:
        for finding in linked.findings.values():
            if through_mkdocs(finding):
                continue
            entries.append(search_entry(finding, linked.report_of[finding.id], plain(finding_label(finding))))
            if keep is not None:
                url = finding_url(finding.id)
                if keep(url, made[finding.id], site_dir, page_files(finding, json_name(finding))):
                    kept[url] = finding.id
                    continue
            pool.add(finding.id)
        for url in unkept() if unkept is not None else ():
            pool.add(kept[url])
        pool.finish()
    finally:
        pool.close()
    return entries


def finish_findings(site_dir: Path, entries: list[dict[str, str]]) -> None:
    """The shell page removed from site_dir, the finding pages of entries put in MkDocs' search index
    and sitemap."""
    _remove_shell(site_dir)
    update_search_index(site_dir, entries, SHELL_URL)
    update_sitemap(site_dir, (e["location"] for e in entries), SHELL_URL)


def _remove_shell(site_dir: Path) -> None:
    for path in (folder := site_dir / SHELL_URL).iterdir():
        path.unlink()
    folder.rmdir()
    folder.parent.rmdir()
