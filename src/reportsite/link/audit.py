"""The number audit: stated table totals, shares that should make 100%, figures stated in more than
one place that disagree, and the arithmetic prose states (arithmetic.py).

Rounding is allowed for, never guessed away: a figure printed as "45.6 million" stands for anything from
45.55 to 45.65 million, so it agrees with 45 583 890; shares of n rows, each rounded to d decimals, may
miss 100% by n half-units of the d-th decimal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from reportsite.extract.quantities import TOTAL_ROW, YEAR_IN_TEXT
from reportsite.link.arithmetic import Check, arithmetic_checks
from reportsite.link.themes import word_forms
from reportsite.records import Cell, Extract, Number, Table
from reportsite.settings import SETTINGS

SCALES = {None: 1.0, "": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_UNITS = {"us$": "USD", "$": "USD", "usd": "USD", "per cent": "%", "percent": "%", "%": "%"}
_SHARE_HEADER = re.compile(r"%|per ?cent|share|proportion", re.IGNORECASE)
_STOP = {
    "the", "of", "in", "on", "and", "to", "a", "an", "for", "by", "as", "its", "it", "is", "was", "from",
    "with", "at", "that", "this", "which", "total", "iom", "s",
}  # fmt: skip


@dataclass
class AuditItem:
    kind: str
    """'table-total', 'share-total', 'number-disagrees', or a check of prose arithmetic: 'total-parts',
    'remainder', 'from-to'."""
    ok: bool
    message: str
    record_ids: list[str] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    """The sentences a check of prose arithmetic read."""


def audit_extracts(
    extracts: list[Extract],
    hidden: set[str] | None = None,
    per_report: Callable[[str, list[Number]], tuple[list[Check], list[Check]]] | None = None,
) -> list[AuditItem]:
    """Every check, in report order: table totals, then shares, then disagreeing numbers, then the
    prose arithmetic (per_report: see arithmetic_checks)."""
    hidden = hidden or set()
    tables = [(e, t) for e in extracts for t in e.tables if t.id not in hidden]
    items = [item for _, t in tables if (item := table_total(t)) is not None]
    items += [item for _, t in tables for item in share_totals(t)]
    numbers = [n for e in extracts for n in e.numbers if n.id not in hidden]
    totals = [n for _, t in tables if (n := total_as_number(t)) is not None]
    items += numbers_disagree(numbers + totals, tabled={n.id for n in totals})
    items += [
        AuditItem(c.kind, c.ok, c.message, c.record_ids, c.sentences)
        for c in arithmetic_checks(extracts, hidden, per_report)
    ]
    return items


def table_total(table: Table) -> AuditItem | None:
    if table.total is None:
        return None
    t = table.total
    name = _table_name(table)
    if t.ok:
        message = f"{name}: the rows of {t.column!r} add up to {_fmt(t.computed)}, as stated"
    else:
        message = (
            f"{name}: {t.column!r} states a total of {_fmt(t.stated)}, but its rows add up to "
            f"{_fmt(t.computed)} (a difference of {_fmt(t.computed - t.stated)})"
        )
    return AuditItem("table-total", t.ok, message, [table.id])


def share_totals(table: Table) -> list[AuditItem]:
    """A check for each column of percentages that splits one whole between the rows."""
    items = []
    for col, header in enumerate(table.columns):
        unit = table.units[col] if col < len(table.units) else None
        if col == 0 or not (_SHARE_HEADER.search(header) or unit == "%"):
            continue
        values = [
            v
            for row in table.rows
            if col < len(row) and not TOTAL_ROW.match(str(row[0] or ""))
            if (v := _percent(row[col])) is not None
        ]
        if len(values) < 2:
            continue
        total = sum(v for v, _ in values)
        if not SETTINGS.audit.share_range[0] <= total <= SETTINGS.audit.share_range[1]:
            continue
        decimals = max(d for _, d in values)
        slack = len(values) * 0.5 * 10**-decimals
        ok = abs(total - 100) <= slack + 1e-9
        message = (
            f"{_table_name(table)}: the {len(values)} shares in {header!r} add up to {total:.{decimals}f}%"
            + (" (100% within rounding)" if ok else f", not 100% (more than the {slack:g} rounding allows)")
        )
        items.append(AuditItem("share-total", ok, message, [table.id]))
    return items


def numbers_disagree(numbers: list[Number], tabled: set[str] | None = None) -> list[AuditItem]:
    """One problem for each set of figures on the same subject, unit and year, stated in sentences that
    say much the same thing, whose values differ by more than rounding allows. Most telling first: those
    a table total is among, then the widest apart.

    Figures are grouped by (unit, year, subject words) in a hash map, so only figures of one group are
    ever compared. tabled: ids of table totals; they have no sentence, so their column header alone must
    match.
    """
    tabled = tabled or set()
    groups: dict[tuple[str, int | None, frozenset[str], str], list[Number]] = {}
    for n in numbers:
        subject = _subject_key(n.subject) - _subject_key(n.unit)
        if subject:  # no words, no subject: nothing says two such figures are one
            # A change and a level of one thing are two facts: 'an increase of 5' does not restate '40'.
            groups.setdefault((_unit(n.unit), n.year, subject, n.measure), []).append(n)
    found: list[tuple[tuple[int, float, str], AuditItem]] = []
    for members in groups.values():
        if len(members) > 1:
            for part in _disagreeing(members, tabled):
                found.append(_group_item(part, tabled))
    return [item for _, item in sorted(found, key=lambda f: f[0])]


def _disagreeing(members: list[Number], tabled: set[str]) -> list[list[Number]]:
    """The figures of one group joined wherever two state one figure differently, in input order."""
    ctx = [_context(n) for n in members]
    values = [_absolute(n) for n in members]
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _pairs(members, ctx, tabled):
        a, b = members[i], members[j]
        # Two figures in one sentence are two facts, not one fact stated twice.
        if a.text == b.text and a.source == b.source:
            continue
        (va, tol_a), (vb, tol_b) = values[i], values[j]
        if abs(va - vb) <= tol_a + tol_b + 1e-9:
            continue
        # A subject as short as "countries" names many different counts; only sentences that say much
        # the same thing are taken to state the same figure.
        if a.id in tabled or b.id in tabled or _similar(ctx[i], ctx[j], SETTINGS.audit.similar_context):
            parent[root(j)] = root(i)
    parts: dict[int, list[Number]] = {}
    for i, n in enumerate(members):
        parts.setdefault(root(i), []).append(n)
    return [p for p in parts.values() if len(p) > 1]


def _pairs(members: list[Number], ctx: list[frozenset[str]], tabled: set[str]) -> list[tuple[int, int]]:
    """The pairs of a group worth comparing: all of them in a small group; in a large one (a subject as
    plain as "amount", stated in every report) only those whose sentences share a word that at most
    SETTINGS.audit.pairwise_limit of the group use, so the work grows with the figures and not with their square."""
    n = len(members)
    if n <= SETTINGS.audit.pairwise_limit:
        return [(i, j) for i in range(n) for j in range(i + 1, n)]
    users: dict[str, list[int]] = {}
    for i, words in enumerate(ctx):
        for w in words:
            users.setdefault(w, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for at in users.values():
        if len(at) <= SETTINGS.audit.pairwise_limit:
            pairs.update((i, j) for k, i in enumerate(at) for j in at[k + 1 :])
    return sorted(pairs)


def _group_item(part: list[Number], tabled: set[str]) -> tuple[tuple[int, float, str], AuditItem]:
    """The problem for one set of figures that disagree, with the key that ranks it."""
    first = part[0]
    year = f" in {first.year}" if first.year else ""
    stated = [f"{_stated(n)} ({n.id})" for n in part]
    listed = stated[0] if len(stated) == 1 else ", ".join(stated[:-1]) + " and " + stated[-1]
    if len(part) == 2:
        a, b = part
        message = f"{first.subject!r}{year} is {_stated(a)} in one place ({a.id}) and {_stated(b)} in another ({b.id})"
    else:
        message = f"{first.subject!r}{year} is stated {len(part)} ways: {listed}"
    values = [_absolute(n)[0] for n in part]
    spread = (max(values) - min(values)) / (max(abs(v) for v in values) or 1.0)
    rank = (0 if any(n.id in tabled for n in part) else 1, -spread, first.id)
    return rank, AuditItem("number-disagrees", False, message, [n.id for n in part])


def total_as_number(table: Table) -> Number | None:
    """A table's stated total as a figure, so that the text stating it elsewhere is checked too."""
    t = table.total
    if t is None or t.column not in table.columns:
        return None
    col = table.columns.index(t.column)
    unit = table.units[col] if col < len(table.units) else None
    if not unit:
        return None
    scale = next((s for s in ("thousand", "million", "billion") if s in unit.lower()), None)
    year = YEAR_IN_TEXT.search(f"{t.column} {table.caption}")
    return Number(
        id=table.id,
        value=t.stated,
        unit=unit.split()[0],
        scale=scale,
        year=int(year.group(0)) if year else None,
        subject=t.column,
        text=f"{table.caption}: {t.column} total",
        source=table.source,
    )


