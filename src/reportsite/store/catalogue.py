"""Read and validate sources/catalogue.yml, naming the catalogue line of every problem."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from reportsite.errors import CatalogueError
from reportsite.records import REPORT_KINDS, Report
from reportsite.store import safe_yaml

REQUIRED = ("id", "title", "publisher", "date", "kind", "file")
OPTIONAL = ("cycle", "cycle_label", "licence", "url", "description", "responds_to")
SUFFIXES = (".txt", ".md", ".markdown", ".pdf", ".docx")


@dataclass(frozen=True)
class Entry:
    """A catalogue entry: the report's metadata and where its document lies."""

    report: Report
    path: Path
    """Absolute path of the document."""
    line: int
    """Line of the entry in the catalogue, for error messages."""
    file: str = ""
    """The document as the catalogue names it, relative to sources/."""


def _scalar(node: yaml.Node) -> object:
    # The node's tag was resolved when it was composed: constructing it gives what loading its text gives.
    return (
        yaml.constructor.SafeConstructor().construct_object(node)
        if isinstance(node, yaml.ScalarNode)
        else None
    )


_READ: dict[tuple[str, str], tuple[bytes, list[Entry]]] = {}
"""The last catalogue read, with its bytes: read in several steps of every build, and again in every
rebuild of `serve`, where parsing it costs more than reading it."""


def load_catalogue(path: Path, shown: str | None = None, cache_dir: Path | None = None) -> list[Entry]:
    """Parse the catalogue; every problem raises CatalogueError naming the catalogue's line.

    With cache_dir, a catalogue parsed without error is kept there as JSON under the hash of its bytes
    and name: read back a hundred times faster than the YAML is checked node by node (a third of a
    second at 500 reports, in every build).
    """
    shown = shown or _shown(path)
    if not path.is_file():
        raise CatalogueError("catalogue not found", shown)
    data = path.read_bytes()
    known = _READ.get((str(path), shown))
    # Its documents are looked for again: one removed since is the error a parse would give.
    if known is not None and known[0] == data and all(e.path.is_file() for e in known[1]):
        return list(known[1])
    # Not the folder's place: a project copied or moved elsewhere keeps its cache.
    digest = hashlib.sha256(b"\0".join([data, shown.encode()])).hexdigest()
    entries = _read_cache(cache_dir, digest, path.parent.resolve()) if cache_dir is not None else None
    parsed = entries is None
    if entries is None:
        entries = _parse_catalogue(path, shown)
    # Kept only when the file did not change while it was parsed.
    if path.read_bytes() == data:
        _READ.clear()
        _READ[(str(path), shown)] = (data, entries)
        if parsed and cache_dir is not None:
            _write_cache(cache_dir, digest, entries, path.parent.resolve())
    return list(entries)


CACHE_NAME = "catalogue.json"
CACHE_VERSION = 2


def _read_cache(cache_dir: Path, digest: str, sources_dir: Path) -> list[Entry] | None:
    """The entries cached for the catalogue of that digest, if every document is still there."""
    try:
        cached = json.loads((cache_dir / CACHE_NAME).read_text(encoding="utf-8"))
        if cached["version"] != CACHE_VERSION or cached["digest"] != digest:
            return None
        rows = [
            (Report.model_validate(r), sources_dir / str(p), int(n), str(f))
            for r, p, n, f in cached["entries"]
        ]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    # A document must still be there, and its name still lead where it led (a link may have moved).
    if not all(p.is_file() and (sources_dir / f).resolve() == p for _r, p, _n, f in rows):
        return None
    return [Entry(r, p, n, f) for r, p, n, f in rows]


def _write_cache(cache_dir: Path, digest: str, entries: list[Entry], sources_dir: Path) -> None:
    # Each document's place relative to sources/, which _entry made sure it lies in.
    rows = [
        [e.report.model_dump(mode="json"), e.path.relative_to(sources_dir).as_posix(), e.line, e.file]
        for e in entries
    ]
    text = json.dumps({"version": CACHE_VERSION, "digest": digest, "entries": rows})
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f"{CACHE_NAME}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, cache_dir / CACHE_NAME)
    except OSError:
        # A cache that cannot be written is a cache missed next time, never a failed command.
        pass


