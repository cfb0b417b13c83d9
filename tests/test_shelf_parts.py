"""The downloads made from every record, joined from each report's kept parts (render/shelf.py)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from reportsite.link import themes
from reportsite.link.linked import Linked, link
from reportsite.render import data
from reportsite.render.data import shelf_texts
from reportsite.render.reuse import Fingerprint
from reportsite.render.shelf import ShelfParts
from reportsite.store.yaml_io import yaml_to_extract

REPO = Path(__file__).resolve().parents[1]
URL = "https://example.org/site/"


@pytest.fixture(scope="module")
def linked() -> Linked:
    paths = [p for p in sorted((REPO / "extract").glob("*.yml")) if p.name != "ledger.yml"]
    extracts = [yaml_to_extract(p.read_text(encoding="utf-8"), p.name) for p in paths]
    return link(extracts, themes.load_taxonomy(REPO / "sources" / "themes.yml"))


def parts(folder: Path, seed: str = "seed") -> ShelfParts:
    return ShelfParts(folder, seed, Fingerprint().key)


def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The reports whose findings' JSON part is made, not taken, from now on."""
    calls: list[str] = []
    real = data._json_items

    def spy(findings: list[Any], report: Any, site_url: str) -> str:
        calls.append(report.id)
        return real(findings, report, site_url)

    monkeypatch.setattr(data, "_json_items", spy)
    return calls


def edited(linked: Linked) -> Linked:
    """The shelf with one finding's text changed, as a build after an edit links it."""
    first = next(iter(linked.findings.values()))
    findings = {**linked.findings, first.id: first.model_copy(update={"text": first.text + " Edited."})}
    return dataclasses.replace(linked, findings=findings)


def test_the_files_joined_from_parts_are_the_files_made_whole(
    linked: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = shelf_texts(linked, URL)
    assert whole["findings.json"].startswith("[\n {") and whole["findings.csv"].count("\n") > 50
    assert shelf_texts(linked, URL, parts(tmp_path)) == whole
    calls = made(monkeypatch)
    assert shelf_texts(linked, URL, parts(tmp_path)) == whole
    assert calls == []
    # One finding edited: its report's part alone is made again.
    changed = edited(linked)
    expected = shelf_texts(changed, URL)
    calls.clear()
    assert shelf_texts(changed, URL, parts(tmp_path)) == expected
    assert calls == [changed.report_of[next(iter(changed.findings))].id]


def test_parts_of_another_seed_or_address_are_not_taken_and_unused_parts_go(
    linked: Linked, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shelf_texts(linked, URL, parts(tmp_path))
    kept = set(tmp_path.iterdir())
    calls = made(monkeypatch)
    runs = len({linked.report_of[fid].id for fid in linked.findings})
    assert shelf_texts(linked, "", parts(tmp_path)) == shelf_texts(linked, "")
    assert shelf_texts(linked, URL, parts(tmp_path, "other code")) == shelf_texts(linked, URL)
    # Each made twice: with parts, none of which is taken, and whole.
    assert len(calls) == 4 * runs
    assert not kept & set(tmp_path.iterdir())


def test_an_empty_shelf_writes_empty_files(tmp_path: Path, linked: Linked) -> None:
    empty = dataclasses.replace(linked, findings={}, numbers={})
    texts = shelf_texts(empty, URL, parts(tmp_path))
    assert texts["findings.json"] == "[]\n"
    assert texts == shelf_texts(empty, URL)
