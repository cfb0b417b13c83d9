"""Stance from general cues, on sentences written for this test (none comes from the sources)."""

from __future__ import annotations

import pytest

from reportsite.link.compare import Evidence, Sides, head, leads, leaning, status_rule, theme_sentences
from reportsite.link.stance import main_clause, sentence_stance, structural_stance
from reportsite.records import Finding, Source


@pytest.mark.parametrize(
    ("sentence", "stance"),
    [
        # Plain evaluation.
        ("The regional hubs are effective and well staffed.", "strength"),
        ("Procurement rules are inconsistent across country offices.", "concern"),
        ("The fund operates in forty countries.", "neutral"),
        # Negation turns a cue.
        ("The complaints mechanism is not effective in remote sites.", "concern"),
        ("There are no gaps in the audit plan this year.", "strength"),
        ("The board found no weaknesses in the controls it tested.", "strength"),
        # Contrast: the main clause decides.
        ("The unit is small, but its advice is highly valued by ministries.", "strength"),
        ("The unit is well regarded; however, its budget is insufficient.", "concern"),
        ("Although staff numbers grew, supervision remains weak.", "concern"),
        ("Despite the delays, the new payroll system is robust.", "strength"),
        # Completed change is progress; an aim or a changed amount is not.
        ("The secretariat has strengthened its oversight of grants.", "progress"),
        ("Data quality improved markedly after the new guidance.", "progress"),
        ("The agency has worked to address the weaknesses found in 2020.", "progress"),
        ("Backlogs in case handling have been closed in two regions.", "progress"),
        ("The question is how to address gaps in field coverage.", "concern"),
        ("Spending rose from 10 million to 14 million dollars.", "neutral"),
        ("Enrolment declined in the second year.", "concern"),
        # Need, continuation and unfinished work.
        ("Country plans need to be aligned with the global strategy.", "concern"),
        ("Staff turnover still remains a serious problem.", "concern"),
        ("The review of the policy is not yet complete.", "concern"),
        ("The office could have been more transparent about costs.", "concern"),
        # 'As well as' joins; it does not praise. A noun 'commitment' is no promise.
        ("The agency works with farmers as well as traders in the valley.", "neutral"),
        ("Its valuable links with town councils reaffirm its commitment to rural schools.", "strength"),
        ("We are committed to publishing the accounts by June.", "commitment"),
        # Meeting a standard is a strength; not meeting it a concern; varying quality a concern.
        ("The new clinics meet national hygiene standards.", "strength"),
        ("The older clinics do not meet national hygiene standards.", "concern"),
        ("The quality of the district reports varies across provinces.", "concern"),
        ("The ministry has put in place a complaints line for tenants.", "progress"),
        # A group of people described as vulnerable is not a fault of the organisation.
        ("The programme has tools for finding vulnerable households.", "neutral"),
        # What the speaker promises.
        ("The agency will publish all audit reports from next year.", "commitment"),
        ("We plan to open two liaison offices.", "commitment"),
    ],
)
def test_sentence_stance(sentence: str, stance: str) -> None:
    assert sentence_stance(sentence).stance == stance


def test_the_cues_that_decided_are_named_with_their_negation() -> None:
    st = sentence_stance("The helpdesk is not responsive at weekends.")
    assert st.stance == "concern" and st.cues == ("not … responsive",)


def test_main_clause_after_contrast_and_concession() -> None:
    assert main_clause("A is fine, but B is late.").strip() == "B is late."
    assert main_clause("Although A is fine, B is late.").strip() == "B is late."
    assert main_clause("B is late.") == "B is late."


def test_structure_decides_before_wording() -> None:
    assert structural_stance("strength") == "strength"
    assert structural_stance("improvement") == "concern"
    assert structural_stance("recommendation") == "concern"
    assert structural_stance("finding") is None


def _ev(column: str, stance: str, n: int = 1) -> list[Evidence]:
    f = Finding(id=f"r/{column}-{stance}", kind="finding", text="x.", source=Source(lines=[1, 1]))
    return [Evidence(f, column, stance, "x.", "") for _ in range(n)]


@pytest.mark.parametrize(
    ("c19", "s19", "c23", "s23", "p23", "status"),
    [
        (1, 0, 1, 0, 1, "improved"),  # progress even where work remains
        (1, 0, 0, 0, 1, "improved"),
        (1, 0, 0, 1, 0, "resolved"),
        (1, 0, 2, 1, 0, "persisting"),
        (0, 1, 0, 1, 0, "sustained"),
        (0, 0, 1, 0, 0, "new"),
        (0, 1, 2, 0, 0, "new"),
        (1, 0, 0, 0, 0, "unknown"),
        (0, 0, 0, 1, 0, "unknown"),
        (0, 0, 0, 0, 0, "unknown"),
    ],
)
def test_status_rule(c19: int, s19: int, c23: int, s23: int, p23: int, status: str) -> None:
    sides = Sides(
        _ev("2019-assessment", "concern", c19),
        _ev("2019-assessment", "strength", s19),
        _ev("2023-assessment", "concern", c23),
        _ev("2023-assessment", "strength", s23),
        _ev("2023-assessment", "progress", p23),
    )
    got, reason, deciding = status_rule(sides)
    assert got == status
    assert reason
    assert len(deciding) <= 3
    if status != "unknown":
        assert deciding


def test_leaning_counts_each_side() -> None:
    assert leaning([], []) is None
    assert leaning(_ev("a", "concern", 2), _ev("a", "strength")) == "concern"
    assert leaning(_ev("a", "concern"), _ev("a", "strength")) == "mixed"


def _themed(text: str, reasons: dict[str, list[str]]) -> Finding:
    f = Finding(id="r/x", kind="finding", text=text, source=Source(lines=[1, 1]))
    f.themes, f.theme_reasons = list(reasons), reasons
    return f


def test_a_theme_named_only_in_an_aside_is_not_what_the_sentence_is_about() -> None:
    text = (
        "The ministry could do more to respect tenant rights in its housing work, including better "
        "record keeping and processes to track compliance."
    )
    f = _themed(text, {"housing": ["housing"], "control": ["compliance"]})
    assert head(text).endswith("housing work")
    assert theme_sentences(text, f, "housing") == [text]
    assert theme_sentences(text, f, "control") == []
    # Without an aside, the whole sentence is its head.
    assert (
        head("Compliance checks were weak in two provinces.")
        == "Compliance checks were weak in two provinces."
    )
    # A short opener before the comma is not yet a head.
    assert (
        head("However, compliance, including audits, is weak.")
        == "However, compliance, including audits, is weak."
    )


def test_the_theme_named_first_and_most_leads_the_sentence() -> None:
    text = "Access to clean water has improved oversight of the sanitation budget in most towns."
    f = _themed(
        text,
        {"water": ["clean water"], "oversight": ["oversight"], "budget": ["budget", "towns"]},
    )
    assert leads(text, f, "budget")
    assert not leads(text, f, "water") and not leads(text, f, "oversight")
    g = _themed(text, {"water": ["clean water"], "oversight": ["oversight"]})
    assert leads(text, g, "water") and not leads(text, g, "oversight")
