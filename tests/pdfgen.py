"""Realistic test PDFs built with reportlab, and the same report's text form.

The report is written once, as a list of content parts (``REPORT``), and rendered twice: to a PDF laid
out like a real assessment report (cover, contents with dot leaders, running header and footer, a ruled
table, a hyphenated line break, a letter-spaced heading) by ``make_report_pdf``, and to the Markdown a
text rendering of it would give by ``report_markdown``. Cross-format tests compare what is extracted
from the two.

Other helpers build the awkward inputs a reader must refuse or survive: ``make_encrypted_pdf``,
``make_image_only_pdf`` (no text layer), ``make_mixed_pdf`` (one page without text),
``make_two_column_pdf``.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

TITLE = "MOPAN 2023 Assessment of the International Organization for Migration"
RUNNING_HEADER = "MOPAN 2023 ASSESSMENT · INTERNATIONAL ORGANIZATION FOR MIGRATION"
PAGE_W, PAGE_H = A4
MARGIN = 25 * mm


# The report's content, shared by both renderings.


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1
    spaced: bool = False
    """Printed letter-spaced ('S T R E N G T H S'), as report designers like to do."""


@dataclass(frozen=True)
class Para:
    text: str
    break_after: str = ""
    """A word to split across a line end with a hyphen ('organisation' -> 'organi-' / 'sation')."""


@dataclass(frozen=True)
class Bullet:
    text: str
    marker: str = "•"


@dataclass(frozen=True)
class Caption:
    text: str


@dataclass(frozen=True)
class RuledTable:
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class NewPage:
    pass


Part = Heading | Para | Bullet | Caption | RuledTable | NewPage

FINDING_2_1 = (
    "Finding 2.1. IOM has a clear strategic vision, but its heavily earmarked funding limits its "
    "ability to allocate resources to its strategic priorities."
)
FINDING_2_2 = (
    "Finding 2.2. Risk management systems have been strengthened, although their roll-out to country "
    "offices remains uneven."
)
RECOMMENDATION_3 = (
    "Recommendation 3: IOM should make the case to its Member States for more flexible funding of its "
    "core functions."
)
RECOMMENDATION_4 = (
    "Recommendation 4: IOM should consolidate its results framework so that country reporting feeds "
    "corporate results."
)
TABLE_1_CAPTION = "Table 1. Unearmarked contributions by donor, 2023 (USD million)"
TABLE_1_ROWS: tuple[tuple[str, ...], ...] = (
    ("Donor", "2022", "2023"),
    ("Sweden", "10.1", "12.4"),
    ("Norway", "7.5", "8.0"),
    ("Denmark", "4.2", "5.1"),
    ("Belgium", "3.0", "3.3"),
    ("Total", "24.8", "28.8"),
)
FIGURE_1_CAPTION = "Figure 1. Voluntary contributions to IOM, 2019-2023"

REPORT: tuple[Part, ...] = (
    Heading("1. Introduction", 1),
    Para(
        "This assessment looks at the organisational effectiveness of the International Organization "
        "for Migration between 2019 and 2023. It draws on a document review, an online survey of "
        "partners and interviews with staff at headquarters and in country offices.",
    ),
    Para(
        "The assessment finds an agile, entrepreneurial and delivery-focused organisation whose budget "
        "rose from USD 2.1 billion in 2019 to USD 2.99 billion in 2022, while its central functions "
        "stayed small relative to the size and complexity of its operations.",
        break_after="organisation",
    ),
    Heading("Strengths", 2, spaced=True),
    Bullet("Agility and responsiveness in the most challenging contexts."),
    Bullet("Strong field presence and operational delivery."),
    Bullet("A trusted partner of host governments and the UN system."),
    NewPage(),
    Heading("2. Findings", 1),
    Heading("2.1 Strategic management", 2),
    Para(FINDING_2_1),
    Para(
        "Its Strategic Vision 2019-2023 set goals and performance metrics, supported by regional "
        "strategies. The new leadership structure has strengthened the integration of planning and "
        "operations across headquarters and the regions.",
    ),
    Para(FINDING_2_2),
    Heading("2.2 Financial frameworks", 2),
    Para(
        "Unearmarked funding grew in 2023, but it remains a small share of the organisation's "
        "resources. Table 1 shows the largest donors of unearmarked contributions.",
    ),
    Caption(TABLE_1_CAPTION),
    RuledTable(TABLE_1_ROWS),
    Para(
        "Voluntary contributions have risen every year since 2019, as Figure 1 shows; almost all of "
        "the growth was earmarked for specific projects and locations.",
    ),
    Caption(FIGURE_1_CAPTION),
    NewPage(),
    Heading("3. Recommendations", 1),
    Para(RECOMMENDATION_3),
    Para(RECOMMENDATION_4),
    Heading("3.1 Next steps", 2),
    Bullet("Agree a funding compact with Member States by 2025.", "1."),
    Bullet("Publish a results framework with country targets.", "2."),
)

BASE_PAGES = 5
"""Pages of the report without filler: cover, contents and three pages of body."""

CONTENTS: tuple[tuple[str, int], ...] = (
    ("1. Introduction", 3),
    ("2. Findings", 4),
    ("2.1 Strategic management", 4),
    ("2.2 Financial frameworks", 4),
    ("3. Recommendations", 5),
)

_WORDS = [
    "assessment",
    "organisation",
    "partners",
    "evidence",
    "country",
    "offices",
    "results",
    "framework",
    "funding",
    "management",
    "strategic",
    "operational",
    "capacity",
    "humanitarian",
    "migration",
    "governance",
    "oversight",
    "delivery",
    "performance",
    "reform",
    "planning",
    "budget",
    "resources",
    "priorities",
    "coherence",
]


def filler_parts(pages: int) -> tuple[Part, ...]:
    """Annex pages of plain prose, one heading and five paragraphs each, the same on every run."""
    rng = random.Random(2023)
    parts: list[Part] = []
    for n in range(1, pages + 1):
        parts.append(NewPage())
        parts.append(Heading(f"Annex {n}. Supporting evidence", 1))
        for _ in range(5):
            words = [rng.choice(_WORDS) for _ in range(70)]
            parts.append(Para(("The " + " ".join(words)).capitalize() + "."))
    return tuple(parts)


def report_parts(pages: int = BASE_PAGES) -> tuple[Part, ...]:
    return REPORT + filler_parts(max(0, pages - BASE_PAGES))


# The PDF rendering.

_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=7, alignment=TA_LEFT)
_H1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=16, leading=20, spaceBefore=6, spaceAfter=10)
_H2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=12.5, leading=16, spaceBefore=6, spaceAfter=6)
_CAPTION = ParagraphStyle("caption", fontName="Helvetica-Oblique", fontSize=9, leading=12, spaceAfter=6)
_BULLET = ParagraphStyle("bullet", parent=_BODY, leftIndent=14, bulletIndent=2, spaceAfter=3)
_TOC = ParagraphStyle("toc", fontName="Helvetica", fontSize=10.5, leading=18)
_COVER = ParagraphStyle("cover", fontName="Helvetica-Bold", fontSize=24, leading=30)


class SpacedHeading(Flowable):
    """A heading drawn with wide character spacing, so its letters come out as separate words."""

    def __init__(self, text: str, size: float = 12.5) -> None:
        super().__init__()
        self.text = text.upper()
        self.size = size

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return avail_width, self.size * 2

    def draw(self) -> None:
        text = self.canv.beginText(0, self.size * 0.5)
        text.setFont("Helvetica-Bold", self.size)
        text.setCharSpace(self.size * 0.5)
        text.textOut(self.text)
        self.canv.drawText(text)


def _hyphenated(text: str, word: str) -> str:
    """Force a line break inside word, as a justified layout would: 'organi-<br/>sation'."""
    cut = len(word) // 2
    return text.replace(word, f"{word[:cut]}-<br/>{word[cut:]}", 1)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _toc_line(title: str, page: int) -> Paragraph:
    # Real contents pages print leader dots as text; a reader must not take them for content.
    dots = "." * max(8, 95 - 2 * len(title))
    return Paragraph(f"{_escape(title)} {dots} {page}", _TOC)


def parts_to_flowables(parts: tuple[Part, ...]) -> Iterator[Flowable]:
    for part in parts:
        if isinstance(part, NewPage):
            yield PageBreak()
        elif isinstance(part, Heading) and part.spaced:
            yield SpacedHeading(part.text)
        elif isinstance(part, Heading):
            yield Paragraph(_escape(part.text), _H1 if part.level == 1 else _H2)
        elif isinstance(part, Para):
            text = _escape(part.text)
            yield Paragraph(_hyphenated(text, part.break_after) if part.break_after else text, _BODY)
        elif isinstance(part, Bullet):
            yield Paragraph(_escape(part.text), _BULLET, bulletText=part.marker)
        elif isinstance(part, Caption):
            yield Paragraph(_escape(part.text), _CAPTION)
        elif isinstance(part, RuledTable):
            yield _ruled_table(part.rows)
            yield Spacer(1, 8)


def _ruled_table(rows: tuple[tuple[str, ...], ...]) -> Table:
    table = Table([list(r) for r in rows], colWidths=[60 * mm, 30 * mm, 30 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9.5),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9.5),
                ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9.5),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


def _running_header_footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(MARGIN, PAGE_H - 15 * mm, RUNNING_HEADER)
    canvas.drawString(MARGIN, 12 * mm, "MOPAN 2023 · IOM assessment report")
    canvas.drawRightString(PAGE_W - MARGIN, 12 * mm, str(doc.page))
    canvas.restoreState()


def _doc(path: Path, *, encrypt: StandardEncryption | None = None, first: str = "cover") -> BaseDocTemplate:
    doc = BaseDocTemplate(
        str(path), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
        bottomMargin=MARGIN, title=TITLE, author="MOPAN", encrypt=encrypt,
    )  # fmt: skip
    width, height = PAGE_W - 2 * MARGIN, PAGE_H - 2 * MARGIN
    one = Frame(MARGIN, MARGIN, width, height, id="one")
    gap = 10 * mm
    half = (width - gap) / 2
    left = Frame(MARGIN, MARGIN, half, height, id="left")
    right = Frame(MARGIN + half + gap, MARGIN, half, height, id="right")
    templates = [
        PageTemplate("cover", [one]),
        PageTemplate("body", [one], onPage=_running_header_footer),
        PageTemplate("columns", [left, right], onPage=_running_header_footer),
    ]
    # The document starts with the first template in the list.
    doc.addPageTemplates(sorted(templates, key=lambda t: t.id != first))
    return doc


def _cover_and_contents() -> list[Flowable]:
    return [
        Spacer(1, 60 * mm),
        Paragraph(_escape(TITLE), _COVER),
        Spacer(1, 10 * mm),
        Paragraph("Institutional assessment report · October 2023", _BODY),
        NextPageTemplate("body"),
        PageBreak(),
        Paragraph("Contents", _H1),
        *(_toc_line(title, page) for title, page in CONTENTS),
        PageBreak(),
    ]


def make_report_pdf(path: Path, *, pages: int = 12, title: str = TITLE) -> Path:
    """Write the sample assessment report as a PDF of exactly ``pages`` pages (at least 5) and return path.

    Page 1 is a cover, page 2 the contents (dot leaders), pages 3-5 the body: headings, paragraphs
    (one with a hyphenated line break), a letter-spaced STRENGTHS heading, bullets, numbered findings
    ('Finding 2.1. ...'), recommendations ('Recommendation 3: ...'), a ruled table with its 'Table 1.'
    caption and a total row, a 'Figure 1.' caption. Pages after 5 are annexes of filler prose. Every
    page but the cover has a running header and a footer with the page number.
    """
    path = Path(path)
    doc = _doc(path)
    doc.title = title
    doc.build([*_cover_and_contents(), *parts_to_flowables(report_parts(pages))])
    return path


def report_markdown(*, pages: int = BASE_PAGES) -> str:
    """The same report as a text rendering gives it: ``#`` headings, blank-line paragraphs, ``-`` bullets,
    tab-separated table rows. The cover and contents pages, and running headers, are not in it.

    ``pages`` matches ``make_report_pdf``'s, so the annex filler is the same.
    """
    out: list[str] = [f"# {TITLE}", ""]
    for part in report_parts(pages):
        if isinstance(part, Heading):
            out += ["#" * (part.level + 1) + " " + (part.text.upper() if part.spaced else part.text), ""]
        elif isinstance(part, Para | Caption):
            out += [part.text, ""]
        elif isinstance(part, Bullet):
            marker = "-" if part.marker == "•" else part.marker
            out += [f"{marker} {part.text}", ""]
        elif isinstance(part, RuledTable):
            out += ["\t".join(row) for row in part.rows]
            out.append("")
    return "\n".join(out)


# Awkward inputs.


def make_encrypted_pdf(path: Path, *, password: str = "secret") -> Path:
    """A short report that opens only with a password."""
    path = Path(path)
    doc = _doc(path, encrypt=StandardEncryption(password, ownerPassword=password + "-owner"))
    doc.build([*_cover_and_contents()[:4], PageBreak(), *parts_to_flowables(REPORT[:4])])
    return path


def _scan_image(path: Path) -> Path:
    """A grey page-sized bitmap with dark bars where lines of text would be: a scan without OCR."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (620, 877), 245)
    draw = ImageDraw.Draw(img)
    for y in range(80, 800, 22):
        draw.rectangle([60, y, 560 - (y * 7) % 120, y + 9], fill=40)
    img_path = path.with_suffix(".png")
    img.save(img_path)
    return img_path


