"""Site paths of the pages every stage links to, without the leading slash ('findings/r/s/')."""

from __future__ import annotations


def finding_url(finding_id: str) -> str:
    return f"findings/{finding_id}/"


def report_url(report_id: str) -> str:
    return f"reports/{report_id}/"


def table_slug(table_id: str) -> str:
    """'<report-id>/<slug>' -> '<report-id>-<slug>': one path segment, as /tables/<table-slug>/ wants."""
    return table_id.replace("/", "-")


def table_url(table_id: str) -> str:
    return f"tables/{table_slug(table_id)}/"


def theme_url(theme_id: str) -> str:
    return f"themes/{theme_id}/"
