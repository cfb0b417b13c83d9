"""Table charts drawn at build time as static SVG, the same bytes on every run."""

from __future__ import annotations

import io
import os
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
"""A bar's label wraps after this many characters, on two lines at most."""


def _wrap(label: str) -> str:
    import textwrap

    lines = textwrap.wrap(label, LABEL_CHARS) or [""]
    if len(lines) > 2:
        lines = [lines[0], lines[1][: LABEL_CHARS - 1] + "…"]
    return "\n".join(lines)


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


def _draw_batch(batch: list[tuple[str, Table, list[bool]]]) -> list[tuple[str, str]]:
    return [(name, svg) for name, table, numeric in batch if (svg := table_chart_svg(table, numeric))]


def _ignore_ctrl_c() -> None:
    # Ctrl-C reaches the whole process group: the main process stops the build with one line, and the
    # workers, told to stop by it, must not each print a traceback of their own.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


class ChartPool:
    """Charts drawn in worker processes while the rest of the build goes on.

    matplotlib is most of a table page's cost (tens of milliseconds a chart); on a machine with two cores
    the charts of a large site are drawn beside rendering and MkDocs rather than before them.
    """

    def __init__(self, jobs: list[tuple[str, Table, list[bool]]], batch: int = 20) -> None:
        self.futures = []
        self.pool = None
        if not jobs:
            return
        from concurrent.futures import ProcessPoolExecutor

        workers = max(1, min(2, (os.cpu_count() or 1), len(jobs) // batch))
        self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_ignore_ctrl_c)
        self.futures = [
            self.pool.submit(_draw_batch, jobs[i : i + batch]) for i in range(0, len(jobs), batch)
        ]

    def results(self) -> Iterator[tuple[str, str]]:
        """(site-relative path, SVG) for every chart; waits for the workers."""
        try:
            for future in self.futures:
                yield from future.result()
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None


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


def table_chart_svg(table: Table, numeric: list[bool]) -> str | None:
    """A horizontal bar chart of the table's first numeric column, or None when it has none to chart."""
    data = _chart_data(table, numeric)
    if data is None:
        return None
    labels, values, value_name = data
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.text import Text
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    # A fixed salt and no date make the SVG byte-identical between builds, so site diffs stay quiet.
    # Mathtext off: a label is text from a document, and "US$ 5 million and US$ 6 million" or "$\\foo{$"
    # would otherwise be drawn as a formula or stop the build.
    with matplotlib.rc_context(
        {
            "svg.hashsalt": "reportsite",
            "svg.fonttype": "none",
            "font.size": FONT_SIZE,
            "text.usetex": False,
            "text.parse_math": False,
        }
    ):
        # A bare Figure, not pyplot: no global figure registry, and fixed margins sized from the longest
        # label instead of tight_layout, which measures every text twice.
        labels = [_wrap(label) for label in labels]
        two_line = any("\n" in label for label in labels)
        per_bar = 0.62 if two_line else 0.42
        height = per_bar * len(values) + 1.3
        fig = Figure(figsize=(CHART_WIDTH, height))
        longest = max(len(line) for label in labels for line in label.split("\n"))
        left = min(0.55, 0.06 + 0.0185 * longest)
        fig.subplots_adjust(left=left, right=0.97, top=1 - 0.15 / height, bottom=0.9 / height)
        ax = fig.add_subplot()
        positions = range(len(values))
        bars = ax.barh(positions, values, color="#3949ab")
        # The value at the end of each bar: a phone reader need not measure bars against the axis.
        ax.bar_label(bars, labels=[_value_text(v) for v in values], padding=3)
        ax.set_yticks(list(positions), labels)
        ax.invert_yaxis()
        ax.set_xlabel(value_name)
        ax.ticklabel_format(axis="x", style="plain")
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        # Room on the right for the value labels of the longest bars.
        low, high = ax.get_xlim()
        ax.set_xlim(low, high + (high - low) * 0.28)
        # Few ticks: amounts in the millions printed in full would run into each other.
        ax.xaxis.set_major_locator(MaxNLocator(nbins=3))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for artist in fig.findobj(Text):
            artist.set_usetex(False)
            artist.set_parse_math(False)
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
