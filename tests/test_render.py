"""Rendering: pages quote their records verbatim and escaped, cite the exact place, and match golden files.

The records here are made by hand, so these tests follow the render stage alone; test_build.py runs the
whole pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportsite.link.compare import Evidence
from reportsite.link.cycles import read_cycles
from reportsite.link.linked import AuditItem, Linked, Related, ThemeView
from reportsite.link.themes import Taxonomy, Theme
from reportsite.project import PACKAGE_ROOT, Project
from reportsite.records import Action, Extract, Finding, Link, Number, Report, Source, Table, TotalCheck
from reportsite.render.charts import draw_charts
from reportsite.render.docs import render_docs
from reportsite.render.page import md_escape, relative, source_anchor, table_slug
from reportsite.render.pages import chart_jobs

GOLDEN = Path(__file__).parent / "golden_pages"
HOSTILE = "Beware <script>alert(1)</script> and {{ 7*7 }} and [a link](javascript:alert(1)) *now* | ok"

SOURCE_2019 = """# IOM management response to the MOPAN 2017-18 assessment

## Strategic management

- The assessment found that IOM relies on earmarked funding. IOM commits to seek more unearmarked funding.

## Operational management

- IOM will strengthen its results-based management.
"""
SOURCE_2023 = f"""# MOPAN 2023 assessment of IOM: performance at a glance

## Areas for improvement

The funding model remains fragile: most of IOM's income is earmarked to projects,
which limits its ability to invest in its foundations.

## Strengths

{HOSTILE}

