"""Table charts drawn at build time as static SVG, the same bytes on every run."""

from __future__ import annotations

import html
import math
from collections.abc import Iterator

from reportsite.records import Table

MAX_BARS = 40


def has_chart(table: Table, numeric: list[bool]) -> bool:
    return _chart_data(table, numeric) is not None


def chart_rows(table: Table, numeric: list[bool]) -> tuple[str, list[tuple[str, float]]] | None:
    """(value column, [(label, value)]) of what the chart draws: the table behind the picture."""
    data = _chart_data(table, numeric)
    return None if data is None else (data[2], list(zip(data[0], data[1], strict=True)))


FONT_SIZE = 14
"""Points, on a figure CHART_WIDTH inches wide: about 12 px once a phone (390 px) shrinks it to fit."""
CHART_WIDTH = 5.6
LABEL_CHARS = 24
"""A bar's label wraps after this many characters at most, on two lines at most."""
LABEL_SHARE = 0.55
"""The labels take at most this share of the chart's width."""


def _wrap(label: str, ems: float) -> list[str]:
    """The label on one or two lines, each at most ``ems`` wide: shorter lines for wide letters."""
    import textwrap

    for chars in range(LABEL_CHARS, 5, -2):
        lines = textwrap.wrap(label, chars) or [""]
        if all(_ems(line) <= ems for line in lines[:2]):
            break
    if len(lines) > 2:
        lines = [lines[0], lines[1][: chars - 1] + "…"]
    return lines


def _value_text(v: float) -> str:
    if abs(v) >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def numeric_columns(table: Table) -> list[bool]:
    """Per column: are its filled cells all numbers? Those are right-aligned and charted."""
    out = []
    for i in range(len(table.columns)):
        cells = [row[i] for row in table.rows if i < len(row) and row[i] not in (None, "")]
        out.append(bool(cells) and all(isinstance(c, int | float) and not isinstance(c, bool) for c in cells))
    return out


def draw_charts(jobs: list[tuple[str, Table, list[bool]]]) -> Iterator[tuple[str, str]]:
    """(site-relative path, SVG) for every job whose table has something to chart."""
    for name, table, numeric in jobs:
        if svg := table_chart_svg(table, numeric):
            yield name, svg


def _chart_data(table: Table, numeric: list[bool]) -> tuple[list[str], list[float], str] | None:
    """Labels from the first text column, values from the first numeric one; None if nothing to draw."""
    label_col = next((i for i, is_num in enumerate(numeric) if not is_num), None)
    value_col = next((i for i, is_num in enumerate(numeric) if is_num and not _is_rank(table, i)), None)
    if label_col is None or value_col is None:
        return None
    labels, values = [], []
    for row in table.rows:
        if value_col >= len(row) or not isinstance(row[value_col], int | float):
            continue
        if not math.isfinite(row[value_col]):  # type: ignore[arg-type]
            continue
        label = str(row[label_col]) if label_col < len(row) and row[label_col] is not None else ""
        # A total row would dwarf the bars it sums.
        if label.strip().lower().startswith("total"):
            continue
        label = _printable(label)
        labels.append(label if len(label) <= 40 else label[:39] + "…")
        values.append(float(row[value_col]))  # type: ignore[arg-type]
    if len(values) < 2 or len(values) > MAX_BARS:
        return None
    return labels, values, _printable(table.columns[value_col])


def _printable(text: str) -> str:
    # Control characters from a PDF's text layer are not allowed in XML: the SVG would not parse.
    return "".join(" " if (ch < " " and ch not in "\t\n") or ch in "\ufffe\uffff" else ch for ch in text)


def _is_rank(table: Table, col: int) -> bool:
    """A column counting 1, 2, 3... down the rows numbers them; it measures nothing worth a chart."""
    values = [row[col] for row in table.rows if col < len(row) and isinstance(row[col], int)]
    return len(values) >= 2 and values == list(range(1, len(values) + 1))


def _n(x: float) -> str:
    """A coordinate in points, short and the same on every run."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def _nice_step(span: float, intervals: int = 3) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten that cuts span into at most that many parts."""
    raw = span / intervals
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))


def _tick_labels(low: float, high: float, ems: float) -> list[tuple[float, str]]:
    """Ticks on [low, high] with their labels: three intervals, fewer if the labels would run together.

    ``ems`` is how many ems the axis is long.
    """
    for intervals in (3, 2, 1):
        marks, decimals = _ticks(low, high, intervals)
        labels = [(v, f"{v:,.{decimals}f}") for v in marks]
        widest = max(_ems(label) for _v, label in labels)
        if len(marks) < 2 or (marks[1] - marks[0]) / (high - low) * ems >= widest + 1:
            break
    return labels


def _ticks(low: float, high: float, intervals: int) -> tuple[list[float], int]:
    """Tick values on [low, high], and the decimals their labels need to differ."""
    step = _nice_step(high - low, intervals)
    first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else 0
    if step < 1 and not float(step * 10**decimals).is_integer():
        decimals += 1
    return [k * step for k in range(first, last + 1)], decimals


