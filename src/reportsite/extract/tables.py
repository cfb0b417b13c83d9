"""Blocks to tables: caption, header, typed cells and the total check.

Decisions a reader of the extract should know:
- The caption is the 'Table N.' caption right above the table; failing that, the short heading or
  paragraph right above it ('Donor pledges to the fund in 2020'); failing that, its section.
- A table printed in halves, each half opening with the same header row and separated only by
  'Source:' or 'Note:' lines, is one table; those lines (and any right under it) go to `notes`.
- Ranked first cells ('1. United States of America') are split into a 'Rank' column (an int) and the
  name, so the name reads cleanly and the rank stays sortable.
- A last row labelled 'Total' or 'Grand total' stays in `rows`, as printed; each number it states is
  checked against the sum of the rows above it (`totals`, the first of them also as `total`).
- Tables of contents and acronym lists are not data tables: the second feeds the glossary.
- A header may take several rows: a heading spanning several columns over their own headings gives
  columns named 'Top / Sub' ('2022 / Budget'); `header_rows` says how many rows the header took.
- A table that goes on over the next page (no caption of its own, as many columns at the same places,
  its header printed again or not) is one table; its source runs over the pages it spans.
- A PDF grid without a caption that holds no figures, or whose cells are mostly field labels
  ('Name:', 'Date:'), is layout (a form, a box, a call-out), not a data table.
- Cells are typed ('45%' -> 45.0, '12 967 933 USD' -> 12967933); 'N/A' and '-' stay as printed, and
  `printed` keeps every cell's text as printed beside its value.
"""

from __future__ import annotations

import re

from reportsite.extract.glossary import acronym_list_blocks
from reportsite.extract.ids import IdAllocator, slug
from reportsite.extract.provenance import source_of
from reportsite.extract.quantities import TOTAL_ROW, YEAR, cell_to_value
from reportsite.extract.sections import SEPARATOR, heading_label
from reportsite.read.blocks import TABLE_CAPTION, Block
from reportsite.records import Cell, Report, Table, TotalCheck
from reportsite.settings import SETTINGS

_NOTE = re.compile(r"^(?:Sources?|Notes?)\s*:", re.I)
_RANK = re.compile(r"^(?P<rank>\d{1,3})[.)]\s+(?P<name>\S.*)$")
_CONTENTS = re.compile(r"\bcontents\b", re.I)
_HEADER_UNITS = (
    (re.compile(r"\b(USD|EUR|CHF|GBP)\s*\(?\s*(thousands?|millions?|billions?)\b", re.I), None),
    (re.compile(r"\((USD|EUR|CHF|GBP)\)|\bin (USD|EUR|CHF|GBP)\b|^(USD|EUR|CHF|GBP)$", re.I), None),
    (re.compile(r"%|\bper ?cent\b|\bpercentage\b", re.I), "%"),
)


def blocks_to_tables(
    blocks: list[Block], sections: list[str], report: Report, ids: IdAllocator
) -> list[Table]:
    skip = acronym_list_blocks(blocks, sections)
    tables: list[Table] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind != "table" or i in skip or _CONTENTS.search(sections[i].rsplit(SEPARATOR, 1)[-1]):
            i += 1
            continue
        parts, notes, end = _halves_of(blocks, i)
        caption_at, number, caption = _caption_of(blocks, sections, i)
        spanned = blocks[caption_at if caption_at is not None else i : end]
        table = rows_to_table(_joined_rows(parts))
        if block.page is not None and number is None and _is_layout(table["printed"]):
            i = end
            continue
        title = m["title"] if (m := TABLE_CAPTION.match(caption)) else caption
        # The number alone would clash when an annex starts its numbering again; the title keeps ids apart.
        stem = f"table-{number}-{slug(title)}" if number else f"table-{slug(title)}"
        table.update(
            id=ids.take(stem),
            number=number,
            caption=caption,
            source=source_of(*spanned),
            notes=[n.text for n in notes],
        )
        tables.append(Table(**table))
        i = end
    return tables


