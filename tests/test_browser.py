"""The built site as a reader uses it, in headless Chromium: pages load cleanly and offline, a theme
leads to a finding, a citation opens the source at the quoted lines, search finds a finding by its words,
the comparison shows both cycles, tables sort and download as CSV, and axe-core finds no serious
accessibility fault."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Request
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from browser_support import (
    LINE_RANGE,
    BuiltSite,
    build_once,
    page_url,
    serve,
)

pytestmark = pytest.mark.browser

TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory)


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    with serve(built_site.site) as url:
        yield url


@dataclass
class Visit:
    """A browser tab on the site, with everything that went wrong while it was open."""

    page: Page
    base: str
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    offsite_requests: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path.lstrip("/"))

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def links(self) -> list[tuple[str, str]]:
        """(absolute URL, visible text) of every link in the page's main content."""
        return self.page.eval_on_selector_all(
            "article a[href], main a[href]", "els => els.map(a => [a.href, a.innerText.trim()])"
        )

    def click_link_to(self, path: str) -> None:
        """Click the first visible link in the content whose target is `path` (any fragment)."""
        for a in self.page.locator("article a[href], main a[href]").all():
            href = a.evaluate("a => a.href")
            if urlsplit(href).path == path and a.is_visible():
                a.click()
                self.page.wait_for_url(lambda url: urlsplit(url).path == path)
                return
        raise AssertionError(f"{self.path}: no visible link to {path}")


@pytest.fixture
def visit(browser: Browser, site_url: str) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    v = Visit(page, site_url)
    host = urlsplit(site_url).netloc

    def on_request(request: Request) -> None:
        if urlsplit(request.url).scheme in ("http", "https", "ws", "wss") and (
            urlsplit(request.url).netloc != host
        ):
            v.offsite_requests.append(request.url)

    # The site must work offline: anything it asks of another host is recorded and refused, so a test
    # never waits on the network and a font or script from a CDN shows up as a failure.
    def route(route: Any) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort()

    page.on("request", on_request)
    page.on("requestfailed", lambda r: v.failed_requests.append(f"{r.url} ({r.failure})"))
    page.on(
        "response", lambda r: v.failed_requests.append(f"{r.url} ({r.status})") if r.status >= 400 else None
    )
    page.on("console", lambda m: v.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: v.console_errors.append(str(e)))
    page.route("**/*", route)
    yield v
    context.close()


def _finding_path(finding_id: str) -> str:
    return f"/findings/{finding_id}/"


def _pages_under(built: BuiltSite, section: str) -> list[str]:
    """URL paths of the pages one level under /<section>/, as the site publishes them."""
    return [page_url(built.site, p) for p in sorted((built.site / section).glob("*/index.html"))]


# ---------------------------------------------------------------------------------------------------


def test_home_page_loads_cleanly_and_offline(visit: Visit) -> None:
    visit.open("/")
    visit.page.wait_for_load_state("networkidle")
    assert visit.page.locator("h1").first.inner_text().strip(), "the home page has no heading"
    assert not visit.console_errors, f"console errors: {visit.console_errors}"
    assert not visit.offsite_requests, f"requests leaving 127.0.0.1: {visit.offsite_requests}"
    assert not visit.failed_requests, f"failed requests: {visit.failed_requests}"


def test_a_theme_page_leads_to_a_finding(visit: Visit, built_site: BuiltSite) -> None:
    finding_path = re.compile(r"^/findings/([a-z0-9-]+/[a-z0-9.-]+)/$")
    visit.open("/themes/")
    theme_paths = [
        path
        for path in dict.fromkeys(urlsplit(href).path for href, _ in visit.links())
        if re.fullmatch(r"/themes/[a-z0-9-]+/", path)
    ]
    assert theme_paths, "/themes/ links to no theme page"
    for theme in theme_paths:
        visit.open("/themes/")
        visit.click_link_to(theme)
        findings = [urlsplit(h).path for h, _ in visit.links() if finding_path.match(urlsplit(h).path)]
        if findings:
            break
    else:
        raise AssertionError(f"none of the {len(theme_paths)} theme pages links to a finding")

    visit.click_link_to(findings[0])
    finding_id = finding_path.match(visit.path)[1]  # type: ignore[index]
    quote = " ".join(built_site.finding(finding_id)["text"].split())
    shown = " ".join(visit.page.locator("article").first.inner_text().split())
    assert quote[:60] in shown, f"{visit.path} does not show the finding's text"


