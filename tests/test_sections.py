"""Heading labels: capitals made readable without losing the document's own acronyms."""

from __future__ import annotations

from reportsite.extract.findings.results import _CITES_ASSESSMENT
from reportsite.extract.sections import acronyms_in, blocks_to_sections, heading_label
from reportsite.read.blocks import Block


def _block(kind: str, text: str, level: int = 0) -> Block:
    return Block(kind=kind, text=text, level=level, lines=(1, 1))  # type: ignore[arg-type]


def test_a_heading_in_capitals_keeps_the_acronyms_the_text_uses() -> None:
    blocks = [
        _block("heading", "WORK OF THE QRS WITH THE ZED AND ALL", 1),
        _block("paragraph", "The QRS met the ZED twice. ALL CAPS LINES SAY NOTHING OF ACRONYMS."),
    ]
    assert acronyms_in(blocks) == {"qrs", "zed"}
    assert blocks_to_sections(blocks)[0] == "Work of the QRS with the ZED and All"


def test_without_acronyms_every_word_is_title_cased() -> None:
    assert heading_label("TEAM AND RESULTS:") == "Team and Results"


def test_an_assessment_is_cited_by_its_name_not_any_acronym_before_the_word() -> None:
    cites = [
        "In line with the recommendations of the QRS assessment, the agency diversified its donors.",
        "The agency underwent its first Network Performance Assessment in 2018.",
        "The evaluation found that staff turnover was high.",
    ]
    others = ["An XYZ assessment has been rolled out in three provinces.", "Staff turnover was high."]
    assert all(_CITES_ASSESSMENT.search(s) for s in cites)
    assert not any(_CITES_ASSESSMENT.search(s) for s in others)
