"""Random text through every output format the site writes: each parses, and none carries live markup
(a tag, a formula, a mathtext formula, a script link)."""

from __future__ import annotations

import csv
import html.parser
import io
import json
import xml.etree.ElementTree as ET

import markdown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reportsite.records import Source, Table
from reportsite.render.charts import table_chart_svg
from reportsite.render.csvsafe import csv_text
from reportsite.render.data import finding_json
from reportsite.render.feeds import SITEMAP, sitemap_xml
from reportsite.render.page import md_cell, md_escape, text_escape
from reportsite.urls import absolute_url
from test_render import F_2023, REPORT_2023

# Text a document may hold, weighted towards what is dangerous in one format or another.
DANGEROUS = [
    "<",
    ">",
    "&",
    '"',
    "'",
    "=",
    "+",
    "-",
    "@",
    "$",
    "\\",
    "{",
    "}",
    "|",
    "[",
    "]",
    "(",
    ")",
    "*",
    "_",
    "`",
    "#",
    "!",
    "\t",
    "\r",
    "\n",
    ":",
    "javascript",
    "<script>",
    "%",
    "/",
]
TEXT = st.lists(st.one_of(st.sampled_from(DANGEROUS), st.text(max_size=5)), max_size=25).map("".join)


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _tags(html_text: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Tags()
    parser.feed(html_text)
    parser.close()
    return parser.tags


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@example('=HYPERLINK("http://x","y")')
@example("<script>alert(1)</script> [a](javascript:alert(1))")
def test_markdown_and_html_escapes_leave_no_live_markup(text: str) -> None:
    for escaped in (md_escape(text), md_cell(text)):
        rendered = markdown.markdown(str(escaped))
        # Markdown's own paragraphs and line breaks, nothing the text brought.
        assert {tag for tag, _ in _tags(rendered)} <= {"p", "br"}, rendered
    assert not _tags(str(text_escape(text)))


# A bare carriage return inside a cell is left out: with "\n" line ends the csv module does not quote it,
# so it splits the row (a separate, older problem than formulas).
@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(TEXT.map(lambda t: t.replace("\r", "")), min_size=1, max_size=4), max_size=5))
@example([["-5", "-3.2", "@SUM(1)", "+cmd|' /C calc'!A0"]])
def test_csv_parses_back_and_no_cell_is_a_formula(rows: list[list[str]]) -> None:
    parsed = list(csv.reader(io.StringIO(csv_text(["h"], rows), newline="")))
    assert parsed[1:] == [[_expected(c) for c in row] for row in rows]


def _expected(cell: str) -> str:
    from reportsite.render.csvsafe import safe_cell

    value = safe_cell(cell)
    assert isinstance(value, str)
    assert value == cell or value == "'" + cell
    if value == cell and cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
        float(cell)  # only a plain number may keep its sign
    return value


@settings(max_examples=30, deadline=None)
@given(TEXT)
def test_finding_json_parses_back_to_the_same_text(text: str) -> None:
    finding = F_2023.model_copy(update={"text": text})
    assert json.loads(finding_json(finding, REPORT_2023))["text"] == text


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT.filter(lambda t: "\x00" not in t), min_size=2, max_size=3))
@example(["$\\foo{$ bad", "US$ 5 million and US$ 6 million"])
@example(["", "缤\x1a"])
def test_chart_svg_parses_and_draws_labels_as_text(labels: list[str]) -> None:
    rows: list[list[str | float | int | None]] = [[f"x{label}", i + 1.5] for i, label in enumerate(labels)]
    table = Table(id="r/t", caption="c", columns=["Name", "Value"], rows=rows, source=Source(lines=[1, 2]))
    svg = table_chart_svg(table, [False, True])
    assert svg is not None
    root = ET.fromstring(svg.encode("utf-8"))
    names = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert not names & {"script", "foreignObject", "a", "iframe"}


def _sitemap_by_elementtree(entries: list[tuple[str, str | None]], site_url: str) -> str:
    root = ET.Element("urlset", xmlns=SITEMAP)
    for path, lastmod in entries:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = absolute_url(site_url, path)
        if lastmod:
            ET.SubElement(url, "lastmod").text = lastmod
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(TEXT, st.one_of(st.none(), TEXT)), max_size=4),
    st.sampled_from(["", "https://example.org/a&b/"]),
)
@example([("", None), ("x/", "")], "")
def test_the_sitemap_is_what_elementtree_writes(entries: list[tuple[str, str | None]], site_url: str) -> None:
    assert sitemap_xml(entries, site_url) == _sitemap_by_elementtree(entries, site_url)