# How one source line looks, as far as highlighting goes: a cited line must look different from the
# others, which a class without a style would not do.
_LINE_LOOK = """id => {
  const el = document.getElementById(id);
  if (!el) return null;
  const s = getComputedStyle(el);
  return [s.backgroundColor, s.outlineStyle, s.boxShadow, s.borderLeftStyle,
          s.borderLeftColor, s.fontWeight].join('|');
}"""


def test_a_citation_opens_the_source_at_the_highlighted_lines(visit: Visit, built_site: BuiltSite) -> None:
    cited = [f for f in built_site.findings if (f.get("source") or {}).get("lines")]
    assert cited, "no finding cites lines of a text source"
    # A range of lines if there is one, and the one furthest down its source, so that landing on it needs
    # the page to scroll and every line of the range must light up.
    finding = max(
        cited, key=lambda f: (f["source"]["lines"][1] > f["source"]["lines"][0], f["source"]["lines"][0])
    )
    first, last = finding["source"]["lines"]
    report_id = finding["id"].split("/")[0]

    visit.open(_finding_path(finding["id"]))
    citation = None
    for href, _ in visit.links():
        parts = urlsplit(href)
        m = LINE_RANGE.match(parts.fragment)
        if parts.path == f"/sources/{report_id}/" and m and int(m[1]) == first:
            citation = href
            break
    assert citation, f"{visit.path} has no link to /sources/{report_id}/#L{first}-L{last}"
    visit.page.locator(f'article a[href$="#{urlsplit(citation).fragment}"]').first.click()
    visit.page.wait_for_url(lambda url: urlsplit(url).path == f"/sources/{report_id}/")
    assert urlsplit(visit.page.url).fragment == urlsplit(citation).fragment

    inside = [f"L{n}" for n in range(first, last + 1)]
    outside = f"L{last + 1}" if visit.page.locator(f"#L{last + 1}").count() else f"L{first - 1}"
    assert visit.page.locator(f"#{outside}").count(), f"the source reader has no line {outside}"
    # Highlighting may be applied by a script once the page has loaded, so wait for it.
    try:
        visit.page.wait_for_function(
            f"""() => {{
              const look = {_LINE_LOOK};
              const other = look({outside!r});
              return {inside!r}.every(id => look(id) !== null && look(id) !== other);
            }}"""
        )
    except PlaywrightTimeoutError:
        looks = {i: visit.page.evaluate(_LINE_LOOK, i) for i in [*inside, outside]}
        raise AssertionError(
            f"{visit.path}#{urlsplit(citation).fragment}: the cited lines do not look different from "
            f"line {outside} (background|outline|shadow|border|weight): {looks}"
        ) from None

    box = visit.page.evaluate(
        f"""() => {{
          const el = document.getElementById('L{first}');
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 40), r.top + r.height / 2);
          return {{top: r.top, bottom: r.bottom, height: innerHeight, visible: el.contains(hit)}};
        }}"""
    )
    assert box["top"] >= 0 and box["bottom"] <= box["height"], f"line {first} is off screen: {box}"
    assert box["visible"], f"line {first} is in the viewport but covered (e.g. by the sticky header)"


def _search_phrase(built: BuiltSite) -> tuple[str, str]:
    """(finding id, five consecutive words of its text) for a finding whose words are its own."""
    texts = {f["id"]: " ".join(f["text"].split()) for f in built.findings}
    for fid, text in sorted(texts.items(), key=lambda kv: -len(kv[1])):
        words = [w.strip(".,;:()\"'“”‘’") for w in text.split()]
        words = [w for w in words if w]
        if len(words) < 12:
            continue
        mid = len(words) // 2
        phrase = " ".join(words[mid : mid + 5])
        # A phrase other findings share could rank other pages first; take one only this finding has.
        if sum(phrase.lower() in t.lower() for t in texts.values()) == 1:
            return fid, phrase
    raise AssertionError("no finding has a phrase of its own to search for")


