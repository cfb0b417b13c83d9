"""Linked records -> every page, data file and asset of the site, rendered into a docs folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Mapping
from contextlib import nullcontext
from functools import partial
from itertools import chain
from pathlib import Path

import jinja2
from pydantic import BaseModel

from reportsite.errors import BuildError
from reportsite.link.linked import Linked
from reportsite.meanwhile import Meanwhile
from reportsite.project import Project
from reportsite.render.citing import site_name
from reportsite.render.data import data_pages, shelf_texts
from reportsite.render.env import compiled_dir, make_env, template_error
from reportsite.render.findings import mark_shell_end, shell_page, through_mkdocs
from reportsite.render.page import Page, theme_url
from reportsite.render.pages import site_pages
from reportsite.render.parts import keeping_parts
from reportsite.render.reuse import Batch, Reuse
from reportsite.render.shelf import ShelfParts
from reportsite.render.sources import FileDigests, figure_batches, link_or_copy, pdf_files, source_batches
from reportsite.render.tails import RawBlockError, split_tail, tail_path, unmark
from reportsite.render.themes import theme_page
from reportsite.render.uses import note_template, record_templates
from reportsite.store.ledger import LedgerEntry
from reportsite.store.site import load_site

Made = tuple[str | None, list[str] | None, list[str], dict[str, tuple[list[str], str]]]
"""A page rendered ahead (Writer.render_ahead): its key; the templates and settings it was made with, or
None when the last build's is taken; the files written; its kept parts, each with what it was made with
and their digest (render/parts.py)."""


class Writer:
    """Writes pages and batches into docs_dir: each page rendered, unless `reuse` has it from the last
    build (render/reuse.py). A template problem raises BuildError naming the template.

    Pages are rendered and written one at a time, so that only one is in memory. With tails_dir, a
    page's large raw-HTML blocks and tail go there instead of to MkDocs (render/tails.py).
    """

    def __init__(
        self,
        project: Project,
        docs_dir: Path,
        site_url: str = "",
        progress: Callable[[str], None] | None = None,
        tails_dir: Path | None = None,
        reuse: Reuse | None = None,
    ) -> None:
        self.project = project
        self.docs_dir = docs_dir
        self.progress = progress
        self.tails_dir = tails_dir
        self.reuse = reuse
        self.env = make_env(
            project.template_dirs,
            site_url,
            load_site(project.site_settings),
            site_name(project),
            compiled_dir(project),
        )
        self.count = 0
        self.taken: set[str] = set()
        self.parts: list[str] | None = None
        """While a batch with a key renders: the keys of its pages' kept parts (render/parts.py)."""

    def add(self, item: Page | Batch, ahead: Made | None = None) -> list[str]:
        """Write a page or a batch; returns the docs paths written. ahead: what render_ahead did of it
        in another process."""
        if isinstance(item, Page) and (item.template is None or self.reuse is None):
            return self.write(item)
        name, made_from, make = _parts(item)
        if ahead is None or self.reuse is None:
            return self._batch(name, made_from, make)
        key, used, written, parts = ahead
        if used is None:
            return self._batch(name, made_from, make, True, key)
        for f in written:
            if not f.startswith("tails/"):
                self._claim(f)
                self._counted(f.endswith(".md"))
        for template in used:
            note_template(template)
        self.reuse.adopt_parts(parts)
        self.reuse.note(name, key, used, written, parts)
        return [f for f in written if not f.startswith("tails/")]

    def render_ahead(self, items: list[Page | Batch]) -> dict[str, Made]:
        """What add would do of each templated page or batch, by name, for a Writer of another process:
        its key, and unless the last build's files are taken, what they were rendered with and the
        files written."""
        assert self.reuse is not None
        out: dict[str, Made] = {}
        for item in items:
            name, made_from, make = _parts(item)
            key = self.reuse.key(made_from)
            if self.reuse.can_take(name, key):
                out[name] = (key, None, [], {})
                continue
            written, used, parts = self._make(make, key)
            out[name] = (key, sorted(used), written, self.reuse.parts_made(parts))
        return out

    def _batch(
        self,
        name: str,
        made_from: object,
        make: Callable[[], Iterable[Page]],
        known: bool = False,
        key: str | None = None,
    ) -> list[str]:
        """known: the key is given, already made from made_from."""
        reuse = self.reuse
        if reuse is not None and not known:
            key = reuse.key(made_from)
        if reuse is not None:
            files = reuse.take(name, key, self.docs_dir, self.tails_dir)
            if files is not None:
                for f in files:
                    self._claim(f)
                    self._counted(f.endswith(".md"))
                return files
        written, used, parts = self._make(make, key)
        if reuse is not None:
            reuse.note(name, key, used, written, parts)
        return [f for f in written if not f.startswith("tails/")]

    def _make(
        self, make: Callable[[], Iterable[Page]], key: str | None
    ) -> tuple[list[str], set[str], list[str]]:
        """Render a batch: the files written, what they were made with, and the keys of their kept parts
        (kept only for a batch with a key, which the next build can take)."""
        written: list[str] = []
        self.parts = [] if key is not None else None
        try:
            with record_templates() as used:
                for page in make():
                    written += self.write(page)
            return written, used, self.parts or []
        finally:
            self.parts = None

    def _claim(self, docs_path: str) -> None:
        if docs_path in self.taken:
            raise BuildError(
                f"two records want the same page /{docs_path}", self.project.shown(self.project.catalogue)
            )
        self.taken.add(docs_path)

    def _counted(self, page: bool) -> None:
        if page:
            self.count += 1
            if self.progress and self.count % 5000 == 0:
                self.progress(f"rendered {self.count} pages")

    def write(self, page: Page) -> list[str]:
        """Write one page; its docs path, and 'tails/...' for its tail."""
        if page.docs_path in self.taken:
            raise BuildError(
                f"two records want the same page /{page.url}", self.project.shown(self.project.catalogue)
            )
        self.taken.add(page.docs_path)
        path = self.docs_dir / page.docs_path
        path.parent.mkdir(parents=True, exist_ok=True)
        if page.template is None:
            if isinstance(page.data, Path):
                # A file as it is (a source document, an extract): linked, not read and written again.
                link_or_copy(page.data, path)
            elif isinstance(page.data, bytes):
                path.write_bytes(page.data)
            else:
                path.write_text(page.data or "", encoding="utf-8")
            return [page.docs_path]
        try:
            with keeping_parts(self.reuse, page.url, self.parts):
                text = self.env.get_template(page.template).render(page_url=page.url, **page.context)
        except jinja2.TemplateError as exc:
            raise template_error(exc, self.project, page) from None
        out = [page.docs_path]
        if self.tails_dir is None:
            text = unmark(text)
        else:
            try:
                text, tail = split_tail(text, page.raw_tail)
            except RawBlockError as exc:
                raise BuildError(f"{exc} (rendering /{page.url})", f"templates/{page.template}") from None
            if tail is not None:
                tail_file = tail_path(self.tails_dir, page.url)
                tail_file.parent.mkdir(parents=True, exist_ok=True)
                tail_file.write_text(tail, encoding="utf-8")
                out.append("tails/" + tail_file.relative_to(self.tails_dir).as_posix())
        path.write_text(text, encoding="utf-8")
        self._counted(True)
        return out


