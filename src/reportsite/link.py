"""The link stage: themes (with curation applied), related findings across reports and cycles, the
2019/2023 comparison and the number audit. Render reads only what this module returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import Extract, Finding, Number, Report, Table
from .themes import Taxonomy, Theme

# The four columns of the comparison, in reading order.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("2019-assessment", "2017-18 assessment (as IOM's 2019 response reports it)"),
    ("2019-response", "IOM's 2019 commitments"),
    ("2023-assessment", "2023 assessment"),
    ("2023-iom", "IOM's own 2023 reporting"),
)
STATUSES = ("persisting", "improved", "new", "resolved")


@dataclass
class Related:
    id: str
    reason: str
    """Why the two are related, in words a reader understands: 'both on theme X; share terms a, b'."""


@dataclass
class ThemeView:
    theme: Theme
    columns: dict[str, list[Finding]]
    """Keyed by COLUMNS ids."""
    status: str | None
    """One of STATUSES, or None when the texts say too little."""
    status_reason: str
    note: str | None = None
    """A curator's status note from sources/curation.yml."""


@dataclass
class AuditItem:
    kind: str
    """'table-total', 'share-total' or 'number-disagrees'."""
    ok: bool
    message: str
    record_ids: list[str] = field(default_factory=list)


@dataclass
class Linked:
    extracts: list[Extract]
    taxonomy: Taxonomy | None
    findings: dict[str, Finding]
    """Every visible finding by id (hidden ones removed), with curated themes applied."""
    report_of: dict[str, Report]
    """Record id (finding, table, figure, number) -> its report."""
    related: dict[str, list[Related]]
    themes: list[ThemeView]
    audit: list[AuditItem]
    tables: dict[str, Table] = field(default_factory=dict)
    numbers: dict[str, Number] = field(default_factory=dict)


def link(extracts: list[Extract], taxonomy: Taxonomy | None, curation: object | None = None) -> Linked:
    """Minimal linking until the full rules land: no themes views, no related findings."""
    findings = {f.id: f for e in extracts for f in e.findings}
    report_of = {r.id: e.report for e in extracts for r in [*e.findings, *e.tables, *e.figures, *e.numbers]}
    return Linked(
        extracts=extracts,
        taxonomy=taxonomy,
        findings=findings,
        report_of=report_of,
        related={fid: [] for fid in findings},
        themes=[],
        audit=[],
        tables={t.id: t for e in extracts for t in e.tables},
        numbers={n.id: n for e in extracts for n in e.numbers},
    )
