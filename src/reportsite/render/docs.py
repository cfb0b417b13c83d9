"""Linked records -> every page, data file and asset of the site, rendered into a docs folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from itertools import chain
from pathlib import Path

import jinja2

from reportsite.errors import BuildError
from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.render.citing import site_name
from reportsite.render.data import data_pages
from reportsite.render.env import make_env, template_error
from reportsite.render.findings import mark_shell_end, shell_page, through_mkdocs
from reportsite.render.page import Page
from reportsite.render.pages import site_pages
from reportsite.render.sources import figure_images, pdf_files, source_pages
from reportsite.render.tails import RawBlockError, split_tail, tail_path, unmark
from reportsite.store.site import load_site


def write_pages(
    project: Project,
    pages: Iterable[Page],
    docs_dir: Path,
    site_url: str = "",
    progress: Callable[[str], None] | None = None,
    tails_dir: Path | None = None,
) -> int:
    """Render every page into docs_dir; a template problem raises BuildError naming the template.

    Pages are rendered and written one at a time, so that only one is in memory. With tails_dir, a
    page's large raw-HTML blocks and tail go there instead of to MkDocs (render/tails.py).
    """
    env = make_env(project.template_dirs, site_url, load_site(project.site_settings), site_name(project))
    count = 0
    taken: set[str] = set()
    for page in pages:
        if page.docs_path in taken:
            raise BuildError(f"two records want the same page /{page.url}", project.shown(project.catalogue))
        taken.add(page.docs_path)
        path = docs_dir / page.docs_path
        path.parent.mkdir(parents=True, exist_ok=True)
        if page.template is None:
            if isinstance(page.data, bytes):
                path.write_bytes(page.data)
            else:
                path.write_text(page.data or "", encoding="utf-8")
            continue
        try:
            text = env.get_template(page.template).render(page_url=page.url, **page.context)
        except jinja2.TemplateError as exc:
            raise template_error(exc, project, page) from None
        if tails_dir is None:
            text = unmark(text)
        else:
            try:
                text, tail = split_tail(text, page.raw_tail)
            except RawBlockError as exc:
                raise BuildError(f"{exc} (rendering /{page.url})", f"templates/{page.template}") from None
            if tail is not None:
                tail_file = tail_path(tails_dir, page.url)
                tail_file.parent.mkdir(parents=True, exist_ok=True)
                tail_file.write_text(tail, encoding="utf-8")
        path.write_text(text, encoding="utf-8")
        count += 1
        if progress and count % 5000 == 0:
            progress(f"rendered {count} pages")
    return count


def render_docs(
    project: Project,
    linked: Linked,
    docs_dir: Path,
    site_url: str = "",
    progress: Callable[[str], None] | None = None,
    lean: bool = False,
    tails_dir: Path | None = None,
) -> int:
    """Write every page, data file and asset of the site into docs_dir; return the number of pages.

    With lean, the finding pages are left to render.findings.write_findings (after MkDocs), except the
    few it cannot make, and docs_dir gets the shell page they are cut from instead; their citation files
    and short-address JSON are written with them, not copied through MkDocs. With tails_dir, the
    source readers' line-by-line bodies go there, for render.tails.fill_tails (after MkDocs).
    """
    # The defaults' assets first, then the project's own over them, file by file.
    for folder in reversed(project.template_dirs):
        if (folder / "assets").is_dir():
            shutil.copytree(folder / "assets", docs_dir / "assets", dirs_exist_ok=True)

    images = list(figure_images(project, linked))
    pictures = {p.url.removeprefix("figures/").removesuffix(".png") for p in images}
    pages = chain(
        site_pages(linked, through_mkdocs if lean else None, frozenset(pictures)),
        [shell_page(linked)] if lean else [],
        source_pages(project, linked),
        pdf_files(project, linked),
        images,
        data_pages(project, linked, site_url, (lambda f: not through_mkdocs(f)) if lean else None),
    )
    count = write_pages(project, pages, docs_dir, site_url, progress, tails_dir)
    if lean:
        mark_shell_end(docs_dir)
    return count
