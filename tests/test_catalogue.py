"""A bad catalogue ends in one line naming sources/catalogue.yml and the line of the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportsite.cli import cli
from reportsite.errors import CatalogueError
from reportsite.store.catalogue import load_catalogue

HEAD = "# A throwaway catalogue.\nreports:\n"
GOOD = """\
  - id: first
    title: "The first report"
    publisher: MOPAN
    date: "2023-10"
    kind: assessment
    cycle: "2023"
    file: first.txt
"""

# name -> (catalogue text after HEAD + GOOD, the exact error line)
CASES: dict[str, tuple[str, str]] = {
    "missing-field": (
        "  - id: second\n    title: Second\n    date: '2024'\n    kind: other\n    file: first.txt\n",
        "sources/catalogue.yml, line 10: missing field 'publisher'",
    ),
    "empty-field": (
        "  - id: second\n    title:\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        "    file: first.txt\n",
        "sources/catalogue.yml, line 10: missing field 'title'",
    ),
    "unknown-kind": (
        "  - id: second\n    title: Second\n    publisher: IOM\n    date: '2024'\n    kind: blog\n"
        "    file: first.txt\n",
        "sources/catalogue.yml, line 14: unknown kind 'blog' (one of: assessment, assessment-brief, "
        "press-release, management-response, annual-report, evaluation, statement, other)",
    ),
    "duplicate-id": (
        "  - id: first\n    title: Again\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        "    file: first.txt\n",
        "sources/catalogue.yml, line 10: duplicate id 'first' (first at line 3)",
    ),
    "missing-file": (
        "  - id: second\n    title: Second\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        "    file: second.txt\n",
        "sources/catalogue.yml, line 15: file 'second.txt' does not exist",
    ),
    "file-outside-sources": (
        "  - id: second\n    title: Second\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        "    file: ../outside.txt\n",
        "sources/catalogue.yml, line 15: file '../outside.txt' lies outside sources/",
    ),
    "absolute-path": (
        "  - id: second\n    title: Second\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        "    file: /etc/hostname\n",
        "sources/catalogue.yml, line 15: file '/etc/hostname' lies outside sources/",
    ),
    "bad-date": (
        "  - id: second\n    title: Second\n    publisher: IOM\n    date: '2024-13'\n    kind: other\n"
        "    file: first.txt\n",
        "sources/catalogue.yml, line 13: date '2024-13' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
    ),
    "id-not-a-slug": (
        "  - id: Second Report\n    title: Second\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        "    file: first.txt\n",
        "sources/catalogue.yml, line 10: id 'Second Report' is not a URL-safe slug "
        "(lower-case letters, digits and hyphens)",
    ),
    "python-tag": (
        "  - !!python/object/apply:os.system ['echo executed']\n",
        "sources/catalogue.yml, line 10: not valid YAML: unknown tag '!!python/object/apply:os.system'",
    ),
    "unknown-tag-on-a-value": (
        "  - id: second\n    title: !secret Second\n",
        "sources/catalogue.yml, line 11: not valid YAML: unknown tag '!secret'",
    ),
    "duplicate-key": (
        "  - id: second\n    title: Second\n    title: Again\n",
        "sources/catalogue.yml, line 12: not valid YAML: duplicate key 'title' (first at line 11)",
    ),
    "alias": (
        "  - id: second\n    title: &t Second\n    publisher: *t\n",
        "sources/catalogue.yml, line 12: not valid YAML: aliases (*name) are not allowed; write the value out",
    ),
    "javascript-url": (
        "  - id: second\n    title: Second\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        '    file: first.txt\n    url: "javascript:alert(document.domain)"\n',
        "sources/catalogue.yml, line 16: url 'javascript:alert(document.domain)' has javascript:; "
        "only http, https, mailto links are allowed",
    ),
    "data-url-with-a-tab": (
        "  - id: second\n    title: Second\n    publisher: IOM\n    date: '2024'\n    kind: other\n"
        '    file: first.txt\n    url: "java\\tscript:alert(1)"\n',
        "sources/catalogue.yml, line 16: url 'java\\tscript:alert(1)' has javascript:; "
        "only http, https, mailto links are allowed",
    ),
}


def write_project(root: Path, extra: str) -> Path:
    sources = root / "sources"
    sources.mkdir(parents=True)
    (root / "outside.txt").write_text("# Outside\n\nNot a source.\n", encoding="utf-8")
    (sources / "first.txt").write_text("# First\n\nThe first finding.\n", encoding="utf-8")
    (sources / "catalogue.yml").write_text(HEAD + GOOD + extra, encoding="utf-8")
    return sources / "catalogue.yml"


@pytest.mark.parametrize("name", sorted(CASES))
def test_load_catalogue_names_the_line(tmp_path: Path, name: str) -> None:
    extra, expected = CASES[name]
    path = write_project(tmp_path, extra)
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    assert str(err.value) == expected


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_ends_in_one_line_and_exit_1(tmp_path: Path, name: str) -> None:
    extra, expected = CASES[name]
    write_project(tmp_path, extra)
    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "check"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[0] == f"error: {expected}"
    assert "Traceback" not in result.output


def test_a_good_catalogue_loads(tmp_path: Path) -> None:
    path = write_project(tmp_path, "")
    [entry] = load_catalogue(path)
    assert entry.report.id == "first"
    assert entry.report.cycle == "2023"
    assert entry.line == 3
    assert entry.path == (tmp_path / "sources" / "first.txt").resolve()


def _cached_catalogue(root: Path) -> tuple[Path, Path]:
    sources = root / "sources"
    sources.mkdir(parents=True)
    (sources / "first.txt").write_text("Text.\n", encoding="utf-8")
    (sources / "catalogue.yml").write_text(HEAD + GOOD, encoding="utf-8")
    return sources / "catalogue.yml", root / ".build" / "cache"


def test_a_catalogue_read_from_its_cache_is_the_one_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.store import catalogue

    path, cache = _cached_catalogue(tmp_path)
    parsed = load_catalogue(path, cache_dir=cache)
    assert (cache / catalogue.CACHE_NAME).is_file()
    catalogue._READ.clear()

    def no_parse(*_args: object) -> None:
        raise AssertionError("parsed again")

    with monkeypatch.context() as mp:
        mp.setattr(catalogue, "_parse_catalogue", no_parse)
        assert load_catalogue(path, cache_dir=cache) == parsed
    # A document gone is the error a parse gives, cache or not.
    (path.parent / "first.txt").unlink()
    catalogue._READ.clear()
    with pytest.raises(CatalogueError, match=r"file 'first\.txt' does not exist"):
        load_catalogue(path, cache_dir=cache)


def test_a_cached_catalogue_is_not_taken_for_another_folder_or_other_bytes(tmp_path: Path) -> None:
    from reportsite.store import catalogue

    path, cache = _cached_catalogue(tmp_path / "a")
    load_catalogue(path, cache_dir=cache)
    other, _ = _cached_catalogue(tmp_path / "b")
    catalogue._READ.clear()
    # The other project's documents, not the cached ones.
    assert [e.path for e in load_catalogue(other, cache_dir=cache)] == [other.parent.resolve() / "first.txt"]
    path.write_text(HEAD + GOOD.replace("The first report", "Renamed"), encoding="utf-8")
    catalogue._READ.clear()
    assert load_catalogue(path, cache_dir=cache)[0].report.title == "Renamed"


def test_a_project_copied_elsewhere_keeps_its_catalogue_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from reportsite.store import catalogue

    path, _cache = _cached_catalogue(tmp_path / "a")
    load_catalogue(path, cache_dir=_cache)
    shutil.copytree(tmp_path / "a", tmp_path / "b")
    moved = tmp_path / "b" / "sources" / "catalogue.yml"
    catalogue._READ.clear()

    def no_parse(*_args: object) -> None:
        raise AssertionError("parsed again")

    with monkeypatch.context() as mp:
        mp.setattr(catalogue, "_parse_catalogue", no_parse)
        entries = load_catalogue(moved, cache_dir=tmp_path / "b" / ".build" / "cache")
    # The copy's documents, not those of the folder the cache was written in.
    assert [e.path for e in entries] == [moved.parent.resolve() / "first.txt"]
