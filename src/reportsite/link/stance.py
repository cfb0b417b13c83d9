"""A sentence -> its stance toward what it speaks of: strength, concern, progress, commitment or neutral.

The stance is read from general cues of English evaluative prose, clause by clause, never from phrases
of particular reports:

- evaluative words: positive ("strong", "effective", "robust") and negative ("weak", "lacks", "gap");
- change: upward ("improved", "strengthened", "increased", "introduced") is progress, downward
  ("declined", "weakened") a concern;
- negation within a few words before a cue flips it ("not effective" is a concern, "no gaps" a strength);
- continuation: "still", "remains", "continues to" with a negative cue keep a concern alive, and work
  not done ("not yet", "yet to", "pending") is a concern on its own;
- need: "needs to", "should", "must", "requires" state a concern (something not yet done);
- contrast: in "A, however B", "A but B", "although A, B" and "despite A, B" the main clause (B) decides;
- commitment: "will", "plans to", "intends to", "committed to" state what the speaker promises.

Where a record sits decides first (``structural_stance``): an item listed under strengths is a strength,
an area for improvement or a recommendation a concern, a management response a commitment.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from reportsite.textcache import text_cache

STANCES = ("strength", "concern", "progress", "commitment", "neutral")

_POSITIVE = (
    r"strong|strength|strengths|strengthen|effective|effectively|efficient|robust|sound|solid|good"
    r"|(?<!as\s)well(?!\s+as\b)"
    r"|valued|valuable|success|successful|successfully|agile|agility|responsive|flexible|flexibility"
    r"|credible|clear|clearly|comprehensive|coherent|adequate|appropriate|excellent|impressive|capable"
    r"|commend\w*|praise\w*|recogni[sz]ed|advantage|advantages|leader|leading|reliable|timely|able"
    r"|high-quality|positive|positively|relevant|aligned|transparent|accountable|sustainable|innovative"
    r"|meets?|sufficient|sufficiently"
)
_NEGATIVE = (
    r"weak|weakness|weaknesses|lack|lacks|lacking|limited|insufficient|inadequate|gap|gaps|shortcoming"
    r"|shortcomings|challenge|challenges|challenging|problem|problems|problematic|difficult|difficulty"
    r"|difficulties|poor|poorly|fragmented|inconsistent|unclear|absent|absence|slow|delay|delays|delayed"
    r"|constrain\w*|hamper\w*|hinder\w*|undermin\w*|risk|risks|concern|concerns|fragile|var(?:y|ies|ied)"
    r"|unpredictable|uneven|ad hoc|reliance|dependent|dependence|rigid|complex|burden|lagging|deficit"
    r"|deficient|unable|failure|failed|fails|lapse|lapses|overstretched|under-resourced|underfunded"
    r"|backlogs?|bottlenecks?|duplication|overlap|overlaps"
    r"|(?:had|has|have)\s+(?:no|neither|not\s+yet)"
)
# Completed change only: 'has improved', 'was strengthened'; 'improving X' is an aim, not a change.
_UP = (
    r"improved|improvements?|strengthened|enhanced|increased|rose|risen|advanced|progress|progressed"
    r"|introduced|established|adopted|launched|developed|created|reformed|upgraded|better|stronger"
    r"|became\s+more|is\s+now\s+more|boosted|achieved|addressed|resolved|overcome|matured"
    r"|(?:has|have|had)\s+put\s+in\s+place"
)
_DOWN = r"declin\w*|decreas\w*|weakened|deteriorat\w*|fell|fallen|dropped|reduced|worsen\w*|eroded|eroding"
_STILL = r"still|remains?|remained|continues?\s+to|persist\w*"
# Work not done yet is a concern on its own.
_INCOMPLETE = r"not\s+yet|yet\s+to|outstanding|unfinished|incomplete|pending"
_NEED = (
    r"needs?\s+to|should|must|requires?|required|necessary|ought\s+to|calls?\s+for"
    r"|could\s+(?:have\s+been|do|be)\s+(?:more|better)|would\s+benefit"
)
_COMMIT = (
    r"will|shall|plans?\s+to|intends?\s+to|commit(?:s|ted)?\s+to|aims?\s+to|is\s+developing|are\s+developing"
)
_NEGATION = r"not|no|never|without|neither|nor|hardly|n't|cannot"
# A fault named as the object of a remedy ('worked to address the shortcomings') is being mended.
_REMEDY = r"address\w*|tackl\w*|resolv\w*|overc[oa]m\w*|remed\w*|fix\w*|mitigat\w*|redress\w*|closed?|closing"

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def _cue(pattern: str) -> re.Pattern[str]:
    # Every cue begins with a letter; saying so first lets the engine pass over other places at once.
    return re.compile(rf"(?=[a-z])\b(?:{pattern})\b", re.I)


POSITIVE, NEGATIVE, UP, DOWN = _cue(_POSITIVE), _cue(_NEGATIVE), _cue(_UP), _cue(_DOWN)
STILL, NEED, COMMIT, NEGATION = _cue(_STILL), _cue(_NEED), _cue(_COMMIT), _cue(_NEGATION)
REMEDY, INCOMPLETE = _cue(_REMEDY), _cue(_INCOMPLETE)
# The clause after these carries the point of the sentence.
_CONTRAST_AFTER = re.compile(
    r"[,;:]?\s*\b(?:however|but|nevertheless|nonetheless)\b,?\s*|[,;]\s*(?:yet|still)\b,?\s*", re.I
)
# The clause these open is conceded; the main clause after its comma carries the point.
_CONCESSIVE = re.compile(r"^\s*(?:although|though|even though|despite|while|whilst|whereas)\b", re.I)
_QUANTITY_VERB = re.compile(r"rose|risen|increased|grew|grown", re.I)
_NUMBER = re.compile(r"\d")
NEGATION_REACH = 3
REMEDY_REACH = 6
"""A remedy done to a fault stands within this many words after it ('gaps in X have been closed')."""
"""A negation turns a cue within this many words after it."""


@dataclass(frozen=True)
class Stance:
    stance: str
    cues: tuple[str, ...]
    """The words that decided, as written ('not effective', 'strengthened')."""


def main_clause(sentence: str) -> str:
    """The clause that carries the sentence's point, after a contrast or a concession."""
    parts = _CONTRAST_AFTER.split(sentence)
    if len(parts) > 1 and parts[-1].strip():
        return parts[-1]
    if _CONCESSIVE.match(sentence) and "," in sentence:
        return sentence.split(",", 1)[1]
    return sentence


