"""How pages quote findings (with their report, for the link and the citation), and the status labels
and caveats every comparison view shows."""

from __future__ import annotations

from dataclasses import dataclass

from reportsite.link.linked import Linked, ThemeView
from reportsite.link.statuses import STATUS_LABELS as BASE_LABELS
from reportsite.records import Finding, Report

STATUS_LABELS: dict[str | None, str] = {None: BASE_LABELS["unknown"]}
STATUS_LABELS.update(BASE_LABELS)
CAVEATS = (
    "The two assessments used different MOPAN frameworks: the 2017-18 assessment used MOPAN 3.0, the "
    "2023 assessment MOPAN 3.1, adapted for organisations working in crises. Their ratings are not "
    "directly comparable.",
    "The 2017-18 assessment report itself is not among the sources. Its findings are known here through "
    "IOM's 2019 management response to it (and what the 2023 brief says of it); the first column says so.",
)


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
