"""The 2019/2023 comparison: for each theme, four columns of findings and a status a reader can check.

Columns (link.COLUMNS):
  2019-assessment  what the 2017-18 assessment found, as IOM's 2019 management response reports it: the
                   response's sentences that cite the report ("As highlighted in the report, ...")
  2019-response    what IOM committed to in that response (its other sentences)
  2023-assessment  findings of MOPAN's 2023 reports
  2023-iom         IOM's own reporting for the 2023 cycle

The status rule, first match wins (the reason names the findings and the words that decided):
  0. a status set in sources/curation.yml;
  1. persisting  a 2019 concern, and the 2023 assessment still raises one (even if it also notes progress:
                 the concern stands, and the reason says so);
  2. resolved    a 2019 concern, no 2023 concern, and the 2023 assessment lists the theme among IOM's
                 strengths (a finding of kind "strength");
  3. improved    a 2019 concern, no 2023 concern, and 2023 words of strength or progress ("strengthened",
                 "improved", "effective");
  4. new         no 2019 concern, and a 2023 concern;
  otherwise no status, and the reason says what is missing.
A 2019 statement counts as a concern unless it only praises: IOM's response says it addresses "the key
concerns set out in the MOPAN report". A 2023 finding is a concern when it is an area for improvement, a
recommendation or a reform still to roll out, or when it uses words of concern ("however", "lacks",
"does not yet"). Only the assessments decide; IOM's own reporting is shown beside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from reportsite.link.themes import find_terms
from reportsite.records import Finding, Report

CONCERN_KINDS = {"improvement": "an area for improvement", "recommendation": "a recommendation"}
CONCERN_WORDS = (
    "however", "lack*", "limited", "not yet", "does not", "do not", "did not", "is not", "are not",
    "neither", "unable", "insufficient", "under-resourc*", "weak*", "gap", "shortcoming*", "constrain*",
    "challenge", "need to", "needs to", "need for", "could do more", "hamper*", "difficult*", "concern",
    "reliance", "dilemma", "loosely", "fragile", "early stage", "some way to go", "remains the",
)  # fmt: skip
STRENGTH_WORDS = (
    "strength*", "strong", "effective", "effectively", "robust", "well integrated", "highly valued",
    "comparative advantage*", "success*", "agile", "agility", "excellent", "track record",
    "meet un", "meets un", "important role", "key role", "lead role",
)  # fmt: skip
PROGRESS_WORDS = (
    "improved", "strengthened", "stronger", "boosted", "greater coherence", "more coherent",
    "more effective", "significantly increased", "progress",
)  # fmt: skip
# How the 2019 response introduces what the assessment found.
_CITES_REPORT = re.compile(
    r"\b(MOPAN (report|assessment|evaluation|findings?)|the report|as (highlighted|noted|emphasi[sz]ed) in)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


@dataclass(frozen=True)
class Signal:
    finding: Finding
    why: str
    """'an area for improvement', or the words that decided: 'words of concern: does not yet'."""
    text: str = ""
    """The sentences the words were found in."""


@dataclass
class Signals:
    concern: list[Signal]
    strength: list[Signal]
    progress: list[Signal]


def split_response(text: str) -> tuple[str, str]:
    """A 2019 response paragraph as (sentences citing the assessment, IOM's own sentences)."""
    cited: list[str] = []
    own: list[str] = []
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        (cited if _CITES_REPORT.search(sentence) else own).append(sentence)
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


def on_theme(part: str, finding: Finding, theme_id: str | None) -> str:
    """The sentences of part that speak to the theme: those holding a term that gave it.

    Words of concern count only near the theme's own words, so a long paragraph on many things does not
    lend its "however" to every theme it touches. A theme found in the title or heading, or set by a
    curator, has no sentence of its own: then the whole part counts.
    """
    terms = finding.theme_reasons.get(theme_id, []) if theme_id else []
    folded = " ".join(part.split())
    if theme_id and terms and theme_id not in finding.themes[:2] and len(terms) < 3:
        # A theme the paragraph only touches on: its words of concern are about something else.
        return ""
    hits = [x for x in _SENTENCE_END.split(folded) if terms and find_terms(x, terms)]
    if hits:
        return " ".join(hits)
    return "" if terms and find_terms(finding.text, terms) else folded


def prominence(theme_id: str | None) -> Callable[[Finding], tuple[int, int]]:
    """Sort key: findings whose first theme this is, then those with more of its words."""

    def key(f: Finding) -> tuple[int, int]:
        if theme_id is None:
            return (0, 0)
        return (0 if f.themes[:1] == [theme_id] else 1, -len(f.theme_reasons.get(theme_id, [])))

    return key


def signals_2023(findings: list[Finding], theme_id: str | None = None) -> Signals:
    s = Signals([], [], [])
    for f in sorted(findings, key=prominence(theme_id)):
        text = on_theme(f.text, f, theme_id)
        if f.kind == "strength":
            s.strength.append(Signal(f, "listed among IOM's strengths", f.text))
        elif f.kind in CONCERN_KINDS:
            s.concern.append(Signal(f, CONCERN_KINDS[f.kind], f.text))
        elif f.kind == "reform":
            s.concern.append(Signal(f, "a reform still to roll out", f.text))
        elif text:
            if words := find_terms(text, CONCERN_WORDS):
                s.concern.append(Signal(f, f"words of concern: {', '.join(words[:3])}", text))
            # A passage that voices a concern is not also evidence of strength ("strengthening X
            # remains a challenge"): one quote backs one side.
            elif words := find_terms(text, STRENGTH_WORDS):
                s.strength.append(Signal(f, f"words of strength: {', '.join(words[:3])}", text))
        if f.kind != "improvement" and text and (words := find_terms(text, PROGRESS_WORDS)):
            s.progress.append(Signal(f, f"words of progress: {', '.join(words[:3])}", text))
    return s


def concerns_2019(
    columns: dict[str, list[Finding]], quotes: dict[str, dict[str, str]], theme_id: str | None = None
) -> list[Signal]:
    out: list[Signal] = []
    for col in ("2019-assessment", "2019-response"):
        for f in sorted(columns[col], key=prominence(theme_id)):
            text = on_theme(quotes[col].get(f.id, f.text), f, theme_id)
            if not text or any(s.finding.id == f.id for s in out):
                continue
            concern = find_terms(text, CONCERN_WORDS)
            if find_terms(text, STRENGTH_WORDS) and not concern:
                continue
            where = (
                "the assessment as IOM's response quotes it" if col == "2019-assessment" else "IOM's response"
            )
            why = (
                f"words of concern: {', '.join(concern[:3])}"
                if concern
                else "a concern IOM's response addresses"
            )
            out.append(Signal(f, f"{why} ({where})", text))
    return out


def _ref(signal: Signal) -> str:
    words = (signal.text or signal.finding.text).split()
    label = signal.finding.title or " ".join(words[:10]) + ("…" if len(words) > 10 else "")
    return f"“{label}” ({signal.why})"


def theme_status(
    columns: dict[str, list[Finding]],
    quotes: dict[str, dict[str, str]],
    curated: tuple[str, str] | None = None,
    theme_id: str | None = None,
) -> tuple[str | None, str, dict[str, list[str]]]:
    """(status, the reason in words, the finding ids behind it keyed 2019-concern/2023-concern/...)."""
    c19 = concerns_2019(columns, quotes, theme_id)
    s23 = signals_2023(columns["2023-assessment"], theme_id)
    evidence = {
        "2019-concern": [s.finding.id for s in c19],
        "2023-concern": [s.finding.id for s in s23.concern],
        "2023-strength": [s.finding.id for s in s23.strength],
        "2023-progress": [s.finding.id for s in s23.progress],
    }
    listed_strengths = [s for s in s23.strength if s.finding.kind == "strength"]
    status, reason = _rule(c19, s23, listed_strengths)
    if curated is not None:
        cstatus, place = curated
        return cstatus, f"Set by a curator ({place}). Without it: {reason}", evidence
    return status, reason, evidence


def _rule(c19: list[Signal], s23: Signals, listed: list[Signal]) -> tuple[str | None, str]:
    then = f"2019: {_ref(c19[0])}" if c19 else ""
    if c19 and s23.concern:
        reason = f"Persisting: {then}; 2023: {_ref(s23.concern[0])}"
        good = s23.progress or s23.strength
        if good:
            reason += f". The 2023 assessment also notes progress ({_ref(good[0])}), but the concern stands"
        return "persisting", reason + "."
    if c19 and listed:
        return (
            "resolved",
            f"Resolved: {then}; 2023 raises no concern and lists it as a strength: {_ref(listed[0])}.",
        )
    if c19 and (s23.progress or s23.strength):
        first = (s23.progress or s23.strength)[0]
        return "improved", f"Improved: {then}; 2023 raises no concern and reports progress: {_ref(first)}."
    if s23.concern and not c19:
        return "new", f"New: no 2019 concern on this theme; 2023: {_ref(s23.concern[0])}."
    if c19:
        return None, f"No status: {then}, but no 2023 assessment finding here speaks to it."
    if s23.strength or s23.progress:
        return None, "No status: the 2023 assessment notes strengths here, and there was no 2019 concern."
    return None, "No status: neither assessment, as quoted here, raises a concern on this theme."
