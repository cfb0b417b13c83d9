"""Related findings across reports and cycles.

Related findings are ranked by a score a reader can follow from the reason shown: the themes two findings
share, plus how many distinctive words they share (a TF-IDF cosine over the quotes, so that words every
finding uses count for little). Findings from the other assessment cycle are preferred, because the point
of the site is to compare the cycles.
"""

from __future__ import annotations

import heapq
import math
import operator
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportsite.link.curation import Curation
from reportsite.link.cycles import Cycles, read_cycles
from reportsite.link.themes import Taxonomy, normalise, word_forms
from reportsite.records import Finding, Report
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


WordCounts = tuple[list[str], list[int], list[str]]
"""A text's counted words as three lists (stems, how often each, each word as first written), in the
order they first occur: three lists rather than a tuple per word, as a shelf has a few hundred thousand."""


@dataclass
class Related:
    id: str
    reason: str
    """Why the two are related, in words a reader understands: 'both on theme X; share terms a, b'."""
    curated: bool = False
    """Set by a person in sources/curation.yml rather than found by the rule."""
    score: float = 0.0


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


def word_counts(text: str) -> WordCounts:
    """The words of text a finding is related by, counted. Stop words, numbers and words of two letters
    do not count."""
    kept = [raw for raw, _ in word_forms(text) if raw not in _STOP and len(raw) > 2 and not raw.isdigit()]
    stems = list(map(_stem, kept))
    surfaces: dict[str, str] = {}
    for stem, raw in zip(stems, kept, strict=True):
        surfaces.setdefault(stem, raw)
    counted = Counter(stems)
    return list(counted), list(counted.values()), list(surfaces.values())


def _vectors(
    findings: dict[str, Finding], words: Callable[[Finding], WordCounts]
) -> tuple[dict[str, _Vector], Counter[str]]:
    """Each finding's TF-IDF vector, and how many findings use each stem."""
    counts = {fid: words(f) for fid, f in findings.items()}
    df = Counter(stem for stems, _, _ in counts.values() for stem in stems)
    n = len(findings)
    # Each factor once per stem and per count, not once per finding: the same numbers, far fewer logs.
    idf = {s: math.log((1 + n) / (1 + k)) + 1 for s, k in df.items()}
    tf = {k: 1 + math.log(k) for k in {k for _, ks, _ in counts.values() for k in ks}}
    too_common = {s for s, k in df.items() if k > SETTINGS.link.max_word_postings}
    out = {}
    for fid, (stems, ks, raws) in counts.items():
        w = {s: tf[k] * idf[s] for s, k in zip(stems, ks, strict=True)}
        values = list(w.values())
        common = [v for s, v in w.items() if s in too_common] if too_common else []
        out[fid] = _Vector(
            w,
            math.sqrt(sum(map(operator.mul, values, values))) or 1.0,
            dict(zip(stems, raws, strict=True)),
            math.sqrt(sum(map(operator.mul, common, common))),
        )
    return out, df


