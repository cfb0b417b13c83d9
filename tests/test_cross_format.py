"""The same report as a PDF and as text gives the same findings and tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import pdfgen
from reportsite.extract.pipeline import extract_report
from reportsite.extract.verify import letters_only
from reportsite.records import Extract, Report
from reportsite.store.catalogue import Entry


def _entry(path: Path) -> Entry:
    report = Report(
        id="mopan-2023-sample",
        title=pdfgen.TITLE,
        publisher="MOPAN",
        date="2023-10",
        kind="assessment",
        cycle="2023",
        source=f"sources/{path.name}",
    )
    return Entry(report=report, path=path, line=1)


@pytest.fixture(scope="module")
def extracts(tmp_path_factory: pytest.TempPathFactory) -> tuple[Extract, Extract]:
    folder = tmp_path_factory.mktemp("sources")
    pdf = pdfgen.make_report_pdf(folder / "sample.pdf", pages=pdfgen.BASE_PAGES)
    text = folder / "sample.md"
    text.write_text(pdfgen.report_markdown(), encoding="utf-8")
    return (
        extract_report(_entry(pdf), "sources/sample.pdf"),
        extract_report(_entry(text), "sources/sample.md"),
    )


def _findings(extract: Extract) -> list[tuple[str, str, str | None, str, str]]:
    return [(f.id, f.kind, f.number, letters_only(f.text), f.section) for f in extract.findings]


def test_both_formats_give_the_same_findings(extracts: tuple[Extract, Extract]) -> None:
    from_pdf, from_text = extracts
    assert _findings(from_pdf) == _findings(from_text)
    numbers = {f.number for f in from_pdf.findings}
    assert {"2.1", "2.2", "3", "4"} <= numbers


def test_both_formats_give_the_same_tables(extracts: tuple[Extract, Extract]) -> None:
    from_pdf, from_text = extracts
    assert [(t.id, t.caption, t.columns, t.rows) for t in from_pdf.tables] == [
        (t.id, t.caption, t.columns, t.rows) for t in from_text.tables
    ]
    assert [row[0] for row in from_pdf.tables[0].rows][-1] == "Total"


def test_the_table_header_and_total_are_recognised(extracts: tuple[Extract, Extract]) -> None:
    for extract in extracts:
        (table,) = extract.tables
        assert table.columns == list(pdfgen.TABLE_1_ROWS[0])
        assert table.total is not None and table.total.ok


def test_both_formats_give_the_same_figures(extracts: tuple[Extract, Extract]) -> None:
    from_pdf, from_text = extracts
    assert [(f.id, f.caption) for f in from_pdf.figures] == [(f.id, f.caption) for f in from_text.figures]


def test_pdf_records_cite_pages(extracts: tuple[Extract, Extract]) -> None:
    from_pdf, _ = extracts
    finding = next(f for f in from_pdf.findings if f.number == "2.1")
    assert finding.source.page == 4
    assert finding.source.bbox is not None
