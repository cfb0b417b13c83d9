"""CSV text whose cells a spreadsheet will not run as formulas.

Excel, LibreOffice and Google Sheets evaluate a cell that starts with = + - @ (and, in some versions,
tab or carriage return), so a quoted sentence such as ``=HYPERLINK("http://x","y")`` would become a live
link or a command. OWASP's advice is followed: such a cell gets a leading single quote. Plain numbers,
negative ones included, stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def safe_cell(value: object) -> object:
    """The value as a spreadsheet should show it: formula-like text prefixed with a quote."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """Header and rows as CSV, every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([safe_cell(c) for c in header])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue()


def csv_rows(rows: Iterable[Sequence[object]]) -> str:
    """Rows as CSV lines, every cell neutralised, as csv_text writes them after its header."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([safe_cell(c) for c in row] for row in rows)
    return out.getvalue()