def _parts(item: Page | Batch) -> tuple[str, object, Callable[[], Iterable[Page]]]:
    """A templated page or a batch as a batch: its name, what it is made from, what makes it."""
    if isinstance(item, Batch):
        return item.name, item.made_from, item.make
    return item.docs_path, (item.url, item.template, item.raw_tail, item.context), lambda: [item]


def _listed(make: Callable[..., Page], *args: object) -> list[Page]:
    return [make(*args)]


def write_pages(
    project: Project,
    pages: Iterable[Page | Batch],
    docs_dir: Path,
    site_url: str = "",
    progress: Callable[[str], None] | None = None,
    tails_dir: Path | None = None,
) -> int:
    """Render every page into docs_dir; returns the number of Markdown pages."""
    writer = Writer(project, docs_dir, site_url, progress, tails_dir)
    for page in pages:
        writer.add(page)
    return writer.count


def render_docs(
    project: Project,
    linked: Linked,
    docs_dir: Path,
    site_url: str = "",
    progress: Callable[[str], None] | None = None,
    lean: bool = False,
    tails_dir: Path | None = None,
    reuse: Reuse | None = None,
    ledger: Mapping[str, LedgerEntry] | None = None,
) -> int:
    """Write every page, data file and asset of the site into docs_dir; return the number of pages.

    With lean, the finding pages are left to render.findings.write_finding_pages (after MkDocs, or while
    it runs: build/stages.py), except the few it cannot make, and docs_dir gets the shell page they are
    cut from instead; their citation files and short-address JSON are written with them, not copied
    through MkDocs. With tails_dir, the source readers' line-by-line bodies go there, for
    render.tails.fill_tails (after MkDocs). With reuse, what is made from the same inputs as in the last
    build is taken from it, and this build's files are kept for the next. ledger: the permalink ledger
    as the build read it.
    """
    # The defaults' assets first, then the project's own over them, file by file.
    for folder in reversed(project.template_dirs):
        if (folder / "assets").is_dir():
            shutil.copytree(folder / "assets", docs_dir / "assets", dirs_exist_ok=True)

    if reuse is not None:
        # Before the processes that render pages meanwhile are forked: they take the digests along.
        reuse.fingerprint.prime(_records(linked))
    # Made from every record (each report's part kept: render/shelf.py): on a second core meanwhile.
    parts = ShelfParts(reuse.folder / "shelf", reuse.seed, reuse.key) if reuse is not None else None
    shelf = Meanwhile(lambda: shelf_texts(linked, site_url, parts))
    links = reuse.links if reuse is not None else nullcontext()
    with shelf, _ahead(project, linked, docs_dir, site_url, tails_dir, reuse) as ahead, links:
        return _render(
            project, linked, docs_dir, site_url, progress, lean, tails_dir, reuse, ledger, shelf, ahead
        )


