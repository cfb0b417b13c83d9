"""A list set with a bullet of a shape, arrow or dingbat font ('◊', '➢', Wingdings' private code points)
is read as a list: an item per bullet, not one paragraph holding them all with their bullets."""

from __future__ import annotations

import os
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from reportsite.read.pdf.document import pdf_file_to_blocks

ITEMS = [
    "Raise awareness among border communities of the positive contributions of safe migration.",
    "Strengthen the dialogue between the two countries on the management of their border.",
]


def make_bulleted_pdf(path: Path) -> Path:
    # Vera, which reportlab ships, has the lozenge (U+25CA) that some reports set as their bullet.
    pdfmetrics.registerFont(
        TTFont("Vera", os.path.join(os.path.dirname(reportlab.__file__), "fonts", "Vera.ttf"))
    )
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    canvas.setFont("Vera", 10)
    canvas.drawString(
        72, height - 100, "The project has two objectives, which the partners agreed in its first year:"
    )
    for k, item in enumerate(ITEMS):
        y = height - 116 - 14 * k
        canvas.drawString(80, y, "\u25ca")
        canvas.drawString(94, y, item)
    canvas.showPage()
    canvas.save()
    return path


def test_a_shape_bullet_opens_a_list_item(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(make_bulleted_pdf(tmp_path / "b.pdf"))
    items = [b for b in blocks if b.kind == "list_item"]
    assert [b.text for b in items] == ITEMS, [(b.kind, b.text) for b in blocks]
    assert all(b.marker == "\u25ca" for b in items)
