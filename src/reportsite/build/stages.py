"""The build's stages on the docs folder: MkDocs, then the finding pages cut from its shell page.

After a small edit both are short, and each is Python on one core. The finding pages need of MkDocs'
site only its shell page (render/findings.py), and the shell's HTML is what MkDocs makes of its Markdown
at its address with the layout (mkdocs.yml, the theme, the code: build/frames.py), as for any page: the
last build stored it by a key of those. When this build's shell has the stored key, MkDocs runs in a
forked child (meanwhile.py) into a folder of its own while the build writes the finding pages from the
stored shell; MkDocs' site then joins theirs, its files moved in, before the finding pages enter its
search index and sitemap. The site is the one the two stages make one after the other (a test builds it
both ways). Where MkDocs is itself shared between two processes (build/split.py, a large build), the
finding pages wait for it, as the second core is taken.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reportsite.build import incremental, split
from reportsite.build.folders import holds, merge_tree
from reportsite.build.mkdocs import mkdocs_build
from reportsite.build.nav import page_url
from reportsite.errors import BuildError
from reportsite.link.linked import Linked
from reportsite.meanwhile import Meanwhile
from reportsite.project import Project
from reportsite.render.findings import SHELL_URL, finish_findings, write_finding_pages
from reportsite.render.tails import fill_tails

Progress = Callable[[str], None]


@dataclass
class Stages:
    """The folders one build works in; every stage writes only under `work`, never into site/."""

    project: Project
    work: Path
    lean: bool
    say: Progress
    progress: Progress | None
    plan: incremental.Plan
    charts_drawn: list[str] = field(default_factory=list)
    charts_reused: list[str] = field(default_factory=list)
    """The site paths of the table charts this build draws, and of those it takes from the last."""
    aside: dict[str, str] = field(default_factory=dict)
    """Files of the docs folder left where the last build kept them (render/reuse.py ``aside``)."""

    @property
    def docs_dir(self) -> Path:
        return self.work / "docs"

    @property
    def site_tmp(self) -> Path:
        return self.work / "site"

    @property
    def tails(self) -> Path:
        return self.work / "tails"


def mkdocs_stage(st: Stages, pages: int, findings: FindingPages | None = None) -> list[str]:
    """The docs folder -> a site folder through MkDocs, only the pages that changed since the last
    build (build/incremental.py); returns MkDocs' warnings. findings: written meanwhile where they can
    be (see above)."""
    shell = f"{SHELL_URL}index.md"
    kept = st.plan.set_aside(st.docs_dir, st.tails, [shell], st.aside)
    here = set(st.plan.order) - st.plan.kept
    movable = split.movable(st.plan.settings, st.plan.order, here, {shell})
    half = split.hand_off(st.plan.settings, st.docs_dir, st.work / "split", movable, partial(_pages_only, st))
    st.say(
        f"running MkDocs on {len(st.plan.order) - kept} pages"
        + (f" ({kept} unchanged)" if kept else "")
        + (f", {len(half.pages)} of them in a second process" if half else "")
    )
    whole = _whole_folders(st) if st.plan.previous is not None else set()
    # Listed for MkDocs (pages link to them), not linked: their folder moves whole.
    listed = {name for name in st.aside if holds(whole, name)}
    st.charts_reused = [rel for rel in st.charts_reused if not holds(whole, rel)]
    frame = _stored_shell(st, shell)
    if frame is not None and findings is not None and half is None:
        warnings = _beside(st, findings, frame, listed)
    else:
        # A build that fails stops the child with it: nothing of a command goes on writing once it returned.
        with half.child if half is not None else nullcontext():
            warnings = mkdocs_build(
                st.project, st.docs_dir, st.site_tmp, st.aside, st.plan.kept_links(st.site_tmp), listed
            )
            if half is not None:
                warnings = split.join(half, st.site_tmp, st.plan.order, warnings)
    for message in warnings[:20]:
        st.say(f"mkdocs warning: {message}")
    st.plan.merge_site(st.site_tmp)
    return warnings


def _pages_only(st: Stages, docs_dir: Path, site_dir: Path) -> list[str]:
    """MkDocs on the pages of docs_dir alone, knowing every other file of the build's docs folder (a
    link to one is found, as in one run), writing none of them."""
    known = {**st.aside, **{rel: str(st.docs_dir / rel) for rel in _static_files(st.docs_dir)}}
    known = {rel: src for rel, src in known.items() if not rel.endswith(".md")}
    return mkdocs_build(st.project, docs_dir, site_dir, known, listed=set(known), pages_only=True)


def _whole_folders(st: Stages) -> set[str]:
    """The page folders that move whole from the last site (build/folders.py)."""
    built = [f"{page_url(p)}index.html" for p in st.plan.order if p not in st.plan.kept]
    refilled = [f"{page_url(p)}index.html" for p in st.plan.store.refilled | st.plan.stand_ins]
    return st.plan.take_folders(
        {**st.aside, **dict.fromkeys(st.charts_reused)},
        [*built, *refilled, *_static_files(st.docs_dir), *st.charts_drawn],
    )


def _static_files(docs_dir: Path) -> list[str]:
    """The docs folder's files but its pages, as site paths."""
    out = []
    for folder, _dirs, files in os.walk(docs_dir):
        rel = os.path.relpath(folder, docs_dir).replace(os.sep, "/")
        out += [n if rel == "." else f"{rel}/{n}" for n in files if not n.endswith(".md")]
    return out


