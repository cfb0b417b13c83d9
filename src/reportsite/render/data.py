"""Downloads: every finding, table and number as JSON or CSV, each report's YAML, the extract schema."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.records import Finding, Number, Report, Table, extract_json_schema
from reportsite.render import jsontext
from reportsite.render.cite import Citation, cite_files
from reportsite.render.csvsafe import csv_rows, csv_text
from reportsite.render.page import Page, finding_url, table_slug, table_url, theme_url
from reportsite.render.reuse import Batch
from reportsite.render.shelf import ShelfParts
from reportsite.store.ledger import LedgerEntry
from reportsite.store.yaml_io import extract_to_yaml
from reportsite.urls import absolute

FINDING_FIELDS = ("id", "report", "kind", "title", "number", "section", "text", "source", "themes", "url")
NUMBER_FIELDS = ("id", "report", "value", "unit", "scale", "year", "subject", "text", "source", "themes")


def _place(source: object) -> str:
    return source.label()  # type: ignore[attr-defined]


def finding_record(finding: Finding, report: Report, site_url: str = "") -> dict:
    """A finding as the downloads give it: the extract record plus its report and its page."""
    data = finding.model_dump(mode="json", exclude_none=True)
    return {
        **data,
        "report": {k: v for k, v in report.model_dump(mode="json").items() if k != "description"},
        "url": absolute(finding_url(finding.id), site_url),
    }


def finding_json(finding: Finding, report: Report) -> str:
    return jsontext.dumps(finding_record(finding, report), 2) + "\n"


def _csv(header: tuple[str, ...] | list[str], rows: Sequence[Sequence[object]]) -> str:
    return csv_text(header, rows)


def table_csv(table: Table) -> str:
    return _csv(table.columns, [["" if c is None else c for c in row] for row in table.rows])


def findings_csv(linked: Linked, site_url: str = "") -> str:
    return _csv(FINDING_FIELDS, finding_rows(linked.findings.values(), linked, site_url))


def finding_rows(findings: Iterable[Finding], linked: Linked, site_url: str = "") -> list[list[object]]:
    return [
        [
            f.id,
            linked.report_of[f.id].id,
            f.kind,
            f.title or "",
            f.number or "",
            f.section,
            f.text,
            _place(f.source),
            " ".join(f.themes),
            absolute(finding_url(f.id), site_url),
        ]
        for f in findings
    ]


def numbers_csv(linked: Linked) -> str:
    return _csv(NUMBER_FIELDS, number_rows(linked.numbers.values(), linked))


def number_rows(numbers: Iterable[Number], linked: Linked) -> list[list[object]]:
    return [
        [
            n.id,
            linked.report_of[n.id].id,
            n.value,
            n.unit,
            n.scale or "",
            n.year or "",
            n.subject,
            n.text,
            _place(n.source),
            " ".join(n.themes),
        ]
        for n in numbers
    ]


def comparison_json(linked: Linked) -> str:
    """Every theme's status (computed and, where an editor set one, editorial), the rule, and the ids
    of the evidence on each side, with the deciding sentences."""
    cycles = [
        {
            "id": c.id,
            "label": c.label,
            "start": c.start.isoformat(),
            "compared": c in linked.cycles.order[-2:],
        }
        for c in linked.cycles.order
    ]
    themes = [
        {
            "theme": v.theme.id,
            "title": v.theme.title,
            "status": v.status,
            "computed_status": v.computed_status,
            "editorial": v.curated_status,
            "reason": v.status_reason,
            "evidence": v.evidence,
            "deciding": [
                {
                    "id": e.finding.id,
                    "column": e.column,
                    "stance": e.stance,
                    "why": e.why,
                    "quote": e.sentence,
                }
                for e in v.deciding
            ],
            "url": theme_url(v.theme.id),
        }
        for v in linked.themes
    ]
    return jsontext.dumps({"rule": linked.rule, "cycles": cycles, "themes": themes}, 1) + "\n"


def shelf_texts(linked: Linked, site_url: str = "", parts: ShelfParts | None = None) -> dict[str, str]:
    """The downloads made from every record of the shelf, by name: remade whatever changed, but for the
    parts of a report whose records are the same, which parts has (render/shelf.py)."""
    parts = parts or ShelfParts(None)
    items, finding_lines, number_lines = [], [], []
    for report, run in _runs(linked.findings.values(), linked):
        made_from = [site_url, report, run]
        items.append(parts.text(["findings.json", *made_from], partial(_json_items, run, report, site_url)))
        lines = partial(_lines, finding_rows, run, linked, site_url)
        finding_lines.append(parts.text(["findings.csv", *made_from], lines))
    for report, numbers in _runs(linked.numbers.values(), linked):
        lines = partial(_lines, number_rows, numbers, linked)
        number_lines.append(parts.text(["numbers.csv", report, numbers], lines))
    parts.prune()
    return {
        # What json.dumps(indent=1) writes of the list of every item.
        "findings.json": ("[\n" + ",\n".join(items) + "\n]" if items else "[]") + "\n",
        "findings.csv": csv_rows([FINDING_FIELDS]) + "".join(finding_lines),
        "numbers.csv": csv_rows([NUMBER_FIELDS]) + "".join(number_lines),
        "comparison.json": comparison_json(linked),
    }


R = TypeVar("R", Finding, Number)


def _runs(records: Iterable[R], linked: Linked) -> list[tuple[Report, list[R]]]:
    """The records in order, in runs of one report's."""
    runs: list[tuple[Report, list[R]]] = []
    for r in records:
        report = linked.report_of[r.id]
        if runs and runs[-1][0] is report:
            runs[-1][1].append(r)
        else:
            runs.append((report, [r]))
    return runs


