"""Related findings, the 2019/2023 columns and the status rule, on small synthetic extracts."""

from __future__ import annotations

import pytest

from reportsite.link.compare import split_response, theme_status
from reportsite.link.curation import CuratedLink, Curation, Override
from reportsite.link.linked import link
from reportsite.link.themes import Taxonomy, Theme
from reportsite.records import Extract, Finding, Report, Source

TAXONOMY = Taxonomy(
    themes=(
        Theme(
            id="funding",
            title="Funding model and earmarking",
            terms=("earmark*", "financial framework", "projectization"),
            weak=("unearmarked funding", "unearmarked", "funding", "donor"),
        ),
        Theme(id="evaluation", title="Evaluation", terms=("evaluation function",), weak=("evaluation",)),
        Theme(id="gender", title="Gender", terms=("gender", "PSEAH")),
        Theme(id="climate", title="Climate", terms=("climate",)),
    )
)


def report(rid: str, publisher: str, kind: str, cycle: str | None, date: str = "2023") -> Report:
    return Report(id=rid, title=rid, publisher=publisher, date=date, kind=kind, cycle=cycle, source="x.txt")


RESPONSE = report("iom-2019-response", "IOM", "management-response", "2019", "2019-07")
BRIEF = report("mopan-2023-brief", "MOPAN", "assessment-brief", "2023")
PRESS = report("mopan-2023-press", "MOPAN", "press-release", "2023")
IOM23 = report("iom-2023-annual", "IOM", "annual-report", "2023")
OLD = report("iom-2014-statement", "IOM", "statement", None, "2014")


def extract(rep: Report, *items: tuple[str, str, str]) -> Extract:
    return Extract(
        report=rep,
        findings=[
            Finding(id=f"{rep.id}/{slug}", kind=kind, text=text, source=Source(lines=[i + 1, i + 1]))  # type: ignore[arg-type]
            for i, (slug, kind, text) in enumerate(items)
        ],
    )


def corpus() -> list[Extract]:
    return [
        extract(
            RESPONSE,
            (
                "financial-frameworks",
                "response",
                "As highlighted in the report, IOM's financial structure, designed for projectization and "
                "earmarked funding, constrains its choices. We will seek more unearmarked funding from donors.",
            ),
            (
                "evaluation",
                "response",
                "The MOPAN assessment states that the evaluation function lacks independence. IOM will "
                "strengthen the evaluation function.",
            ),
            ("gender", "response", "Gender has become a priority; IOM launched a Gender Marker."),
        ),
        extract(
            BRIEF,
            (
                "financial-framework",
                "improvement",
                "IOM's financial framework, with its heavy reliance on earmarked funding, remains the primary "
                "constraint.",
            ),
            ("evaluation", "finding", "The evaluation function has significantly improved."),
            (
                "gender",
                "strength",
                "Gender equality is well integrated and PSEAH policies meet UN standards.",
            ),
            ("climate", "finding", "Climate and migration is a key ongoing challenge that lacks resourcing."),
            ("earmarked-too", "finding", "Earmarked funding dominates: 97% of resources are earmarked."),
        ),
        extract(PRESS, ("earmarked", "point", "One of the most heavily earmarked organisations.")),
        extract(
            IOM23, ("unearmarked", "result", "Donors gave record unearmarked funding and earmarked funding.")
        ),
        extract(OLD, ("un", "point", "Earmarked funding was already a topic in 2014.")),
    ]


def view(linked, theme_id: str):  # type: ignore[no-untyped-def]
    return next(v for v in linked.themes if v.theme.id == theme_id)


def test_related_findings_are_in_other_reports_prefer_the_other_cycle_and_say_why() -> None:
    linked = link(corpus(), TAXONOMY)
    related = linked.related["mopan-2023-brief/financial-framework"]
    assert related, "an earmarking finding should find its kin"
    assert all(not r.id.startswith("mopan-2023-brief/") for r in related)
    assert len(related) <= 5
    # The 2019 response comes first: same theme, shared words, and the other cycle.
    assert related[0].id == "iom-2019-response/financial-frameworks"
    assert related[0].reason.startswith("same theme: Funding model and earmarking; shared terms: ")
    assert "earmarked" in related[0].reason and "from the 2019 cycle" in related[0].reason
    assert [r.score for r in related] == sorted((r.score for r in related), reverse=True)


def test_related_is_deterministic() -> None:
    assert link(corpus(), TAXONOMY).related == link(corpus(), TAXONOMY).related


def test_curated_links_come_first_both_ways() -> None:
    curation = Curation(
        overrides=(
            Override(
                id="mopan-2023-brief/climate",
                line=3,
                related=(CuratedLink("iom-2023-annual/unearmarked", "funding for climate work", 5),),
            ),
        )
    )
    linked = link(corpus(), TAXONOMY, curation)
    first = linked.related["mopan-2023-brief/climate"][0]
    assert (first.id, first.reason, first.curated) == (
        "iom-2023-annual/unearmarked",
        "funding for climate work",
        True,
    )
    assert linked.related["iom-2023-annual/unearmarked"][0].id == "mopan-2023-brief/climate"


