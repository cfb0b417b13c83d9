"""The permalink ledger: every finding id ever published, and redirects for the ones that went away.

extract/ledger.yml is committed with the repository. Each id keeps the date it was first published, its
report and kind, and the text it last had; an id that is no longer live gets the date it was retired and
its successor. A retired id's redirect goes, in this order, to:

1. the successor a curator named in sources/curation.yml, when that finding is live;
2. the successor recorded when the id was retired, when that finding is still live (a redirect, once
   published, does not wander);
3. the live finding of the same report and kind whose text is most like the old text (difflib ratio of at
   least SIMILARITY; ties go to the smaller id, so the choice is the same on every machine);
4. the report's page, when the report is still in the catalogue;
5. the home page.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import difflib
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml.constructor import SafeConstructor

from reportsite.errors import ExtractError, ReportsiteError
from reportsite.project import Project
from reportsite.records import RECORD_ID, Finding
from reportsite.store import safe_yaml
from reportsite.store.yaml_io import write_atomic
from reportsite.urls import finding_url, report_url

if TYPE_CHECKING:
    from reportsite.link.linked import Linked

_FAST_DUMPER: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter writes the same text as PyYAML's, about eight times faster."""

SIMILARITY = 0.6
"""The least difflib ratio between an old and a new text for the new finding to count as its successor."""

HEADER = (
    "# Every finding id ever published on the site, kept so that old links keep working.\n"
    "# Written by `reportsite build`; commit it. Retired ids redirect to their successor.\n"
)


@dataclass
class LedgerEntry:
    report: str
    kind: str
    first_seen: str
    text: str = ""
    """The finding's text when it was last published, to find a successor by similarity."""
    retired: str | None = None
    successor: str | None = None
    """The URL path a retired id redirects to."""


def today() -> str:
    # SOURCE_DATE_EPOCH makes the dates reproducible (https://reproducible-builds.org/specs/source-date-epoch/).
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date().isoformat()
    return dt.datetime.now(dt.UTC).date().isoformat()


def load_ledger(
    path: Path, shown: str | None = None, cache_dir: Path | None = None
) -> dict[str, LedgerEntry]:
    """Finding id -> its ledger entry; a missing ledger is an empty one.

    With cache_dir, the parsed entries are kept there as JSON under the hash of the ledger's bytes
    (parsed many times faster than the YAML, whose every node is checked in Python); a cache that is
    stale or unreadable is ignored. The last ledger parsed is also kept in memory, by the same hash, for
    the several readers of one build.
    """
    return _copy(_load(path, shown or str(path), cache_dir).entries)


def load_project_ledger(project: Project) -> dict[str, LedgerEntry]:
    """The project's ledger, through the build's cache."""
    return load_ledger(project.ledger, project.shown(project.ledger), ledger_cache_dir(project))


def ledger_cache_dir(project: Project) -> Path:
    return project.build_dir / "cache"


@dataclass
class _Loaded:
    digest: str
    """sha256 of the ledger's bytes; empty when there is no ledger file."""
    entries: dict[str, LedgerEntry]
    canonical: bool
    """Whether the file is exactly what ledger_to_yaml makes of entries (known when this tool wrote it)."""


_last: _Loaded | None = None
"""The ledger last read or written in this process, never handed out itself (callers get copies)."""


def _copy(entries: Mapping[str, LedgerEntry]) -> dict[str, LedgerEntry]:
    return {fid: dataclasses.replace(e) for fid, e in entries.items()}


def _load(path: Path, shown: str, cache_dir: Path | None) -> _Loaded:
    global _last
    if not path.is_file():
        return _Loaded("", {}, False)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"cannot read: {exc.strerror or exc}", shown) from None
    digest = hashlib.sha256(data).hexdigest()
    if _last is not None and _last.digest == digest:
        return _last
    loaded = _read_cache(cache_dir, digest) if cache_dir is not None else None
    if loaded is None:
        loaded = _Loaded(digest, _parse(data, shown), False)
        if cache_dir is not None:
            _write_cache(cache_dir, loaded)
    _last = loaded
    return loaded


