"""`reportsite add`: a new report goes into sources/, the catalogue, extract/ and site/, or nowhere."""

from __future__ import annotations

import hashlib
import shutil
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from pdfgen import make_report_pdf
from project_support import catalogue_text
from project_support import make_project as make_throwaway
from reportsite.cli import cli
from reportsite.commands.add import NewReport, append_entry, entry_text, run_add
from reportsite.errors import BuildError, ExtractError
from reportsite.project import Project
from reportsite.store.catalogue import load_catalogue

CATALOGUE = catalogue_text(
    "mopan-2023-brief",
    header="# The documents the site is built from.",
    trailer="# A closing comment stays where it is.",
)

ARGS = {
    "report_id": "iom-2024-evaluation",
    "title": 'Evaluation of IOM\'s "results": a review',
    "publisher": "IOM Office of the Inspector General",
    "date": "2024-05",
    "kind": "evaluation",
    "cycle": "2023",
}


def make_project(root: Path, catalogue: str = CATALOGUE) -> Project:
    return make_throwaway(root, catalogue)


def tree_hashes(root: Path) -> dict[str, str]:
    out = {}
    for folder in ("sources", "extract", "site", ".build/cache"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def evaluation_text(tmp_path: Path) -> Path:
    path = tmp_path / "evaluation.md"
    path.write_text(
        "# Evaluation of results-based management\n\n## Key findings\n\n"
        "- IOM has strengthened results-based management since 2019.\n\n"
        "## Recommendations\n\n1. Embed results-based management in country offices.\n",
        encoding="utf-8",
    )
    return path


# The catalogue is appended to as text: comments and layout survive.


def test_the_entry_is_appended_after_the_last_report(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    evaluation_text(tmp_path).rename(project.sources / "iom-2024-evaluation.md")
    append_entry(project, entry_text(NewReport(**ARGS), "iom-2024-evaluation.md"), "iom-2024-evaluation")
    text = project.catalogue.read_text(encoding="utf-8")
    head, tail = CATALOGUE.split("# A closing")
    assert text.startswith(head)
    assert text.endswith("# A closing" + tail)
    assert text[len(head) :].startswith("  - id: iom-2024-evaluation\n    title: ")
    entry = load_catalogue(project.catalogue)[-1]
    assert entry.report.title == ARGS["title"]
    assert entry.report.publisher == ARGS["publisher"]
    assert (entry.report.date, entry.report.cycle, entry.report.kind) == ("2024-05", "2023", "evaluation")


@pytest.mark.parametrize(
    "catalogue",
    [
        "reports:\n- id: a\n  title: A\n  publisher: P\n  date: '2024'\n  kind: other\n  file: a.md",
        "reports:\r\n  - id: a\r\n    title: A\r\n    publisher: P\r\n    date: '2024'\r\n    kind: other\r\n"
        "    file: a.md\r\n",
        "# nothing yet\nreports: []\n",
        "# nothing yet\nreports:\n",
        "# nothing yet\n",
    ],
    ids=["dash-at-column-0-no-final-newline", "crlf", "empty-flow-list", "null-list", "no-list"],
)
def test_any_catalogue_layout_takes_the_entry(tmp_path: Path, catalogue: str) -> None:
    project = make_project(tmp_path)
    (project.sources / "a.md").write_text("# A\n", encoding="utf-8")
    project.catalogue.write_bytes(catalogue.encode())
    append_entry(project, entry_text(NewReport(**{**ARGS, "cycle": None}), "a.md"), "iom-2024-evaluation")
    text = project.catalogue.read_bytes().decode()
    assert text.startswith(catalogue.removesuffix("\n").removesuffix("[]").rstrip(" "))
    assert ("\r\n" in text) == ("\r\n" in catalogue)
    assert "\n" not in text.replace("\r\n", "") or "\r\n" not in catalogue
    ids = [e.report.id for e in load_catalogue(project.catalogue)]
    assert ids[-1] == "iom-2024-evaluation"
    assert load_catalogue(project.catalogue)[-1].report.cycle is None


# Whatever fails after the copy, everything is put back.


@pytest.fixture
def built(tmp_path: Path) -> Project:
    """A throwaway project with extracts and a site."""
    from reportsite.store.cache import extract_changed

    project = make_project(tmp_path / "project")
    extract_changed(project)
    (project.site_dir / "reports").mkdir(parents=True)
    (project.site_dir / "index.html").write_text("<h1>last good site</h1>\n", encoding="utf-8")
    return project


def fake_build(monkeypatch: pytest.MonkeyPatch, fail: BaseException | None) -> None:
    """Stand in for commands.build: write a new site/ (as a build does), then fail if asked."""

    def run_build(project: Project, progress: Any = None) -> None:
        from reportsite.store.cache import extract_changed

        extract_changed(project, progress)
        shutil.rmtree(project.site_dir)
        (project.site_dir / "reports" / "new").mkdir(parents=True)
        (project.site_dir / "index.html").write_text("<h1>new site</h1>\n", encoding="utf-8")
        project.ledger.write_text("findings: {}\n", encoding="utf-8")
        if fail is not None:
            raise fail

    module = types.ModuleType("reportsite.build.pipeline")
    module.run_build = run_build  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "reportsite.build.pipeline", module)


@pytest.mark.parametrize(
    "error", [BuildError("mkdocs failed", "mkdocs.yml"), KeyboardInterrupt()], ids=["build-error", "ctrl-c"]
)
def test_a_failed_build_puts_everything_back(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    fake_build(monkeypatch, error)
    before = tree_hashes(built.root)
    with pytest.raises(type(error)):
        run_add(built, evaluation_text(tmp_path), NewReport(**ARGS))
    assert tree_hashes(built.root) == before
    assert not list(built.root.glob(".add-undo-*"))


def test_a_failed_extraction_puts_everything_back(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.store import cache

    fake_build(monkeypatch, None)

    def broken(project: Project, progress: object = None) -> None:
        (project.extract_dir / "half-written.yml").write_text("report: {}\n", encoding="utf-8")
        raise ExtractError("a quote is not in its source", "sources/iom-2024-evaluation.md", line=5)

    monkeypatch.setattr(cache, "extract_changed", broken)
    before = tree_hashes(built.root)
    with pytest.raises(ExtractError):
        run_add(built, evaluation_text(tmp_path), NewReport(**ARGS))
    assert tree_hashes(built.root) == before


def test_a_successful_add_with_a_stand_in_build(
    built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_build(monkeypatch, None)
    lines: list[str] = []
    target = run_add(built, evaluation_text(tmp_path), NewReport(**ARGS), progress=lines.append)
    assert target == built.sources / "iom-2024-evaluation.md"
    assert target.read_bytes() == evaluation_text(tmp_path).read_bytes()
    assert (built.extract_dir / "iom-2024-evaluation.yml").is_file()
    assert "extract: 1 changed, 1 cached" in lines
    assert lines[-1] == "added iom-2024-evaluation (sources/iom-2024-evaluation.md)"


# End to end, with the real build.


def run_cli(project: Project, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["--project", str(project.root), *args])
    assert "Traceback" not in result.output + result.stderr, result.output + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr.splitlines()


def test_add_a_pdf_end_to_end(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    code, err = run_cli(project, "build")
    assert code == 0, err
    pdf = make_report_pdf(tmp_path / "mopan-2023-assessment.pdf", pages=8)
    code, err = run_cli(
        project,
        "add",
        str(pdf),
        "--id",
        "mopan-2023-assessment",
        "--title",
        "MOPAN 2023 Assessment of IOM",
        "--publisher",
        "MOPAN",
        "--date",
        "2023-10",
        "--kind",
        "assessment",
        "--cycle",
        "2023",
    )
    assert code == 0, err
    assert "extract: 1 changed, 1 cached" in err
    assert (project.sources / "mopan-2023-assessment.pdf").read_bytes() == pdf.read_bytes()
    data = yaml.safe_load((project.extract_dir / "mopan-2023-assessment.yml").read_text(encoding="utf-8"))
    assert data["report"]["source"] == "sources/mopan-2023-assessment.pdf"
    assert data["findings"], "the PDF gave no findings"
    assert all(1 <= f["source"]["page"] <= 8 for f in data["findings"])
    assert (project.site_dir / "reports" / "mopan-2023-assessment" / "index.html").is_file()
    for f in data["findings"]:
        assert (project.site_dir / "findings" / f["id"] / "index.html").is_file()

    code, err = run_cli(project, "build")
    assert code == 0, err
    assert "extract: 0 changed, 2 cached" in err


def test_add_a_text_report_end_to_end(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    code, err = run_cli(project, "build")
    assert code == 0, err
    catalogue_before = project.catalogue.read_bytes()
    code, err = run_cli(
        project,
        "add",
        str(evaluation_text(tmp_path)),
        "--id",
        "iom-2024-evaluation",
        "--title",
        "Evaluation of results-based management",
        "--publisher",
        "IOM",
        "--date",
        "2024-05",
        "--kind",
        "evaluation",
    )
    assert code == 0, err
    assert err[0] == f"reading {tmp_path / 'evaluation.md'}"
    assert "extract: 1 changed, 1 cached" in err
    assert err[-1] == "added iom-2024-evaluation (sources/iom-2024-evaluation.md)"
    assert project.catalogue.read_bytes().startswith(catalogue_before.split(b"# A closing")[0])
    data = yaml.safe_load((project.extract_dir / "iom-2024-evaluation.yml").read_text(encoding="utf-8"))
    assert data["report"]["cycle"] is None
    assert all(f["source"]["lines"] for f in data["findings"])
    assert (project.site_dir / "reports" / "iom-2024-evaluation" / "index.html").is_file()
    code, err = run_cli(project, "build")
    assert code == 0, err
    assert "extract: 0 changed, 2 cached" in err
