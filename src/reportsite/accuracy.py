"""Gold annotations and extracts -> precision and recall per kind and document, pages right, items whole.

A gold file (tests/gold/README.md) lists, by reading the document, every labelled item with its kind,
page and first and last words, and every table and figure caption. An extracted record matches a gold
item of the same kind when the item's first words open the record's text; it has the page right when it
cites the same physical page, and it is whole when the item's last words are in it. A matched response
also has its status right or wrong, and its key actions are matched by their first words, each with its
responsible unit and deadline right when they are the gold's (letters and digits compared).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportsite.extract.pipeline import extract_report
from reportsite.extract.verify import letters_only
from reportsite.records import Extract, Finding, Report
from reportsite.store import safe_yaml
from reportsite.store.catalogue import Entry

ITEM_KINDS = ("finding", "conclusion", "recommendation", "lesson", "good-practice", "response")
_OPENING = 300
"""A gold item's first words must stand within this many letters of the start of the record's text."""
_CAPTION_LETTERS = 40


@dataclass
class ActionScore:
    gold: int = 0
    found: int = 0
    matched: int = 0
    responsible_right: int = 0
    deadline_right: int = 0
    wrong: list[str] = field(default_factory=list)

    def add(self, other: ActionScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.matched += other.matched
        self.responsible_right += other.responsible_right
        self.deadline_right += other.deadline_right

    def line(self) -> str:
        return (
            f"    key actions: gold {self.gold}, found {self.found}, matched {self.matched}, "
            f"responsible right {self.responsible_right}/{self.matched}, "
            f"deadline right {self.deadline_right}/{self.matched}"
        )


@dataclass
class Score:
    gold: int = 0
    found: int = 0
    matched: int = 0
    pages_right: int = 0
    whole: int = 0
    missed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)
    status_right: int = 0
    actions: ActionScore | None = None
    """Key actions of responses: only for kinds whose gold lists them."""

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.found += other.found
        self.matched += other.matched
        self.pages_right += other.pages_right
        self.whole += other.whole
        self.status_right += other.status_right
        if other.actions is not None:
            self.actions = self.actions or ActionScore()
            self.actions.add(other.actions)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0


def load_gold(path: Path) -> dict[str, Any]:
    data = safe_yaml.load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or "document" not in data:
        raise ValueError(f"{path}: not a gold file (no 'document' key)")
    return data


def report_kind(gold: dict[str, Any]) -> str:
    kinds = {i.get("kind") for i in gold.get("items") or []}
    return "management-response" if "response" in kinds else "evaluation"


def extract_document(pdf: Path, gold: dict[str, Any]) -> Extract:
    report = Report(
        id="gold",
        title=pdf.stem,
        publisher="gold",
        date="2023",
        kind=report_kind(gold),
        source=str(pdf),
    )
    return extract_report(Entry(report=report, path=pdf.resolve(), line=1), str(pdf))


def _opens(first: str, record: Finding) -> bool:
    needle = letters_only(" ".join(first.split()[:4]))
    return bool(needle) and needle in letters_only(record.text)[:_OPENING]


def score_items(gold: dict[str, Any], extract: Extract) -> dict[str, Score]:
    scores = {k: Score() for k in ITEM_KINDS}
    records = [f for f in extract.findings if f.kind in ITEM_KINDS]
    used: set[str] = set()
    for item in gold.get("items") or []:
        kind = item["kind"]
        score = scores.setdefault(kind, Score())
        score.gold += 1
        match = next(
            (r for r in records if r.kind == kind and r.id not in used and _item_matches(item, r)), None
        )
        if match is None:
            score.missed.append(f"{item.get('label') or ''} p.{item['page']}: {item.get('first', '')!r}")
            continue
        used.add(match.id)
        score.matched += 1
        pages = range(match.source.page or 0, (match.source.last_page or match.source.page or 0) + 1)
        score.pages_right += int(match.source.page == item["page"] or item["page"] in pages)
        last = letters_only(item.get("last") or "")
        whole = not last or last in letters_only(match.text)
        score.whole += int(whole)
        if not whole:
            score.cut.append(f"{item.get('label') or ''} p.{item['page']}: ends {match.text[-50:]!r}")
        if "status" in item:
            score.status_right += int((match.status or "") == (item["status"] or ""))
        if "key_actions" in item:
            score.actions = score.actions or ActionScore()
            score_actions(item["key_actions"] or [], match, score.actions)
    for r in records:
        scores.setdefault(str(r.kind), Score()).found += 1
        if r.id not in used:
            scores[str(r.kind)].extra.append(f"{r.label or ''} p.{r.source.page}: {r.text[:50]!r}")
    return {k: s for k, s in scores.items() if s.gold or s.found}


def score_actions(gold: list[dict[str, Any]], record: Finding, score: ActionScore) -> None:
    """Key actions matched by their first words, in any order; who and by when compared as printed."""
    score.gold += len(gold)
    score.found += len(record.actions)
    left = list(record.actions)
    for item in gold:
        needle = letters_only(" ".join(str(item.get("first") or "").split()[:4]))
        hit = next((a for a in left if needle and needle in letters_only(a.text)[:_OPENING]), None)
        if hit is None:
            score.wrong.append(f"{record.label or ''}: action missed {item.get('first')!r}")
            continue
        left.remove(hit)
        score.matched += 1
        if letters_only(item.get("responsible") or "") == letters_only(hit.responsible or ""):
            score.responsible_right += 1
        else:
            score.wrong.append(f"{record.label or ''}: responsible {(hit.responsible or '')[:60]!r}")
        if letters_only(item.get("deadline") or "") == letters_only(hit.deadline or ""):
            score.deadline_right += 1
        else:
            score.wrong.append(
                f"{record.label or ''}: deadline {hit.deadline!r}, gold {item.get('deadline')!r}"
            )


def _item_matches(item: dict[str, Any], record: Finding) -> bool:
    if item.get("first"):
        return _opens(item["first"], record)
    # An item printed without text of its own (a bare 'accept') is known by its label's number.
    number = "".join(c for c in str(item.get("label") or "") if c.isdigit() or c == ".")
    return bool(number) and record.number == number


def score_captions(gold: list[dict[str, Any]], found: list[str]) -> Score:
    score = Score(gold=len(gold), found=len(found))
    left = [letters_only(c) for c in found]
    for g in gold:
        want = letters_only(g["caption"])[:_CAPTION_LETTERS]
        hit = next((i for i, c in enumerate(left) if c and (want in c or c[:_CAPTION_LETTERS] in want)), None)
        if hit is None:
            score.missed.append(f"p.{g['page']}: {g['caption'][:50]!r}")
        else:
            left[hit] = ""
            score.matched += 1
    return score


def score_document(gold: dict[str, Any], extract: Extract) -> dict[str, Score]:
    scores = score_items(gold, extract)
    scores["table"] = score_captions(
        gold.get("tables") or [], [t.caption for t in extract.tables if t.number]
    )
    scores["figure"] = score_captions(gold.get("figures") or [], [f.caption for f in extract.figures])
    return scores


def format_report(results: dict[str, dict[str, Score]], verbose: bool = False) -> list[str]:
    lines = [
        f"{'document':44} {'kind':15} {'gold':>5} {'found':>5} {'match':>5} "
        f"{'prec':>6} {'recall':>6} {'pages':>6} {'whole':>6}"
    ]
    totals: dict[str, Score] = {}
    for doc, scores in results.items():
        for kind, s in scores.items():
            if not (s.gold or s.found):
                continue
            totals.setdefault(kind, Score()).add(s)
            lines.append(_row(doc, kind, s))
            lines.extend(_details(s))
            if verbose:
                lines.extend(f"    missed {m}" for m in s.missed)
                lines.extend(f"    extra  {m}" for m in s.extra)
                lines.extend(f"    cut    {m}" for m in s.cut)
                lines.extend(f"    action {m}" for m in (s.actions.wrong if s.actions else []))
    lines.append("")
    for kind, s in sorted(totals.items()):
        lines.append(_row("ALL", kind, s))
        lines.extend(_details(s))
    return lines


def _details(s: Score) -> list[str]:
    """A response's status and key actions, under its row."""
    if s.actions is None:
        return []
    return [f"    status right {s.status_right}/{s.matched}", s.actions.line()]


def _row(doc: str, kind: str, s: Score) -> str:
    pages = f"{s.pages_right}/{s.matched}" if kind not in ("table", "figure") else "-"
    whole = f"{s.whole}/{s.matched}" if kind not in ("table", "figure") else "-"
    return (
        f"{doc[:44]:44} {kind:15} {s.gold:5} {s.found:5} {s.matched:5} "
        f"{s.precision:6.0%} {s.recall:6.0%} {pages:>6} {whole:>6}"
    )


def measure(gold_dir: Path, docs_dir: Path) -> dict[str, dict[str, Score]]:
    """Extract every document that has a gold file and score it."""
    results = {}
    for path in sorted(gold_dir.glob("*.yml")):
        gold = load_gold(path)
        pdf = docs_dir / gold["document"]
        results[path.stem] = score_document(gold, extract_document(pdf, gold))
    return results
