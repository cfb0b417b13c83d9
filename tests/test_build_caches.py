"""What the stages after MkDocs keep between builds or between readers: the ledger's JSON copy, the keys
of the finding pages, the files taken from the last site, the old sites the next build removes. A stale
or damaged cache is a miss, never an error or a wrong page."""

from __future__ import annotations

import dataclasses
import json
import os
import random
from pathlib import Path

import pytest
import yaml

from reportsite.build.pagelinks import link_page
from reportsite.build.swap import TRASH, Sweep, retire
from reportsite.link import themes
from reportsite.link.linked import Linked, link
from reportsite.project import Project
from reportsite.render.findings import KEYED, Fingerprints, finding_key, json_name
from reportsite.render.pages import finding_context, theme_titles
from reportsite.store import ledger
from reportsite.store.ledger import CACHE_NAME, LedgerEntry, ledger_to_yaml, load_ledger, updated_yaml
from reportsite.store.yaml_io import yaml_to_extract
from test_ledger import finding, linked

LEDGER = """findings:
  brief/a:
    report: brief
    kind: strength
    first_seen: '2023-01-02'
    text: First text.
  brief/b:
    report: brief
    kind: improvement
    first_seen: '2023-01-02'
    retired: '2024-05-06'
    successor: /reports/brief/
    text: Second text.
"""


@pytest.fixture(autouse=True)
def forget_last(monkeypatch: pytest.MonkeyPatch) -> None:
    # The ledger last read is kept in memory: each test starts as a fresh process would.
    monkeypatch.setattr(ledger, "_last", None)


def fresh(path: Path, cache: Path) -> dict[str, LedgerEntry]:
    ledger._last = None
    return load_ledger(path, cache_dir=cache)


def test_the_ledger_is_read_from_its_json_copy_while_its_bytes_are_the_same(tmp_path: Path) -> None:
    path, cache = tmp_path / "ledger.yml", tmp_path / "cache"
    path.write_text(LEDGER, encoding="utf-8")
    first = fresh(path, cache)
    assert first["brief/b"] == LedgerEntry(
        "brief", "improvement", "2023-01-02", "Second text.", "2024-05-06", "/reports/brief/"
    )
    copy = json.loads((cache / CACHE_NAME).read_text(encoding="utf-8"))
    # A value changed in the copy shows that the copy, not the YAML, is what is read.
    copy["entries"]["brief/a"][3] = "From the copy."
    (cache / CACHE_NAME).write_text(json.dumps(copy), encoding="utf-8")
    assert fresh(path, cache)["brief/a"].text == "From the copy."
    # The ledger edited: its bytes differ, the copy is stale and the YAML is read again.
    path.write_text(LEDGER.replace("First text.", "Edited text."), encoding="utf-8")
    assert fresh(path, cache)["brief/a"].text == "Edited text."


@pytest.mark.parametrize(
    "damage",
    [
        "not json {",
        "",
        json.dumps({"version": 1}),
        json.dumps([1, 2]),
        "{digest}",
        '{{"version": 1, "digest": "{digest}", "canonical": true, "entries": {{"brief/a": [1, 2, 3, 4, 5, 6]}}}}',
        '{{"version": 1, "digest": "{digest}", "canonical": true, "entries": {{"brief/a": ["x"]}}}}',
        '{{"version": 99, "digest": "{digest}", "canonical": true, "entries": {{}}}}',
    ],
)
def test_a_damaged_ledger_copy_is_a_miss(tmp_path: Path, damage: str) -> None:
    path, cache = tmp_path / "ledger.yml", tmp_path / "cache"
    path.write_text(LEDGER, encoding="utf-8")
    expected = fresh(path, cache)
    digest = json.loads((cache / CACHE_NAME).read_text(encoding="utf-8"))["digest"]
    (cache / CACHE_NAME).write_text(damage.replace("{digest}", digest).replace("{{", "{").replace("}}", "}"))
    assert fresh(path, cache) == expected


