"""`reportsite build`: extract what changed, link, render, MkDocs -> site/, all or nothing.

Each stage writes into fresh folders under .build/; site/ is swapped for the new one only after MkDocs
succeeded, so a failed build leaves the published site exactly as it was.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import yaml

from .. import cache, ledger, themes
from ..errors import BuildError, ReportsiteError
from ..link import Linked, link
from ..project import Project
from ..render import relative, render_docs
from ..render_charts import ChartPool
from ..render_findings import write_findings
from ..render_pages import chart_jobs
from ..render_tails import fill_tails

Progress = Callable[[str], None]


def load_curation(project: Project) -> Any:
    """The curation overrides, where the curation module exists; None means no overrides."""
    try:
        from ..curation import load_curation as load
    except ImportError:
        return None
    return load(project.curation)


class _PlainLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain keys, ignoring !ENV and !!python/name tags it may carry."""


_PlainLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_settings(project: Project) -> dict[str, Any]:
    """The few mkdocs.yml values rendering needs (site_url for the "cite this" address)."""
    try:
        data = yaml.load(project.mkdocs_yml.read_text(encoding="utf-8"), Loader=_PlainLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"cannot be read: {exc}", project.shown(project.mkdocs_yml)) from None
    return data if isinstance(data, dict) else {}


def write_redirects(project: Project, linked: Linked, docs_dir: Path) -> int:
    """Write a small HTML page for every retired permalink, forwarding to its successor."""
    pages = ledger.redirect_pages(project, linked)
    if not pages:
        return 0
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(project.templates)), autoescape=True)
    template = env.get_template("redirect.html.j2")
    for rel_path, target in pages.items():
        path = docs_dir / rel_path
        if path.exists() or path.with_name("index.md").exists():
            # A live page owns that address; a redirect must never hide it.
            continue
        here = Path(rel_path).parent.as_posix().strip(".") + "/"
        href = relative(here.lstrip("/"), target.lstrip("/")) if target.startswith("/") else target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.render(target=href), encoding="utf-8")
    return len(pages)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so the build can report them after it ran."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_logging() -> Iterator[_Collect]:
    log = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, old_propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    # MkDocs' own INFO lines (one per omitted page, tens of thousands) would drown the progress output.
    log.propagate = False
    try:
        yield handler
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
        log.propagate = old_propagate