def _parse_catalogue(path: Path, shown: str) -> list[Entry]:
    _text, root = safe_yaml.read_compose(path, shown, CatalogueError, fast=True)
    if not isinstance(root, yaml.MappingNode):
        raise CatalogueError("expected a mapping with a 'reports:' list", shown, line=1)
    reports = next((v for k, v in root.value if _scalar(k) == "reports"), None)
    if not isinstance(reports, yaml.SequenceNode):
        line = root.start_mark.line + 1
        raise CatalogueError("expected a 'reports:' list", shown, line=line)
    sources_dir = path.parent.resolve()
    entries: list[Entry] = []
    seen: dict[str, int] = {}
    for node in reports.value:
        entry = _entry(node, shown, sources_dir)
        if entry.report.id in seen:
            raise CatalogueError(
                f"duplicate id {entry.report.id!r} (first at line {seen[entry.report.id]})",
                shown,
                line=entry.line,
            )
        seen[entry.report.id] = entry.line
        entries.append(entry)
    for entry in entries:
        target = entry.report.responds_to
        if target is not None and (target not in seen or target == entry.report.id):
            raise CatalogueError(
                f"responds_to {target!r} names no other report in the catalogue", shown, line=entry.line
            )
    return entries


def _entry(node: yaml.Node, shown: str, sources_dir: Path) -> Entry:
    line = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode):
        raise CatalogueError("a report entry must be a mapping of fields", shown, line=line)
    fields: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = _scalar(key_node)
        if key not in REQUIRED and key not in OPTIONAL:
            raise CatalogueError(f"unknown field {key!r}", shown, line=key_node.start_mark.line + 1)
        if not isinstance(value_node, yaml.ScalarNode):
            raise CatalogueError(
                f"field {key!r} must be a single value", shown, line=value_node.start_mark.line + 1
            )
        fields[str(key)] = _scalar(value_node)
        lines[str(key)] = value_node.start_mark.line + 1
    for key in REQUIRED:
        if fields.get(key) in (None, ""):
            raise CatalogueError(f"missing field {key!r}", shown, line=line)
    if fields["kind"] not in REPORT_KINDS:
        raise CatalogueError(
            f"unknown kind {fields['kind']!r} (one of: {', '.join(REPORT_KINDS)})", shown, line=lines["kind"]
        )
    for key in ("date", "cycle"):
        # YAML reads 2019 as an int and 2019-07-01 as a date: the catalogue means their text.
        if fields.get(key) is not None:
            fields[key] = str(fields[key])
    rel = str(fields.pop("file"))
    doc = (sources_dir / rel).resolve()
    if not doc.is_relative_to(sources_dir):
        raise CatalogueError(f"file {rel!r} lies outside sources/", shown, line=lines["file"])
    if doc.suffix.lower() not in SUFFIXES:
        raise CatalogueError(f"file {rel!r} is not .txt, .md, .pdf or .docx", shown, line=lines["file"])
    if not doc.is_file():
        raise CatalogueError(f"file {rel!r} does not exist", shown, line=lines["file"])
    try:
        from reportsite.dates import check_date

        check_date(str(fields["date"]))
        report = Report(source=f"sources/{doc.relative_to(sources_dir).as_posix()}", **fields)
    except ValueError as exc:
        msg = exc.errors()[0]["msg"] if isinstance(exc, ValidationError) else str(exc)
        field = (
            exc.errors()[0]["loc"][0]
            if isinstance(exc, ValidationError) and exc.errors()[0]["loc"]
            else "date"
        )
        raise CatalogueError(
            msg.removeprefix("Value error, "), shown, line=lines.get(str(field), line)
        ) from None
    return Entry(report=report, path=doc, line=line, file=rel)


def _shown(path: Path) -> str:
    # Messages name the catalogue as a maintainer knows it: sources/catalogue.yml inside the project.
    return f"{path.parent.name}/{path.name}"
