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

import dataclasses
import datetime as dt
import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from yaml.constructor import SafeConstructor

from reportsite.errors import ExtractError
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


def load_ledger(path: Path, shown: str | None = None) -> dict[str, LedgerEntry]:
    """Finding id -> its ledger entry; a missing ledger is an empty one."""
    shown = shown or str(path)
    if not path.is_file():
        return {}
    try:
        # The C parser: a ledger holds every finding ever published, thousands on a large site.
        root = safe_yaml.compose(path.read_text(encoding="utf-8"), fast=True)
    except yaml.YAMLError as exc:
        raise ExtractError(
            f"not valid YAML: {safe_yaml.error_problem(exc)}", shown, line=safe_yaml.error_line(exc)
        ) from None
    except UnicodeDecodeError:
        raise ExtractError("not UTF-8 text", shown) from None
    data = SafeConstructor().construct_document(root) if root is not None else {}
    findings = data.get("findings") if isinstance(data, dict) else None
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


def _key_lines(root: yaml.Node | None) -> dict[str, int]:
    """Finding id -> the line of its key under 'findings:', for error messages."""
    if not isinstance(root, yaml.MappingNode):
        return {}
    findings = next((v for k, v in root.value if k.value == "findings"), None)
    if not isinstance(findings, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + 1 for k, _ in findings.value}


def ledger_to_yaml(ledger: Mapping[str, LedgerEntry]) -> str:
    findings = {}
    for fid in sorted(ledger):
        e = ledger[fid]
        row: dict[str, str] = {"report": e.report, "kind": e.kind, "first_seen": e.first_seen}
        if e.retired:
            row["retired"] = e.retired
        if e.successor:
            row["successor"] = e.successor
        row["text"] = e.text
        findings[fid] = row
    body = yaml.dump(
        {"findings": findings},
        Dumper=_FAST_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return HEADER + body


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
    ledger = load_ledger(project.ledger, project.shown(project.ledger)) if loaded is None else loaded
    named = {**curated_successors(project, linked), **(curated or {})}
    live_reports = {e.report.id for e in linked.extracts}
    targets = retired_targets(ledger, linked.findings, live_reports, named)
    return {f"findings/{fid}/index.html": url for fid, url in targets.items()}


def record_published(
    project: Project,
    linked: Linked,
    curated: Mapping[str, str] | None = None,
    loaded: Mapping[str, LedgerEntry] | None = None,
) -> None:
    """Add every live finding id to the ledger and mark the ones that went away (after a successful build).

    The file is rewritten only when something in it changed. loaded: the ledger as the build already
    read it (left as it is: the entries are copied before they change).
    """
    path = project.ledger
    if loaded is None:
        ledger = load_ledger(path, project.shown(path))
    else:
        ledger = {fid: dataclasses.replace(entry) for fid, entry in loaded.items()}
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
    text = ledger_to_yaml(ledger)
    if not path.is_file() or path.read_bytes() != text.encode("utf-8"):
        write_atomic(path, text)
