"""`reportsite extract`: sources to extract/<report-id>.yml, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..catalogue import Entry, load_catalogue
from ..errors import CatalogueError
from ..extract import extract_report
from ..project import Project
from ..records import Extract, extract_json_schema
from ..store import extract_to_yaml, write_atomic
from ..themes import load_taxonomy

SCHEMA_NAME = "extract.schema.json"


def select(entries: list[Entry], report_ids: tuple[str, ...] | list[str], project: Project) -> list[Entry]:
    known = {e.report.id for e in entries}
    for rid in report_ids:
        if rid not in known:
            raise CatalogueError(
                f"no report with id {rid!r} in the catalogue", project.shown(project.catalogue)
            )
    return [e for e in entries if not report_ids or e.report.id in report_ids]


def extract_entries(
    project: Project, entries: list[Entry], progress: Callable[[str], None] | None = None
) -> list[Extract]:
    """Extract each entry in memory; the first error stops everything before anything is written."""
    if not entries:
        return []
    taxonomy = load_taxonomy(project.themes)
    out = []
    for n, entry in enumerate(entries, 1):
        if progress:
            progress(f"extracting {entry.report.id} ({n}/{len(entries)})")
        out.append(extract_report(entry, project.shown(entry.path), taxonomy))
    return out


def schema_text() -> str:
    return json.dumps(extract_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_extracts(extracts: list[Extract], out_dir: Path) -> list[Path]:
    written = []
    for extract in extracts:
        path = out_dir / f"{extract.report.id}.yml"
        write_atomic(path, extract_to_yaml(extract))
        written.append(path)
    write_atomic(out_dir / SCHEMA_NAME, schema_text())
    return written


def run_extract(
    project: Project,
    report_ids: tuple[str, ...] = (),
    out_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Extract the named reports (or all), ignoring the cache; extract/ keeps the cache index in step."""
    from ..cache import remember, remove_stale

    entries = load_catalogue(project.catalogue)
    chosen = select(entries, report_ids, project)
    extracts = extract_entries(project, chosen, progress)
    written = write_extracts(extracts, out_dir or project.extract_dir)
    if out_dir is None:
        if not report_ids:
            remove_stale(project, {e.report.id for e in entries})
        remember(project, chosen)
    return written
