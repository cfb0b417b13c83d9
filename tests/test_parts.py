"""Unlabelled conclusions, lessons and good practices: one record per paragraph of their part."""

from __future__ import annotations

from reportsite.extract.findings.collect import blocks_to_findings
from reportsite.extract.ids import IdAllocator
from reportsite.extract.sections import blocks_to_sections
from reportsite.read.blocks import Block
from reportsite.read.pdf.boxes import merge_pieces
from reportsite.read.pdf.layout import Style, lines_to_blocks
from reportsite.read.pdf.lines import Line
from reportsite.read.text import text_to_blocks
from reportsite.records import Finding, Report

BODY = "the programme reached most of its targets despite delays in two of the four countries."


def _findings(text: str) -> list[Finding]:
    blocks = text_to_blocks(text)
    report = Report(id="r", title="T", publisher="P", date="2023", kind="evaluation", source="sources/r.md")
    return blocks_to_findings(blocks, blocks_to_sections(blocks), report, IdAllocator("r"))


def _of(findings: list[Finding], kind: str) -> list[str]:
    return [f.text for f in findings if f.kind == kind]


def test_each_paragraph_of_an_unlabelled_conclusions_part_is_a_conclusion() -> None:
    text = (
        f"# 4. Effectiveness\n\nOverall, {BODY}\n\n"
        f"# 5. Conclusions\n\nFirst, {BODY}\n\nSecond, {BODY}\n\nRelevance\n\n"
        f"# 6. Annexes\n\nThird, {BODY}\n"
    )
    conclusions = _of(_findings(text), "conclusion")
    assert conclusions == [f"First, {BODY}", f"Second, {BODY}"]


def test_a_report_that_labels_its_conclusions_gets_only_the_labelled_ones() -> None:
    text = (
        f"# Conclusions\n\nThe evaluation draws two conclusions.\n\n"
        f"Conclusion 1: {BODY}\n\nConclusion 2: {BODY}\n\n# Annex\n\nx\n"
    )
    found = [f for f in _findings(text) if f.kind == "conclusion"]
    assert [f.label for f in found] == ["Conclusion 1", "Conclusion 2"]


def test_a_run_in_line_opens_a_lessons_part_up_to_the_next_heading() -> None:
    text = (
        f"# 7.2 Efficiency\n\nInterviewees said {BODY}\n\n"
        f"Lessons learned in relation to cost-effectiveness\n\nOverall, {BODY}\n\nAlthough costly, {BODY}\n\n"
        f"# 7.3 Partnerships\n\nPartners said {BODY}\n"
    )
    assert _of(_findings(text), "lesson") == [f"Overall, {BODY}", f"Although costly, {BODY}"]


def test_an_interview_guide_asks_for_lessons_and_states_none() -> None:
    text = (
        "# 8. Leçons apprises et recommandations\n\n"
        "1. Quelles sont les principales leçons apprises de la mise en œuvre du projet ?\n"
        "2. Quels aspects du projet gagneraient à être améliorés dans de futures interventions ?\n\n"
        "Bonjour, et merci de prendre le temps de participer à cet entretien sur le projet.\n"
    )
    assert _of(_findings(text), "lesson") == []


def test_conclusions_restated_in_a_summary_are_read_where_stated_in_full() -> None:
    text = (
        f"# Executive summary\n\n## Conclusions\n\nIn brief, {BODY}\n\n# 9. Conclusions\n\nIn full, {BODY}\n"
    )
    assert _of(_findings(text), "conclusion") == [f"In full, {BODY}"]


def test_labelled_findings_leave_an_unlabelled_conclusions_part_its_items() -> None:
    findings = "".join(f"Finding {n}: {BODY}\n\n" for n in range(1, 4))
    text = f"# 4. Findings\n\n{findings}# 10 Conclusion\n\nTo conclude, {BODY}\n"
    found = _findings(text)
    assert len([f for f in found if f.kind == "finding"]) == 3
    assert _of(found, "conclusion") == [f"To conclude, {BODY}"]


def _line(text: str, top: float, bold: bool = False) -> Line:
    return Line(text, 1, 70, top, 530, top + 10, 10.0, bold)


def test_a_bold_phrase_starting_a_line_inside_a_sentence_is_no_heading() -> None:
    lines = [
        _line("Based on the findings of the evaluation, the team rated the performance of", 100),
        _line("IOM regarding each evaluation criterion, as well as the robustness of the", 112, bold=True),
        _line("data available.", 124),
        _line("Next steps", 150, bold=True),
    ]
    blocks = list(lines_to_blocks(lines, Style(10.0, {})))
    assert [b.kind for b in blocks] == ["paragraph", "heading"]
    assert blocks[0].text.endswith("robustness of the data available.")


