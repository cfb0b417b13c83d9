"""A word broken at a line's end is whole again, with its own hyphen where it has one: pdfium takes every
line-end hyphen away, the printer's ('imple-mentation') and the word's own ('post-return', 'non-IOM')."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reportsite.read.pdf.document import pdf_file_to_blocks, pdf_page_texts

LINES = [
    "The caseworkers met each beneficiary in the post-return phase, and the post-",
    "return missions were then planned with the partners, who followed the imple-",
    "mentation plan of the office and worked with its non-",
    "IOM partners in the districts that the conflict had reached, the conflict-",
    "ridden districts where the roads were ridden with checkpoints that year.",
]


def make_broken_words_pdf(path: Path) -> Path:
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    y = height - 100
    canvas.setFont("Helvetica", 10)
    for line in LINES:
        canvas.drawString(72, y, line)
        y -= 13
    canvas.showPage()
    canvas.save()
    return path


def test_a_word_broken_at_a_line_end_keeps_its_own_hyphen(tmp_path: Path) -> None:
    path = make_broken_words_pdf(tmp_path / "h.pdf")
    text = next(b.text for b in pdf_file_to_blocks(path) if b.kind == "paragraph")
    assert "the post-return missions were then planned" in text  # printed hyphenated elsewhere
    assert "followed the implementation plan" in text  # a printer's break: neither piece is a word
    assert "its non-IOM partners" in text  # a capital after the break
    assert "the conflict-ridden districts" in text  # both pieces are words of the document
    # The page text the quotes are checked against reads the same.
    assert "post-return missions" in " ".join(pdf_page_texts(path)[0].split())
