"""The site's pages: what each template is given. Templates only lay out; the choosing happens here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from reportsite.link.linked import STATUSES, Linked
from reportsite.link.themes import Theme
from reportsite.records import Extract, Finding, Number, Report, Table
from reportsite.render.charts import chart_rows, has_chart, numeric_columns
from reportsite.render.csvsafe import csv_text
from reportsite.render.data import finding_json, table_csv
from reportsite.render.page import Page, finding_url, report_url, table_slug, table_url
from reportsite.render.quotes import STATUS_LABELS, caveats, quote_of
from reportsite.render.reuse import Batch
from reportsite.render.themes import compare_page, theme_page, themes_index

KIND_HEADINGS = {
    "finding": "Findings",
    "conclusion": "Conclusions",
    "strength": "Strengths",
    "improvement": "Areas for improvement",
    "recommendation": "Recommendations",
    "response": "Responses",
    "reform": "Reforms",
    "point": "Points",
    "result": "Results",
    "lesson": "Lessons learned",
    "good-practice": "Good practices",
}
AUDIT_SHOWN = 200
"""Checks of one kind shown on the audit page; all of them are in audit/problems.csv."""


def theme_titles(linked: Linked) -> dict[str, Theme]:
    return {t.id: t for t in linked.taxonomy.themes} if linked.taxonomy else {}


def site_pages(
    linked: Linked,
    with_finding: Callable[[Finding], bool] | None = None,
    pictures: frozenset[str] = frozenset(),
    theme_pages: bool = True,
) -> Iterator[Page | Batch]:
    """Every page of the site except the source readers and the data files; of the finding pages, only
    those with_finding accepts, when it is given (render/findings.py writes the others). `pictures`: the
    ids of the figures whose image was cropped from their PDF. theme_pages: False leaves out the page of
    each theme (the index of themes stays)."""
    themes = theme_titles(linked)
    yield home_page(linked)
    yield Page("reports/", "reports.md.j2", {"reports": report_rows(linked)})
    for extract in linked.extracts:
        yield report_page(linked, extract, pictures)
    for finding in linked.findings.values():
        if with_finding is None or with_finding(finding):
            yield from finding_pages(linked, finding, themes)
    yield themes_index(linked)
    for view in linked.themes if theme_pages else ():
        yield theme_page(linked, view)
    yield compare_page(linked)
    yield Page("tables/", "tables.md.j2", {"tables": [_table_row(linked, t) for t in linked.tables.values()]})
    for table in linked.tables.values():
        yield from table_pages(linked, table)
    yield numbers_page(linked, themes)
    yield glossary_page(linked)
    yield audit_page(linked)
    if len(linked.audit) > AUDIT_SHOWN:
        # Keyed by its rows: the cells are made safe for spreadsheets only when they changed.
        rows = audit_rows(linked)
        yield Batch(
            "audit/problems.csv", ("audit-csv", rows), lambda: [Page("audit/problems.csv", data=_csv(rows))]
        )


def report_counts(linked: Linked, e: Extract) -> dict:
    return {
        "report": e.report,
        "findings": sum(1 for f in e.findings if f.id in linked.findings),
        "tables": sum(1 for t in e.tables if t.id in linked.tables),
        "figures": len(e.figures),
        "numbers": sum(1 for n in e.numbers if n.id in linked.numbers),
    }


def report_rows(linked: Linked) -> list[dict]:
    return [report_counts(linked, e) for e in linked.extracts]


def home_page(linked: Linked) -> Page:
    views = linked.themes
    status_counts = {s: sum(1 for v in views if v.status == s) for s in STATUSES}
    numbers = sorted(linked.numbers.values(), key=lambda n: (n.year is None, -(n.year or 0)))
    return Page(
        "",
        "home.md.j2",
        {
            "reports": report_rows(linked),
            "views": views,
            "columns": linked.cycles.compared,
            "compared": [c.id for c in linked.cycles.order[-2:]] or ["the assessment cycles"],
            "compared_labels": [c.label for c in linked.cycles.order[-2:]] or ["assessment cycles"],
            "status_labels": STATUS_LABELS,
            "status_counts": status_counts,
            "key_numbers": [(n, linked.report_of[n.id]) for n in numbers[:12]],
            "totals": {
                "reports": len(linked.extracts),
                "findings": len(linked.findings),
                "tables": len(linked.tables),
                "numbers": len(linked.numbers),
                "themes": len(views),
            },
            "caveats": caveats(linked),
        },
    )


def report_page(linked: Linked, extract: Extract, pictures: frozenset[str] = frozenset()) -> Page:
    visible = [f for f in extract.findings if f.id in linked.findings]
    groups: list[tuple[str, list[tuple[str, list[Finding]]]]] = []
    for kind, heading in KIND_HEADINGS.items():
        of_kind = [linked.findings[f.id] for f in visible if f.kind == kind]
        if not of_kind:
            continue
        sections: dict[str, list[Finding]] = {}
        for f in of_kind:
            sections.setdefault(f.section, []).append(f)
        groups.append((heading, list(sections.items())))
    return Page(
        report_url(extract.report.id),
        "report.md.j2",
        {
            "report": extract.report,
            "counts": report_counts(linked, extract),
            "groups": groups,
            "tables": [t for t in extract.tables if t.id in linked.tables],
            "figures": extract.figures,
            "pictures": pictures,
            "numbers": [n for n in extract.numbers if n.id in linked.numbers],
            "glossary": sorted(extract.glossary.items()),
        },
    )


def finding_context(linked: Linked, finding: Finding, themes: dict[str, Theme]) -> dict[str, Any]:
    """What finding.md.j2 and finding.html.j2 are given."""
    report = linked.report_of[finding.id]
    related = [
        (quote_of(linked, linked.findings[r.id]), r.reason)
        for r in linked.related.get(finding.id, [])
        if r.id in linked.findings
    ]
    with_pages = {v.theme.id for v in linked.themes}
    theme_rows = [
        {
            "id": tid,
            "title": themes[tid].title if tid in themes else tid,
            "has_page": tid in with_pages,
            "terms": finding.theme_reasons.get(tid, []),
        }
        for tid in finding.themes
    ]
    return {
        "finding": finding,
        "report": report,
        "themes": theme_rows,
        "related": related,
        "links_out": [
            (quote_of(linked, linked.findings[ln.to]), ln.why)
            for ln in finding.links
            if ln.to in linked.findings
        ],
        "links_in": [
            (quote_of(linked, linked.findings[fid]), why)
            for fid, why in linked.backlinks.get(finding.id, [])
            if fid in linked.findings
        ],
        "chain": [
            (what, [quote_of(linked, linked.findings[g]) for g in ids if g in linked.findings])
            for what, ids in linked.chain.get(finding.id, [])
        ],
        "json_text": finding_json(finding, report),
        "json_name": f"{finding.id.rsplit('/', 1)[1]}.json",
    }


def finding_pages(linked: Linked, finding: Finding, themes: dict[str, Theme]) -> Iterator[Page]:
    url = finding_url(finding.id)
    context = finding_context(linked, finding, themes)
    yield Page(url, "finding.md.j2", context)
    yield Page(f"{url}{context['json_name']}", data=context["json_text"])


def _table_row(linked: Linked, table: Table) -> dict:
    return {"table": table, "report": linked.report_of[table.id], "slug": table_slug(table.id)}


def table_pages(linked: Linked, table: Table) -> Iterator[Page | Batch]:
    url = table_url(table.id)
    slug = table_slug(table.id)
    report = linked.report_of[table.id]
    # The page follows from the table and its report alone: keyed by them, its rows and chart are worked
    # out only when it is rendered, not in every build that takes it from the last.
    yield Batch(f"{url}index.md", ("table", url, table, report), lambda: [_table_page(table, report)])
    yield Batch(f"{url}{slug}.csv", ("csv", table), lambda: [Page(f"{url}{slug}.csv", data=table_csv(table))])


def _table_page(table: Table, report: Report) -> Page:
    url = table_url(table.id)
    slug = table_slug(table.id)
    numeric = numeric_columns(table)
    svg = has_chart(table, numeric)
    width = len(table.columns)
    rows = [list(r) + [None] * (width - len(r)) for r in table.rows]
    return Page(
        url,
        "table.md.j2",
        {
            "table": table,
            "report": report,
            "slug": slug,
            "rows": rows,
            "numeric": numeric,
            "csv_name": f"{slug}.csv",
            "chart_name": f"{slug}.svg" if svg else None,
            "chart_rows": chart_rows(table, numeric) if svg else None,
        },
    )


def chart_jobs(linked: Linked) -> list[tuple[str, Table, list[bool]]]:
    """(site-relative path of the SVG, table, numeric columns) for every table that gets a chart."""
    jobs = []
    for table in linked.tables.values():
        numeric = numeric_columns(table)
        if has_chart(table, numeric):
            slug = table_slug(table.id)
            jobs.append((f"{table_url(table.id).strip('/')}/{slug}.svg", table, numeric))
    return jobs


def numbers_page(linked: Linked, themes: dict[str, Theme]) -> Page:
    rows = [(n, linked.report_of[n.id]) for n in linked.numbers.values()]
    used_themes = sorted({t for n, _ in rows for t in n.themes})
    # Each report's rows, in the same order: the parts the template keeps between builds.
    groups: list[tuple[Report, list[Number]]] = []
    for n, report in rows:
        if not groups or groups[-1][0] is not report:
            groups.append((report, []))
        groups[-1][1].append(n)
    return Page(
        "numbers/",
        "numbers.md.j2",
        {
            "rows": rows,
            "groups": groups,
            "reports": [e.report for e in linked.extracts if e.numbers],
            "themes": [(t, themes[t].title if t in themes else t) for t in used_themes],
            "years": sorted({n.year for n, _ in rows if n.year is not None}),
        },
    )


def glossary_page(linked: Linked) -> Page:
    terms: dict[str, dict[str, list[Report]]] = {}
    for e in linked.extracts:
        for acronym, expansion in e.glossary.items():
            terms.setdefault(acronym, {}).setdefault(expansion, []).append(e.report)
    return Page(
        "glossary/", "glossary.md.j2", {"terms": sorted(terms.items(), key=lambda kv: kv[0].casefold())}
    )


def audit_page(linked: Linked) -> Page:
    items = list(linked.audit)
    # The extract already checks each table's stated total; shown here when the link stage has not.
    if not any(i.kind == "table-total" for i in items):
        from reportsite.link.linked import AuditItem

        for t in linked.tables.values():
            if t.total is not None:
                items.append(
                    AuditItem(
                        "table-total",
                        t.total.ok,
                        f"{t.caption}: column {t.total.column!r} states {t.total.stated:,.10g}, "
                        f"its rows add up to {t.total.computed:,.10g}",
                        [t.id],
                    )
                )
    groups = {
        "table-total": "Table totals",
        "share-total": "Shares that should add up",
        "number-disagrees": "Numbers that disagree",
        "total-parts": "Totals and their parts, as the text states them",
        "remainder": "What is left after amounts spent",
        "from-to": "Rises and falls against the figures given elsewhere",
    }
    grouped = [(title, [i for i in items if i.kind == kind]) for kind, title in groups.items()]
    grouped += [(k, [i for i in items if i.kind == k]) for k in sorted({i.kind for i in items} - set(groups))]
    return Page(
        "audit/",
        "audit.md.j2",
        {
            # A large catalogue gives thousands of checks: the page keeps the first (the audit puts the
            # most telling first) and the rest are in audit/problems.csv.
            "groups": [(title, its[:AUDIT_SHOWN]) for title, its in grouped if its],
            "more": {title: len(its) - AUDIT_SHOWN for title, its in grouped if len(its) > AUDIT_SHOWN},
            "problems": sum(1 for i in items if not i.ok),
            "total": len(items),
            "tables": linked.tables,
            "findings": linked.findings,
            "numbers": linked.numbers,
        },
    )


def audit_rows(linked: Linked) -> list[tuple[str, bool, str, str]]:
    """Every check of the audit, the ones the page leaves out included."""
    return [(i.kind, i.ok, i.message, " ".join(i.record_ids)) for i in linked.audit]


def audit_csv(linked: Linked) -> str:
    return _csv(audit_rows(linked))


def _csv(rows: list[tuple[str, bool, str, str]]) -> str:
    return csv_text(("kind", "ok", "message", "records"), rows)
