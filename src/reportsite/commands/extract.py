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
    taxonomy = load_taxonomy(project.themes)
    out = []
    for entry in entries:
        if progress:
            progress(f"extracting {entry.report.id}")
        out.append(extract_report(entry, project.shown(entry.path), taxonomy))
    return out


def write_extracts(extracts: list[Extract], out_dir: Path) -> list[Path]:
    written = []
    for extract in extracts:
        path = out_dir / f"{extract.report.id}.yml"
        write_atomic(path, extract_to_yaml(extract))
        written.append(path)
    write_atomic(
        out_dir / SCHEMA_NAME, json.dumps(extract_json_schema(), indent=2, ensure_ascii=False) + "\n"
    )
    return written


def run_extract(
    project: Project,
    report_ids: tuple[str, ...] = (),
    out_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    entries = select(load_catalogue(project.catalogue), report_ids, project)
    extracts = extract_entries(project, entries, progress)
    return write_extracts(extracts, out_dir or project.extract_dir)
