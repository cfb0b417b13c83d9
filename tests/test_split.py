"""MkDocs on two cores (build/split.py): half the pages built by a forked child give the same site, byte
for byte, as one MkDocs run over them all, in a full build and after an added report."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from project_support import catalogue_text, make_project
from reportsite.build import split, stages
from reportsite.build.pipeline import run_build
from reportsite.errors import BuildError
from reportsite.project import PACKAGE_ROOT, Project
from test_incremental import ADDED, EPOCH, FIRST, full_build, tree


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    proj = make_project(tmp_path / "project", catalogue_text(*FIRST))
    proj.curation.unlink()
    # With a site_url every page is in the sitemap.
    text = (PACKAGE_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (proj.root / "mkdocs.yml").write_text("site_url: https://example.org/shelf/\n" + text, encoding="utf-8")
    return proj


def built(
    project: Project, split_from: int, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, str], str, list[str]]:
    """The site, what the build said of MkDocs, and MkDocs' warnings."""
    monkeypatch.setattr(split, "SPLIT_FROM", split_from)
    messages: list[str] = []
    shutil.rmtree(project.build_dir / "state", ignore_errors=True)
    (project.build_dir / "site.stamp").unlink(missing_ok=True)
    warnings = run_build(project, messages.append)["warnings"]
    return tree(project.site_dir), next(m for m in messages if m.startswith("running MkDocs on")), warnings


def test_a_site_built_on_two_cores_is_the_site_one_run_builds(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "cores", lambda: 2)
    # A report page links its extract's download, a file of the other run's docs: found in both runs.
    one, said, warned = built(project, 10**9, monkeypatch)
    assert "second process" not in said
    two, said, warned_two = built(project, 2, monkeypatch)
    assert "of them in a second process" in said
    assert "sitemap.xml" in two and "search/search_index.json" in two
    assert two == one
    assert sorted(warned_two) == sorted(warned)


def test_an_added_report_built_on_two_cores_equals_a_full_build(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(split, "cores", lambda: 2)
    monkeypatch.setattr(split, "SPLIT_FROM", 2)
    run_build(project)
    project.catalogue.write_text(catalogue_text(*FIRST, ADDED), encoding="utf-8")
    messages: list[str] = []
    run_build(project, messages.append)
    assert any("in a second process" in m for m in messages)
    incremental = tree(project.site_dir)
    monkeypatch.setattr(split, "SPLIT_FROM", 10**9)
    assert incremental == full_build(project)


@pytest.mark.parametrize(
    ("nav", "expected"),
    [
        (
            [{"Home": "index.md"}, {"Reports": "reports/index.md"}],
            ["reports/a/index.md", "tables/t/index.md"],
        ),
        # A bare entry takes its title from its page: every page shows what that page holds.
        (["index.md", {"Reports": "reports/index.md"}], []),
        # No nav: every page is in it.
        (None, []),
    ],
)
def test_only_pages_outside_a_titled_nav_are_handed_off(nav: object, expected: list[str]) -> None:
    settings = {"nav": nav} if nav is not None else {}
    assert split.movable(settings, ORDER, set(ORDER) - {"sources/s/index.md"}, set()) == expected


ORDER = ["index.md", "reports/index.md", "reports/a/index.md", "sources/s/index.md", "tables/t/index.md"]
NAV = [{"Home": "index.md"}, {"Reports": "reports/index.md"}]


@pytest.mark.parametrize(
    ("extra", "split_up"),
    [
        ({}, True),
        ({"plugins": ["search"]}, True),
        ({"plugins": [{"search": {"lang": "en"}}]}, True),
        # A plugin may gather what every page holds: each run would see half of them.
        ({"plugins": ["search", "tags"]}, False),
        ({"plugins": {"search": {}, "blog": {}}}, False),
        ({"hooks": ["hooks.py"]}, False),
    ],
)
def test_a_plugin_that_may_read_every_page_keeps_one_run(extra: dict[str, object], split_up: bool) -> None:
    assert bool(split.movable({"nav": NAV, **extra}, ORDER, set(ORDER), set())) is split_up


def test_a_build_that_fails_stops_the_second_run(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """MkDocs fails in the build's own run while the child's still works: the build's error is the
    command's, and the child does not outlive it."""
    monkeypatch.setattr(split, "cores", lambda: 2)
    monkeypatch.setattr(split, "SPLIT_FROM", 2)
    real = stages.mkdocs_build
    pid_file = tmp_path / "child.pid"

    def mkdocs_build(*args: object, pages_only: bool = False, **kwargs: object) -> list[str]:
        if pages_only:
            pid_file.write_text(str(os.getpid()))
            time.sleep(60)
            return real(*args, pages_only=True, **kwargs)  # type: ignore[arg-type]
        # Once the child is in its own run.
        for _ in range(200):
            if pid_file.is_file():
                break
            time.sleep(0.05)
        raise BuildError("MkDocs failed: on purpose", "mkdocs.yml")

    monkeypatch.setattr(stages, "mkdocs_build", mkdocs_build)
    started = time.monotonic()
    with pytest.raises(BuildError, match="on purpose"):
        run_build(project)
    assert time.monotonic() - started < 50
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
