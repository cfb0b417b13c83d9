"""Figures: every 'Figure N.' caption, and the picture cropped from a PDF page next to its caption."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from extract_support import REPORT, assert_subset, fixture_cases, seed_blocks, text_blocks
from reportsite.extract.figures import blocks_to_figures
from reportsite.extract.ids import IdAllocator
from reportsite.read.pdf.images import figure_to_png


@pytest.mark.parametrize("case", fixture_cases("figures"))
def test_fixture(case: dict) -> None:
    blocks, sections = text_blocks(case["input"])
    figures = blocks_to_figures(blocks, sections, REPORT, IdAllocator("r"))
    assert_subset([f.model_dump() for f in figures], case["expect"])


def test_seed_figures() -> None:
    blocks, sections = seed_blocks("iom-2023-unearmarked-funding-report.txt")
    figures = blocks_to_figures(blocks, sections, REPORT, IdAllocator("r"))
    assert [(f.number, f.source.lines) for f in figures] == [
        ("1", [151, 151]),
        ("2", [231, 231]),
        ("3", [250, 250]),
        ("4", [405, 405]),
    ]
    assert figures[1].caption == "Figure 2. Overview of voluntary unearmarked contributions to IOM"


def test_figure_to_png_crops_the_image_above_the_caption(tmp_path: Path) -> None:
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    picture = tmp_path / "chart.png"
    Image.new("RGB", (200, 100), (200, 30, 30)).save(picture)
    pdf = tmp_path / "r.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    _, height = A4
    canvas.drawImage(str(picture), 100, height - 300, width=200, height=100)  # top 200, bottom 300
    canvas.drawString(100, height - 320, "Figure 1. A red chart")
    canvas.save()

    png = figure_to_png(pdf, 1, [100, 310, 300, 322])
    assert png is not None
    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
        assert abs(w / h - 2) < 0.1  # the 200 x 100 picture, not the page
        r, g, _ = im.convert("RGB").getpixel((w // 2, h // 2))[:3]
        assert r > 150 and g < 100


@pytest.mark.parametrize("caption_above", [True, False])
def test_a_chart_drawn_in_strokes_is_cropped_beside_its_caption(tmp_path: Path, caption_above: bool) -> None:
    """No picture object: the bars are strokes. The crop holds them, not the running header or the
    prose on the caption's other side."""
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    pdf = tmp_path / "r.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    _, height = A4
    canvas.drawString(60, height - 40, "A running header")
    # The chart's strokes span top 200 to bottom 330 (points from the page's top).
    chart_top = 200 if caption_above else 150
    canvas.setFillColorRGB(0.1, 0.3, 0.8)
    for i, bar in enumerate((120, 60, 90)):
        canvas.rect(100 + 60 * i, height - chart_top - 130, 40, bar, stroke=0, fill=1)
    canvas.line(90, height - chart_top - 130, 300, height - chart_top - 130)
    canvas.line(90, height - chart_top - 130, 90, height - chart_top)
    canvas.setFillColorRGB(0, 0, 0)
    caption_top = 180 if caption_above else 300
    canvas.drawString(60, height - caption_top - 10, "Figure 1. Bars drawn as strokes")
    for k in range(6):
        canvas.drawString(60, height - 400 - 14 * k, "A line of prose after the chart, far below it.")
    canvas.save()

    png = figure_to_png(pdf, 1, [60, caption_top, 250, caption_top + 12])
    assert png is not None
    with Image.open(io.BytesIO(png)) as im:
        w, h = im.size
        # About 240 x 150 points at 150 dpi: the chart and its margin, not a band of the page.
        assert 400 < w < 600 and 250 < h < 400, (w, h)
        rgb = im.convert("RGB")
        blue = sum(
            1
            for x in range(0, w, 4)
            for y in range(0, h, 4)
            if rgb.getpixel((x, y))[2] > 150 > rgb.getpixel((x, y))[0]
        )
        assert blue > 200
