"""A synthetic corpus of assessment reports, shaped like the real ones, for measuring speed at scale.

Each report is drawn from a random generator seeded by the corpus seed and the report's index, so the
same arguments always give the same documents (byte for byte: reportlab is run in invariant mode, which
leaves out the creation date and the random document id). A report holds, like a MOPAN assessment:

* an executive summary with STRENGTHS and AREAS FOR IMPROVEMENT bullet lists;
* chapters per performance area with numbered findings ("Finding 2.1. Title." and a body paragraph);
* tables of contributions whose last row is a stated total (most add up, a few are off by rounding);
* "Figure N." captions (in a PDF, above a bar chart drawn as vector graphics);
* amounts like "USD 2.5 million in 2022" in the running text;
* a RECOMMENDATIONS chapter ("Recommendation 3: ...").

About FINDINGS_PER_REPORT statements per report carry a finding page on the site. Reports come as
.txt (the shape of the seed texts: capitalised headings, ``-`` bullets, tab-separated tables), .md
(``#`` headings) or PDF (reportlab: running header and footer, bold lead-ins, ruled tables).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FINDINGS_PER_REPORT = 50
PDF_EVERY = 5
"""One report in PDF_EVERY is a PDF; PDFs cost far more to read than text, as in a real catalogue."""
MD_EVERY = 7

AREAS = (
    "Strategic management",
    "Operational management",
    "Relationship management",
    "Performance management",
    "Results",
)
ORGS = ("IOM", "the organisation", "UNHCR", "WFP", "UNICEF", "UNDP", "the secretariat", "the agency")
SUBJECTS = (
    "results-based management",
    "its financial framework",
    "risk management",
    "the evaluation function",
    "human resource management",
    "gender equality",
    "accountability to affected populations",
    "its humanitarian response",
    "knowledge management",
    "country strategies",
    "procurement processes",
    "protection from sexual exploitation and abuse",
    "localisation",
    "climate and migration programming",
    "the humanitarian-development-peace nexus",
    "partnerships with national governments",
    "data and evidence",
    "internal oversight",
    "unearmarked funding",
    "the enterprise resource planning system",
)
VERBS = (
    "has strengthened",
    "has made progress on",
    "still needs to consolidate",
    "has not yet fully integrated",
    "has invested in",
    "continues to struggle with",
    "has clarified",
    "has decentralised",
    "could do more to align",
    "has significantly improved",
)
QUALIFIERS = (
    "across its field network",
    "at headquarters level",
    "in crisis contexts",
    "since the previous assessment",
    "within the available resources",
    "in line with UN standards",
    "at regional and country level",
    "over the assessment period",
)
OPENERS = (
    "The assessment found that",
    "Evidence from the partner survey shows that",
    "Interviews with staff confirmed that",
    "Documentary evidence suggests that",
    "Member states noted that",
    "As in the previous cycle,",
)
CONSEQUENCES = (
    "This limits the scope to allocate resources strategically.",
    "This has brought greater coherence across the organisation.",
    "Implementation will, however, take several years.",
    "The reforms need to be operationalised and consolidated.",
    "Reporting against corporate priorities remains a manual process.",
    "Funders value this flexibility highly.",
    "Staff turnover and temporary contracts weaken institutional memory.",
    "Oversight and control mechanisms have improved as a result.",
)
DONORS = (
    "United States",
    "Germany",
    "Japan",
    "United Kingdom",
    "Netherlands",
    "Sweden",
    "Italy",
    "Denmark",
    "Korea",
    "France",
    "Canada",
    "Norway",
    "Australia",
    "Spain",
    "Finland",
    "Belgium",
    "Ireland",
    "Switzerland",
)
FIGURE_SUBJECTS = (
    "Voluntary contributions",
    "Overview of unearmarked contributions",
    "The timing of contributions",
    "Share of humanitarian funding",
    "Workforce growth by contract type",
    "Evaluation coverage by region",
    "Budget by strategic objective",
)
PUBLISHERS = ("MOPAN", "IOM", "OECD", "UNEG")
KINDS = ("assessment", "evaluation", "annual-report", "assessment-brief", "management-response")


@dataclass
class Table:
    number: int
    caption: str
    columns: tuple[str, str]
    rows: list[tuple[str, float]]
    total: float
    source: str


@dataclass
class Figure:
    number: int
    caption: str
    bars: list[tuple[str, float]]


@dataclass
class Finding:
    number: str
    title: str
    body: str


@dataclass
class Chapter:
    number: int
    title: str
    intro: str
    findings: list[Finding] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)


@dataclass
class Report:
    id: str
    title: str
    publisher: str
    date: str
    kind: str
    cycle: str | None
    suffix: str
    summary: list[str]
    strengths: list[str]
    improvements: list[str]
    chapters: list[Chapter]
    recommendations: list[str]

    @property
    def file(self) -> str:
        return f"{self.id}{self.suffix}"

    def statement_count(self) -> int:
        findings = sum(len(c.findings) for c in self.chapters)
        return findings + len(self.strengths) + len(self.improvements) + len(self.recommendations)


class Writer:
    """Sentences and numbers from one seeded generator, so that a report is a function of its seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def amount(self) -> str:
        r = self.rng
        scale = r.choice(("million", "million", "billion"))
        value = round(r.uniform(0.5, 9.9), 1) if scale == "million" else round(r.uniform(1.0, 3.5), 2)
        return f"USD {value} {scale} in {r.randint(2017, 2023)}"

    def sentence(self) -> str:
        r = self.rng
        org = r.choice(ORGS)
        text = f"{r.choice(OPENERS)} {org} {r.choice(VERBS)} {r.choice(SUBJECTS)} {r.choice(QUALIFIERS)}."
        return text[0].upper() + text[1:]

    def number_sentence(self) -> str:
        r = self.rng
        subject = r.choice(("Its budget", "Unearmarked funding", "Humanitarian spending", "The reserve"))
        scale = r.choice(("million", "million", "billion"))
        start = round(r.uniform(0.5, 9.9) if scale == "million" else r.uniform(1.0, 3.5), 1)
        end = round(start * r.uniform(1.05, 1.6), 1)
        first = r.randint(2015, 2020)
        return (
            f"{subject} rose from USD {start} {scale} in {first} to USD {end} {scale} in "
            f"{first + r.randint(1, 4)}, {r.randint(3, 97)}% of the total."
        )

    def paragraph(self, sentences: int) -> str:
        parts = [self.sentence() for _ in range(sentences)]
        if self.rng.random() < 0.4:
            parts.insert(self.rng.randrange(len(parts) + 1), self.number_sentence())
        parts.append(self.rng.choice(CONSEQUENCES))
        return " ".join(parts)

    def title(self) -> str:
        r = self.rng
        text = f"{r.choice(ORGS)} {r.choice(VERBS)} {r.choice(SUBJECTS)}"
        return text[0].upper() + text[1:]

    def bullet(self) -> str:
        r = self.rng
        subject = r.choice(SUBJECTS)
        return f"{subject[0].upper()}{subject[1:]}: {r.choice(ORGS)} {r.choice(VERBS)} it {r.choice(QUALIFIERS)}."

    def table(self, number: int) -> Table:
        r = self.rng
        donors = r.sample(DONORS, r.randint(5, 10))
        rows = [(d, round(r.uniform(0.5, 600.0), 2)) for d in donors]
        total = round(sum(v for _, v in rows), 2)
        if r.random() < 0.1:
            # Real reports sometimes state a total that the rounded rows do not add up to.
            total = round(total + 0.1, 2)
        year = r.randint(2018, 2023)
        caption = f"Table {number}. Contributions to {r.choice(ORGS)} in {year}, USD millions"
        source = f"Source: Financial Report for the Year Ended 31 December {year}."
        return Table(number, caption, ("Member", "Contribution USD millions"), rows, total, source)

    def figure(self, number: int) -> Figure:
        r = self.rng
        years = range(r.randint(2015, 2018), 2024)
        bars = [(str(y), round(r.uniform(100, 900), 1)) for y in years]
        return Figure(number, f"Figure {number}. {r.choice(FIGURE_SUBJECTS)}, {years[0]}-{years[-1]}", bars)


