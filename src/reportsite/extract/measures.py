"""What kind of quantity a number in a sentence is: an amount, a change, a range or a rate.

Read from the words around the number, by general patterns of English report prose:

- a change: 'an increase of X', 'rose by X', 'a X increase', 'X new/additional/more ...', with the
  period it runs over where the sentence says ('over three years from 2020');
- a level reached from another: 'from X (in 2021) to Y (in 2023)', 'rose to Y from X', 'Y (up from X)'
  -> Y, starting at X;
- a range: 'between X and Y', 'X to Y per cent', 'X–Y%' -> Y, with X as its low end;
- a rate: 'X per person', 'X a year', 'X annually'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reportsite.extract.quantities import AMOUNT, CURRENCIES, amount_to_number

_CUR = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_SCALE = r"(?:\s?(?:thousand|million|billion|trillion|bn)\b)?"
_PCT = r"(?:\s?(?:%|per\s?cent\b|percent\b))?"
_CHANGE_WORD = (
    r"increase[sd]?|increasing|rise|rises|rose|risen|grew|grow|grown|growth|gain(?:ed|s)?|decrease[sd]?"
    r"|decline[sd]?|fell|fall|fallen|drop(?:ped|s)?|reduc(?:e|ed|es|tion)|cut|up|down|more|less"
    r"|rais(?:e|ed|es|ing)|boost(?:ed|s)?|expand(?:ed|s)?|lower(?:ed|s)?|grow(?:s|ing)?"
)
# 'an increase of', 'increased ... by', 'rose by', 'up by': the number after is a difference.
_CHANGE_BEFORE = re.compile(
    rf"\b(?:{_CHANGE_WORD})\b(?:[^.;:,]{{0,40}}?\s)?(?:by|of)\s+(?:(?:some|about|around|nearly|almost|over)\s+)?"
    rf"(?:{_CUR})?\s?$",
    re.I,
)
_CHANGE_AFTER = re.compile(
    rf"^{_PCT}\s*(?:new|additional|extra|more|fewer|increase|decrease|rise|drop)\b", re.I
)
_PERIOD = re.compile(
    rf"^[^.;:]{{0,25}}?\b(?P<period>(?:over|in|within|during|across)\s+(?:the\s+)?(?:next\s+|past\s+|last\s+|"
    rf"following\s+)?(?:\w+\s+)?(?:years?|months?|decades?|weeks?)(?:\s+(?:from|since|starting(?:\s+in)?)\s+"
    rf"{_YEAR})?)\b",
    re.I,
)
_FROM_TO = re.compile(
    rf"\bfrom\s+(?:(?:{_CUR})\s?)?(?P<start>{AMOUNT}){_SCALE}{_PCT}(?:\s+(?:in|at\s+the\s+end\s+of)\s+"
    rf"(?P<year>{_YEAR}))?\s+to\s+(?:(?:{_CUR})\s?)?$",
    re.I,
)
_TO_FROM_BEFORE = re.compile(rf"\b(?:{_CHANGE_WORD})\s+to\s+(?:(?:{_CUR})\s?)?$", re.I)
_TO_FROM_AFTER = re.compile(
    rf"^[^.;]{{0,30}}?\bfrom\s+(?:(?:{_CUR})\s?)?(?P<start>{AMOUNT})(?:\s+in\s+(?P<year>{_YEAR}))?", re.I
)
_LOW = rf"(?:(?:{_CUR})\s?)?(?P<low>{AMOUNT}){_SCALE}{_PCT}\s*"
# 'between X and Y', 'X to Y', 'X–Y': the low end stands alone ('Q3 and 55' is no range).
_RANGE = re.compile(rf"(?:\bbetween\s+|(?<![\w.])){_LOW}(?P<joint>and|to|–|-)\s*(?:(?:{_CUR})\s?)?$", re.I)
# '97 out of 100 (up from 34.7 in 2018)': the level it rose or fell from, given beside it.
_UP_FROM_AFTER = re.compile(
    rf"^[^.;]{{0,60}}?\(\s*(?:up|down)\s+from\s+(?:(?:{_CUR})\s?)?(?P<start>{AMOUNT})(?:\s+in\s+(?P<year>{_YEAR}))?",
    re.I,
)
_RATE = re.compile(
    r"^\s*(?P<per>(?:per|a|an|each|every)\s+(?:year|month|week|day|hour|person|capita|head|household|"
    r"annum|beneficiary|migrant)|annually|yearly|monthly|weekly|daily)\b",
    re.I,
)


MeasureKind = Literal["amount", "change", "range", "rate"]


@dataclass(frozen=True)
class Measure:
    measure: MeasureKind = "amount"
    """'amount', 'change', 'range' or 'rate'."""
    low: float | None = None
    """The low end of a range."""
    start: float | None = None
    """Where a level was reached from: X in 'from X to Y'."""
    start_year: int | None = None
    period: str | None = None
    """What a change runs over or a rate is per: 'over three years from 2020', 'per year'."""


def measure_of(sentence: str, start: int, end: int) -> Measure:
    """The kind of the quantity printed at sentence[start:end] (its value, unit and scale included)."""
    before, after = sentence[:start], sentence[end:]
    # 'an increase from 2022' names the year before, not a level.
    if (m := _FROM_TO.search(before)) and not re.fullmatch(_YEAR, m["start"]):
        return Measure(start=_num(m["start"]), start_year=_int(m["year"]))
    m = _TO_FROM_AFTER.match(after) if _TO_FROM_BEFORE.search(before) else _UP_FROM_AFTER.match(after)
    if m and not re.fullmatch(_YEAR, m["start"]):
        return Measure(start=_num(m["start"]), start_year=_int(m["year"]))
    # '2019 to 2023' is a span of years, never a range of a quantity.
    m = _RANGE.search(before)
    if (
        m
        and not re.fullmatch(_YEAR, m["low"])
        and (m["joint"] != "and" or m.group(0)[:7].lower() == "between")
    ):
        return Measure("range", low=_num(m["low"]))
    if _CHANGE_BEFORE.search(before[-80:]) or _CHANGE_AFTER.match(after):
        period = _PERIOD.match(after)
        return Measure("change", period=" ".join(period["period"].split()) if period else None)
    if m := _RATE.match(after):
        return Measure("rate", period=" ".join(m["per"].split()))
    return Measure()


def _num(text: str) -> float:
    return float(amount_to_number(text))


def _int(text: str | None) -> int | None:
    return int(text) if text else None
