"""A build killed at any moment leaves site/ as the last good site, and the next build succeeds."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from project_support import catalogue_text, make_project

REPORTSITE = Path(sys.executable).with_name("reportsite")

CATALOGUE = catalogue_text("mopan-2023-brief", "iom-2019-management-response")


def site_hashes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def build(root: Path) -> subprocess.Popen[bytes]:
    # A session of its own, so that the kill reaches anything the build started.
    return subprocess.Popen(
        [str(REPORTSITE), "--project", str(root), "build"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
    )


def build_to_end(root: Path) -> float:
    start = time.monotonic()
    proc = build(root)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err.decode()
    return time.monotonic() - start


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, dict[str, str]]:
    """A project with a good site/; how long a build with one changed report takes, and its site."""
    root = tmp_path_factory.mktemp("good")
    make_project(root, CATALOGUE)
    build_to_end(root)
    assert (root / "site" / "index.html").is_file()
    probe = root.parent / "probe"
    shutil.copytree(root, probe)
    edit_a_source(probe)
    seconds = build_to_end(probe)
    return root, seconds, site_hashes(probe / "site")


def edit_a_source(root: Path) -> None:
    path = root / "sources" / "mopan-2023-iom-brief.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\nA closing note added later.\n", encoding="utf-8")


@pytest.mark.parametrize("moment", [0.2, 1.0, 2.0, 0.5, 0.9])
def test_a_killed_build_leaves_the_last_good_site(
    good: tuple[Path, float, dict[str, str]], tmp_path: Path, moment: float
) -> None:
    """Moments of 1 or more are seconds; fractions are of a whole build's time."""
    source, duration, new_site = good
    root = tmp_path / "project"
    shutil.copytree(source, root, symlinks=True)
    before = site_hashes(root / "site")
    edit_a_source(root)  # so that the build has real work to do, and a new site to swap in
    proc = build(root)
    time.sleep(moment * duration if moment < 1 else moment)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()  # type: ignore[union-attr]

    after = site_hashes(root / "site")
    if proc.returncode == 0:
        # The build finished before the kill: site/ is the new good site, whole.
        assert after != before and "index.html" in after
    else:
        # Killed before the swap: the old site, whole; killed after it: the new site, whole.
        assert after in (before, new_site), "a killed build left site/ neither old nor new"

    build_to_end(root)
    assert (root / "site" / "index.html").is_file()
    assert site_hashes(root / "site") != before
    # The killed build's scratch does not pile up next to site/.
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("site")) == ["site"]
