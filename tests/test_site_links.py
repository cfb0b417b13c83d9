"""Every internal link, image, stylesheet and script of the built site reaches a file, and every
`#fragment` reaches an element on the page it points into: a reader never meets a dead end."""

from __future__ import annotations

import pytest

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

    broken: list[str] = []
    checked = 0
    for html in pages:
        here = page_url(site, html)
        for tag, attr, ref in parse_html(html).refs:
            target = resolve(here, ref)
            if target is None:
                continue
            path, fragment = target
            checked += 1
            where = f"{here}: <{tag} {attr}={ref!r}>"
            dest = file_for(site, path)
            if dest is None:
                broken.append(f"{where} -> no file for {path}")
                continue
            if fragment in SCRIPT_FRAGMENTS or dest.suffix != ".html":
                continue
            parsed = parse_html(dest)
            # A redirect page has no content of its own; the fragment is for the page it forwards to.
            if parsed.is_redirect:
                continue
            if not fragment_resolves(fragment, parsed.ids):
                broken.append(f"{where} -> no id {fragment!r} in {page_url(site, dest)}")

    assert checked > 100, f"only {checked} internal references found: is the site built?"
    assert not broken, f"{len(broken)} broken of {checked} internal references:\n" + "\n".join(
        sorted(set(broken))[:80]
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
