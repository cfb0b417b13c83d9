"""Table pages read with pdfium's rules and characters (read/pdf/drawings.py, tablepage.py) give what
pdfplumber gives reading the page whole; pages the two libraries place differently are read whole."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reportsite.read.pdf import drawings, tablepage
from reportsite.read.pdf.tables import table_to_block
from tablegen import make_multi_header_pdf, make_two_page_table_pdf, make_unruled_table_pdf

SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _whole(path: Path, number: int) -> list[list[list[str | None]]]:
    with pdfplumber.open(path) as pdf:
        return [t.extract() for t in pdf.pages[number - 1].find_tables(SETTINGS)]


def _fast(path: Path, number: int) -> tuple[str, list[list[list[str | None]]]]:
    """How the page's characters were read ('pdfium', or 'pdfminer' for the whole page) and its tables."""
    with pdfplumber.open(path) as pdf:
        doc = pdfium.PdfDocument(str(path))
        try:
            page, drawn = pdf.pages[number - 1], doc[number - 1]
            plain = tablepage.read_rules(page, drawn)
            tables = page.find_tables(SETTINGS)
            if plain:
                tablepage.read_chars(page, drawn, [(t.bbox[1], t.bbox[3]) for t in tables])
            found = [t.extract() for t in tables]
            # pdfplumber's own characters carry their font; the ones from pdfium do not.
            read = "pdfminer" if any("fontname" in c for c in page.chars) else "pdfium"
            return read if plain else "whole", found
        finally:
            doc.close()


@pytest.mark.parametrize("make", [make_two_page_table_pdf, make_multi_header_pdf])
def test_a_ruled_table_reads_as_pdfplumber_reads_it_whole(tmp_path: Path, make: object) -> None:
    path = make(tmp_path / "t.pdf")  # type: ignore[operator]
    read, fast = _fast(path, 1)
    assert read == "pdfium"
    assert fast and fast == _whole(path, 1)


def test_characters_are_boxed_as_pdfminer_boxes_them(tmp_path: Path) -> None:
    path = make_unruled_table_pdf(tmp_path / "t.pdf")
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        theirs = [c for c in page.chars if not c["text"].isspace()]
        doc = pdfium.PdfDocument(str(path))
        read = tablepage.page_chars(doc[0], 1, float(page.height))
        doc.close()
    assert read is not None
    ours = [c for c in read if not c["text"].isspace()]
    assert [c["text"] for c in ours] == [c["text"] for c in theirs]
    for a, b in zip(ours, theirs, strict=True):
        for key in ("x0", "x1", "top", "bottom", "size"):
            assert a[key] == pytest.approx(b[key], abs=0.5), (a["text"], key)
        assert a["upright"] == b["upright"]


def _turned_heading_table(path: Path, rotate: int = 0, angle: int = 90) -> Path:
    """A ruled table of two columns whose first heading is set upwards, as narrow columns' headings are."""
    canvas = Canvas(str(path), pagesize=A4)
    if rotate:
        canvas.setPageRotation(rotate)
    canvas.setFont("Helvetica", 10)
    xs, ys = [100, 200, 400], [700, 640, 610, 580]
    for x in xs:
        canvas.line(x, ys[-1], x, ys[0])
    for y in ys:
        canvas.line(xs[0], y, xs[-1], y)
    canvas.saveState()
    canvas.translate(150, 645)
    canvas.rotate(angle)
    canvas.drawString(0, 0, "Score")
    canvas.restoreState()
    canvas.drawString(210, 660, "Criterion")
    for k, (name, score) in enumerate([("Relevance", "4"), ("Efficiency", "3")]):
        canvas.drawString(110, ys[k + 1] - 20, score)
        canvas.drawString(210, ys[k + 1] - 20, name)
    canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize("angle", [90, 180])
def test_a_page_with_turned_characters_is_read_whole_by_pdfplumber(tmp_path: Path, angle: int) -> None:
    path = _turned_heading_table(tmp_path / "t.pdf", angle=angle)
    read, fast = _fast(path, 1)
    assert read == "pdfminer"
    assert fast == _whole(path, 1)
    assert "Criterion" in str(fast) and "Efficiency" in str(fast)


def test_a_page_turned_by_rotate_is_read_whole_by_pdfplumber(tmp_path: Path) -> None:
    path = _turned_heading_table(tmp_path / "t.pdf", rotate=90)
    read, fast = _fast(path, 1)
    assert read == "whole"
    assert fast == _whole(path, 1)
    block = table_to_block(fast[0], (0, 0, 1, 1), 1)
    assert block is not None and "Relevance" in block.text


def _edges(edges: list[dict[str, object]]) -> list[tuple[object, ...]]:
    # pdfium holds a path's points as 32-bit floats: equal to pdfminer's to a thousandth of a point.
    return sorted(
        (str(e["orientation"]), *(round(float(e[k]), 2) for k in ("x0", "top", "x1", "bottom")))  # type: ignore[arg-type]
        for e in edges
    )


def _drawn_page(path: Path) -> Path:
    """Rules, a box, a filled band, a rounded box and a ruled grid drawn inside a form XObject placed
    scaled and moved: every kind of path pdfminer tells apart."""
    canvas = Canvas(str(path), pagesize=A4)
    canvas.line(60, 800, 500, 800)
    canvas.rect(60, 600, 200, 150, stroke=1, fill=0)
    canvas.setFillGray(0.8)
    canvas.rect(300, 600, 200, 20, stroke=0, fill=1)
    canvas.roundRect(300, 650, 200, 100, 12, stroke=1, fill=0)
    canvas.circle(150, 450, 40, stroke=1, fill=0)
    canvas.beginForm("grid")
    for x in (0, 80, 160, 240):
        canvas.line(x, 0, x, 90)
    for y in (0, 30, 60, 90):
        canvas.line(0, y, 240, y)
    canvas.endForm()
    canvas.saveState()
    canvas.translate(70, 150)
    canvas.scale(1.5, 1.25)
    canvas.doForm("grid")
    canvas.restoreState()
    canvas.showPage()
    canvas.save()
    return path


@pytest.mark.parametrize("make", [_drawn_page, make_two_page_table_pdf, make_multi_header_pdf])
def test_the_rules_from_pdfium_are_the_edges_pdfminer_gives(tmp_path: Path, make: object) -> None:
    path = make(tmp_path / "t.pdf")  # type: ignore[operator]
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        theirs = _edges(page.edges)
        kinds = {k: len(page.objects.get(k, [])) for k in ("line", "rect", "curve")}
        doc = pdfium.PdfDocument(str(path))
        drawn = drawings.page_drawings(doc[0], float(page.height))
        doc.close()
        page.close()
        page._objects = {**drawn, "char": []}
        assert _edges(page.edges) == theirs
    assert {k: len(v) for k, v in drawn.items()} == kinds
