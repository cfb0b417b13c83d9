"""Numbers: money, percentages and counts with value, unit, scale, year and subject; on fixtures and seeds."""

from __future__ import annotations

import pytest

from extract_support import REPORT, SOURCES, assert_subset, fixture_cases, seed_blocks, text_blocks
from reportsite.extract.ids import IdAllocator
from reportsite.extract.numbers import blocks_to_numbers, sentence_to_found
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
    # 'increase the assessed contribution by USD 60 million over five years from 2023': a change over a
    # period that starts in 2023, not an amount of 2023.
    (change,) = [n for n in numbers if n.value == 60.0]
    assert (change.unit, change.scale, change.year, change.subject) == (
        "USD",
        "million",
        None,
        "assessed contribution",
    )
    assert (change.measure, change.period) == ("change", "over five years from 2023")
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


def _one(sentence: str, value: float):  # type: ignore[no-untyped-def]
    (found,) = [f for f in sentence_to_found(sentence) if f.value == value]
    return found


@pytest.mark.parametrize(
    ("sentence", "value", "measure", "subject", "extra"),
    [
        # Changes: the number is a difference, with the period it runs over.
        (
            "The board agreed to raise the core budget by EUR 12 million over three years from 2025.",
            12.0,
            "change",
            "core budget",
            {"period": "over three years from 2025"},
        ),
        (
            "Total expenditure reached USD 4.2 billion, an increase of USD 310 million on the year before.",
            310.0,
            "change",
            "expenditure",
            {},
        ),
        ("The ministry hired 40 new district nurses in the spring.", 40.0, "change", "district nurses", {}),
        (
            "Girls make up 52% of pupils, with a 3% rise in secondary enrolment.",
            3.0,
            "change",
            "secondary enrolment",
            {},
        ),
        # A level reached from another.
        (
            "Trained midwives went from 120 in 2020 to 310 in 2024 across the region.",
            310.0,
            "amount",
            "Trained midwives",
            {"start": 120.0, "start_year": 2020},
        ),
        # Ranges keep both ends; a span of years is no range.
        (
            "Farmers lose between 15 and 20 per cent of the harvest to pests.",
            20.0,
            "range",
            "harvest",
            {"low": 15.0},
        ),
        ("Migrants made up 30–35% of the caseload.", 35.0, "range", "caseload", {"low": 30.0}),
        # A score on a scale, up from an earlier one.
        (
            "The clinic scored 8 out of 10 on the patient survey (down from 9 in 2021).",
            8.0,
            "amount",
            "patient survey",
            {"start": 9.0, "start_year": 2021},
        ),
        # Rates are per something.
        ("Each family receives USD 75 per month for rent.", 75.0, "rate", "family", {"period": "per month"}),
    ],
)
def test_numbers_say_what_kind_of_quantity_they_are(
    sentence: str, value: float, measure: str, subject: str, extra: dict
) -> None:
    found = _one(sentence, value)
    assert found.measure.measure == measure
    assert found.subject == subject
    for key, want in extra.items():
        assert getattr(found.measure, key) == want


def test_units_are_whole_and_years_are_not_ranges() -> None:
    assert _one("The reservoir holds 9 400 cubic metres of water.", 9400.0).unit == "cubic metres"
    assert _one("The park covers 35 square kilometres.", 35.0).unit == "square kilometres"
    assert _one("The office closed 67 out of 74 work items.", 74.0).unit == "items"
    plan = _one("From 2019 to 2023 the fund paid USD 8 million in grants.", 8.0)
    assert plan.measure.measure == "amount" and plan.measure.low is None