def make_report(
    seed: int, index: int, findings: int = FINDINGS_PER_REPORT, suffix: str | None = None
) -> Report:
    """The index-th report of the corpus with this seed, holding about `findings` statements."""
    rng = random.Random(f"reportsite-bench-{seed}-{index}")
    w = Writer(rng)
    if suffix is None:
        suffix = ".pdf" if index % PDF_EVERY == PDF_EVERY - 1 else ".md" if index % MD_EVERY == 3 else ".txt"
    year = rng.randint(2014, 2024)
    publisher = rng.choice(PUBLISHERS)
    strengths = [w.bullet() for _ in range(rng.randint(5, 7))]
    improvements = [w.bullet() for _ in range(rng.randint(5, 7))]
    recommendations = [w.paragraph(1) for _ in range(rng.randint(5, 7))]
    numbered = max(findings - len(strengths) - len(improvements) - len(recommendations), 1)
    # About nine findings a chapter, as in a MOPAN assessment; long reports get more chapters.
    count = max(len(AREAS), -(-numbered // 9))
    chapters: list[Chapter] = []
    figure_no = 0
    for n in range(1, count + 1):
        chapter = Chapter(n, AREAS[(n - 1) % len(AREAS)], w.paragraph(3))
        take = numbered // count + (1 if n <= numbered % count else 0)
        for k in range(1, take + 1):
            chapter.findings.append(Finding(f"{n}.{k}", w.title(), w.paragraph(rng.randint(2, 4))))
        chapter.tables.append(w.table(n))
        if rng.random() < 0.8:
            figure_no += 1
            chapter.figures.append(w.figure(figure_no))
        chapters.append(chapter)
    return Report(
        id=f"bench-{index:04d}",
        title=f"Assessment of {rng.choice(ORGS).removeprefix('the ')} performance {year - 1}-{year}",
        publisher=publisher,
        date=f"{year}-{rng.randint(1, 12):02d}",
        kind=rng.choice(KINDS),
        cycle=rng.choice(("2019", "2023", None)),
        suffix=suffix,
        summary=[w.paragraph(4) for _ in range(3)],
        strengths=strengths,
        improvements=improvements,
        chapters=chapters,
        recommendations=recommendations,
    )


# --- text and Markdown -------------------------------------------------------------------------------


def report_to_text(report: Report) -> str:
    """The report as the seed texts look: capitalised headings (or # headings in .md), - bullets, tabs."""
    md = report.suffix == ".md"

    def heading(text: str, level: int) -> str:
        return f"{'#' * level} {text}" if md else text.upper()

    out: list[str] = [heading(report.title, 1), "", report.publisher, "", report.date, "", ""]
    out += [heading("Executive summary", 2), ""]
    for para in report.summary:
        out += [para, ""]
    out += [heading("Strengths", 2), ""]
    out += [f"- {b}" for b in report.strengths] + [""]
    out += [heading("Areas for improvement", 2), ""]
    out += [f"- {b}" for b in report.improvements] + ["", ""]
    for chapter in report.chapters:
        out += [heading(f"{chapter.number}. {chapter.title}", 2), "", chapter.intro, ""]
        for i, finding in enumerate(chapter.findings):
            out += [f"Finding {finding.number}. {finding.title}.", "", finding.body, ""]
            if i == len(chapter.findings) // 2:
                for table in chapter.tables:
                    out += _table_lines(table)
                for figure in chapter.figures:
                    out += [figure.caption, "", f"Source: {report.publisher} analysis.", ""]
        out.append("")
    out += [heading("Recommendations", 2), ""]
    for n, rec in enumerate(report.recommendations, 1):
        out += [f"Recommendation {n}: {rec}", ""]
    return "\n".join(out)


def _table_lines(table: Table) -> list[str]:
    lines = [table.caption, "", "\t".join(table.columns)]
    lines += [f"{name}\t{value:.2f}" for name, value in table.rows]
    lines += [f"Total\t{table.total:.2f}", "", table.source, ""]
    return lines


# --- PDF ---------------------------------------------------------------------------------------------


WHOLE_PARAGRAPHS = True
"""Keep each paragraph on one page. The reader cannot yet check a quote that runs on to the next page
past its running header (reported in bench/README.md); set False to lay paragraphs out across pages."""


def report_to_pdf(report: Report, path: Path, whole_paragraphs: bool = WHOLE_PARAGRAPHS) -> int:
    """Write the report as a PDF laid out like a published assessment; return its page count."""
    from reportlab import rl_config
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        TableStyle,
    )
    from reportlab.platypus import (
        Table as RLTable,
    )
    from reportlab.platypus.flowables import Flowable

    rl_config.invariant = 1
    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontName="Helvetica", fontSize=10, leading=13)
    caption = ParagraphStyle("caption", parent=body, fontName="Helvetica-Bold", fontSize=9, spaceBefore=6)
    note = ParagraphStyle("note", parent=body, fontSize=8, textColor=colors.grey)
    h1 = ParagraphStyle("h1", parent=styles["Heading1"], fontName="Helvetica-Bold", fontSize=16)
    h2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName="Helvetica-Bold", fontSize=12)
    bullet_style = ParagraphStyle("bullet", parent=body, leftIndent=18, bulletIndent=6)

    def esc(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def decorate(c: Canvas, doc: SimpleDocTemplate) -> None:
        # A running header and a page number, as on every published report: the reader must drop them.
        c.saveState()
        c.setFont("Helvetica", 8)
        c.setFillColor(colors.grey)
        c.drawString(2 * cm, A4[1] - 1.2 * cm, report.title[:90])
        c.drawRightString(A4[0] - 2 * cm, 1.2 * cm, str(doc.page))
        c.restoreState()

    def para(markup: str, style: ParagraphStyle = body, bullet: str | None = None) -> Flowable:
        p = Paragraph(markup, style, bulletText=bullet)
        return KeepTogether([p]) if whole_paragraphs else p

    def bullets(items: list[str]) -> list[Flowable]:
        return [para(esc(b), bullet_style, "•") for b in items]

    def table_flow(table: Table) -> list[Flowable]:
        data = [list(table.columns)] + [[n, f"{v:.2f}"] for n, v in table.rows]
        data.append(["Total", f"{table.total:.2f}"])
        t = RLTable(data, colWidths=[7 * cm, 5 * cm], hAlign="LEFT")
        t.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                    ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                    ("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 9),
                    ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                    ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dfe8f3")),
                ]
            )
        )
        return [KeepTogether([Paragraph(esc(table.caption), caption), t, Paragraph(esc(table.source), note)])]

    def figure_flow(figure: Figure) -> list[Flowable]:
        drawing = Drawing(14 * cm, 5 * cm)
        chart = VerticalBarChart()
        chart.x, chart.y, chart.width, chart.height = 30, 20, 12 * cm, 4 * cm
        chart.data = [[v for _, v in figure.bars]]
        chart.categoryAxis.categoryNames = [k for k, _ in figure.bars]
        chart.bars[0].fillColor = colors.HexColor("#0b5ea8")
        drawing.add(chart)
        return [KeepTogether([Paragraph(esc(figure.caption), caption), drawing])]

    story: list[Flowable] = [
        Paragraph(esc(report.title), h1),
        Paragraph(f"{esc(report.publisher)} · {report.date}", body),
        Spacer(1, 12),
        Paragraph("EXECUTIVE SUMMARY", h2),
    ]
    story += [para(esc(p)) for p in report.summary]
    story += [Paragraph("STRENGTHS", h2), *bullets(report.strengths)]
    story += [Paragraph("AREAS FOR IMPROVEMENT", h2), *bullets(report.improvements)]
    for chapter in report.chapters:
        story += [Paragraph(f"{chapter.number}. {esc(chapter.title.upper())}", h2)]
        story += [para(esc(chapter.intro))]
        for i, finding in enumerate(chapter.findings):
            story.append(para(f"<b>Finding {finding.number}. {esc(finding.title)}.</b>"))
            story.append(para(esc(finding.body)))
            if i == len(chapter.findings) // 2:
                for table in chapter.tables:
                    story += table_flow(table)
                for figure in chapter.figures:
                    story += figure_flow(figure)
    story += [Paragraph("RECOMMENDATIONS", h2)]
    story += [para(f"<b>Recommendation {n}:</b> {esc(r)}") for n, r in enumerate(report.recommendations, 1)]

    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        title=report.title,
        author=report.publisher,
        invariant=1,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return int(doc.page)


