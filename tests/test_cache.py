"""Extraction is cached by content: nothing changed extracts nothing, one change extracts one report."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from reportsite.errors import ReadError
from reportsite.modules import PACKAGE_DIR
from reportsite.project import Project
from reportsite.store import cache
from reportsite.store.cache import extract_changed, index_path
from reportsite.store.yaml_io import load_extract

REPO = Path(__file__).resolve().parents[1]

TEXTS = {
    "alpha": "# Alpha report\n\n## Key findings\n\n- The organisation is agile and responsive.\n",
    "beta": "# Beta report\n\n## Recommendations\n\n1. Strengthen results-based management.\n",
    "gamma": "# Gamma report\n\nIOM received USD 2.99 billion in 2022.\n",
}


def entry(rid: str, title: str | None = None) -> str:
    return (
        f"  - id: {rid}\n"
        f'    title: "{title or rid.title() + " report"}"\n'
        "    publisher: IOM\n"
        '    date: "2023"\n'
        "    kind: other\n"
        f"    file: {rid}.md\n"
    )


def write_catalogue(project: Project, *ids: str, titles: dict[str, str] | None = None) -> None:
    body = "".join(entry(rid, (titles or {}).get(rid)) for rid in ids)
    project.catalogue.write_text(f"# Test catalogue.\nreports:\n{body}", encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    sources = tmp_path / "sources"
    sources.mkdir()
    for rid, text in TEXTS.items():
        (sources / f"{rid}.md").write_text(text, encoding="utf-8")
    if (REPO / "sources" / "themes.yml").is_file():
        shutil.copy(REPO / "sources" / "themes.yml", sources / "themes.yml")
    project = Project.at(tmp_path)
    write_catalogue(project, "alpha", "beta")
    return project


def run(project: Project) -> tuple[list[str], list[str]]:
    """(the report ids extracted, the summary line) of one extract_changed call."""
    lines: list[str] = []
    extracts = extract_changed(project, lines.append)
    assert [e.report.id for e in extracts] == [
        line.split("id: ")[1] for line in project.catalogue.read_text().splitlines() if "- id: " in line
    ]
    # Reports extracted side by side are announced as they finish: in no set order.
    extracted = sorted(line.split()[1] for line in lines if line.startswith("extracting "))
    summary = [line for line in lines if line.startswith("extract: ")]
    return extracted, summary


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_nothing_changed_extracts_nothing(project: Project) -> None:
    assert run(project) == (["alpha", "beta"], ["extract: 2 changed, 0 cached"])
    before = {p.name: p.stat().st_mtime_ns for p in project.extract_dir.iterdir()}
    assert run(project) == ([], ["extract: 0 changed, 2 cached"])
    # Nothing is rewritten either, so git and file watchers see no change.
    assert {p.name: p.stat().st_mtime_ns for p in project.extract_dir.iterdir()} == before


def test_a_new_report_extracts_only_that_one(project: Project) -> None:
    run(project)
    write_catalogue(project, "alpha", "beta", "gamma")
    assert run(project) == (["gamma"], ["extract: 1 changed, 2 cached"])
    assert (project.extract_dir / "gamma.yml").is_file()


def test_an_edited_source_extracts_only_that_report(project: Project) -> None:
    run(project)
    path = project.sources / "beta.md"
    path.write_text(TEXTS["beta"] + "2. Publish the data.\n", encoding="utf-8")
    assert run(project) == (["beta"], ["extract: 1 changed, 1 cached"])


def test_changed_metadata_extracts_that_report_again(project: Project) -> None:
    run(project)
    write_catalogue(project, "alpha", "beta", titles={"alpha": "Alpha, renamed"})
    assert run(project) == (["alpha"], ["extract: 1 changed, 1 cached"])
    assert "Alpha, renamed" in (project.extract_dir / "alpha.yml").read_text(encoding="utf-8")


def test_changed_themes_extract_everything_again(project: Project) -> None:
    run(project)
    with project.themes.open("a", encoding="utf-8") as fh:
        fh.write("\n# a curator's note\n")
    assert run(project) == (["alpha", "beta"], ["extract: 2 changed, 0 cached"])


def test_a_new_extractor_extracts_everything_again(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    run(project)
    monkeypatch.setattr(cache, "EXTRACTOR_VERSION", cache.EXTRACTOR_VERSION + "-next")
    assert run(project) == (["alpha", "beta"], ["extract: 2 changed, 0 cached"])


def _package_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "reportsite"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(
    "edited", ["read/pdf/layout.py", "read/pdf/tables.py", "extract/findings/base.py", "records.py"]
)
def test_an_edit_to_any_extracting_module_changes_the_key(tmp_path: Path, edited: str) -> None:
    package = _package_copy(tmp_path)
    before = cache.extractor_version(package)
    with (package / edited).open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    assert cache.extractor_version(package) != before


def test_an_edit_to_the_renderer_keeps_the_key(tmp_path: Path) -> None:
    package = _package_copy(tmp_path)
    before = cache.extractor_version(package)
    with (package / "render" / "pages.py").open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    assert cache.extractor_version(package) == before


def test_a_hand_edited_extract_is_extracted_again(project: Project) -> None:
    run(project)
    path = project.extract_dir / "alpha.yml"
    good = path.read_bytes()
    path.write_bytes(good.replace(b"Alpha report", b"Edited by hand"))
    assert run(project) == (["alpha"], ["extract: 1 changed, 1 cached"])
    assert path.read_bytes() == good


def test_a_damaged_index_is_an_empty_cache(project: Project) -> None:
    run(project)
    index_path(project).write_text("{not json", encoding="utf-8")
    assert run(project) == (["alpha", "beta"], ["extract: 2 changed, 0 cached"])
    assert json.loads(index_path(project).read_text())["reports"].keys() == {"alpha", "beta"}


def test_a_report_removed_from_the_catalogue_loses_its_extract(project: Project) -> None:
    run(project)
    project.ledger.write_text("findings: {}\n", encoding="utf-8")
    write_catalogue(project, "beta")
    assert run(project) == ([], ["extract: 0 changed, 1 cached"])
    assert sorted(p.name for p in project.extract_dir.iterdir()) == [
        "beta.yml",
        "extract.schema.json",
        "ledger.yml",
    ]
    assert [p.name for p in cache.json_path(project, "beta").parent.iterdir()] == ["beta.json"]


def test_a_failed_extraction_writes_nothing(project: Project) -> None:
    run(project)
    before, index_before = hashes(project.extract_dir), index_path(project).read_bytes()
    (project.sources / "alpha.md").write_text(TEXTS["alpha"] + "More.\n", encoding="utf-8")
    (project.sources / "gamma.md").write_bytes(b"# Gamma\n\nCaf\xe9\n")
    write_catalogue(project, "alpha", "beta", "gamma")
    with pytest.raises(ReadError, match=r"gamma\.md, line 3: not UTF-8 text"):
        extract_changed(project)
    assert hashes(project.extract_dir) == before
    assert index_path(project).read_bytes() == index_before


def test_a_cached_extract_is_read_from_its_json_copy_as_the_yaml_gives_it(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project)
    from_yaml = [load_extract(project.extract_dir / f"{rid}.yml") for rid in ("alpha", "beta")]

    def no_yaml(text: str, shown: str) -> None:
        raise AssertionError(f"{shown} was parsed")

    monkeypatch.setattr(cache, "yaml_to_data", no_yaml)
    assert extract_changed(project) == from_yaml


def test_a_damaged_json_copy_is_made_again_from_the_yaml(project: Project) -> None:
    run(project)
    copy = cache.json_path(project, "alpha")
    good = copy.read_bytes()
    copy.write_bytes(good[:-20])
    assert run(project) == ([], ["extract: 0 changed, 2 cached"])
    assert copy.read_bytes() == good


def test_an_index_without_json_copies_gets_them(project: Project) -> None:
    run(project)
    index = json.loads(index_path(project).read_text())
    for entry in index["reports"].values():
        del entry["json"]
    index_path(project).write_text(json.dumps(index), encoding="utf-8")
    shutil.rmtree(cache.json_path(project, "alpha").parent)
    assert run(project) == ([], ["extract: 0 changed, 2 cached"])
    assert cache.json_path(project, "alpha").is_file()
    assert "json" in json.loads(index_path(project).read_text())["reports"]["beta"]


def test_one_changed_report_is_extracted_in_a_child_meanwhile_with_the_same_result(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    real = cache.Meanwhile

    def counted(work: object) -> object:
        started.append(1)
        return real(work)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "Meanwhile", counted)
    run(project)
    assert not started
    path = project.sources / "beta.md"
    path.write_text(TEXTS["beta"] + "2. Publish the data.\n", encoding="utf-8")
    lines: list[str] = []
    extract_changed(project, lines.append)
    assert started == [1]
    assert lines[0] == "extracting beta (1/1)" and lines[1].startswith("  beta: ")
    early = hashes(project.extract_dir)
    # The same files as extracting it here.
    (project.extract_dir / "beta.yml").unlink()
    monkeypatch.setattr(cache, "_early", lambda *_args: contextlib.nullcontext())
    extract_changed(project)
    assert hashes(project.extract_dir) == early


def test_a_failed_extraction_in_the_child_is_the_same_error(project: Project) -> None:
    run(project)
    (project.sources / "beta.md").write_bytes(b"# Beta\n\nCaf\xe9\n")
    with pytest.raises(ReadError, match=r"beta\.md, line 3: not UTF-8 text"):
        extract_changed(project)
