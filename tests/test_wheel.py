"""The built wheel, installed alone in a fresh virtual environment, makes a site in an empty folder.

The new environment takes its dependencies from this one's site-packages through a .pth file, so nothing
is downloaded, while the package itself comes only from the wheel: the repository's src/, templates/
and mkdocs.yml are not on its path, and whatever the build needs must have shipped as package data.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from pdfgen import make_report_pdf

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
# What a source distribution holds: the package, its metadata and the top-level files it links to.
TOP_SKIP = {".venv", ".git", ".build", "site", "extract", "tests", "bench", "build"}


def _skip(folder: str, names: list[str]) -> set[str]:
    top = Path(folder) == REPO
    return {n for n in names if (top and n in TOP_SKIP) or n.endswith(".egg-info") or n == "__pycache__"}


pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(cmd)} exited {result.returncode}\n{result.stderr[-3000:]}"
    return result


def test_the_wheel_alone_inits_adds_and_builds_a_site(tmp_path: Path) -> None:
    tree = tmp_path / "tree"
    shutil.copytree(REPO, tree, symlinks=True, ignore=_skip)
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "pip", "wheel", str(tree), "--no-deps", "-q", "-w", str(dist)], tmp_path)
    (wheel,) = dist.glob("reportsite-*.whl")

    env = tmp_path / "env"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    purelib = Path(
        subprocess.check_output(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        )
        .decode()
        .strip()
    )
    (purelib / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        tmp_path,
    )
    where = _run(
        [str(python), "-c", "import reportsite; print(reportsite.__file__)"], tmp_path
    ).stdout.strip()
    assert Path(where).is_relative_to(env), where

    empty = tmp_path / "empty"
    empty.mkdir()
    exe = str(env / "bin" / "reportsite")
    _run([exe, "init", "shelf", "--title", "Shelf of evaluations"], empty)
    site_dir = empty / "shelf"
    assert not (site_dir / "templates").exists() and not (site_dir / "mkdocs.yml").exists()
    text = shutil.copy(FIXTURES / "findings" / "headlines.txt", empty / "brief.txt")
    pdf = make_report_pdf(empty / "evaluation.pdf", pages=6)
    common = ["--publisher", "AGENCY", "--date", "2024-05"]
    _run(
        [
            exe,
            "add",
            str(text),
            "--id",
            "agency-brief",
            "--title",
            "Brief",
            "--kind",
            "assessment-brief",
            *common,
        ],
        site_dir,
    )
    _run(
        [
            exe,
            "add",
            str(pdf),
            "--id",
            "agency-eval",
            "--title",
            "Evaluation",
            "--kind",
            "evaluation",
            *common,
        ],
        site_dir,
    )
    built = _run([exe, "build"], site_dir)
    assert "nothing changed" in built.stderr  # add already rebuilt the site

    site = site_dir / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "<title>Shelf of evaluations</title>" in home
    assert (site / "assets" / "site.css").is_file() and (site / "search" / "search_index.json").is_file()
    for rid in ("agency-brief", "agency-eval"):
        assert (site / "reports" / rid / "index.html").is_file()
        findings = list((site / "findings" / rid).glob("*/index.html"))
        assert findings, f"no finding pages for {rid}"
        assert "Shelf of evaluations" in findings[0].read_text(encoding="utf-8")
