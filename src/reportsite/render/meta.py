"""A page's <head> tags: its description, Open Graph, Dublin Core and the citation_* tags that reference
managers and scholarly search engines read, and links to its Atom feeds.

The tags are written here once, as HTML, for both ways a page is made: MkDocs pages carry them in their
front matter (`head`), which templates/overrides/main.html puts in the head; finding pages made without
MkDocs get them in place of the shell page's marker (render/findings.py).
"""

from __future__ import annotations

import html

import yaml
from markupsafe import Markup

from reportsite.render.cite import Citation, clean
from reportsite.urls import absolute_url

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FEED_REL = "alternate feed"
"""Feed readers look for the 'alternate' token; Material's script takes a link whose rel is exactly
'alternate' for another language of the site and fetches a sitemap beside it, a 404 for a feed."""


def _meta(attr: str, name: str, value: str) -> str:
    """One tag; value is already folded onto one line (a Citation's fields are)."""
    return f'<meta {attr}="{name}" content="{html.escape(value, quote=True)}">'


def _scholar_date(date: str) -> str:
    """Google Scholar's date form: 2023/10/30, 2023/10 or 2023."""
    return date.replace("-", "/")


def head_html(
    page_path: str,
    title: str,
    description: str,
    site_url: str = "",
    citation: Citation | None = None,
    feeds: tuple[tuple[str, str], ...] = (),
) -> str:
    """The tags of one page; feeds: (title, site path) of the Atom feeds that follow what it shows."""
    title, description = clean(title), clean(description)
    tags = [_meta("name", "description", description)]
    og_type = "article" if citation else "website"
    tags += [_meta("property", "og:type", og_type), _meta("property", "og:title", title)]
    tags.append(_meta("property", "og:description", description))
    if site_url:
        # Open Graph wants an absolute address; without a site_url there is none to give.
        tags.append(_meta("property", "og:url", absolute_url(site_url, page_path)))
    if citation is not None:
        c = citation
        tags += [
            _meta("name", "citation_title", c.title),
            _meta("name", "citation_author", c.publisher),
            _meta("name", "citation_publisher", c.publisher),
            _meta("name", "citation_publication_date", _scholar_date(c.date)),
            _meta("name", "citation_abstract_html_url", c.url),
        ]
        if c.kind == "part":
            tags.append(_meta("name", "citation_inbook_title", c.container))
        if c.first_page:
            tags.append(_meta("name", "citation_firstpage", c.first_page))
        if c.last_page:
            tags.append(_meta("name", "citation_lastpage", c.last_page))
        if c.pdf_url:
            tags.append(_meta("name", "citation_pdf_url", c.pdf_url))
        tags += [
            _meta("name", "DC.title", c.title),
            _meta("name", "DC.creator", c.publisher),
            _meta("name", "DC.publisher", c.publisher),
            _meta("name", "DC.date", c.date),
            _meta("name", "DC.type", "Text"),
            _meta("name", "DC.format", "text/html"),
            _meta("name", "DC.identifier", c.url),
            _meta("name", "DC.description", description),
        ]
        if c.kind == "part":
            tags.append(_meta("name", "DC.source", c.container))
    for feed_title, feed_path in feeds:
        # A page path 'a/b/' is two folders deep; the feed is reached from the site's root.
        href = html.escape("../" * page_path.count("/") + feed_path, quote=True)
        name = html.escape(clean(feed_title), quote=True)
        tags.append(f'<link rel="{FEED_REL}" type="application/atom+xml" title="{name}" href="{href}">')
    return "\n".join(tags)


def front_matter(**meta: object) -> Markup:
    """A Markdown page's YAML front matter (MkDocs' page.meta); values may hold any text."""
    # str(): a Markup value is a str subclass, which the safe dumper has no representer for.
    plain = {k: str(v) if isinstance(v, str) else v for k, v in meta.items()}
    # libyaml's emitter where PyYAML has it: the pure-Python one spends milliseconds on each long head
    # value, on every page. MkDocs reads the values back, so only they must agree, not the bytes.
    body = yaml.dump(plain, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)
    return Markup(f"---\n{body}---\n")
