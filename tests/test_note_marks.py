"""A raised note mark in the middle of a line ('control group⁴⁶. A high') leaves the line, and so its
paragraph, whole: the text after the mark is not a paragraph of its own."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from reportsite.extract.findings.footnotes import page_notes
from reportsite.extract.sentences import text_to_sentences
from reportsite.read.pdf.document import pdf_file_to_blocks, pdf_page_texts

LINES = [
    ("The incidence of common mental disorders among beneficiaries in the first country", None, ""),
    ("was significantly higher than among a non-migrant control group", "46", ". A high prevalence"),
    ("was also found by another study of returnees from the region, which the programme", None, ""),
    ("took into account when it planned its support for the years that followed.", None, ""),
]


def draw_line(
    canvas: Canvas, y: float, before: str, mark: str | None, after: str, pieces: bool = False
) -> None:
    """A line of body type with a note mark drawn raised and small after `before`; with pieces, what
    follows the mark drawn a text object per sentence, as word processors write it."""
    canvas.setFont("Helvetica", 10)
    canvas.drawString(72, y, before)
    x = 72 + canvas.stringWidth(before, "Helvetica", 10)
    if mark:
        canvas.setFont("Helvetica", 6.5)
        canvas.drawString(x, y + 3.6, mark)
        x += canvas.stringWidth(mark, "Helvetica", 6.5)
    canvas.setFont("Helvetica", 10)
    for piece in after.replace(". ", ". \0").split("\0") if pieces else [after]:
        canvas.drawString(x, y, piece)
        x += canvas.stringWidth(piece, "Helvetica", 10)


def make_marked_pdf(path: Path) -> Path:
    """A paragraph whose second line carries a note mark drawn raised and small, each piece of the line
    its own text object, as word processors write them: pdfium breaks the line after the mark (the
    full stop on its own: its box, low and small, is all that follows the raised mark)."""
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    for k, (before, mark, after) in enumerate(LINES):
        draw_line(canvas, height - 100 - 13 * k, before, mark, after, pieces=True)
    canvas.showPage()
    canvas.save()
    return path


def test_a_raised_note_mark_leaves_its_paragraph_whole(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(make_marked_pdf(tmp_path / "n.pdf"))
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    assert len(paragraphs) == 1, [b.text for b in blocks]
    text = paragraphs[0].text
    assert text.startswith("The incidence of common mental disorders")
    assert "control group⁴⁶. A high prevalence was also found" in text
    assert text.endswith("the years that followed.")


def test_a_raised_note_mark_reads_as_superscript_and_ends_its_sentence(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(make_marked_pdf(tmp_path / "n.pdf"))
    text = next(b.text for b in blocks if b.kind == "paragraph")
    sentences = text_to_sentences(text)
    assert "group⁴⁶" in text and "group46" not in text
    assert any(s.endswith("control group⁴⁶.") for s in sentences), sentences
    assert any(s.startswith("A high prevalence was also found") for s in sentences), sentences


SIDE_BY_SIDE = [
    # (text in the line's type, a mark raised and small after it or None, text after)
    ("Most migrants said that the journey home was well organised and safe.", "61", " The partnership"),
    ("with the authorities held through the SDG16 reporting cycle and after COVID-19 in", None, ""),
    ("2021, when the office recorded 142 returns of which 63 were assisted, grew.", "7", ""),
]


def make_side_by_side_pdf(path: Path) -> Path:
    """Lines whose marks are drawn one way and numbers in the body type the other."""
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    for k, (before, mark, after) in enumerate(SIDE_BY_SIDE):
        draw_line(canvas, height - 100 - 13 * k, before, mark, after)
    canvas.setFont("Helvetica", 8)
    canvas.drawString(72, 60, "61 Survey of returnees, 2021, as reported by the country offices.")
    canvas.showPage()
    canvas.save()
    return path


def test_only_raised_small_digits_after_a_word_are_marks(tmp_path: Path) -> None:
    """A mark after a full stop becomes superscript; digits in the line's own type ('SDG16', 'COVID-19',
    '142') and a footnote's own number at the start of its line stay digits."""
    pages = pdf_page_texts(make_side_by_side_pdf(tmp_path / "s.pdf"))
    text = " ".join(pages[0].split())
    assert "organised and safe.⁶¹ The partnership" in text, text
    assert "SDG16 reporting cycle and after COVID-19 in" in text
    assert "recorded 142 returns of which 63 were assisted, grew.⁷" in text
    assert "61 Survey of returnees" in text


def make_noted_pdf(path: Path) -> Path:
    """A paragraph citing notes 10, 11 and 12 by raised marks, and the notes in small type at the foot
    of the page, set close as one paragraph; note 12 runs on to a line that opens with a year."""
    canvas = Canvas(str(path), pagesize=A4)
    _, height = A4
    for k, (before, mark) in enumerate(
        (
            ("Most of the returnees interviewed had received the support that was planned", "10"),
            ("for them, and the partners confirmed it in the interviews held in each country", "11"),
            ("and again in the survey that the programme ran in the last year of its work.", "12"),
        )
    ):
        draw_line(canvas, height - 100 - 13 * k, before, mark, "")
    canvas.setFont("Helvetica", 8)
    for k, note in enumerate(
        (
            "10 https://example.org/returnee-study",
            "11 Ibid.",
            "12 Survey of returnees run by the country offices for the programme in",
            "2021 and 2022, as reported to the steering committee.",
        )
    ):
        canvas.drawString(72, 90 - 10 * k, note)
    canvas.showPage()
    canvas.save()
    return path


def test_footnotes_set_close_are_read_note_by_note_and_reach_their_marks(tmp_path: Path) -> None:
    blocks = pdf_file_to_blocks(make_noted_pdf(tmp_path / "f.pdf"))
    notes = page_notes(blocks)[1]
    assert {mark: note.text for mark, note in notes.items()} == {
        "10": "https://example.org/returnee-study",
        "11": "Ibid.",
        "12": "Survey of returnees run by the country offices for the programme in 2021 and 2022, as "
        "reported to the steering committee.",
    }
    text = next(b.text for b in blocks if b.kind == "paragraph")
    assert "planned¹⁰ for them" in text and "country¹¹ and again" in text and "its work.¹²" in text
