"""Five real tables checked cell by cell against gold written by reading the pages (tests/gold/tables)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_support import REPORT
from reportsite.extract.ids import IdAllocator
from reportsite.extract.tables import blocks_to_tables
from reportsite.read.pdf.document import pdf_file_to_blocks
from reportsite.records import Table
from reportsite.store import safe_yaml

HERE = Path(__file__).resolve().parent
GOLD = sorted((HERE / "gold" / "tables").glob("*.yml"))
CASES = [(g, t) for g in GOLD for t in safe_yaml.load(g.read_text(encoding="utf-8"))["tables"]]
_READ: dict[Path, list[Table]] = {}


def _tables(gold: Path) -> list[Table]:
    doc = HERE / "real-reports" / safe_yaml.load(gold.read_text(encoding="utf-8"))["document"]
    if doc not in _READ:
        blocks = pdf_file_to_blocks(doc)
        _READ[doc] = blocks_to_tables(blocks, [""] * len(blocks), REPORT, IdAllocator("r"))
    return _READ[doc]


@pytest.mark.parametrize(("gold", "case"), CASES, ids=[f"{g.stem}-table-{t['number']}" for g, t in CASES])
def test_table_cell_by_cell(gold: Path, case: dict) -> None:
    found = [t for t in _tables(gold) if t.number == case["number"]]
    assert len(found) == 1, f"table {case['number']}: found {len(found)}"
    table = found[0]
    assert table.source.page == case["page"]
    assert _plain(table.columns) == _plain(case["columns"])
    assert len(table.printed) == len(case["rows"])
    for k, (got, want) in enumerate(zip(table.printed, case["rows"], strict=True)):
        assert _plain(got) == _plain(want), f"row {k + 1}"


def test_total_row_checked_against_the_rows() -> None:
    gold = next(g for g in GOLD if g.stem == "cs1137_inception_report")
    (table,) = [t for t in _tables(gold) if t.number == "4"]
    # As printed, the Haïti column's rows add up to 39, its total says 38.
    haiti = next(c for c in table.totals if c.column.endswith("Haïti"))
    assert (haiti.stated, haiti.computed) == (38, 39)


def _plain(cells: list[str]) -> list[str]:
    # Typographic and plain apostrophes look alike on the page; the gold cannot tell them apart.
    return [c.replace("’", "'").replace("´", "'") for c in cells]
