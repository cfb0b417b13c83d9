"""The engine's successor: the docs folder reportsite renders, every page a real Markdown file, builds
with Zensical (`zensical build`) on the same mkdocs.yml, into the same pages, and what the site keeps
out of the search index (a source's every line) is kept out there too, by the documented
`data-search-exclude` attribute rather than by editing an engine's index file."""

from __future__ import annotations

import html
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from reportsite.build.mkdocs import mkdocs_build
from reportsite.link import themes
from reportsite.link.curation import load_curation
from reportsite.link.linked import link
from reportsite.render.docs import render_docs
from reportsite.store import cache
from reportsite.store.site import load_site
from test_serve import small_project

pytestmark = [
    pytest.mark.optional,
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("zensical") is None,
        reason="zensical is not installed (pip install zensical): the check that the same pages build with it",
    ),
]


def _article_text(html: str) -> str:
    m = re.search(r"<article\b.*?</article>", html, re.S)
    assert m, "no <article>"
    return " ".join(re.sub(r"<[^>]+>", " ", m[0]).split())


def test_the_same_docs_folder_builds_with_zensical(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    extracts = cache.extract_changed(project, None)
    linked = link(extracts, themes.load_taxonomy(project.themes), load_curation(project.curation))
    work = tmp_path / "work"
    docs = work / "docs"
    # Every page as a Markdown file (no pages cut from a shell after the engine ran).
    render_docs(project, linked, docs, "", None, lean=False)

    # The same mkdocs.yml, with the folders the build gives MkDocs on its command line written in.
    config = yaml.safe_load(project.mkdocs_yml.read_text(encoding="utf-8"))
    shutil.copytree(project.mkdocs_yml.parent / config["theme"]["custom_dir"], work / "overrides")
    config.update(docs_dir="docs", site_dir="zensical-site", site_name=load_site(project.site_settings).title)
    config["theme"]["custom_dir"] = "overrides"
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    exe = Path(sys.executable).with_name("zensical")
    result = subprocess.run(
        [str(exe), "build", "-f", "mkdocs.yml"], cwd=work, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    zensical_site = work / "zensical-site"

    mkdocs_site = tmp_path / "mkdocs-site"
    mkdocs_build(project, docs, mkdocs_site)

    pages = sorted(p.parent.relative_to(docs).as_posix() for p in docs.rglob("index.md"))
    findings = [p for p in pages if p.startswith("findings/agency-brief/")]
    assert findings, "the report gave no finding pages"
    for rel in pages:
        built = zensical_site / rel / "index.html"
        assert built.is_file(), f"zensical built no {rel}/"
        ours = _article_text((mkdocs_site / rel / "index.html").read_text(encoding="utf-8"))
        theirs = _article_text(built.read_text(encoding="utf-8"))
        # The same words on the page, whatever either engine does with headings' permalink signs.
        assert theirs.replace("¶", " ").split() == ours.replace("¶", " ").split(), rel

    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    entries = {e["location"]: e for e in index["items"] if "#" not in e["location"]}

    def plain(text: str) -> str:
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())

    for rel in findings:
        words = " ".join(linked.findings[rel.removeprefix("findings/")].text.split()[:6])
        assert words in plain(entries[rel + "/"]["text"]), rel
    reader = plain(
        " ".join(e["text"] for loc, e in entries.items() if loc.startswith("sources/agency-brief/"))
    )
    assert "Source: Brief" in " ".join(e["title"] for e in entries.values())
    source = [" ".join(ln.split()) for ln in (project.sources / "brief.txt").read_text().splitlines()]
    assert not [ln for ln in source if len(ln.split()) > 4 and ln in reader], "source lines reached the index"
