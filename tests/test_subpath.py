"""The site published under a sub-path (https://example.org/sub/path/), as on GitHub Pages for a
project: served here under /sub/path/ only, a reader navigates, searches and follows a permalink with no
request outside the sub-path, no 404 and no console error."""

from __future__ import annotations

import contextlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from browser_support import BuiltSite, build_once

pytestmark = pytest.mark.browser

PREFIX = "/sub/path/"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory)


@contextlib.contextmanager
def serve_under(site: Path, prefix: str) -> Iterator[str]:
    """site/ served at prefix and nowhere else: a request outside it is a 404, as on a shared host."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(site / "does-not-exist")
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def _phrase(built: BuiltSite) -> tuple[str, str]:
    """(finding id, five words from the middle of its text that no other finding has)."""
    texts = {f["id"]: " ".join(f["text"].split()) for f in built.findings}
    for fid, text in sorted(texts.items(), key=lambda kv: -len(kv[1])):
        words = [w.strip(".,;:()\"'“”‘’") for w in text.split()]
        words = [w for w in words if w]
        phrase = " ".join(words[len(words) // 2 : len(words) // 2 + 5])
        if len(words) >= 12 and sum(phrase.lower() in t.lower() for t in texts.values()) == 1:
            return fid, phrase
    raise AssertionError("no finding has a phrase of its own")


def _click_to(page: Page, path: str) -> None:
    for a in page.locator("article a[href], main a[href], nav a[href]").all():
        if urlsplit(a.evaluate("a => a.href")).path == path and a.is_visible():
            a.click()
            page.wait_for_url(lambda url: urlsplit(url).path == path)
            return
    raise AssertionError(f"{page.url}: no visible link to {path}")


def test_the_site_works_under_a_sub_path(built_site: BuiltSite, browser: Browser) -> None:
    finding_id, phrase = _phrase(built_site)
    report_id = finding_id.split("/")[0]
    problems: list[str] = []
    with serve_under(built_site.site, PREFIX) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(15_000)
        host = urlsplit(base).netloc
        page.route("**/*", lambda r: r.continue_() if urlsplit(r.request.url).netloc == host else r.abort())
        page.on("console", lambda m: problems.append(f"console: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
        page.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on(
            "request",
            lambda r: (
                problems.append(f"outside the sub-path: {r.url}")
                if not urlsplit(r.url).path.startswith(PREFIX)
                else None
            ),
        )

        page.goto(base)
        page.wait_for_load_state("networkidle")
        # Navigate: the Reports tab, one report, then a finding of it through its page's links.
        _click_to(page, f"{PREFIX}reports/")
        _click_to(page, f"{PREFIX}reports/{report_id}/")
        page.wait_for_load_state("networkidle")

        # Search, from the report page, for a phrase only one finding has, and open the result.
        page.keyboard.press("/")
        box = page.locator("input.md-search__input")
        box.wait_for(state="visible")
        box.press_sequentially(phrase, delay=15)
        page.locator(".md-search-result__item").first.wait_for()
        target = f"{PREFIX}findings/{finding_id}/"
        results = page.locator(".md-search-result__item > a.md-search-result__link")
        hrefs = [urlsplit(a.evaluate("a => a.href")).path for a in results.all()]
        assert target in hrefs, f"searching {phrase!r} lists {hrefs[:10]}, not {target}"
        results.nth(hrefs.index(target)).click()
        page.wait_for_url(lambda url: urlsplit(url).path == target)
        page.wait_for_load_state("networkidle")

        # The permalink the page shows is the address it was reached at, under the sub-path.
        permalink = page.locator(".permalink[data-self]").first.inner_text().strip()
        assert urlsplit(permalink).path == target, permalink
        # Following it, as a reader pasting it would, lands on the same page.
        page.goto(permalink)
        page.wait_for_load_state("networkidle")
        assert urlsplit(page.url).path == target
        # The citation opens the source reader, under the sub-path too.
        source = f"{PREFIX}sources/{report_id}/"
        _click_to(page, source)
        page.wait_for_load_state("networkidle")
        context.close()
    assert not problems, problems
