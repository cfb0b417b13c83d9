"""Dates as catalogues give them: 2019-07-01, 2023-10, or 2024."""

from __future__ import annotations

import datetime as dt
import re

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def check_date(text: str) -> str:
    """Return the date unchanged if it is a real calendar date, else raise ValueError."""
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(f"date {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"date {text!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)") from None
    return text.strip()


def year_of(text: str) -> int:
    return int(text[:4])
