"""Generated PDFs of tables as reports print them: a ruled table running over two pages, a two-level
header, an unruled table set by column alignment under a caption, a form laid out in a grid, and a very
long table (tens of pages, thousands of rows) for the memory bench.

Everything is drawn with reportlab, so the expected cells are known exactly.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()
_GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
    ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
]
PROSE = (
    "The programme reached more people than planned in its second year, and the partners agreed that "
    "the referral system should be kept after the end of the project. "
)


def district_rows(n: int) -> list[list[str]]:
    """Data rows of a long table: a name, a count, a share and an amount, all different per row."""
    return [
        [f"District {k}", f"{k * 7 % 1000}", f"{k % 100}.5%", f"USD {k * 13 % 9000}"] for k in range(1, n + 1)
    ]


DISTRICT_HEADER = ["District", "People reached", "Share", "Budget"]


def make_two_page_table_pdf(path: Path, rows: int = 70, *, repeat_header: bool = True) -> Path:
    """'Table 1. People reached by district', a ruled table of `rows` data rows over two pages, the header
    printed again on the second page when `repeat_header`."""
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    table = Table([DISTRICT_HEADER, *district_rows(rows)], repeatRows=1 if repeat_header else 0)
    table.setStyle(TableStyle(_GRID))
    story = [
        Paragraph("Results by district", _STYLES["Heading1"]),
        Paragraph(PROSE * 3, _STYLES["BodyText"]),
        Paragraph("Table 1. People reached by district", _STYLES["BodyText"]),
        table,
        Spacer(1, 12),
        Paragraph(PROSE * 2, _STYLES["BodyText"]),
    ]
    doc.build(story)
    return path


MULTI_HEADER = [
    ["Region", "2022", "", "2023", ""],
    ["", "Budget", "Spent", "Budget", "Spent"],
]
MULTI_ROWS = [
    ["East", "120", "100", "130", "125"],
    ["West", "80", "75", "95", "90"],
    ["South", "60", "41", "70", "66"],
]


def make_multi_header_pdf(path: Path) -> Path:
    """'Table 2. Budget and spending by region': a year spanning two sub-columns, 'Region' spanning two rows."""
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    table = Table([*MULTI_HEADER, *MULTI_ROWS])
    table.setStyle(
        TableStyle([*_GRID, ("SPAN", (1, 0), (2, 0)), ("SPAN", (3, 0), (4, 0)), ("SPAN", (0, 0), (0, 1))])
    )
    story = [
        Paragraph(PROSE, _STYLES["BodyText"]),
        Paragraph("Table 2. Budget and spending by region", _STYLES["BodyText"]),
        table,
        Paragraph(PROSE, _STYLES["BodyText"]),
    ]
    doc.build(story)
    return path


UNRULED = [
    ["Office", "Staff", "Women", "Vacancies"],
    ["Nairobi", "42", "55%", "3"],
    ["Addis Ababa", "31", "48%", "N/A"],
    ["Djibouti", "12", "50%", "-"],
    ["Mogadishu", "19", "37%", "2"],
]
_UNRULED_X = (72, 220, 300, 380)


def make_unruled_table_pdf(path: Path) -> Path:
    """'Table 3. Staff by office' set with spaces only (no rules), between two paragraphs, and a two-column
    passage of prose further down that must not be read as a table."""
    c = Canvas(str(path), pagesize=A4)
    _, height = A4
    y = height - 72
    c.setFont("Helvetica", 10)
    for line in _wrap(PROSE * 2, 90):
        c.drawString(72, y, line)
        y -= 13
    y -= 10
    c.drawString(72, y, "Table 3. Staff by office")
    y -= 18
    for k, row in enumerate(UNRULED):
        c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", 10)
        for x, cell in zip(_UNRULED_X, row, strict=True):
            c.drawString(x, y, cell)
        y -= 14
    y -= 12
    c.setFont("Helvetica", 10)
    for line in _wrap(PROSE * 2, 90):
        c.drawString(72, y, line)
        y -= 13
    y -= 20
    # Two columns of prose: aligned on two x positions, yet no table.
    left, right = _wrap(PROSE * 2, 40), _wrap(PROSE[::-1].capitalize() * 2, 40)
    for a, b in zip(left, right, strict=False):
        c.drawString(72, y, a)
        c.drawString(320, y, b)
        y -= 13
    c.showPage()
    c.save()
    return path


SHADED_HEADER = [
    ["Donor", "Contribution", "Share"],
    ["Sweden", "412.50", "38%"],
    ["Japan", "250.10", "23%"],
    ["Canada", "198.75", "18%"],
    ["Ireland", "221.40", "21%"],
    ["Total", "1082.75", "100%"],
]


def make_shaded_header_table_pdf(path: Path) -> Path:
    """'Table 4. Contributions by donor', set as many reports set their tables: the header row on a shaded
    band (a filled box, whose sides are the only vertical edges on the page), a rule under the header and
    one above the total, and no rule between the other rows; a paragraph above it and one below."""
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    table = _bold_header_table(
        SHADED_HEADER,
        [150, 100, 80],
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.87, 0.91, 0.95)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    )
    caption = Paragraph("<b>Table 4. Contributions by donor, USD millions</b>", _STYLES["BodyText"])
    note = Paragraph("Source: annual financial statements.", _STYLES["BodyText"])
    return _between_prose(doc, caption, table, note)


def _bold_header_table(rows: list[list[str]], widths: list[int], *style: tuple) -> Table:
    """Rows set in 9-point Helvetica, the header in bold, with the given rules and fills."""
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                *style,
            ]
        )
    )
    return table


def _between_prose(doc: SimpleDocTemplate, caption: Paragraph, table: Table, *after: Paragraph) -> Path:
    """A paragraph, the caption and the table, what follows the table, and a paragraph: the page built."""
    prose = _STYLES["BodyText"]
    doc.build(
        [Paragraph(PROSE * 2, prose), caption, table, Spacer(1, 8), *after, Paragraph(PROSE * 2, prose)]
    )
    return Path(doc.filename)


INNER_RULED = [
    ["Country", "How people reach staff", "How staff follow up"],
    ["Djibouti", "In person at the centre", "In person until departure"],
    ["Ethiopia", "Hotline and office visits", "Phone calls"],
    ["Somalia", "Phone calls to the hotline", "Home visits"],
]
LONG_CAPTION = (
    "TABLE 5. MAIN MODES OF COMMUNICATION BETWEEN MIGRANTS, RETURNEES AND CASE WORKERS, BEFORE AND AFTER "
    "THEIR RETURN"
)


def make_inner_ruled_table_pdf(path: Path) -> Path:
    """A caption long enough to wrap over two lines, right above a table ruled only between its columns
    and above and below it, as many reports set one."""
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    table = _bold_header_table(
        INNER_RULED,
        [110, 170, 170],
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBEFORE", (1, 0), (-1, -1), 0.5, colors.grey),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, colors.black),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
    )
    caption = ParagraphStyle("caption", parent=_STYLES["BodyText"], fontName="Helvetica-Bold", spaceAfter=14)
    return _between_prose(doc, Paragraph(LONG_CAPTION, caption), table)


RUNS_OVER = INNER_RULED
LAST_ROW = ["Sudan", "Group chat and hotline", "Phone calls and visits"]
AFTER_TABLE = "In addition, the returnees valued the support they received from their caseworkers."


SPLIT_ROW = (["Sudan", "Group chat and", "Phone calls and visits"], ["", "hotline", ""])
"""The last row cut by the page break: its start on page 1, its end on page 2."""


def make_last_row_over_page_pdf(path: Path, *, split: bool = False) -> Path:
    """'Table 6.' ruled at the foot of page 1, a two-line footnote under it, and its last row alone at the
    top of page 2 in a grid of the same columns, with a paragraph under it. With split, that row is
    the end of page 1's last row (SPLIT_ROW), cut by the page break."""
    c = Canvas(str(path), pagesize=A4)
    _, height = A4
    xs = (72, 200, 360, 520)

    def grid(rows: list[list[str]], top: float) -> float:
        y = top
        c.line(xs[0], height - y, xs[-1], height - y)
        for row in rows:
            for x, cell in zip(xs, row, strict=False):
                c.drawString(x + 4, height - y - 14, cell)
            y += 20
            c.line(xs[0], height - y, xs[-1], height - y)
        for x in xs:
            c.line(x, height - top, x, height - y)
        return y

    c.setFont("Helvetica", 10)
    for k, line in enumerate(_wrap(PROSE * 6, 90)):
        c.drawString(72, height - 80 - 14 * k, line)
    c.drawString(72, height - 600, "Table 6. How returnees and staff stay in touch")
    grid([*RUNS_OVER, SPLIT_ROW[0]] if split else RUNS_OVER, 610)
    c.setFont("Helvetica", 8)
    c.drawString(
        72, height - 760, "8 This table lists the main ways reported, not every one of them that the"
    )
    c.drawString(72, height - 770, "respondents named.")
    c.showPage()
    c.setFont("Helvetica", 10)
    bottom = grid([SPLIT_ROW[1] if split else LAST_ROW], 72)
    c.drawString(72, height - bottom - 30, AFTER_TABLE)
    c.showPage()
    c.save()
    return path


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


