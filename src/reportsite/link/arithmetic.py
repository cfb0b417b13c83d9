"""The arithmetic that prose states, checked: a total and its parts, what is left after amounts spent,
and a rise 'from X to Y' against the change or level stated elsewhere.

Every check shows the sentences it read and the sum it did, and a slip is flagged, never passed: a figure
printed as '4.2 million' stands for 4.15 to 4.25 million, and nothing further is forgiven.

- total and parts: a figure the sentence calls a total ('a total of', 'in total', 'totalling',
  'altogether') and the figures of the same unit the same sentence gives after 'of which',
  'including', 'comprising', 'split between' or a colon. 'Including' may name only some parts, so their
  sum may fall short of the total but not exceed it.
- what is left: in one paragraph, one amount received (received, raised, available, income, budget), the
  amounts spent (spent, used, disbursed, allocated, committed, transferred) and one left ('left',
  'remaining', 'balance', 'carried over', 'unspent'): received minus spent must be what is left.
- from X to Y: a level reached from another ('went from 12 in 2019 to 48 in 2023') against a change of
  the same thing stated elsewhere ('48 new ...' must be 36) and against the same level stated for the
  same year.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from reportsite.records import Extract, Number

SCALES = {None: 1.0, "": 1.0, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_TOTAL = re.compile(
    r"\b(?:a\s+total\s+of|in\s+total|totall?ing|totall?ed|altogether|overall|combined)\b", re.I
)
_PARTS = re.compile(
    r"\b(?:of\s+which|including|comprising|consisting\s+of|split\s+(?:between|among)|broken\s+down)\b|:", re.I
)
_PARTIAL = re.compile(r"\bincluding\b", re.I)
_IN = re.compile(
    r"\b(?:received|raised|available|income|budget(?:ed)?|contributed|donated|provided|collected)\b", re.I
)
_OUT = re.compile(
    r"\b(?:spent|used|disbursed|allocated|committed|transferred|paid|expended|utili[sz]ed|programmed)\b", re.I
)
_LEFT = re.compile(
    r"\b(?:left|leaving|remain(?:s|ing|ed)?|balance|carried\s+over|carry-over|unspent)\b", re.I
)
_CLAUSE = re.compile(r"[,;:()–—]|\band\b")
_STOP = frozenset(
    [
        "the",
        "of",
        "in",
        "on",
        "and",
        "to",
        "a",
        "an",
        "for",
        "by",
        "as",
        "its",
        "it",
        "is",
        "was",
        "from",
        "with",
        "at",
        "that",
        "this",
        "which",
        "new",
    ]
)


@dataclass
class Check:
    kind: str
    """'total-parts', 'remainder' or 'from-to'."""
    ok: bool
    message: str
    record_ids: list[str]
    sentences: list[str]


def arithmetic_checks(
    extracts: Iterable[Extract],
    hidden: set[str] | None = None,
    per_report: Callable[[str, list[Number]], tuple[list[Check], list[Check]]] | None = None,
) -> list[Check]:
    """Every check, report by report: a figure is checked against the figures of its own report only.

    Two reports' figures under the same words ('the amount', 'staff') are seldom the same thing: across a
    shelf such pairs grow with the square of the reports and say nothing, so "from X to Y" is read
    against what the same report says elsewhere. per_report: report_checks() or what gives the same
    (a memo of it), given the report's id and its visible figures."""
    hidden = hidden or set()
    checks = per_report or (lambda _rid, numbers: report_checks(numbers))
    out: list[Check] = []
    levels: list[Check] = []
    for e in extracts:
        sums, changes = checks(e.report.id, [n for n in e.numbers if n.id not in hidden])
        out += sums
        levels += changes
    return out + levels


def report_checks(numbers: list[Number]) -> tuple[list[Check], list[Check]]:
    """One report's checks: its totals and remainders, and its changes from one level to another."""
    return total_and_parts(numbers) + remainders(numbers), from_to(numbers)


def absolute(n: Number) -> tuple[float, float]:
    """The value in units, and the half-unit of its last printed digit (what rounding allows)."""
    scale = SCALES.get((n.scale or "").lower(), 1.0)
    text = f"{n.value:.10g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return n.value * scale, 0.5 * 10**-decimals * scale


def _unit(n: Number) -> str:
    return n.unit.casefold()


