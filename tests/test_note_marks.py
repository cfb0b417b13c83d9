"""A raised note mark in the middle of a line ('control group⁴⁶. A high') leaves the line, and so its
paragraph, whole: the text after the mark is not a paragraph of its own."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reportsite.read.pdf.document import pdf_file_to_blocks

LINES = [
    ("The incidence of common mental disorders among beneficiaries in the first country", None, ""),
    ("was significantly higher than among a non-migrant control group", "46", ". A high prevalence"),
    ("was also found by another study of returnees from the region, which the programme", None, ""),
    ("took into account when it planned its support for the years that followed.", None, ""),
]


def make_marked_pdf(path: Path) -> Path:
    """A paragraph whose second line carries a note mark drawn raised and small, each piece of the line
    its own text object, as word processors write them: pdfium breaks the line after the mark."""
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    y = height - 100
    for before, mark, after in LINES:
        canvas.setFont("Helvetica", 10)
        canvas.drawString(72, y, before)
        x = 72 + canvas.stringWidth(before, "Helvetica", 10)
        if mark:
            canvas.setFont("Helvetica", 6.5)
            canvas.drawString(x, y + 3.6, mark)
            x += canvas.stringWidth(mark, "Helvetica", 6.5)
            canvas.setFont("Helvetica", 10)
            # The full stop on its own: its box, low and small, is all that follows the raised mark.
            for piece in after.replace(". ", ". \0").split("\0"):
                canvas.drawString(x, y, piece)
                x += canvas.stringWidth(piece, "Helvetica", 10)
        y -= 13
    canvas.showPage()
    canvas.save()
    return path


def test_a_raised_note_mark_leaves_its_paragraph_whole(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(make_marked_pdf(tmp_path / "n.pdf"))
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 1, [b.text for b in blocks]
    text = paragraphs[0].text
    assert text.startswith("The incidence of common mental disorders")
    assert "control group46. A high prevalence was also found" in text
    assert text.endswith("the years that followed.")
