"""Management responses published as reports of their own, linked to the evaluation they answer.

A response report answers the recommendations of one evaluation. Which one: the report the catalogue
names in `responds_to`; failing that, the evaluation or assessment whose title shares most words with the
response's title, the nearest in date breaking ties (and only one dated no later than the response).
Each response is then matched to the evaluation's recommendation it answers by the recommendation's
number and by the words the two texts share (the response report's own copy of the recommendation, where
it prints one, else the response itself), and the link says why: 'same number 3 and 64% shared words'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportsite.records import Extract, Finding, Link, Report

ANSWERED_KINDS = ("evaluation", "assessment")
"""Kinds of report a management response answers."""
SAME_NUMBER_SHARE = 0.2
"""With the same number, this share of shared words is enough (a translation shares few)."""
TEXT_SHARE = 0.5
"""Without the same number, the texts must share this much."""
_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(frozen=True)
class Match:
    recommendation: Finding
    why: str
    score: float


def response_links(extracts: list[Extract]) -> dict[str, list[Link]]:
    """Response id -> links to the recommendations it answers in the evaluation its report responds to."""
    by_id = {e.report.id: e for e in extracts}
    out: dict[str, list[Link]] = {}
    for extract in extracts:
        if extract.report.kind != "management-response":
            continue
        target = _answered(extract.report, extracts, by_id)
        if target is None:
            continue
        recommendations = [f for f in target.findings if f.kind == "recommendation"]
        own = {f.id: f for f in extract.findings}
        for response in (f for f in extract.findings if f.kind == "response"):
            copy = next((own[ln.to] for ln in response.links if ln.to in own), None)
            match = best_match(copy or response, recommendations)
            if match is not None:
                why = f"answers {target.report.title}: {match.recommendation.label or 'recommendation'}, {match.why}"
                out.setdefault(response.id, []).append(Link(to=match.recommendation.id, why=why))
    return out


def _answered(report: Report, extracts: list[Extract], by_id: dict[str, Extract]) -> Extract | None:
    if report.responds_to:
        return by_id.get(report.responds_to)
    mine = _words(report.title)
    candidates = [
        e
        for e in extracts
        if e.report.kind in ANSWERED_KINDS and e.report.id != report.id and e.report.date <= report.date
    ]
    scored = [(len(mine & _words(e.report.title)), e.report.date, e) for e in candidates]
    scored = [s for s in scored if s[0] > 0]
    if not scored:
        return None
    return max(scored, key=lambda s: (s[0], s[1]))[2]


def best_match(text_of: Finding, recommendations: list[Finding]) -> Match | None:
    """The recommendation a response (or its copy of the recommendation) answers, with the reason."""
    mine = _words(text_of.text)
    best: Match | None = None
    for rec in recommendations:
        share = len(mine & _words(rec.text)) / max(1, min(len(mine), len(_words(rec.text))))
        same = bool(text_of.number) and text_of.number == rec.number
        if not (same and share >= SAME_NUMBER_SHARE) and share < TEXT_SHARE:
            continue
        words = f"{round(share * 100)}% shared words"
        why = f"same number {rec.number} and {words}" if same else words
        score = share + (1 if same else 0)
        if best is None or score > best.score:
            best = Match(rec, why, score)
    return best


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}
