"""Tables: captions, headers, typed cells, units, halves joined, totals checked; on fixtures and seeds."""

from __future__ import annotations

import pytest

from extract_support import REPORT, assert_subset, fixture_cases, seed_blocks, text_blocks
from reportsite.extract.ids import IdAllocator
from reportsite.extract.quantities import cell_to_value
from reportsite.extract.tables import blocks_to_tables


@pytest.mark.parametrize("case", fixture_cases("tables"))
def test_fixture(case: dict) -> None:
    blocks, sections = text_blocks(case["input"])
    tables = blocks_to_tables(blocks, sections, REPORT, IdAllocator("r"))
    assert_subset([t.model_dump() for t in tables], case["expect"])


@pytest.mark.parametrize(
    ("cell", "value", "unit"),
    [
        ("45 583 890", 45583890, None),
        ("1,349,973,654", 1349973654, None),
        ("33.42%", 33.42, "%"),
        ("597.12", 597.12, None),
        ("12 967 933 USD", 12967933, "USD"),
        ("USD 5 000", 5000, "USD"),
        ("1. United States of America", "1. United States of America", None),
        ("P-2", "P-2", None),
        ("", None, None),
        ("2023", 2023, None),
    ],
)
def test_cell_to_value(cell: str, value: object, unit: str | None) -> None:
    got, got_unit, _ = cell_to_value(cell)
    assert (got, got_unit) == (value, unit)
    assert type(got) is type(value)


def _seed_tables(name: str):  # type: ignore[no-untyped-def]
    blocks, sections = seed_blocks(name)
    return blocks_to_tables(blocks, sections, REPORT, IdAllocator("r"))


def test_seed_donor_table_adds_up() -> None:
    tables = _seed_tables("iom-2023-unearmarked-funding-report.txt")
    donors = next(t for t in tables if t.columns[1] == "Donor")
    data = donors.rows[:-1]
    assert len(data) == 18
    assert [r[0] for r in data] == list(range(1, 19))
    assert data[0][1] == "United States of America"
    assert data[0][2:] == [15235646, 33.42, 1, 1349973654]
    assert data[11][5] is None  # 'Other organizations' has no earmarked amount
    assert donors.units[3:5] == ["%", "%"]
    assert donors.total is not None
    assert (donors.total.stated, donors.total.computed, donors.total.ok) == (45583890, 45583890, True)
    assert [c.ok for c in donors.totals] == [True, True]
    assert donors.source.lines == [195, 216]


def test_seed_allocations_table_adds_up() -> None:
    tables = _seed_tables("iom-2023-unearmarked-funding-report.txt")
    alloc = next(t for t in tables if t.number == "2")
    assert alloc.id == "r/table-2-categories-of-allocations-according-to-the-2023-2028"
    assert len(alloc.rows) == 13 and alloc.rows[-1] == ["Total", 12967933]
    assert alloc.total is not None and alloc.total.stated == 12967933 and alloc.total.ok
    assert alloc.units == [None, "USD"]
    # The table of contents and the acronym list are not data tables.
    assert len(tables) == 2


def test_seed_brief_halves_are_one_table() -> None:
    (table,) = _seed_tables("mopan-2023-iom-brief.txt")
    assert table.caption == "MOPAN member contributions to IOM in 2021"
    assert table.columns == ["Member", "Contribution USD millions"]
    assert table.units == [None, "USD millions"]
    assert len(table.rows) == 20
    assert table.rows[0] == ["United States", 597.12] and table.rows[-1] == ["Qatar", 0.87]
    assert table.source.lines == [107, 135]
    assert [n.split(":")[0] for n in table.notes] == ["Source", "Source"]
