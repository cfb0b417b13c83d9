"""When `reportsite build` or `add`, or a rebuild of `serve`, returns, nothing it started still runs,
writes or deletes in the project: the project can be copied or removed at once (a backup, a CI cache
step)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

from project_support import catalogue_text, make_project
from reportsite.build.pipeline import run_build
from reportsite.build.warm import Warm
from test_add import evaluation_text
from test_killed_build import edit_a_source

REPORTSITE = Path(sys.executable).with_name("reportsite")
CATALOGUE = catalogue_text("mopan-2023-brief", "iom-2019-management-response")
# Every process a command starts inherits its environment: a variable of its own names them all.
MARK = "REPORTSITE_TEST_RUN"

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").is_file(), reason="reads /proc")


def run_marked(root: Path, *args: str) -> str:
    """Run a command to its end; returns the mark its processes carry."""
    mark = uuid.uuid4().hex
    env = {**os.environ, MARK: mark, "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run(
        [str(REPORTSITE), "--project", str(root), *args], env=env, capture_output=True, timeout=600
    )
    assert done.returncode == 0, done.stderr.decode()
    return mark


def alive(mark: str) -> list[int]:
    """The processes still running with the mark in their environment."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            entries = environ.read_bytes().split(b"\0")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if f"{MARK}={mark}".encode() in entries:
            found.append(int(environ.parent.name))
    return found


def listing(root: Path) -> list[tuple[str, int]]:
    return sorted((p.relative_to(root).as_posix(), p.lstat().st_size) for p in root.rglob("*"))


def assert_settled(root: Path, mark: str, tmp_path: Path) -> None:
    assert alive(mark) == [], "a process the command started outlived it"
    before = listing(root)
    time.sleep(0.5)
    assert listing(root) == before, "the project changed after the command returned"
    copy = tmp_path / f"copy-{mark}"
    shutil.copytree(root, copy, symlinks=True)
    assert listing(copy) == before


def test_nothing_of_a_build_or_an_add_outlives_it(tmp_path: Path) -> None:
    root = tmp_path / "project"
    make_project(root, CATALOGUE)
    assert_settled(root, run_marked(root, "build"), tmp_path)
    # Each of these replaces a site, which the first build did not.
    edit_a_source(root)
    assert_settled(root, run_marked(root, "build"), tmp_path)
    added = run_marked(
        root,
        "add",
        str(evaluation_text(tmp_path)),
        "--id",
        "iom-2024-evaluation",
        "--title",
        "An evaluation",
        "--publisher",
        "IOM",
        "--date",
        "2024-05",
        "--kind",
        "evaluation",
    )
    assert_settled(root, added, tmp_path)
    # What a build keeps of the site it replaced is one folder, removed by the next build.
    trash = sorted((root / ".build").glob("trash-*"))
    assert len(trash) == 1
    edit_a_source(root)
    assert_settled(root, run_marked(root, "build"), tmp_path)
    assert not trash[0].exists()
    shutil.rmtree(root)


def children() -> list[int]:
    """The processes this one started that are still alive."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == os.getpid() and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_nothing_of_a_serve_rebuild_outlives_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project(tmp_path / "project", CATALOGUE)
    warm = Warm()  # what `serve` keeps from one rebuild to the next
    run_build(project, warm=warm)
    for _ in range(2):
        edit_a_source(project.root)
        threads = threading.active_count()
        run_build(project, warm=warm)
        assert threading.active_count() == threads, "a thread the rebuild started outlived it"
        assert children() == [], "a process the rebuild started outlived it"
        before = listing(project.root)
        time.sleep(0.5)
        assert listing(project.root) == before, "the project changed after the rebuild returned"