Donors\tAmount (USD)
Sweden\t100
Norway\t50
Total\t150
"""

REPORT_2019 = Report(
    id="iom-2019-response",
    title="IOM management response to the MOPAN 2017-18 assessment",
    publisher="IOM",
    date="2019-07-01",
    kind="management-response",
    cycle="2019",
    cycle_label="2017-18 assessment",
    source="sources/iom-2019-response.txt",
)
REPORT_2023 = Report(
    id="mopan-2023-brief",
    title="MOPAN 2023 assessment of IOM: performance at a glance",
    publisher="MOPAN",
    date="2023-10",
    kind="assessment-brief",
    cycle="2023",
    source="sources/mopan-2023-brief.txt",
)
F_2019 = Finding(
    id="iom-2019-response/relies-on-earmarked-funding",
    kind="response",
    text="The assessment found that IOM relies on earmarked funding. IOM commits to seek more unearmarked funding.",
    section="Strategic management",
    source=Source(lines=[5, 5]),
    themes=["funding-model"],
    theme_reasons={"funding-model": ["earmarked", "unearmarked funding"]},
)
F_2019_RBM = Finding(
    id="iom-2019-response/strengthen-results-based-management",
    kind="response",
    text="IOM will strengthen its results-based management.",
    section="Operational management",
    source=Source(lines=[9, 9]),
)
F_2023 = Finding(
    id="mopan-2023-brief/funding-model-remains-fragile",
    kind="improvement",
    title="The funding model remains fragile",
    text="The funding model remains fragile: most of IOM's income is earmarked to projects, which limits "
    "its ability to invest in its foundations.",
    section="Areas for improvement",
    source=Source(lines=[5, 6]),
    themes=["funding-model"],
    theme_reasons={"funding-model": ["earmarked"]},
)
F_HOSTILE = Finding(
    id="mopan-2023-brief/beware-script",
    kind="strength",
    text=HOSTILE,
    section="Strengths",
    source=Source(lines=[10, 10]),
)
TABLE = Table(
    id="mopan-2023-brief/donors",
    number="1",
    caption="Donors and amounts",
    columns=["Donors", "Amount (USD)"],
    rows=[["Sweden", 100], ["Norway", 50], ["Total", 150]],
    source=Source(lines=[12, 15]),
    total=TotalCheck(column="Amount (USD)", stated=150, computed=150, ok=True),
)
NUMBER = Number(
    id="mopan-2023-brief/usd-150-in-2023",
    value=150,
    unit="USD",
    year=2023,
    subject="donor contributions",
    text="Total 150",
    source=Source(lines=[15, 15]),
    themes=["funding-model"],
)
THEME = Theme(
    id="funding-model",
    title="Funding model and earmarking",
    description="How IOM is financed.",
    area="Strategic",
    kpis=("KPI 1",),
    terms=("earmark*", "unearmarked funding"),
)


F_REC = Finding(
    id="mopan-2023-brief/recommendation-2",
    kind="recommendation",
    label="Recommendation 2",
    number="2",
    title="Publish the <b>audit</b> reports",
    text="Publish the <b>audit</b> reports. Put them online each year.",
    section="Recommendations",
    source=Source(lines=[8, 8]),
    actions=[
        Action(
            text="Put them online each year.", responsible="Oversight & Audit", source=Source(lines=[8, 8])
        )
    ],
)
F_ANSWER = Finding(
    id="iom-2019-response/response-2",
    kind="response",
    label="Recommendation 2",
    number="2",
    status="partially accepted",
    text="Partially accepted: the reports will be summarised online.",
    section="Responses",
    source=Source(lines=[9, 9]),
    actions=[
        Action(
            text="Summaries online",
            responsible="Office of the Inspector General",
            deadline="<script>2025</script>",
            status="ongoing",
            source=Source(lines=[9, 9]),
        )
    ],
    links=[Link(to=F_REC.id, why="answers Recommendation 2 (same number)")],
)


def sample_extracts() -> list[Extract]:
    return [
        Extract(report=REPORT_2019, findings=[F_2019, F_2019_RBM, F_ANSWER]),
        Extract(
            report=REPORT_2023,
            findings=[F_2023, F_HOSTILE, F_REC],
            tables=[TABLE],
            numbers=[NUMBER],
            glossary={"IOM": "International Organization for Migration"},
        ),
    ]


def sample_linked() -> Linked:
    extracts = sample_extracts()
    findings = {f.id: f for e in extracts for f in e.findings}
    report_of = {r.id: e.report for e in extracts for r in [*e.findings, *e.tables, *e.numbers]}
    view = ThemeView(
        theme=THEME,
        columns={"2019-assessment": [F_2019], "2019-response": [F_2019], "2023-assessment": [F_2023]},
        status="persisting",
        status_reason="Raised in 2017-18 and again in 2023.",
        quotes={
            "2019-assessment": {F_2019.id: "The assessment found that IOM relies on earmarked funding."},
            "2019-response": {F_2019.id: "IOM commits to seek more unearmarked funding."},
        },
        evidence={
            "2019-concern": [F_2019.id],
            "2019-strength": [],
            "2023-concern": [F_2023.id],
            "2023-strength": [],
            "2023-progress": [],
        },
        computed_status="persisting",
        deciding=[
            Evidence(
                F_2019, "2019-assessment", "concern", "IOM relies on earmarked funding.", "wording: reliance"
            ),
            Evidence(
                F_2023, "2023-assessment", "concern", F_2023.text, "listed among the areas for improvement"
            ),
        ],
    )
    return Linked(
        backlinks={F_REC.id: [(F_ANSWER.id, "answers Recommendation 2 (same number)")]},
        extracts=extracts,
        taxonomy=Taxonomy(themes=(THEME,)),
        findings=findings,
        report_of=report_of,
        related={
            F_2019.id: [Related(F_2023.id, "both on Funding model and earmarking; from the 2023 cycle")],
            F_2023.id: [Related(F_2019.id, "both on Funding model and earmarking; from the 2019 cycle")],
        },
        themes=[view],
        audit=[AuditItem("table-total", True, "Donors and amounts: adds up to 150", [TABLE.id])],
        tables={TABLE.id: TABLE},
        numbers={NUMBER.id: NUMBER},
        cycles=read_cycles([e.report for e in extracts]),
    )


def make_project(root: Path) -> Project:
    """A throwaway project with the two sources, using the repository's templates and mkdocs.yml."""
    (root / "sources").mkdir(parents=True)
    (root / "sources" / "iom-2019-response.txt").write_text(SOURCE_2019, encoding="utf-8")
    (root / "sources" / "mopan-2023-brief.txt").write_text(SOURCE_2023, encoding="utf-8")
    return Project.at(root)


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    out = tmp_path / "docs"
    render_docs(project, sample_linked(), out)
    return out


def read(docs: Path, url: str) -> str:
    return (docs / url / "index.md").read_text(encoding="utf-8")


# --- URLs and escaping --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("here", "there", "expected"),
    [
        ("", "findings/r/s/", "findings/r/s/"),
        ("findings/r/s/", "sources/r/#L5-L6", "../../../sources/r/#L5-L6"),
        ("findings/r/s/", "", "../../../"),
        ("tables/t/", "downloads/tables/t.csv", "../../downloads/tables/t.csv"),
        ("themes/", "themes/", "./"),
    ],
)
def test_relative_links_between_directory_urls(here: str, there: str, expected: str) -> None:
    assert relative(here, there) == expected