def _parse(data: bytes, shown: str) -> dict[str, LedgerEntry]:
    try:
        # The C parser: a ledger holds every finding ever published, thousands on a large site.
        root = safe_yaml.compose(data.decode("utf-8"), fast=True)
    except yaml.YAMLError as exc:
        raise ExtractError(
            f"not valid YAML: {safe_yaml.error_problem(exc)}", shown, line=safe_yaml.error_line(exc)
        ) from None
    except UnicodeDecodeError:
        raise ExtractError("not UTF-8 text", shown) from None
    doc = SafeConstructor().construct_document(root) if root is not None else {}
    findings = doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(findings, dict):
        raise ExtractError("expected a 'findings:' mapping of id -> entry", shown)
    lines = _key_lines(root)
    out = {}
    for fid, raw in findings.items():
        line = lines.get(str(fid))
        # Ids become folders of the site (findings/<id>/index.html): '../' in one would write outside it.
        if not isinstance(fid, str) or not RECORD_ID.match(fid):
            raise ExtractError(f"{fid!r} is not a finding id (<report-id>/<slug>)", shown, line=line)
        if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in ("report", "kind")):
            raise ExtractError(f"entry {fid!r} needs 'report' and 'kind'", shown, line=line)
        out[fid] = LedgerEntry(
            report=raw["report"],
            kind=raw["kind"],
            first_seen=str(raw.get("first_seen") or ""),
            text=str(raw.get("text") or ""),
            retired=str(raw["retired"]) if raw.get("retired") else None,
            successor=str(raw["successor"]) if raw.get("successor") else None,
        )
    return out


CACHE_NAME = "ledger.json"
CACHE_VERSION = 1


def _read_cache(cache_dir: Path, digest: str) -> _Loaded | None:
    """The entries cached for the ledger whose bytes hash to digest; None for anything else."""
    try:
        cached = json.loads((cache_dir / CACHE_NAME).read_text(encoding="utf-8"))
        if cached["version"] != CACHE_VERSION or cached["digest"] != digest:
            return None
        entries = {}
        for fid, row in cached["entries"].items():
            report, kind, first_seen, text, retired, successor = row
            if not all(isinstance(v, str) for v in (fid, report, kind, first_seen, text)):
                return None
            if not all(v is None or isinstance(v, str) for v in (retired, successor)):
                return None
            entries[fid] = LedgerEntry(report, kind, first_seen, text, retired, successor)
        return _Loaded(digest, entries, cached["canonical"] is True)
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        # A missing, half-written or foreign cache file is a miss: the YAML is read instead.
        return None


def _write_cache(cache_dir: Path, loaded: _Loaded) -> None:
    rows = {
        fid: [e.report, e.kind, e.first_seen, e.text, e.retired, e.successor]
        for fid, e in loaded.entries.items()
    }
    body = {"version": CACHE_VERSION, "digest": loaded.digest, "canonical": loaded.canonical}
    # The cache only saves time: a build goes on without it.
    with contextlib.suppress(ReportsiteError):
        write_atomic(cache_dir / CACHE_NAME, json.dumps({**body, "entries": rows}, ensure_ascii=False))


def _key_lines(root: yaml.Node | None) -> dict[str, int]:
    """Finding id -> the line of its key under 'findings:', for error messages."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    findings = next((v for k, v in root.value if k.value == "findings"), None)
    if not isinstance(findings, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in findings.value}


def _row(e: LedgerEntry) -> dict[str, str]:
    row: dict[str, str] = {"report": e.report, "kind": e.kind, "first_seen": e.first_seen}
    if e.retired:
        row["retired"] = e.retired
    if e.successor:
        row["successor"] = e.successor
    row["text"] = e.text
    return row


def _dump(findings: dict[str, dict[str, str]]) -> str:
    return yaml.dump(
        {"findings": findings},
        Dumper=_FAST_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )


def ledger_to_yaml(ledger: Mapping[str, LedgerEntry]) -> str:
    return HEADER + _dump({fid: _row(ledger[fid]) for fid in sorted(ledger)})


_TOP = "findings:\n"
_ENTRY_START = re.compile(r"^  (?=\S)", re.M)
"""Where an entry begins in ledger_to_yaml's text: its id, two spaces in (its fields are four)."""


def updated_yaml(old_text: str, old: Mapping[str, LedgerEntry], new: Mapping[str, LedgerEntry]) -> str:
    """ledger_to_yaml(new), given old_text == ledger_to_yaml(old): the unchanged entries' lines are
    taken from old_text, only the changed ones are dumped (the whole ledger took most of a build's end).
    Each entry's lines depend on that entry alone; where old_text cannot be cut as expected, all of new
    is dumped."""
    body = old_text.removeprefix(HEADER)
    if not old or not new or len(body) == len(old_text) or not body.startswith(_TOP):
        return ledger_to_yaml(new)
    rest = body[len(_TOP) :]
    starts = [m.start() for m in _ENTRY_START.finditer(rest)]
    ids = sorted(old)
    if len(starts) != len(ids) or starts[0] != 0:
        return ledger_to_yaml(new)
    chunks = {}
    for fid, a, b in zip(ids, starts, [*starts[1:], len(rest)], strict=True):
        chunk = rest[a:b]
        if not chunk.startswith(f"  {fid}:"):
            return ledger_to_yaml(new)
        chunks[fid] = chunk
    out = [
        chunks[fid] if old.get(fid) == new[fid] else _dump({fid: _row(new[fid])})[len(_TOP) :]
        for fid in sorted(new)
    ]
    return HEADER + _TOP + "".join(out)


