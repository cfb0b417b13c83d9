"""Every YAML file the tool reads refuses aliases, duplicate keys and unknown tags, naming file and line;
the ledger's keys must be finding ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from project_support import catalogue_text, make_project
from reportsite.cli import cli
from reportsite.errors import ReportsiteError
from reportsite.link.curation import load_curation
from reportsite.link.themes import load_taxonomy
from reportsite.records import Report
from reportsite.render.env import make_env
from reportsite.store.catalogue import load_catalogue
from reportsite.store.ledger import load_ledger
from reportsite.store.yaml_io import load_extract

READERS: dict[str, Callable[[Path], object]] = {
    "catalogue.yml": lambda p: load_catalogue(p, "sources/catalogue.yml"),
    "themes.yml": lambda p: load_taxonomy(p, "sources/themes.yml"),
    "curation.yml": lambda p: load_curation(p, "sources/curation.yml"),
    "ledger.yml": lambda p: load_ledger(p, "extract/ledger.yml"),
    "report.yml": lambda p: load_extract(p, "extract/report.yml"),
}
SHOWN = {
    "catalogue.yml": "sources/catalogue.yml",
    "themes.yml": "sources/themes.yml",
    "curation.yml": "sources/curation.yml",
    "ledger.yml": "extract/ledger.yml",
    "report.yml": "extract/report.yml",
}

BAD = {
    "alias": ("a: &x [1, 2]\nb: *x\n", 2, "aliases (*name) are not allowed"),
    "billion-laughs": (
        "a: &a ['lol', 'lol', 'lol']\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\n",
        2,
        "aliases (*name) are not allowed",
    ),
    "duplicate-key": ("a: 1\nb: 2\na: 3\n", 3, "duplicate key 'a' (first at line 1)"),
    "unknown-tag": ("a: 1\nb: !!python/object/apply:os.system ['true']\n", 2, "unknown tag"),
    "local-tag": ("a: 1\nb: !include other.yml\n", 2, "unknown tag '!include'"),
}


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize("name", sorted(READERS))
def test_every_yaml_reader_refuses_with_file_and_line(tmp_path: Path, name: str, case: str) -> None:
    text, line, words = BAD[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReportsiteError) as err:
        READERS[name](path)
    message = str(err.value)
    assert message.startswith(f"{SHOWN[name]}, line {line}: "), message
    assert words in message
    assert "\n" not in message


LEDGER_ENTRY = "    report: r\n    kind: finding\n    first_seen: '2024-01-01'\n    text: x\n"


@pytest.mark.parametrize("key", ["../../evil", "r/../../x", "R/Upper", "plain", "r/a b"])
def test_ledger_keys_must_be_finding_ids(tmp_path: Path, key: str) -> None:
    path = tmp_path / "ledger.yml"
    path.write_text(f"findings:\n  r/ok:\n{LEDGER_ENTRY}  {key!r}:\n{LEDGER_ENTRY}", encoding="utf-8")
    with pytest.raises(ReportsiteError) as err:
        load_ledger(path, "extract/ledger.yml")
    assert str(err.value) == f"extract/ledger.yml, line 7: {key!r} is not a finding id (<report-id>/<slug>)"


def test_a_traversing_ledger_key_stops_the_build_and_writes_nothing_outside(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", catalogue_text("mopan-2023-brief"))
    project.ledger.parent.mkdir(parents=True, exist_ok=True)
    project.ledger.write_text(f"findings:\n  ../../../escape:\n{LEDGER_ENTRY}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--project", str(project.root), "build"])
    assert result.exit_code == 1, result.output
    assert "extract/ledger.yml, line 2: '../../../escape' is not a finding id" in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.rglob("escape"))


def test_report_url_must_be_http_https_or_mailto() -> None:
    base = {"id": "r", "title": "t", "publisher": "p", "date": "2024", "kind": "other", "source": "s"}
    for ok in ("https://example.org/a", "http://example.org", "mailto:someone@example.org"):
        assert Report(**base, url=ok).url == ok
    for bad in ("javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:x", "data:text/html,x", "/local"):
        with pytest.raises(ValueError):
            Report(**base, url=bad)


def test_templates_refuse_a_live_link_that_slipped_past_validation(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text('<a href="{{ u|external }}">x</a>', encoding="utf-8")
    template = make_env(tmp_path).get_template("t.j2")
    assert template.render(u="https://x.org/") == '<a href="https://x.org/">x</a>'
    with pytest.raises(ValueError):
        template.render(u="javascript:alert(1)")