def _is_layout(printed: list[list[str]]) -> bool:
    """A PDF grid with no printed caption is layout (a form, a box, a matrix of text), not a data table a
    reader would sort or chart, when it holds no figures or when most of its cells are field labels."""
    cells = [c for row in printed for c in row if c]
    labels = sum(c.endswith(":") for c in cells)
    figures = [c for row in printed for c in row[1:] if c]
    typed = sum(isinstance(cell_value(c)[0], int | float) for c in figures)
    return not figures or typed < 0.3 * len(figures) or labels * 3 >= len(cells)


def _joined_rows(parts: list[Block]) -> list[tuple[str, ...]]:
    """The rows of a table and of its later parts, without the header each later part prints again; a
    row the page break cut in two is one row again."""
    rows = list(parts[0].rows)
    for part in parts[1:]:
        more = list(part.rows[1:] if part.rows[:1] == parts[0].rows[:1] else part.rows)
        if rows and more and _finishes(rows[-1], more[0]):
            rows[-1] = tuple(
                f"{a} {b}".strip() if b else a for a, b in zip(rows[-1], more.pop(0), strict=True)
            )
        rows.extend(more)
    return rows


_ENDS = (".", "!", "?", ":", ";")


def _finishes(row: tuple[str, ...], rest: tuple[str, ...]) -> bool:
    """Whether rest, the first row after a page break, is the end of row: its first cell (the row's name)
    empty, another empty too (a row of its own fills its figures), and each filled cell going on from one
    that stops mid-sentence ('…mobile numbers, and' / 'in person meetings')."""
    if len(row) != len(rest) or rest[0] or all(rest[1:]):
        return False
    return all(not b or (a and not a.endswith(_ENDS)) for a, b in zip(row, rest, strict=True))


COLUMN_SLACK = 12.0
"""Points a continued table's left and right edges may move from one page to the next."""


def _goes_on(first: Block, last: Block, block: Block) -> bool:
    """A table at the top of the next page, with as many columns at the same places: the same table
    going on (the caller has checked that no caption or text stands between them)."""
    if block.kind != "table" or block.page is None or last.page is None or block.page != last.page + 1:
        return False
    if not first.rows or not block.rows or len(block.rows[0]) != len(first.rows[0]):
        return False
    if first.bbox is None or block.bbox is None:
        return False
    return (
        abs(first.bbox[0] - block.bbox[0]) <= COLUMN_SLACK
        and abs(first.bbox[2] - block.bbox[2]) <= COLUMN_SLACK
    )


def _halves_of(blocks: list[Block], i: int) -> tuple[list[Block], list[Block], int]:
    """The table at i with any later halves repeating its header, the note lines among and under them."""
    parts, notes = [blocks[i]], []
    j = i + 1
    while j < len(blocks):
        if blocks[j].kind in ("paragraph", "caption") and _NOTE.match(blocks[j].text):
            notes.append(blocks[j])
            j += 1
        elif (
            blocks[j].kind == "table"
            and blocks[j].rows[:1] == blocks[i].rows[:1]
            and _is_header(blocks[i].rows[0])
        ) or _goes_on(blocks[i], parts[-1], blocks[j]):
            parts.append(blocks[j])
            j += 1
        elif blocks[j].kind == "footnote":
            # The footnotes at the foot of a page the table runs over.
            k = j
            while k < len(blocks) and blocks[k].kind == "footnote":
                k += 1
            if k == len(blocks) or not _goes_on(blocks[i], parts[-1], blocks[k]):
                break
            j = k
        else:
            break
    # Notes after the last half belong to the table; the index to resume from is after them.
    return parts, notes, j


