"""One report's document to its validated Extract, every quote checked against its source."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from reportsite.read.document import document_and_pages
from reportsite.records import Extract, Finding, Number, Source
from reportsite.store.catalogue import Entry
from reportsite.store.yaml_io import dump_with_copy, extract_to_data


def extract_report(entry: Entry, shown: str, taxonomy: Taxonomy | None = None) -> Extract:
    """Read the entry's document and extract every record from it."""
    blocks, pages = document_and_pages(entry.path, shown)
    return blocks_to_extract(blocks, entry, shown, taxonomy, _source_text(entry.path, pages))


@dataclass(frozen=True)
class Extracted:
    """A report's Extract with the text of its extract file and the same data as JSON (the form the
    cache loads fast), both made where the report was extracted."""

    extract: Extract
    yaml: str
    json: str


def _extract_task(task: tuple[Entry, str, Taxonomy | None]) -> Extracted:
    extract = extract_report(*task)
    return Extracted(extract, *dump_with_copy(extract_to_data(extract)))


# Seconds of work per byte of document differ by format: a PDF is read by two libraries (its text by
# pdfium, its ruled tables by pdfplumber), text is only parsed. Only the order tasks are handed out in
# depends on these.
_COST_PER_BYTE = {".pdf": 10.0, ".docx": 2.0}


def _cost(task: tuple[Entry, str, Taxonomy | None]) -> float:
    path = task[0].path
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return size * _COST_PER_BYTE.get(path.suffix.lower(), 1.0)


def extract_entries(
    project: Project,
    entries: list[Entry],
    progress: Callable[[str], None] | None = None,
    workers: Workers | None = None,
) -> list[Extract]:
    """Extract each entry in memory, spread over `workers` (extract/schedule.py; by default one
    process per core); the first error stops everything before anything is written. The extracts are
    in the entries' order, the same as one process gives."""
    return [x.extract for x in extract_and_dump(project, entries, progress, workers)]


def extract_and_dump(
    project: Project,
    entries: list[Entry],
    progress: Callable[[str], None] | None = None,
    workers: Workers | None = None,
) -> list[Extracted]:
    """extract_entries, each Extract with its YAML and JSON text, written out by the workers."""
    if not entries:
        return []
    taxonomy = load_taxonomy(project.themes)
    tasks = [(entry, project.shown(entry.path), taxonomy) for entry in entries]

    def done(n: int, extracted: Extracted) -> None:
        if progress:
            say_extracted(progress, n, len(entries), extracted)

    return run_tasks(_extract_task, tasks, workers or Workers(), done, _cost)


def say_extracted(progress: Callable[[str], None], n: int, total: int, extracted: Extracted) -> None:
    """What extract_and_dump prints of the n-th report (from 0) it extracted of total."""
    progress(f"extracting {extracted.extract.report.id} ({n + 1}/{total})")
    for line in quality_summary(extracted.extract):
        progress(line)


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


def _source_text(path: Path, pages: list[str] | None) -> Callable[[Source], str]:
    if pages is not None:

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
