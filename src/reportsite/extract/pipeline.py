"""One report's document to its validated Extract, every quote checked against its source."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from reportsite.errors import ExtractError
from reportsite.extract.figures import blocks_to_figures
from reportsite.extract.findings.collect import blocks_to_findings
from reportsite.extract.glossary import blocks_to_glossary
from reportsite.extract.ids import IdAllocator
from reportsite.extract.numbers import blocks_to_numbers
from reportsite.extract.quality import counts_by_kind, quality_warnings, response_coverage
from reportsite.extract.schedule import Workers, run_tasks
from reportsite.extract.sections import blocks_to_sections
from reportsite.extract.tables import blocks_to_tables
from reportsite.extract.verify import trim_to_source, unverified
from reportsite.link.themes import Taxonomy, assign_themes, load_taxonomy, record_theme_text
from reportsite.project import Project
from reportsite.read.blocks import Block
from reportsite.read.document import document_to_blocks
from reportsite.records import Extract, Finding, Number, Source
from reportsite.store.catalogue import Entry


def extract_report(entry: Entry, shown: str, taxonomy: Taxonomy | None = None) -> Extract:
    """Read the entry's document and extract every record from it."""
    blocks = document_to_blocks(entry.path, shown)
    return blocks_to_extract(blocks, entry, shown, taxonomy, _source_text(entry.path, blocks))


def _extract_task(task: tuple[Entry, str, Taxonomy | None]) -> Extract:
    return extract_report(*task)


def extract_entries(
    project: Project,
    entries: list[Entry],
    progress: Callable[[str], None] | None = None,
    workers: Workers | None = None,
) -> list[Extract]:
    """Extract each entry in memory, spread over `workers` (extract/schedule.py; by default one
    process per core); the first error stops everything before anything is written. The extracts are
    in the entries' order, the same as one process gives."""
    if not entries:
        return []
    taxonomy = load_taxonomy(project.themes)
    tasks = [(entry, project.shown(entry.path), taxonomy) for entry in entries]

    def done(n: int, extract: Extract) -> None:
        if progress:
            progress(f"extracting {extract.report.id} ({n + 1}/{len(entries)})")
            for line in quality_summary(extract):
                progress(line)

    return run_tasks(_extract_task, tasks, workers or Workers(), done)


def quality_summary(extract: Extract) -> list[str]:
    """'  iom-x: finding 16, recommendation 9, tables 4, ...' and one line per warning."""
    counts = ", ".join(f"{k} {v}" for k, v in counts_by_kind(extract).items())
    coverage = response_coverage(extract)
    return [
        f"  {extract.report.id}: {counts}",
        *([f"  {extract.report.id}: {coverage}"] if coverage else []),
        *(f"  warning: {w}" for w in extract.warnings),
    ]


def blocks_to_extract(
    blocks: list[Block],
    entry: Entry,
    shown: str,
    taxonomy: Taxonomy | None,
    source_text: Callable[[Source], str],
) -> Extract:
    report = entry.report
    sections = blocks_to_sections(blocks)
    ids = IdAllocator(report.id)
    findings = blocks_to_findings(blocks, sections, report, ids)
    tables = blocks_to_tables(blocks, sections, report, ids)
    figures = blocks_to_figures(blocks, sections, report, ids)
    numbers = blocks_to_numbers(blocks, sections, report, ids)
    glossary = blocks_to_glossary(blocks, sections)
    if taxonomy is not None:
        themed: list[Finding | Number] = [*findings, *numbers]
        for record in themed:
            # The same text the link stage judges, so both stages agree on a record's themes.
            record.themes, reasons = assign_themes(
                record_theme_text(
                    getattr(record, "title", None), record.text, getattr(record, "section", "")
                ),
                taxonomy,
            )
            if hasattr(record, "theme_reasons"):
                record.theme_reasons = reasons
    doubts = unverified(
        [
            *((f.id, f.text, f.source) for f in findings),
            *((n.id, n.text, n.source) for n in numbers),
            *((f.id, f.caption, f.source) for f in figures),
        ],
        source_text,
    )
    trimmed = [f.id for f in findings if f.id in doubts and trim_to_source(f, source_text)]
    for rec_id in trimmed:
        doubts[rec_id] = doubts[rec_id].split(": dropped")[0] + f": {rec_id} cut to the sentences found there"
    findings = [f for f in findings if f.id not in doubts or f.id in trimmed]
    numbers = [n for n in numbers if n.id not in doubts]
    figures = [f for f in figures if f.id not in doubts]
    try:
        extract = Extract(
            report=report,
            findings=findings,
            tables=tables,
            figures=figures,
            numbers=numbers,
            glossary=glossary,
        )
    except ValidationError as exc:
        raise ExtractError(f"invalid records: {exc.errors()[0]['msg']}", shown) from None
    extract.warnings = [*doubts.values(), *quality_warnings(extract, blocks)]
    return extract


def _source_text(path: Path, blocks: list[Block]) -> Callable[[Source], str]:
    if path.suffix.lower() == ".pdf":
        from reportsite.read.pdf.document import pdf_page_texts

        pages = pdf_page_texts(path)

        def page_text(source: Source) -> str:
            page = source.page or 0
            # A record may run on to the next page, past the last block it was read from.
            return " ".join(pages[page - 1 : max(page, source.last_page or 0) + 1])

        return page_text
    if path.suffix.lower() == ".docx":
        return _docx_source_text(path)
    from reportsite.read.text import decode

    lines = decode(path.read_bytes(), str(path)).replace("\r\n", "\n").replace("\r", "\n").split("\n")

    def line_text(source: Source) -> str:
        a, b = source.lines or (1, len(lines))
        return "\n".join(lines[a - 1 : b])

    return line_text


# A record read from a DOCX names the paragraph or table row it starts at; its quote may run on over the
# paragraphs and rows after it (an item's evidence, a matrix's next rows), never before.
_DOCX_RUN = 60


def _docx_source_text(path: Path) -> Callable[[Source], str]:
    from reportsite.read.docx import docx_place_texts

    paragraphs, rows, texts = docx_place_texts(path)

    def place_text(source: Source) -> str:
        if source.paragraph is not None:
            start = paragraphs.get(source.paragraph, 0)
        elif source.table_row is not None:
            start = rows.get((source.table_row[0], source.table_row[1]), 0)
        else:
            start = 0
        return " ".join(texts[start : start + _DOCX_RUN])

    return place_text
