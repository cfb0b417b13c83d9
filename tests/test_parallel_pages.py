"""Finding pages written by worker processes are the pages one process writes, and a template error in
a worker ends the build with the same one line."""

from __future__ import annotations

import os
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


def test_fewer_pages_than_a_chunk_are_shared_with_one_forked_child(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Less than a chunk (the new pages of an added report) is split between the build and one child
    forked for it, not a pool: the same bytes as one process writes."""
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    alone = _full_build(project)
    shared: list[int] = []
    real_share = parallel.PagePool._share

    def counting_share(self: parallel.PagePool) -> None:
        shared.append(len(self.pending))
        real_share(self)

    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a pool was started for less than a chunk")

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "SHARED_FROM", 2)
    monkeypatch.setattr(parallel.PagePool, "_share", counting_share)
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_pool)
    assert _full_build(project) == alone
    assert len(shared) == 1 and 2 <= shared[0] < parallel.CHUNK


def test_an_error_in_the_shared_child_ends_the_build_with_its_one_line(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child's half fails and this process's does not: the child's error, sent back as its fields,
    is raised here, and site/ is not made."""
    monkeypatch.setattr(parallel, "SHARED_FROM", 2)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    build = os.getpid()
    real_init = parallel.PagePool.__init__

    def failing_in_child(self: parallel.PagePool, job: parallel.Job, *args: object) -> None:
        def job_here(ids: list[str]) -> int:
            if os.getpid() != build:
                raise BuildError("a page failed in the child", "templates/finding.html.j2", line=7)
            return job(ids)

        real_init(self, job_here, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel.PagePool, "__init__", failing_in_child)
    with pytest.raises(BuildError) as err:
        run_build(project)
    assert str(err.value) == "templates/finding.html.j2, line 7: a page failed in the child"
    assert not project.site_dir.exists()
