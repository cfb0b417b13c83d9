"""Numbers: money, percentages and counts with value, unit, scale, year and subject; on fixtures and seeds."""

from __future__ import annotations

import pytest

from extract_support import REPORT, SOURCES, assert_subset, fixture_cases, seed_blocks, text_blocks
from reportsite.extract.ids import IdAllocator
from reportsite.extract.numbers import blocks_to_numbers
from reportsite.extract.sentences import text_to_sentences
from reportsite.extract.verify import quote_in


@pytest.mark.parametrize("case", fixture_cases("numbers"))
def test_fixture(case: dict) -> None:
    blocks, sections = text_blocks(case["input"])
    numbers = blocks_to_numbers(blocks, sections, REPORT, IdAllocator("r"))
    assert_subset([n.model_dump() for n in numbers], case["expect"])


def test_sentences_keep_abbreviations_and_initials() -> None:
    text = "H.E. Ms. Monique T.G. Van Daalen wrote. IOM grew, e.g. in Asia. It rose 5%."
    assert text_to_sentences(text) == [
        "H.E. Ms. Monique T.G. Van Daalen wrote.",
        "IOM grew, e.g. in Asia.",
        "It rose 5%.",
    ]


def _seed_numbers(name: str):  # type: ignore[no-untyped-def]
    blocks, sections = seed_blocks(name)
    return blocks_to_numbers(blocks, sections, REPORT, IdAllocator("r"))


def test_seed_brief_key_figures() -> None:
    numbers = _seed_numbers("mopan-2023-iom-brief.txt")
    facts = {(n.value, n.unit, n.scale, n.year, n.subject) for n in numbers}
    assert (2.1, "USD", "billion", 2019, "budget") in facts
    assert (2.99, "USD", "billion", 2022, "budget") in facts
    assert (97.0, "%", None, None, "resources earmarked") in facts
    assert (60.0, "USD", "million", 2023, "assessed contribution") in facts
    assert (32000.0, "people", None, None, "people") in facts
    assert (175.0, "member states", None, None, "member states") in facts
    assert (22.0, "members", None, None, "members") in facts
    # 'MOPAN 3.1', 'OCTOBER 2023', '1951' and '2017-2018' are not key figures.
    assert not [n for n in numbers if n.value in (3.1, 1951.0, 2023.0, 2017.0)]
    assert len({n.id for n in numbers}) == len(numbers) == 18


@pytest.mark.parametrize("path", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.stem)
def test_seed_quotes_are_verbatim(path) -> None:  # type: ignore[no-untyped-def]
    lines = path.read_text(encoding="utf-8").split("\n")
    for n in _seed_numbers(path.name):
        a, b = n.source.lines or (0, 0)
        assert quote_in(n.text, "\n".join(lines[a - 1 : b])), n.id


def test_ids_are_stable() -> None:
    first = [n.id for n in _seed_numbers("iom-2023-unearmarked-funding-report.txt")]
    assert first == [n.id for n in _seed_numbers("iom-2023-unearmarked-funding-report.txt")]
    assert "r/usd-12967933-institutional-and-operational-functions" in first
