"""Kept parts of a page (render/parts.py): a list page made again after one report changed renders only
that report's part, and writes what a render from nothing writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from project_support import catalogue_text, make_project
from reportsite.build.keys import made_with, uses_digest
from reportsite.project import Project
from reportsite.render.docs import Writer
from reportsite.render.page import Page
from reportsite.render.reuse import Reuse

LIST = """{% import "_cells.j2" as m %}
{% for name, rows in groups %}
{% call kept("rows", name, rows) %}
{% include "_row_head.j2" %} {{ name }}: {{ m.cells(rows) }} ({{ url("numbers/") }})
{% endcall %}
{% endfor %}
"""
CELLS = """{% macro cells(rows) %}{{ rows|join(", ") }}{% endmacro %}"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = make_project(tmp_path / "project", catalogue_text())
    (proj.root / "templates").mkdir()
    (proj.root / "templates" / "list.md.j2").write_text(LIST, encoding="utf-8")
    (proj.root / "templates" / "_row_head.j2").write_text("*", encoding="utf-8")
    (proj.root / "templates" / "_cells.j2").write_text(CELLS, encoding="utf-8")
    return proj


def render(project: Project, groups: list[tuple[str, list[int]]], docs: Path, reuse: bool = True) -> str:
    """The list page rendered into docs with the render state of the last call; its text."""
    now = made_with(project)
    kept = Reuse.load(project.build_dir / "render", "seed", lambda used: uses_digest(now, used))
    writer = Writer(project, docs, reuse=kept if reuse else None)
    writer.add(Page("list/", "list.md.j2", {"groups": groups}))
    kept.links.wait()
    kept.save(docs, None)
    return (docs / "list" / "index.md").read_text(encoding="utf-8")


def rendered_parts(project: Project, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made: list[str] = []
    keep = Reuse.keep_part

    def spy(self: Reuse, key: str, uses: object, text: str) -> None:
        made.append(text)
        keep(self, key, uses, text)  # type: ignore[arg-type]

    monkeypatch.setattr(Reuse, "keep_part", spy)
    return made


def test_only_the_changed_part_is_rendered_again(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = rendered_parts(project, monkeypatch)
    first = [("a", [1, 2]), ("b", [3])]
    render(project, first, tmp_path / "d1")
    assert len(made) == 2
    made.clear()
    second = [("a", [1, 2]), ("b", [3, 4]), ("c", [5])]
    text = render(project, second, tmp_path / "d2")
    assert [m.split(":")[0].strip("* ") for m in made] == ["b", "c"]
    assert text == render(project, second, tmp_path / "plain", reuse=False)
    assert "* a: 1, 2 (../numbers/)" in text


@pytest.mark.parametrize(
    ("template", "text", "shown"),
    [
        # Included inside the part.
        ("_row_head.j2", "+", "+ a: 1"),
        # Imported by the page before the part began; the part calls its macro.
        ("_cells.j2", '{% macro cells(rows) %}{{ rows|join("; ") }}!{% endmacro %}', "* a: 1!"),
    ],
)
def test_a_part_is_rendered_again_when_a_template_it_used_changed(
    project: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    template: str,
    text: str,
    shown: str,
) -> None:
    made = rendered_parts(project, monkeypatch)
    groups = [("a", [1]), ("b", [2])]
    render(project, groups, tmp_path / "d1")
    (project.root / "templates" / template).write_text(text, encoding="utf-8")
    made.clear()
    page = render(project, groups, tmp_path / "d2")
    assert len(made) == 2
    assert shown in page


def test_parts_no_page_uses_any_more_are_removed_and_a_lost_one_is_rendered_again(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render(project, [("a", [1]), ("b", [2])], tmp_path / "d1")
    parts = project.build_dir / "render" / "parts"
    assert len(list(parts.iterdir())) == 2
    render(project, [("a", [1])], tmp_path / "d2")
    assert len(list(parts.iterdir())) == 1
    next(parts.iterdir()).unlink()
    made = rendered_parts(project, monkeypatch)
    assert "a: 1" in render(project, [("a", [1]), ("c", [3])], tmp_path / "d3")
    assert len(made) == 2
