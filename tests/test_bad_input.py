"""Nothing lost, nothing executed: every bad input to `reportsite add` is refused with one line naming the
file (and line or page), exit status 1, and sources/, extract/ and site/ left byte for byte as they were.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from pdfgen import make_encrypted_pdf, make_image_only_pdf, make_report_pdf
from project_support import catalogue_text, make_project
from reportsite.cli import cli
from reportsite.project import Project
from reportsite.store.cache import extract_changed

CATALOGUE = catalogue_text(
    "mopan-2023-press-release", "mopan-2023-brief", header="# A small catalogue for a throwaway project."
)
BRIEF_LINE = 10
"""The catalogue line of the mopan-2023-brief entry."""


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the repository's sources, a small catalogue, its extracts and a site."""
    root = tmp_path_factory.mktemp("template")
    make_project(root, CATALOGUE)
    extract_changed(Project.at(root))
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("<h1>the last good site</h1>\n", encoding="utf-8")
    return root


@pytest.fixture
def project(template: Path, tmp_path: Path) -> Project:
    shutil.copytree(template, tmp_path / "project")
    return Project.at(tmp_path / "project")


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file under sources/, extract/ and site/, by path, with the sha256 of its bytes."""
    out = {}
    for folder in ("sources", "extract", "site"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                out[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def write(data: bytes) -> Callable[[Path], object]:
    return lambda path: path.write_bytes(data)


def truncated_pdf(path: Path) -> None:
    make_report_pdf(path, pages=5)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


# name -> (file name, a function writing the file there, or None for no file)
FILES: dict[str, tuple[str, Callable[[Path], object] | None]] = {
    "empty-pdf": ("empty.pdf", write(b"")),
    "not-a-pdf": ("notes.pdf", write(b"hello, this is not a PDF\n")),
    "truncated-pdf": ("truncated.pdf", truncated_pdf),
    "encrypted-pdf": ("locked.pdf", make_encrypted_pdf),
    "html-named-pdf": ("page.pdf", write(b"<!DOCTYPE html>\n<html><body><p>Report</p></body></html>\n")),
    "scanned-pdf": ("scan.pdf", make_image_only_pdf),
    "empty-text": ("empty.txt", write(b"  \n\n")),
    "nul-text": ("nul.txt", write(b"# Title\n\nSome text\x00 with a NUL byte.\n")),
    "latin-1-text": ("latin.md", write("# Title\n\nFirst line.\nD\u00e9j\u00e0 vu.\n".encode("latin-1"))),
    "utf-16-without-bom": ("wide.txt", write("# Title\n\nText.\n".encode("utf-16-le"))),
    "missing-file": ("missing.txt", None),
    "damaged-word-document": ("report.docx", write(b"PK\x03\x04 not really a docx")),
    "open-document": ("report.odt", write(b"PK\x03\x04 an OpenDocument text")),
}

# name -> the exact error line, with {file} for the path given on the command line
EXPECTED = {
    "empty-pdf": "{file}: is empty",
    "not-a-pdf": "{file}: is not a PDF (it starts with 'hello,')",
    "truncated-pdf": "{file}: is damaged or truncated; cannot be read as a PDF",
    "encrypted-pdf": "{file}: is encrypted; remove the password and try again",
    "html-named-pdf": "{file}: is not a PDF (it starts with '<!DOCTYPE')",
    "scanned-pdf": "{file}: has no text layer; OCR is not supported",
    "empty-text": "{file}: is empty",
    "nul-text": "{file}, line 3: contains NUL bytes; not a text document",
    "latin-1-text": "{file}, line 4: not UTF-8 text (byte 0xe9); save it as UTF-8 and try again",
    "utf-16-without-bom": "{file}, line 1: looks like UTF-16 without a byte-order mark; save it as UTF-8 "
    "and try again",
    "missing-file": "{file}: file does not exist",
    "damaged-word-document": "{file}: not a readable Word document (damaged or not .docx)",
    "open-document": "{file}: unsupported file type '.odt' (use .pdf, .docx, .txt or .md)",
}

GOOD_ARGS = {
    "--id": "iom-2024-evaluation",
    "--title": "Evaluation of IOM's results-based management",
    "--publisher": "IOM",
    "--date": "2024-05",
    "--kind": "evaluation",
    "--cycle": "2023",
}

# name -> (arguments changed from GOOD_ARGS, the exact error line)
BAD_ARGS: dict[str, tuple[dict[str, str], str]] = {
    "id-not-a-slug": (
        {"--id": "IOM 2024/evaluation"},
        "--id: id 'IOM 2024/evaluation' is not a URL-safe slug (lower-case letters, digits and hyphens)",
    ),
    "id-taken": (
        {"--id": "mopan-2023-brief"},
        f"sources/catalogue.yml, line {BRIEF_LINE}: id 'mopan-2023-brief' is already taken",
    ),
    "date-not-a-date": (
        {"--date": "2024-02-30"},
        "--date: date '2024-02-30' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    "date-words": (
        {"--date": "last May"},
        "--date: date 'last May' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    "unknown-kind": (
        {"--kind": "blog"},
        "--kind: unknown kind 'blog' (one of: assessment, assessment-brief, press-release, "
        "management-response, annual-report, evaluation, statement, other)",
    ),
    "bad-cycle": (
        {"--cycle": "20 21"},
        "--cycle: cycle '20 21' is not a short name of letters, digits, dots and hyphens (or none)",
    ),
}


def run_add(project: Project, file: Path, args: dict[str, str]) -> tuple[int, list[str]]:
    argv = ["--project", str(project.root), "add", str(file)]
    for option, value in args.items():
        argv += [option, value]
    result = CliRunner().invoke(cli, argv)
    assert "Traceback" not in result.output + result.stderr
    return result.exit_code, result.stderr.strip().splitlines()


def assert_refused(project: Project, file: Path, args: dict[str, str], expected: str) -> None:
    before = tree_hashes(project.root)
    code, stderr = run_add(project, file, args)
    assert code == 1
    assert stderr[-1] == f"error: {expected}"
    assert sum(line.startswith("error:") for line in stderr) == 1
    assert tree_hashes(project.root) == before
    assert not list(project.root.glob(".add-undo-*"))


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_bad_file_is_refused_and_nothing_changes(project: Project, tmp_path: Path, name: str) -> None:
    file_name, make = FILES[name]
    file = tmp_path / "incoming" / file_name
    file.parent.mkdir()
    if make is not None:
        make(file)
    assert_refused(project, file, GOOD_ARGS, EXPECTED[name].format(file=file))


@pytest.mark.parametrize("name", sorted(BAD_ARGS))
def test_a_bad_argument_is_refused_and_nothing_changes(project: Project, tmp_path: Path, name: str) -> None:
    file = tmp_path / "evaluation.txt"
    file.write_text("# Evaluation\n\nThe evaluation found that results improved.\n", encoding="utf-8")
    changed, expected = BAD_ARGS[name]
    assert_refused(project, file, {**GOOD_ARGS, **changed}, expected)


def test_a_catalogue_path_that_leaves_sources_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("# Secret\n\nNot a source.\n", encoding="utf-8")
    text = CATALOGUE + (
        "  - id: outside\n"
        '    title: "Outside"\n'
        "    publisher: IOM\n"
        '    date: "2024"\n'
        "    kind: other\n"
        "    file: ../../outside.txt\n"
    )
    project.catalogue.write_text(text, encoding="utf-8")
    file = tmp_path / "evaluation.txt"
    file.write_text("# Evaluation\n\nThe evaluation found that results improved.\n", encoding="utf-8")
    expected = "sources/catalogue.yml, line 22: file '../../outside.txt' lies outside sources/"
    assert_refused(project, file, GOOD_ARGS, expected)


def test_yaml_tags_are_not_executed(project: Project, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = CATALOGUE + f"  - !!python/object/apply:os.system ['touch {marker}']\n"
    project.catalogue.write_text(text, encoding="utf-8")
    file = tmp_path / "evaluation.txt"
    file.write_text("# Evaluation\n\nResults improved.\n", encoding="utf-8")
    code, stderr = run_add(project, file, GOOD_ARGS)
    assert code == 1
    assert stderr[-1].startswith("error: sources/catalogue.yml, line 17: ")
    assert not marker.exists()
