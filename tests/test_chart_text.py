"""The text of a chart drawn in strokes (its axis values, its legend) is the figure's: it never joins the
prose around it, and the prose right under the chart keeps every line."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reportsite.read.pdf.document import pdf_file_to_blocks, pdf_file_to_page_lines

BEFORE = (
    "The programme reached more people than planned in its second year and the partners agreed that "
    "the referral system should be kept after the end of the project for the returnees who still need it"
)
AFTER = (
    "Although spending rose in most years the share of the budget that reached the field offices fell "
    "after the reform of the financial framework which the evaluation team discussed with the partners"
)
YEARS = ("2019", "2020", "2021", "2022")
VALUES = ("200", "400", "600")


def _lines(canvas: Canvas, text: str, top: float, height: float) -> float:
    """Prose across the text column (72 to about 520 points), from `top` down; returns the next top."""
    words, line = text.split(), ""
    for word in words:
        if canvas.stringWidth(f"{line} {word}", "Helvetica", 10) > 450:
            canvas.drawString(72, height - top - 10, line)
            top, line = top + 14, word
        else:
            line = f"{line} {word}".strip()
    canvas.drawString(72, height - top - 10, line)
    return top + 14


def make_chart_pdf(path: Path) -> Path:
    """Page 1 ends in a paragraph; page 2 opens with 'Figure 1.', a framed bar chart drawn in strokes with
    its values left of the axis and its years under it, and a paragraph right under the frame."""
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    canvas.setFont("Helvetica", 10)
    _lines(canvas, " ".join([BEFORE] * 3), 700, height)
    canvas.showPage()
    make_chart_page(canvas, height)
    canvas.setFont("Helvetica", 10)
    _lines(canvas, " ".join([AFTER] * 2), AXIS + 20, height)
    canvas.showPage()
    canvas.save()
    return path


AXIS = 250.0
"""The chart's horizontal axis, in points from the page's top."""


def make_chart_page(canvas: Canvas, height: float) -> None:
    """'Figure 1.' and its bar chart, in a frame as office software draws one."""
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(72, height - 82, "Figure 1. Budget by year, USD millions")
    canvas.setFillColorRGB(0.1, 0.3, 0.7)
    for i, bar in enumerate((60, 120, 90, 140)):
        canvas.rect(130 + 70 * i, height - AXIS, 40, bar, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    canvas.line(110, height - AXIS, 420, height - AXIS)
    canvas.line(110, height - AXIS, 110, height - AXIS + 150)
    canvas.setFont("Helvetica", 8)
    for k, value in enumerate(VALUES):
        canvas.drawRightString(105, height - AXIS + 45 * (k + 1) - 3, value)
    for i, year in enumerate(YEARS):
        canvas.drawCentredString(150 + 70 * i, height - AXIS - 10, year)
    # The prose under the chart starts right under the frame, where a chart's labels would stand, but
    # runs wider than the chart.
    canvas.rect(80, height - AXIS - 16, 355, 170, stroke=1, fill=0)


def test_a_charts_values_are_figure_text_and_the_prose_around_it_is_whole(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(make_chart_pdf(tmp_path / "c.pdf"))
    chart = " ".join(b.text for b in blocks if b.kind == "figure_text")
    assert all(year in chart.split() for year in YEARS)
    assert all(value in chart.split() for value in VALUES)
    prose = [b for b in blocks if b.kind == "paragraph"]
    assert not any(word in b.text.split() for b in prose for word in (*YEARS, *VALUES))
    # The paragraph one line under the years starts with its first words, and ends whole.
    after = next(b for b in prose if b.page == 2)
    assert after.text.startswith("Although spending rose")
    assert after.text.endswith("with the partners")
    assert any(b.kind == "caption" and b.text.startswith("Figure 1.") for b in blocks)


def test_a_page_whose_only_strokes_are_a_charts_is_not_read_for_ruled_tables(tmp_path: Path) -> None:
    """Bars and a frame are boxes, which on their own would send the page to the ruled-table reader (the
    costliest step of reading a PDF); beside a figure caption they are the chart's."""
    pages = pdf_file_to_page_lines(make_chart_pdf(tmp_path / "c.pdf"), "c.pdf")
    assert pages[1].charts
    assert not pages[1].has_rules


def test_a_ruled_table_on_a_chart_page_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "t.pdf"
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    make_chart_page(canvas, height)
    # A grid of three columns and four rows, well under the chart, with no caption.
    xs, ys = (72, 200, 330, 460), (560, 580, 600, 620, 640)
    for y in ys:
        canvas.line(xs[0], height - y, xs[-1], height - y)
    for x in xs:
        canvas.line(x, height - ys[0], x, height - ys[-1])
    canvas.setFont("Helvetica", 10)
    for r, y in enumerate(ys[:-1]):
        for c, x in enumerate(xs[:-1]):
            canvas.drawString(x + 4, height - y - 14, f"Cell {r}{c}")
    canvas.showPage()
    canvas.save()
    (page,) = pdf_file_to_page_lines(path, "t.pdf")
    assert page.charts and page.has_rules
    tables = [b for b in pdf_file_to_blocks(path) if b.kind == "table"]
    assert [row[0] for row in tables[0].rows] == ["Cell 00", "Cell 10", "Cell 20", "Cell 30"]
