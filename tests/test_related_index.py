"""Related findings found through the word index, scored best first and cut short, are those that
scoring every pair of findings gives."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from reportsite.link import related as rel
from reportsite.link.curation import Curation
from reportsite.link.cycles import read_cycles
from reportsite.link.linked import link
from reportsite.link.themes import Taxonomy, Theme, load_taxonomy
from reportsite.records import Extract, Finding, Report, Source
from reportsite.settings import SETTINGS
from reportsite.store.yaml_io import yaml_to_extract

ROOT = Path(__file__).resolve().parents[1]


def _every_pair(findings: dict[str, Finding], report_of: dict[str, Report], titles: dict[str, str]) -> dict:
    """For each finding, every finding of another report it shares a word or a theme with that is not
    too common (the index's candidates) scored, the best max_related kept."""
    vectors, df = rel._vectors(findings, lambda f: rel.word_counts(f.text))
    cycles = read_cycles(list({r.id: r for r in report_of.values()}.values()))
    placed = {fid: r.model_copy(update={"cycle": cycles.cycle_of(r)}) for fid, r in report_of.items()}
    cap = rel.SETTINGS.link.max_word_postings
    members = Counter(t for f in findings.values() for t in set(f.themes) & set(titles))
    out = {}
    for fid, f in findings.items():
        scored = []
        for gid, g in findings.items():
            if placed[gid].id == placed[fid].id:
                continue
            words = set(vectors[fid].weights) & set(vectors[gid].weights)
            themes = set(f.themes) & set(g.themes) & set(titles)
            if not any(df[w] <= cap for w in words) and not any(members[t] <= cap for t in themes):
                continue
            found = rel._score(f, g, vectors[fid], vectors[gid], placed[fid], placed[gid], titles)
            if found:
                scored.append((-found[0], gid))
        out[fid] = [(gid, round(-neg, 4)) for neg, gid in sorted(scored)[: rel.SETTINGS.link.max_related]]
    return out


WORDS = [
    "funding",
    "earmarked",
    "budget",
    "partners",
    "staff",
    "training",
    "evaluation",
    "results",
    "gender",
    "protection",
    "migrants",
    "returns",
    "shelter",
    "health",
    "data",
    "systems",
    "reform",
    "offices",
    "donors",
    "reporting",
    "audit",
    "risk",
    "climate",
    "mobility",
    "policy",
    "guidance",
    "capacity",
    "country",
    "regional",
    "strategy",
    "learning",
    "oversight",
]
RARE = [f"zo{a}{b}ik" for a in "bcdfghjklm" for b in "aeiou"]
"""Words few findings share: they find the candidates, the common words only add to their scores."""
DENSE_THEMES = Taxonomy(
    themes=(
        Theme(id="funding", title="Funding", terms=("funding", "budget")),
        Theme(id="people", title="People", terms=("staff", "training")),
        Theme(id="results", title="Results", terms=("evaluation", "results")),
    )
)


def _dense_shelf(reports: int, each: int) -> list[Extract]:
    """Reports of two cycles whose findings draw on one small vocabulary: every finding has many
    candidates, so that which are scored, and in what order, decides what is kept."""
    rng = random.Random(7)
    out = []
    for k in range(reports):
        report = Report(
            id=f"r{k}",
            title=f"Review {k}",
            publisher="Board",
            date=f"{2019 + 4 * (k % 2)}",
            kind="evaluation",
            cycle="2019" if k % 2 else "2023",
            source=f"sources/r{k}.txt",
        )
        findings = [
            Finding(
                id=f"r{k}/f{i}",
                kind="finding",
                text=" ".join(rng.choices(WORDS, k=rng.randint(6, 16)) + rng.choices(RARE, k=2)) + ".",
                source=Source(lines=[i + 1, i + 1]),
            )
            for i in range(each)
        ]
        out.append(Extract(report=report, findings=findings))
    return out


@pytest.mark.parametrize("keep", [5, 1, 0])
def test_the_index_finds_what_every_pair_gives(monkeypatch: pytest.MonkeyPatch, keep: int) -> None:
    # Words in more than 12 findings are too common to find candidates by, as a shelf of hundreds has.
    link_settings = SETTINGS.link.model_copy(update={"max_related": keep, "max_word_postings": 12})
    monkeypatch.setattr(rel, "SETTINGS", SETTINGS.model_copy(update={"link": link_settings}))
    linked = link(_dense_shelf(12, 10), DENSE_THEMES)
    titles = {t.id: t.title for t in DENSE_THEMES.themes}
    found = rel.related_findings(linked.findings, linked.report_of, DENSE_THEMES, Curation())
    every = _every_pair(linked.findings, linked.report_of, titles)
    assert {fid: [(r.id, r.score) for r in rs] for fid, rs in found.items()} == every
    assert sum(map(len, every.values())) >= keep * len(every) * 0.9
    for rs in found.values():
        for r in rs:
            assert r.reason.startswith(("same theme", "shared terms"))


def test_the_shelf_finds_what_every_pair_gives() -> None:
    paths = sorted((ROOT / "extract").glob("*.yml"))
    extracts = [
        yaml_to_extract(p.read_text(encoding="utf-8"), p.name) for p in paths if p.name != "ledger.yml"
    ]
    taxonomy = load_taxonomy(ROOT / "sources" / "themes.yml")
    assert taxonomy is not None
    linked = link(extracts, taxonomy)
    titles = {t.id: t.title for t in taxonomy.themes}
    found = rel.related_findings(linked.findings, linked.report_of, taxonomy, Curation())
    every = _every_pair(linked.findings, linked.report_of, titles)
    assert {fid: [(r.id, r.score) for r in rs] for fid, rs in found.items()} == every
    assert sum(map(len, every.values())) >= 100
