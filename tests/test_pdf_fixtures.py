"""Trimmed real pages (tests/fixtures/pdfs): each bug fixed on a real layout stays fixed."""

from __future__ import annotations

from pathlib import Path

from reportsite.extract.figures import blocks_to_figures
from reportsite.extract.findings.collect import blocks_to_findings
from reportsite.extract.ids import IdAllocator
from reportsite.extract.sections import blocks_to_sections
from reportsite.extract.tables import blocks_to_tables
from reportsite.read.blocks import Block
from reportsite.read.pdf.document import pdf_file_to_blocks
from reportsite.records import Finding, Report

PDFS = Path(__file__).parent / "fixtures" / "pdfs"
REPORT = Report(id="r", title="T", publisher="P", date="2023", kind="evaluation", source="sources/r.pdf")


def _blocks(name: str) -> list[Block]:
    return pdf_file_to_blocks(PDFS / name)


def _findings(blocks: list[Block]) -> list[Finding]:
    return blocks_to_findings(blocks, blocks_to_sections(blocks), REPORT, IdAllocator("r"))


def test_a_box_inside_a_finding_leaves_the_finding_whole_across_the_page_break() -> None:
    found = _findings(_blocks("issue-embedded-box.pdf"))
    finding = next(f for f in found if f.label == "Finding 8")
    assert finding.text.startswith("Caseworkers feel that they work collaboratively")
    assert "Reach beneficiaries through other beneficiaries" in finding.text  # on the next page
    assert finding.text.endswith("(referring to Terms of Reference Question No.7).")
    assert "Obock" not in finding.text
    practice = next(f for f in found if f.kind == "good-practice")
    assert practice.text.endswith("helping to prepare them for their return.")
    assert "Practices that were identified" not in practice.text


def test_a_callout_box_is_text_not_a_table() -> None:
    blocks = _blocks("issue-callout-not-table.pdf")
    assert not [b for b in blocks if b.kind == "table"]
    boxed = [b for b in blocks if b.boxed]
    assert [b.text[:40] for b in boxed] == ["Promising Practice: Mentorship Programme"]
    assert not blocks_to_tables(blocks, blocks_to_sections(blocks), REPORT, IdAllocator("r"))


def test_lists_of_figures_and_tables_give_no_captions() -> None:
    blocks = _blocks("issue-front-matter.pdf")
    # A lone page has no running header to recognise by repetition: only the entries must go.
    assert [b.text for b in blocks if b.kind == "heading"] == ["LIST OF FIGURES", "LIST OF TABLES"]
    assert not [b for b in blocks if b.kind == "caption" or b.text.startswith(("Figure", "Table"))]
    assert not blocks_to_figures(blocks, blocks_to_sections(blocks), REPORT, IdAllocator("r"))


def test_a_two_column_brief_reads_down_each_column() -> None:
    blocks = _blocks("issue-two-column-brief.pdf")
    texts = [b.text for b in blocks]
    findings = texts.index("KEY FINDINGS & CONCLUSIONS")
    recommendations = texts.index("KEY RECOMMENDATIONS")
    assert findings < recommendations
    # The left column's last paragraph comes before the right column's heading, not interleaved.
    assert all(b.kind == "paragraph" for b in blocks[findings + 1 : recommendations])
    assert [b.marker for b in blocks if b.kind == "list_item"] == [f"{n}." for n in range(1, 8)]
    numbered = [f for f in _findings(blocks) if f.kind == "recommendation"]
    assert [f.number for f in numbered] == [str(n) for n in range(1, 8)]


def test_an_unlabelled_conclusion_section_gives_one_conclusion_per_paragraph() -> None:
    conclusions = [
        f for f in _findings(_blocks("issue-unlabelled-conclusions.pdf")) if f.kind == "conclusion"
    ]
    assert len(conclusions) == 4
    assert conclusions[0].text.startswith("The JI has been the first IOM programme")
    assert conclusions[-1].text.endswith("monitoring and evaluation of case management.")  # next page
    assert all(f.label is None and f.source.page == 1 for f in conclusions)


def test_a_bold_phrase_inside_a_sentence_does_not_cut_its_paragraph() -> None:
    blocks = _blocks("issue-bold-phrase-in-sentence.pdf")
    first = blocks[0]
    assert first.kind == "paragraph"
    assert "the MDS’s legacy in the Asia-Pacific RDH is real but subtle: it created the space" in first.text
    assert first.text.endswith("as much by on-the-ground realities as by the strategy itself.")
    assert blocks[1].text == "Annex I Case Study Data Sources"


def test_an_outline_entry_sets_the_level_of_the_heading_it_names_on_its_page() -> None:
    from reportsite.read.pdf.outline import Entry, apply_outline

    blocks = [
        Block("heading", "5. Conclusion on MDS influence:", page=10, level=3),
        Block("paragraph", "Lessons learned", page=10),
        Block("paragraph", "Lessons learned", page=4),  # the same words on a page the entry does not name
        Block("heading", "Influence on RDH priorities", page=10, level=5),
    ]
    entries = [
        Entry(1, "5. Conclusion on MDS influence", 10),
        Entry(2, "Lessons learned", 10),
        Entry(1, "A title printed nowhere", 10),
    ]
    out = apply_outline(blocks, entries)
    assert [(b.kind, b.level) for b in out] == [
        ("heading", 1),
        ("heading", 2),
        ("paragraph", 0),
        ("heading", 5),
    ]