def related_findings(
    findings: dict[str, Finding],
    report_of: dict[str, Report],
    taxonomy: Taxonomy | None,
    curation: Curation,
    cycles: Cycles | None = None,
    words: Callable[[Finding], WordCounts] | None = None,
) -> dict[str, list[Related]]:
    """For each finding, curated links first, then up to SETTINGS.link.max_related findings of other reports.

    Comparing every pair grows with the square of the findings. Instead, candidates come from an index
    of who uses each word and theme: a finding is scored against those sharing a word or theme used by
    at most SETTINGS.link.max_word_postings findings. A word or theme more common than that still counts in the score of
    a candidate found otherwise. Candidates are scored exactly in order of an upper bound of their score
    (shared themes, plus the most the common words could add), and scoring stops once SETTINGS.link.max_related
    found exceed the bound of the next, so the cost follows the few best rather than all candidates.
    """
    vectors, df = _vectors(findings, words or (lambda f: word_counts(f.text)))
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
    # What the bound reads of each candidate, by its position: looked up once, not once per pair.
    rep_ids = [report_of[gid].id for gid in ids]
    rep_cycles = [report_of[gid].cycle for gid in ids]
    commons = [vectors[gid].common_norm for gid in ids]
    norms = [vectors[gid].norm for gid in ids]
    weight, bonus = SETTINGS.link.theme_weight, SETTINGS.link.other_cycle_bonus
    floor, cap = SETTINGS.link.min_related_score - _EPSILON, SETTINGS.link.max_word_postings
    keep = SETTINGS.link.max_related
    for i, fid in enumerate(ids):
        mine, report, f = vectors[fid], report_of[fid], findings[fid]
        dots: dict[int, float] = {}
        for s, w in mine.weights.items():
            for j, wj in by_stem.get(s, ()):
                dots[j] = dots.get(j, 0.0) + w * wj
        for t, members in by_theme.items():
            if masks[i] >> t & 1 and len(members) <= cap:
                for j in members:
                    dots.setdefault(j, 0.0)
        curated = {r.id for r in related[fid]}
        bounded = []
        mask, common, norm, rid, cycle = masks[i], mine.common_norm, mine.norm, report.id, report.cycle
        for j, dot in dots.items():
            if rep_ids[j] == rid or (curated and ids[j] in curated):
                continue
            bound = (dot + common * commons[j]) / (norm * norms[j])
            bound += weight * (mask & masks[j]).bit_count()
            if cycle and rep_cycles[j] and cycle != rep_cycles[j]:
                bound *= bonus
            if bound >= floor:
                bounded.append((-bound, ids[j]))
        bounded.sort()
        candidates: list[tuple[float, str, Shared]] = []
        # The best max_related scores so far, the lowest first: the bound the next candidate must reach.
        best: list[float] = []
        for neg_bound, gid in bounded:
            # With max_related 0 nothing is scored: best stays empty, as long as it must be.
            if len(best) >= keep and (not best or -neg_bound < best[0] - _EPSILON):
                break
            if scored := _score(f, findings[gid], mine, vectors[gid], report, report_of[gid], titles):
                candidates.append((-scored[0], gid, scored[1]))
                if len(best) < keep:
                    heapq.heappush(best, scored[0])
                else:
                    heapq.heappushpop(best, scored[0])
        # Ties in score go by id, as the ids are unique; only the findings kept are given their reason.
        for neg, gid, shared in sorted(candidates, key=lambda c: (c[0], c[1]))[:keep]:
            reason = _reason_of(mine, vectors[gid], shared, titles, order, report, report_of[gid])
            related[fid].append(Related(gid, reason, score=round(-neg, 4)))
    return related


Shared = tuple[set[str], set[str]]
"""The stems and the theme ids two findings share."""


def _score(
    f: Finding,
    g: Finding,
    mine: _Vector,
    theirs: _Vector,
    report: Report,
    other: Report,
    titles: dict[str, str],
) -> tuple[float, Shared] | None:
    """The score of g as related to f and what they share, or None when they are not related."""
    shared_stems = set(mine.weights) & set(theirs.weights)
    cosine = sum(mine.weights[s] * theirs.weights[s] for s in shared_stems) / (mine.norm * theirs.norm)
    shared_themes = (set(f.themes) & set(g.themes)) & set(titles)
    score = cosine + SETTINGS.link.theme_weight * len(shared_themes)
    if report.cycle and other.cycle and report.cycle != other.cycle:
        score *= SETTINGS.link.other_cycle_bonus
    if score < SETTINGS.link.min_related_score or not (shared_themes or len(shared_stems) >= 2):
        return None
    return score, (shared_stems, shared_themes)


def _reason_of(
    mine: _Vector,
    theirs: _Vector,
    shared: Shared,
    titles: dict[str, str],
    order: dict[str, int],
    report: Report,
    other: Report,
) -> str:
    """The reason shown for a related finding: the themes in the taxonomy's order, the four terms that
    weigh most in the score."""
    stems, themes = shared
    top = sorted(stems, key=lambda s: (-mine.weights[s] * theirs.weights[s], s))[:4]
    ordered = sorted(themes, key=order.__getitem__)
    return _reason([titles[t] for t in ordered], [mine.surface[s] for s in top], report, other)


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
