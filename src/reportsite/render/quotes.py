"""How pages quote findings (with their report, for the link and the citation), and the status labels
and caveats every comparison view shows."""

from __future__ import annotations

from dataclasses import dataclass

from reportsite.link.linked import Linked, ThemeView
from reportsite.link.statuses import STATUS_LABELS as BASE_LABELS
from reportsite.records import Finding, Report

STATUS_LABELS: dict[str | None, str] = {None: BASE_LABELS["unknown"]}
STATUS_LABELS.update(BASE_LABELS)


def caveats(linked: Linked) -> tuple[str, ...]:
    """What a reader must know before comparing the cycles, from what the catalogue holds."""
    out = []
    order = linked.cycles.order
    if len(order) >= 2:
        out.append(
            "Each cycle's assessment may use its own framework and rating scale (the reports' pages say "
            "which); ratings of different cycles are not directly comparable, which is why the status "
            "reads what the assessments say rather than their scores."
        )
    ids = [c for c, _ in linked.cycles.columns]
    for c in order:
        if f"{c.id}-response" in ids and not _has_own_assessment(linked, c.id):
            out.append(
                f"The {c.label} report itself is not among the sources. Its findings are known here "
                f"through the management response to it; its column says so."
            )
    return tuple(out)


def _has_own_assessment(linked: Linked, cycle: str) -> bool:
    return any(linked.cycles.column_of(e.report) == f"{cycle}-assessment" for e in linked.extracts)


@dataclass
class Quote:
    """A finding as other pages show it: with its report, for the link and the citation."""

    finding: Finding
    report: Report
    text: str
    """What to quote: the whole text, or the part of it a comparison column is about."""


def quote_of(linked: Linked, finding: Finding, part: str | None = None) -> Quote:
    return Quote(finding, linked.report_of[finding.id], part or finding.text)


def column_quotes(linked: Linked, view: ThemeView, column: str) -> list[Quote]:
    parts = view.quotes.get(column, {})
    return [
        quote_of(linked, f, parts.get(f.id)) for f in view.columns.get(column, []) if f.id in linked.findings
    ]