def _kind(n: Number) -> str:
    """Money by its currency, shares as '%', and every count as a count: '1 200 children' can be part of
    '4 800 patients'."""
    return n.unit if n.unit.isupper() or n.unit == "%" else "count"


def _fmt(value: float) -> str:
    return f"{value:,.10g}".replace(",", " ")


def _stated(n: Number) -> str:
    scale = f" {n.scale}" if n.scale else ""
    return f"{_fmt(n.value)}%" if n.unit == "%" else f"{_fmt(n.value)}{scale} {n.unit}"


def plain(sentence: str) -> str:
    """The sentence with thousands separators taken out of its figures ('16,148', '32 000')."""
    return re.sub(r"(?<=\d)[ ,\u00a0\u202f\u2009](?=\d{3}\b)", "", sentence)


def _where(n: Number, sentence: str) -> int:
    """Where the figure stands in the plain sentence (its printed digits), for telling its neighbours."""
    digits = f"{n.value:.10g}"
    m = re.search(rf"(?<![\d.]){re.escape(digits)}(?![\d])", sentence)
    return m.start() if m else -1


def _clause(sentence: str, at: int) -> str:
    """The clause around a position: between the nearest breaks on either side."""
    cuts = [m.start() for m in _CLAUSE.finditer(sentence)]
    start = max((c for c in cuts if c < at), default=0)
    end = min((c for c in cuts if c > at), default=len(sentence))
    return sentence[start:end]


def _blocks(numbers: list[Number]) -> dict[str, list[Number]]:
    by: dict[str, list[Number]] = {}
    for n in numbers:
        by.setdefault(n.source.label(), []).append(n)
    return by


def total_and_parts(numbers: list[Number]) -> list[Check]:
    out = []
    for members in _blocks(numbers).values():
        for t in members:
            text = plain(t.text)
            at = _where(t, text)
            if at < 0 or not _TOTAL.search(_clause(text, at) + " " + t.subject):
                continue
            rest = text[at:]
            if not (marker := _PARTS.search(rest)):
                continue
            parts = [
                n
                for n in members
                if n is not t and _kind(n) == _kind(t) and n.measure == "amount" and n.text == t.text
                if _where(n, text) > at + marker.start()
            ]
            if len(parts) < 2:
                continue
            total, tol = absolute(t)
            values = [absolute(p) for p in parts]
            summed = sum(v for v, _ in values)
            slack = tol + sum(e for _, e in values)
            partial = bool(_PARTIAL.fullmatch(marker.group(0)))
            ok = summed <= total + slack if partial else abs(summed - total) <= slack
            listed = " + ".join(_stated(p) for p in parts)
            verdict = (
                "within the total"
                if ok and partial
                else "as stated"
                if ok
                else f"a slip of {_fmt(summed - total)}"
            )
            out.append(
                Check(
                    "total-parts",
                    ok,
                    f"{t.subject!r}: parts {listed} = {_fmt(summed)} against the total {_stated(t)} ({verdict})",
                    [t.id, *(p.id for p in parts)],
                    [t.text],
                )
            )
    return out


def remainders(numbers: list[Number]) -> list[Check]:
    out = []
    for members in _blocks(numbers).values():
        roles: dict[str, list[Number]] = {"in": [], "out": [], "left": []}
        for n in members:
            if n.measure != "amount":
                continue
            text = plain(n.text)
            clause = _clause(text, max(_where(n, text), 0))
            role = (
                "left"
                if _LEFT.search(clause)
                else "out"
                if _OUT.search(clause)
                else "in"
                if _IN.search(clause)
                else None
            )
            if role:
                roles[role].append(n)
        for left in roles["left"]:
            same = {r: [n for n in roles[r] if _unit(n) == _unit(left)] for r in ("in", "out")}
            if len(same["in"]) != 1 or not same["out"]:
                continue
            (got,) = same["in"]
            received, tol = absolute(got)
            spent = [absolute(n) for n in same["out"]]
            rest, tol_left = absolute(left)
            expected = received - sum(v for v, _ in spent)
            slack = tol + tol_left + sum(e for _, e in spent)
            ok = abs(expected - rest) <= slack
            sum_text = f"{_stated(got)} - " + " - ".join(_stated(n) for n in same["out"])
            verdict = "as stated" if ok else f"a slip of {_fmt(rest - expected)}"
            sentences = list(dict.fromkeys(n.text for n in [got, *same["out"], left]))
            out.append(
                Check(
                    "remainder",
                    ok,
                    f"What is left: {sum_text} = {_fmt(expected)}, and {_stated(left)} is stated ({verdict})",
                    [got.id, *(n.id for n in same["out"]), left.id],
                    sentences,
                )
            )
    return out


