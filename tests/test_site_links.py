"""Every internal link, image, stylesheet and script of the built site reaches a file, and every
`#fragment` reaches an element on the page it points into: a reader never meets a dead end."""

from __future__ import annotations

import pytest
import yaml

from browser_support import (
    BuiltSite,
    build_once,
    file_for,
    fragment_resolves,
    html_files,
    page_url,
    parse_html,
    resolve,
)

# Fragments a page's own script handles rather than an element: Material's "back to top" and empty '#'.
SCRIPT_FRAGMENTS = {"", "__top"}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory)


def test_every_internal_link_resolves(built_site: BuiltSite) -> None:
    site = built_site.site
    pages = html_files(site)
    assert len(pages) > 10, f"the built site has only {len(pages)} HTML pages"

    # What is missing -> the pages that point at it, so one missing page reads as one line.
    broken: dict[str, set[str]] = {}
    checked = 0
    for html in pages:
        here = page_url(site, html)
        for tag, attr, ref in parse_html(html).refs:
            target = resolve(here, ref)
            if target is None:
                continue
            path, fragment = target
            checked += 1
            dest = file_for(site, path)
            if dest is None:
                broken.setdefault(f"no file for {path} (<{tag} {attr}>)", set()).add(here)
                continue
            if fragment in SCRIPT_FRAGMENTS or dest.suffix != ".html":
                continue
            parsed = parse_html(dest)
            # A redirect page has no content of its own; the fragment is for the page it forwards to.
            if parsed.is_redirect:
                continue
            if not fragment_resolves(fragment, parsed.ids):
                broken.setdefault(f"no id {fragment!r} in {page_url(site, dest)}", set()).add(here)

    assert checked > 100, f"only {checked} internal references found: is the site built?"
    lines = [
        f"{what}, linked from {len(origins)} page(s), e.g. {sorted(origins)[0]}"
        for what, origins in sorted(broken.items())
    ]
    assert not broken, f"{len(broken)} dead ends among {checked} internal references:\n" + "\n".join(
        lines[:80]
    )


def test_redirect_pages_forward_to_existing_pages(built_site: BuiltSite) -> None:
    site = built_site.site
    for html in html_files(site):
        parsed = parse_html(html)
        if not parsed.is_redirect:
            continue
        here = page_url(site, html)
        targets = [resolve(here, ref) for tag, attr, ref in parsed.refs if tag == "meta"]
        assert targets, f"{here}: a redirect page without a target"
        for target in targets:
            assert target is not None, f"{here}: redirects off the site"
            assert file_for(site, target[0]) is not None, f"{here}: redirects to missing {target[0]}"


def _contract_pages(built: BuiltSite) -> list[str]:
    """Every URL other tools and readers may rely on, as the extracts and the theme list call for it."""
    themes = yaml.safe_load((built.project / "sources" / "themes.yml").read_text(encoding="utf-8"))
    theme_list = themes["themes"] if isinstance(themes, dict) else themes
    pages = ["/", "/themes/", "/compare/", "/numbers/", "/glossary/", "/audit/", "/downloads/"]
    for doc in built.extracts:
        rid = doc["report"]["id"]
        pages += [f"/reports/{rid}/", f"/sources/{rid}/"]
        pages += [f"/findings/{f['id']}/" for f in doc.get("findings") or []]
        # A table id is '<report-id>/<slug>'; its page takes one path segment.
        pages += [f"/tables/{t['id'].replace('/', '-')}/" for t in doc.get("tables") or []]
    pages += [f"/themes/{t['id']}/" for t in theme_list]
    return pages


def test_every_page_the_url_contract_promises_exists(built_site: BuiltSite) -> None:
    assert built_site.findings, "the extracts hold no findings"
    missing = [p for p in _contract_pages(built_site) if file_for(built_site.site, p) is None]
    assert not missing, f"{len(missing)} promised pages are missing:\n" + "\n".join(missing[:50])


def test_source_readers_have_an_anchor_for_every_cited_line(built_site: BuiltSite) -> None:
    missing = []
    for doc in built_site.extracts:
        rid = doc["report"]["id"]
        reader = file_for(built_site.site, f"/sources/{rid}/")
        records = [r for key in ("findings", "tables", "figures", "numbers") for r in doc.get(key) or []]
        for record in records:
            lines = (record.get("source") or {}).get("lines")
            if lines and reader is not None:
                wanted = {f"L{lines[0]}", f"L{lines[1]}"}
                if not wanted <= parse_html(reader).ids:
                    missing.append(f"{record['id']}: /sources/{rid}/ lacks {sorted(wanted)}")
    assert not missing, "\n".join(missing[:50])
