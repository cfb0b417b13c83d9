"""Extraction cached by content: a report is extracted again only when something it depends on changed.

A report's key hashes its source file, the extractor (a version constant plus the source of every module
the read and extract stages import, found from the import graph), sources/themes.yml and the report's
catalogue metadata. The index in .build/cache/index.json maps each report id to its key and to the hash
of the YAML written for it; a report whose key matches and whose YAML still has that hash is loaded
instead of extracted. It is loaded from .build/cache/extracts/<id>.json, the same data as JSON (parsed
many times faster than the YAML) whose hash the index keeps too; without it, from extract/.

extract/ is written only after every report has been extracted, and the index last: a run killed in
between leaves YAML whose hash the index does not know, which is then simply extracted again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Callable
from functools import partial
from pathlib import Path

import orjson

from reportsite.errors import ExtractError
from reportsite.extract.pipeline import Extracted, extract_and_dump, say_extracted
from reportsite.extract.schedule import Workers
from reportsite.meanwhile import Meanwhile
from reportsite.modules import PACKAGE_DIR, code_digest
from reportsite.project import Project
from reportsite.records import Extract
from reportsite.store.catalogue import Entry, load_catalogue
from reportsite.store.yaml_io import (
    SCHEMA_NAME,
    data_to_extract,
    data_to_json,
    schema_text,
    write_atomic,
    yaml_to_data,
)

EXTRACTOR_VERSION = "1"
"""Raise to invalidate every cached extract when the output changes for a reason the hashed code misses."""

EXTRACTING_STAGES = ("reportsite.read", "reportsite.extract")
"""The stages whose code decides what an extract holds: every module under them and all they import."""
RESERVED = ("ledger.yml",)
"""Files in extract/ that are not a report's extract and must survive the removal of stale ones."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    return sha256_bytes(path.read_bytes()) if path.is_file() else ""


def extractor_version(package_dir: Path = PACKAGE_DIR) -> str:
    """EXTRACTOR_VERSION and the hash of every module the read and extract stages reach by import."""
    return code_digest(EXTRACTOR_VERSION, EXTRACTING_STAGES, package_dir)


def entry_key(entry: Entry, extractor: str, themes_hash: str) -> str:
    """The cache key of one report: everything its extract depends on."""
    parts = {
        "extractor": extractor,
        "themes": themes_hash,
        "source": sha256_file(entry.path),
        "report": entry.report.model_dump(mode="json"),
    }
    return sha256_bytes(json.dumps(parts, sort_keys=True).encode())


def index_path(project: Project) -> Path:
    return project.build_dir / "cache" / "index.json"


def load_index(project: Project) -> dict[str, dict[str, str]]:
    """report id -> {"key", "yaml"}; a missing or unreadable index is an empty cache, never an error."""
    try:
        data = json.loads(index_path(project).read_text(encoding="utf-8"))
        reports = data.get("reports", {}) if isinstance(data, dict) else {}
        return {
            rid: v
            for rid, v in reports.items()
            if isinstance(v, dict) and isinstance(v.get("key"), str) and isinstance(v.get("yaml"), str)
        }
    except (OSError, ValueError):
        return {}


def save_index(project: Project, index: dict[str, dict[str, str]]) -> None:
    text = json.dumps({"version": 1, "reports": dict(sorted(index.items()))}, indent=2) + "\n"
    write_atomic(index_path(project), text)


def copies_dir(project: Project) -> Path:
    """Where the JSON copies of the cached extracts are kept."""
    return project.build_dir / "cache" / "extracts"


def json_path(project: Project, report_id: str) -> Path:
    return copies_dir(project) / f"{report_id}.json"


def cached_extract(
    project: Project, entry: Entry, key: str, index: dict[str, dict[str, str]]
) -> Extract | None:
    """The extract from the cache, when the key matches and extract/ holds the YAML this cache wrote.
    Its JSON copy is read when it is the one written with that YAML; else the YAML, and the copy is
    written again (into `index` too)."""
    rid = entry.report.id
    known = index.get(rid)
    path = project.extract_dir / f"{rid}.yml"
    if not known or known["key"] != key or not path.is_file():
        return None
    text = path.read_bytes()
    if sha256_bytes(text) != known["yaml"]:
        return None
    fast = _from_json(json_path(project, rid), known.get("json"))
    if fast is not None:
        return fast
    shown = project.shown(path)
    try:
        data = yaml_to_data(text.decode("utf-8"), shown)
        extract = data_to_extract(data, shown)
    except (ExtractError, UnicodeDecodeError):
        return None
    # Data JSON cannot hold (none that this cache writes) leaves the YAML to be read each time.
    with contextlib.suppress(TypeError):
        index[rid] = {**known, "json": _write_json(project, rid, data_to_json(data))}
    return extract


_LOADED: dict[str, tuple[str, Extract]] = {}
"""JSON copy -> (its hash, the Extract loaded from it): a process that builds again (`serve`) takes the
reports that did not change from memory. Records are never changed once loaded (linking copies them)."""


