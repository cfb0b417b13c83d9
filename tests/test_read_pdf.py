"""The PDF reader on generated reports: what a reader of the PDF sees as content, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

import pdfgen
from reportsite.errors import ReadError
from reportsite.read.blocks import Block
from reportsite.read.document import document_to_blocks
from reportsite.read.pdf.document import pdf_file_to_blocks, pdf_file_to_blocks_and_texts, pdf_page_texts
from reportsite.read.pdf.layout import collapse_spacing, join_lines, reading_order
from reportsite.read.pdf.lines import Line


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> list[Block]:
    path = pdfgen.make_report_pdf(tmp_path_factory.mktemp("pdf") / "report.pdf", pages=8)
    return pdf_file_to_blocks(path, "sources/report.pdf")


def texts(blocks: list[Block], kind: str | None = None) -> list[str]:
    return [b.text for b in blocks if kind is None or b.kind == kind]


def test_running_headers_footers_and_page_numbers_are_dropped(report: list[Block]) -> None:
    everything = " ".join(texts(report))
    assert "MOPAN 2023 ASSESSMENT" not in everything
    assert "IOM assessment report" not in everything
    assert not any(t.strip().isdigit() for t in texts(report))


def test_contents_entries_are_not_content(report: list[Block]) -> None:
    assert not any("...." in t for t in texts(report))
    assert all(b.page != 2 for b in report)
    assert texts(report, "heading").count("1. Introduction") == 1


def test_a_hyphenated_line_break_is_joined(report: list[Block]) -> None:
    para = next(t for t in texts(report, "paragraph") if t.startswith("The assessment finds"))
    assert "delivery-focused organisation whose budget" in para
    assert para.endswith("size and complexity of its operations.")


def test_headings_have_levels_by_size(report: list[Block]) -> None:
    headings = {b.text: b.level for b in report if b.kind == "heading"}
    assert headings[pdfgen.TITLE] == 1
    assert headings["1. Introduction"] == headings["2. Findings"] == 2
    assert headings["2.1 Strategic management"] == 3


def test_a_letter_spaced_heading_reads_as_a_word(report: list[Block]) -> None:
    assert "STRENGTHS" in texts(report, "heading")


def test_paragraphs_are_whole_and_separate(report: list[Block]) -> None:
    paras = texts(report, "paragraph")
    assert pdfgen.FINDING_2_1 in paras
    assert pdfgen.FINDING_2_2 in paras
    assert pdfgen.RECOMMENDATION_3 in paras


def test_list_items_carry_their_markers(report: list[Block]) -> None:
    items = [(b.marker, b.text) for b in report if b.kind == "list_item"]
    assert ("•", "Strong field presence and operational delivery.") in items
    assert ("1.", "Agree a funding compact with Member States by 2025.") in items


def test_captions_are_caption_blocks(report: list[Block]) -> None:
    assert texts(report, "caption") == [pdfgen.TABLE_1_CAPTION, pdfgen.FIGURE_1_CAPTION]


def test_a_ruled_table_gives_its_cells_and_keeps_them_out_of_paragraphs(report: list[Block]) -> None:
    (table,) = [b for b in report if b.kind == "table"]
    assert table.rows == pdfgen.TABLE_1_ROWS
    assert table.page == 4
    assert not any("Sweden" in t for t in texts(report, "paragraph"))
    kinds = [b.kind for b in report if b.page == 4]
    assert kinds.index("table") == kinds.index("caption") + 1


def test_blocks_know_their_page_and_box(report: list[Block]) -> None:
    finding = next(b for b in report if b.text == pdfgen.FINDING_2_1)
    assert finding.page == 4
    assert finding.place() == "page 4"
    x0, top, x1, bottom = finding.bbox or (0, 0, 0, 0)
    assert 60 < x0 < x1 < 560 and 60 < top < bottom < 800
    annex = next(b for b in report if b.text == "Annex 3. Supporting evidence")
    assert annex.page == 8 and annex.kind == "heading"


def test_two_columns_read_column_by_column(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(pdfgen.make_two_column_pdf(tmp_path / "two.pdf"), "two.pdf")
    order = texts(blocks)
    assert order.index("Left column heading") < order.index("Right column heading")
    left = [t for t in order if t.startswith("The left column")]
    assert len(left) == 2 and left[0] == " ".join(pdfgen.LEFT_COLUMN.split())
    assert order.index(left[1]) < order.index("Right column heading")


def _line(text: str, x0: float, top: float, x1: float) -> Line:
    return Line(text, 1, x0, top, x1, top + 12, 10.0, False)


def test_columns_printed_row_by_row_are_read_column_by_column() -> None:
    rows = []
    for n in range(4):
        rows += [_line(f"left {n}", 70, 100 + 14 * n, 290), _line(f"right {n}", 310, 100 + 14 * n, 530)]
    ordered = [ln.text for ln in reading_order(rows, 595)]
    assert ordered == [f"left {n}" for n in range(4)] + [f"right {n}" for n in range(4)]


def test_one_column_stays_in_order() -> None:
    lines = [_line("a heading", 70, 90, 200), *(_line(f"body {n}", 70, 110 + 14 * n, 530) for n in range(4))]
    assert reading_order(lines, 595) == lines


@pytest.mark.parametrize(
    ("before", "after"),
    [("S T R E N G T H S", "STRENGTHS"), ("KEY S T R E N G T H S", "KEY STRENGTHS"), ("A B", "A B")],
)
def test_collapse_spacing(before: str, after: str) -> None:
    assert collapse_spacing(before) == after


@pytest.mark.parametrize(
    ("a", "b", "joined"),
    [
        ("an organi-", "sation", "an organisation"),
        ("a 2019-", "2023 plan", "a 2019- 2023 plan"),
        ("end", "next", "end next"),
    ],
)
def test_join_lines(a: str, b: str, joined: str) -> None:
    assert join_lines(a, b) == joined


def test_page_texts_are_per_page_and_joined(tmp_path: Path) -> None:
    pages = pdf_page_texts(pdfgen.make_report_pdf(tmp_path / "r.pdf", pages=6))
    assert len(pages) == 6
    assert "organisation whose budget" in pages[2]
    assert "Finding 2.1." in pages[3]


def test_one_reading_gives_the_blocks_and_the_page_texts(tmp_path: Path) -> None:
    """Extraction reads a PDF once for both; each part equals what its own reading gives."""
    path = pdfgen.make_report_pdf(tmp_path / "r.pdf", pages=6)
    blocks, pages = pdf_file_to_blocks_and_texts(path, "r.pdf")
    assert pages == pdf_page_texts(path, "r.pdf")
    assert blocks == pdf_file_to_blocks(path, "r.pdf")
    assert len(pages) == 6 and "Finding 2.1." in pages[3]


def test_a_page_without_text_is_skipped(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(pdfgen.make_mixed_pdf(tmp_path / "mixed.pdf"), "mixed.pdf")
    assert {b.page for b in blocks} == {1, 3}


def _html(path: Path) -> Path:
    path.write_text("<!DOCTYPE html>\n<html><body>Not found</body></html>\n", encoding="utf-8")
    return path


def _truncated(path: Path) -> Path:
    whole = pdfgen.make_report_pdf(path.with_name("whole.pdf"), pages=6).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _garbled(path: Path) -> Path:
    whole = pdfgen.make_report_pdf(path.with_name("whole.pdf"), pages=6).read_bytes()
    # Header and end marker intact, the middle overwritten: a disk or transfer error.
    path.write_bytes(whole[:20] + b"\x00garbage" * (len(whole) // 9) + b"\n%%EOF\n")
    return path


BAD_INPUTS = [
    ("empty", lambda p: (p.write_bytes(b""), p)[1], "sources/bad.pdf: is empty"),
    ("html", _html, "sources/bad.pdf: is not a PDF (it starts with '<!DOCTYPE')"),
    ("png", lambda p: (p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), p)[1],
     "sources/bad.pdf: is not a PDF (it starts with '\\x89PNG')"),
    ("truncated", _truncated, "sources/bad.pdf: is damaged or truncated; cannot be read as a PDF"),
    ("garbled", _garbled, "sources/bad.pdf: is damaged or truncated; cannot be read as a PDF"),
    ("encrypted", pdfgen.make_encrypted_pdf, "sources/bad.pdf: is encrypted; remove the password and try again"),
    ("scanned", pdfgen.make_image_only_pdf, "sources/bad.pdf: has no text layer; OCR is not supported"),
]  # fmt: skip


@pytest.mark.parametrize(("make", "message"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_one_line_naming_the_file(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(ReadError) as caught:
        document_to_blocks(path, "sources/bad.pdf")
    assert str(caught.value) == message
    if "no text layer" not in message:
        with pytest.raises(ReadError) as caught:
            pdf_page_texts(path, "sources/bad.pdf")
        assert str(caught.value) == message


def test_a_paragraph_running_on_to_the_next_page_is_one_passage_in_the_page_texts(tmp_path: Path) -> None:
    """Regression: the running header of the second page sat inside the quote, so its check failed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from reportsite.extract.verify import quote_in
    from reportsite.read.pdf.document import pdf_file_to_blocks, pdf_page_texts

    def header(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("Helvetica", 8)
        canvas.drawString(72, A4[1] - 40, "Evaluation of the Programme - running header")
        canvas.drawString(A4[0] / 2, 30, str(doc.page))

    body = " ".join(f"Sentence number {i} of the long finding runs on." for i in range(160))
    path = tmp_path / "split.pdf"
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    doc.build([Paragraph(body, getSampleStyleSheet()["BodyText"])], onFirstPage=header, onLaterPages=header)
    texts = pdf_page_texts(path)
    assert len(texts) >= 2
    assert quote_in(body, " ".join(texts[:2]))
    assert "running header" not in " ".join(texts)
    assert any(b.text.startswith("Sentence number 0") for b in pdf_file_to_blocks(path, "split.pdf"))