def test_columns_hold_each_cycle_and_split_the_2019_response() -> None:
    linked = link(corpus(), TAXONOMY)
    funding = view(linked, "funding")
    assert [c for c, _ in linked.columns] == [
        "2019-assessment",
        "2019-response",
        "2023-assessment",
        "2023-followup",
    ]
    ids = {c: [f.id for f in funding.columns[c]] for c, _ in linked.columns}
    assert ids["2019-assessment"] == ["iom-2019-response/financial-frameworks"]
    assert ids["2019-response"] == ["iom-2019-response/financial-frameworks"]
    assert ids["2023-assessment"] == [
        "mopan-2023-brief/financial-framework",
        "mopan-2023-brief/earmarked-too",
        "mopan-2023-press/earmarked",
    ]
    assert ids["2023-followup"] == ["iom-2023-annual/unearmarked"]
    # Background documents of no cycle stay out of the comparison.
    assert all("iom-2014" not in i for col in ids.values() for i in col)
    quotes = funding.quotes
    assert quotes["2019-assessment"]["iom-2019-response/financial-frameworks"].startswith("As highlighted")
    assert quotes["2019-response"]["iom-2019-response/financial-frameworks"].startswith("We will seek")


def test_split_response() -> None:
    cited, own = split_response(
        "The MOPAN report suggests funding is weak. IOM will fix funding. As the MOPAN report notes, "
        "planning lags. Furthermore, reserves are thin. We will act."
    )
    assert cited == (
        "The MOPAN report suggests funding is weak. As the MOPAN report notes, planning lags. "
        "Furthermore, reserves are thin."
    )
    assert own == "IOM will fix funding. We will act."


@pytest.mark.parametrize(
    ("theme", "status", "words"),
    [
        # 2019: the report as quoted says the structure constrains; 2023: an area for improvement.
        ("funding", "persisting", ["Persisting"]),
        # 2019: the function lacks independence; 2023: it has significantly improved.
        ("evaluation", "improved", ["Improved"]),
        # 2019 says nothing the assessment found; 2023 lists it as a strength.
        ("gender", "unknown", ["Not enough evidence", "2023 finds it strong"]),
        # Only the 2023 assessment raises it.
        ("climate", "new", ["New in 2023"]),
    ],
)
def test_status_rule_per_case(theme: str, status: str, words: list[str]) -> None:
    v = view(link(corpus(), TAXONOMY), theme)
    assert v.status == status
    for w in words:
        assert w in v.status_reason
    assert not v.curated_status
    assert v.computed_status == status


def test_the_deciding_quotes_are_on_theme_sentences() -> None:
    v = view(link(corpus(), TAXONOMY), "funding")
    quotes = [(e.column, e.stance, e.sentence) for e in v.deciding]
    assert quotes[0] == (
        "2019-assessment",
        "concern",
        "As highlighted in the report, IOM's financial structure, designed for projectization and earmarked "
        "funding, constrains its choices.",
    )
    assert quotes[1][:2] == ("2023-assessment", "concern")
    assert all(e.why for e in v.deciding)


COLUMN_IDS = ("2019-assessment", "2019-response", "2023-assessment", "2023-followup")


def _f(fid: str, kind: str, text: str) -> Finding:
    return Finding(id=fid, kind=kind, text=text, source=Source(lines=[1, 1]))  # type: ignore[arg-type]


def test_a_concession_of_progress_is_not_progress() -> None:
    columns = {
        "2019-assessment": [
            _f("r/a", "response", "The MOPAN report found the evaluation function lacks independence.")
        ],
        "2019-response": [],
        "2023-assessment": [
            _f("b/e", "finding", "Although significantly improved, it does not yet meet UN standards.")
        ],
        "2023-followup": [],
    }
    status, _, evidence, computed, deciding = theme_status(columns, {c: {} for c in columns})
    assert status == computed == "persisting"
    assert evidence["2023-concern"] == ["b/e"] and evidence["2023-progress"] == []
    assert [e.finding.id for e in deciding] == ["r/a", "b/e"]


def test_no_status_when_no_one_speaks() -> None:
    columns: dict[str, list[Finding]] = {c: [] for c in COLUMN_IDS}
    status, reason, _, _, deciding = theme_status(columns, {c: {} for c in columns})
    assert status == "unknown" and reason.startswith("Not enough evidence") and deciding == []


def test_an_editorial_status_says_so_and_keeps_the_computed_one() -> None:
    columns: dict[str, list[Finding]] = {c: [] for c in COLUMN_IDS}
    status, reason, _, computed, _ = theme_status(
        columns, {c: {} for c in columns}, ("improved", "c.yml, line 3")
    )
    assert (status, computed) == ("improved", "unknown")
    assert reason.startswith("Editorial judgement (c.yml, line 3)")


def test_hidden_findings_leave_every_view() -> None:
    curation = Curation(overrides=(Override(id="mopan-2023-press/earmarked", line=2, hide=True),))
    linked = link(corpus(), TAXONOMY, curation)
    assert "mopan-2023-press/earmarked" not in linked.findings
    assert all(r.id != "mopan-2023-press/earmarked" for rs in linked.related.values() for r in rs)
    assert all(
        f.id != "mopan-2023-press/earmarked" for f in view(linked, "funding").columns["2023-assessment"]
    )
