"""Incremental builds: after an added report, an edited source or an edited template, the site is byte for
byte the one a full build makes, and only the pages whose inputs changed were built again."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from project_support import catalogue_text, make_project
from reportsite.build.incremental import state_dir
from reportsite.build.pipeline import run_build
from reportsite.errors import BuildError
from reportsite.project import PACKAGE_ROOT, Project

FIRST = ("mopan-2023-press-release", "iom-2014-dg-un-relations")
ADDED = "iom-2019-management-response"
EPOCH = "1790000000"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def full_build(project: Project) -> dict[str, str]:
    """The site a build from nothing makes of the project as it is now (extraction stays cached)."""
    shutil.rmtree(state_dir(project), ignore_errors=True)
    (project.build_dir / "site.stamp").unlink(missing_ok=True)
    run_build(project)
    return tree(project.site_dir)


def build(project: Project) -> tuple[dict[str, str], list[str]]:
    messages: list[str] = []
    run_build(project, messages.append)
    return tree(project.site_dir), messages


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of two reports, built once; each test works on a copy."""
    root = tmp_path_factory.mktemp("incremental") / "project"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        proj = make_project(root, catalogue_text(*FIRST))
        # Its overrides name records of reports this catalogue leaves out.
        proj.curation.unlink()
        # A site_url makes MkDocs list every page in the sitemap, which the incremental build merges.
        text = (PACKAGE_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        (proj.root / "mkdocs.yml").write_text(
            "site_url: https://example.org/shelf/\n" + text, encoding="utf-8"
        )
        shutil.copytree(PACKAGE_ROOT / "templates", proj.root / "templates")
        run_build(proj)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    shutil.copytree(built, tmp_path / "project", symlinks=True)
    return Project.at(tmp_path / "project")


def unchanged(messages: list[str]) -> int:
    line = next(m for m in messages if m.startswith("running MkDocs on"))
    return int(line.split("(")[1].split()[0]) if "unchanged)" in line else 0


def test_adding_a_report_builds_only_what_changed_and_equals_a_full_build(project: Project) -> None:
    before = tree(project.site_dir)
    project.catalogue.write_text(catalogue_text(*FIRST, ADDED), encoding="utf-8")
    incremental, messages = build(project)
    assert unchanged(messages) > 0
    assert any(m.endswith("finding pages unchanged") for m in messages)
    assert any(p.startswith(f"findings/{ADDED}/") for p in incremental.keys() - before.keys())
    assert "sitemap.xml" in incremental
    assert incremental == full_build(project)


def test_editing_a_source_equals_a_full_build(project: Project) -> None:
    path = project.sources / "iom-2014-dg-response-un-relations.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    # A word changed in the middle of the document: its records, reader and lists change.
    middle = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i].split()) > 8)
    words = lines[middle].split()
    words[3] = words[3] + "s"
    lines[middle] = " ".join(words)
    path.write_text("\n".join(lines), encoding="utf-8")
    incremental, messages = build(project)
    assert unchanged(messages) > 0
    assert incremental == full_build(project)


def test_removing_a_report_leaves_none_of_its_pages(project: Project) -> None:
    gone = f"findings/{FIRST[1]}/"
    assert any(p.startswith(gone) and p.endswith(".json") for p in tree(project.site_dir))
    project.catalogue.write_text(catalogue_text(*FIRST[:1]), encoding="utf-8")
    incremental, _ = build(project)
    # Its permalinks now hold redirects (the ledger's), not pages.
    assert not any(p.startswith(gone) and p.endswith(".json") for p in incremental)
    assert incremental == full_build(project)


def test_editing_a_template_builds_every_page(project: Project) -> None:
    path = project.templates / "finding.html.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    incremental, messages = build(project)
    assert unchanged(messages) == 0
    assert not any(m.endswith("finding pages unchanged") for m in messages)
    assert incremental == full_build(project)


def test_a_failed_incremental_build_leaves_site_and_state_as_they_were(project: Project) -> None:
    before = tree(project.site_dir)
    state = tree(state_dir(project))
    project.catalogue.write_text(catalogue_text(*FIRST, ADDED), encoding="utf-8")
    (project.root / "mkdocs.yml").write_text("theme: {name: no-such-theme}\n", encoding="utf-8")
    with pytest.raises(BuildError):
        run_build(project)
    assert tree(project.site_dir) == before
    assert tree(state_dir(project)) == state