def test_search_finds_a_finding_by_a_phrase_of_its_text(visit: Visit, built_site: BuiltSite) -> None:
    finding_id, phrase = _search_phrase(built_site)
    target = _finding_path(finding_id)
    visit.open("/")
    visit.page.keyboard.press("/")
    box = visit.page.locator("input.md-search__input")
    box.wait_for(state="visible")
    box.press_sequentially(phrase, delay=15)
    try:
        visit.page.locator(".md-search-result__item").first.wait_for()
    except PlaywrightTimeoutError:
        meta = visit.page.locator(".md-search-result__meta").inner_text()
        raise AssertionError(f"searching {phrase!r} lists nothing ({meta!r})") from None

    results = visit.page.locator(".md-search-result__item > a.md-search-result__link")
    hrefs = [urlsplit(a.evaluate("a => a.href")).path for a in results.all()]
    assert target in hrefs, f"searching {phrase!r} does not list {target}; it lists {hrefs[:10]}"
    results.nth(hrefs.index(target)).click()
    visit.page.wait_for_url(lambda url: urlsplit(url).path == target)


# The theme page's columns: the heading of each cycle's section and the text of its quotes.
_CYCLES = """() => [...document.querySelectorAll('article section.cycle')].map(s => ({
  head: s.querySelector('h3').innerText.trim(),
  text: s.innerText,
}))"""


def _fold(text: str) -> str:
    return " ".join(text.split()).lower()


def test_the_comparison_decides_each_status_by_quotes_and_shows_both_cycles(
    visit: Visit, built_site: BuiltSite
) -> None:
    # What each cycle's reports say, by the opening words of their sentences (a column may quote the part
    # of a finding it is about).
    openings = {
        cycle: {
            _fold(sentence)[:40]
            for doc in built_site.extracts
            if doc["report"].get("cycle") == cycle
            for f in doc.get("findings") or []
            for sentence in f["text"].split(". ")
            if len(sentence) >= 40
        }
        for cycle in ("2019", "2023")
    }
    assert openings["2019"] and openings["2023"], "the extracts lack findings of one cycle"
    visit.open("/compare/")
    assert visit.page.locator("#the-rule").count() == 1, "the compare page states no rule"
    rows = visit.page.locator("table.compare tbody tr")
    assert rows.count() >= 10
    # A row with a 2019 quote and a 2023 quote among those that decide its status.
    both = None
    for row in rows.all():
        sides = [_fold(x) for x in row.locator(".deciding .side").all_inner_texts()]
        if any("2019" in x for x in sides) and any(x.startswith("2023") for x in sides):
            both = row
            break
    assert both is not None, "no theme's status is decided by quotes of both cycles"
    theme_id = both.get_attribute("id")
    visit.open(f"/compare/#{theme_id}")
    assert visit.page.locator(f"tr#{theme_id}").is_visible()
    visit.click_link_to(f"/themes/{theme_id}/")
    cycles = visit.page.evaluate(_CYCLES)
    texts = {c["head"]: _fold(c["text"]) for c in cycles}
    assert any("2019" in h and any(o in t for o in openings["2019"]) for h, t in texts.items()), texts.keys()
    assert any(h.startswith("2023") and any(o in t for o in openings["2023"]) for h, t in texts.items())


def test_the_compare_status_column_fits_a_laptop_and_rows_become_cards_on_a_phone(
    browser: Browser, site_url: str
) -> None:
    for width, height in ((1280, 800), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(site_url + "compare/")
        badge = page.locator("table.compare tbody tr").first.locator(".status").bounding_box()
        assert badge is not None
        assert badge["x"] + badge["width"] <= width, f"the status is off-screen at {width} px"
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the compare page scrolls sideways at {width} px"
        if width < 760:
            display = page.evaluate(
                "() => getComputedStyle(document.querySelector('table.compare tbody tr')).display"
            )
            assert display == "block", "rows are not cards on a phone"
        context.close()


def _axe_target(built: BuiltSite, kind: str) -> str:
    if kind == "home":
        return "/"
    if kind == "compare":
        return "/compare/"
    if kind == "finding":
        assert built.findings, "the extracts hold no findings"
        return _finding_path(built.findings[0]["id"])
    pages = _pages_under(built, {"theme": "themes", "table": "tables"}[kind])
    assert pages, f"the site has no {kind} page"
    return pages[0]


@pytest.mark.parametrize("kind", ["home", "finding", "theme", "table", "compare"])
def test_no_serious_accessibility_violations(visit: Visit, built_site: BuiltSite, kind: str) -> None:
    path = _axe_target(built_site, kind)
    visit.open(path)
    visit.page.wait_for_load_state("networkidle")
    assert visit.path == path, f"{path} redirected to {visit.path}"
    results = Axe().run(visit.page)
    bad = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])}x, e.g. {v['nodes'][0]['target']}"
        for v in bad
    )
    assert not bad, f"{path}:\n{report}"


