"""A built site as readers, feed readers, crawlers and data tools follow it: head tags, citation files,
Atom feeds, a dated sitemap, the Data Package and the JSON downloads, the 404 page, both colour schemes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from reportsite.build.pipeline import run_build
from reportsite.project import PACKAGE_ROOT, Project
from reportsite.render.feeds import ATOM, SITEMAP
from reportsite.store import cache
from test_build import THEMES_YML
from test_render import F_2019, F_2023, make_project, sample_extracts

SITE_URL = "https://example.org/sub/"
FIRST_SEEN = {F_2023.id: "2021-05-06", F_2019.id: "2020-01-02"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    root = tmp_path_factory.mktemp("follow") / "project"
    project = make_project(root)
    (project.sources / "themes.yml").write_text(THEMES_YML, encoding="utf-8")
    config = (PACKAGE_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(f"site_url: {SITE_URL}\n" + config, encoding="utf-8")
    (root / "templates").symlink_to(PACKAGE_ROOT / "templates")
    # Two findings were published before, on known days; the rest are new in this build.
    project.ledger.parent.mkdir(parents=True, exist_ok=True)
    entries = {
        fid: {"report": fid.split("/")[0], "kind": "finding", "first_seen": day, "text": ""}
        for fid, day in FIRST_SEEN.items()
    }
    project.ledger.write_text(yaml.safe_dump({"findings": entries}), encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cache, "extract_changed", lambda project, progress=None: sample_extracts())
        run_build(project)
    yield project


def _meta(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html)


def test_finding_page_head_has_citation_dublin_core_open_graph_and_feed_links(site: Project) -> None:
    html = (site.site_dir / "findings" / F_2023.id / "index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    assert _meta(head, "citation_author") == ["MOPAN"]
    assert _meta(head, "citation_publication_date") == ["2023/10"]
    assert _meta(head, "citation_abstract_html_url") == [f"{SITE_URL}findings/{F_2023.id}/"]
    assert len(_meta(head, "description")) == 1
    assert _meta(head, "DC.creator") == ["MOPAN"]
    assert _meta(head, "og:url") == [f"{SITE_URL}findings/{F_2023.id}/"]
    feeds = re.findall(
        r'<link rel="alternate feed" type="application/atom\+xml" title="[^"]*" href="([^"]+)"', head
    )
    assert feeds == ["../../../feeds/findings.atom", "../../../feeds/mopan-2023-brief.atom"]
    # The shell's placeholder never reaches a page.
    assert "ZQ7" not in html


def test_every_cited_page_has_its_three_citation_files(site: Project) -> None:
    for page in (f"findings/{F_2023.id}", "tables/mopan-2023-brief-donors", "themes/funding-model"):
        folder = site.site_dir / page
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert 'class="md-button cite-copy"' in html, page
        for name in ("cite.bib", "cite.ris", "cite.csl.json"):
            assert f'href="{name}"' in html, (page, name)
            assert (folder / name).read_text(encoding="utf-8").strip(), (page, name)
        assert (
            json.loads((folder / "cite.csl.json").read_text(encoding="utf-8"))[0]["URL"]
            == f"{SITE_URL}{page}/"
        )


def test_feeds_are_atom_with_the_ledgers_dates_newest_first(site: Project) -> None:
    ns = {"a": ATOM}
    root = ET.parse(site.site_dir / "feeds" / "findings.atom").getroot()
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.find("a:link[@rel='self']", ns).get("href") == f"{SITE_URL}feeds/findings.atom"  # type: ignore[union-attr]
    entries = {
        e.find("a:link", ns).get("href"): e.find("a:published", ns).text  # type: ignore[union-attr]
        for e in root.findall("a:entry", ns)
    }
    assert entries[f"{SITE_URL}findings/{F_2023.id}/"] == "2021-05-06T00:00:00Z"
    assert entries[f"{SITE_URL}findings/{F_2019.id}/"] == "2020-01-02T00:00:00Z"
    dates = [e.find("a:published", ns).text for e in root.findall("a:entry", ns)]  # type: ignore[union-attr]
    assert dates == sorted(dates, reverse=True)
    own = ET.parse(site.site_dir / "feeds" / "iom-2019-response.atom").getroot()
    links = [e.find("a:link", ns).get("href") for e in own.findall("a:entry", ns)]  # type: ignore[union-attr]
    assert links and all("/findings/iom-2019-response/" in h for h in links)


def test_sitemap_dates_each_page_and_lists_every_page(site: Project) -> None:
    root = ET.parse(site.site_dir / "sitemap.xml").getroot()
    ns = {"s": SITEMAP}
    lastmod = {
        u.find("s:loc", ns).text: (
            u.find("s:lastmod", ns).text if u.find("s:lastmod", ns) is not None else None
        )  # type: ignore[union-attr]
        for u in root.findall("s:url", ns)
    }
    assert lastmod[f"{SITE_URL}findings/{F_2023.id}/"] == "2021-05-06"
    assert lastmod[f"{SITE_URL}findings/{F_2019.id}/"] == "2020-01-02"
    # Not the build's date for everything.
    assert len(set(lastmod.values())) > 1
    published = set()
    for html in site.site_dir.rglob("index.html"):
        text = html.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue
        rel = html.parent.relative_to(site.site_dir).as_posix()
        published.add(SITE_URL + ("" if rel == "." else rel + "/"))
    assert published == set(lastmod), published ^ set(lastmod)


def test_the_data_package_describes_every_csv_and_json_download(site: Project) -> None:
    downloads = site.site_dir / "downloads"
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    on_disk = {
        p.relative_to(downloads).as_posix()
        for p in downloads.rglob("*")
        if p.suffix in (".csv", ".json") and p.name != "datapackage.json"
    }
    assert paths == on_disk
    assert "licen" in package["description"].lower()
    table = next(r for r in package["resources"] if r["path"] == "tables/mopan-2023-brief-donors.csv")
    assert [f["type"] for f in table["schema"]["fields"]] == ["string", "number"]
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(downloads / "datapackage.json"))
    errors = [e.message for task in report.tasks for e in task.errors] + [e.message for e in report.errors]
    assert report.valid, errors[:10]


def test_json_per_report_per_table_and_per_finding_at_a_short_address(site: Project) -> None:
    short = json.loads((site.site_dir / "f" / f"{F_2023.id}.json").read_text(encoding="utf-8"))
    assert short["id"] == F_2023.id and short["text"] == F_2023.text
    report = json.loads(
        (site.site_dir / "downloads/reports/mopan-2023-brief.json").read_text(encoding="utf-8")
    )
    assert report["report"]["url"] == f"{SITE_URL}reports/mopan-2023-brief/"
    assert F_2023.id in {f["id"] for f in report["findings"]}
    table = json.loads(
        (site.site_dir / "downloads/tables/mopan-2023-brief-donors.json").read_text(encoding="utf-8")
    )
    assert table["url"] == f"{SITE_URL}tables/mopan-2023-brief-donors/"


def test_the_404_page_offers_search_and_the_main_sections(site: Project) -> None:
    html = (site.site_dir / "404.html").read_text(encoding="utf-8")
    assert 'for="__search"' in html
    # MkDocs writes a 404 page's links from the site's root path, so they work at any wrong address.
    for section in ("compare/", "themes/", "reports/", "downloads/"):
        assert f'href="/sub/{section}"' in html, section


def test_both_colour_schemes_have_a_toggle() -> None:
    config = yaml.safe_load(
        re.sub(r"!!python/\S+", "", (PACKAGE_ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    )
    palette = config["theme"]["palette"]
    assert {p["scheme"] for p in palette} == {"default", "slate"}
    assert all(p["toggle"]["name"] for p in palette)


def test_mkdocs_writes_no_sitemap_of_its_own(site: Project) -> None:
    assert not Path(site.site_dir / "sitemap.xml.gz").exists()


def test_pdf_pages_are_drawn_once_per_document_and_boxed_where_records_cite_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.records import Extract, Figure, Report, Source
    from reportsite.render import pdfpages

    project = Project.at(tmp_path)
    (tmp_path / "sources").mkdir()
    pdf = tmp_path / "sources" / "brief.pdf"
    pdf.write_bytes(
        (Path(__file__).parent / "real-reports/hoa_eu_ji_evaluation_learning_brief.pdf").read_bytes()
    )
    report = Report(
        id="b", title="B", publisher="P", date="2023", kind="evaluation", source="sources/brief.pdf"
    )
    figure = Figure(
        id="b/figure-1", number="1", caption="Figure 1.", source=Source(page=2, bbox=[100, 200, 300, 250])
    )
    extract = Extract(report=report, figures=[figure])
    draws: list[Path] = []
    real_draw = pdfpages._draw
    monkeypatch.setattr(pdfpages, "_draw", lambda p, folder: (draws.append(p), real_draw(p, folder)))
    images, folder = pdfpages.page_images(project, extract)
    again, _ = pdfpages.page_images(project, extract)
    assert len(draws) == 1, "the pages were drawn again for the same document"
    assert [im.number for im in images] == [1, 2] and again == images
    assert (folder / "page-2.jpg").read_bytes()[:3] == b"\xff\xd8\xff"  # a JPEG
    (box,) = images[1].boxes
    assert box.anchor == "page-2-at-100-200"
    # The box is where the bbox is, as a share of the page (the brief's pages are 842 x 595 points).
    assert 0 < box.left < box.left + box.width <= 100 and 0 < box.top < box.top + box.height <= 100
    assert not images[0].boxes
    # A changed document is drawn anew.
    pdf.write_bytes(pdf.read_bytes() + b"\n%")
    pdfpages.page_images(project, extract)
    assert len(draws) == 2
