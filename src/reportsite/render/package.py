"""The downloads as a Frictionless Data Package, JSON per report and per table, and each finding's JSON at
a short address (f/<report-id>/<slug>.json).

downloads/datapackage.json (https://specs.frictionlessdata.io/data-package/) lists every CSV and JSON
file of downloads/ with its format and, for the CSV files, the type of each column, and carries each
source's licence as the catalogue gives it: the data are quotations of those documents.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import partial

from reportsite.link.linked import Linked
from reportsite.records import Extract, Table
from reportsite.render import jsontext
from reportsite.render.cite import clean
from reportsite.render.page import Page, table_slug
from reportsite.urls import absolute_url, finding_url, report_url, short_finding_json, table_url

NUMBER_TYPES = {"value": "number", "year": "integer"}
"""The columns of numbers.csv that are not text."""


def _json(data: object) -> str:
    return jsontext.dumps(data, 1) + "\n"


def _name(path: str) -> str:
    """A resource name as the spec allows: lower-case letters, digits, '-', '_', '.'."""
    return re.sub(r"[^a-z0-9._-]", "-", path.lower())


def table_record(table: Table, site_url: str) -> dict:
    data = table.model_dump(mode="json", exclude_none=True)
    data["url"] = absolute_url(site_url, table_url(table.id))
    return data


def report_record(linked: Linked, extract: Extract, site_url: str) -> dict:
    """A report with every record of it the site publishes, each with its page's address."""
    report = extract.report.model_dump(mode="json", exclude_none=True)
    return {
        "report": {**report, "url": absolute_url(site_url, report_url(extract.report.id))},
        "findings": [
            {
                **linked.findings[f.id].model_dump(mode="json", exclude_none=True),
                "url": absolute_url(site_url, finding_url(f.id)),
            }
            for f in extract.findings
            if f.id in linked.findings
        ],
        "tables": [table_record(t, site_url) for t in extract.tables if t.id in linked.tables],
        "figures": [f.model_dump(mode="json", exclude_none=True) for f in extract.figures],
        "numbers": [
            linked.numbers[n.id].model_dump(mode="json", exclude_none=True)
            for n in extract.numbers
            if n.id in linked.numbers
        ],
        "glossary": dict(extract.glossary),
    }


def short_finding_text(record: dict) -> str:
    # Compact: json writes it in C; findings.json and the page hold the indented form.
    return json.dumps(record, ensure_ascii=False) + "\n"


def short_finding_pages(findings: list[dict], later: Callable[[str], bool] | None = None) -> Iterator[Page]:
    """The finding records of findings.json, each at f/<id>.json; not those whose id `later` accepts,
    written with their finding page (render/findings.py)."""
    for record in findings:
        if later is None or not later(record["id"]):
            yield Page(short_finding_json(record["id"]), data=short_finding_text(record))


def json_pages(linked: Linked, site_url: str) -> Iterator[tuple[str, str, object, Callable[[], str]]]:
    """(downloads path, what it holds, what it is made from, its maker) of the JSON per report and per
    table: made only when what they are made from changed (render/reuse.py)."""
    for extract in linked.extracts:
        made_from = (
            "report-json",
            site_url,
            extract.report,
            [linked.findings.get(f.id) for f in extract.findings],
            [linked.tables.get(t.id) for t in extract.tables],
            extract.figures,
            [linked.numbers.get(n.id) for n in extract.numbers],
            extract.glossary,
        )
        yield (
            f"reports/{extract.report.id}.json",
            f"Everything published from “{extract.report.title}” (JSON)",
            made_from,
            partial(_report_json, linked, extract, site_url),
        )
    for table in linked.tables.values():
        yield (
            f"tables/{table_slug(table.id)}.json",
            f"Table: {table.caption} (JSON)",
            ("table-json", site_url, table),
            partial(_table_json, table, site_url),
        )


def _report_json(linked: Linked, extract: Extract, site_url: str) -> str:
    return _json(report_record(linked, extract, site_url))


def _table_json(table: Table, site_url: str) -> str:
    return _json(table_record(table, site_url))


def _fields(header: list[str], types: dict[str, str]) -> list[dict[str, str]]:
    return [{"name": name, "type": types.get(name, "string")} for name in header]


def tables_by_slug(linked: Linked) -> dict[str, Table]:
    """Tables by the slug of their files (the first, where two share one)."""
    out: dict[str, Table] = {}
    for t in linked.tables.values():
        out.setdefault(table_slug(t.id), t)
    return out


def csv_schema(
    path: str,
    linked: Linked,
    numeric: dict[str, list[bool]],
    headers: dict[str, tuple[str, ...]],
    by_slug: dict[str, Table] | None = None,
) -> dict | None:
    """The Table Schema of one CSV download: its header as written, each column's type."""
    if path in headers:
        return {"fields": _fields(list(headers[path]), NUMBER_TYPES if path == "numbers.csv" else {})}
    slug = path.removeprefix("tables/").removesuffix(".csv")
    table = (by_slug if by_slug is not None else tables_by_slug(linked)).get(slug)
    if table is None:
        return None
    flags = numeric.get(table.id, [False] * len(table.columns))
    return {
        "fields": [
            {"name": col, "type": "number" if flags[i] else "string"} for i, col in enumerate(table.columns)
        ]
    }


def licence_note(linked: Linked) -> str:
    named = [(e.report.title, e.report.licence) for e in linked.extracts if e.report.licence]
    rest = sum(1 for e in linked.extracts if not e.report.licence)
    parts = [f"“{title}”: {licence}" for title, licence in named]
    if rest:
        parts.append(
            f"{rest} other source(s): no licence stated in the catalogue; rights remain with their publishers"
        )
    return "The data quote these documents. Licences of the sources: " + "; ".join(parts) + "."


def datapackage(
    linked: Linked,
    files: list[tuple[str, str, str]],
    site_url: str,
    site_name: str,
    numeric: dict[str, list[bool]],
    headers: dict[str, tuple[str, ...]],
) -> str:
    """The Data Package descriptor of downloads/: files are (path under downloads/, what, size)."""
    resources = []
    taken: set[str] = set()
    by_slug = tables_by_slug(linked)
    for path, what, _size in files:
        fmt = path.rsplit(".", 1)[-1]
        if fmt not in ("csv", "json"):
            continue
        name = _name(path)
        while name in taken:
            name += "-"
        taken.add(name)
        resource: dict = {
            "name": name,
            "path": path,
            "title": clean(what),
            "format": fmt,
            "mediatype": "text/csv" if fmt == "csv" else "application/json",
            "encoding": "utf-8",
        }
        if fmt == "json":
            # Said outright: a tool would otherwise take extract.schema.json for a Table Schema.
            resource["type"] = "json"
        if fmt == "csv" and (schema := csv_schema(path, linked, numeric, headers, by_slug)):
            resource["profile"] = "tabular-data-resource"
            resource["schema"] = schema
        resources.append(resource)
    sources = [
        {"title": clean(e.report.title), **({"path": e.report.url} if e.report.url else {})}
        for e in linked.extracts
    ]
    package = {
        "profile": "data-package",
        "name": _name(site_name or "reportsite-data") or "reportsite-data",
        "title": clean(site_name or "Extracted report data"),
        "description": licence_note(linked),
        **({"homepage": absolute_url(site_url, "downloads/")} if site_url else {}),
        "sources": sources,
        "resources": resources,
    }
    return jsontext.dumps(package, 1) + "\n"
