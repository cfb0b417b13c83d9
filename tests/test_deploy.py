"""Publishing: site_url from sources/site.yml reaches every absolute address the site writes, a build
without it warns, and `reportsite deploy` pushes site/ alone to a gh-pages branch (here a local bare
repository standing for GitHub)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportsite.cli import cli
from reportsite.project import Project
from test_serve import small_project

SITE_URL = "https://example.org/sub/path/"


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def run(project: Project, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--project", str(project.root), *args])
    return result.exit_code, result.stderr


def with_site_url(project: Project, url: str) -> Project:
    text = project.site_settings.read_text(encoding="utf-8").replace("site_url:\n", f"site_url: {url}\n")
    project.site_settings.write_text(text, encoding="utf-8")
    return project


@pytest.fixture
def repo(tmp_path: Path) -> Project:
    project = with_site_url(small_project(tmp_path / "p"), SITE_URL)
    git("init", "-q", "-b", "main", cwd=project.root)
    git("config", "user.name", "Site Editor", cwd=project.root)
    git("config", "user.email", "editor@example.org", cwd=project.root)
    git("init", "-q", "--bare", str(tmp_path / "remote.git"), cwd=tmp_path)
    git("remote", "add", "origin", str(tmp_path / "remote.git"), cwd=project.root)
    return project


def test_site_url_reaches_the_sitemap_and_the_json_downloads(repo: Project) -> None:
    code, err = run(repo, "build")
    assert code == 0, err
    assert "site_url is not set" not in err
    sitemap = (repo.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    locs = [line.strip()[5:-6] for line in sitemap.splitlines() if line.strip().startswith("<loc>")]
    assert locs and all(loc.startswith(SITE_URL) for loc in locs), locs
    assert any("/findings/agency-brief/" in loc for loc in locs)
    findings = json.loads((repo.site_dir / "downloads" / "findings.json").read_text(encoding="utf-8"))
    assert findings and all(f["url"].startswith(SITE_URL + "findings/agency-brief/") for f in findings)
    csv_text = (repo.site_dir / "downloads" / "findings.csv").read_text(encoding="utf-8")
    assert SITE_URL + "findings/agency-brief/" in csv_text
    assert f'<link rel="canonical" href="{SITE_URL}">' in (repo.site_dir / "index.html").read_text()


def test_a_build_without_site_url_warns(tmp_path: Path) -> None:
    project = small_project(tmp_path / "p")
    code, err = run(project, "build")
    assert code == 0
    assert "site_url is not set in sources/site.yml" in err


def test_a_bad_site_url_is_one_line_naming_the_file_and_line(tmp_path: Path) -> None:
    project = with_site_url(small_project(tmp_path / "p"), "javascript:alert(1)")
    code, err = run(project, "build")
    assert code == 1
    line = next(
        n for n, t in enumerate(project.site_settings.read_text().splitlines(), 1) if t.startswith("site_url")
    )
    assert err.splitlines() == [
        f"error: sources/site.yml, line {line}: site_url: 'javascript:alert(1)' is not an http:// or https:// address"
    ]
    assert not project.site_dir.exists() and not project.extract_dir.exists()


def test_deploy_pushes_site_alone_to_gh_pages(repo: Project) -> None:
    code, err = run(repo, "deploy")
    assert code == 0, err
    remote = repo.root.parent / "remote.git"
    files = set(git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split())
    built = {p.relative_to(repo.site_dir).as_posix() for p in repo.site_dir.rglob("*") if p.is_file()}
    assert files == built | {".nojekyll"}
    assert git("show", "gh-pages:index.html", cwd=remote) == (repo.site_dir / "index.html").read_text()
    # A second deploy adds a commit on top: the branch's history is kept.
    code, err = run(repo, "deploy", "--message", "Second")
    assert code == 0, err
    assert git("log", "--format=%s", "gh-pages", cwd=remote).split("\n")[:2] == ["Second", "Publish the site"]


def test_deploy_to_a_missing_remote_is_one_line(repo: Project) -> None:
    code, err = run(repo, "deploy", "--remote", "nowhere")
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {repo.root}: git push nowhere gh-pages failed (exit status 128)"] or (
        len(errors) == 1 and "git push nowhere gh-pages failed" in errors[0]
    ), err
