"""One writer at a time: the project lock, what concurrent and killed commands leave, and rollbacks that
undo only their own command's changes."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from project_support import catalogue_text, make_project
from reportsite.lock import holder, project_lock
from reportsite.project import Project
from reportsite.store.catalogue import load_catalogue

REPORTSITE = Path(sys.executable).with_name("reportsite")
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def start(root: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(REPORTSITE), "--project", str(root), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    out, err = proc.communicate(timeout=600)
    return proc.returncode, out + err


def report_text(tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.md"
    path.write_text(
        f"# Evaluation {name}\n\n## Key findings\n\n- IOM has strengthened {name} since 2019.\n\n"
        f"## Recommendations\n\n1. Embed {name} in country offices.\n",
        encoding="utf-8",
    )
    return path


def add_args(file: Path, rid: str) -> list[str]:
    return [
        "add",
        str(file),
        "--id",
        rid,
        "--title",
        rid,
        "--publisher",
        "IOM",
        "--date",
        "2024",
        "--kind",
        "evaluation",
    ]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project", catalogue_text("mopan-2023-brief"))


# The lock itself.


def test_a_second_writer_waits_and_says_who_holds_the_lock(project: Project) -> None:
    release = threading.Event()
    held = threading.Event()
    order: list[str] = []

    def first() -> None:
        with project_lock(project, "build"):
            held.set()
            release.wait(10)
            order.append("first done")

    thread = threading.Thread(target=first)
    thread.start()
    held.wait(10)
    messages: list[str] = []
    timer = threading.Timer(0.5, release.set)
    timer.start()
    with project_lock(project, "add", say=messages.append):
        order.append("second in")
    thread.join()
    assert order == ["first done", "second in"]
    assert messages == [f"waiting for another reportsite command (pid {os.getpid()}: build) ..."]
    assert not (project.build_dir / "reportsite.lock.holder").exists()


def test_no_wait_exits_1_naming_the_holder(project: Project) -> None:
    with project_lock(project, "serve"):
        assert holder(project) == f"pid {os.getpid()}: serve"
        code, output = finish(start(project.root, "--no-wait", "build"))
    assert code == 1
    assert output.strip() == (
        f"error: .build/reportsite.lock: another reportsite command (pid {os.getpid()}: serve) "
        "is writing this project; try again when it is done"
    )
    assert not project.site_dir.exists()


def test_the_lock_is_taken_once_by_a_command_that_runs_another(project: Project) -> None:
    with project_lock(project, "add"), project_lock(project, "build", wait=False):
        assert holder(project) == f"pid {os.getpid()}: add"


# Concurrent commands, as people run them.


def test_two_adds_at_once_both_survive(project: Project, tmp_path: Path) -> None:
    code, output = finish(start(project.root, "build"))
    assert code == 0, output
    first = start(project.root, *add_args(report_text(tmp_path, "alpha"), "eval-a"))
    second = start(project.root, *add_args(report_text(tmp_path, "beta"), "eval-b"))
    results = [finish(first), finish(second)]
    assert [code for code, _ in results] == [0, 0], results
    assert "Traceback" not in "".join(out for _, out in results)
    ids = [e.report.id for e in load_catalogue(project.catalogue)]
    assert ids == ["mopan-2023-brief", "eval-a", "eval-b"] or ids == ["mopan-2023-brief", "eval-b", "eval-a"]
    for rid in ("eval-a", "eval-b"):
        assert (project.site_dir / "reports" / rid / "index.html").is_file()
    code, output = finish(start(project.root, "check"))
    assert code == 0, output


def test_a_build_during_an_add_waits_for_it(project: Project, tmp_path: Path) -> None:
    code, output = finish(start(project.root, "build"))
    assert code == 0, output
    adding = start(project.root, *add_args(report_text(tmp_path, "gamma"), "eval-c"))
    time.sleep(0.3)
    building = start(project.root, "build")
    (add_code, add_out), (build_code, build_out) = finish(adding), finish(building)
    assert (add_code, build_code) == (0, 0), add_out + build_out
    assert "eval-c" in [e.report.id for e in load_catalogue(project.catalogue)]
    assert (project.site_dir / "reports" / "eval-c" / "index.html").is_file()
    assert "waiting for another reportsite command" in add_out + build_out


def test_two_builds_at_once_both_succeed(project: Project) -> None:
    builds = [start(project.root, "build"), start(project.root, "build")]
    results = [finish(p) for p in builds]
    assert [code for code, _ in results] == [0, 0], results
    assert "Traceback" not in "".join(out for _, out in results)
    assert (project.site_dir / "index.html").is_file()
    assert [p.name for p in project.build_dir.glob("build-*")] == []


# Rollback and what killed commands leave.


def test_a_failed_add_takes_out_its_own_entry_only(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.build import pipeline
    from reportsite.commands.add import NewReport, run_add
    from reportsite.errors import BuildError

    other = "  - id: written-meanwhile\n    title: x\n"

    def build_that_fails(project: Project, progress: object = None) -> None:
        # Another hand saves the catalogue while the build runs (an editor, not a reportsite command).
        text = project.catalogue.read_text(encoding="utf-8")
        project.catalogue.write_text(text.replace("reports:\n", "reports:\n" + other, 1), encoding="utf-8")
        raise BuildError("mkdocs failed", "mkdocs.yml")

    monkeypatch.setattr(pipeline, "run_build", build_that_fails)
    before = project.catalogue.read_text(encoding="utf-8")
    with pytest.raises(BuildError):
        run_add(
            project,
            report_text(tmp_path, "delta"),
            NewReport("eval-d", "t", "IOM", "2024", "evaluation", None),
        )
    assert project.catalogue.read_text(encoding="utf-8") == before.replace(
        "reports:\n", "reports:\n" + other, 1
    )
    assert not (project.sources / "eval-d.md").exists()
    assert not list(project.root.glob(".add-undo-*"))


def test_the_next_command_undoes_a_killed_add(project: Project, tmp_path: Path) -> None:
    code, output = finish(start(project.root, "build"))
    assert code == 0, output
    before = project.catalogue.read_bytes()
    adding = start(project.root, *add_args(report_text(tmp_path, "kappa"), "eval-k"))
    deadline = time.monotonic() + 120
    while b"eval-k" not in project.catalogue.read_bytes() and adding.poll() is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    adding.kill()
    adding.communicate()
    assert list(project.root.glob(".add-undo-*")), "the add finished before it could be killed"
    code, output = finish(start(project.root, "build"))
    assert code == 0, output
    assert "undid the interrupted `add` of eval-k" in output
    assert project.catalogue.read_bytes() == before
    assert not (project.sources / "eval-k.md").exists()
    assert not list(project.root.glob(".add-undo-*"))


def test_the_next_command_removes_what_a_killed_writer_left(project: Project) -> None:
    # What a writer killed between mkstemp and os.replace leaves: a hidden file with the partial ending.
    leftovers = [
        project.extract_dir / ".ledger.yml.k3j9.partial",
        project.sources / ".catalogue.yml.x1.partial",
    ]
    for path in leftovers:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("half", encoding="utf-8")
    keep = project.sources / ".notes-of-an-editor"
    keep.write_text("mine", encoding="utf-8")
    code, output = finish(start(project.root, "extract"))
    assert code == 0, output
    assert not any(p.exists() for p in leftovers), output
    assert "left by a killed writer" in output
    assert keep.read_text(encoding="utf-8") == "mine"


def test_an_edit_saved_during_a_build_is_built_next_time(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.build import pipeline

    real = pipeline.mkdocs_stage
    source = project.sources / "mopan-2023-iom-brief.txt"

    def edit_meanwhile(st: pipeline.Stages, pages: int, *rest: Any) -> list[str]:
        source.write_text(
            source.read_text(encoding="utf-8") + "\nA note saved mid-build.\n", encoding="utf-8"
        )
        return real(st, pages, *rest)

    monkeypatch.setattr(pipeline, "mkdocs_stage", edit_meanwhile)
    pipeline.run_build(project)
    monkeypatch.setattr(pipeline, "mkdocs_stage", real)
    assert pipeline.run_build(project)["pages"] > 0
    assert pipeline.run_build(project)["pages"] == 0


def test_every_published_finding_is_in_the_ledger_before_the_swap(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.build import pipeline

    real = pipeline.replace_site
    seen: dict[str, set[str]] = {}

    def swap(new_site: Path, site_dir: Path, scratch: Path) -> None:
        # The moment a kill -9 would matter: the new site is whole, the old one still in place.
        ledger = yaml.safe_load(project.ledger.read_text(encoding="utf-8"))["findings"]
        seen["ledger"] = set(ledger)
        seen["pages"] = {
            p.parent.relative_to(new_site / "findings").as_posix()
            for p in (new_site / "findings").rglob("index.html")
        }
        real(new_site, site_dir, scratch)

    monkeypatch.setattr(pipeline, "replace_site", swap)
    pipeline.run_build(project)
    assert seen["pages"], "the site has no finding pages"
    assert seen["pages"] <= seen["ledger"]
