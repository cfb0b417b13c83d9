"""A management response published as its own report, linked to the recommendations of the evaluation it
responds to: by number and shared words, with the reason shown; the catalogue's responds_to checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from matrixgen import ENGLISH, make_matrix_pdf
from reportsite.errors import CatalogueError
from reportsite.extract.pipeline import extract_report
from reportsite.link.linked import link
from reportsite.records import Extract, Finding, Report, Source
from reportsite.store.catalogue import Entry, load_catalogue

OTHER = "Strengthen the data protection safeguards of every partner before sharing any case file."


def _evaluation(
    texts: list[str], *, id: str = "eval", title: str = "Final evaluation of the programme"
) -> Extract:
    report = Report(id=id, title=title, publisher="p", date="2024-05", kind="evaluation", source="e.pdf")
    recs = [
        Finding(
            id=f"{id}/recommendation-{n}",
            kind="recommendation",
            number=str(n),
            label=f"Recommendation {n}",
            text=text,
            source=Source(page=10 + n),
        )
        for n, text in enumerate(texts, start=1)
    ]
    return Extract(report=report, findings=recs)


@pytest.fixture(scope="module")
def response(tmp_path_factory: pytest.TempPathFactory) -> Extract:
    path = make_matrix_pdf(tmp_path_factory.mktemp("m") / "matrix.pdf")
    report = Report(
        id="resp",
        title="Management response to the final evaluation of the programme",
        publisher="p",
        date="2024-09",
        kind="management-response",
        source=str(path),
    )
    return extract_report(Entry(report=report, path=path, line=1), str(path))


def _links(linked_findings: dict[str, Finding], extract: Extract, target: str) -> list[tuple[str, str]]:
    responses = [f for f in extract.findings if f.kind == "response"]
    return [
        (ln.to, ln.why) for r in responses for ln in linked_findings[r.id].links if ln.to.startswith(target)
    ]


def test_responses_link_to_the_evaluation_by_number_and_words(response: Extract) -> None:
    evaluation = _evaluation([a.recommendation for a in ENGLISH])
    linked = link([evaluation, response], None)
    got = _links(linked.findings, response, "eval/")
    assert [to for to, _ in got] == [
        "eval/recommendation-1",
        "eval/recommendation-2",
        "eval/recommendation-3",
    ]
    assert all("same number" in why and "100% shared words" in why for _, why in got)
    # The recommendation's page lists the response that answers it (backlinks), which carries its actions.
    answered = linked.backlinks["eval/recommendation-2"]
    (resp_id,) = [i for i, _ in answered if i.startswith("resp/")]
    assert linked.findings[resp_id].status == "partially accepted" and linked.findings[resp_id].actions


def test_text_decides_when_the_numbers_differ(response: Extract) -> None:
    # The evaluation numbers an extra recommendation first: number 1 there is another recommendation.
    evaluation = _evaluation([OTHER, *(a.recommendation for a in ENGLISH)])
    got = _links(link([evaluation, response], None).findings, response, "eval/")
    assert [to for to, _ in got] == [
        "eval/recommendation-2",
        "eval/recommendation-3",
        "eval/recommendation-4",
    ]
    assert all("same number" not in why for _, why in got)


def test_responds_to_names_the_evaluation(response: Extract) -> None:
    near = _evaluation(
        [a.recommendation for a in ENGLISH], id="near", title="Final evaluation of the programme"
    )
    named = _evaluation([a.recommendation for a in ENGLISH], id="named", title="Mid-term review")
    response.report.responds_to = "named"
    try:
        linked = link([near, named, response], None)
    finally:
        response.report.responds_to = None
    assert len(_links(linked.findings, response, "named/")) == 3
    assert _links(linked.findings, response, "near/") == []


def test_no_link_without_an_evaluation_to_answer(response: Extract) -> None:
    unrelated = _evaluation([OTHER], title="Audit of travel costs")
    assert _links(link([unrelated, response], None).findings, response, "eval/") == []


def test_catalogue_refuses_responds_to_an_unknown_report(tmp_path: Path) -> None:
    (tmp_path / "r.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (tmp_path / "catalogue.yml").write_text(
        "reports:\n"
        "  - {id: resp, title: T, publisher: P, date: '2024', kind: management-response, file: r.pdf,\n"
        "     responds_to: missing}\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError, match="responds_to 'missing' names no other report"):
        load_catalogue(tmp_path / "catalogue.yml")