def long_pdf(path: Path, pages: int = 100, seed: int = 1) -> int:
    """A single report of exactly `pages` pages (or the nearest the layout allows); return its page count.

    The number of findings that fills a page count is found by laying the report out a few times; the
    result is kept, so later runs only check the file is there.
    """
    marker = path.with_suffix(".pages")
    if path.is_file() and marker.is_file() and marker.read_text().endswith(f" {WHOLE_PARAGRAPHS}"):
        return int(marker.read_text().split()[0])
    findings = pages * 5
    got = 0
    tried: dict[int, int] = {}
    for _ in range(8):
        got = report_to_pdf(make_report(seed, 0, findings, ".pdf"), path)
        tried[findings] = got
        if got == pages:
            break
        # Pages grow about linearly with findings; step by the estimate, at least one finding.
        step = round((pages - got) * findings / max(got, 1))
        findings += step if step else (1 if got < pages else -1)
        if findings in tried:
            break
    if got != pages:
        best = min(tried, key=lambda f: (abs(tried[f] - pages), -tried[f]))
        got = report_to_pdf(make_report(seed, 0, best, ".pdf"), path)
    marker.write_text(f"{got} {WHOLE_PARAGRAPHS}")
    return got


# --- the corpus as a project ---------------------------------------------------------------------------