def make_image_only_pdf(path: Path, *, pages: int = 2) -> Path:
    """A scanned document: every page is an image, no page has a text layer."""
    path = Path(path)
    img = _scan_image(path)
    canvas = Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        canvas.drawImage(str(img), 0, 0, PAGE_W, PAGE_H)
        canvas.showPage()
    canvas.save()
    img.unlink()
    return path


def make_mixed_pdf(path: Path) -> Path:
    """Three pages: text, a scanned image with no text layer, text again."""
    path = Path(path)
    img = _scan_image(path)
    canvas = Canvas(str(path), pagesize=A4)
    for n, body in enumerate(["The first page has text.", None, "The third page has text too."], start=1):
        if body is None:
            canvas.drawImage(str(img), 0, 0, PAGE_W, PAGE_H)
        else:
            canvas.setFont("Helvetica", 11)
            canvas.drawString(MARGIN, PAGE_H - 40 * mm, f"Section {n}")
            canvas.drawString(MARGIN, PAGE_H - 50 * mm, body)
        canvas.showPage()
    canvas.save()
    img.unlink()
    return path


LEFT_COLUMN = (
    "The left column opens the argument. IOM's budget grew quickly while its central functions "
    "stayed small, so that headquarters could not keep pace with the country offices. "
) * 3
RIGHT_COLUMN = (
    "The right column closes it. Member States agreed in 2022 to raise the assessed contribution "
    "over five years, which will reduce earmarking only a little. "
) * 3


def make_two_column_pdf(path: Path) -> Path:
    """One page set in two columns, each with its own heading and two paragraphs."""
    path = Path(path)
    doc = _doc(path, first="columns")
    doc.build(
        [
            Paragraph("Left column heading", _H2),
            Paragraph(LEFT_COLUMN, _BODY),
            Paragraph(LEFT_COLUMN, _BODY),
            FrameBreak(),
            Paragraph("Right column heading", _H2),
            Paragraph(RIGHT_COLUMN, _BODY),
            Paragraph(RIGHT_COLUMN, _BODY),
        ]
    )
    return path
