"""The link stage: themes (with curation applied), related findings across reports and cycles, the
comparison of assessment cycles and the number audit. Render reads only what this module returns.

Related findings are ranked by a score a reader can follow from the reason shown: the themes two findings
share, plus how many distinctive words they share (a TF-IDF cosine over the quotes, so that words every
finding uses count for little). Findings from the other assessment cycle are preferred, because the point
of the site is to compare the cycles.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from reportsite.extract.sentences import text_to_sentences
from reportsite.link.audit import AuditItem, audit_extracts
from reportsite.link.chain import Chain, follow_up_chain
from reportsite.link.compare import (
    Evidence,
    compared_cycles,
    place_findings,
    prominence,
    rule_text,
    theme_status,
)
from reportsite.link.curation import Curation, check_curation, curated_themes
from reportsite.link.cycles import Cycles, read_cycles
from reportsite.link.responses import response_links
from reportsite.link.stance import record_stance
from reportsite.link.statuses import STATUSES
from reportsite.link.themes import Taxonomy, Theme, assign_themes, normalise, record_theme_text, word_forms
from reportsite.records import Extract, Finding, Number, Report, Table
from reportsite.settings import SETTINGS

# Room for the rounding of a sum taken in another order: a bound must never fall below the score.
_EPSILON = 1e-9
_STOPWORDS = (
    "a about above after again all also an and any are as at be because been being both but by can could "
    "did do does doing during each few for from further had has have having he her here his how i if in "
    "into is it its itself just more most no nor not now of on once only or other our out over own same "
    "she should so some such than that the their them then there these they this those through to too "
    "under until up very was we were what when where which while who whom why will with would you your "
    "iom iom's mopan organisation organization s well including new also however across need needs within "
    "further ensure ensuring identifying key"
)
_STOP = frozenset(_STOPWORDS.split())

R = TypeVar("R", Finding, Number)

__all__ = ["STATUSES", "AuditItem", "Linked", "Related", "ThemeView", "link"]


@dataclass
class Related:
    id: str
    reason: str
    """Why the two are related, in words a reader understands: 'both on theme X; share terms a, b'."""
    curated: bool = False
    """Set by a person in sources/curation.yml rather than found by the rule."""
    score: float = 0.0


@dataclass
class ThemeView:
    theme: Theme
    columns: dict[str, list[Finding]]
    """Keyed by the column ids of Cycles.columns ('2019-assessment')."""
    status: str | None
    """One of STATUSES, or None when the texts say too little."""
    status_reason: str
    note: str | None = None
    """A curator's status note from sources/curation.yml."""
    quotes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Column id -> finding id -> the part of the quote that belongs in that column (a 2019 response
    paragraph splits into what it says the assessment found and what IOM commits to)."""
    evidence: dict[str, list[str]] = field(default_factory=dict)
    """Finding ids on each side, by the two cycles compared: '2019-concern', '2019-strength',
    '2023-concern', '2023-strength', '2023-progress'."""
    curated_status: bool = False
    computed_status: str | None = None
    """What the rule gives without an editor's status."""
    deciding: list[Evidence] = field(default_factory=list)
    """The two or three quotes (sentences) that decide the computed status."""


@dataclass
class Linked:
    extracts: list[Extract]
    taxonomy: Taxonomy | None
    findings: dict[str, Finding]
    """Every visible finding by id (hidden ones removed), with curated themes applied."""
    report_of: dict[str, Report]
    """Record id (finding, table, figure, number) -> its report."""
    related: dict[str, list[Related]]
    themes: list[ThemeView]
    audit: list[AuditItem]
    tables: dict[str, Table] = field(default_factory=dict)
    numbers: dict[str, Number] = field(default_factory=dict)
    curated_themes: dict[str, list[str]] = field(default_factory=dict)
    """Record id -> themes a curator added (they have no matched terms to show)."""
    curation: Curation | None = None
    backlinks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Finding id -> (id, why) of the findings that link to it (a response to its recommendation)."""
    cycles: Cycles = field(default_factory=Cycles)
    """The assessment cycles of the catalogue, and the comparison's columns."""
    chain: Chain = field(default_factory=dict)
    """Finding id -> the links of its theme's follow-up chain (link/chain.py)."""

    @property
    def columns(self) -> list[tuple[str, str]]:
        """Every comparison column, (id, heading), in reading order."""
        return self.cycles.columns

    @property
    def rule(self) -> str:
        before, now = compared_cycles({c: [] for c, _ in self.cycles.columns})
        return rule_text(before or "earlier", now or "latest")


