"""Tables as a reader sees them, on generated PDFs whose cells are known: a table over two pages, a
two-level header, an unruled table under a caption, and a form grid that is no data table."""

from __future__ import annotations

from pathlib import Path

import pytest

from extract_support import REPORT
from reportsite.extract.ids import IdAllocator
from reportsite.extract.tables import blocks_to_tables
from reportsite.read.pdf.document import pdf_file_to_blocks
from reportsite.records import Table
from tablegen import (
    AFTER_TABLE,
    DISTRICT_HEADER,
    INNER_RULED,
    LAST_ROW,
    LONG_CAPTION,
    MULTI_ROWS,
    RUNS_OVER,
    SHADED_HEADER,
    UNRULED,
    district_rows,
    make_inner_ruled_table_pdf,
    make_last_row_over_page_pdf,
    make_layout_grid_pdf,
    make_multi_header_pdf,
    make_shaded_header_table_pdf,
    make_two_page_table_pdf,
    make_unruled_table_pdf,
)


def _tables(path: Path) -> list[Table]:
    blocks = pdf_file_to_blocks(path)
    return blocks_to_tables(blocks, [""] * len(blocks), REPORT, IdAllocator("r"))


@pytest.mark.parametrize("repeat_header", [True, False])
def test_table_over_two_pages_is_one(tmp_path: Path, repeat_header: bool) -> None:
    pdf = make_two_page_table_pdf(tmp_path / "t.pdf", rows=70, repeat_header=repeat_header)
    (table,) = _tables(pdf)
    assert table.number == "1"
    assert table.columns == DISTRICT_HEADER
    assert table.header_rows == 1
    assert table.printed == district_rows(70)
    assert table.source.page == 1 and table.source.last_page == 2


def test_typed_cells_keep_their_printed_text(tmp_path: Path) -> None:
    (table,) = _tables(make_two_page_table_pdf(tmp_path / "t.pdf", rows=12))
    assert table.rows[2] == ["District 3", 21, 3.5, 39]
    assert table.printed[2] == ["District 3", "21", "3.5%", "USD 39"]
    assert table.units == [None, None, "%", "USD"]


def test_spanning_header_names_its_columns(tmp_path: Path) -> None:
    (table,) = _tables(make_multi_header_pdf(tmp_path / "m.pdf"))
    assert table.caption == "Table 2. Budget and spending by region"
    assert table.header_rows == 2
    assert table.columns == ["Region", "2022 / Budget", "2022 / Spent", "2023 / Budget", "2023 / Spent"]
    assert table.printed == MULTI_ROWS
    assert table.rows[2] == ["South", 60, 41, 70, 66]


def test_unruled_table_under_a_caption(tmp_path: Path) -> None:
    tables = _tables(make_unruled_table_pdf(tmp_path / "u.pdf"))
    # The two columns of prose further down the page are no table.
    (table,) = tables
    assert table.caption == "Table 3. Staff by office"
    assert table.columns == UNRULED[0]
    assert table.printed == UNRULED[1:]
    # 'N/A' and '-' say a value is missing: kept as printed.
    assert [r[3] for r in table.rows] == [3, "N/A", "-", 2]
    assert table.rows[0][2] == 55 and table.units[2] == "%"


def test_table_on_a_shaded_header_band_ruled_only_between_sections(tmp_path: Path) -> None:
    """The sides of the header's shaded box are the page's only vertical edges: they bound the header
    row, not the table. The rules under the header and above the total part sections, not rows: each
    body line is a row of its own. And none of the table's text reaches the prose around it."""
    path = make_shaded_header_table_pdf(tmp_path / "s.pdf")
    (table,) = _tables(path)
    assert table.caption == "Table 4. Contributions by donor, USD millions"
    assert table.columns == SHADED_HEADER[0]
    assert table.printed == SHADED_HEADER[1:]
    prose = " ".join(b.text for b in pdf_file_to_blocks(path) if b.kind != "table")
    assert "Sweden" not in prose and "1082.75" not in prose


def test_a_caption_over_two_lines_is_the_caption_not_the_tables_first_row(tmp_path: Path) -> None:
    """The caption's second line stands above where the table's rules begin: it is the caption's, and the
    table's columns are named by its header alone."""
    (table,) = _tables(make_inner_ruled_table_pdf(tmp_path / "i.pdf"))
    assert table.caption == LONG_CAPTION
    assert table.columns == INNER_RULED[0]
    assert table.printed == INNER_RULED[1:]


@pytest.mark.parametrize("split", [False, True])
def test_a_tables_last_row_alone_on_the_next_page_is_the_tables(tmp_path: Path, split: bool) -> None:
    """A grid of one row is no table on its own, but at the top of a page, with the columns of the table
    the page before ended with, it is that table's last row: in the table, not in the paragraph under it,
    past the footnote of two lines between them. A row the page break cut in two is one row again."""
    path = make_last_row_over_page_pdf(tmp_path / "o.pdf", split=split)
    (table,) = _tables(path)
    last = ["Sudan", "Group chat and hotline", "Phone calls and visits"] if split else LAST_ROW
    assert table.printed == [*RUNS_OVER[1:], last]
    assert table.source.page == 1 and table.source.last_page == 2
    prose = [b.text for b in pdf_file_to_blocks(path) if b.kind == "paragraph" and b.page == 2]
    assert prose == [AFTER_TABLE]


def test_form_grid_is_not_a_table(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(make_layout_grid_pdf(tmp_path / "f.pdf"))
    assert any(b.kind == "table" for b in blocks)  # the reader sees the grid ...
    assert blocks_to_tables(blocks, [""] * len(blocks), REPORT, IdAllocator("r")) == []  # ... no table