def test_readers_get_copies_they_may_change(tmp_path: Path) -> None:
    path, cache = tmp_path / "ledger.yml", tmp_path / "cache"
    path.write_text(LEDGER, encoding="utf-8")
    load_ledger(path, cache_dir=cache)["brief/a"].text = "changed by a reader"
    assert load_ledger(path, cache_dir=cache)["brief/a"].text == "First text."


def test_a_hand_formatted_ledger_is_written_again_in_the_tools_form(tmp_path: Path) -> None:
    project = Project.at(tmp_path)
    project.ledger.parent.mkdir(parents=True)
    ledger.record_published(project, linked(finding("brief/a", "First text.", "strength")))
    written = project.ledger.read_bytes()
    # The same entries, laid out by hand: the next build writes the file in its own form.
    project.ledger.write_text(json.dumps(yaml.safe_load(written)), encoding="utf-8")
    ledger._last = None
    ledger.record_published(project, linked(finding("brief/a", "First text.", "strength")))
    assert project.ledger.read_bytes() == written


REPO = Path(__file__).resolve().parents[1]
EXTRACTS = sorted((REPO / "extract").glob("*.yml"))


@pytest.fixture(scope="module")
def linked_shelf() -> Linked:
    extracts = [
        yaml_to_extract(p.read_text(encoding="utf-8"), p.name) for p in EXTRACTS if p.name != "ledger.yml"
    ]
    return link(extracts, themes.load_taxonomy(REPO / "sources" / "themes.yml"))


def keys(linked: Linked) -> dict[str, str]:
    titles, prints = theme_titles(linked), Fingerprints(linked)
    with_pages = {v.theme.id for v in linked.themes}
    return {fid: finding_key(linked, f, titles, with_pages, prints) for fid, f in linked.findings.items()}


def test_the_key_covers_everything_a_finding_page_is_given(linked_shelf: Linked) -> None:
    titles = theme_titles(linked_shelf)
    assert len(linked_shelf.findings) > 50
    for record in list(linked_shelf.findings.values())[:50]:
        ctx = finding_context(linked_shelf, record, titles)
        # A name added to the context must be added to finding_key too, and then here.
        assert set(ctx) == KEYED
        assert ctx["json_name"] == json_name(record)


def test_a_related_findings_text_changes_the_pages_that_quote_it(linked_shelf: Linked) -> None:
    before = keys(linked_shelf)
    assert len(set(before.values())) == len(before), "two pages with one key"
    quoted, quoting = next((r[0].id, fid) for fid, r in linked_shelf.related.items() if r)
    original = linked_shelf.findings[quoted]
    try:
        linked_shelf.findings[quoted] = original.model_copy(update={"text": original.text + " More."})
        after = keys(linked_shelf)
    finally:
        linked_shelf.findings[quoted] = original
    assert after[quoting] != before[quoting]
    assert after[quoted] != before[quoted]
    assert sum(after[k] != before[k] for k in before) < len(before)
    assert keys(linked_shelf) == before


def test_a_theme_title_changes_the_pages_of_that_theme(linked_shelf: Linked) -> None:
    titles, prints = theme_titles(linked_shelf), Fingerprints(linked_shelf)
    with_pages = {v.theme.id for v in linked_shelf.themes}
    themed = next(f for f in linked_shelf.findings.values() if f.themes)
    before = finding_key(linked_shelf, themed, titles, with_pages, prints)
    theme = titles[themed.themes[0]]
    renamed = {**titles, theme.id: dataclasses.replace(theme, title=theme.title + " (renamed)")}
    assert finding_key(linked_shelf, themed, renamed, with_pages, prints) != before
    assert finding_key(linked_shelf, themed, titles, with_pages - {theme.id}, prints) != before