def _words(subject: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", subject.casefold()) if w not in _STOP and len(w) > 1)


class _Index:
    """The figures a from-to level can be checked against, found without trying every figure.

    Only a change, or a level of the same year, of the same unit and of a subject whose words contain the
    level's or are contained in them can be 'the same thing'. Figures are filed by (unit, change or year,
    word). Those whose words contain the level's all hold the level's rarest word; those whose words the
    level's contain all have their own rarest word among the level's, so each figure is also filed once
    under its rarest word. A level thus meets only the figures filed under its rarest word or under its
    words as someone's rarest: the work follows the figures that can match, not the square of all figures.
    """

    def __init__(self, numbers: list[Number]) -> None:
        self.words = [_words(m.subject) for m in numbers]
        self.postings: dict[tuple[str, int | None, str], list[int]] = {}
        keys: list[tuple[int, tuple[str, int | None]]] = []
        for j, m in enumerate(numbers):
            if m.measure == "change":
                group: int | None = None
            elif m.measure == "amount" and m.year is not None:
                group = m.year
            else:
                continue  # no level is ever checked against it
            keys.append((j, (_unit(m), group)))
            for w in self.words[j]:
                self.postings.setdefault((_unit(m), group, w), []).append(j)
        self.by_rarest: dict[tuple[str, int | None, str], list[int]] = {}
        for j, (unit, group) in keys:
            if self.words[j]:
                rarest = min(self.words[j], key=lambda w: (len(self.postings[(unit, group, w)]), w))
                self.by_rarest.setdefault((unit, group, rarest), []).append(j)

    def candidates(self, i: int, n: Number) -> list[int]:
        """Positions of the figures that state the same thing as figure i, in input order."""
        mine = self.words[i]
        found: set[int] = set()
        for group in [None] if n.year is None else [None, n.year]:
            filed = [self.postings.get((_unit(n), group, w), []) for w in mine]
            fewest: list[int] = min(filed, key=len)
            found.update(fewest)
            for w in mine:
                found.update(self.by_rarest.get((_unit(n), group, w), ()))
        words = self.words
        return sorted(j for j in found if j != i and (mine <= words[j] or words[j] <= mine))


def from_to(numbers: list[Number]) -> list[Check]:
    out = []
    index = _Index(numbers)
    # A figure meets many levels: its value and wording are worked out once, not once per meeting.
    values = [absolute(m) for m in numbers]
    stated: dict[int, str] = {}
    for i, n in enumerate(numbers):
        if n.start is None or not index.words[i]:
            continue
        level, tol = values[i]
        start = n.start * SCALES.get((n.scale or "").lower(), 1.0)
        since = f" in {n.start_year}" if n.start_year else ""
        then = f" in {n.year}" if n.year else ""
        said = f"{n.subject!r} went from {_fmt(n.start)}{since} to {_stated(n)}{then}"
        rise = level - start
        change = f"{said}: a change of {_fmt(rise)}; elsewhere the change is"
        for j in index.candidates(i, n):
            m = numbers[j]
            if m is n or m.text == n.text:
                continue
            value, tol_m = values[j]
            if j not in stated:
                stated[j] = _stated(m)
            if m.measure == "change":
                ok = abs(rise - value) <= 2 * tol + tol_m
                verdict = "as stated" if ok else f"a slip of {_fmt(value - rise)}"
                message = f"{change} {stated[j]} ({verdict})"
            elif m.measure == "amount" and m.year is not None and m.year == n.year:
                ok = abs(level - value) <= tol + tol_m
                verdict = "as stated" if ok else f"a slip of {_fmt(value - level)}"
                message = f"{said}; elsewhere{then} it is {stated[j]} ({verdict})"
            else:
                continue
            out.append(Check("from-to", ok, message, [n.id, m.id], [n.text, m.text]))
    return out
