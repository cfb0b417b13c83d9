"""Table charts written as SVG: bars to scale from zero, labels inside the picture, ticks that differ."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from reportsite.records import Source, Table
from reportsite.render.charts import table_chart_svg

NS = "{http://www.w3.org/2000/svg}"


def _chart(rows: list[list[str | float | int | None]]) -> ET.Element:
    table = Table(id="r/t", caption="c", columns=["Name", "Value"], rows=rows, source=Source(lines=[1, 2]))
    svg = table_chart_svg(table, [False, True])
    assert svg is not None
    return ET.fromstring(svg.encode("utf-8"))


def _bars(root: ET.Element) -> list[tuple[float, float]]:
    """(left, right) of each bar, top to bottom: the rectangles filled with the bar colour."""
    group = next(g for g in root.iter(f"{NS}g") if g.get("fill") == "#3949ab")
    return [(float(r.get("x", 0)), float(r.get("x", 0)) + float(r.get("width", 0))) for r in group]


def _texts(root: ET.Element) -> list[ET.Element]:
    return list(root.iter(f"{NS}text"))


def test_bars_start_at_zero_and_are_to_scale() -> None:
    root = _chart([["Sweden", 100], ["Norway", 50], ["Chad", 25]])
    bars = _bars(root)
    assert len({left for left, _ in bars}) == 1
    lengths = [right - left for left, right in bars]
    assert abs(lengths[0] / lengths[1] - 2) < 0.01 and abs(lengths[1] / lengths[2] - 2) < 0.01


def test_a_negative_bar_runs_left_of_zero_and_its_value_ends_there() -> None:
    root = _chart([["Gain", 30], ["Loss", -10]])
    (gain_left, _), (loss_left, loss_right) = _bars(root)
    assert loss_right == gain_left and loss_left < loss_right
    value = next(t for t in _texts(root) if t.text == "-10")
    assert value.get("text-anchor") == "end" and float(value.get("x", 0)) < loss_left


def test_every_label_and_value_is_drawn_once_and_inside_the_picture() -> None:
    names = ["Sweden", "Norway", "Democratic Republic of the Congo and neighbouring countries"]
    root = _chart([[n, 10**6 * (i + 1)] for i, n in enumerate(names)])
    width = float(root.get("viewBox", "").split()[2])
    drawn = [t.text or "" for t in _texts(root)]
    assert "Sweden" in drawn and "Norway" in drawn and "3,000,000" in drawn
    # A long label wraps on two lines, the second cut short with an ellipsis.
    assert "Democratic Republic of" in drawn and any(t.endswith("…") for t in drawn)
    for t in _texts(root):
        assert 0 <= float(t.get("x", -1)) <= width


def test_tick_labels_differ_on_a_small_range() -> None:
    root = _chart([["a", 0.12], ["b", 0.33], ["c", 0.05]])
    ticks = [
        t.text
        for t in _texts(root)
        if t.get("text-anchor") == "middle" and re.fullmatch(r"[\d.,]+", t.text or "")
    ]
    assert len(ticks) >= 2 and len(set(ticks)) == len(ticks), ticks


def test_a_value_that_is_not_finite_is_left_out() -> None:
    root = _chart([["a", float("inf")], ["b", 1.0], ["c", float("nan")], ["d", 2.0]])
    assert len(_bars(root)) == 2
    assert "inf" not in ET.tostring(root, encoding="unicode").lower()