def _stored_shell(st: Stages, shell: str) -> Path | None:
    """The shell page's HTML as a build stored it for the same key, if one did; keyed either way, so
    that this build stores it (findings_stage)."""
    path = st.docs_dir / shell
    return st.plan.store.known(page_url(shell), path.read_bytes()) if path.is_file() else None


def _beside(st: Stages, findings: FindingPages, frame: Path, listed: set[str]) -> list[str]:
    """MkDocs in a child, into a folder of its own, while the finding pages are written from the stored
    shell; then its site moved into theirs. Returns MkDocs' warnings."""
    built = st.work / "mkdocs-site"
    run = partial(mkdocs_build, st.project, st.docs_dir, built, st.aside, st.plan.kept_links(built), listed)
    with Meanwhile(run) as child:
        findings.write(frame)
        warnings = child.result()
    merge_tree(built, st.site_tmp)
    return warnings


@dataclass
class FindingPages:
    """The finding pages of one build, written before MkDocs' site is complete or after it."""

    st: Stages
    linked: Linked
    site_url: str
    keys: Meanwhile[dict[str, str]] | None = None
    """The finding pages' keys, made while the stages before ran."""
    entries: list[dict[str, str]] | None = None
    """Their search entries, once written."""

    def write(self, shell: Path) -> None:
        """Write them into the site folder, cut from the shell page's HTML at shell."""
        st = self.st
        st.say("writing the finding pages")
        try:
            with st.plan.finding_pages(shell):
                self.entries = write_finding_pages(
                    st.project,
                    self.linked,
                    st.site_tmp,
                    self.site_url,
                    st.progress,
                    st.plan.keep_finding,
                    keys=self.keys.result if self.keys else None,
                    unkept=st.plan.unkept,
                    shell=shell,
                )
        except OSError as exc:
            raise BuildError(f"cannot write the page: {exc.strerror}", exc.filename) from None
        if st.plan.reused_findings:
            st.say(f"{st.plan.reused_findings} of {len(self.entries)} finding pages unchanged")


def findings_stage(st: Stages, findings: FindingPages) -> int:
    """Once MkDocs' site is complete: the raw blocks into their pages, the finding pages (unless written
    meanwhile) and their search entries and sitemap lines; returns the finding pages added."""
    if not st.lean:
        return 0
    shell = st.site_tmp / SHELL_URL / "index.html"
    try:
        # For the next build, which can then write the finding pages while MkDocs runs.
        st.plan.store.keep(SHELL_URL, shell.read_text(encoding="utf-8"))
        done = frozenset(page_url(p) for p in st.plan.kept - st.plan.store.refilled)
        fill_tails(st.tails, st.site_tmp, done, st.plan.store.keep)
        if findings.entries is None:
            findings.write(shell)
        assert findings.entries is not None
        finish_findings(st.site_tmp, findings.entries)
    except OSError as exc:
        raise BuildError(f"cannot write the page: {exc.strerror}", exc.filename) from None
    # The shell page counted among those MkDocs built is gone once the findings are written.
    return len(findings.entries) - 1
