"""A paragraph shaded line by line inside a table cell (read/pdf/shading.py) stays one cell; a shaded
band that reaches the table's rules is still read with the table."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reportsite.read.pdf.tables import page_tables

COLUMNS = (72.0, 214.0, 526.0)
LEFT_LINES = ["Objective 1:", "Strengthen the", "evidence base", "on migration."]
RIGHT_LINES = [
    "Produced a regional",
    "data report each",
    "year from 2020.",
    "Tracked routes",
    "that had no data.",
]
LEADING = 13.5


def _table_pdf(path: Path, *, line_shading: bool, band: bool = False) -> Path:
    """A ruled table of a header row and one body row. With line_shading, each line of the body's first
    cell stands on a filled box inset 2.5 points from the cell's rules, as Word shades a paragraph; with
    band, the whole body row stands on one filled box from rule to rule."""
    canvas = Canvas(str(path), pagesize=A4)
    top, header_bottom = 700.0, 680.0
    bottom = header_bottom - LEADING * len(RIGHT_LINES) - 8
    if band:
        canvas.setFillGray(0.9)
        canvas.rect(COLUMNS[0], bottom, COLUMNS[2] - COLUMNS[0], header_bottom - bottom, stroke=0, fill=1)
    if line_shading:
        canvas.setFillGray(0.85)
        for k in range(len(LEFT_LINES)):
            y = header_bottom - 4 - LEADING * (k + 1)
            canvas.rect(COLUMNS[0] + 2.5, y, COLUMNS[1] - COLUMNS[0] - 5, LEADING, stroke=0, fill=1)
    canvas.setFillGray(0)
    for x in COLUMNS:
        canvas.line(x, top, x, bottom)
    for y in (top, header_bottom, bottom):
        canvas.line(COLUMNS[0], y, COLUMNS[2], y)
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(COLUMNS[0] + 5, top - 14, "Objective")
    canvas.drawString(COLUMNS[1] + 5, top - 14, "Achievements")
    canvas.setFont("Helvetica", 10)
    for column, lines in ((COLUMNS[0], LEFT_LINES), (COLUMNS[1], RIGHT_LINES)):
        for k, text in enumerate(lines):
            canvas.drawString(column + 5, header_bottom - 4 - LEADING * (k + 1) + 3.5, text)
    canvas.showPage()
    canvas.save()
    return path


def _rows(path: Path) -> tuple[tuple[str, ...], ...]:
    blocks = page_tables(path, path.name, [1])[1]
    assert len(blocks) == 1
    return blocks[0].rows


EXPECTED = (("Objective", "Achievements"), (" ".join(LEFT_LINES), " ".join(RIGHT_LINES)))


def test_a_cell_shaded_line_by_line_is_one_cell(tmp_path: Path) -> None:
    assert _rows(_table_pdf(tmp_path / "t.pdf", line_shading=True)) == EXPECTED


def test_a_table_without_shading_reads_the_same(tmp_path: Path) -> None:
    assert _rows(_table_pdf(tmp_path / "t.pdf", line_shading=False)) == EXPECTED


def test_a_band_from_rule_to_rule_is_kept_with_the_table(tmp_path: Path) -> None:
    assert _rows(_table_pdf(tmp_path / "t.pdf", line_shading=False, band=True)) == EXPECTED