def link(extracts: list[Extract], taxonomy: Taxonomy | None, curation: Curation | None = None) -> Linked:
    """Apply themes and curation, then relate, compare and audit. Raises CurationError for an override
    naming a record or theme that does not exist."""
    curation = curation or Curation()
    records = [r for e in extracts for r in e.records()]
    check_curation(curation, (r.id for r in records), taxonomy.ids if taxonomy else None)
    hidden = curation.hidden
    report_of = {r.id: e.report for e in extracts for r in e.records()}
    cycles = read_cycles([e.report for e in extracts])
    added: dict[str, list[str]] = {}
    findings = {
        f.id: _themed(f, taxonomy, curation, added)
        for e in extracts
        for f in e.findings
        if f.id not in hidden
    }
    numbers = {
        n.id: _themed(n, taxonomy, curation, added) for e in extracts for n in e.numbers if n.id not in hidden
    }
    for fid, links in response_links(extracts).items():
        if fid in findings:
            found = findings[fid]
            findings[fid] = found.model_copy(update={"links": [*found.links, *links]})
    backlinks: dict[str, list[tuple[str, str]]] = {}
    for f in findings.values():
        for ln in f.links:
            if ln.to in findings:
                backlinks.setdefault(ln.to, []).append((f.id, ln.why))
    views = theme_views(findings, report_of, taxonomy, curation, cycles)
    return Linked(
        chain=follow_up_chain([(v.theme.id, v.columns) for v in views], cycles, prominence),
        backlinks=backlinks,
        extracts=extracts,
        taxonomy=taxonomy,
        findings=findings,
        report_of=report_of,
        related=related_findings(findings, report_of, taxonomy, curation, cycles),
        themes=views,
        cycles=cycles,
        audit=audit_extracts(extracts, hidden),
        tables={t.id: t for e in extracts for t in e.tables if t.id not in hidden},
        numbers=numbers,
        curated_themes=added,
        curation=curation,
    )


def _themed(record: R, taxonomy: Taxonomy | None, curation: Curation, added: dict[str, list[str]]) -> R:
    """A copy of the record with today's taxonomy and its override applied; the extract stays as it was."""
    record = record.model_copy(deep=True)
    reasons: dict[str, list[str]] = record.theme_reasons if isinstance(record, Finding) else {}
    if taxonomy is not None:
        # Judged again here, so an edit to themes.yml shows without extracting again.
        title, section = (record.title, record.section) if isinstance(record, Finding) else (None, "")
        record.themes, reasons = assign_themes(record_theme_text(title, record.text, section), taxonomy)
    if isinstance(record, Finding):
        st = record_stance(record.kind, record.text, text_to_sentences(record.text))
        record.stance, record.stance_cues = st.stance, list(st.cues)
    override = curation.for_record(record.id)
    if override is not None:
        themes = curated_themes(record.themes, override)
        if extra := [t for t in themes if t not in record.themes]:
            added[record.id] = extra
        record.themes = themes
    if isinstance(record, Finding):
        record.theme_reasons = {t: reasons[t] for t in record.themes if t in reasons}
    return record


# --- related findings ----------------------------------------------------------------------------


@dataclass
class _Vector:
    weights: dict[str, float]
    norm: float
    surface: dict[str, str]
    """Stem -> the word as the quote first writes it."""
    common_norm: float = 0.0
    """The norm of the weights of words too common to find candidates by (see SETTINGS.link.max_word_postings)."""


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    w = normalise(word)
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