def test_source_anchor_is_a_line_a_range_or_a_page() -> None:
    assert source_anchor(Source(lines=[7, 7])) == "L7"
    assert source_anchor(Source(lines=[12, 14])) == "L12-L14"
    assert source_anchor(Source(page=3)) == "page-3"


def test_table_slug_is_one_path_segment() -> None:
    assert (
        table_slug("iom-2023-unearmarked-funding/donors-2023") == "iom-2023-unearmarked-funding-donors-2023"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("{{ 7*7 }}", "\\{\\{ 7\\*7 \\}\\}"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("1. not a list", "1\\. not a list"),
        ("- not a bullet", "\\- not a bullet"),
        ("a\nb   c", "a b c"),
        ("AT&T", "AT&amp;T"),
    ],
)
def test_md_escape_makes_text_literal(text: str, expected: str) -> None:
    assert md_escape(text) == expected


# --- Pages ----------------------------------------------------------------------------------------


def test_finding_page_quotes_escaped_and_cites_the_exact_lines(docs: Path) -> None:
    page = read(docs, "findings/mopan-2023-brief/funding-model-remains-fragile")
    assert f"<p>{F_2023.text.replace(chr(39), '&#39;')}</p>" in page
    assert 'href="../../../sources/mopan-2023-brief/#L5-L6"' in page
    assert "lines 5-6 of sources/mopan-2023-brief.txt" in page
    assert "[Funding model and earmarking](../../../themes/funding-model/): matched: earmarked" in page
    assert 'href="../../iom-2019-response/relies-on-earmarked-funding/"' in page
    assert "/findings/mopan-2023-brief/funding-model-remains-fragile/" in page
    assert (
        docs / "findings/mopan-2023-brief/funding-model-remains-fragile/funding-model-remains-fragile.json"
    ).is_file()


def test_hostile_text_is_escaped_everywhere_it_is_rendered(docs: Path) -> None:
    finding = read(docs, "findings/mopan-2023-brief/beware-script")
    source = read(docs, "sources/mopan-2023-brief")
    for page in (finding, source):
        assert "<script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "{{ 7*7 }}" in page
        assert "49" not in page
    # In Markdown (the page title), every character that means something is escaped. The page opens
    # with its front matter (the head tags), then the title.
    assert finding.startswith("---\nhead: ")
    assert finding.split("\n---\n", 1)[1].startswith(
        "# Beware &lt;script&gt;alert(1)&lt;/script&gt; and \\{\\{ 7\\*7 \\}\\} and \\[a link\\]"
    )


def test_source_reader_has_an_element_per_line_and_range_anchors(docs: Path) -> None:
    page = read(docs, "sources/mopan-2023-brief")
    lines = SOURCE_2023.splitlines()
    assert page.count('<div class="src-line" id="L') == len(lines)
    assert '<div class="src-line" id="L5"><span class="range-anchor" id="L5-L6"></span>' in page
    assert '<span class="lt">Sweden\t100</span>' in page


def test_table_page_has_headers_with_scope_numbers_right_aligned_csv_and_chart(docs: Path) -> None:
    url = "tables/mopan-2023-brief-donors"
    page = read(docs, url)
    assert '<th scope="col" class="num">Amount (USD)</th>' in page
    assert '<td class="num" data-value="100">100</td>' in page
    assert "<table data-sortable>" in page
    assert (docs / url / "mopan-2023-brief-donors.csv").read_text() == (
        "Donors,Amount (USD)\nSweden,100\nNorway,50\nTotal,150\n"
    )
    assert 'src="mopan-2023-brief-donors.svg"' in page
    charts = dict(draw_charts(chart_jobs(sample_linked())))
    svg = charts[f"{url}/mopan-2023-brief-donors.svg"]
    assert svg.lstrip().startswith("<?xml") and "Sweden" in svg and "Total" not in svg


def test_chart_svg_is_the_same_on_every_build() -> None:
    first = dict(draw_charts(chart_jobs(sample_linked())))
    second = dict(draw_charts(chart_jobs(sample_linked())))
    assert first and first == second


def test_compare_page_has_the_rule_the_status_its_quotes_and_the_caveats(docs: Path) -> None:
    page = read(docs, "compare")
    assert "## The rule" in page and "Each cycle leans to concern or to" in page
    assert "2017-18 assessment (as IOM&#39;s 2019 response reports it): 1" in page
    assert "IOM&#39;s 2019 commitments: 1" in page and "2023 assessment: 1" in page
    assert '<tr id="funding-model">' in page
    assert "The quotes that decide it" in page
    assert "not directly comparable" in page
    assert "The 2017-18 assessment report itself is not among the sources" in page
    assert "comparison.json" in page


