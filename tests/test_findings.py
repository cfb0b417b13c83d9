"""Findings: one fixture per rule (a small text and the findings expected from it), then the five seeds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from reportsite.extract.findings.collect import blocks_to_findings
from reportsite.extract.ids import IdAllocator
from reportsite.extract.sections import blocks_to_sections
from reportsite.extract.verify import quote_in
from reportsite.read.blocks import Block
from reportsite.read.document import document_to_blocks
from reportsite.read.text import text_to_blocks
from reportsite.records import Finding, Report
from reportsite.store.catalogue import load_catalogue

FIXTURES = Path(__file__).parent / "fixtures" / "findings"
ROOT = Path(__file__).resolve().parents[1]
FIELDS = ("id", "kind", "title", "number", "label", "text", "section")


def _report(kind: str = "other", report_id: str = "test-report") -> Report:
    return Report(
        id=report_id, title="Test", publisher="Test", date="2020", kind=kind, source="sources/t.txt"
    )


def _findings(text: str, kind: str = "other") -> list[Finding]:
    blocks = text_to_blocks(text)
    return blocks_to_findings(blocks, blocks_to_sections(blocks), _report(kind), IdAllocator("test-report"))


def _as_expected(finding: Finding) -> dict:
    got = {k: getattr(finding, k) for k in FIELDS if getattr(finding, k) is not None}
    got["lines"] = finding.source.lines
    return got


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.txt")))
def test_fixture(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    spec = yaml.safe_load((FIXTURES / f"{name}.yml").read_text(encoding="utf-8"))
    found = _findings(text, spec.get("report_kind", "other"))
    assert [_as_expected(f) for f in found] == spec["findings"]


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.txt")))
def test_fixture_quotes_are_verbatim(name: str) -> None:
    text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    spec = yaml.safe_load((FIXTURES / f"{name}.yml").read_text(encoding="utf-8"))
    lines = text.split("\n")
    for f in _findings(text, spec.get("report_kind", "other")):
        a, b = f.source.lines
        assert quote_in(f.text, "\n".join(lines[a - 1 : b])), f.id


def test_blocks_from_a_pdf_cite_their_page() -> None:
    blocks = [
        Block("heading", "3. Findings", page=11, level=1),
        Block("paragraph", "Finding 3.2: Country offices rarely share lessons.", page=12),
        Block("paragraph", "Recommendation 5. Set up a lessons register.", page=14),
    ]
    found = blocks_to_findings(blocks, blocks_to_sections(blocks), _report(), IdAllocator("test-report"))
    assert [(f.id, f.number, f.source.page) for f in found] == [
        ("test-report/finding-3-2", "3.2", 12),
        ("test-report/recommendation-5", "5", 14),
    ]


def test_ids_are_the_same_on_every_run() -> None:
    text = (FIXTURES / "numbered.txt").read_text(encoding="utf-8")
    assert [f.id for f in _findings(text)] == [f.id for f in _findings(text)]


# --- The five seed sources ----------------------------------------------------------------------------


def _seed(report_id: str) -> list[Finding]:
    entry = next(e for e in load_catalogue(ROOT / "sources" / "catalogue.yml") if e.report.id == report_id)
    blocks = document_to_blocks(entry.path)
    return blocks_to_findings(blocks, blocks_to_sections(blocks), entry.report, IdAllocator(report_id))


SEED_COUNTS = {
    "mopan-2023-brief": {"finding": 23, "reform": 6, "strength": 7, "improvement": 5},
    "mopan-2023-press-release": {"strength": 7, "improvement": 5},
    "iom-2019-management-response": {"response": 12},
    "iom-2014-dg-un-relations": {"point": 19},
    # 8 key results, and 47 sentences in which IOM states what it did (findings/progress.py).
    "iom-2023-unearmarked-funding": {"result": 55, "point": 3},
}


@pytest.mark.parametrize("report_id", sorted(SEED_COUNTS))
def test_seed_counts_by_kind(report_id: str) -> None:
    assert dict(Counter(f.kind for f in _seed(report_id))) == SEED_COUNTS[report_id]


def test_brief_strengths_and_headlines() -> None:
    found = _seed("mopan-2023-brief")
    strengths = [f for f in found if f.kind == "strength"]
    assert strengths[0].id == "mopan-2023-brief/strength-agility-and-responsiveness"
    assert strengths[0].title == "Agility and responsiveness"
    assert {f.section for f in strengths} == {"Strengths"}
    summary = "Overall Performance Reflections"
    headlines = [f for f in found if f.kind == "finding" and f.section == summary]
    assert len(headlines) == 5
    assert all(f.title == f.text and f.text.endswith(".") and len(f.text.split()) < 20 for f in headlines)
    assert {f.section for f in found if f.kind == "reform"} == {summary}


def test_brief_body_paragraphs_stand_under_their_headline() -> None:
    found = _seed("mopan-2023-brief")
    headlines = {
        f.text for f in found if f.kind == "finding" and f.section == "Overall Performance Reflections"
    }
    bodies = [f for f in found if f.kind == "finding" and f.text not in headlines]
    assert len(bodies) == 18
    assert all(f.section.split(" > ", 1)[1] in headlines and f.title for f in bodies)
    # The paragraph introducing the reforms is a finding on its own words; the reforms are not in it.
    intro = next(f for f in bodies if f.text.endswith("include:"))
    reforms = [f.text for f in found if f.kind == "reform"]
    assert not any(r in f.text for r in reforms for f in bodies) and intro.source.lines[0] < 33
    # The substance of the assessment now reaches the comparison: people, PSEAH, climate, localisation.
    text = " ".join(f.text for f in bodies)
    assert all(w in text for w in ("human resource", "PSEAH", "climate", "localisation"))


def test_management_response_intro_cites_the_report() -> None:
    found = _seed("iom-2019-management-response")
    intro = [f for f in found if f.section == "IOM Management Response to the MOPAN Assessment"]
    assert [f.kind for f in intro] == ["response"] * 3
    assert [f.title for f in intro][1:] == [
        "The MOPAN report highlights IOM's comparative advantages",
        "As emphasized in the MOPAN report",
    ]
    # The Director General's covering letter cites the report too, but is not the response.
    assert all(f.source.lines[0] > 37 for f in found)


def test_press_release_dateline_is_no_heading() -> None:
    assert {f.section for f in _seed("mopan-2023-press-release")} == {"Press Release"}


def test_press_release_items_are_substrings_of_their_sentence() -> None:
    found = _seed("mopan-2023-press-release")
    lines = (ROOT / "sources" / "mopan-2023-press-release.txt").read_text(encoding="utf-8").split("\n")
    for f in found:
        a, b = f.source.lines
        assert a == b and f.text in lines[a - 1], f.id
    improvements = [f.text for f in found if f.kind == "improvement"]
    assert improvements[0].startswith("working with funders")
    assert all(";" not in t for t in improvements)


def test_management_response_topics_carry_their_area() -> None:
    found = _seed("iom-2019-management-response")
    areas = {f.title: f.section.rsplit(" > ", 1)[-1] for f in found}
    assert areas["Financial frameworks"] == "Strategic Management"
    assert areas["Results-based budgeting (RBB)"] == "Operational Management"
    assert areas["Risk Management"] == "Relationship Management"
    assert areas["Internal Audit"] == "Performance Management"
    financial = next(f for f in found if f.title == "Financial frameworks")
    # The topic paragraph and its two continuation paragraphs.
    assert financial.source.lines[1] - financial.source.lines[0] >= 4
    assert (
        financial.text.startswith("Financial frameworks. ")
        and "Working Group on Budget Reform" in financial.text
    )


def test_statement_numbers() -> None:
    numbers = [f.number for f in _seed("iom-2014-dg-un-relations")]
    assert numbers == [
        "1", "2", "3", "3(a)", "3(b)", "3(c)", "3(d)", "4", "5", "5(a)", "5(b)", "5(c)", "5(d)",
        "6", "6(a)", "6(b)", "6(c)", "7", "8",
    ]  # fmt: skip


def test_pdf_and_its_text_rendering_give_the_same_findings(tmp_path: Path) -> None:
    from pdfgen import make_report_pdf, report_markdown
    from reportsite.read.pdf.document import pdf_file_to_blocks

    def key(blocks: list[Block]) -> list[tuple]:
        found = blocks_to_findings(
            blocks, blocks_to_sections(blocks), _report("assessment"), IdAllocator("t")
        )
        return [(f.id, f.kind, f.number, f.text, f.section) for f in found]

    from_pdf = key(pdf_file_to_blocks(make_report_pdf(tmp_path / "report.pdf")))
    from_text = key(text_to_blocks(report_markdown()))
    assert from_pdf == from_text
    assert [k[1] for k in from_pdf].count("recommendation") == 2
    assert ("t/finding-2-1", "finding", "2.1") in [k[:3] for k in from_pdf]


def test_questions_and_form_fields_are_not_statements() -> None:
    # Each paragraph cites a review, so the citations rule reads all four; only one states something.
    blocks = [
        Block("heading", "Interview guide", lines=(1, 1), level=1),
        Block(
            "paragraph",
            "Quels changements l'assessment a-t-il apportés à votre travail quotidien",
            lines=(2, 2),
        ),
        Block("paragraph", "To what extent did the assessment change how you handle cases", lines=(3, 3)),
        Block("paragraph", "Role in the assessment:", lines=(4, 4)),
        Block("paragraph", "The assessment found that partners wait too long for grants.", lines=(5, 5)),
    ]
    found = blocks_to_findings(blocks, blocks_to_sections(blocks), _report(), IdAllocator("test-report"))
    assert [f.text for f in found] == ["The assessment found that partners wait too long for grants."]
