"""The build: the pages the URL contract promises, untrusted text kept inert, and site/ replaced only by a
build that succeeded. Extraction is replaced by the hand-made records of test_render, so these tests follow
link, render and MkDocs with the real code."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportsite.build.pipeline import run_build
from reportsite.cli import cli
from reportsite.errors import BuildError
from reportsite.project import PACKAGE_ROOT, Project
from reportsite.store import cache, ledger
from test_render import THEME, make_project, sample_extracts

THEMES_YML = f"""themes:
  - id: {THEME.id}
    title: {THEME.title}
    area: Strategic
    kpis: [1]
    description: How IOM is financed.
    terms: [earmark*, unearmarked funding]
"""

EXPECTED_PAGES = [
    "",
    "reports/",
    "reports/mopan-2023-brief/",
    "reports/iom-2019-response/",
    "findings/mopan-2023-brief/funding-model-remains-fragile/",
    "findings/mopan-2023-brief/beware-script/",
    "findings/iom-2019-response/relies-on-earmarked-funding/",
    "findings/mopan-2023-brief/recommendation-2/",
    "findings/iom-2019-response/response-2/",
    "sources/mopan-2023-brief/",
    "sources/iom-2019-response/",
    "themes/",
    "themes/funding-model/",
    "compare/",
    "tables/",
    "tables/mopan-2023-brief-donors/",
    "numbers/",
    "glossary/",
    "audit/",
    "downloads/",
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    proj = make_project(tmp_path / "project")
    (proj.sources / "themes.yml").write_text(THEMES_YML, encoding="utf-8")
    monkeypatch.setattr(cache, "extract_changed", lambda project, progress=None: sample_extracts())
    return proj


def article(html: str) -> str:
    """The page's own content, without the theme's navigation, scripts and asset names."""
    m = re.search(r"<article\b.*?</article>", html, re.S)
    assert m, "no <article> in the page"
    return m[0]


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def with_own_templates(project: Project) -> Path:
    """Give the project its own copy of the templates, to break one of them."""
    shutil.copytree(PACKAGE_ROOT / "templates", project.root / "templates")
    return project.root / "templates"


def test_build_writes_every_page_of_the_url_contract(project: Project) -> None:
    result = run_build(project)
    site = project.site_dir
    missing = [url for url in EXPECTED_PAGES if not (site / url / "index.html").is_file()]
    assert not missing, f"pages missing from site/: {missing}"
    assert result["pages"] >= len(EXPECTED_PAGES)
    for name in ("findings.json", "findings.csv", "numbers.csv", "extract/extract.schema.json"):
        assert (site / "downloads" / name).is_file(), name
    assert (site / "tables/mopan-2023-brief-donors/mopan-2023-brief-donors.svg").is_file()
    assert not list(project.build_dir.glob("build-*")), "the build left its scratch folder behind"


def test_hostile_text_is_shown_literally_and_never_runs(project: Project) -> None:
    run_build(project)
    for url in ("findings/mopan-2023-brief/beware-script/", "sources/mopan-2023-brief/"):
        content = article((project.site_dir / url / "index.html").read_text(encoding="utf-8"))
        assert "<script>alert(1)" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
        assert "{{ 7*7 }}" in content
        assert "49" not in content
        assert 'href="javascript:' not in content
    finding = article(
        (project.site_dir / "findings/mopan-2023-brief/beware-script/index.html").read_text(encoding="utf-8")
    )
    # The Markdown-significant characters came through as themselves, not as emphasis or a link.
    assert "*now*" in finding and "<em>now</em>" not in finding
    assert "[a link](javascript:alert(1))" in finding


def test_finding_page_cites_the_source_lines_and_the_reader_has_them(project: Project) -> None:
    run_build(project)
    page = (
        project.site_dir / "findings/mopan-2023-brief/funding-model-remains-fragile/index.html"
    ).read_text(encoding="utf-8")
    assert 'href="../../../sources/mopan-2023-brief/#L5-L6"' in page
    reader = (project.site_dir / "sources/mopan-2023-brief/index.html").read_text(encoding="utf-8")
    assert 'id="L5-L6"' in reader and 'id="L5"' in reader and 'id="L6"' in reader


def test_the_site_asks_nothing_of_other_servers(project: Project) -> None:
    run_build(project)
    offsite = []
    for html in project.site_dir.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        offsite += [
            f"{html.name}: {m}" for m in re.findall(r'(?:src|<link[^>]+href)="(https?://[^"]+)"', text)
        ]
        assert "fonts.googleapis" not in text
    assert not offsite, offsite[:5]


def test_search_index_holds_the_findings_text(project: Project) -> None:
    run_build(project)
    index = json.loads((project.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    hits = [d["location"] for d in index["docs"] if "ability to invest in its foundations" in d["text"]]
    assert any(loc.startswith("findings/mopan-2023-brief/funding-model-remains-fragile/") for loc in hits)


def test_search_finds_a_theme_by_its_name_and_words_and_its_quotes_on_their_findings(
    project: Project,
) -> None:
    """A theme page's quote columns are set aside from MkDocs (render/tails.py): the theme is still
    found by its name and its own words, and each quote by its finding's entry, not twice."""
    run_build(project)
    index = json.loads((project.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    theme = [d for d in index["docs"] if d["location"].startswith(f"themes/{THEME.id}/")]
    assert theme[0]["title"] == THEME.title and "How IOM is financed." in theme[0]["text"]
    columns = [d for d in theme if "#col-" in d["location"]]
    assert columns and all(d["title"] and not d["text"] for d in columns)
    page = (project.site_dir / f"themes/{THEME.id}/index.html").read_text(encoding="utf-8")
    assert "ability to invest in its foundations" in page and "ZQ7RAWTAIL" not in page


def test_search_finds_a_table_by_each_of_its_cells_once(project: Project) -> None:
    """The chart's numbers repeat the table's: they stay on the page and leave the index (render/tails.py)."""
    run_build(project)
    index = json.loads((project.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    charted = [p.parent for p in (project.site_dir / "tables").glob("*/*.svg")]
    assert charted
    for folder in charted:
        url = folder.relative_to(project.site_dir).as_posix() + "/"
        entries = [d for d in index["docs"] if d["location"].startswith(url)]
        html = (folder / "index.html").read_text("utf-8")
        row = re.search(r'<tr><th scope="row">([^<]+)</th>\s*<td[^>]*>([^<]+)</td>', html)
        assert row is not None
        with_row = [d["location"] for d in entries if row[1] in d["text"]]
        assert with_row == [url], with_row
        # Each cell a word of its own: search tokens are split at spaces, and a number glued to the
        # label before it would never be found.
        assert f"{row[1]} {row[2]}" in entries[0]["text"]
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert 'class="chart-data"' in page and "ZQ7RAWTAIL" not in page


def test_a_failed_render_leaves_site_untouched_and_names_the_template(project: Project) -> None:
    run_build(project)
    before = fingerprint(project.site_dir)
    templates = with_own_templates(project)
    broken = templates / "finding.md.j2"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n{% if %}\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        run_build(project)
    assert str(err.value).startswith("templates/finding.md.j2, line ")
    assert "\n" not in str(err.value)
    assert fingerprint(project.site_dir) == before


def test_a_failed_mkdocs_run_leaves_site_untouched_and_names_mkdocs_yml(project: Project) -> None:
    run_build(project)
    before = fingerprint(project.site_dir)
    config = (PACKAGE_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(config.replace("name: material", "name: no-such-theme"))
    with pytest.raises(BuildError) as err:
        run_build(project)
    assert str(err.value).startswith("mkdocs.yml: MkDocs failed")
    assert fingerprint(project.site_dir) == before


def test_build_cli_reports_a_failure_in_one_line(project: Project) -> None:
    templates = with_own_templates(project)
    (templates / "home.md.j2").write_text("{{ nonexistent.attribute }}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(project.root), "build"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1].startswith("error: templates/home.md.j2, line 1: ")
    assert not project.site_dir.exists()


def test_retired_permalinks_get_redirect_pages(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        ledger,
        "redirect_pages",
        lambda project, linked, curated=None, loaded=None: {
            "findings/mopan-2023-brief/old-slug/index.html": "/findings/mopan-2023-brief/beware-script/"
        },
    )
    result = run_build(project)
    assert result["redirects"] == 1
    page = (project.site_dir / "findings/mopan-2023-brief/old-slug/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../beware-script/"' in page
    assert '<link rel="canonical" href="../beware-script/">' in page
    assert '<a href="../beware-script/">' in page


def test_lean_finding_pages_are_the_pages_mkdocs_makes(project: Project, tmp_path: Path) -> None:
    """Finding pages cut from the shell equal MkDocs' own, but for the <title>, which the lean path
    escapes (Material's striptags unescapes it), and the search index keeps one entry per finding.
    A source reader's body skips Markdown, which would turn its tabs into spaces."""
    run_build(project, lean=False)
    reference = tmp_path / "reference"
    shutil.copytree(project.site_dir, reference)
    run_build(project)
    title = re.compile(r"<title>(.*?)</title>")

    def page(site: Path, url: str) -> str:
        text = (site / url / "index.html").read_text(encoding="utf-8")
        return title.sub(lambda m: unescape(m[1]), text)

    findings = [u for u in EXPECTED_PAGES if u.startswith("findings/")]
    for url in findings:
        assert page(project.site_dir, url) == page(reference, url), url
    reader = "sources/mopan-2023-brief/"
    assert '<span class="lt">Sweden\t100</span>' in page(project.site_dir, reader)
    spaces = re.compile(r"[ \t]+")
    assert spaces.sub(" ", page(project.site_dir, reader)) == spaces.sub(" ", page(reference, reader))
    assert not (project.site_dir / "findings/_shell").exists()
    hostile = (project.site_dir / "findings/mopan-2023-brief/beware-script/index.html").read_text()
    assert "<title>Beware &lt;script&gt;" in hostile

    def entries(site: Path) -> dict[str, dict[str, str]]:
        index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
        return {d["location"]: d for d in index["docs"]}

    lean, full = entries(project.site_dir), entries(reference)
    for url in findings:
        assert lean[url] == full[url]
    assert not any(loc.startswith("findings/_shell") for loc in lean)


def test_a_build_with_nothing_changed_keeps_the_site_and_any_change_rebuilds(project: Project) -> None:
    run_build(project)
    messages: list[str] = []
    assert run_build(project, messages.append)["pages"] == 0
    assert any(m.startswith("site: nothing changed") for m in messages)
    (project.sources / "themes.yml").write_text(
        (project.sources / "themes.yml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    assert run_build(project)["pages"] > 0
    shutil.rmtree(project.site_dir)
    assert run_build(project)["pages"] > 0


def test_search_keeps_each_table_cell_a_word_of_its_own(project: Project) -> None:
    """A label cell and the value beside it ('Stated total' and its amount), or the options of a
    filter, are separate words in the search index, as they are on the page."""
    run_build(project)
    index = json.loads((project.site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    labels = ("Stated total", "Sum of the rows", "Adds up", "All reports", "All themes")
    texts = [re.sub(r"<[^>]+>", " ", d["text"]) for d in index["docs"]]
    for label in labels:
        assert any(label in t for t in texts), label
        glued = [t[t.find(label) : t.find(label) + 40] for t in texts if re.search(rf"{label}[^\s]", t)]
        assert not glued, glued