def test_comparison_json_gives_each_theme_its_status_rule_and_evidence(docs: Path) -> None:
    data = json.loads((docs / "downloads" / "comparison.json").read_text(encoding="utf-8"))
    assert data["rule"].startswith("A theme's status compares")
    theme = next(t for t in data["themes"] if t["theme"] == "funding-model")
    assert theme["status"] == theme["computed_status"] and not theme["editorial"]
    assert set(theme["evidence"]) == {
        "2019-concern",
        "2019-strength",
        "2023-concern",
        "2023-strength",
        "2023-progress",
    }
    assert all({"id", "column", "stance", "why", "quote"} <= set(d) for d in theme["deciding"])


def test_downloads_hold_every_kind_of_data(docs: Path) -> None:
    names = {p.relative_to(docs / "downloads").as_posix() for p in (docs / "downloads").rglob("*.*")}
    assert {
        "findings.json",
        "findings.csv",
        "numbers.csv",
        "tables/mopan-2023-brief-donors.csv",
        "extract/iom-2019-response.yml",
        "extract/mopan-2023-brief.yml",
        "extract/extract.schema.json",
        "index.md",
    } <= names


# --- Golden pages ---------------------------------------------------------------------------------

GOLDEN_PAGES = {
    "finding-hostile.md": "findings/mopan-2023-brief/beware-script",
    "theme-funding-model.md": "themes/funding-model",
    "table-donors.md": "tables/mopan-2023-brief-donors",
    "numbers.md": "numbers",
}


@pytest.mark.parametrize("name", sorted(GOLDEN_PAGES))
def test_rendered_page_matches_its_golden_file(docs: Path, name: str, request: pytest.FixtureRequest) -> None:
    rendered = read(docs, GOLDEN_PAGES[name])
    golden = GOLDEN / name
    if request.config.getoption("--update-golden", default=False):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing; run `make golden`"
    assert rendered == golden.read_text(encoding="utf-8")


def test_the_repository_templates_are_the_default() -> None:
    assert (PACKAGE_ROOT / "templates" / "finding.md.j2").is_file()


def test_a_finding_whose_heading_id_is_a_sections_is_left_to_mkdocs() -> None:
    from reportsite.render.findings import heading_id, through_mkdocs

    assert heading_id(F_2023) == "the-funding-model-remains-fragile"
    assert not through_mkdocs(F_2023)
    assert through_mkdocs(F_2023.model_copy(update={"title": "Data"}))


def test_a_recommendation_shows_its_actions_and_the_response_that_answers_it(docs: Path) -> None:
    rec = read(docs, "findings/mopan-2023-brief/recommendation-2")
    assert '<p class="links-title">Actions</p>' in rec
    assert "Put them online each year. · responsible: Oversight &amp; Audit" in rec
    assert (
        'href="../../iom-2019-response/response-2/"' in rec and "<strong>partially accepted</strong>" in rec
    )
    answer = read(docs, "findings/iom-2019-response/response-2")
    assert "Decision: <strong>partially accepted</strong>" in answer
    assert "by: &lt;script&gt;2025&lt;/script&gt;" in answer and "<script>2025" not in answer
    assert 'href="../../mopan-2023-brief/recommendation-2/"' in answer and "Refers to" in answer


def test_every_finding_kind_has_a_heading_on_its_report_page() -> None:
    from reportsite.records import FINDING_KINDS
    from reportsite.render.pages import KIND_HEADINGS

    assert set(FINDING_KINDS) <= set(KIND_HEADINGS)


def test_a_finding_page_shows_its_footnotes_and_where_it_is_restated(tmp_path: Path) -> None:
    from reportsite.records import Footnote

    linked = sample_linked()
    rec = linked.findings[F_REC.id].model_copy(
        update={
            "footnotes": [Footnote(mark="7", text="Interview <b>notes</b>.", source=Source(page=3))],
            "restated_at": [Source(page=2, page_label="ii")],
        }
    )
    linked.findings[rec.id] = rec
    for extract in linked.extracts:
        extract.findings = [rec if f.id == rec.id else f for f in extract.findings]
    render_docs(make_project(tmp_path / "project"), linked, tmp_path / "docs")
    page = read(tmp_path / "docs", "findings/mopan-2023-brief/recommendation-2")
    assert '<li value="7">Interview &lt;b&gt;notes&lt;/b&gt;. <span class="src">(page 3)</span></li>' in page
    assert '<p class="restated">Also stated in brief at p. ii (PDF page 2).</p>' in page
