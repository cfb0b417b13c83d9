"""The link memo: judgements of single records kept between builds give the very Linked a fresh link gives,
on the real sources and on a generated shelf; a stale or corrupt memo is ignored, an edited taxonomy or
record is judged again, and after one edit only that record is."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from reportsite.link import judged as judged_module
from reportsite.link import linked as linked_module
from reportsite.link import themes
from reportsite.link.curation import load_curation
from reportsite.link.linked import Linked, LinkMemo, link
from reportsite.link.themes import Taxonomy, Theme
from reportsite.meanwhile import cores
from reportsite.records import Extract, Finding, Number, Report, Source
from reportsite.store.yaml_io import load_extract

REPO = Path(__file__).resolve().parents[1]
TAXONOMY = Taxonomy(
    themes=(
        Theme(id="water", title="Water", terms=("water supply",), weak=("wells", "pumps")),
        Theme(id="schools", title="Schools", terms=("school*",), weak=("teachers", "pupils")),
        Theme(id="staff", title="Staff", terms=("staff training",), weak=("staff", "trained")),
    )
)
TEXTS = (
    "The {p} water supply improved after new pumps were fitted, though wells remain shallow.",
    "Teachers in {p} schools lack books; the school board has not yet acted. It should act.",
    "The {p} district staff were trained well and report on time, a strength of the office.",
    "As the assessment found, {p} wells dry up in summer. The office will drill deeper wells.",
)
KINDS = ("finding", "improvement", "strength", "response")


def _shelf(reports: int = 8) -> list[Extract]:
    """Reports on a few places, from two cycles; every other one a management response."""
    out = []
    for k in range(reports):
        place = f"place{k // 2}"
        rep = Report(
            id=f"r{k}",
            title=f"Review of {place}",
            publisher="Office" if k % 2 else "Review board",
            date=str(2019 + 4 * (k % 2)),
            kind="management-response" if k % 4 == 3 else "assessment",
            cycle="2019" if k % 2 else "2023",
            source=f"sources/r{k}.txt",
        )
        findings = [
            Finding(
                id=f"r{k}/f{i}",
                kind=KINDS[(i + k) % len(KINDS)],  # type: ignore[arg-type]
                title="Water" if i == 0 else None,
                text=t.format(p=place),
                section="Findings",
                source=Source(lines=[i + 1, i + 1]),
            )
            for i, t in enumerate(TEXTS)
        ]
        numbers = [
            Number(
                id=f"r{k}/n{i}",
                value=40.0 + i,
                unit="wells",
                year=2020,
                subject=f"{place} wells",
                text=f"The {place} wells went from 12 in 2018 to {40 + i} in 2020.",
                source=Source(lines=[10 + i, 10 + i]),
                start=12.0,
                start_year=2018,
            )
            for i in range(2)
        ]
        out.append(Extract(report=rep, findings=findings, numbers=numbers))
    return out


def _real() -> tuple[list[Extract], Taxonomy | None]:
    extracts = [load_extract(p) for p in sorted((REPO / "extract").glob("*.yml")) if p.name != "ledger.yml"]
    return extracts, themes.load_taxonomy(REPO / "sources" / "themes.yml")


def _same(a: Linked, b: Linked) -> None:
    # Field by field, so that a difference names the part of Linked it is in.
    for f in dataclasses.fields(Linked):
        assert getattr(a, f.name) == getattr(b, f.name), f.name


@pytest.mark.parametrize("source", ["generated", "real"])
def test_a_kept_judgement_gives_the_linked_a_fresh_one_gives(source: str, tmp_path: Path) -> None:
    if source == "real":
        extracts, taxonomy = _real()
        curation = load_curation(REPO / "sources" / "curation.yml")
    else:
        extracts, taxonomy, curation = _shelf(), TAXONOMY, None
    fresh = link(extracts, taxonomy, curation)
    assert fresh.findings and fresh.themes
    cold = LinkMemo(tmp_path / "memo")
    _same(link(extracts, taxonomy, curation, cold), fresh)
    assert cold.hits == 0 and cold.misses > 0
    assert len(list((tmp_path / "memo").glob("*.json"))) == len(extracts)
    warm = LinkMemo(tmp_path / "memo")
    _same(link(extracts, taxonomy, curation, warm), fresh)
    assert warm.misses == 0 and warm.hits > 0


def test_after_one_edit_only_the_edited_record_is_judged_again(tmp_path: Path) -> None:
    extracts = _shelf()
    link(extracts, TAXONOMY, memo=LinkMemo(tmp_path))
    before = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))["judged"]
    edited = [e.model_copy(deep=True) for e in extracts]
    record = edited[2].findings[1]
    record.text = record.text.replace("lack books", "lack books and teachers")
    memo = LinkMemo(tmp_path)
    linked = link(edited, TAXONOMY, memo=memo)
    _same(linked, link(edited, TAXONOMY))
    # The record itself, and its evidence on each of its themes.
    assert 1 <= memo.misses <= 1 + len(linked.findings[record.id].themes)
    # The old judgements of the record are replaced, not kept beside the new ones.
    kept = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))["judged"]
    assert len(kept) == len(before) and kept.keys() != before.keys()


def test_an_edited_taxonomy_is_judged_again(tmp_path: Path) -> None:
    extracts = _shelf()
    link(extracts, TAXONOMY, memo=LinkMemo(tmp_path))
    wider = Taxonomy(themes=(*TAXONOMY.themes[:2], Theme(id="staff", title="Staff", terms=("office",))))
    memo = LinkMemo(tmp_path)
    linked = link(extracts, wider, memo=memo)
    _same(linked, link(extracts, wider))
    assert any("staff" in f.themes and "office" in f.theme_reasons["staff"] for f in linked.findings.values())
    assert memo.misses >= sum(len(e.findings) + len(e.numbers) for e in extracts)


def test_a_stale_or_corrupt_memo_is_a_miss_not_an_error(tmp_path: Path) -> None:
    extracts = _shelf(4)
    fresh = link(extracts, TAXONOMY)
    link(extracts, TAXONOMY, memo=LinkMemo(tmp_path))
    (tmp_path / "r0.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "r1.json").write_bytes(b"\x00\xff")
    data = json.loads((tmp_path / "r2.json").read_text(encoding="utf-8"))
    # Right code, wrong shapes: every kept judgement of the report is unreadable.
    (tmp_path / "r2.json").write_text(
        json.dumps({"code": data["code"], "judged": dict.fromkeys(data["judged"], 7)}), encoding="utf-8"
    )
    (tmp_path / "gone-report.json").write_text("{}", encoding="utf-8")
    memo = LinkMemo(tmp_path)
    _same(link(extracts, TAXONOMY, memo=memo), fresh)
    assert memo.misses > 0
    # Rewritten whole, and the file of a report no longer linked removed.
    for name in ("r0", "r1", "r2"):
        assert json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))["code"] == memo.code
    assert not (tmp_path / "gone-report.json").exists()
    # Judged by other code: nothing kept counts.
    other = LinkMemo(tmp_path, code="other code")
    _same(link(extracts, TAXONOMY, memo=other), fresh)
    assert other.hits == 0


def test_a_memo_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    extracts = _shelf(2)
    _same(link(extracts, TAXONOMY, memo=LinkMemo(blocker / "memo")), link(extracts, TAXONOMY))


def test_linking_leaves_its_caches_of_texts_empty() -> None:
    from reportsite.extract.sentences import _sentences, text_to_sentences
    from reportsite.link.themes import _found_terms, find_terms

    find_terms("An invented sentence about budgets.", ["budget"])
    text_to_sentences("One. Two.")
    assert _found_terms.cache_info().currsize > 0 and _sentences.cache_info().currsize > 0
    link(_shelf(3), themes.load_taxonomy(REPO / "sources" / "themes.yml"), None)
    # The rest of the build, where memory peaks, does not carry them.
    assert _found_terms.cache_info().currsize == 0 and _sentences.cache_info().currsize == 0


@pytest.mark.parametrize("source", ["generated", "real"])
def test_judgements_shared_with_a_child_give_what_one_process_gives(
    source: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if source == "real":
        extracts, taxonomy = _real()
        curation = load_curation(REPO / "sources" / "curation.yml")
    else:
        extracts, taxonomy, curation = _shelf(12), TAXONOMY, None
    alone_memo = LinkMemo(tmp_path / "alone")
    monkeypatch.setattr(linked_module, "SHARED_FROM", 10**9)
    alone = link(extracts, taxonomy, curation, alone_memo)
    # Every judgement of a finding's stance made in this process, not in a child.
    here: list[str] = []
    stance = judged_module.record_stance

    def counted(kind: str, text: str, sentences: list[str]) -> object:
        here.append(text)
        return stance(kind, text, sentences)

    monkeypatch.setattr(judged_module, "record_stance", counted)
    monkeypatch.setattr(linked_module, "SHARED_FROM", 1)
    shared_memo = LinkMemo(tmp_path / "shared")
    _same(link(extracts, taxonomy, curation, shared_memo), alone)
    assert shared_memo.misses == alone_memo.misses and shared_memo.hits == 0
    for path in (tmp_path / "alone").glob("*.json"):
        assert json.loads(path.read_bytes()) == json.loads((tmp_path / "shared" / path.name).read_bytes())
    judged = sum(len(e.findings) for e in extracts)
    if cores() > 1:
        # The child judged about half, and nothing it judged was judged here again.
        assert 0 < len(here) <= judged // 2 + 1
    else:
        assert len(here) == judged


def test_an_adopted_judgement_is_kept_and_not_made_again(tmp_path: Path) -> None:
    child = LinkMemo(tmp_path)
    assert child.judged("r0", "k", lambda: [1, 2], list) == [1, 2]
    made = child.made()
    assert made == {"r0": {"k": [1, 2]}} and child.made() == {}
    memo = LinkMemo(tmp_path)
    memo.adopt(made)
    assert memo.has("r0", "k") and memo.misses == 1

    def never() -> list[int]:
        raise AssertionError("judged again")

    assert memo.judged("r0", "k", never, list) == [1, 2]
    memo.save()
    assert json.loads((tmp_path / "r0.json").read_text(encoding="utf-8"))["judged"] == {"k": [1, 2]}
