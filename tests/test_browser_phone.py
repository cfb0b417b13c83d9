"""The list tables (numbers, tables, audit) on a phone, in headless Chromium: each row is a card that
names its fields by their column's header, nothing scrolls sideways, the numbers' filters still hide and
show cards, both colour schemes keep their contrast; on a desktop they stay tables."""

# The browser fixtures come from test_browser (one browser per run); pytest passes them in by name.
# ruff: noqa: F811
from __future__ import annotations

import re
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from browser_support import BuiltSite, build_once
from test_browser import site_url  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
LIST_PAGES = ["numbers/", "tables/", "audit/"]

# Each body cell's display, the label its card shows (the ::before content) and its column's header.
_CELLS = """() => Array.from(document.querySelectorAll("article table tbody tr")).slice(0, 5).map(tr => ({
  row: getComputedStyle(tr).display,
  right: tr.getBoundingClientRect().right,
  cells: Array.from(tr.children).map((cell, i) => ({
    label: getComputedStyle(cell, "::before").content,
    header: tr.closest("table").querySelectorAll("thead th")[i].textContent.trim(),
    empty: cell.textContent.trim() === "",
  })),
}))"""
_OVERFLOW = "() => [document.documentElement.scrollWidth, window.innerWidth]"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory)


def _tab(browser: Browser, **options: Any) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


@pytest.mark.parametrize("path", LIST_PAGES)
def test_a_list_table_reads_as_labelled_cards_on_a_phone(browser: Browser, site_url: str, path: str) -> None:
    context, page, errors = _tab(browser, viewport=PHONE, is_mobile=True, device_scale_factor=2)
    page.goto(site_url + path)
    width, inner = page.evaluate(_OVERFLOW)
    # A phone widens its layout viewport to fit a page too wide for it: innerWidth tells.
    assert inner == PHONE["width"] and width <= inner, f"{path} scrolls sideways on a phone: {width} px"
    rows = page.evaluate(_CELLS)
    assert rows, f"{path} has no rows to show"
    for row in rows:
        assert row["row"] == "block", f"{path}: a row is not a card"
        assert row["right"] <= PHONE["width"], f"{path}: a card runs off the screen"
        for cell in row["cells"]:
            assert cell["empty"] or cell["label"] == f'"{cell["header"]}"', (path, cell)
    assert not errors, errors
    context.close()


def test_on_a_desktop_the_list_tables_stay_tables(browser: Browser, site_url: str) -> None:
    context, page, errors = _tab(browser, viewport={"width": 1280, "height": 800})
    for path in LIST_PAGES:
        page.goto(site_url + path)
        assert page.locator("article table thead").first.is_visible()
        for row in page.evaluate(_CELLS):
            assert row["row"] == "table-row", f"{path}: a row is not a table row on a desktop"
            assert {c["label"] for c in row["cells"]} == {"none"}, f"{path}: a cell shows a label"
    assert not errors, errors
    context.close()


def _shown(page: Page) -> list[str]:
    """The report of each card on screen."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("table[data-filterable] tbody tr"))
        .filter(tr => tr.getBoundingClientRect().height > 0).map(tr => tr.dataset.report)"""
    )


def test_the_filters_hide_and_show_the_cards_on_a_phone(browser: Browser, site_url: str) -> None:
    context, page, errors = _tab(browser, viewport=PHONE, is_mobile=True, device_scale_factor=2)
    page.goto(site_url + "numbers/")
    every = _shown(page)
    reports = sorted(set(every))
    assert len(reports) >= 2, "the numbers page needs two reports' numbers to filter"
    select = page.locator("select[data-filter='report']")
    select.select_option(reports[0])
    assert _shown(page) == [r for r in every if r == reports[0]]
    assert page.locator("[data-count]").inner_text().startswith(f"{every.count(reports[0])} of {len(every)}")
    select.select_option("")
    assert _shown(page) == every
    assert not errors, errors
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_cards_keep_their_contrast_in_both_schemes(browser: Browser, site_url: str, scheme: str) -> None:
    context, page, _ = _tab(browser, viewport=PHONE, is_mobile=True, color_scheme=scheme)
    for path in LIST_PAGES:
        page.goto(site_url + path)
        found = Axe().run(page, context="article table").response["violations"]
        serious = [
            f"{v['id']}: {v['nodes'][0]['target']}" for v in found if v["impact"] in ("serious", "critical")
        ]
        assert not serious, f"{path} ({scheme}): {serious}"
    context.close()


def test_a_two_column_table_shows_its_numbers_on_a_phone(
    browser: Browser, site_url: str, built_site: BuiltSite
) -> None:
    """A long header over a numeric column wraps, so that every number is in view without scrolling."""
    pages = sorted((built_site.site / "tables").glob("*/index.html"))
    heads = {p: re.search(r"<thead><tr>(.*?)</tr></thead>", p.read_text(encoding="utf-8")) for p in pages}
    narrow = [p for p, head in heads.items() if head and head[1].count("<th") == 2]
    assert narrow, "no table page has a table of two columns"
    context, page, errors = _tab(browser, viewport=PHONE, is_mobile=True, device_scale_factor=2)
    for path in narrow:
        page.goto(site_url + path.parent.relative_to(built_site.site).as_posix() + "/")
        wrap = page.locator("div.table-wrap").first
        right = wrap.evaluate("w => w.getBoundingClientRect().right")
        cells = page.locator("div.table-wrap tbody td.num").evaluate_all(
            "tds => tds.map(td => td.getBoundingClientRect().right)"
        )
        assert cells and max(cells) <= right + 1, f"{path.parent.name}: a number is cut off"
    assert not errors, errors
    context.close()