def _caption_of(blocks: list[Block], sections: list[str], i: int) -> tuple[int | None, str | None, str]:
    """(index of the caption block, table number, caption) for the table at i."""
    if i > 0:
        prev = blocks[i - 1]
        m = TABLE_CAPTION.match(prev.text)
        if m and prev.kind in ("caption", "paragraph", "heading"):
            return i - 1, m["number"], prev.text
        if prev.kind == "heading":
            # The heading's label as the section path gives it, with the document's acronyms kept.
            return i - 1, None, sections[i - 1].rsplit(SEPARATOR, 1)[-1] or heading_label(prev.text)
        if (
            prev.kind == "paragraph"
            and len(prev.text) <= SETTINGS.extract.caption_max_chars
            and not prev.text.endswith(".")
        ):
            return i - 1, None, prev.text
    section = sections[i].rsplit(SEPARATOR, 1)[-1]
    return None, None, section or "Table"


def _is_header(row: tuple[str, ...]) -> bool:
    # Column headings may be years ("Donor | 2022 | 2023"); any other number makes the row data.
    words = [c.strip() for c in row if c.strip()]
    # A year opening a row is its label ('2019 | 15.4'), unless the row leaves its corner blank.
    if not words or (row[0].strip() and YEAR.match(words[0])):
        return False
    return not any(isinstance(cell_to_value(c)[0], int | float) and not YEAR.match(c.strip()) for c in words)


_AS_PRINTED = frozenset({"n/a", "na", "-", "–", "—", "n.a.", "s.o.", "nd", "n.d."})
"""Cells that say a value is missing: kept as printed, never read as zero or blank."""


def cell_value(text: str) -> tuple[int | float | str | None, str | None, int]:
    """A cell's typed value, unit and decimals; 'N/A' and '-' stay as the text printed."""
    if text.strip().lower() in _AS_PRINTED:
        return text.strip(), None, 0
    return cell_to_value(text)


def header_levels(raw: list[tuple[str, ...]]) -> int:
    """Rows of the printed header: 0, 1, or 2 where a first row has headings spanning several columns
    (blank under the span) over a second row of headings that fills those columns."""
    if len(raw) < 2 or not _is_header(raw[0]):
        return 0
    top, sub = raw[0], raw[1]
    if len(raw) < 3 or not any(c.strip() for c in sub) or not _is_header(sub):
        return 1
    spanned = any(
        not top[k].strip() and sub[k].strip() and any(t.strip() for t in top[:k]) for k in range(1, len(top))
    )
    return 2 if spanned else 1


