"""Word documents: paragraph styles to block kinds, tables with merged cells, paragraph and table-row
provenance, quotes verified against the document, and one clean line for a damaged file."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from reportsite.errors import ReadError
from reportsite.extract.pipeline import extract_report
from reportsite.read.document import document_to_blocks
from reportsite.records import Report, Source
from reportsite.store.catalogue import Entry


def make_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Evaluation of border management", style="Title")  # paragraph 1
    d.add_heading("Findings", level=1)  # 2
    d.add_paragraph("Finding 1: The project reached most of the communities it planned to reach.")  # 3
    d.add_heading("Steps taken", level=2)  # 4
    d.add_paragraph("Train the border officers.", style="List Number")  # 5
    d.add_paragraph("Equip the posts.", style="List Number")  # 6
    d.add_paragraph("A bullet under the second step.", style="List Bullet 2")  # 7
    d.add_paragraph("Table 1. Posts by region")  # 8
    table = d.add_table(rows=3, cols=3)  # table 1
    for r, row in enumerate([("Region", "Posts", "Staff"), ("North", "4", "12"), ("", "", "9")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Posts and staff"  # across columns
    table.cell(1, 0).merge(table.cell(2, 0))  # down rows: 'North' covers both
    d.add_paragraph("")  # 9: empty, still counted
    d.add_paragraph("Closing remarks follow the table.")  # 10
    d.save(str(path))
    return path


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return make_docx(tmp_path / "report.docx")


def test_styles_become_headings_lists_and_paragraphs(sample: Path) -> None:
    blocks = document_to_blocks(sample)
    kinds = [(b.kind, b.level, b.marker, b.paragraph) for b in blocks if b.kind != "table"]
    assert kinds == [
        ("heading", 1, "", 1),
        ("heading", 1, "", 2),
        ("paragraph", 0, "", 3),
        ("heading", 2, "", 4),
        ("list_item", 1, "1.", 5),
        ("list_item", 1, "2.", 6),
        ("list_item", 2, "-", 7),
        ("caption", 0, "", 8),
        ("paragraph", 0, "", 10),
    ]


def test_merged_cells_are_repeated_in_every_position_they_cover(sample: Path) -> None:
    (table,) = [b for b in document_to_blocks(sample) if b.kind == "table"]
    assert table.rows == (
        ("Region", "Posts and staff", "Posts and staff"),
        ("North", "4", "12"),
        ("North", "", "9"),
    )
    assert table.table_row == (1, 1)
    assert table.place() == "table 1, row 1"
    assert table.text == "Region Posts and staff North 4 12 North 9"


def test_sources_name_the_paragraph_or_the_table_row() -> None:
    assert Source(paragraph=12).label() == "paragraph 12"
    assert Source(table_row=[2, 3]).label() == "table 2, row 3"
    with pytest.raises(ValueError, match="one of"):
        Source(paragraph=3, page=1)
    with pytest.raises(ValueError, match="table_row"):
        Source(table_row=[0, 1])


def test_quotes_of_a_word_document_are_verified_where_they_stand(sample: Path) -> None:
    report = Report(
        id="docx-sample", title="t", publisher="p", date="2024", kind="evaluation", source=str(sample)
    )
    extract = extract_report(Entry(report=report, path=sample, line=1), str(sample))
    (finding,) = [f for f in extract.findings if f.kind == "finding"]
    assert finding.text.startswith("The project reached most")
    assert finding.source.label() == "paragraph 3"
    assert not [w for w in extract.warnings if "dropped" in w]
    assert [t.caption for t in extract.tables] == ["Table 1. Posts by region"]


def test_a_damaged_word_document_is_one_read_error(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    with pytest.raises(ReadError) as info:
        document_to_blocks(bad)
    assert str(info.value) == f"{bad}: not a readable Word document (damaged or not .docx)"


def test_the_source_reader_anchors_paragraphs_and_table_rows(sample: Path) -> None:
    from reportsite.read.docx import docx_place_texts
    from reportsite.render.page import source_anchor

    paragraphs, rows, texts = docx_place_texts(sample)
    assert texts[paragraphs[3]].startswith("Finding 1:")
    assert texts[rows[(1, 3)]] == "North 9"
    assert source_anchor(Source(paragraph=3)) == "paragraph-3"
    assert source_anchor(Source(table_row=[1, 3])) == "table-1-row-3"
