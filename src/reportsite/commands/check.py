"""`reportsite check`: validate everything a build reads, without building."""

from __future__ import annotations

from typing import Any

from reportsite.errors import CurationError, ExtractError
from reportsite.project import Project
from reportsite.records import Extract
from reportsite.store.cache import entry_key, extractor_version, load_index, sha256_file
from reportsite.store.catalogue import load_catalogue
from reportsite.store.ledger import curated_successors, load_ledger, retired_targets
from reportsite.store.yaml_io import load_extract


def run_check(project: Project) -> list[str]:
    """Return report lines; raise ReportsiteError at the first problem."""
    entries = load_catalogue(project.catalogue)
    lines = [f"catalogue: {len(entries)} reports"]
    extracts: list[Extract] = []
    for entry in entries:
        path = project.extract_dir / f"{entry.report.id}.yml"
        if not path.is_file():
            raise ExtractError("missing; run `reportsite extract`", project.shown(path))
        extract = load_extract(path, project.shown(path))
        extracts.append(extract)
        lines.append(
            f"{project.shown(path)}: {len(extract.findings)} findings, {len(extract.tables)} tables, "
            f"{len(extract.figures)} figures, {len(extract.numbers)} numbers"
        )
        lines.extend(f"  warning: {w}" for w in extract.warnings)
    lines.append(curation_line(project, extracts))
    lines.append(cache_line(project, entries))
    lines.insert(1, site_line(project))
    lines.append(ledger_line(project, extracts))
    return lines


def site_line(project: Project) -> str:
    """The site settings as the build will use them; a missing site_url is a warning, not a failure."""
    from reportsite.build.mkdocs import SITE_URL_MISSING, mkdocs_settings

    settings = mkdocs_settings(project)
    url = settings.get("site_url")
    return f"site: {settings.get('site_name')!s}; " + (
        f"site_url {url}" if url else f"warning: {SITE_URL_MISSING}"
    )


def curation_line(project: Project, extracts: list[Extract]) -> str:
    """The taxonomy and people's overrides, checked against the records that exist now."""
    from reportsite.link.curation import check_curation, load_curation
    from reportsite.link.themes import load_taxonomy

    taxonomy = load_taxonomy(project.themes, project.shown(project.themes))
    curation = load_curation(project.curation, project.shown(project.curation))
    known = [r.id for e in extracts for r in e.records()]
    check_curation(curation, known, taxonomy.ids if taxonomy else None)
    editorial = editorial_line(project, extracts, taxonomy, curation)
    themes = len(taxonomy.themes) if taxonomy else 0
    return f"themes: {themes}; curation: {len(curation.overrides)} overrides, all naming live records; {editorial}"


def editorial_line(project: Project, extracts: list[Extract], taxonomy: Any, curation: Any) -> str:
    """An editor's status stands only while the rule, on today's evidence, gives the same: when new
    evidence computes another, the editor is asked to look again."""
    from reportsite.link.linked import link

    noted = [t for t in curation.themes if t.status]
    if not noted:
        return "no editorial statuses"
    views = {v.theme.id: v for v in link(extracts, taxonomy, curation).themes}
    for note in noted:
        view = views.get(note.theme)
        if view is not None and view.computed_status != note.status:
            raise CurationError(
                f"theme {note.theme!r} is set to {note.status!r}, but the evidence now computes "
                f"{view.computed_status!r}; look again, then update or remove the status",
                project.shown(project.curation),
                line=note.line,
            )
    return f"{len(noted)} editorial statuses, each matching what the evidence computes"


def cache_line(project: Project, entries: list) -> str:
    """How many extracts the next build can take as they are."""
    index = load_index(project)
    extractor, themes = extractor_version(), sha256_file(project.themes)
    stale = [
        e.report.id
        for e in entries
        if index.get(e.report.id, {}).get("key") != entry_key(e, extractor, themes)
        or index[e.report.id]["yaml"] != sha256_file(project.extract_dir / f"{e.report.id}.yml")
    ]
    if not stale:
        return f"cache: all {len(entries)} extracts are current"
    return f"cache: {len(stale)} of {len(entries)} reports will be extracted again ({', '.join(stale)})"


def ledger_line(project: Project, extracts: list[Extract]) -> str:
    """The published ids that are gone, and where their old links now lead."""
    ledger = load_ledger(project.ledger, project.shown(project.ledger))
    hidden = _hidden(project)
    live = {f.id: f for e in extracts for f in e.findings if f.id not in hidden}
    reports = {e.report.id for e in extracts}
    targets = retired_targets(ledger, live, reports, curated_successors(project))
    if not targets:
        return f"ledger: {len(ledger)} published ids, none retired"
    shown = ", ".join(f"{old} -> {_target(url)}" for old, url in targets.items())
    return f"ledger: {len(targets)} retired ids redirect ({shown})"


def _target(url: str) -> str:
    return url.strip("/").removeprefix("findings/") if url.startswith("/findings/") else url


def _hidden(project: Project) -> set[str]:
    from reportsite.link.curation import load_curation

    return load_curation(project.curation, project.shown(project.curation)).hidden
