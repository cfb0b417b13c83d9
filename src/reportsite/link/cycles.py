"""The assessment cycles, read from the catalogue: which there are, in what order, and which comparison
column each report's findings go to.

A report names its cycle; a report that names none belongs to the last cycle that had begun by its date
(a cycle begins with its earliest report, or with the year it is named after), and one dated before every
cycle is background. The comparison sets the latest cycle against the one before; older cycles are shown
as context.

Who wrote a report decides its column. The assessed organisation is whoever publishes the management
responses; the assessors publish the assessments, briefs and press releases. A cycle has up to three
columns: what its assessment found (its own documents, or the sentences of the organisation's response
that cite it), what the organisation committed to in its response, and the organisation's own later
reporting (its follow-up).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reportsite.records import Report

ASSESSMENT_KINDS = frozenset({"assessment", "assessment-brief", "press-release"})
RESPONSE_KIND = "management-response"
ROLES = ("assessment", "response", "followup")
_YEAR_LIKE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _day(text: str | None) -> dt.date | None:
    """The first day a catalogue date (or a cycle named by a year) can mean; None for anything else."""
    m = _YEAR_LIKE.match((text or "").strip())
    if not m:
        return None
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Cycle:
    id: str
    """As the catalogue writes it: '2019'."""
    label: str
    """What the cycle's assessment is called: the catalogue's cycle_label, else '<id> assessment'."""
    start: dt.date


@dataclass
class Cycles:
    order: list[Cycle] = field(default_factory=list)
    """Oldest first."""
    of_report: dict[str, str | None] = field(default_factory=dict)
    """Report id -> the cycle it belongs to (its own, or the one its date falls in), None for background."""
    organisations: frozenset[str] = frozenset()
    """Publishers (upper case) of the assessed organisation's documents."""
    columns: list[tuple[str, str]] = field(default_factory=list)
    """Every column some report feeds, (id, heading), in reading order."""

    @property
    def latest(self) -> Cycle | None:
        return self.order[-1] if self.order else None

    @property
    def previous(self) -> Cycle | None:
        return self.order[-2] if len(self.order) >= 2 else None

    def cycle_of(self, report: Report) -> str | None:
        return self.of_report.get(report.id, report.cycle)

    def role_of(self, report: Report) -> str | None:
        """'assessment', 'response' or 'followup': what the report's findings are to the comparison."""
        if self.cycle_of(report) is None:
            return None
        if report.kind == RESPONSE_KIND:
            return "response"
        if report.publisher.upper() in self.organisations:
            return "followup"
        if report.kind in ASSESSMENT_KINDS or report.kind == "evaluation":
            return "assessment"
        return None

    def column_of(self, report: Report) -> str | None:
        cycle, role = self.cycle_of(report), self.role_of(report)
        return f"{cycle}-{role}" if cycle and role else None

    @property
    def compared(self) -> list[tuple[str, str]]:
        """The columns of the two cycles the status compares (of the one cycle, when there is one)."""
        ids = {c.id for c in self.order[-2:]}
        return [(cid, label) for cid, label in self.columns if cid.rsplit("-", 1)[0] in ids]


def read_cycles(reports: list[Report]) -> Cycles:
    named: dict[str, list[Report]] = {}
    for r in reports:
        if r.cycle:
            named.setdefault(r.cycle, []).append(r)
    order = []
    for cid, members in named.items():
        days = [d for d in (_day(r.date) for r in members) if d is not None]
        own = _day(cid)
        start = min([*days, *([own] if own else [])], default=dt.date.max)
        label = next((r.cycle_label for r in members if r.cycle_label), None) or f"{cid} assessment"
        order.append(Cycle(cid, label, start))
    order.sort(key=lambda c: (c.start, c.id))
    of_report: dict[str, str | None] = {}
    for r in reports:
        day = _day(r.date)
        if r.cycle:
            of_report[r.id] = r.cycle
        elif day is not None:
            begun = [c for c in order if c.start <= day]
            of_report[r.id] = begun[-1].id if begun else None
        else:
            of_report[r.id] = None
    orgs = frozenset(r.publisher.upper() for r in reports if r.kind == RESPONSE_KIND)
    if not orgs:
        assessors = {r.publisher.upper() for r in reports if r.kind in ASSESSMENT_KINDS}
        orgs = frozenset(r.publisher.upper() for r in reports if r.publisher.upper() not in assessors)
    cycles = Cycles(order, of_report, orgs)
    cycles.columns = _columns(cycles, reports)
    return cycles


def _columns(cycles: Cycles, reports: list[Report]) -> list[tuple[str, str]]:
    fed: dict[str, set[str]] = {}
    org_name: dict[str, str] = {}
    for r in reports:
        cycle, role = cycles.cycle_of(r), cycles.role_of(r)
        if not cycle or not role:
            continue
        fed.setdefault(cycle, set()).add(role)
        if role != "assessment":
            org_name.setdefault(cycle, r.publisher)
    org = next(iter(org_name.values()), "The organisation")
    out = []
    context = {c.id for c in cycles.order[:-2]}
    for c in cycles.order:
        roles = fed.get(c.id, set())
        who = org_name.get(c.id, org)
        after = " (earlier cycle, for context)" if c.id in context else ""
        if roles & {"assessment", "response"}:
            how = "" if "assessment" in roles else f" (as {who}'s {c.id} response reports it)"
            out.append((f"{c.id}-assessment", f"{c.label}{how}{after}"))
        if "response" in roles:
            out.append((f"{c.id}-response", f"{who}'s {c.id} commitments{after}"))
        if "followup" in roles:
            out.append((f"{c.id}-followup", f"{who}'s own reporting, {c.id} cycle{after}"))
    return out
