"""MkDocs in a forked child while the finding pages are written from the stored shell (build/stages.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from project_support import catalogue_text, make_project
from reportsite import meanwhile
from reportsite.build import stages
from reportsite.build.folders import merge_tree
from reportsite.build.pipeline import run_build
from reportsite.errors import BuildError
from reportsite.project import PACKAGE_ROOT, Project
from test_incremental import EPOCH, FIRST, edit_a_word, tree


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # A forked child wherever the test runs, as on a machine of two cores or more.
    monkeypatch.setattr(meanwhile, "cores", lambda: 2)
    proj = make_project(tmp_path / "project", catalogue_text(*FIRST))
    proj.curation.unlink()
    text = (PACKAGE_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (proj.root / "mkdocs.yml").write_text("site_url: https://example.org/shelf/\n" + text, encoding="utf-8")
    run_build(proj)
    return proj


def full_build(project: Project) -> dict[str, str]:
    shutil.rmtree(project.build_dir / "state", ignore_errors=True)
    shutil.rmtree(project.build_dir / "frames", ignore_errors=True)
    (project.build_dir / "site.stamp").unlink(missing_ok=True)
    run_build(project)
    return tree(project.site_dir)


def where_they_ran(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file with a line per MkDocs run and per writing of the finding pages: its stage and process."""
    log = tmp_path / "ran.txt"
    real_mkdocs, real_pages = stages.mkdocs_build, stages.write_finding_pages

    def note(stage: str) -> None:
        with log.open("a", encoding="utf-8") as f:
            f.write(f"{stage} {os.getpid()}\n")

    def mkdocs(*args: Any, **kwargs: Any) -> list[str]:
        note("mkdocs")
        return real_mkdocs(*args, **kwargs)

    def pages(*args: Any, **kwargs: Any) -> list[dict[str, str]]:
        note("findings")
        return real_pages(*args, **kwargs)

    monkeypatch.setattr(stages, "mkdocs_build", mkdocs)
    monkeypatch.setattr(stages, "write_finding_pages", pages)
    return log


def ran(log: Path) -> dict[str, int]:
    return {stage: int(pid) for stage, pid in (line.split() for line in log.read_text().splitlines())}


def test_after_an_edit_mkdocs_runs_in_a_child_while_the_finding_pages_are_written(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    log = where_they_ran(monkeypatch, tmp_path)
    edit_a_word(project)
    messages: list[str] = []
    run_build(project, messages.append)
    pids = ran(log)
    assert pids["findings"] == os.getpid() and pids["mkdocs"] != os.getpid()
    assert any("finding pages unchanged" in m for m in messages)
    incremental = tree(project.site_dir)
    assert incremental == full_build(project)


def test_without_the_stored_shell_the_finding_pages_wait_for_mkdocs(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shutil.rmtree(project.build_dir / "frames")
    log = where_they_ran(monkeypatch, tmp_path)
    edit_a_word(project)
    run_build(project)
    assert ran(log) == {"mkdocs": os.getpid(), "findings": os.getpid()}
    incremental = tree(project.site_dir)
    # The build stored the shell again: the next one writes the finding pages beside MkDocs.
    log.unlink()
    edit_a_word(project)
    run_build(project)
    assert ran(log)["mkdocs"] != os.getpid()
    assert tree(project.site_dir) != incremental
    assert tree(project.site_dir) == full_build(project)


def test_mkdocs_failing_beside_the_finding_pages_fails_the_build(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = tree(project.site_dir)

    def failing(*_args: Any, **_kwargs: Any) -> list[str]:
        raise BuildError("MkDocs failed: on purpose", "mkdocs.yml")

    monkeypatch.setattr(stages, "mkdocs_build", failing)
    edit_a_word(project)
    with pytest.raises(BuildError, match="on purpose"):
        run_build(project)
    assert tree(project.site_dir) == before


def test_a_merged_folder_keeps_what_both_hold_from_the_one_written_last(tmp_path: Path) -> None:
    first, last = tmp_path / "mkdocs", tmp_path / "site"
    for path, text in {
        "index.html": "home",
        "assets/site.css": "css",
        "findings/_shell/page/index.html": "shell",
        "findings/r/a/index.html": "mkdocs",
    }.items():
        (first / path).parent.mkdir(parents=True, exist_ok=True)
        (first / path).write_text(text, encoding="utf-8")
    for path, text in {"findings/r/a/index.html": "written last", "findings/r/b/index.html": "b"}.items():
        (last / path).parent.mkdir(parents=True, exist_ok=True)
        (last / path).write_text(text, encoding="utf-8")
    merge_tree(first, last)
    assert {p: (last / p).read_text(encoding="utf-8") for p in tree(last)} == {
        "assets/site.css": "css",
        "findings/_shell/page/index.html": "shell",
        "findings/r/a/index.html": "written last",
        "findings/r/b/index.html": "b",
        "index.html": "home",
    }