def test_a_form_label_bold_to_its_end_under_an_open_line_is_still_a_heading() -> None:
    lines = [
        _line("Agencies of the United Nations with the support of the Secretariat", 100),
        Line("Management response - accept (Time 1)", 1, 70, 112, 300, 122, 10.0, True, True),
    ]
    assert [b.kind for b in lines_to_blocks(lines, Style(10.0, {}))] == ["paragraph", "heading"]


def test_a_bold_line_after_a_finished_sentence_is_still_a_heading() -> None:
    lines = [_line("The programme met its targets.", 100), _line("Sustainability", 112, bold=True)]
    assert [b.kind for b in lines_to_blocks(lines, Style(10.0, {}))] == ["paragraph", "heading"]


def test_word_box_pieces_merge_into_one_box_and_rules_do_not() -> None:
    # A one-cell table as Word prints it: one path per text line, as wide as the box, touching.
    pieces = [(66.0, 449.0 + 16 * n, 546.0, 465.0 + 16 * n) for n in range(8)]
    rule = (66.0, 700.0, 546.0, 700.5)
    page_frame = (20.0, 20.0, 575.0, 822.0)
    assert merge_pieces([*pieces, rule, page_frame], 595.0, 842.0) == ((66.0, 449.0, 546.0, 577.0),)


def _box_findings(blocks: list[Block]) -> list[Finding]:
    report = Report(id="r", title="T", publisher="P", date="2023", kind="evaluation", source="sources/r.pdf")
    return blocks_to_findings(blocks, blocks_to_sections(blocks), report, IdAllocator("r"))


def test_a_box_inside_a_finding_is_its_own_item_and_the_finding_goes_on_after_it() -> None:
    blocks = [
        Block("heading", "6. Caseworkers", page=1, level=1),
        *(Block("paragraph", f"Finding {n}: {BODY}", page=1) for n in (7, 8)),
        Block("paragraph", f"Caseworkers say {BODY}", page=1),
        Block("paragraph", f"Promising Practice: Obock MRC. In the centre, {BODY}", page=1, boxed=True),
        Block("paragraph", f"After the box, {BODY}", page=1),
        Block("paragraph", f"Finding 9: {BODY}", page=2),
    ]
    found = {f.label: f for f in _box_findings(blocks)}
    assert found["Finding 8"].text.endswith(f"After the box, {BODY}")
    assert "Obock" not in found["Finding 8"].text
    practice = found["Promising Practice"]
    assert practice.kind == "good-practice" and practice.text.endswith(f"In the centre, {BODY}")


def test_a_boxed_finding_keeps_the_evidence_printed_after_its_box() -> None:
    blocks = [
        Block("heading", "4. Relevance", page=1, level=1),
        *(
            b
            for n in (1, 2, 3)
            for b in (
                Block("paragraph", f"Finding 1.{n}. {BODY}", page=n, boxed=True),
                Block("paragraph", f"Evidence {n}: {BODY}", page=n),
            )
        ),
    ]
    found = [f for f in _box_findings(blocks) if f.kind == "finding"]
    assert [f.text.endswith(f"Evidence {n}: {BODY}") for n, f in enumerate(found, 1)] == [True] * 3


def test_a_summary_restatement_is_a_place_on_the_full_item_not_a_record() -> None:
    full = "".join(
        f"Finding {n}: {BODY}\n\nThe evidence for it is strong and comes from {n} sources.\n\n"
        for n in (1, 2, 3)
    )
    text = f"# Executive summary\n\nFinding 2: In brief, {BODY}\n\n# 4. Findings\n\n{full}"
    found = [f for f in _findings(text) if f.kind == "finding"]
    assert [f.label for f in found] == ["Finding 1", "Finding 2", "Finding 3"]
    second = found[1]
    assert "In brief" not in second.text
    assert [s.lines for s in second.restated_at] == [[3, 3]]
    assert found[0].restated_at == []


def test_a_footnote_goes_to_the_record_whose_text_carries_its_mark() -> None:
    blocks = [
        Block("heading", "9. Conclusions", page=4, level=1),
        Block("paragraph", f"Partners agreed in 2021 that {BODY[:-1]}.12 More is needed.", page=4),
        Block("paragraph", f"Staff noted that {BODY[:-1]}, with 12 of them in Sudan.", page=4),
        Block("footnote", "12 Interview with IOM", page=4),
        Block("footnote", "staff from Sudan.", page=4),
        Block("footnote", "13 A note no text cites.", page=4),
    ]
    first, second = [f for f in _box_findings(blocks) if f.kind == "conclusion"]
    assert [(n.mark, n.text, n.source.page) for n in first.footnotes] == [
        ("12", "Interview with IOM staff from Sudan.", 4)
    ]
    assert second.footnotes == []  # '12 of them' is a count, not a mark
