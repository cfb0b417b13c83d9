"""Rebuild only what changed: pages whose inputs are the same as last time are taken from the live site.

Every page is still rendered to Markdown (cheap); what is expensive is MkDocs and the finding pages. A
page's key is the hash of what it is made from:

- a page MkDocs builds: its Markdown and its raw-HTML tail, which already hold whatever the page's
  templates and settings made of it. Material frames each page with the navigation; where every entry of
  mkdocs.yml's nav has its title, the frame is mkdocs.yml's alone, and a page in the navigation is kept
  like any other. Without titles, the nav shows the pages' own headings, so its pages are built every time;
- a finding page: everything its templates are given (render/findings.py ``finding_key``), the templates
  finding pages were rendered with (each template loaded while rendering them, render/env.py
  ``record_templates``) and the settings they read, and the shell page's HTML they are cut from;
- a table chart: the table and which of its columns are numeric.

What every page shares makes the *layout* digest: mkdocs.yml, the theme and its overrides, the code, the
site's name, description and URL (sources/site.yml's title, description and site_url). When it differs
from the last build's, every page is built again. So an edit to a page template rebuilds the pages made
with it, an edit to the home text the home page, an added or edited report its own pages, the pages that
list it, and the finding pages whose related findings or themes changed.

MkDocs then runs on the changed pages only (the unchanged Markdown is set aside, with the pages whose raw
blocks alone changed: build/frames.py); the unchanged pages' HTML is linked from site/ into the new site,
and the search index and sitemap MkDocs wrote for the changed pages are merged with the unchanged pages'
entries, in the order a full build writes them. The result is byte for byte a full build's
(tests/test_incremental.py builds both ways and compares).

The state (.build/state/) is removed before the new site is swapped in and written after, so a build
killed in between leaves no state, and the next build is a full one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportsite.build.folders import Renames, holds, whole_folders
from reportsite.build.frames import Frames
from reportsite.build.keys import layout_digest as layout_digest
from reportsite.build.keys import made_with, uses_digest
from reportsite.build.nav import always_built as always_built
from reportsite.build.nav import docs_order, nav_pages, page_url
from reportsite.build.pagelinks import KeptPages
from reportsite.project import Project
from reportsite.render.tails import tail_path
from reportsite.render.uses import record_templates
from reportsite.store.yaml_io import write_atomic

STATE_VERSION = 2


def state_dir(project: Project) -> Path:
    return project.build_dir / "state"


def moves_journal(project: Project) -> Path:
    """What a build moves from the old site into the new one, while it does (build/folders.py)."""
    return project.build_dir / "moves.json"


def text_key(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


@dataclass
class Previous:
    """What the last build left: its keys and the search entries MkDocs made of its pages."""

    pages: dict[str, str]
    findings: dict[str, str]
    charts: dict[str, str]
    search: dict[str, list[dict[str, Any]]]
    finding_uses: list[str] = field(default_factory=list)
    """The templates and settings the finding pages were rendered with, as of the last build."""
    finding_uses_digest: str = ""
    frames: dict[str, str] = field(default_factory=dict)


def load_previous(project: Project, layout: str) -> Previous | None:
    """The last build's state, when site/ is its output and nothing every page depends on changed."""
    folder = state_dir(project)
    try:
        state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
        search = json.loads((folder / "search.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("layout") != layout or not isinstance(search, dict):
        return None
    if not (project.site_dir / "index.html").is_file():
        return None
    uses, used = state.get("finding_uses", []), state.get("finding_uses_digest", "")
    return Previous(
        state["pages"], state["findings"], state["charts"], search, uses, used, state.get("frames", {})
    )


def link_file(old: Path, new: Path) -> bool:
    """Put the old site's file at new (a hard link, else a copy); False when there is none.

    A link shares the file with site/: safe, since the build never writes into a file it did not
    create, and site/ is replaced, never edited."""
    if not old.is_file():
        return False
    new.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)
    return True


def search_by_page(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        out.setdefault(str(doc["location"]).split("#", 1)[0], []).append(doc)
    return out


_URL_BLOCK = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)


@dataclass
class Plan:
    """One build's keys, what it takes from the last build, and the state it leaves for the next."""

    project: Project
    layout: str
    previous: Previous | None
    settings: dict[str, Any]
    shell_url: str
    pages: dict[str, str] = field(default_factory=dict)
    findings: dict[str, str] = field(default_factory=dict)
    charts: dict[str, str] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    kept: set[str] = field(default_factory=set)
    """Markdown pages MkDocs does not build: their HTML is the last build's (or its frame, store.refilled)."""
    stand_ins: set[str] = field(default_factory=set)
    """Kept pages of the nav: MkDocs builds an empty page in their place, which merge_site replaces."""
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    reused_findings: int = 0
    finding_uses: set[str] = field(default_factory=set)
    finding_uses_digest: str = ""
    finding_shell: bytes = b""
    frame_same: bool = False
    """Whether the templates and settings the last build's finding pages were made with are the same."""
    _shell_digest: bytes | None = field(default=None, init=False, repr=False)
    _old_site: str | None = field(default=None, init=False, repr=False)
    _kept: KeptPages | None = field(default=None, init=False, repr=False)
    _whole: set[str] = field(default_factory=set, init=False, repr=False)
    _renames: Renames | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.store = Frames(self.project.build_dir, self.layout)

    def set_aside(
        self, docs_dir: Path, tails_dir: Path, always: Iterable[str], aside: dict[str, str] | None = None
    ) -> int:
        """Key every Markdown page; remove the unchanged ones from docs_dir. Returns how many.

        aside: the docs folder's files kept elsewhere (docs path -> the file): its pages join the
        order, those MkDocs builds are put into docs_dir, and none stays in aside."""
        aside = {} if aside is None else aside
        self.order = docs_order(docs_dir, aside)
        try:
            return self._set_aside(docs_dir, tails_dir, always, aside)
        finally:
            for docs_path in [p for p in aside if p.endswith(".md")]:
                del aside[docs_path]

    def _set_aside(
        self, docs_dir: Path, tails_dir: Path, always: Iterable[str], aside: dict[str, str]
    ) -> int:
        nav = always_built(self.settings)
        forced = set(always) | (nav or set())
        in_nav = nav_pages(self.settings) or set()
        old = self.previous.pages if self.previous else {}
        for docs_path in self.order:
            tail = tail_path(tails_dir, page_url(docs_path))
            kept = aside.get(docs_path)
            markdown = Path(kept or docs_dir / docs_path).read_bytes()
            blocks = tail.read_bytes() if tail.is_file() else None
            key = self.pages[docs_path] = text_key(markdown, blocks or b"")
            if blocks is not None:
                self.store.key(page_url(docs_path), markdown)
            if nav is None or docs_path in forced:
                _put(kept, docs_dir / docs_path)
                continue
            if old.get(docs_path) != key:
                if not self.store.refill(docs_path, self.previous.frames if self.previous else {}):
                    _put(kept, docs_dir / docs_path)
                    continue
            elif not (self.project.site_dir / page_url(docs_path) / "index.html").is_file():
                _put(kept, docs_dir / docs_path)
                continue
            # Removed, not moved: a folder made for each would cost more than the rest of this loop, and
            # the file is kept in .build/render/ (render/reuse.py) and in the last site.
            if kept is None:
                os.unlink(docs_dir / docs_path)
            if docs_path in in_nav:
                self.stand_ins.add(docs_path)
                (docs_dir / docs_path).parent.mkdir(parents=True, exist_ok=True)
                # The nav must find its page, or MkDocs makes the entry a bare link on every page built:
                # an empty one is built in its place (cheap), and the last build's HTML replaces it.
                (docs_dir / docs_path).write_text("", encoding="utf-8")
            self.kept.add(docs_path)
        return len(self.kept)

    def kept_links(self, site_tmp: Path) -> list[tuple[str, str]]:
        """(the last site's file, its place in site_tmp) of the kept pages MkDocs does not write at all:
        linked while it runs (build/mkdocs_files.py)."""
        old, new = str(self.project.site_dir), str(site_tmp)
        whole = self._whole
        return [
            (f"{old}/{page_url(p)}index.html", f"{new}/{page_url(p)}index.html")
            for p in sorted(self.kept - self.store.refilled - self.stand_ins)
            if not holds(whole, page_url(p))
        ]

    def merge_site(self, site_tmp: Path) -> None:
        """Bring the kept pages MkDocs built stand-ins for into its site (kept_links the others); merge
        the search index and sitemap."""
        for docs_path in sorted((self.kept - self.store.refilled) & self.stand_ins):
            rel = Path(page_url(docs_path)) / "index.html"
            (site_tmp / rel).unlink(missing_ok=True)
            link_file(self.project.site_dir / rel, site_tmp / rel)
        for docs_path in sorted(self.store.refilled):
            self.store.put(page_url(docs_path), site_tmp / page_url(docs_path) / "index.html")
        index = site_tmp / "search" / "search_index.json"
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            built = search_by_page(data["docs"])
            old = self.previous.search if self.previous else {}
            docs: list[dict[str, Any]] = []
            for docs_path in self.order:
                url = page_url(docs_path)
                entries = old.get(url, []) if docs_path in self.kept else built.get(url, [])
                self.search[url] = entries
                docs += entries
            data["docs"] = docs
            _replace(index, json.dumps(data, separators=(",", ":"), default=str))
        self._merge_sitemap(site_tmp / "sitemap.xml")

    def _merge_sitemap(self, path: Path) -> None:
        """A kept page's sitemap entry is the shell page's (always built) with the address changed:
        the entries differ only there, so the dates are this build's, as in a full build."""
        text = path.read_text(encoding="utf-8") if path.is_file() and self.kept else ""
        blocks = list(_URL_BLOCK.finditer(text))
        by_loc = {found[1]: m[0] for m in blocks if (found := _LOC.search(m[0]))}
        shell = next((loc for loc in by_loc if loc.endswith(self.shell_url)), None)
        if shell is None:
            return
        base = shell[: -len(self.shell_url)]
        out = []
        for docs_path in self.order:
            loc = base + _xml(page_url(docs_path))
            if docs_path in self.kept:
                out.append(by_loc[shell].replace(f"<loc>{shell}</loc>", f"<loc>{loc}</loc>"))
            elif loc in by_loc:
                out.append(by_loc[loc])
        merged = text[: blocks[0].start()] + "".join(out) + text[blocks[-1].end() :]
        _replace(path, merged)
        gz = path.with_suffix(".xml.gz")
        if gz.is_file():
            _replace_bytes(gz, gzip.compress(merged.encode("utf-8"), mtime=0))

    @contextmanager
    def finding_pages(self, shell_html: Path) -> Iterator[None]:
        """While the finding pages are written: their keys take in the shell they are cut from; they are
        kept only while the templates and settings the last build noted for them are the same. What this
        build renders them with is noted for the next."""
        now = made_with(self.project)
        uses = set(self.previous.finding_uses) if self.previous else set()
        old = self.previous.finding_uses_digest if self.previous else None
        self.frame_same = old == uses_digest(now, uses)
        self.finding_shell = shell_html.read_bytes() if shell_html.is_file() else b""
        self._shell_digest = None
        try:
            with record_templates() as used:
                yield
        finally:
            if self._kept is not None:
                self._kept.close()
        # Pages taken from the last build were made with what it noted; the union covers every page.
        # Its digest is of the files as they were before any page was rendered: one edited meanwhile
        # differs from it next time.
        self.finding_uses = uses | used
        self.finding_uses_digest = uses_digest(now, self.finding_uses)

    def keep_finding(self, url: str, key: str, site_tmp: Path, paths: list[str]) -> bool:
        """Record a finding page's key; True when its files (site paths) were taken from the last build."""
        if self._shell_digest is None:
            self._shell_digest = hashlib.sha256(self.finding_shell).digest()
        # text_key(key, shell), with the shell's hash taken once for every page.
        key = hashlib.sha256(hashlib.sha256(key.encode()).digest() + self._shell_digest).hexdigest()
        self.findings[url] = key
        if not self.previous or not self.frame_same or self.previous.findings.get(url) != key:
            return False
        if self._old_site is None:
            self._old_site = str(self.project.site_dir)
        if self._kept is None:
            self._kept = KeptPages(self._old_site, str(site_tmp))
        self._kept.page(url, paths)
        self.reused_findings += 1
        return True

    def unkept(self) -> list[str]:
        """The pages keep_finding accepted whose files could not be linked after all (the old site lost
        one): they are rendered instead. Waits for the links."""
        failed = self._kept.failed() if self._kept is not None else []
        self.reused_findings -= len(failed)
        return failed

    def take_folders(self, kept: Mapping[str, str | None], made: list[str]) -> set[str]:
        """Decide which page folders move whole from the last site (build/folders.py): none of their
        files is to be linked, they move at move_kept(). kept, made: the files (not the pages) taken
        from the last build, with where from, and those written by this one. Returns the folders."""
        pages = [page_url(p) for p in self.kept - self.store.refilled - self.stand_ins]
        old = str(self.project.site_dir)
        self._whole = whole_folders(old, pages, kept, made) if self.previous else set()
        return self._whole

    def move_kept(self, site_tmp: Path) -> None:
        """The last step before the new site replaces the old: report folders whose pages were all
        taken move over whole (build/pagelinks.py), and page folders all taken (take_folders).
        move_back() undoes it; settle() once the new site is in place."""
        self._renames = Renames(str(self.project.site_dir), str(site_tmp), moves_journal(self.project))
        if self._kept is not None:
            self._kept.move(self._renames)
        for folder in sorted(self._whole):
            self._renames.folder(folder)
        self._renames.run()

    def move_back(self) -> None:
        if self._renames is not None:
            self._renames.move_back()

    def settle(self) -> None:
        if self._renames is not None:
            self._renames.settle()

    def keep_chart(self, rel: str, key: str, site_tmp: Path) -> bool:
        self.charts[rel] = key
        if not self.previous or self.previous.charts.get(rel) != key:
            return False
        return link_file(self.project.site_dir / rel, site_tmp / rel)

    def forget(self) -> None:
        """Before site/ changes: no state may describe a site that is being replaced."""
        shutil.rmtree(state_dir(self.project), ignore_errors=True)

    def save(self) -> None:
        folder = state_dir(self.project)
        state = {
            "version": STATE_VERSION,
            "pages": self.pages,
            "findings": self.findings,
            "charts": self.charts,
            "finding_uses": sorted(self.finding_uses),
            "finding_uses_digest": self.finding_uses_digest,
            "frames": self.store.keys,
        }
        # The search entries first: state.json is what makes the state count.
        write_atomic(folder / "search.json", json.dumps(self.search, separators=(",", ":")))
        write_atomic(folder / "state.json", json.dumps({"layout": self.layout, **state}))
        self.store.prune()


def _put(kept: str | None, path: Path) -> None:
    """A page MkDocs builds, into the docs folder from where it is kept (None: it is there)."""
    if kept is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        link_file(Path(kept), path)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _replace(path: Path, text: str) -> None:
    _replace_bytes(path, text.encode("utf-8"))


def _replace_bytes(path: Path, data: bytes) -> None:
    # A new file, never a rewrite in place: the old one may be a link shared with site/.
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
