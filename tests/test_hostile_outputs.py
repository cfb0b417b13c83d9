"""Hostile cell values in the site's CSV files and charts: formulas stay text, dollars stay dollars."""

from __future__ import annotations

import csv
import html
import io
import re

import pytest

from reportsite.link.linked import AuditItem
from reportsite.records import Source, Table
from reportsite.render.charts import table_chart_svg
from reportsite.render.csvsafe import safe_cell
from reportsite.render.data import findings_csv, numbers_csv, table_csv
from reportsite.render.pages import audit_csv
from test_render import NUMBER, TABLE, sample_linked

FORMULAS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "@SUM(1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _dangerous(cell: str) -> bool:
    return cell.startswith(("=", "+", "@", "\t", "\r")) or (
        cell.startswith("-") and not cell.lstrip("-").replace(".", "", 1).isdigit()
    )


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_cell_gets_a_leading_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-5", "-3.2", "+7", "plain text", "", "5 - 3", "a=b"])
def test_numbers_and_ordinary_text_are_left_as_they_are(value: str) -> None:
    assert safe_cell(value) == value


def test_numeric_cells_stay_numbers() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(-3.2) == -3.2


def test_every_csv_the_site_writes_neutralises_formulas() -> None:
    linked = sample_linked()
    hostile = FORMULAS[0]
    table = TABLE.model_copy(update={"rows": [[hostile, 100], ["@SUM(1)", -5], ["Norway", 50]]})
    finding = next(iter(linked.findings.values()))
    linked.findings[finding.id] = finding.model_copy(update={"text": hostile, "title": "+cmd|' /C calc'!A0"})
    linked.numbers[NUMBER.id] = NUMBER.model_copy(update={"subject": "-x", "text": "=1+1"})
    linked.audit.append(AuditItem("table-total", False, '=HYPERLINK("http://x")', [TABLE.id]))
    outputs = {
        "table": table_csv(table),
        "findings": findings_csv(linked),
        "numbers": numbers_csv(linked),
        "audit": audit_csv(linked),
    }
    for name, text in outputs.items():
        cells = _cells(text)
        assert not [c for c in cells if _dangerous(c)], name
    assert "'" + hostile in _cells(outputs["table"])
    assert "-5" in _cells(outputs["table"])
    assert "'" + hostile in _cells(outputs["findings"])
    assert "'=1+1" in _cells(outputs["numbers"])


def _chart_table(label: str) -> Table:
    return Table(
        id="r/t",
        caption="Amounts",
        columns=["Country", label],
        rows=[[label, 5], ["US$ 6 million", 6], ["Norway", 7]],
        source=Source(lines=[1, 3]),
    )


@pytest.mark.parametrize("text", ["$\\foo{$ bad", "US$ 5 million and US$ 6 million"])
def test_chart_draws_dollar_signs_literally(text: str) -> None:
    svg = table_chart_svg(_chart_table(text), [False, True])
    assert svg is not None
    # svg.fonttype none keeps text as text: a label drawn literally is one <text> element holding it
    # whole, where mathtext would split it into glyphs (the SVG's comments repeat it either way).
    drawn = [html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]
    assert text in drawn
