"""`reportsite build` as named stages: extract what changed, link, render, MkDocs, swap -> site/.

Each stage writes into fresh folders under .build/; site/ is swapped for the new one only after MkDocs
succeeded, so a failed build leaves the published site exactly as it was.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from functools import partial
from pathlib import Path
from typing import Any

from reportsite import collector
from reportsite.build import incremental, keys
from reportsite.build.folders import undo_killed
from reportsite.build.mkdocs import mkdocs_settings
from reportsite.build.redirects import write_redirects
from reportsite.build.stages import FindingPages, Progress, Stages, findings_stage, mkdocs_stage
from reportsite.build.swap import Sweep, replace_site, retire
from reportsite.build.warm import Warm, inputs_signature
from reportsite.errors import BuildError, ReportsiteError
from reportsite.extract.schedule import Workers
from reportsite.link import themes
from reportsite.link.curation import load_curation
from reportsite.link.linked import Linked, LinkMemo, link
from reportsite.lock import project_lock
from reportsite.meanwhile import Meanwhile
from reportsite.project import Project
from reportsite.records import Table
from reportsite.render.charts import draw_charts
from reportsite.render.docs import render_docs
from reportsite.render.findings import SHELL_URL, finding_keys
from reportsite.render.pages import chart_jobs
from reportsite.render.reuse import Reuse
from reportsite.settings import SETTINGS
from reportsite.store import cache, ledger
from reportsite.store.undo import remove_interrupted
from reportsite.store.yaml_io import write_atomic


def _hash_files(h: Any, files: list[Path]) -> None:
    for path in files:
        h.update(str(path).encode())
        h.update(path.read_bytes() if path.is_file() else b"-")


def inputs_digest(project: Project, lean: bool) -> str:
    """A hash of the hand-edited inputs (sources, templates, mkdocs.yml, the code), taken before the build
    reads them: an edit saved while a build runs then differs from the stamp, and the next build sees it."""
    h = hashlib.sha256(f"lean={lean}".encode())
    # The source readers show the documents themselves, not only what was extracted from them.
    files = sorted(p for p in project.sources.rglob("*") if p.is_file())
    files += [project.mkdocs_yml]
    for folder in project.template_dirs:
        files += sorted(p for p in folder.rglob("*") if p.is_file())
    files += sorted(Path(__file__).resolve().parents[1].rglob("*.py"))
    _hash_files(h, files)
    return h.hexdigest()


def site_digest(project: Project, inputs: str, extracts: list) -> str:
    """The inputs' digest with the extracts and the ledger: what the site is made from.

    The ledger is the build's own output as much as its input, so the stamp takes it as this build
    wrote it; the extracts are what this build extracted from the sources that were hashed.
    """
    h = hashlib.sha256(inputs.encode())
    _hash_files(h, [project.extract_dir / f"{e.report.id}.yml" for e in extracts] + [project.ledger])
    return h.hexdigest()


def render_reuse(st: Stages) -> Reuse:
    """What the last build rendered, for the pages made from the same inputs (render/reuse.py); nothing
    when the last build left no state (a full build is asked for by removing it)."""
    tails = st.lean
    seed = f"{st.plan.layout} tails={tails} {SETTINGS.model_dump_json()}"
    now = keys.made_with(st.project)
    reuse = Reuse.load(st.project.build_dir / "render", seed, lambda used: keys.uses_digest(now, used))
    if not incremental.state_dir(st.project).is_dir():
        reuse.old = {}
    # MkDocs lists the docs folder's files but those exclude_docs names: the kept files, listed
    # apart, could not be left out like them.
    reuse.leave_kept = "exclude_docs" not in st.plan.settings
    reuse.aside = st.aside
    return reuse


def render_stage(
    st: Stages, linked: Linked, site_url: str, published: Mapping[str, ledger.LedgerEntry] | None = None
) -> int:
    """Linked records -> Markdown pages and data files in the docs folder; returns the page count.
    published: the permalink ledger as the build read it."""
    st.docs_dir.mkdir()
    st.say("rendering pages")
    try:
        reuse = render_reuse(st)
        count = render_docs(
            st.project,
            linked,
            st.docs_dir,
            site_url,
            st.progress,
            lean=st.lean,
            tails_dir=st.tails if st.lean else None,
            reuse=reuse,
            ledger=published,
        )
        if reuse.reused:
            st.say(f"{reuse.reused} of {reuse.reused + reuse.made} pages and files unchanged")
        return count
    except ReportsiteError:
        raise
    except OSError as exc:
        raise BuildError(f"cannot write the page: {exc.strerror}", exc.filename) from None


def chart_key(job: tuple[str, Table, list[bool]]) -> str:
    rel, table, numeric = job
    return incremental.text_key(rel.encode(), table.model_dump_json().encode(), str(numeric).encode())


def plan_charts(st: Stages, linked: Linked) -> tuple[list[tuple[str, Table, list[bool]]], list[str]]:
    """The charts to draw, and those taken from the last build."""
    jobs = chart_jobs(linked)
    keys = [chart_key(job) for job in jobs]
    old = st.plan.previous.charts if st.plan.previous else {}
    reuse = {
        rel
        for (rel, _t, _n), key in zip(jobs, keys, strict=True)
        if old.get(rel) == key and (st.project.site_dir / rel).is_file()
    }
    st.plan.charts.update((job[0], key) for job, key in zip(jobs, keys, strict=True))
    return [j for j in jobs if j[0] not in reuse], sorted(reuse)


def charts_stage(st: Stages, jobs: list[tuple[str, Table, list[bool]]], reuse: list[str]) -> None:
    """The table charts -> SVG files in the site folder."""
    st.say("writing the table charts")
    for rel in reuse:
        incremental.link_file(st.project.site_dir / rel, st.site_tmp / rel)
    for rel, svg in draw_charts(jobs):
        (st.site_tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (st.site_tmp / rel).write_text(svg, encoding="utf-8")


def run_build(
    project: Project,
    progress: Progress | None = None,
    lean: bool = True,
    *,
    wait: bool = True,
    command: str = "build",
    workers: Workers | None = None,
    warm: Warm | None = None,
) -> dict[str, Any]:
    """Build site/ from sources/; returns what was built. Raises ReportsiteError, site/ untouched.

    With lean (the default), MkDocs builds every page but the findings', which are cut from one shell
    page afterwards (render/findings.py); without, MkDocs builds them all, as a reference to compare to.
    The project's write lock is held throughout (see lock.py); without wait, a held lock is an error.
    With warm (`serve`), what the last build read and linked is taken again when its inputs are the
    same (build/warm.py).
    """
    with project_lock(project, command, wait=wait, say=progress), collector.long_lived() as settle:
        remove_interrupted(project, progress)
        # Before the sweep removes the scratch folder they were moved into.
        if undo_killed(incremental.moves_journal(project), project.site_dir) and progress:
            progress("put back the folders a killed build had moved out of site/")
        # What earlier builds left is removed from the start, on the core the build's first steps (the
        # imports, the cached extracts) leave idle; it is gone when the build returns.
        sweep = Sweep(project.build_dir)
        try:
            return _build(project, progress, lean, workers, warm, settle)
        finally:
            sweep.finish()


def _build(
    project: Project,
    progress: Progress | None,
    lean: bool,
    workers: Workers | None,
    warm: Warm | None = None,
    settle: Callable[[], None] = lambda: None,
) -> dict[str, Any]:
    """settle: called where what exists lives until the build ends (collector.py)."""
    say = progress or (lambda _m: None)
    started = time.perf_counter()
    # A project with its own templates from before finding.html.j2 existed keeps its finding pages as
    # its finding.md.j2 makes them, through MkDocs.
    lean = lean and (project.templates / "finding.html.j2").is_file()
    inputs = inputs_digest(project, lean)
    signature = inputs_signature(project) if warm else ()
    held = warm.held(project, signature) if warm else None
    if held is not None:
        extracts = held[0]
    elif workers is None:
        # Without a choice made, extract_changed's own default (a process per core).
        extracts = cache.extract_changed(project, progress)
    else:
        extracts = cache.extract_changed(project, progress, workers)
    settle()
    stamp = project.build_dir / "site.stamp"
    digest = site_digest(project, inputs, extracts)
    if (project.site_dir / "index.html").is_file() and stamp.is_file() and stamp.read_text() == digest:
        say(f"site: nothing changed since the last build; {project.shown(project.site_dir)}/ is current")
        return {"pages": 0, "redirects": 0, "warnings": [], "seconds": time.perf_counter() - started}
    say("linking")
    if held is not None:
        linked = held[1]
    else:
        taxonomy, curation = themes.load_taxonomy(project.themes), load_curation(project.curation)
        linked = link(extracts, taxonomy, curation, LinkMemo(project.build_dir / "cache" / "link"))
        if warm:
            warm.keep(project, signature, extracts, linked)
    settle()
    settings = mkdocs_settings(project)
    site_url = str(settings.get("site_url") or "")
    layout = incremental.layout_digest(project, lean, settings)
    previous = incremental.load_previous(project, layout) if lean else None
    plan = incremental.Plan(project, layout, previous, settings, SHELL_URL)

    project.build_dir.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="build-", dir=project.build_dir))
    st = Stages(project, work, lean, say, progress, plan)
    charts, st.charts_reused = plan_charts(st, linked)
    st.charts_drawn = [job[0] for job in charts]
    try:
        # Read once, through the build's cache: the feeds' dates, the redirects and the ledger update
        # (which finds it in memory) share it.
        published = ledger.load_project_ledger(project)
        pages = render_stage(st, linked, site_url, published)
        redirects = write_redirects(project, linked, st.docs_dir, published)
        # The finding pages' keys need only the records: on a second core while MkDocs runs.
        with Meanwhile(partial(finding_keys, linked)) if lean else nullcontext() as keys:
            findings = FindingPages(st, linked, site_url, keys)
            warnings = mkdocs_stage(st, pages, findings)
            pages += findings_stage(st, findings)
        charts_stage(st, charts, st.charts_reused)
        stamp.unlink(missing_ok=True)
        plan.forget()
        # The ledger first: killed between the two steps, the ledger holds ids not yet published
        # (harmless), never published ids it does not know (which would 404 once they went away).
        ledger.record_published(project, linked)
        try:
            plan.move_kept(st.site_tmp)
            # The old site goes with the scratch folder, which the next build removes (build/swap.py).
            replace_site(st.site_tmp, project.site_dir, work)
        except BaseException:
            plan.move_back()
            raise
        plan.settle()
        if lean:
            plan.save()
        write_atomic(stamp, site_digest(project, inputs, extracts))
    finally:
        retire(work)
    seconds = time.perf_counter() - started
    say(f"built {project.shown(project.site_dir)}/: {pages} pages, {redirects} redirects in {seconds:.1f}s")
    return {"pages": pages, "redirects": redirects, "warnings": warnings, "seconds": seconds}
