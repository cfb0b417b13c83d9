"""Stance from general cues, on sentences written for this test (none comes from the sources)."""

from __future__ import annotations

import pytest

from reportsite.link.compare import Evidence, Sides, leaning, status_rule
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