def _records(linked: Linked) -> list[BaseModel]:
    """The records pages are made from: their reports, findings, tables, figures and numbers."""
    out: list[BaseModel] = [e.report for e in linked.extracts]
    out += [*linked.findings.values(), *linked.tables.values(), *linked.numbers.values()]
    return out + [f for e in linked.extracts for f in e.figures]


def _ahead(
    project: Project,
    linked: Linked,
    docs_dir: Path,
    site_url: str,
    tails_dir: Path | None,
    reuse: Reuse | None,
) -> Meanwhile[dict[str, Made]] | nullcontext[None]:
    """The theme pages, which show every finding on their theme (the costliest to render again after an
    edit), and the source readers, which read their documents again, are rendered in a child process
    meanwhile, by a Writer of its own, and noted by this one last."""
    if reuse is None:
        return nullcontext()
    return Meanwhile(
        lambda: Writer(project, docs_dir, site_url, None, tails_dir, reuse).render_ahead(
            [*(theme_page(linked, v) for v in linked.themes), *source_batches(project, linked, FileDigests())]
        )
    )


def _render(
    project: Project,
    linked: Linked,
    docs_dir: Path,
    site_url: str,
    progress: Callable[[str], None] | None,
    lean: bool,
    tails_dir: Path | None,
    reuse: Reuse | None,
    ledger: Mapping[str, LedgerEntry] | None,
    shelf: Meanwhile[dict[str, str]],
    ahead: Meanwhile[dict[str, Made]] | None,
) -> int:
    writer = Writer(project, docs_dir, site_url, progress, tails_dir, reuse)
    digests = FileDigests()
    pictures: set[str] = set()
    for batch in figure_batches(project, linked, digests):
        pictures.update(f.removeprefix("figures/").removesuffix(".png") for f in writer.add(batch))
    # Asked once per finding: the heading's id costs a Markdown slug each time.
    by_mkdocs = {f.id for f in linked.findings.values() if through_mkdocs(f)} if lean else set()
    pages = chain(
        site_pages(
            linked,
            (lambda f: f.id in by_mkdocs) if lean else None,
            frozenset(pictures),
            theme_pages=ahead is None,
        ),
        source_batches(project, linked, digests) if ahead is None else (),
        pdf_files(project, linked),
        data_pages(
            project,
            linked,
            site_url,
            (lambda f: f.id not in by_mkdocs) if lean else None,
            placed=partial(reuse.where, docs_dir) if reuse is not None else docs_dir.joinpath,
            ledger=ledger,
            shelf=shelf.result,
            settled=reuse.links.wait if reuse is not None else None,
        ),
    )
    for page in pages:
        writer.add(page)
    if ahead is not None:
        made = ahead.result()
        for view in linked.themes:
            # A theme page's context costs as much as rendering it: made here only if the child's page
            # cannot be used after all.
            name = f"{theme_url(view.theme.id)}index.md"
            entry = made.get(name)
            lazy = Batch(name, None, partial(_listed, theme_page, linked, view))
            writer.add(lazy if entry is not None else theme_page(linked, view), entry)
        for batch in source_batches(project, linked, digests):
            writer.add(batch, made.get(batch.name))
    if reuse is not None:
        reuse.links.wait()
        reuse.save(docs_dir, tails_dir)
    if lean:
        # Never kept for the next build: its file is written to once more, below.
        writer.write(shell_page(linked))
        mark_shell_end(docs_dir)
    return writer.count