def _from_json(path: Path, digest: str | None) -> Extract | None:
    # The JSON holds exactly the data the YAML holds, so it is validated the same way (as Python
    # data); a copy that is missing, damaged or of another YAML is simply not used.
    if digest is None:
        return None
    held = _LOADED.get(str(path))
    if held is not None and held[0] == digest:
        return held[1]
    try:
        data = path.read_bytes()
        if sha256_bytes(data) != digest:
            return None
        # orjson parses the same JSON to the same values in half the time: every build loads every extract.
        extract = Extract.model_validate(orjson.loads(data))
    except (OSError, ValueError):
        return None
    _LOADED[str(path)] = (digest, extract)
    return extract


def _write_json(project: Project, rid: str, text: str) -> str:
    write_atomic(json_path(project, rid), text)
    return sha256_bytes(text.encode("utf-8"))


def extract_changed(
    project: Project, progress: Callable[[str], None] | None = None, workers: Workers | None = None
) -> list[Extract]:
    """Every report's Extract, in catalogue order, extracting only the reports whose key changed
    (spread over `workers`, extract/schedule.py).

    Prints "extract: N changed, M cached". Nothing in extract/ changes unless every extraction succeeded.
    """
    entries = load_catalogue(project.catalogue, cache_dir=project.build_dir / "cache")
    index = load_index(project)
    extractor = extractor_version()
    themes_hash = sha256_file(project.themes)
    keys = {e.report.id: entry_key(e, extractor, themes_hash) for e in entries}
    changed = [e for e in entries if index.get(e.report.id, {}).get("key") != keys[e.report.id]]
    with _early(project, changed, workers) as early:
        found: dict[str, Extract] = {}
        for entry in entries:
            hit = cached_extract(project, entry, keys[entry.report.id], index)
            if hit is not None:
                found[entry.report.id] = hit
        stale = [e for e in entries if e.report.id not in found]
        if early is not None and stale == changed:
            fresh = early.result()
            for n, extracted in enumerate(fresh):
                if progress:
                    say_extracted(progress, n, len(fresh), extracted)
        else:
            fresh = extract_and_dump(project, stale, progress, workers)
    if progress:
        progress(f"extract: {len(fresh)} changed, {len(found)} cached")

    new_index: dict[str, dict[str, str]] = {}
    for done in fresh:
        rid = done.extract.report.id
        _write_if_changed(project.extract_dir / f"{rid}.yml", done.yaml)
        new_index[rid] = cache_entry(project, done, keys[rid])
        found[rid] = done.extract
    for rid in found.keys() - new_index.keys():
        new_index[rid] = index[rid]
    _write_if_changed(project.extract_dir / SCHEMA_NAME, schema_text())
    remove_stale(project, set(keys))
    save_index(project, new_index)
    _remove_stale_copies(project, set(keys))
    return [found[e.report.id] for e in entries]


def _early(
    project: Project, changed: list[Entry], workers: Workers | None
) -> Meanwhile[list[Extracted]] | contextlib.nullcontext[None]:
    """After one added or edited report, its extraction starts in a child at once (meanwhile.py),
    while this process loads the others from the cache. Left unused, the child is stopped on exit."""
    if len(changed) != 1 or (workers is not None and workers.executor):
        return contextlib.nullcontext()
    return Meanwhile(partial(extract_and_dump, project, changed, None, workers))


def cache_entry(project: Project, done: Extracted, key: str) -> dict[str, str]:
    """The index entry of an extract just written to extract/, its JSON copy written beside the index."""
    rid = done.extract.report.id
    return {
        "key": key,
        "yaml": sha256_bytes(done.yaml.encode("utf-8")),
        "json": _write_json(project, rid, done.json),
    }


def _remove_stale_copies(project: Project, live_ids: set[str]) -> None:
    folder = copies_dir(project)
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        if path.stem not in live_ids:
            path.unlink(missing_ok=True)


def remove_stale(project: Project, live_ids: set[str]) -> list[Path]:
    """Delete the YAML of reports no longer in the catalogue."""
    removed = []
    for path in sorted(project.extract_dir.glob("*.yml")):
        if path.name not in RESERVED and path.stem not in live_ids:
            path.unlink()
            removed.append(path)
    return removed


def _write_if_changed(path: Path, text: str) -> None:
    # Leaving identical files alone keeps extract/ quiet for git and for file watchers.
    if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
        write_atomic(path, text)


def remember(project: Project, written: list[Extracted]) -> None:
    """Record in the index the YAML just written to extract/ for these reports (by `reportsite extract`)."""
    index = load_index(project)
    extractor = extractor_version()
    themes_hash = sha256_file(project.themes)
    entries = {
        e.report.id: e for e in load_catalogue(project.catalogue, cache_dir=project.build_dir / "cache")
    }
    index = {rid: v for rid, v in index.items() if rid in entries}
    for done in written:
        rid = done.extract.report.id
        index[rid] = cache_entry(project, done, entry_key(entries[rid], extractor, themes_hash))
    save_index(project, index)
