"""Response matrices: generated PDF (English) and DOCX (French) matrices covering accept, partial and
reject, merged cells and a table running over two pages; the decision, responsible and deadline rules
on titled cases, negative ones included."""

from __future__ import annotations

from pathlib import Path

import pytest

from matrixgen import ENGLISH, FRENCH, Answer, make_matrix_docx, make_matrix_pdf
from reportsite.extract.findings.registry import rules_for
from reportsite.extract.findings.responses import deadline_in, decision_in, responsible_in
from reportsite.extract.pipeline import extract_report, quality_summary
from reportsite.records import Extract, Finding, Report
from reportsite.store.catalogue import Entry


def extract(path: Path) -> Extract:
    report = Report(
        id="matrix", title="t", publisher="p", date="2025", kind="management-response", source=str(path)
    )
    return extract_report(Entry(report=report, path=path, line=1), str(path))


def of_kind(extract: Extract, kind: str) -> list[Finding]:
    return [f for f in extract.findings if f.kind == kind]


@pytest.fixture(scope="module")
def pdf_matrix(tmp_path_factory: pytest.TempPathFactory) -> Extract:
    return extract(make_matrix_pdf(tmp_path_factory.mktemp("pdf") / "matrix.pdf"))


@pytest.fixture(scope="module")
def docx_matrix(tmp_path_factory: pytest.TempPathFactory) -> Extract:
    return extract(make_matrix_docx(tmp_path_factory.mktemp("docx") / "matrice.docx"))


@pytest.mark.parametrize("name", ["pdf_matrix", "docx_matrix"])
def test_each_recommendation_has_its_response_status_and_link(
    name: str, request: pytest.FixtureRequest
) -> None:
    result: Extract = request.getfixturevalue(name)
    answers = ENGLISH if name == "pdf_matrix" else FRENCH
    recs, responses = of_kind(result, "recommendation"), of_kind(result, "response")
    assert [r.text for r in recs] == [a.recommendation for a in answers]
    assert [r.status for r in responses] == ["accepted", "partially accepted", "rejected"]
    for n, (rec, response, answer) in enumerate(zip(recs, responses, answers, strict=True), start=1):
        assert rec.number == response.number == str(n)
        assert response.text.endswith(answer.decision)  # the printed words are kept
        assert [(link.to, link.why) for link in response.links] == [
            (rec.id, f"answers Recommendation {n} (same number)")
        ]
        assert [(a.text, a.responsible, a.deadline, a.status) for a in response.actions] == [
            (r.action, r.responsible, r.deadline, r.status) for r in answer.rows
        ]
    assert not [w for w in result.warnings if "dropped" in w or "without a response" in w]


def test_a_pdf_table_running_over_two_pages_keeps_its_rows(pdf_matrix: Extract) -> None:
    actions = of_kind(pdf_matrix, "response")[1].actions
    assert len(actions) == 36
    assert actions[0].source.page == 1 and actions[-1].source.page == 2


def test_docx_actions_cite_their_row_and_repeat_a_merged_cell(docx_matrix: Extract) -> None:
    first = of_kind(docx_matrix, "response")[0]
    assert [a.source.label() for a in first.actions] == ["table 1, row 4", "table 1, row 5"]
    assert {a.responsible for a in first.actions} == {"Unité formation"}
    assert first.source.label() == "table 1, row 2"
    assert of_kind(docx_matrix, "recommendation")[0].source.label() == "table 1, row 1"


def test_a_recommendation_left_unanswered_is_reported(tmp_path: Path) -> None:
    answers = (FRENCH[0], Answer(FRENCH[1].recommendation, "", "", ()), FRENCH[2])
    result = extract(make_matrix_docx(tmp_path / "partielle.docx", answers))
    assert len(of_kind(result, "response")) == 2
    assert "1 recommendations without a response: Recommandation 2 (table 2, row 1)" in result.warnings
    assert "  matrix: responses answer 2 of 3 recommendations, with 2 key actions" in quality_summary(result)


@pytest.mark.parametrize(
    ("printed", "status"),
    [
        ("Management response - accept (Time 1)", "accepted"),
        ("Accepted", "accepted"),
        ("Acceptée", "accepted"),
        ("partially accept (Time 1)", "partially accepted"),
        ("Partially accepted. Only part of it.", "partially accepted"),
        ("Partiellement acceptée", "partially accepted"),
        ("Rejected", "rejected"),
        ("Rejetée", "rejected"),
        ("Not accepted", "rejected"),
        ("Under discussion", None),
    ],
)
def test_printed_decisions_are_normalised(printed: str, status: str | None) -> None:
    assert decision_in(printed) == status


@pytest.mark.parametrize(
    ("title", "action", "responsible", "deadline"),
    [
        (
            "dash, then who acts; a closing clause naming nobody is left out",
            "Hold a review, 3 to 6 months before any new phase – Programme unit (North), "
            "with the support of the Fund, as resources allow.",
            "Programme unit (North), with the support of the Fund",
            "3 to 6 months before any new phase",
        ),
        (
            "a range dash is no responsible dash; the time phrase goes on after 'et'",
            "Créer un comité, 1 – 3 mois après le début du projet, et le maintenir. Il se réunit – Unité A",
            "Unité A",
            "1 – 3 mois après le début du projet, et le maintenir",
        ),
        (
            "a date as deadline",
            "Publish the guidance by June 2026 – Policy unit",
            "Policy unit",
            "by June 2026",
        ),
        ("nothing to find", "Publish the guidance.", None, None),
    ],
)
def test_responsible_and_deadline_in_an_action(
    title: str, action: str, responsible: str | None, deadline: str | None
) -> None:
    assert (responsible_in(action), deadline_in(action)) == (responsible, deadline), title


def test_the_matrix_rule_runs_for_management_responses_only_and_first() -> None:
    names = [r.name for r in rules_for("management-response")]
    assert names.index("response-matrix") < names.index("labelled-items")
    assert "response-matrix" not in [r.name for r in rules_for("evaluation")]
