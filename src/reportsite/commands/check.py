"""`reportsite check`: validate everything a build reads, without building."""

from __future__ import annotations

from ..catalogue import load_catalogue
from ..errors import ExtractError
from ..project import Project
from ..store import load_extract


def run_check(project: Project) -> list[str]:
    """Return report lines; raise ReportsiteError at the first problem."""
    entries = load_catalogue(project.catalogue)
    lines = [f"catalogue: {len(entries)} reports"]
    for entry in entries:
        path = project.extract_dir / f"{entry.report.id}.yml"
        if not path.is_file():
            raise ExtractError("missing; run `reportsite extract`", project.shown(path))
        extract = load_extract(path, project.shown(path))
        lines.append(
            f"{project.shown(path)}: {len(extract.findings)} findings, {len(extract.tables)} tables, "
            f"{len(extract.figures)} figures, {len(extract.numbers)} numbers"
        )
    return lines