def _vectors(findings: dict[str, Finding]) -> tuple[dict[str, _Vector], Counter[str]]:
    """Each finding's TF-IDF vector, and how many findings use each stem."""
    counts: dict[str, Counter[str]] = {}
    surfaces: dict[str, dict[str, str]] = {}
    for fid, f in findings.items():
        kept = [
            raw for raw, _ in word_forms(f.text) if raw not in _STOP and len(raw) > 2 and not raw.isdigit()
        ]
        stems = list(map(_stem, kept))
        counts[fid] = Counter(stems)
        surfaces[fid] = {}
        for stem, raw in zip(stems, kept, strict=True):
            surfaces[fid].setdefault(stem, raw)
    df = Counter(stem for c in counts.values() for stem in c)
    n = len(findings)
    out = {}
    for fid, c in counts.items():
        w = {s: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[s])) + 1) for s, k in c.items()}
        common = math.sqrt(sum(v * v for s, v in w.items() if df[s] > SETTINGS.link.max_word_postings))
        out[fid] = _Vector(w, math.sqrt(sum(v * v for v in w.values())) or 1.0, surfaces[fid], common)
    return out, df


def related_findings(
    findings: dict[str, Finding],
    report_of: dict[str, Report],
    taxonomy: Taxonomy | None,
    curation: Curation,
    cycles: Cycles | None = None,
) -> dict[str, list[Related]]:
    """For each finding, curated links first, then up to SETTINGS.link.max_related findings of other reports.

    Comparing every pair grows with the square of the findings. Instead, candidates come from an index
    of who uses each word and theme: a finding is scored against those sharing a word or theme used by
    at most SETTINGS.link.max_word_postings findings. A word or theme more common than that still counts in the score of
    a candidate found otherwise. Candidates are scored exactly in order of an upper bound of their score
    (shared themes, plus the most the common words could add), and scoring stops once SETTINGS.link.max_related
    found exceed the bound of the next, so the cost follows the few best rather than all candidates.
    """
    vectors, df = _vectors(findings)
    reports = {r.id: r for r in report_of.values()}
    cycles = cycles or read_cycles(list(reports.values()))
    # Scoring reads a report's cycle as the catalogue gives it or as its date places it.
    placed = {k: r.model_copy(update={"cycle": cycles.cycle_of(r)}) for k, r in reports.items()}
    report_of = {rid: placed[r.id] for rid, r in report_of.items()}
    titles = {t.id: t.title for t in taxonomy.themes} if taxonomy else {}
    order = {tid: i for i, tid in enumerate(titles)}
    related: dict[str, list[Related]] = {fid: [] for fid in findings}
    for o in curation.overrides:
        for c in o.related:
            if o.id in findings and c.id in findings:
                _add(related[o.id], Related(c.id, c.reason, curated=True))
                _add(related[c.id], Related(o.id, c.reason, curated=True))
    ids = list(findings)
    masks = [sum(1 << order[t] for t in set(findings[fid].themes) if t in order) for fid in ids]
    by_stem: dict[str, list[tuple[int, float]]] = {}
    by_theme: dict[int, list[int]] = {}
    for i, fid in enumerate(ids):
        for s, w in vectors[fid].weights.items():
            if df[s] <= SETTINGS.link.max_word_postings:
                by_stem.setdefault(s, []).append((i, w))
        for t in range(len(order)):
            if masks[i] >> t & 1:
                by_theme.setdefault(t, []).append(i)
    for i, fid in enumerate(ids):
        mine, report, f = vectors[fid], report_of[fid], findings[fid]
        dots: dict[int, float] = {}
        for s, w in mine.weights.items():
            for j, wj in by_stem.get(s, ()):
                dots[j] = dots.get(j, 0.0) + w * wj
        for t, members in by_theme.items():
            if masks[i] >> t & 1 and len(members) <= SETTINGS.link.max_word_postings:
                for j in members:
                    dots.setdefault(j, 0.0)
        curated = {r.id for r in related[fid]}
        bounded = []
        for j, dot in dots.items():
            gid = ids[j]
            other = report_of[gid]
            if other.id == report.id or gid in curated:
                continue
            theirs = vectors[gid]
            bound = (dot + mine.common_norm * theirs.common_norm) / (mine.norm * theirs.norm)
            bound += SETTINGS.link.theme_weight * (masks[i] & masks[j]).bit_count()
            if report.cycle and other.cycle and report.cycle != other.cycle:
                bound *= SETTINGS.link.other_cycle_bonus
            if bound >= SETTINGS.link.min_related_score - _EPSILON:
                bounded.append((-bound, gid))
        bounded.sort()
        candidates: list[tuple[float, str, str]] = []
        for neg_bound, gid in bounded:
            if len(candidates) >= SETTINGS.link.max_related:
                fifth = sorted(candidates)[SETTINGS.link.max_related - 1][0]
                if -neg_bound < -fifth - _EPSILON:
                    break
            if scored := _score(f, findings[gid], mine, vectors[gid], report, report_of[gid], titles, order):
                candidates.append((-scored[0], gid, scored[1]))
        for neg, gid, reason in sorted(candidates)[: SETTINGS.link.max_related]:
            related[fid].append(Related(gid, reason, score=round(-neg, 4)))
    return related


