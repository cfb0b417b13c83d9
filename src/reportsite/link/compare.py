"""The 2019/2023 comparison: for each theme, four columns of findings and a status a reader can check.

Columns (link.COLUMNS):
  2019-assessment  what the 2017-18 assessment found, as IOM's 2019 management response reports it: the
                   response's sentences that cite the report ("As highlighted in the report, ...")
  2019-response    what IOM committed to in that response (its other sentences)
  2023-assessment  findings of MOPAN's 2023 reports
  2023-iom         IOM's own reporting for the 2023 cycle

Evidence is sentence by sentence: a sentence counts for a theme only when it holds one of the theme's
own terms, and its stance comes from where its record sits (a strengths list, an area for improvement,
a recommendation, a response to the assessment's concerns) and from its wording (stance.py). RULE, the
status rule, is printed on the compare page; each status shows the quotes that decide it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reportsite.extract.sentences import text_to_sentences
from reportsite.link.stance import sentence_stance, structural_stance
from reportsite.link.themes import find_terms
from reportsite.records import Finding, Report

# How a response quotes what an assessment found: 'as highlighted in the report', 'the XYZ assessment'.
_CITES_REPORT = re.compile(
    r"\b(?:(?:[A-Z]{3,}|the)\s+(?:report|assessment|evaluation|findings?)"
    r"|as\s+(?:highlighted|noted|emphasi[sz]ed|stated|found|observed|pointed\s+out)\s+(?:in|by))\b"
)
_ADDITIVE = re.compile(r"^(?:furthermore|moreover|in addition|additionally|also|it also|likewise)\b", re.I)
TOPIC_MIN_WORDS = 6
RULE = (
    "A theme's status compares what the 2017-18 assessment raised (as IOM's 2019 response quotes and "
    "answers it) with what the 2023 assessment says, sentence by sentence, counting only sentences that "
    "name the theme. A sentence is a concern, a strength or progress by where it stands (a list of "
    "strengths or of areas for improvement, a recommendation, IOM's answer to a concern of the assessment) "
    "and by its wording, read clause by clause with negation and contrast ('however', 'although') taken "
    "into account; a reform still to roll out is a plan, not a finding. Each cycle leans to concern or to "
    "strength by which it states more often. Improved: the 2023 assessment reports progress on the theme "
    "(a completed change such as 'strengthened' or a fault addressed; a changed amount alone is not "
    "progress), even where work remains. Resolved: 2019 leaned to concern, 2023 leans to strength. "
    "Persisting: both lean to concern (or are mixed) and 2023 reports no progress. Strength sustained: both "
    "lean to strength. New in 2023: 2023 leans to concern where 2019 raised none. Not enough evidence: "
    "otherwise. An editor may set a status in sources/curation.yml; the page then says so, and "
    "`reportsite check` fails when the evidence computes a different one."
)


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


def columns_for(report: Report) -> tuple[str, ...]:
    """The comparison columns a report's findings go to (none for background documents)."""
    if report.cycle == "2019" and report.kind == "management-response":
        return ("2019-assessment", "2019-response")
    if report.cycle == "2023" and report.publisher.upper() == "MOPAN":
        return ("2023-assessment",)
    if report.cycle == "2023" and report.publisher.upper() == "IOM":
        return ("2023-iom",)
    return ()


def place_findings(
    findings: list[Finding], report_of: dict[str, Report]
) -> tuple[dict[str, list[Finding]], dict[str, dict[str, str]]]:
    """One theme's findings in their columns, and per column the part of each quote that belongs there."""
    columns: dict[str, list[Finding]] = {
        c: [] for c in ("2019-assessment", "2019-response", "2023-assessment", "2023-iom")
    }
    quotes: dict[str, dict[str, str]] = {c: {} for c in columns}
    for f in findings:
        cols = columns_for(report_of[f.id])
        if cols == ("2019-assessment", "2019-response"):
            cited, own = split_response(f.text)
            if cited:
                columns["2019-assessment"].append(f)
                quotes["2019-assessment"][f.id] = cited
            if own or not cited:
                columns["2019-response"].append(f)
                quotes["2019-response"][f.id] = own or f.text
        for c in cols[:1] if cols and cols[0].startswith("2023") else ():
            columns[c].append(f)
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


_STRUCTURE_WHY = {
    "strength": "listed among the strengths",
    "improvement": "listed among the areas for improvement",
    "recommendation": "a recommendation",
    "reform": "a reform still to roll out (a plan, not a finding)",
    "good-practice": "a good practice",
}


def theme_sentences(text: str, finding: Finding, theme_id: str | None) -> list[str]:
    """The sentences of text that speak to the theme: those holding one of its terms that gave it.

    A short item (a line of a strengths list) whose theme came from its title or heading speaks to it
    whole. A sentence that only names a neighbouring theme is not evidence for this one.
    """
    sentences = text_to_sentences(" ".join(text.split()))
    terms = finding.theme_reasons.get(theme_id, []) if theme_id else []
    if not terms:
        return sentences if len(sentences) <= 2 else []
    return [x for x in sentences if find_terms(x, terms)]


def record_evidence(finding: Finding, column: str, text: str, theme_id: str | None) -> list[Evidence]:
    """A record's on-theme sentences with their stance; its kind decides where it has one."""
    sentences = theme_sentences(text, finding, theme_id)
    if not sentences:
        return []
    fixed = structural_stance(finding.kind)
    if fixed and fixed != "neutral":
        return [Evidence(finding, column, fixed, " ".join(sentences), _STRUCTURE_WHY[finding.kind])]
    out = []
    for sentence in sentences:
        st = sentence_stance(sentence)
        stance = st.stance
        why = f"wording: {', '.join(st.cues)}" if st.cues else ""
        out.append(Evidence(finding, column, stance, sentence, why))
    return out


