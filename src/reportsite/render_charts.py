"""Table charts drawn at build time as static SVG, the same bytes on every run."""

from __future__ import annotations

import io

from .records import Table

MAX_BARS = 40


def _chart_data(table: Table, numeric: list[bool]) -> tuple[list[str], list[float], str] | None:
    """Labels from the first text column, values from the first numeric one; None if nothing to draw."""
    label_col = next((i for i, is_num in enumerate(numeric) if not is_num), None)
    value_col = next((i for i, is_num in enumerate(numeric) if is_num), None)
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
        labels.append(label if len(label) <= 40 else label[:39] + "…")
        values.append(float(row[value_col]))  # type: ignore[arg-type]
    if len(values) < 2 or len(values) > MAX_BARS:
        return None
    return labels, values, table.columns[value_col]


def table_chart_svg(table: Table, numeric: list[bool]) -> str | None:
    """A horizontal bar chart of the table's first numeric column, or None when it has none to chart."""
    data = _chart_data(table, numeric)
    if data is None:
        return None
    labels, values, value_name = data
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # A fixed salt and no date make the SVG byte-identical between builds, so site diffs stay quiet.
    with matplotlib.rc_context({"svg.hashsalt": "reportsite", "svg.fonttype": "none", "font.size": 9}):
        fig, ax = plt.subplots(figsize=(7, 0.3 * len(values) + 1.2))
        try:
            positions = range(len(values))
            ax.barh(positions, values, color="#3949ab")
            ax.set_yticks(list(positions), labels)
            ax.invert_yaxis()
            ax.set_xlabel(value_name)
            ax.ticklabel_format(axis="x", style="plain")
            ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
            fig.tight_layout()
            out = io.StringIO()
            fig.savefig(out, format="svg", metadata={"Date": None})
        finally:
            plt.close(fig)
    return out.getvalue()
