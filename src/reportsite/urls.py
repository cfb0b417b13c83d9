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


def absolute(path: str, site_url: str = "") -> str:
    """A site path as files meant to be read elsewhere (JSON, CSV, feeds) write it: under site_url, the
    site's published address (sources/site.yml), so it holds under a sub-path too; root-relative without."""
    return site_url.rstrip("/") + "/" + path if site_url else "/" + path


def feed_url(report_id: str | None = None) -> str:
    """The Atom feed of new findings: the whole site's, or one report's."""
    if not report_id:
        return "feeds/findings.atom"
    # A report may be called 'findings' too; its feed must not take the site's.
    return f"feeds/{report_id}.atom" if report_id != "findings" else "feeds/findings-report.atom"


def short_finding_json(finding_id: str) -> str:
    """A finding's JSON at a short address: f/<report-id>/<slug>.json."""
    return f"f/{finding_id}.json"


EXTERNAL_SCHEMES = ("http", "https", "mailto")
"""The only schemes a link taken from a document or a hand-edited file may have: javascript:, data: and
the like would run in the reader's browser."""


def external_url_problem(url: str) -> str | None:
    """Why url may not be a link on the site, or None when it may: an absolute http, https or mailto URL."""
    import urllib.parse

    # Browsers drop tabs, newlines and leading control characters before reading the scheme, so
    # "java\tscript:" is read as "javascript:" and must be judged the same way.
    cleaned = "".join(ch for ch in url if ch > " " and ch != "\x7f")
    scheme = urllib.parse.urlsplit(cleaned).scheme.lower()
    if scheme not in EXTERNAL_SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        return f"url {url!r} has {shown}; only {', '.join(EXTERNAL_SCHEMES)} links are allowed"
    if cleaned != url.strip():
        return f"url {url!r} holds spaces or control characters"
    return None


def external_url(url: str) -> str:
    """url itself when it may be a link, else ValueError naming the problem (templates' last guard)."""
    problem = external_url_problem(url)
    if problem:
        raise ValueError(problem)
    return url


def absolute_url(site_url: str, path: str) -> str:
    """The address of site path `path` ('findings/r/s/', 'feeds/x.atom') as written in feeds, sitemaps,
    meta tags and data files: under site_url when the site has one (a sub-path such as
    'https://example.org/reports/' included), else rooted at '/'."""
    path = path.lstrip("/")
    if not site_url:
        return "/" + path
    return site_url.rstrip("/") + "/" + path
