"""Finding pages written by worker processes are the pages one process writes, and a template error in
a worker ends the build with the same one line."""

from __future__ import annotations

import shutil

import pytest

from reportsite.build.pipeline import run_build
from reportsite.errors import BuildError
from reportsite.project import Project
from reportsite.render import parallel
from reportsite.store import cache
from test_build import THEMES_YML, fingerprint, with_own_templates
from test_render import make_project, sample_extracts


@pytest.fixture
def project(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Project:
    proj = make_project(tmp_path / "project")
    (proj.sources / "themes.yml").write_text(THEMES_YML, encoding="utf-8")
    monkeypatch.setattr(cache, "extract_changed", lambda project, progress=None: sample_extracts())
    return proj


def _full_build(project: Project) -> dict[str, str]:
    shutil.rmtree(project.site_dir, ignore_errors=True)
    shutil.rmtree(project.build_dir, ignore_errors=True)
    run_build(project)
    return fingerprint(project.site_dir)


def test_pages_from_workers_are_the_bytes_of_one_process(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    alone = _full_build(project)
    forks: list[int] = []
    real_pool = parallel.ProcessPoolExecutor

    def counting_pool(workers: int, **kwargs: object) -> parallel.ProcessPoolExecutor:
        forks.append(workers)
        return real_pool(workers, **kwargs)  # type: ignore[arg-type]

    # One page a chunk: every page of the small project goes to a worker.
    monkeypatch.setattr(parallel, "CHUNK", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", counting_pool)
    assert _full_build(project) == alone
    assert forks == [2]
    assert any(path.startswith("findings/") and path.endswith("/cite.bib") for path in alone)
    assert any(path.startswith("f/") for path in alone)


def test_a_template_error_in_a_worker_is_one_line_naming_the_template(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "CHUNK", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    templates = with_own_templates(project)
    page = templates / "finding.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "{{ finding.no_such_field.x }}\n", encoding="utf-8")
    with pytest.raises(BuildError) as err:
        run_build(project)
    assert str(err.value).startswith("templates/finding.html.j2, line ")
    assert "\n" not in str(err.value)
    assert not project.site_dir.exists()


def test_a_template_edit_reaches_pages_written_by_workers(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The templates a worker rendered with are noted in the build, so an edit to one of them rebuilds
    those pages rather than keeping them from the last build."""
    monkeypatch.setattr(parallel, "CHUNK", 1)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    templates = with_own_templates(project)
    run_build(project)
    page = templates / "finding.html.j2"
    page.write_text(page.read_text(encoding="utf-8") + "<p>An edited template.</p>\n", encoding="utf-8")
    run_build(project)
    incremental = fingerprint(project.site_dir)
    finding_pages = [p for p in incremental if p.startswith("findings/") and p.endswith("index.html")]
    assert finding_pages
    assert all(
        "An edited template." in (project.site_dir / p).read_text(encoding="utf-8") for p in finding_pages
    )
    assert incremental == _full_build(project)
