"""Linking grows with the shelf, not with its square: the work of link() on 6N reports is at most about
six times its work on N, counted as lines of the package executed (not time, which a busy machine skews).
And the indexed from-to check finds exactly the pairs that comparing every figure with every other finds."""

from __future__ import annotations

import random
import re
import string
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from reportsite.link import arithmetic
from reportsite.link import audit as audit_module
from reportsite.link import related as related_module
from reportsite.link.linked import link
from reportsite.link.themes import Taxonomy, Theme
from reportsite.records import Extract, Finding, Number, Report, Source
from reportsite.settings import SETTINGS

TAXONOMY = Taxonomy(
    themes=(
        Theme(id="water", title="Water", terms=("water supply",), weak=("wells", "pumps")),
        Theme(id="schools", title="Schools", terms=("school*",), weak=("teachers", "pupils")),
        Theme(id="roads", title="Roads", terms=("road repair",), weak=("bridges", "culverts")),
    )
)


def _code(k: int) -> str:
    """A word of letters of its own for report k: subjects and quotes of different reports share no
    rare word, as different reports on different places do not."""
    letters = string.ascii_lowercase
    return "q" + letters[k // 26 % 26] + letters[k % 26]


def _report(k: int) -> Extract:
    # Two reports, of the two cycles, on each place: their findings are related.
    place, code = _code(k // 2), _code(k)
    rep = Report(
        id=f"r{k}",
        title=f"Review of {code}",
        publisher="Ministry" if k % 2 else "Review board",
        date=f"{2019 + k % 5}",
        kind="evaluation",
        cycle="2019" if k % 2 else "2023",
        source=f"sources/r{k}.txt",
    )
    texts = [
        f"The {place}ville water supply improved after new pumps were fitted, though wells remain shallow.",
        f"Teachers in {place}ville schools lack pupils' books; the school board has not yet acted.",
        f"Road repair in {place}ville stalled: bridges and culverts need work before the rains.",
        f"The {place} district staff were trained well and report on time.",
    ]
    findings = [
        Finding(id=f"r{k}/f{i}", kind="finding", text=t, source=Source(lines=[i + 1, i + 1]))
        for i, t in enumerate(texts)
    ]
    year = 2019 + k % 5
    numbers = [
        Number(
            id=f"r{k}/n{i}",
            value=40.0 + i,
            unit="wells",
            year=year,
            subject=f"{code} {what} wells",
            text=f"The {code} {what} wells went from 12 in {year - 2} to {40 + i} in {year}.",
            source=Source(lines=[10 + i, 10 + i]),
            start=12.0,
            start_year=year - 2,
        )
        for i, what in enumerate(("deep", "shallow", "dry"))
    ]
    numbers.append(
        Number(
            id=f"r{k}/c",
            value=28.0,
            unit="wells",
            year=year,
            subject=f"{code} deep wells",
            text=f"In {year}, {code} dug 28 more deep wells.",
            source=Source(lines=[20, 20]),
            measure="change",
        )
    )
    return Extract(report=rep, findings=findings, numbers=numbers)


def _lines_run(fn: Callable[[], Any]) -> int:
    """Lines of the package executed by fn()."""
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: Any) -> Any:
        return local if "reportsite" in frame.f_code.co_filename else None

    sys.settrace(calls)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count


def test_linking_work_grows_with_the_reports_not_their_square(monkeypatch: pytest.MonkeyPatch) -> None:
    # The caps that keep common words and large groups from being compared pair by pair are fixed
    # numbers meant for shelves of hundreds; lowered here so that a small shelf reaches them too.
    lowered = SETTINGS.model_copy(
        update={
            "link": SETTINGS.link.model_copy(update={"max_word_postings": 12}),
            "audit": SETTINGS.audit.model_copy(update={"pairwise_limit": 8}),
        }
    )
    monkeypatch.setattr(related_module, "SETTINGS", lowered)
    monkeypatch.setattr(audit_module, "SETTINGS", lowered)
    small = [_report(k) for k in range(10)]
    large = [_report(k) for k in range(10, 70)]
    link(small[:2], TAXONOMY)  # caches and imports warmed, as in a build
    few = _lines_run(lambda: link(small, TAXONOMY))
    many = _lines_run(lambda: link(large, TAXONOMY))
    linked = link(large, TAXONOMY)
    # The work being counted is real: themes, related findings and from-to checks are all found.
    assert sum(len(r) for r in linked.related.values()) > 0
    assert any(f.themes for f in linked.findings.values())
    assert sum(item.kind == "from-to" for item in linked.audit) == len(large)
    # Six times the reports: at most six times the work, with room for what grows as n log n.
    assert many / few < 1.25 * len(large) / len(small), (few, many)


# --- from-to: the index against the definition --------------------------------------------------


def _same_thing(a: Number, b: Number) -> bool:
    """The definition: one unit, and one subject's words contained in the other's."""
    wa, wb = arithmetic._words(a.subject), arithmetic._words(b.subject)
    return a.unit.casefold() == b.unit.casefold() and bool(wa) and bool(wb) and (wa <= wb or wb <= wa)


def _every_pair(numbers: list[Number]) -> list[tuple[str, str]]:
    pairs = []
    for n in numbers:
        if n.start is None:
            continue
        for m in numbers:
            if m is n or not _same_thing(n, m) or m.text == n.text:
                continue
            if m.measure == "change" or (m.measure == "amount" and m.year is not None and m.year == n.year):
                pairs.append((n.id, m.id))
    return pairs


def test_from_to_finds_exactly_the_pairs_every_comparison_finds() -> None:
    rnd = random.Random(7)
    vocabulary = ["pupils", "girls", "boys", "rural", "urban", "schools", "enrolled", "the", "of", "x"]
    numbers = []
    for i in range(300):
        subject = " ".join(rnd.sample(vocabulary, rnd.randint(0, 4)))
        year = rnd.choice([None, 2020, 2021])
        start = rnd.choice([None, None, 10.0])
        numbers.append(
            Number(
                id=f"n{i}",
                value=float(rnd.randint(11, 60)),
                unit=rnd.choice(["pupils", "Pupils", "%"]),
                year=year,
                subject=subject,
                text=f"Sentence {rnd.randint(0, 120)}.",
                source=Source(lines=[i + 1, i + 1]),
                start=start,
                measure=rnd.choice(["amount", "amount", "change", "rate"]),
            )
        )
    expected = _every_pair(numbers)
    got = [(c.record_ids[0], c.record_ids[1]) for c in arithmetic.from_to(numbers)]
    assert len(expected) > 100
    assert got == expected


def test_from_to_compares_a_level_only_with_figures_that_can_be_the_same_thing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Subjects of many words in common ('deep wells'), each with a word of its own: no pair is the
    # same thing, and no level should be weighed against every figure to find that out.
    numbers = [n for k in range(200) for n in _report(k).numbers]
    tried = 0
    real = arithmetic._Index.candidates

    def counted(self: arithmetic._Index, i: int, n: Number) -> list[int]:
        nonlocal tried
        found = real(self, i, n)
        tried += len(found)
        return found

    monkeypatch.setattr(arithmetic._Index, "candidates", counted)
    checks = arithmetic.from_to(numbers)
    assert len(checks) == 200
    assert tried <= 2 * len(checks)
    assert all(re.search(r"went from 12 in \d{4} to", c.message) for c in checks)
