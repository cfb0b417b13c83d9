"""Printed amounts to numbers: '45 583 890', '1,349,973,654', '597.12', '33.42%', '12 967 933 USD'.

Shared by the table and number extractors so a cell and a sentence read the same amount the same way.
"""

from __future__ import annotations

import re

# Thousands are grouped by a space (also no-break and thin spaces) or a comma; a comma followed by
# exactly three digits is a thousands separator, never a decimal comma, in these reports.
YEAR = re.compile(r"^(?:19|20)\d{2}$")
"""A cell or token that is a year ('2019'), not an amount."""
YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d{2}\b")
TOTAL_ROW = re.compile(r"^\s*(?:grand\s+)?total\b", re.I)
"""The first cell of a table's total row."""
_GROUP = r"[ \u00a0\u202f\u2009,]"
AMOUNT = rf"\d{{1,3}}(?:{_GROUP}\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SEPARATORS = re.compile(_GROUP)

CURRENCIES = {"USD": "USD", "US$": "USD", "$": "USD", "EUR": "EUR", "€": "EUR", "CHF": "CHF", "GBP": "GBP"}
_CURRENCY = "|".join(re.escape(c) for c in sorted(CURRENCIES, key=len, reverse=True))
_CELL = re.compile(
    rf"^(?P<pre>{_CURRENCY})?\s*(?P<sign>[-−–])?\s*(?P<amount>{AMOUNT})\s*"
    rf"(?P<post>%|per ?cent|{_CURRENCY})?$",
    re.I,
)


def amount_to_number(text: str) -> int | float:
    """'45 583 890' -> 45583890; '597.12' -> 597.12. The text must match AMOUNT."""
    plain = _SEPARATORS.sub("", text)
    return float(plain) if "." in plain else int(plain)


def decimals_of(text: str) -> int:
    """Digits after the decimal point, as printed: the precision a stated total is rounded to."""
    return len(text.rsplit(".", 1)[1]) if "." in text else 0


def cell_to_value(text: str) -> tuple[int | float | str | None, str | None, int]:
    """A table cell to (value, unit, decimals): numbers typed, units peeled off, empty to None.

    '33.42%' -> (33.42, '%', 2); '12 967 933 USD' -> (12967933, 'USD', 0); 'Norway' -> ('Norway', None, 0).
    """
    text = text.strip()
    if not text or text in {"-", "–", "—", "n/a", "N/A"}:
        return None, None, 0
    m = _CELL.match(text)
    if not m:
        return text, None, 0
    value = amount_to_number(m["amount"])
    if m["sign"]:
        value = -value
    unit_text = m["pre"] or m["post"]
    unit = None
    if unit_text:
        unit = (
            "%" if unit_text == "%" or unit_text.lower().startswith("per") else CURRENCIES[unit_text.upper()]
        )
    return value, unit, decimals_of(m["amount"])