def prominence(theme_id: str | None) -> Callable[[Finding], tuple[int, int]]:
    """Sort key: findings whose first theme this is, then those with more of its words."""

    def key(f: Finding) -> tuple[int, int]:
        if theme_id is None:
            return (0, 0)
        return (0 if f.themes[:1] == [theme_id] else 1, -len(f.theme_reasons.get(theme_id, [])))

    return key


def theme_evidence(
    columns: dict[str, list[Finding]], quotes: dict[str, dict[str, str]], theme_id: str | None = None
) -> list[Evidence]:
    out: list[Evidence] = []
    for column, findings in columns.items():
        for f in sorted(findings, key=prominence(theme_id)):
            ev = record_evidence(f, column, quotes.get(column, {}).get(f.id, f.text), theme_id)
            if column == "2019-response" and f.kind == "response" and f.title and f.themes[:1] == [theme_id]:
                out.extend(_answered_concern(f, ev, out))
            out.extend(ev)
    return out


def _answered_concern(f: Finding, own: list[Evidence], found: list[Evidence]) -> list[Evidence]:
    """A topic of a management response ('Gender. IOM has ...') answers a concern the assessment raised
    on that topic, unless what the response quotes of the assessment there is praise."""
    cited = [e for e in found if e.finding.id == f.id and e.column == "2019-assessment"]
    if any(e.stance in ("concern", "strength") for e in cited) or not own:
        return []
    sentences = [e.sentence for e in own] + text_to_sentences(f.text)
    quote = next((x for x in sentences if len(x.split()) >= TOPIC_MIN_WORDS), own[0].sentence)
    return [
        Evidence(f, "2019-assessment", "concern", quote, "IOM's response on this topic answers a concern")
    ]


@dataclass
class Sides:
    concern19: list[Evidence]
    strength19: list[Evidence]
    concern23: list[Evidence]
    strength23: list[Evidence]
    progress23: list[Evidence]


def _sides(evidence: list[Evidence]) -> Sides:
    def pick(column: str, stance: str) -> list[Evidence]:
        return [e for e in evidence if e.column == column and e.stance == stance]

    return Sides(
        pick("2019-assessment", "concern"),
        pick("2019-assessment", "strength"),
        pick("2023-assessment", "concern"),
        pick("2023-assessment", "strength"),
        pick("2023-assessment", "progress"),
    )


def leaning(concerns: list[Evidence], strengths: list[Evidence]) -> str | None:
    """What a cycle says of a theme on balance: 'concern', 'strength', 'mixed', or None for nothing."""
    if not concerns and not strengths:
        return None
    if len(concerns) == len(strengths):
        return "mixed"
    return "concern" if len(concerns) > len(strengths) else "strength"


def status_rule(s: Sides) -> tuple[str, str, list[Evidence]]:
    """(status, the reason in words, the two or three quotes that decide it); see RULE."""
    c19, s19, c23, s23, p23 = s.concern19, s.strength19, s.concern23, s.strength23, s.progress23
    then, now = leaning(c19, s19), leaning(c23, s23)
    if p23:
        remains = "; work remains: it also raises a concern" if c23 else ""
        return (
            "improved",
            f"Improved: the 2023 assessment reports progress on this theme{remains}.",
            [*c19[:1], *p23[:1], *c23[:1]],
        )
    if then in ("concern", "mixed") and now == "strength":
        return "resolved", "Resolved: a 2019 concern, and 2023 finds the theme strong.", [c19[0], s23[0]]
    if then in ("concern", "mixed") and now in ("concern", "mixed"):
        return (
            "persisting",
            "Persisting: raised in 2019 and again by the 2023 assessment, with no progress reported.",
            [c19[0], c23[0]],
        )
    if then == "strength" and now == "strength":
        return "sustained", "Strength sustained: both assessments find this theme strong.", [s19[0], s23[0]]
    if now in ("concern", "mixed"):
        before = " (2019 found it strong)" if then == "strength" else ""
        return "new", f"New in 2023: a concern the 2019 sources did not raise{before}.", [*s19[:1], c23[0]]
    if then in ("concern", "mixed"):
        return (
            "unknown",
            "Not enough evidence: a 2019 concern no 2023 assessment sentence speaks to.",
            c19[:1],
        )
    if now == "strength" or then == "strength":
        side = (
            "2023 finds it strong; the 2019 sources" if now else "2019 found it strong; the 2023 assessment"
        )
        return "unknown", f"Not enough evidence: {side} say nothing of it.", [*s19[:1], *s23[:1]]
    return "unknown", "Not enough evidence: neither assessment speaks to this theme in the sources.", []


def theme_status(
    columns: dict[str, list[Finding]],
    quotes: dict[str, dict[str, str]],
    curated: tuple[str, str] | None = None,
    theme_id: str | None = None,
) -> tuple[str | None, str, dict[str, list[str]], str, list[Evidence]]:
    """(status, reason, finding ids by side, computed status, deciding quotes).

    The computed status is what the rule gives without an editor; it differs from the status where an
    editor set one.
    """
    evidence = theme_evidence(columns, quotes, theme_id)
    sides = _sides(evidence)
    computed, reason, deciding = status_rule(sides)
    ids = {
        "2019-concern": _ids(sides.concern19),
        "2019-strength": _ids(sides.strength19),
        "2023-concern": _ids(sides.concern23),
        "2023-strength": _ids(sides.strength23),
        "2023-progress": _ids(sides.progress23),
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