FORM = [
    ["Name of respondent:", "", "Date:", ""],
    ["Office:", "", "Phone:", "+254 20 123 4567"],
    ["Number of staff:", "12", "Signature:", ""],
]


def make_layout_grid_pdf(path: Path) -> Path:
    """A questionnaire form drawn as a ruled grid, and a boxed call-out, neither captioned as a table."""
    doc = SimpleDocTemplate(str(path), pagesize=A4)
    form = Table(FORM, colWidths=[110, 110, 80, 120])
    form.setStyle(TableStyle(_GRID))
    box = Table([["Key message", "Referral systems work when partners share one case file."]])
    box.setStyle(TableStyle(_GRID))
    doc.build(
        [
            Paragraph("Annex 2. Questionnaire", _STYLES["Heading1"]),
            Paragraph(PROSE, _STYLES["BodyText"]),
            form,
            Spacer(1, 12),
            box,
            Paragraph(PROSE, _STYLES["BodyText"]),
        ]
    )
    return path


def make_long_table_pdf(path: Path, rows: int = 8000, pages: int = 69) -> Path:
    """One captioned ruled table of `rows` rows over `pages` pages, the header repeated on each page, drawn
    straight on the canvas (a flowing Table of this size takes reportlab minutes to lay out)."""
    c = Canvas(str(path), pagesize=A4)
    width, height = A4
    per_page = -(-rows // pages)
    xs = (40, 160, 290, 400, width - 40)
    pitch = (height - 110) / (per_page + 1)
    data = district_rows(rows)
    for start in range(0, rows, per_page):
        y = height - 50
        if start == 0:
            c.setFont("Helvetica", 9)
            c.drawString(40, y, "Table 1. People reached by district")
        y -= 14
        block = [DISTRICT_HEADER, *data[start : start + per_page]]
        top = y
        for k, row in enumerate(block):
            c.setFont("Helvetica-Bold" if k == 0 else "Helvetica", min(6, pitch * 0.8))
            for x, cell in zip(xs, row, strict=False):
                c.drawString(x + 2, y - pitch + 1.5, cell)
            c.line(xs[0], y, xs[-1], y)
            y -= pitch
        c.line(xs[0], y, xs[-1], y)
        for x in xs:
            c.line(x, top, x, y)
        c.showPage()
    c.save()
    return path
