"""Blocks to numbers: money, percentages and counts stated in the text.

Each number keeps the sentence that states it (verbatim), the year that sentence ties it to, and a
short subject taken from the words around it (see `subjects.py`). What is deliberately not a number:
years, dates, footnote marks, list numbering, phone numbers, page and version references ('MOPAN 3.1'):
a count needs a countable noun after it ('32 000 people', '175 member states'), money a currency and
a percentage a per-cent sign, which none of those have. A fact stated twice in a report is kept once,
where it is first stated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportsite.extract.ids import IdAllocator, slug
from reportsite.extract.measures import Measure, measure_of
from reportsite.extract.provenance import source_of
from reportsite.extract.quantities import AMOUNT, CURRENCIES, amount_to_number
from reportsite.extract.sentences import text_to_sentences
from reportsite.extract.subjects import collect_forward, count_noun_phrase, subject_of
from reportsite.read.blocks import Block
from reportsite.records import Number, Report

_NUM = rf"(?<![\w/.,\-+])(?P<amount>{AMOUNT})(?![\w/\-]|[.,]\d)"
_SCALE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn)\b)?"
_CURRENCY = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
MONEY = (
    re.compile(rf"(?P<currency>{_CURRENCY})\s?{_NUM}{_SCALE}"),
    re.compile(rf"{_NUM}{_SCALE}\s(?P<currency>USD|US dollars)\b"),
)
# '97 out of 100': a score on a scale, its unit the scale.
SCORE = re.compile(rf"{_NUM}\s+out\s+of\s+(?P<scale_max>\d+)\b")
PERCENT = re.compile(rf"{_NUM}\s?(?:%|per\s?cent\b|percent\b)", re.I)
COUNT = re.compile(rf"{_NUM}{_SCALE}\s+(?=[A-Za-z])")
# 'Clinics from 12 in 2019 to 48 in 2023': a count reached from another, its noun before 'from'.
FROM_TO_COUNT = re.compile(
    rf"(?P<noun>[A-Za-z][\w’'-]*)(?:\s+[a-z]+)?\s+from\s+\d[\d,. ]*(?:\s+in\s+(?:19|20)\d\d)?\s+to\s+{_NUM}(?!\s*(?:%|per\s?cent))"
)
# Words that make a count a change ('36 new clinics') rather than part of what is counted.
_CHANGE_WORDS = frozenset({"new", "additional", "extra", "more", "fewer"})
YEAR = r"(?:19|20)\d\d"
# A year the number is 'in': not one end of a range ('2024–2028') nor a citation ('(IOM, 2022)').
_YEAR_AFTER = re.compile(
    rf"^[^.,;:()]{{0,40}}?\b(?:in|for|during|by|from|since|as of|at the end of)\s+(?P<year>{YEAR})\b(?![-–/]\d)"
)
_YEAR_PHRASE = (
    rf"(?:[Ii]n|[Ff]or|[Dd]uring|[Bb]y|[Ss]ince|[Aa]s of|[Aa]t the end of)\s+(?P<year>{YEAR})\b(?![-–/]\d)"
)
_YEAR_BEFORE = re.compile(rf"(?<!ed )\b{_YEAR_PHRASE}")
_ASIDE = re.compile(r"\([^()]*\)")
_DIGIT = re.compile(r"\d")
SCALES = {"bn": "billion"}


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: float
    unit: str
    scale: str | None
    subject: str
    measure: Measure = field(default_factory=Measure)


def blocks_to_numbers(
    blocks: list[Block], sections: list[str], report: Report, ids: IdAllocator
) -> list[Number]:
    numbers: list[Number] = []
    seen: set[tuple] = set()
    for block in blocks:
        if block.kind not in ("paragraph", "list_item"):
            continue
        for sentence in text_to_sentences(block.text):
            for found in sentence_to_found(sentence):
                year = year_of(sentence, found.start, found.end)
                if found.measure.period and year is not None and str(year) in found.measure.period:
                    year = None  # 'over three years from 2020': the year starts the period, it is not the figure's
                key = (found.value, found.unit, found.scale, year, found.subject.casefold())
                if key in seen:
                    continue
                seen.add(key)
                numbers.append(
                    Number(
                        id=ids.take(_stem(found)),
                        value=found.value,
                        unit=found.unit,
                        scale=found.scale,
                        year=year,
                        subject=found.subject,
                        text=sentence,
                        source=source_of(block),
                        measure=found.measure.measure,
                        low=found.measure.low,
                        start=found.measure.start,
                        start_year=found.measure.start_year,
                        period=found.measure.period,
                    )
                )
    return numbers


def sentence_to_found(sentence: str) -> list[Found]:
    """Money first, then percentages, then counts; a stretch of text gives at most one number."""
    if not _DIGIT.search(sentence):
        # Every pattern below needs a digit; most sentences have none, and each pattern costs a scan.
        return []
    taken: list[tuple[int, int]] = []
    out: list[Found] = []

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in taken)

    for m in (m for pattern in MONEY for m in pattern.finditer(sentence)):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            out.append(_found(sentence, m, CURRENCIES.get(m["currency"].upper(), "USD")))
    for m in SCORE.finditer(sentence):
        # '67 out of 74 work items' counts items; only a bare scale ('97 out of 100') is a score.
        if free(m.start(), m.end()) and count_noun_phrase(sentence[m.end() :].lstrip()) is None:
            taken.append((m.start(), m.end()))
            found = _found(sentence, m, f"out of {m['scale_max']}")
            # '81 out of 100 on the scale': the score is on what follows.
            on = re.match(r"\s+(?:on|in)\s+", sentence[m.end() :])
            if on and (what := collect_forward(sentence[m.end() + on.end() :])):
                found = Found(found.start, found.end, found.value, found.unit, None, what, found.measure)
            out.append(found)
    for m in PERCENT.finditer(sentence):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            out.append(_found(sentence, m, "%"))
    for m in COUNT.finditer(sentence):
        if not free(m.start(), m.end()) or _not_a_count(sentence, m):
            continue
        phrase = count_noun_phrase(sentence[m.end() :])
        if phrase is None:
            continue
        unit, subject, length = phrase
        taken.append((m.start(), m.end() + length))
        measure = measure_of(sentence, m.start(), m.end())
        if measure.measure == "change":
            words = subject.split()
            subject = " ".join(w for w in words if w.casefold() not in _CHANGE_WORDS) or subject
        out.append(Found(m.start(), m.end() + length, _value(m), unit, _scale(m), subject, measure))
    for m in FROM_TO_COUNT.finditer(sentence):
        if not free(m.start("amount"), m.end("amount")):
            continue
        noun = count_noun_phrase(m["noun"])
        if noun is None:
            continue
        taken.append((m.start("amount"), m.end("amount")))
        measure = measure_of(sentence, m.start("amount"), m.end("amount"))
        subject = _noun_phrase_before(sentence[: m.end("noun")]) or noun[1]
        out.append(Found(m.start("amount"), m.end("amount"), _value(m), noun[0], None, subject, measure))
    return _shared_subjects(sentence, sorted(out, key=lambda f: f.start))


def _noun_phrase_before(text: str) -> str | None:
    """'Increase in dedicated PSEA Officers' -> 'dedicated PSEA Officers': the words after the last
    preposition, up to four."""
    words = re.split(r"\s+\b(?:in|of|on|for|to|at)\s+", text.strip())[-1].split()
    return " ".join(words[-4:]) or None


# ', an increase of', ', up': a change set beside the figure before it, in apposition.
_APPOSED_CHANGE = re.compile(
    r"^\s*[,(–—]\s*(?:an?\s+)?(?:[a-z]+\s+){0,2}(?:of|by)?\s*(?:[A-Z]{3}|US\$|[$€£])?\s*$"
)


def _shared_subjects(sentence: str, found: list[Found]) -> list[Found]:
    """'Spending reached EUR 4.2 million, an increase of EUR 310 000': a change with no subject
    of its own, or set beside the figure before it, measures what that figure does."""
    out: list[Found] = []
    for f in found:
        apposed = bool(out) and bool(_APPOSED_CHANGE.match(sentence[out[-1].end : f.start]))
        if (
            (f.subject == "amount" or apposed)
            and out
            and out[-1].unit == f.unit
            and f.measure.measure == "change"
        ):
            f = Found(f.start, f.end, f.value, f.unit, f.scale, out[-1].subject, f.measure)
        out.append(f)
    return out


def _found(sentence: str, m: re.Match[str], unit: str) -> Found:
    subject = subject_of(sentence, m.start(), m.end())
    return Found(
        m.start(), m.end(), _value(m), unit, _scale(m), subject, measure_of(sentence, m.start(), m.end())
    )


def _value(m: re.Match[str]) -> float:
    return float(amount_to_number(m["amount"]))


def _scale(m: re.Match[str]) -> str | None:
    scale = m.groupdict().get("scale")
    return SCALES.get(scale.lower(), scale.lower()) if scale else None


def _not_a_count(sentence: str, m: re.Match[str]) -> bool:
    amount = m["amount"]
    if "." in amount and not m["scale"]:
        # Things are counted in whole numbers: '3.1 performance areas' is a version, not a count.
        return True
    if re.fullmatch(YEAR, amount) and not m["scale"]:
        return True
    before = sentence[: m.start()].rstrip()
    prev = before.rsplit(None, 1)[-1] if before else ""
    # 'MOPAN 3.1', 'Camp 11', 'page 4', 'Objective 2': a name or reference, not a quantity.
    if re.fullmatch(r"[A-Z]{2,}[\w-]*|[Pp]ages?|pp?\.|[Pp]aras?\.?|[Ss]ection|[Aa]nnex|No\.|#", prev):
        return True
    mid_sentence = len(before.split()) > 1
    return mid_sentence and prev[:1].isupper()


def year_of(sentence: str, start: int, end: int) -> int | None:
    """The year the sentence ties the number to: 'in 2019' right after it, else the nearest 'in 2023'
    before it. Citations, ranges and the date of an event ('established in 1951') are not years of
    the number."""
    # A bracketed aside ('(up from 12.5 in 2016)', '(IOM, 2022)') dates only what stands inside it.
    plain = _ASIDE.sub(
        lambda c: c.group(0) if c.start() <= start < c.end() else " " * len(c.group(0)), sentence
    )
    m = _YEAR_AFTER.match(plain[end:])
    if m:
        return int(m["year"])
    before = list(_YEAR_BEFORE.finditer(plain[:start]))
    if before:
        return int(before[-1]["year"])
    return None


def _stem(found: Found) -> str:
    value = (f"{found.value:.0f}" if found.value.is_integer() else str(found.value)).replace(".", "-")
    words = " ".join(found.subject.split()[:5])
    if found.unit == "%":
        return slug(f"{value} percent {words}")
    if found.unit in CURRENCIES.values():
        return slug(f"{found.unit} {value} {found.scale or ''} {words}")
    return slug(f"{value} {found.scale or ''} {found.unit}")