def _score(
    f: Finding,
    g: Finding,
    mine: _Vector,
    theirs: _Vector,
    report: Report,
    other: Report,
    titles: dict[str, str],
    order: dict[str, int],
) -> tuple[float, str] | None:
    """The score of g as related to f and the reason shown, or None when they are not related."""
    shared_stems = set(mine.weights) & set(theirs.weights)
    cosine = sum(mine.weights[s] * theirs.weights[s] for s in shared_stems) / (mine.norm * theirs.norm)
    shared_themes = sorted((set(f.themes) & set(g.themes)) & set(titles), key=order.__getitem__)
    score = cosine + SETTINGS.link.theme_weight * len(shared_themes)
    if report.cycle and other.cycle and report.cycle != other.cycle:
        score *= SETTINGS.link.other_cycle_bonus
    if score < SETTINGS.link.min_related_score or not (shared_themes or len(shared_stems) >= 2):
        return None
    top = sorted(shared_stems, key=lambda s: (-mine.weights[s] * theirs.weights[s], s))[:4]
    return score, _reason([titles[t] for t in shared_themes], [mine.surface[s] for s in top], report, other)


def _add(links: list[Related], new: Related) -> None:
    if all(r.id != new.id for r in links):
        links.append(new)


def _reason(themes: list[str], terms: list[str], mine: Report, other: Report) -> str:
    parts = []
    if themes:
        parts.append(("same theme: " if len(themes) == 1 else "same themes: ") + ", ".join(themes))
    if terms:
        parts.append("shared terms: " + ", ".join(terms))
    if mine.cycle and other.cycle and mine.cycle != other.cycle:
        parts.append(f"from the {other.cycle} cycle")
    return "; ".join(parts)


# --- the comparison ------------------------------------------------------------------------------


def theme_views(
    findings: dict[str, Finding],
    report_of: dict[str, Report],
    taxonomy: Taxonomy | None,
    curation: Curation,
    cycles: Cycles,
) -> list[ThemeView]:
    """One view per theme, in taxonomy order; see compare.py for the columns and the status rule."""
    views = []
    for theme in taxonomy.themes if taxonomy else ():
        columns, quotes = place_findings(
            [f for f in findings.values() if theme.id in f.themes], report_of, cycles
        )
        note = curation.for_theme(theme.id)
        curated = (
            (note.status, f"{curation.path}, line {note.line}") if note is not None and note.status else None
        )
        status, reason, evidence, computed, deciding = theme_status(columns, quotes, curated, theme.id)
        views.append(
            ThemeView(
                theme=theme,
                columns=columns,
                status=status,
                status_reason=reason,
                note=note.note if note is not None else None,
                quotes=quotes,
                evidence=evidence,
                curated_status=curated is not None,
                computed_status=computed,
                deciding=deciding,
            )
        )
    return views
