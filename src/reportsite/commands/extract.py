"""`reportsite extract`: sources to extract/<report-id>.yml, all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reportsite.errors import CatalogueError
from reportsite.extract.pipeline import Extracted, extract_and_dump
from reportsite.extract.schedule import Workers
from reportsite.lock import project_lock
from reportsite.project import Project
from reportsite.store.cache import remember, remove_stale
from reportsite.store.catalogue import Entry, load_catalogue
from reportsite.store.undo import remove_interrupted
from reportsite.store.yaml_io import SCHEMA_NAME, schema_text, write_atomic


def select(entries: list[Entry], report_ids: tuple[str, ...] | list[str], project: Project) -> list[Entry]:
    known = {e.report.id for e in entries}
    for rid in report_ids:
        if rid not in known:
            raise CatalogueError(
                f"no report with id {rid!r} in the catalogue", project.shown(project.catalogue)
            )
    return [e for e in entries if not report_ids or e.report.id in report_ids]


def write_extracts(extracts: list[Extracted], out_dir: Path) -> list[Path]:
    written = []
    for done in extracts:
        path = out_dir / f"{done.extract.report.id}.yml"
        write_atomic(path, done.yaml)
        written.append(path)
    write_atomic(out_dir / SCHEMA_NAME, schema_text())
    return written


def run_extract(
    project: Project,
    report_ids: tuple[str, ...] = (),
    out_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    *,
    wait: bool = True,
    workers: Workers | None = None,
) -> list[Path]:
    """Extract the named reports (or all), ignoring the cache; extract/ keeps the cache index in step."""
    if out_dir is not None:
        # Writing elsewhere touches nothing of the project's: no need to wait for its writers.
        return _extract(project, report_ids, out_dir, progress, workers)
    with project_lock(project, "extract", wait=wait, say=progress):
        remove_interrupted(project, progress)
        return _extract(project, report_ids, out_dir, progress, workers)


def _extract(
    project: Project,
    report_ids: tuple[str, ...],
    out_dir: Path | None,
    progress: Callable[[str], None] | None,
    workers: Workers | None = None,
) -> list[Path]:
    entries = load_catalogue(project.catalogue, cache_dir=project.build_dir / "cache")
    chosen = select(entries, report_ids, project)
    extracts = extract_and_dump(project, chosen, progress, workers)
    written = write_extracts(extracts, out_dir or project.extract_dir)
    if out_dir is None:
        if not report_ids:
            remove_stale(project, {e.report.id for e in entries})
        remember(project, extracts)
    return written
