"""`reportsite serve`: an edit to a source, a setting or a template rebuilds the site, and the open page
reloads with the change (MkDocs' LiveReloadServer injects the script that waits for it)."""

from __future__ import annotations

import queue
import re
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from reportsite.commands.init import run_init
from reportsite.commands.serve import Stopwatch, run_serve
from reportsite.project import DEFAULTS, Project

FIXTURES = Path(__file__).parent / "fixtures"
ENTRY = """reports:
  - id: agency-brief
    title: Brief
    publisher: AGENCY
    date: "2024-05"
    kind: assessment-brief
    file: brief.txt
"""


def small_project(root: Path, own_template: str | None = None) -> Project:
    """A new site with one text report; with own_template, the project's own copy of that template."""
    project = run_init(root)
    shutil.copy(FIXTURES / "findings" / "headlines.txt", project.sources / "brief.txt")
    catalogue = project.catalogue.read_text(encoding="utf-8").replace("reports: []\n", ENTRY)
    project.catalogue.write_text(catalogue, encoding="utf-8")
    if own_template:
        (root / "templates").mkdir()
        shutil.copy(DEFAULTS / "templates" / own_template, root / "templates" / own_template)
    return project


@contextmanager
def serving(project: Project) -> Iterator[tuple[Any, list[str]]]:
    """run_serve in a thread on a free port; yields (server, progress messages) once it listens."""
    messages: list[str] = []
    ready: queue.Queue[Any] = queue.Queue()
    thread = threading.Thread(
        target=run_serve, args=(project, 0, messages.append), kwargs={"started": ready.put}, daemon=True
    )
    thread.start()
    server = ready.get(timeout=300)
    try:
        yield server, messages
    finally:
        server.shutdown()
        thread.join(timeout=30)


def fetch(url: str, timeout: float = 30) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def test_a_settings_edit_rebuilds_and_tells_the_open_page_to_reload(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    with serving(project) as (server, messages):
        assert server.server_address[0] == "127.0.0.1"
        home = fetch(server.url)
        epoch = int(re.search(r"livereload\((\d+), \d+\)", home)[1])  # type: ignore[index]
        settings = project.site_settings.read_text(encoding="utf-8")
        project.site_settings.write_text(settings.replace("home: |-\n", "home: |-\n  Edited home.\n"))
        # The page's script asks this, and is answered once the rebuild is served.
        newer = int(fetch(f"{server.url}livereload/{epoch}/1", timeout=300))
        assert newer > epoch
        assert "Edited home." in fetch(server.url)
    reloads = [m for m in messages if m.startswith("reloading open pages")]
    assert reloads, messages
    # The rebuild's stages with their times; the settings edit is not extracted or linked again.
    assert re.search(r"link \d+\.\d\ds, render \d+\.\d\ds, MkDocs \d+\.\d\ds", reloads[0]), reloads
    assert sum(m.startswith("extract:") for m in messages) == 1
    assert sum(m.startswith("built site/") for m in messages) == 2


def test_the_stopwatch_names_each_stage_of_a_build() -> None:
    shown: list[str] = []
    watch = Stopwatch(shown.append)
    for line in (
        "extract: 0 changed",
        "linking",
        "rendering pages",
        "running MkDocs on 2 pages",
        "built site/",
    ):
        watch(line)
    assert shown[0] == "extract: 0 changed"
    names = [part.split()[0] for part in watch.stages().split(", ")]
    assert names == ["extract", "link", "render", "MkDocs"]


def test_a_failed_rebuild_keeps_the_last_good_site(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    with serving(project) as (server, messages):
        epoch = int(re.search(r"livereload\((\d+), \d+\)", fetch(server.url))[1])  # type: ignore[index]
        project.site_settings.write_text("site_url: ftp://example.org/\n", encoding="utf-8")
        fetch(f"{server.url}livereload/{epoch}/1", timeout=300)
        assert "agency-brief" in fetch(server.url + "reports/")
    errors = [m for m in messages if m.startswith("error:")]
    assert errors and "sources/site.yml, line 1: site_url" in errors[0], messages


@pytest.mark.browser
def test_the_open_page_reloads_with_a_template_edit(tmp_path: Path, browser: Any) -> None:
    project = small_project(tmp_path / "p", own_template="report.md.j2")
    template = project.root / "templates" / "report.md.j2"
    with serving(project) as (server, messages):
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        with page.expect_console_message(lambda m: "live reload" in m.text, timeout=30_000):
            page.goto(server.url + "reports/agency-brief/")
        assert "Marker of the edit" not in page.content()
        edited = time.perf_counter()
        template.write_text(template.read_text(encoding="utf-8") + "\nMarker of the edit\n", encoding="utf-8")
        page.wait_for_selector("text=Marker of the edit", timeout=120_000)
        seconds = time.perf_counter() - edited
        page.close()
    print(f"page reloaded {seconds:.1f}s after the template edit")
    assert not errors
    assert any(m.startswith("reloading open pages") for m in messages)


def _finding_to_edit(project: Project) -> tuple[str, int, str]:
    """(finding id, its first source line, a word of its quote on that line that names neither its id
    nor anything else in the document): what a source edit changes on its page and in the reader."""
    import yaml

    extract = yaml.safe_load((project.extract_dir / "agency-brief.yml").read_text(encoding="utf-8"))
    text = (project.sources / "brief.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    for finding in sorted(extract["findings"], key=lambda f: -len(f["text"].split())):
        first = finding["source"]["lines"][0]
        for word in re.findall(r"[A-Za-z]{5,}", lines[first - 1]):
            once = len(re.findall(rf"\b{word}\b", text)) == 1
            if once and word in finding["text"] and word.lower() not in finding["id"]:
                return finding["id"], first, word
    raise AssertionError("no finding with a word to edit")


@pytest.mark.browser
def test_the_open_pages_reload_with_an_edit_to_a_source(tmp_path: Path, browser: Any) -> None:
    """A one-word edit to a document: its finding's page and the source reader, open at the finding's
    line, reload and show the new word, the reader still at that line."""
    project = small_project(tmp_path / "p")
    source = project.sources / "brief.txt"
    with serving(project) as (server, messages):
        finding_id, line, word = _finding_to_edit(project)
        new = "Reworded"
        assert new not in source.read_text(encoding="utf-8")
        report, slug = finding_id.split("/", 1)
        pages = {}
        for name, url in {
            "finding": f"{server.url}findings/{report}/{slug}/",
            "reader": f"{server.url}sources/{report}/#L{line}",
        }.items():
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            with page.expect_console_message(lambda m: "live reload" in m.text, timeout=30_000):
                page.goto(url)
            assert word in page.content() and new not in page.content()
            pages[name] = page
        source.write_text(re.sub(rf"\b{word}\b", new, source.read_text(encoding="utf-8")), encoding="utf-8")
        pages["finding"].wait_for_selector(f"article :text('{new}')", timeout=120_000)
        reader = pages["reader"].locator(f"#L{line}")
        reader.locator(f"text={new}").wait_for(timeout=120_000)
        assert word not in reader.inner_text()
        # Reloaded at the finding's line: it is on screen, not only in the page.
        box = reader.bounding_box()
        assert box is not None and 0 <= box["y"] < 700, box
        for page in pages.values():
            page.close()
    assert any(m.startswith("reloading open pages") for m in messages)
    # The first build and the rebuild each extracted the one document.
    assert sum(m.startswith("extract: 1 changed") for m in messages) == 2, messages