def reports(count: int, seed: int) -> Iterator[Report]:
    for index in range(count):
        yield make_report(seed, index)


def write_report(report: Report, sources: Path) -> None:
    path = sources / report.file
    if report.suffix == ".pdf":
        report_to_pdf(report, path)
    else:
        path.write_text(report_to_text(report), encoding="utf-8")


def catalogue_entry(report: Report) -> str:
    cycle = f'"{report.cycle}"' if report.cycle else "null"
    return (
        f"  - id: {report.id}\n"
        f'    title: "{report.title}"\n'
        f"    publisher: {report.publisher}\n"
        f'    date: "{report.date}"\n'
        f"    kind: {report.kind}\n"
        f"    cycle: {cycle}\n"
        f"    file: {report.file}\n"
    )


def write_corpus(root: Path, count: int, seed: int = 1) -> dict[str, int]:
    """Write sources/ (documents and catalogue.yml) for `count` reports under root; return a summary.

    A corpus already written with the same count and seed is reused: generating hundreds of PDFs is
    slower than some of the measurements.
    """
    sources = root / "sources"
    stamp = sources / ".bench-corpus"
    want = (
        f"count={count} seed={seed} findings={FINDINGS_PER_REPORT} pdf_every={PDF_EVERY} "
        f"whole_paragraphs={WHOLE_PARAGRAPHS}\n"
    )
    if stamp.is_file() and stamp.read_text() == want:
        return _summary(count, seed)
    sources.mkdir(parents=True, exist_ok=True)
    entries = []
    for report in reports(count, seed):
        write_report(report, sources)
        entries.append(catalogue_entry(report))
    (sources / "catalogue.yml").write_text(
        "# A synthetic corpus written by bench/corpus.py.\nreports:\n" + "".join(entries), encoding="utf-8"
    )
    stamp.write_text(want)
    return _summary(count, seed)


def _summary(count: int, seed: int) -> dict[str, int]:
    made = list(reports(count, seed))
    return {
        "reports": count,
        "pdf": sum(r.suffix == ".pdf" for r in made),
        "statements": sum(r.statement_count() for r in made),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic corpus of reports (sources/ only).")
    parser.add_argument("root", type=Path, help="Project folder to write sources/ into.")
    parser.add_argument("--reports", type=int, default=10, help="How many reports.")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the random generator.")
    args = parser.parse_args()
    print(write_corpus(args.root, args.reports, args.seed))


if __name__ == "__main__":
    main()
