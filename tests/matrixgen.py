"""Management response matrices built for the tests: a PDF (reportlab, English) and a DOCX (python-docx,
French), one ruled table per recommendation with merged cells, and a table that runs over two pages.

Each matrix answers three recommendations: the first accepted, the second partially accepted (its table
long enough to run on to the next page in the PDF), the third rejected. ``EXPECTED`` holds what a reader
of either matrix finds there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import docx
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle


@dataclass(frozen=True)
class Row:
    action: str
    responsible: str
    deadline: str
    status: str


@dataclass(frozen=True)
class Answer:
    recommendation: str
    decision: str
    """As printed after the response label: the decision and any justification."""
    status: str
    rows: tuple[Row, ...]


def _rows(n: int, offset: int = 0) -> tuple[Row, ...]:
    return tuple(
        Row(f"Equip border post {k} with a document scanner.", "Border unit", "June 2026", "Open")
        for k in range(1 + offset, n + 1 + offset)
    )


ENGLISH = (
    Answer(
        "Train the staff of every border post on the new referral procedures.",
        "Accepted",
        "accepted",
        (
            Row("Run a training of trainers for post supervisors.", "Training unit", "March 2026", "Completed"),
            Row("Roll the training out to every post.", "Training unit", "December 2026", "Open"),
        ),
    ),
    Answer(
        "Equip all border posts with document scanners.",
        "Partially accepted. Only the posts in the north can be equipped with this year's budget.",
        "partially accepted",
        _rows(36),
    ),
    Answer(
        "Close the posts that receive fewer than ten travellers a day.",
        "Rejected. The posts serve communities that have no other crossing.",
        "rejected",
        (),
    ),
)  # fmt: skip

FRENCH = (
    Answer(
        "Former le personnel de chaque poste frontalier aux nouvelles procédures d’orientation.",
        "Acceptée",
        "accepted",
        (
            Row("Organiser une formation de formateurs pour les superviseurs.", "Unité formation", "Mars 2026", "Achevée"),
            Row("Étendre la formation à tous les postes.", "Unité formation", "Décembre 2026", "En cours"),
        ),
    ),
    Answer(
        "Équiper tous les postes frontaliers de scanners de documents.",
        "Partiellement acceptée. Le budget de l’année ne couvre que les postes du nord.",
        "partially accepted",
        (
            Row("Équiper les postes du nord.", "Unité frontières", "Juin 2026", "Ouverte"),
            Row("Chercher un financement pour les autres postes.", "Unité frontières", "Juin 2027", "Ouverte"),
        ),
    ),
    Answer(
        "Fermer les postes qui reçoivent moins de dix voyageurs par jour.",
        "Rejetée. Ces postes servent des communautés sans autre point de passage.",
        "rejected",
        (),
    ),
)  # fmt: skip


def make_matrix_pdf(path: Path, answers: tuple[Answer, ...] = ENGLISH) -> Path:
    styles = getSampleStyleSheet()
    cell = styles["BodyText"]
    story: list = [Paragraph("Management response and action plan", styles["Title"]), Spacer(1, 6 * mm)]
    for n, answer in enumerate(answers, start=1):
        data: list[list] = [
            [Paragraph(f"Recommendation {n}: {answer.recommendation}", cell), "", "", ""],
            [Paragraph(f"Management response: {answer.decision}", cell), "", "", ""],
            ["Key action", "Responsible", "Deadline", "Status"],
            *([Paragraph(r.action, cell), r.responsible, r.deadline, r.status] for r in answer.rows),
        ]
        table = Table(data, colWidths=[80 * mm, 32 * mm, 30 * mm, 28 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle([
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("SPAN", (0, 0), (-1, 0)),
                ("SPAN", (0, 1), (-1, 1)),
                ("FONT", (0, 2), (-1, 2), "Helvetica-Bold", 10),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ])
        )  # fmt: skip
        story += [table, Spacer(1, 6 * mm)]
    SimpleDocTemplate(str(path), pagesize=A4).build(story)
    return path


def make_matrix_docx(path: Path, answers: tuple[Answer, ...] = FRENCH) -> Path:
    d = docx.Document()
    d.add_heading("Réponse de la direction et plan d’action", level=1)
    for n, answer in enumerate(answers, start=1):
        top = 2 if answer.decision else 1  # a recommendation left unanswered has no response row
        table = d.add_table(rows=top + 1 + len(answer.rows), cols=4)
        table.style = "Table Grid"
        table.cell(0, 0).merge(table.cell(0, 3)).text = f"Recommandation {n} : {answer.recommendation}"
        if answer.decision:
            table.cell(1, 0).text = "Réponse de la direction"
            table.cell(1, 1).merge(table.cell(1, 3)).text = answer.decision
        for c, name in enumerate(("Action clé", "Responsable", "Échéance", "Statut")):
            table.cell(top, c).text = name
        for r, row in enumerate(answer.rows, start=top + 1):
            for c, value in enumerate((row.action, row.responsible, row.deadline, row.status)):
                table.cell(r, c).text = value
        if len(answer.rows) >= 2 and answer.rows[0].responsible == answer.rows[1].responsible:
            # One unit answers for both actions: a cell merged down two rows.
            merged = table.cell(top + 1, 1).merge(table.cell(top + 2, 1))
            merged.text = answer.rows[0].responsible
        d.add_paragraph("")
    d.save(str(path))
    return path
