"""The shelf part of bench/run.py: a generated corpus of --shelf reports (80 by default), extracted on one
core and on all of them, then built from nothing and again after one change of each kind.

  extract, 1 process      `reportsite extract --jobs 1` from an empty extract/
  extract, N processes    `reportsite extract --jobs N`, N the machine's cores
  full render             `reportsite build` with the extraction cached, no site/, no build state and no
                          rendered page or MkDocs frame of the last build
  add one report          a copy of the built shelf with one generated text report added to the catalogue
  edit one source         a copy with one word changed in the middle of one text report
  edit one template       a copy with its own templates/, one of them edited (every page depends on it)

Each change is made on a fresh copy of the built shelf (site/ hard-linked: a build never writes into
site/, it replaces it), so every run starts from the same state. The builds run in rounds (a full render,
then each change), so that the ratios compare runs taken minutes apart at most.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import corpus
from measure import Sample

ADD_VS_FULL = 0.25
SOURCE_VS_FULL = 0.2
EXTRACT_ALL_VS_ONE = 0.6
FULL_RENDER_CLEARS = ("state", "site.stamp", "render", "frames")
"""What a full render starts without: the build's state, its rendered pages and MkDocs' frames of them
(build/frames.py). Kept: .build/cache (extracts, link judgements), page pictures, compiled templates."""


def prepare(r: ModuleType, args: argparse.Namespace, project: Path) -> None:
    base = r.OUT / "corpus" / f"n{args.shelf}-s{args.seed}"
    corpus.write_corpus(base, args.shelf, args.seed)
    r.remove(project)
    shutil.copytree(base / "sources", project / "sources")
    for name in ("sources/themes.yml", "mkdocs.yml"):
        if (r.TREE / name).is_file():
            shutil.copy2(r.TREE / name, project / name)
    # Its overrides name records of the real reports, which a generated shelf does not have.
    r.remove(project / "sources" / "curation.yml")


def copy_built(project: Path, dst: Path, r: ModuleType) -> None:
    r.remove(dst)
    shutil.copytree(project, dst, symlinks=True, ignore=shutil.ignore_patterns("site", "sources", "trash-*"))
    shutil.copytree(project / "sources", dst / "sources", symlinks=True)
    shutil.copytree(project / "site", dst / "site", symlinks=True, copy_function=os.link)
    # The old site the last build left, which the next build removes while it works (build/swap.py).
    for trash in (project / ".build").glob("trash-*"):
        shutil.copytree(trash, dst / ".build" / trash.name, symlinks=True, copy_function=os.link)


def edit_source(project: Path) -> None:
    """One word longer in the middle of the first text report: its records and pages change."""
    path = sorted((project / "sources").glob("*.txt"))[0]
    lines = path.read_text(encoding="utf-8").split("\n")
    middle = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i].split()) > 8)
    words = lines[middle].split(" ")
    at = next(i for i in range(3, len(words)) if words[i].isalpha())
    words[at] += "s"
    lines[middle] = " ".join(words)
    path.write_text("\n".join(lines), encoding="utf-8")


def edit_template(project: Path, r: ModuleType) -> None:
    """The project gets its own copy of the templates (the same bytes: nothing changes by that alone),
    and one of them a new line."""
    shutil.copytree(r.TREE / "templates", project / "templates")
    path = project / "templates" / "report.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def shelf_part(
    args: argparse.Namespace, work: Path, logs: Path, r: ModuleType
) -> tuple[dict[str, Any], list[Any]]:
    project = work / "shelf"
    prepare(r, args, project)
    cores = os.cpu_count() or 1
    r.say(f"shelf: {args.shelf} generated reports in {project}, {cores} cores")

    def extract(i: int, jobs: int) -> Sample:
        r.clear_caches(project, extracts=True)
        cmd = r.reportsite(project, "extract", "--jobs", str(jobs))
        return r.sh(cmd, project, logs / f"shelf-extract-{jobs}-{i}.log")

    one = r.repeat("extract, 1 process", args.runs, lambda i: extract(i, 1))
    every = r.repeat(f"extract, {cores} processes", args.runs, lambda i: extract(i, cores))

    def full(i: int) -> Sample:
        # The extraction and the link stage's judgements stay cached (`reportsite extract` and the last
        # build recorded them); every page is rendered and goes through MkDocs again: no page or frame
        # of the last build is taken.
        r.remove(project / "site")
        for name in FULL_RENDER_CLEARS:
            r.remove(project / ".build" / name)
        return r.sh(r.reportsite(project, "build"), project, logs / f"shelf-full-{i}.log")

    def changed(name: str, change: Any) -> Any:
        def once(i: int) -> Sample:
            copy = work / "shelf-changed"
            copy_built(project, copy, r)
            change(copy, i)
            return r.sh(r.reportsite(copy, "build"), copy, logs / f"shelf-{name}-{i}.log")

        return once

    # In rounds, each change right after the full render it is compared with: a machine whose speed
    # drifts over minutes (a shared host, a disk that flushes) moves both sides of each ratio alike.
    full_s, add_s, source_s, template_s = r.rounds(
        args.runs,
        [
            ("full render", full),
            ("add one report", changed("add", lambda p, i: r.add_report(p, i, args.seed))),
            ("edit one source", changed("source", lambda p, i: edit_source(p))),
            ("edit one template", changed("template", lambda p, i: edit_template(p, r))),
        ],
    )
    r.remove(work / "shelf-changed")
    n = args.shelf
    goals = [
        r.ratio_goal(f"add one report to {n} vs full render", ADD_VS_FULL, add_s, full_s),
        r.ratio_goal(f"edit one source of {n} vs full render", SOURCE_VS_FULL, source_s, full_s),
        # Every page depends on the templates: a full render is what is expected.
        r.ratio_goal(
            f"(no target) edit one template of {n} vs full render", float("inf"), template_s, full_s
        ),
        r.ratio_goal(f"extract {n} reports on {cores} cores vs 1", EXTRACT_ALL_VS_ONE, every, one),
    ]
    series = [one, every, full_s, add_s, source_s, template_s]
    return {"reports": n, "cores": cores, "series": [s.to_json() for s in series]}, goals
