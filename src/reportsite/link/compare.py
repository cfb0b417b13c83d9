"""The comparison of assessment cycles: for each theme, columns of findings and a status a reader can check.

Columns (link.cycles): per cycle, what its assessment found (its own documents, or the sentences of the
organisation's management response that cite it: "As the assessment found, ..."), what the
organisation committed to in that response (its other sentences), and the organisation's own later
reporting. The status sets the latest cycle against the one before.

Evidence is sentence by sentence: a sentence counts for a theme only when it holds one of the theme's
own terms, and its stance comes from where its record sits (a strengths list, an area for improvement,
a recommendation, a response to the assessment's concerns) and from its wording (stance.py).
rule_text() is the status rule printed on the compare page; each status shows the quotes that decide it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from reportsite.extract.sentences import text_to_sentences
from reportsite.link.cycles import Cycles
from reportsite.link.stance import sentence_stance, structural_stance
from reportsite.link.themes import find_terms
from reportsite.records import Finding, Report
from reportsite.textcache import text_cache

# How a response quotes what an assessment found: 'as noted by the evaluators', 'the XYZ evaluation'.
_CITES_REPORT = re.compile(
    r"\b(?:(?:[A-Z]{3,}|the)\s+(?:report|assessment|evaluation|findings?)"
    r"|as\s+(?:highlighted|noted|emphasi[sz]ed|stated|found|observed|pointed\s+out)\s+(?:in|by))\b"
)
_ADDITIVE = re.compile(r"^(?:furthermore|moreover|in addition|additionally|also|it also|likewise)\b", re.I)
TOPIC_MIN_WORDS = 6
# Where a sentence turns from what it is about to an aside: an example list ('..., including X'), or a
# participial clause of consequence or purpose ('..., allowing the organisation to ...'). 'Notably' and
# 'in particular' are not asides: what they single out is the point.
_TAIL = re.compile(
    r",\s+(?:including|such\s+as|for\s+example|for\s+instance|e\.g\.|[a-z]+ing)\b",
    re.I,
)
HEAD_MIN_WORDS = 5


def rule_text(before: str, now: str) -> str:
    """The status rule in words, naming the two cycles compared ('2019', '2023')."""
    return (
        f"A theme's status compares what the {before} cycle's assessment raised (as its own documents, "
        f"or the organisation's management response quoting and answering it, state it) with what the "
        f"{now} assessment says, sentence by sentence, counting only sentences that name the theme. A "
        "sentence is a concern, a strength or progress by where it stands (a list of strengths or of "
        "areas for improvement, a recommendation, the organisation's answer to a concern of the "
        "assessment) and by its wording, read clause by clause with negation and contrast ('however', "
        "'although') taken into account; a reform still to roll out is a plan, not a finding. Each cycle "
        "leans to concern or to strength by which it states more often. Improved: the "
        f"{now} assessment reports progress on the theme (a completed change such as 'strengthened' or a "
        "fault addressed; a changed amount alone is not progress), even where work remains. Resolved: "
        f"{before} leaned to concern, {now} leans to strength. Persisting: both lean to concern (or are "
        f"mixed) and {now} reports no progress. Strength sustained: both lean to strength. New concern: "
        f"{now} leans to concern where {before} raised none. Not enough evidence: otherwise. Older "
        "cycles are shown for context. An editor may set a status in sources/curation.yml; the page then "
        "says so, and `reportsite check` fails when the evidence computes a different one."
    )


@lru_cache(maxsize=4096)
def split_response(text: str) -> tuple[str, str]:
    """A 2019 response paragraph as (sentences citing the assessment, IOM's own sentences)."""
    cited: list[str] = []
    own: list[str] = []
    follows = False
    for sentence in text_to_sentences(" ".join(text.split())):
        # 'Furthermore, ...' after a sentence that cites the report goes on saying what the report found.
        follows = bool(_CITES_REPORT.search(sentence)) or (follows and bool(_ADDITIVE.match(sentence)))
        (cited if follows else own).append(sentence)
    return " ".join(cited), " ".join(own)


def place_findings(
    findings: list[Finding], report_of: dict[str, Report], cycles: Cycles
) -> tuple[dict[str, list[Finding]], dict[str, dict[str, str]]]:
    """One theme's findings in their columns, and per column the part of each quote that belongs there."""
    columns: dict[str, list[Finding]] = {c: [] for c, _ in cycles.columns}
    quotes: dict[str, dict[str, str]] = {c: {} for c in columns}
    place = {}
    for f in findings:
        report = report_of[f.id]
        if report.id not in place:  # once per report, not per finding
            place[report.id] = cycles.column_of(report), cycles.cycle_of(report), cycles.role_of(report)
        column, cycle, role = place[report.id]
        if column is None or column not in columns:
            continue
        if role == "response":
            cited, own = split_response(f.text)
            if cited:
                columns[f"{cycle}-assessment"].append(f)
                quotes[f"{cycle}-assessment"][f.id] = cited
            if own or not cited:
                columns[column].append(f)
                quotes[column][f.id] = own or f.text
        else:
            columns[column].append(f)
    return columns, quotes


@dataclass(frozen=True)
class Evidence:
    finding: Finding
    column: str
    stance: str
    sentence: str
    """The on-theme sentences quoted, verbatim."""
    why: str
    """'listed among strengths', or the words that decided: 'cue: strengthened'."""
    leading: bool = True
    """The theme is what the sentence is mainly about (not one theme it touches among others)."""


_STRUCTURE_WHY = {
    "strength": "listed among the strengths",
    "improvement": "listed among the areas for improvement",
    "recommendation": "a recommendation",
    "reform": "a reform still to roll out (a plan, not a finding)",
    "good-practice": "a good practice",
}


@text_cache(65536)
def head(sentence: str) -> str:
    """What a sentence is about: the sentence up to an aside it turns to (an example list, a participial
    clause), once it has said enough to be about something."""
    for m in _TAIL.finditer(sentence):
        if len(sentence[: m.start()].split()) >= HEAD_MIN_WORDS:
            return sentence[: m.start()]
    return sentence


Reasons = tuple[tuple[str, tuple[str, ...]], ...]
"""A record's theme reasons as a key: (theme id, the terms that gave it) in the record's order."""


def reasons_of(finding: Finding) -> Reasons:
    return tuple((tid, tuple(terms)) for tid, terms in finding.theme_reasons.items())


@text_cache(65536)
def _theme_keys(first: str, reasons: Reasons) -> dict[str, tuple[int, int]]:
    """For each theme whose terms a sentence's head names: (minus how many, where the first stands).

    Cached by the head and the record's terms: a record is weighed once for each of its themes, and
    each time every theme of the record is looked for in each sentence.
    """
    lower = first.lower()
    keys: dict[str, tuple[int, int]] = {}
    for tid, terms in reasons:
        if found := find_terms(first, terms):
            where = min(p if (p := lower.find(t)) >= 0 else len(first) for t in found)
            keys[tid] = (-len(found), where)
    return keys


def _sentences(text: str) -> list[str]:
    return text_to_sentences(" ".join(text.split()))


def _on_theme(sentences: list[str], reasons: Reasons, theme_id: str | None) -> list[str]:
    terms = dict(reasons).get(theme_id, ()) if theme_id else ()
    if not terms:
        return sentences if len(sentences) <= 2 else []
    return [x for x in sentences if theme_id in _theme_keys(head(x), reasons)]


def _focus(sentence: str, reasons: Reasons, theme_id: str | None) -> int:
    if theme_id is None:
        return 0
    keys = _theme_keys(head(sentence), reasons)
    if theme_id not in keys:
        return 0
    mine, best = keys[theme_id], min(keys.values())
    return 0 if mine == best else 1 if mine[0] == best[0] else 2


def theme_sentences(text: str, finding: Finding, theme_id: str | None) -> list[str]:
    """The sentences of text that speak to the theme: those whose head holds one of its terms that gave it.

    A short item (a line of a strengths list) whose theme came from its title or heading speaks to it
    whole. A sentence that names the theme only in an aside ('..., including ...') or only names a
    neighbouring theme is not evidence for this one.
    """
    return _on_theme(_sentences(text), reasons_of(finding), theme_id)


def focus(sentence: str, finding: Finding, theme_id: str | None) -> int:
    """How much the sentence is about the theme among the record's themes, by their terms in its head:
    0 it names this theme most (and first on a tie), 1 as much as any other, 2 less than another."""
    return _focus(sentence, reasons_of(finding), theme_id)


def leads(sentence: str, finding: Finding, theme_id: str | None) -> bool:
    return focus(sentence, finding, theme_id) == 0


def record_evidence(finding: Finding, column: str, text: str, theme_id: str | None) -> list[Evidence]:
    """A record's on-theme sentences with their stance; its kind decides where it has one.

    A sentence is evidence for the themes it names most: one that names another theme more often
    (PSEAH policies, with a word on staff training) is not evidence on the lesser one.
    """
    reasons = reasons_of(finding)
    focused = [
        (x, k)
        for x in _on_theme(_sentences(text), reasons, theme_id)
        if (k := _focus(x, reasons, theme_id)) < 2
    ]
    if not focused:
        return []
    fixed = structural_stance(finding.kind)
    if fixed and fixed != "neutral":
        quote = " ".join(x for x, _ in focused)
        lead = any(k == 0 for _, k in focused)
        return [Evidence(finding, column, fixed, quote, _STRUCTURE_WHY[finding.kind], lead)]
    out = []
    for sentence, k in focused:
        st = sentence_stance(sentence)
        stance = st.stance
        why = f"wording: {', '.join(st.cues)}" if st.cues else ""
        out.append(Evidence(finding, column, stance, sentence, why, k == 0))
    return out


EvidenceOf = Callable[[Finding, str, str, str | None], list[Evidence]]
"""record_evidence() or what gives the same: (finding, column, text quoted there, theme) -> evidence."""


def prominence(theme_id: str | None) -> Callable[[Finding], tuple[int, int]]:
    """Sort key: findings whose first theme this is, then those with more of its words."""

    def key(f: Finding) -> tuple[int, int]:
        if theme_id is None:
            return (0, 0)
        return (0 if f.themes[:1] == [theme_id] else 1, -len(f.theme_reasons.get(theme_id, [])))

    return key


def theme_evidence(
    columns: dict[str, list[Finding]],
    quotes: dict[str, dict[str, str]],
    theme_id: str | None = None,
    evidence: EvidenceOf | None = None,
) -> list[Evidence]:
    judge = evidence or record_evidence
    out: list[Evidence] = []
    for column, findings in columns.items():
        for f in sorted(findings, key=prominence(theme_id)):
            ev = judge(f, column, quotes.get(column, {}).get(f.id, f.text), theme_id)
            if (
                column.endswith("-response")
                and f.kind == "response"
                and f.title
                and f.themes[:1] == [theme_id]
            ):
                out.extend(_answered_concern(f, column.removesuffix("-response"), ev, out))
            out.extend(ev)
    return out


def _answered_concern(f: Finding, cycle: str, own: list[Evidence], found: list[Evidence]) -> list[Evidence]:
    """A topic of a management response ('Gender. IOM has ...') answers a concern the assessment raised
    on that topic, unless what the response quotes of the assessment there is praise."""
    cited = [e for e in found if e.finding.id == f.id and e.column == f"{cycle}-assessment"]
    if any(e.stance in ("concern", "strength") for e in cited) or not own:
        return []
    sentences = [e.sentence for e in own] + text_to_sentences(f.text)
    quote = next((x for x in sentences if len(x.split()) >= TOPIC_MIN_WORDS), own[0].sentence)
    return [
        Evidence(f, f"{cycle}-assessment", "concern", quote, "the response on this topic answers a concern")
    ]


@dataclass
class Sides:
    """What the earlier cycle's assessment (…19) and the latest one (…23) say of a theme."""

    concern19: list[Evidence]
    strength19: list[Evidence]
    concern23: list[Evidence]
    strength23: list[Evidence]
    progress23: list[Evidence]
    before: str = "the earlier cycle"
    now: str = "the latest cycle"


def _sides(evidence: list[Evidence], before: str | None, now: str | None) -> Sides:
    def pick(cycle: str | None, stance: str) -> list[Evidence]:
        # Sentences mainly about the theme come first: they are the ones quoted to decide it.
        side = [e for e in evidence if cycle and e.column == f"{cycle}-assessment" and e.stance == stance]
        return sorted(side, key=lambda e: not e.leading)

    return Sides(
        pick(before, "concern"),
        pick(before, "strength"),
        pick(now, "concern"),
        pick(now, "strength"),
        pick(now, "progress"),
        before or "an earlier cycle",
        now or "the latest cycle",
    )


def leaning(concerns: list[Evidence], strengths: list[Evidence]) -> str | None:
    """What a cycle says of a theme on balance: 'concern', 'strength', 'mixed', or None for nothing."""
    if not concerns and not strengths:
        return None
    if len(concerns) == len(strengths):
        return "mixed"
    return "concern" if len(concerns) > len(strengths) else "strength"


def status_rule(s: Sides) -> tuple[str, str, list[Evidence]]:
    """(status, the reason in words, the two or three quotes that decide it); see rule_text()."""
    c19, s19, c23, s23, p23 = s.concern19, s.strength19, s.concern23, s.strength23, s.progress23
    b, n = s.before, s.now
    then, now = leaning(c19, s19), leaning(c23, s23)
    if p23:
        remains = "; work remains: it also raises a concern" if c23 else ""
        return (
            "improved",
            f"Improved: the {n} assessment reports progress on this theme{remains}.",
            [*c19[:1], *p23[:1], *c23[:1]],
        )
    if then in ("concern", "mixed") and now == "strength":
        return "resolved", f"Resolved: a {b} concern, and {n} finds the theme strong.", [c19[0], s23[0]]
    if then in ("concern", "mixed") and now in ("concern", "mixed"):
        return (
            "persisting",
            f"Persisting: raised in {b} and again by the {n} assessment, with no progress reported.",
            [c19[0], c23[0]],
        )
    if then == "strength" and now == "strength":
        return "sustained", "Strength sustained: both assessments find this theme strong.", [s19[0], s23[0]]
    if now in ("concern", "mixed"):
        before = f" ({b} found it strong)" if then == "strength" else ""
        return "new", f"New in {n}: a concern the {b} sources did not raise{before}.", [*s19[:1], c23[0]]
    if then in ("concern", "mixed"):
        return (
            "unknown",
            f"Not enough evidence: a {b} concern no {n} assessment sentence speaks to.",
            c19[:1],
        )
    if now == "strength" or then == "strength":
        side = f"{n} finds it strong; the {b} sources" if now else f"{b} found it strong; the {n} assessment"
        return "unknown", f"Not enough evidence: {side} say nothing of it.", [*s19[:1], *s23[:1]]
    return "unknown", "Not enough evidence: neither assessment speaks to this theme in the sources.", []


def compared_cycles(columns: dict[str, list[Finding]]) -> tuple[str | None, str | None]:
    """The earlier and the latest cycle of the columns (in reading order), by their assessment columns."""
    cycles = [c.removesuffix("-assessment") for c in columns if c.endswith("-assessment")]
    return (cycles[-2] if len(cycles) >= 2 else None), (cycles[-1] if cycles else None)


def theme_status(
    columns: dict[str, list[Finding]],
    quotes: dict[str, dict[str, str]],
    curated: tuple[str, str] | None = None,
    theme_id: str | None = None,
    judge: EvidenceOf | None = None,
) -> tuple[str | None, str, dict[str, list[str]], str, list[Evidence]]:
    """(status, reason, finding ids by side, computed status, deciding quotes).

    The computed status is what the rule gives without an editor; it differs from the status where an
    editor set one. judge: record_evidence() or what gives the same (a memo of it).
    """
    evidence = theme_evidence(columns, quotes, theme_id, judge)
    before, now = compared_cycles(columns)
    sides = _sides(evidence, before, now)
    computed, reason, deciding = status_rule(sides)
    ids = {
        f"{sides.before}-concern": _ids(sides.concern19),
        f"{sides.before}-strength": _ids(sides.strength19),
        f"{sides.now}-concern": _ids(sides.concern23),
        f"{sides.now}-strength": _ids(sides.strength23),
        f"{sides.now}-progress": _ids(sides.progress23),
    }
    if curated is not None:
        cstatus, place = curated
        return cstatus, f"Editorial judgement ({place}). Computed: {reason}", ids, computed, deciding
    return computed, reason, ids, computed, deciding


def _ids(evidence: list[Evidence]) -> list[str]:
    seen: list[str] = []
    for e in evidence:
        if e.finding.id not in seen:
            seen.append(e.finding.id)
    return seen