def test_a_page_is_linked_whole_or_not_at_all(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    (old / "findings/r/a").mkdir(parents=True)
    (old / "f/r").mkdir(parents=True)
    for rel in ("findings/r/a/index.html", "findings/r/a/a.json", "f/r/a.json"):
        (old / rel).write_text(rel, encoding="utf-8")
    paths = ["findings/r/a/index.html", "findings/r/a/a.json", "findings/r/a/cite.bib", "f/r/a.json"]
    # One file of the page is missing from the old site: none is taken, the page is written instead.
    assert not link_page(str(old), str(new), "findings/r/a/", paths)
    assert not [p for p in new.rglob("*") if p.is_file()]
    (old / "findings/r/a/cite.bib").write_text("bib", encoding="utf-8")
    # A file already there is replaced, never written through (it may be shared with the old site).
    (new / "f/r").mkdir(parents=True)
    (new / "f/r/a.json").write_text("stale", encoding="utf-8")
    assert link_page(str(old), str(new), "findings/r/a/", paths)
    assert all((new / p).read_text(encoding="utf-8") == (old / p).read_text(encoding="utf-8") for p in paths)
    assert os.path.samefile(old / "f/r/a.json", new / "f/r/a.json")


def test_a_sweep_removes_what_earlier_builds_left_and_nothing_else(tmp_path: Path) -> None:
    build = tmp_path / ".build"
    for name in ("build-killed", f"{TRASH}old", "build-this", "cache"):
        (build / name / "site/a").mkdir(parents=True)
        (build / name / "site/a/index.html").write_text(name, encoding="utf-8")
    sweep = Sweep(build, keep=build / "build-this")
    retire(build / "build-this")
    sweep.finish()
    assert sorted(p.name for p in build.iterdir() if not p.name.startswith(TRASH)) == ["cache"]
    (kept,) = build.glob(f"{TRASH}*")
    assert (kept / "site/a/index.html").read_text(encoding="utf-8") == "build-this"
    assert (build / "cache/site/a/index.html").is_file()


TEXTS = [
    "Plain words.",
    "",
    "yes",
    "null",
    "123",
    "2023-01-02",
    "Quoted 'single' and \"double\": a colon, # a hash",
    "  leading and trailing spaces  ",
    "Ünïcödé — “quotes” and a non-breaking\u00a0space",
    "A long sentence that runs past the hundred-character width of the dump, so the emitter folds it "
    "over several lines, each indented under its key, with more words to make it wrap twice or more.",
    "- looks like a list item",
    "{looks: like a mapping}",
    "tab\there",
    "ends with a colon:",
]


def entry(rng: random.Random) -> LedgerEntry:
    retired = rng.random() < 0.3
    return LedgerEntry(
        report=rng.choice(["brief", "r-2019", "x"]),
        kind=rng.choice(["finding", "strength", "improvement"]),
        first_seen=rng.choice(["2023-01-02", "2024-05-06", ""]),
        text=rng.choice(TEXTS) + rng.choice(["", " More.", " Ünï."]),
        retired="2025-01-01" if retired else None,
        successor=rng.choice([None, "/reports/brief/", "/findings/brief/a/"]) if retired else None,
    )


@pytest.mark.parametrize("seed", range(20))
def test_a_ledger_updated_in_place_is_the_ledger_dumped_whole(seed: int) -> None:
    rng = random.Random(seed)
    ids = [f"{rng.choice(['brief', 'r-2019', 'x'])}/slug-{i}-{rng.randrange(1000)}" for i in range(60)]
    old = {fid: entry(rng) for fid in ids}
    new = {fid: dataclasses.replace(e) for fid, e in old.items()}
    for fid in rng.sample(ids, 10):
        new[fid] = entry(rng)
    for fid in rng.sample(ids, 5):
        del new[fid]
    new.update({f"brief/added-{i}": entry(rng) for i in range(rng.randrange(4))})
    assert updated_yaml(ledger_to_yaml(old), old, new) == ledger_to_yaml(new)
    assert yaml.safe_load(ledger_to_yaml(new))["findings"].keys() == new.keys()


def test_a_ledger_that_cannot_be_cut_is_dumped_whole() -> None:
    rng = random.Random(1)
    old = {f"brief/s-{i}": entry(rng) for i in range(5)}
    new = {**old, "brief/s-9": entry(rng)}
    assert updated_yaml("findings: {}\n", old, new) == ledger_to_yaml(new)
    assert updated_yaml(ledger_to_yaml(old).replace("brief/s-1:", "brief/s-7:"), old, new) == ledger_to_yaml(
        new
    )
