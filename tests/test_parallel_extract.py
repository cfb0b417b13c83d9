"""Extraction spread over processes or a Dask cluster gives exactly what one process gives, in catalogue
order, and a bad document still fails with one error naming it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from project_support import catalogue_text, make_project
from reportsite.errors import ReportsiteError
from reportsite.extract.pipeline import extract_entries
from reportsite.extract.schedule import SERIAL, Workers, longest_first, run_tasks
from reportsite.project import Project
from reportsite.store.catalogue import load_catalogue
from reportsite.store.yaml_io import extract_to_yaml

REPORTS = ("mopan-2023-press-release", "iom-2014-dg-un-relations", "iom-2019-management-response")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return make_project(tmp_path_factory.mktemp("parallel") / "p", catalogue_text(*REPORTS))


@pytest.fixture(scope="module")
def serial(project: Project) -> list[str]:
    entries = load_catalogue(project.catalogue)
    return [extract_to_yaml(e) for e in extract_entries(project, entries, workers=SERIAL)]


def test_a_process_pool_gives_what_one_process_gives(project: Project, serial: list[str]) -> None:
    lines: list[str] = []
    entries = load_catalogue(project.catalogue)
    pooled = extract_entries(project, entries, lines.append, Workers(jobs=2))
    assert [extract_to_yaml(e) for e in pooled] == serial
    assert [e.report.id for e in pooled] == list(REPORTS)
    # Announced as they finish, counted in that order.
    announced = [line.split()[1:] for line in lines if line.startswith("extracting ")]
    assert sorted(rid for rid, _count in announced) == sorted(REPORTS)
    assert [count for _rid, count in announced] == ["(1/3)", "(2/3)", "(3/3)"]


def test_a_bad_document_in_a_pool_fails_with_its_name(project: Project, tmp_path: Path) -> None:
    other = make_project(tmp_path / "bad", catalogue_text(*REPORTS))
    (other.sources / "iom-2014-dg-response-un-relations.txt").write_bytes(b"  \n\n")
    with pytest.raises(ReportsiteError, match=re.escape("iom-2014-dg-response-un-relations.txt")):
        extract_entries(other, load_catalogue(other.catalogue), workers=Workers(jobs=2))


def test_an_executor_that_is_not_dask_is_refused(project: Project) -> None:
    with pytest.raises(ReportsiteError, match="dask://HOST:PORT"):
        extract_entries(project, load_catalogue(project.catalogue), workers=Workers(executor="tcp://x:1"))


@pytest.mark.parametrize("processes", [False, True])
def test_a_dask_cluster_gives_what_one_process_gives(
    project: Project, serial: list[str], processes: bool
) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="Dask is an optional extra: pip install -e '.[dask]'"
    )
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=processes, protocol="tcp://", dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address.removeprefix("tcp://")
        entries = load_catalogue(project.catalogue)
        spread = extract_entries(project, entries, workers=Workers(executor=f"dask://{address}"))
    assert [extract_to_yaml(e) for e in spread] == serial


def test_the_cli_refuses_an_executor_it_cannot_use_in_one_line(project: Project) -> None:
    from click.testing import CliRunner

    from reportsite.cli import cli

    result = CliRunner().invoke(
        cli, ["--project", str(project.root), "extract", "--out", "/nonexistent-out", "--executor", "x"]
    )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == ["error: --executor 'x': expected dask://HOST:PORT"]


def test_the_costliest_tasks_go_first_and_the_results_stay_in_order() -> None:
    assert longest_first([1, 5, 3, 5], cost=float) == [1, 3, 2, 0]
    assert longest_first([1, 5, 3], cost=None) == [0, 1, 2]
    done: list[tuple[int, int]] = []
    results = run_tasks(abs, [-1, -2, -3, -4], Workers(jobs=2), lambda n, r: done.append((n, r)), cost=abs)
    assert results == [1, 2, 3, 4]
    assert [n for n, _r in done] == [0, 1, 2, 3]
    assert sorted(r for _n, r in done) == [1, 2, 3, 4]