def _lines(rows: Callable[..., list[list[object]]], *args: Any) -> str:
    return csv_rows(rows(*args))


def _json_items(findings: list[Finding], report: Report, site_url: str) -> str:
    """The findings' records as items of an indented JSON list: its text without the brackets."""
    return jsontext.dumps([finding_record(f, report, site_url) for f in findings], 1)[2:-2]


Sizes = list[tuple[str, str, Callable[[], int]]]
"""(path under downloads/, what it holds, its size once written) of every download."""


def data_pages(
    project: Project,
    linked: Linked,
    site_url: str = "",
    later: Callable[[Finding], bool] | None = None,
    placed: Callable[[str], Path] | None = None,
    ledger: Mapping[str, LedgerEntry] | None = None,
    shelf: Callable[[], dict[str, str]] | None = None,
    settled: Callable[[], None] | None = None,
) -> Iterator[Page | Batch]:
    """Every download; of the files beside a finding page (its citation, its short-address JSON), not
    those of the findings `later` accepts: render/findings.py writes them with the page.

    Files made from a few records (a table's, a report's) come as batches, made only when what they
    are made from changed (render/reuse.py); the downloads page gives the sizes of the files written,
    found by placed (a docs path -> the file; settled() returns once every file given so far is
    there). ledger: the permalink
    ledger as the build read it. shelf: shelf_texts' result, made meanwhile elsewhere."""
    files: Sizes = []

    def add(name: str, text: str, what: str) -> Page:
        size = len(text.encode("utf-8"))
        files.append((name, what, lambda: size))
        return Page(f"downloads/{name}", data=text)

    def add_made(name: str, what: str, made_from: object, make: Callable[[], str]) -> Page | Batch:
        if placed is None:
            return add(name, make(), what)
        files.append((name, what, lambda: placed(f"downloads/{name}").stat().st_size))
        return Batch(f"downloads/{name}", made_from, lambda: [Page(f"downloads/{name}", data=make())])

    # The records of the findings whose short-address JSON is written here, not with their page.
    findings = [
        finding_record(f, linked.report_of[f.id], site_url)
        for f in linked.findings.values()
        if later is None or not later(f)
    ]
    made = shelf_texts(linked, site_url) if shelf is None else shelf()
    count = len(linked.findings)
    yield add(
        "findings.json",
        made["findings.json"],
        f"All {count} findings, with their reports and page addresses (JSON)",
    )
    yield add("findings.csv", made["findings.csv"], f"All {count} findings (CSV)")
    yield add("numbers.csv", made["numbers.csv"], f"All {len(linked.numbers)} key numbers (CSV)")
    yield add(
        "comparison.json",
        made["comparison.json"],
        f"The comparison of assessment cycles: {len(linked.themes)} themes, status, rule and evidence ids (JSON)",
    )
    for table in linked.tables.values():
        yield add_made(
            f"tables/{table_slug(table.id)}.csv",
            f"Table: {table.caption} (CSV)",
            ("csv", table),
            partial(table_csv, table),
        )
    for extract in linked.extracts:
        what = f"Everything extracted from “{extract.report.title}” (YAML)"
        name = f"extract/{extract.report.id}.yml"
        path = project.extract_dir / f"{extract.report.id}.yml"
        if path.is_file():
            # The file the extract stage wrote (or read from its cache) for this build, as it is.
            files.append((name, what, lambda path=path: path.stat().st_size))  # type: ignore[misc]
            yield Page(f"downloads/{name}", data=path)
        else:
            yield add(name, extract_to_yaml(extract), what)
    yield add_made(
        "extract/extract.schema.json",
        "The JSON Schema of the extract YAML files",
        ("schema",),
        lambda: jsontext.dumps(extract_json_schema(), 2) + "\n",
    )
    yield from extra_data_pages(project, linked, findings, files, add, later, add_made, ledger)
    if settled is not None:
        settled()
    yield Page(
        "downloads/", "downloads.md.j2", {"files": [(n, w, f"{size():,} bytes") for n, w, size in files]}
    )