def _hits(pattern: re.Pattern[str], text: str) -> list[tuple[str, bool]]:
    """Each cue found, with whether a negation stands within reach before it."""
    out = []
    for m in pattern.finditer(text):
        before = _words_before(text, m.start())
        negation = next((w for w in reversed(before) if NEGATION.fullmatch(w)), None)
        out.append(((f"{negation} … " if negation else "") + m.group(0), negation is not None))
    return out


def _words_before(text: str, at: int) -> list[str]:
    """The last NEGATION_REACH words of text[:at], as that slice would give them: the words of the
    whole text found once, the last one cut at `at` where it runs past it."""
    starts, ends = _word_spans(text)
    k = bisect.bisect_left(starts, at)
    first = max(k - NEGATION_REACH, 0)
    return [text[starts[i] : min(ends[i], at)] for i in range(first, k)]


@lru_cache(maxsize=1024)
def _word_spans(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    # One clause is searched for every kind of cue; its words are found once.
    spans = [m.span() for m in _WORD.finditer(text)]
    return tuple(a for a, _ in spans), tuple(b for _, b in spans)


def _after_remedy(clause: str, cue: str) -> bool:
    """A fault mended: a remedy done just before it ('has addressed the gaps', 'worked to address the
    gaps') or just after it ('gaps were closed'); 'how to address the gaps' is still a question."""
    at = max(clause.find(cue), 0)
    before = _WORD.findall(clause[:at])
    after = _WORD.findall(clause[at + len(cue) :])[:REMEDY_REACH]
    if any(REMEDY.fullmatch(w) and w.lower().endswith("ed") for w in after):
        return True
    near = before[-(NEGATION_REACH + 1) :]
    k = next((i for i in range(len(near) - 1, -1, -1) if REMEDY.fullmatch(near[i])), None)
    if k is None:
        return False
    if near[k].lower().endswith(("ed", "come")):
        return True
    lead = [w.lower() for w in before[: len(before) - len(near) + k]][-3:]
    return "how" not in lead and any(w in ("has", "have", "had") or w.endswith("ed") for w in lead)


@text_cache(65536)
def sentence_stance(sentence: str) -> Stance:
    """The stance of one sentence, from its main clause."""
    clause = main_clause(sentence)
    pos = _hits(POSITIVE, clause)
    neg = _hits(NEGATIVE, clause)
    up = _hits(UP, clause)
    down = _hits(DOWN, clause)
    still = [c for c, _ in _hits(STILL, clause)]
    need = [c for c, negated in _hits(NEED, clause) if not negated] + INCOMPLETE.findall(clause)
    commit = [c for c, negated in _hits(COMMIT, clause) if not negated]
    mended = [c for c, n in neg if not n and _after_remedy(clause, c)]
    good = [c for c, n in pos if not n] + [c for c, n in neg if n]
    bad = (
        [c for c, n in neg if not n and c not in mended] + [c for c, n in pos if n] + [c for c, n in up if n]
    )
    rising = [c for c, n in up if not n] + [f"addressing {c}" for c in mended]
    falling = [c for c, n in down if not n]
    if rising and all(_QUANTITY_VERB.fullmatch(c) for c in rising) and _NUMBER.search(clause):
        # 'The budget rose from 2.1 to 2.99 billion': an amount that changed is a fact, not a judgement.
        rising = []
    if need or (still and bad):
        return Stance("concern", tuple(need + still + bad)[:4])
    if falling and not rising:
        return Stance("concern", tuple(falling + bad)[:4])
    if rising and len(bad) <= len(good) + len(rising):
        return Stance("progress", tuple(rising + good)[:4])
    if commit and not bad:
        return Stance("commitment", tuple(commit)[:4])
    if len(bad) > len(good):
        return Stance("concern", tuple(bad)[:4])
    if good:
        return Stance("strength", tuple(good)[:4])
    if commit:
        return Stance("commitment", tuple(commit)[:4])
    return Stance("neutral", ())


# Where a record sits says what it is before its words do.
_KIND_STANCE = {
    "strength": "strength",
    "improvement": "concern",
    "recommendation": "concern",
    "reform": "commitment",
    "good-practice": "strength",
    "lesson": "neutral",
}


def structural_stance(kind: str) -> str | None:
    """The stance a record's kind implies, or None where its sentences must decide."""
    return _KIND_STANCE.get(kind)


def record_stance(kind: str, text: str, sentences: list[str]) -> Stance:
    """A record's stance: its kind's where that decides, else the stance most of its sentences take
    (a management response is IOM's commitment unless its sentences say otherwise)."""
    fixed = structural_stance(kind)
    if fixed:
        return Stance(fixed, (f"kind: {kind}",))
    votes: dict[str, list[str]] = {}
    for sentence in sentences:
        st = sentence_stance(sentence)
        if st.stance != "neutral":
            votes.setdefault(st.stance, []).extend(st.cues)
    if not votes:
        return Stance("commitment" if kind == "response" else "neutral", ())
    best = max(votes, key=lambda k: (len(votes[k]), k == "concern"))
    return Stance(best, tuple(votes[best][:4]))