# --- helpers -------------------------------------------------------------------------------------


def _percent(cell: Cell) -> tuple[float, int] | None:
    """A cell's percentage and its number of decimals: '33.42%' -> (33.42, 2)."""
    if cell is None or isinstance(cell, bool):
        return None
    text = str(cell).strip().rstrip("%").strip().replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return None
    return float(text), len(text.split(".")[1]) if "." in text else 0


def _decimals(value: float) -> int:
    text = repr(float(value))
    if "e" in text:
        return 0
    return len(text.split(".")[1].rstrip("0")) if "." in text else 0


def _absolute(n: Number) -> tuple[float, float]:
    """The value in units, and the half-unit of its last printed digit (what rounding allows)."""
    scale = SCALES.get((n.scale or "").lower(), 1.0)
    return n.value * scale, 0.5 * 10 ** -_decimals(n.value) * scale


def _unit(unit: str) -> str:
    u = unit.strip().lower()
    return _UNITS.get(u, u)


def _subject_key(subject: str) -> frozenset[str]:
    return frozenset(
        norm for _, norm in word_forms(subject) if norm not in _STOP and not norm.isdigit() and len(norm) > 1
    )


def _context(n: Number) -> frozenset[str]:
    """The content words of the sentence stating a figure, the figure itself left out."""
    return _subject_key(n.text)


def _similar(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    if not a or not b:
        return False
    return a == b or len(a & b) / len(a | b) >= threshold


def _stated(n: Number) -> str:
    scale = f" {n.scale}" if n.scale else ""
    unit = _unit(n.unit)
    return f"{_fmt(n.value)}%" if unit == "%" else f"{unit} {_fmt(n.value)}{scale}"


def _fmt(value: float) -> str:
    return f"{value:,.10g}".replace(",", " ")


def _table_name(table: Table) -> str:
    if table.number and not table.caption.lower().startswith("table"):
        return f"Table {table.number} ({table.caption})"
    return table.caption