def successor(
    fid: str,
    entry: LedgerEntry,
    candidates: Mapping[tuple[str, str], list[Finding]],
    live: Mapping[str, Finding],
    live_reports: set[str],
    curated: Mapping[str, str] | None = None,
) -> str:
    """The URL path a retired id redirects to (see the module's docstring for the order).

    candidates: live findings by (report id, kind), in id order.
    """
    named = (curated or {}).get(fid)
    if named and named in live:
        return "/" + finding_url(named)
    recorded = entry.successor
    if recorded and recorded.startswith("/findings/") and recorded.strip("/").split("/", 1)[-1] in live:
        return recorded
    best: tuple[float, str] | None = None
    for cand in candidates.get((entry.report, entry.kind), []):
        matcher = difflib.SequenceMatcher(None, entry.text, cand.text, autojunk=False)
        # The cheap upper bounds first: most candidates are nothing like the old text.
        if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
            continue
        ratio = matcher.ratio()
        if ratio >= SIMILARITY and (best is None or ratio > best[0]):
            best = (ratio, cand.id)
    if best is not None:
        return "/" + finding_url(best[1])
    if entry.report in live_reports:
        return "/" + report_url(entry.report)
    return "/"


def retired_targets(
    ledger: Mapping[str, LedgerEntry],
    live: Mapping[str, Finding],
    live_reports: set[str],
    curated: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """Retired finding id -> the URL path its old page now redirects to."""
    candidates: dict[tuple[str, str], list[Finding]] = {}
    for fid in sorted(live):
        candidates.setdefault((fid.split("/", 1)[0], live[fid].kind), []).append(live[fid])
    return {
        fid: successor(fid, entry, candidates, live, live_reports, curated)
        for fid, entry in sorted(ledger.items())
        if fid not in live
    }


def curated_successors(project: Project, linked: Linked | None = None) -> dict[str, str]:
    """Successors a curator named: `successor:` on an override in sources/curation.yml, or the link
    stage's own `successors` mapping, wherever they are offered."""
    found = getattr(linked, "successors", None)
    named = dict(found) if isinstance(found, Mapping) else {}
    from reportsite.link.curation import load_curation

    for override in load_curation(project.curation, project.shown(project.curation)).overrides:
        target = getattr(override, "successor", None)
        if isinstance(target, str) and target:
            named.setdefault(override.id, target)
    return named


def redirect_pages(
    project: Project,
    linked: Linked,
    curated: Mapping[str, str] | None = None,
    loaded: Mapping[str, LedgerEntry] | None = None,
) -> dict[str, str]:
    """Docs-relative path of a redirect page ('findings/r/old/index.html') -> its target URL path.
    loaded: the ledger as the build already read it."""
    ledger = load_project_ledger(project) if loaded is None else loaded
    named = {**curated_successors(project, linked), **(curated or {})}
    live_reports = {e.report.id for e in linked.extracts}
    targets = retired_targets(ledger, linked.findings, live_reports, named)
    return {f"findings/{fid}/index.html": url for fid, url in targets.items()}


def record_published(project: Project, linked: Linked, curated: Mapping[str, str] | None = None) -> None:
    """Add every live finding id to the ledger and mark the ones that went away (after a successful build).

    The file is rewritten only when something in it changed; the ledger this build read is found in memory.
    """
    global _last
    path = project.ledger
    cache_dir = ledger_cache_dir(project)
    loaded = _load(path, project.shown(path), cache_dir)
    ledger = _copy(loaded.entries)
    live_reports = {e.report.id for e in linked.extracts}
    named = {**curated_successors(project, linked), **(curated or {})}
    date = today()
    for fid, finding in linked.findings.items():
        report = linked.report_of.get(fid)
        entry = ledger.get(fid)
        if entry is None:
            entry = ledger[fid] = LedgerEntry(
                report=report.id if report else fid.split("/", 1)[0], kind=finding.kind, first_seen=date
            )
        entry.kind, entry.text = finding.kind, finding.text
        entry.retired = entry.successor = None
    for fid, url in retired_targets(ledger, linked.findings, live_reports, named).items():
        entry = ledger[fid]
        entry.retired = entry.retired or date
        entry.successor = url
    if loaded.canonical and ledger == loaded.entries:
        # The file is what the YAML of these entries would be, byte for byte: nothing to write.
        return
    before = path.read_bytes() if loaded.canonical else b""
    if before and hashlib.sha256(before).hexdigest() == loaded.digest:
        text = updated_yaml(before.decode("utf-8"), loaded.entries, ledger)
    else:
        text = ledger_to_yaml(ledger)
    data = text.encode("utf-8")
    if not path.is_file() or path.read_bytes() != data:
        write_atomic(path, text)
    _last = _Loaded(hashlib.sha256(data).hexdigest(), ledger, True)
    _write_cache(cache_dir, _last)