def _value_range(values: list[float], shown: list[str], plot: float, em: float) -> tuple[float, float]:
    """The axis's ends: every bar from zero, and room past the longest bars for the values at their ends.

    The room is the printed value's width, ``em`` points an em; it is taken from the
    plot's width in points and turned into the values' units.
    """
    room_right = max(
        (em * (_ems(t) + 0.5) for v, t in zip(values, shown, strict=True) if v >= 0), default=0.0
    )
    room_left = max((em * (_ems(t) + 0.5) for v, t in zip(values, shown, strict=True) if v < 0), default=0.0)
    least, most = min(0.0, *values), max(0.0, *values)
    if least == most:
        most = 1.0
    per_point = (most - least) / max(plot - room_left - room_right, 0.25 * plot)
    return least - room_left * per_point, most + room_right * per_point


_NARROW = frozenset("iljtfrI.,;:!'|() -")
_WIDE = frozenset("mwMW@%")


def _ems(text: str) -> float:
    """About how wide a line is in a sans-serif, in ems: enough to leave room for it, never to fit it."""
    return sum(
        0.35 if ch in _NARROW else 0.95 if ch in _WIDE else 0.75 if ch.isupper() else 0.62 for ch in text
    )


def _text(x: float, y: float, text: str, anchor: str = "start") -> str:
    return f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}">{html.escape(text)}</text>'


def table_chart_svg(table: Table, numeric: list[bool]) -> str | None:
    """A horizontal bar chart of the table's first numeric column, or None when it has none to chart.

    Written directly as SVG: a chart is a few rectangles and labels, and a plotting library spent tens
    of milliseconds a chart laying them out. Text stays text in the browser's sans-serif; the margins
    come from the labels' widths estimated letter by letter.
    """
    data = _chart_data(table, numeric)
    if data is None:
        return None
    labels, values, value_name = data
    pt = 72.0
    width = CHART_WIDTH * pt
    tick, pad, size = 3.5, 3.5, FONT_SIZE
    wrapped = [_wrap(label, (LABEL_SHARE * width - 2 * (tick + pad)) / size) for label in labels]
    per_bar = (0.62 if any(len(lines) > 1 for lines in wrapped) else 0.42) * pt
    height = per_bar * len(values) + 1.3 * pt
    longest = max(_ems(line) for lines in wrapped for line in lines)
    left, right = min(LABEL_SHARE * width, 2 * (tick + pad) + size * longest), width * 0.97
    top, bottom = 0.15 * pt, height - 0.9 * pt
    shown = [_value_text(v) for v in values]
    low, high = _value_range(values, shown, right - left, size)

    def x_at(v: float) -> float:
        return left + (v - low) / (high - low) * (right - left)

    slot = (bottom - top) / len(values)
    out = [
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{_n(width)}pt" height="{_n(height)}pt"'
        f' viewBox="0 0 {_n(width)} {_n(height)}">',
        f'<rect width="{_n(width)}" height="{_n(height)}" fill="#ffffff"/>',
        '<g fill="#3949ab">',
    ]
    zero = x_at(0.0)
    for i, v in enumerate(values):
        y, x = top + slot * (i + 0.1), x_at(v)
        out.append(
            f'<rect x="{_n(min(x, zero))}" y="{_n(y)}" width="{_n(abs(x - zero))}" height="{_n(slot * 0.8)}"/>'
        )
    out.append("</g>")
    out.append(f'<g font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="{size}" fill="#000000">')
    lines_at = [f"M{_n(left)} {_n(top)}V{_n(bottom)}H{_n(right)}"]
    for i, (v, text, lines) in enumerate(zip(values, shown, wrapped, strict=True)):
        middle = top + slot * (i + 0.5)
        baseline = middle + 0.35 * size
        out.append(_text(x_at(v) + (pad if v >= 0 else -pad), baseline, text, "start" if v >= 0 else "end"))
        lines_at.append(f"M{_n(left)} {_n(middle)}h{_n(-tick)}")
        first = baseline - 0.6 * size * (len(lines) - 1)
        for k, line in enumerate(lines):
            out.append(_text(left - tick - pad, first + 1.2 * size * k, line, "end"))
    for v, label in _tick_labels(low, high, (right - left) / size):
        x = x_at(v)
        if x + size * _ems(label) / 2 > width:
            continue
        lines_at.append(f"M{_n(x)} {_n(bottom)}v{_n(tick)}")
        out.append(_text(x, bottom + tick + pad + size, label, "middle"))
    out.append(_text((left + right) / 2, bottom + tick + 2 * pad + 2.2 * size, value_name, "middle"))
    out.append("</g>")
    out.append(f'<path d="{"".join(lines_at)}" fill="none" stroke="#000000" stroke-width="0.8"/>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