def join_wrapped_header(raw: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """A heading wrapped on to a second line of its own ('Niveau' / 'd'influence') that the grid read as a
    row: a sparse second row whose words all stand under headings of the first goes on those headings."""
    if len(raw) < 3 or not _is_header(raw[0]):
        return raw
    top, sub = raw[0], raw[1]
    named = [k for k, c in enumerate(top) if c.strip()]
    filled = [k for k, c in enumerate(sub) if c.strip()]
    if not filled or any(not top[k].strip() for k in filled) or len(filled) * 2 > len(named):
        return raw
    if not _is_header(sub):
        return raw
    joined = tuple(f"{t} {b}".strip() for t, b in zip(top, sub, strict=True))
    return [joined, *raw[2:]]


def drop_empty_columns(raw: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Columns a grid's stray rules added: empty below the header. A heading printed over one of them
    belongs to the unnamed column on its left that holds the cells."""
    if len(raw) < 2:
        return raw
    rows = [list(r) for r in raw]
    head, body = rows[0], rows[1:]
    empty = [not any(r[k].strip() for r in body) for k in range(len(head))]
    for k in range(1, len(head)):
        if empty[k] and head[k].strip() and not empty[k - 1] and not head[k - 1].strip():
            head[k - 1], head[k] = head[k], ""
    keep = [k for k in range(len(head)) if not (empty[k] and not head[k].strip())]
    if len(keep) == len(head) or len(keep) < 2:
        return raw
    return [tuple(r[k] for k in keep) for r in rows]


def header_columns(header: list[tuple[str, ...]], width: int) -> list[str]:
    """Column names from the header rows: a heading spanning columns names each of them, 'Top / Sub'."""
    if not header:
        return [""] * width
    names = list(header[0])
    for sub in header[1:]:
        carried, out = "", []
        for top, low in zip(names, sub, strict=True):
            carried = top or (carried if low else "")
            out.append(f"{carried} / {low}" if carried and low and carried != low else carried or low)
        names = out
    return names


def rows_to_table(raw: list[tuple[str, ...]]) -> dict:
    """Printed rows to the fields of a Table other than id, caption and source."""
    width = max((len(r) for r in raw), default=0)
    raw = drop_empty_columns(join_wrapped_header([tuple(r) + ("",) * (width - len(r)) for r in raw]))
    width = len(raw[0]) if raw else 0
    levels = header_levels(raw)
    body = raw[levels:]
    columns = header_columns(raw[:levels], width)
    printed = [list(row) for row in body]
    parsed = [[cell_value(c) for c in row] for row in body]
    rows: list[list[Cell]] = [[v for v, _, _ in row] for row in parsed]
    units = [_column_unit(columns[k], [row[k][1] for row in parsed]) for k in range(width)]
    decimals = [max((row[k][2] for row in parsed), default=0) for k in range(width)]

    has_total = bool(rows) and TOTAL_ROW.match(str(rows[-1][0] or "")) is not None
    if _is_ranked(rows, has_total):
        columns.insert(0, "Rank")
        units.insert(0, None)
        decimals.insert(0, 0)
        rows = [_split_rank(row) for row in rows]
        if has_total:
            rows[-1][0] = None
    checks = _total_checks(columns, rows, decimals) if has_total else []
    if len(columns) > width:
        # The rank split off the first cell: its printed text follows the split as well.
        printed = [[_rank_text(p[0]), str(r[1] or ""), *p[1:]] for r, p in zip(rows, printed, strict=True)]
    return {
        "columns": columns,
        "rows": rows,
        "printed": printed,
        "header_rows": levels,
        "units": units,
        "total": checks[0] if checks else None,
        "totals": checks,
    }


def _column_unit(header: str, cell_units: list[str | None]) -> str | None:
    stated = {u for u in cell_units if u}
    if len(stated) == 1:
        return stated.pop()
    for pattern, unit in _HEADER_UNITS:
        m = pattern.search(header)
        if m:
            if unit:
                return unit
            words = [g for g in m.groups() if g]
            return " ".join([words[0].upper(), *(w.lower() for w in words[1:])])
    return None


def _is_ranked(rows: list[list[Cell]], has_total: bool) -> bool:
    data = rows[:-1] if has_total else rows
    if len(data) < 2:
        return False
    ranks = [_RANK.match(c) if isinstance(c := row[0], str) else None for row in data]
    return all(ranks) and [int(m["rank"]) for m in ranks if m] == list(range(1, len(data) + 1))


def _rank_text(cell: str) -> str:
    m = _RANK.match(cell)
    return m["rank"] if m else ""


def _split_rank(row: list[Cell]) -> list[Cell]:
    m = _RANK.match(row[0]) if isinstance(row[0], str) else None
    return [int(m["rank"]), m["name"], *row[1:]] if m else [None, *row]


def _total_checks(columns: list[str], rows: list[list[Cell]], decimals: list[int]) -> list[TotalCheck]:
    """Each number in the total row against the sum of the rows above it, within rounding."""
    total_row, data = rows[-1], rows[:-1]
    checks = []
    for k, stated in enumerate(total_row):
        if not isinstance(stated, int | float) or isinstance(stated, bool):
            continue
        values = [v for row in data if isinstance(v := row[k], int | float)]
        if not values:
            continue
        computed = round(sum(values), decimals[k] + 6)
        # Each printed value may be off by half its last digit, and the stated total by as much again.
        tolerance = 0.5 * 10 ** -decimals[k] * (len(values) + 1)
        checks.append(
            TotalCheck(
                column=columns[k] or f"column {k + 1}",
                stated=stated,
                computed=computed,
                ok=abs(stated - computed) <= tolerance + 1e-9,
            )
        )
    return checks