# A number as a table cell shows it: "1,234", "USD 2.99", "$5", "12%", "3.4 million", "(5)", "−3".
_NUMBER = re.compile(
    r"^(?P<neg>[-−]|\()?\s*(?:[A-Z]{3}\s?|[$€£])?\s*(?P<int>\d{1,3}(?:[, ]\d{3})+|\d+)(?P<frac>\.\d+)?"
    r"\s*(?:%|million|billion|thousand|bn|m|k)?\)?$"
)


def _number(text: str) -> float | None:
    """The number a cell shows, or None for words or a blank."""
    m = _NUMBER.match(text.strip().replace("\u00a0", " "))
    if not m:
        return None
    value = float(m["int"].replace(",", "").replace(" ", "") + (m["frac"] or ""))
    return -value if m["neg"] else value


_TABLE_CELLS = """() => {
  const t = document.querySelector('article table');
  if (!t) return null;
  const heads = [...t.querySelectorAll('thead th')].map(th => th.innerText.trim());
  const rows = [...t.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(td => td.innerText.trim()));
  return {heads, rows};
}"""


def _numeric_column(table: dict[str, Any]) -> int | None:
    """A column whose cells are numbers (a stray blank or 'n/a' allowed), with at least three values."""
    for i in range(len(table["heads"])):
        cells = [row[i] for row in table["rows"] if i < len(row)]
        values = [_number(c) for c in cells]
        known = [v for v in values if v is not None]
        if len(set(known)) >= 3 and len(known) >= 0.75 * len(cells):
            return i
    return None


def _column(visit: Visit, col: int) -> list[float]:
    table = visit.page.evaluate(_TABLE_CELLS)
    return [v for row in table["rows"] if (v := _number(row[col])) is not None]


def test_clicking_a_numeric_header_sorts_the_table(visit: Visit, built_site: BuiltSite) -> None:
    pages = _pages_under(built_site, "tables")
    assert pages, "the site has no table page"
    for path in pages:
        visit.open(path)
        table = visit.page.evaluate(_TABLE_CELLS)
        if table and (col := _numeric_column(table)) is not None:
            break
    else:
        raise AssertionError(f"none of the {len(pages)} table pages has a numeric column")

    header = visit.page.locator("article table thead th").nth(col)
    header.click()
    first = _column(visit, col)
    assert first in (sorted(first), sorted(first, reverse=True)), (
        f"{path}: one click on {table['heads'][col]!r} leaves {first}"
    )
    header.click()
    second = _column(visit, col)
    assert second in (sorted(second), sorted(second, reverse=True)), (
        f"{path}: two clicks on {table['heads'][col]!r} leave {second}"
    )
    assert second != first, f"{path}: clicking {table['heads'][col]!r} again does not reverse the order"


def test_a_table_page_offers_its_rows_as_csv(visit: Visit, built_site: BuiltSite) -> None:
    pages = _pages_under(built_site, "tables")
    assert pages, "the site has no table page"
    visit.open(pages[0])
    shown = visit.page.evaluate(_TABLE_CELLS)
    assert shown, f"{pages[0]} shows no table"
    link = visit.page.locator('article a[href$=".csv"]').first
    assert link.count(), f"{pages[0]} has no CSV link"
    with visit.page.expect_download() as download:
        link.click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows, "the CSV is empty"
    # The CSV carries the table's columns and one line per row shown (its header row aside).
    assert len(rows[0]) == len(shown["heads"]), f"CSV header {rows[0]} vs table header {shown['heads']}"
    assert len(rows) - 1 == len(shown["rows"]), f"{len(rows) - 1} CSV rows vs {len(shown['rows'])} shown"