def extra_data_pages(
    project: Project,
    linked: Linked,
    findings: list[dict],
    files: Sizes,
    add: Callable[[str, str, str], Page],
    later: Callable[[Finding], bool] | None,
    add_made: Callable[[str, str, object, Callable[[], str]], Page | Batch],
    ledger: Mapping[str, LedgerEntry] | None = None,
) -> Iterator[Page | Batch]:
    """JSON per report and table, each finding's JSON at a short address, the citation files, the feeds,
    the sitemap and, last, the Data Package that describes every download before it."""
    from reportsite.render.charts import numeric_columns
    from reportsite.render.citing import site_identity
    from reportsite.render.feeds import feed_batches, page_dates, sitemap_batch
    from reportsite.render.package import datapackage, json_pages, short_finding_pages

    site_url, site_name = site_identity(project)
    for name, what, made_from, make in json_pages(linked, site_url):
        yield add_made(name, what, made_from, make)
    is_later = None if later is None else (lambda fid: later(linked.findings[fid]))
    yield from short_finding_pages(findings, is_later)
    yield from cite_batches(linked, site_url, site_name, later)
    dates = page_dates(project, linked, ledger)
    yield from feed_batches(linked, dates, site_url, site_name)
    yield sitemap_batch(linked, dates, site_url)
    numeric = {t.id: numeric_columns(t) for t in linked.tables.values()}
    yield add(
        "datapackage.json",
        datapackage(
            linked,
            [(n, w, "") for n, w, _size in files],
            site_url,
            site_name,
            numeric,
            {"findings.csv": FINDING_FIELDS, "numbers.csv": NUMBER_FIELDS},
        ),
        "A Frictionless Data Package: every CSV and JSON download, its columns' types, the sources' licences",
    )


def cite_batches(
    linked: Linked, site_url: str, site_name: str, later: Callable[[Finding], bool] | None = None
) -> Iterator[Batch]:
    """render/citing.py ``cite_pages``, each page's files made only when what they cite changed."""
    from reportsite.render.citing import finding_cite, table_cite, theme_cite

    for finding in linked.findings.values():
        if later is None or not later(finding):
            report = linked.report_of[finding.id]
            made = partial(finding_cite, finding, report, site_url)
            yield _cite_batch(finding_url(finding.id), ("finding", finding, report, site_url), made)
    for table in linked.tables.values():
        report = linked.report_of[table.id]
        made = partial(table_cite, table, report, site_url)
        yield _cite_batch(table_url(table.id), ("table", table, report, site_url), made)
    for view in linked.themes:
        dates = [linked.report_of[f.id].date for fs in view.columns.values() for f in fs]
        made = partial(theme_cite, view, dates, site_url, site_name)
        yield _cite_batch(theme_url(view.theme.id), ("theme", view, dates, site_url, site_name), made)


def _cite_batch(page_path: str, made_from: tuple, citation: Callable[[], Citation]) -> Batch:
    from reportsite.render.citing import CITE_STEM

    def make() -> list[Page]:
        return [Page(f"{page_path}{n}", data=text) for n, text in cite_files(citation(), CITE_STEM).items()]

    return Batch(f"*cite/{page_path}", ("cite", *made_from), make)