def mkdocs_build(project: Project, docs_dir: Path, site_dir: Path) -> list[str]:
    """Run MkDocs in-process; returns its warnings. Any failure raises BuildError naming mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    shown = project.shown(project.mkdocs_yml)
    extra: dict[str, Any] = {}
    theme = mkdocs_settings(project).get("theme")
    # A project with its own mkdocs.yml but the shared templates/ finds the theme overrides there.
    if (
        isinstance(theme, dict)
        and theme.get("custom_dir")
        and not (project.mkdocs_yml.parent / str(theme["custom_dir"])).is_dir()
    ):
        extra["theme"] = {**theme, "custom_dir": str(project.templates / "overrides")}
    with _mkdocs_logging() as collected:
        try:
            config = load_config(
                config_file=str(project.mkdocs_yml), docs_dir=str(docs_dir), site_dir=str(site_dir), **extra
            )
            build(config)
        except MkDocsException as exc:
            detail = f" ({collected.messages[-1]})" if collected.messages else ""
            raise BuildError(f"MkDocs failed: {' '.join(str(exc).split())}{detail}", shown) from None
        except SystemExit as exc:
            # MkDocs aborts with SystemExit on a config it cannot use (e.g. an unknown theme).
            raise BuildError(f"MkDocs stopped (exit status {exc.code})", shown) from None
        except (OSError, ValueError, jinja2.TemplateError) as exc:
            raise BuildError(f"MkDocs failed: {type(exc).__name__}: {exc}", shown) from None
    return collected.messages


def replace_site(new_site: Path, site_dir: Path, scratch: Path) -> None:
    """Put new_site at site_dir: the old one is renamed aside first and deleted only afterwards."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix="site-old-", dir=scratch))
        os.replace(site_dir, old / "site")
    try:
        os.replace(new_site, site_dir)
    except OSError:
        if old is not None:
            os.replace(old / "site", site_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _remove_leftovers(build_dir: Path) -> None:
    # A build killed part-way leaves its scratch folder; site/ itself was never touched by it.
    for stale in build_dir.glob("build-*"):
        shutil.rmtree(stale, ignore_errors=True)


def inputs_digest(project: Project, extracts: list, lean: bool) -> str:
    """A hash of everything the pages are made from: when it is unchanged, so is the site."""
    h = hashlib.sha256(f"lean={lean}".encode())
    files = [project.extract_dir / f"{e.report.id}.yml" for e in extracts]
    # The source readers show the documents themselves, not only what was extracted from them.
    files += sorted(p for p in project.sources.rglob("*") if p.is_file())
    files += [project.ledger, project.mkdocs_yml]
    files += sorted(p for p in project.templates.rglob("*") if p.is_file())
    files += sorted(Path(__file__).resolve().parents[1].rglob("*.py"))
    for path in files:
        h.update(str(path).encode())
        h.update(path.read_bytes() if path.is_file() else b"-")
    return h.hexdigest()


def run_build(project: Project, progress: Progress | None = None, lean: bool = True) -> dict[str, Any]:
    """Build site/ from sources/; returns what was built. Raises ReportsiteError, site/ untouched.

    With lean (the default), MkDocs builds every page but the findings', which are cut from one shell
    page afterwards (render_findings.py); without, MkDocs builds them all, as a reference to compare to.
    """
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    # A project with its own templates from before finding.html.j2 existed keeps its finding pages as
    # its finding.md.j2 makes them, through MkDocs.
    lean = lean and (project.templates / "finding.html.j2").is_file()
    extracts = cache.extract_changed(project, progress)
    stamp = project.build_dir / "site.stamp"
    digest = inputs_digest(project, extracts, lean)
    if (project.site_dir / "index.html").is_file() and stamp.is_file() and stamp.read_text() == digest:
        say(f"site: nothing changed since the last build; {project.shown(project.site_dir)}/ is current")
        return {"pages": 0, "redirects": 0, "warnings": [], "seconds": time.perf_counter() - started}
    say("linking")
    linked = link(extracts, themes.load_taxonomy(project.themes), load_curation(project))
    site_url = str(mkdocs_settings(project).get("site_url") or "")

    project.build_dir.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(project.build_dir)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=project.build_dir))
    charts = ChartPool(chart_jobs(linked))
    try:
        docs_dir, site_tmp, tails = work / "docs", work / "site", work / "tails"
        docs_dir.mkdir()
        say("rendering pages")
        try:
            pages = render_docs(
                project, linked, docs_dir, site_url, progress, lean=lean, tails_dir=tails if lean else None
            )
        except ReportsiteError:
            raise
        except OSError as exc:
            raise BuildError(f"cannot write the page: {exc.strerror}", exc.filename) from None
        redirects = write_redirects(project, linked, docs_dir)
        say(f"running MkDocs on {pages} pages")
        warnings = mkdocs_build(project, docs_dir, site_tmp)
        for message in warnings[:20]:
            say(f"mkdocs warning: {message}")
        if lean:
            say("writing the finding pages")
            try:
                fill_tails(tails, site_tmp)
                # The shell page counted among those MkDocs built is gone once the findings are written.
                pages += write_findings(project, linked, site_tmp, site_url, progress) - 1
            except OSError as exc:
                raise BuildError(f"cannot write the page: {exc.strerror}", exc.filename) from None
        say("writing the table charts")
        for rel, svg in charts.results():
            (site_tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            (site_tmp / rel).write_text(svg, encoding="utf-8")
        stamp.unlink(missing_ok=True)
        replace_site(site_tmp, project.site_dir, work)
        ledger.record_published(project, linked)
        # Computed after the ledger took this build's ids, so that the next build with nothing
        # changed finds the same digest.
        stamp.write_text(inputs_digest(project, extracts, lean))
    finally:
        charts.close()
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    say(f"built {project.shown(project.site_dir)}/: {pages} pages, {redirects} redirects in {seconds:.1f}s")
    return {"pages": pages, "redirects": redirects, "warnings": warnings, "seconds": seconds}
