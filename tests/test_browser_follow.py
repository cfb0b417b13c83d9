"""Reading comfort and citing, in headless Chromium: the dark-mode toggle, the cite block's copy button and
its BibTeX download, the PDF page view with the cited block outlined, the 404 page, print, a phone."""

# The browser fixtures come from test_browser (one browser per run); pytest passes them in by name.
# ruff: noqa: F811
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page

from browser_support import REPO, BuiltSite, build_once, serve
from test_browser import site_url  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# A two-page evaluation brief in two columns (tests/real-reports/README.md): findings cite blocks on page 2.
PDF_REPORT = REPO / "tests" / "real-reports" / "hoa_eu_ji_evaluation_learning_brief.pdf"
PDF_CATALOGUE = """reports:
  - id: brief
    title: "Evaluation brief"
    publisher: IOM
    date: "2023-03"
    kind: evaluation
    file: brief.pdf
"""


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return build_once(tmp_path_factory)


@pytest.fixture(scope="module")
def pdf_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site of one PDF report, served; yields its base URL."""
    root = tmp_path_factory.mktemp("pdf-site")
    (root / "sources").mkdir()
    shutil.copy(PDF_REPORT, root / "sources" / "brief.pdf")
    shutil.copy(REPO / "sources" / "themes.yml", root / "sources" / "themes.yml")
    (root / "sources" / "catalogue.yml").write_text(PDF_CATALOGUE, encoding="utf-8")
    exe = Path(sys.executable).with_name("reportsite")
    result = subprocess.run(
        [str(exe), "--project", str(root), "build"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with serve(root / "site") as url:
        yield url


def _tab(browser: Browser, **options: object) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(**options)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return context, page, errors


def _serious(page: Page, include: str | None = None) -> list[str]:
    results = Axe().run(page, context=include) if include else Axe().run(page)
    return [
        f"{v['id']}: {v['help']} e.g. {v['nodes'][0]['target']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _a_finding(built: BuiltSite) -> str:
    return f"findings/{built.findings[0]['id']}/"


def test_the_toggle_switches_to_the_dark_scheme_and_it_stays(
    browser: Browser, site_url: str, built_site: BuiltSite, tmp_path: Path
) -> None:
    context, page, errors = _tab(browser, viewport={"width": 1280, "height": 800}, color_scheme="light")
    page.goto(site_url + _a_finding(built_site))
    scheme = "() => document.body.getAttribute('data-md-color-scheme')"
    background = "() => getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(scheme) == "default"
    light = page.evaluate(background)
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function(f"({scheme})() === 'slate'")
    assert page.evaluate(background) != light
    page.screenshot(path=str(tmp_path / "dark.png"))
    assert not _serious(page, "article"), "the dark scheme has accessibility faults"
    page.reload()
    assert page.evaluate(scheme) == "slate", "the choice is forgotten on the next page"
    assert not errors, errors
    context.close()


def test_the_cite_block_copies_the_citation_and_its_bibtex_parses(
    browser: Browser, site_url: str, built_site: BuiltSite
) -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    context, page, errors = _tab(browser, viewport={"width": 1280, "height": 800}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    finding = built_site.findings[0]
    report = next(d["report"] for d in built_site.extracts if finding in (d.get("findings") or []))
    page.goto(site_url + _a_finding(built_site))
    button = page.locator(".cite .cite-copy")
    button.click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent !== ''")
    assert page.locator(".cite-status").inner_text() == "Citation copied."
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert report["title"] in copied and report["publisher"] in copied
    assert urlsplit(site_url).netloc + "/" + _a_finding(built_site) in copied

    with page.expect_download() as download:
        page.locator(".cite a", has_text="BibTeX").click()
    text = Path(download.value.path()).read_text(encoding="utf-8")
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["booktitle"].replace("\\textquotesingle{}", "'") and fields["year"] == report["date"][:4]
    assert not errors, errors
    context.close()


def test_the_copy_button_falls_back_without_the_clipboard_api(
    browser: Browser, site_url: str, built_site: BuiltSite
) -> None:
    context, page, errors = _tab(browser, viewport={"width": 1280, "height": 800})
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined});")
    page.goto(site_url + _a_finding(built_site))
    page.locator(".cite .cite-copy").click()
    page.wait_for_function("() => document.querySelector('.cite-status').textContent !== ''")
    assert page.locator(".cite-status").inner_text() in (
        "Citation copied.",
        "Copying is not allowed here: select the citation and copy it.",
    )
    assert not errors, errors
    context.close()


def test_a_pdf_citation_opens_the_page_picture_with_the_block_outlined(
    browser: Browser, pdf_site: str, tmp_path: Path
) -> None:
    context, page, errors = _tab(browser, viewport={"width": 1280, "height": 800})
    page.goto(pdf_site + "reports/brief/")
    finding = page.locator("article a[href*='/findings/brief/'], article a[href^='../../findings/brief/']")
    finding.first.click()
    link = page.locator("article a.source-link")
    href = link.get_attribute("href") or ""
    fragment = urlsplit(href).fragment
    assert fragment.startswith("page-") and "-at-" in fragment, href
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).fragment == fragment)
    box = page.locator(f"[id='{fragment}']")
    image = page.locator(f"[id='{fragment}']").locator("xpath=..").locator("img")
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    box.scroll_into_view_if_needed()
    look = box.evaluate(
        "el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();"
        " return {border: s.borderTopColor, width: s.borderTopWidth, w: r.width, h: r.height}; }"
    )
    assert look["w"] > 10 and look["h"] > 5, look
    assert look["border"] not in ("rgba(0, 0, 0, 0)", "transparent") and look["width"] != "0px", look
    others = page.locator("a.bbox").evaluate_all(
        f"els => els.filter(e => e.id !== '{fragment}').map(e => getComputedStyle(e).borderTopColor)"
    )
    assert all(c == "rgba(0, 0, 0, 0)" for c in others), "other blocks are outlined too"
    page.screenshot(path=str(tmp_path / "pdf-view.png"))
    assert not _serious(page), "the PDF page view has accessibility faults"
    assert not errors, errors
    context.close()


def test_the_404_page_offers_search_and_the_main_sections(browser: Browser, site_url: str) -> None:
    context, page, errors = _tab(browser, viewport=PHONE)
    page.goto(site_url + "404.html")
    assert page.locator("h1").first.inner_text() == "Page not found"
    sections = page.locator("ul.not-found-sections a")
    assert sections.count() >= 5
    # Judged before the search opens: while its overlay fades out, colours are read mid-blend.
    assert not _serious(page), "the 404 page has accessibility faults"
    page.locator("label[for='__search']", has_text="Search the site").click()
    page.locator("input.md-search__input").wait_for(state="visible")
    page.keyboard.press("Escape")
    assert not errors, errors
    context.close()


def test_printing_drops_the_json_and_shows_link_addresses(
    browser: Browser, site_url: str, built_site: BuiltSite
) -> None:
    context, page, _ = _tab(browser, viewport={"width": 1280, "height": 800})
    page.goto(site_url + _a_finding(built_site))
    page.emulate_media(media="print")
    assert not page.locator("pre.json").is_visible()
    after = page.locator("article a.source-link").evaluate("a => getComputedStyle(a, '::after').content")
    assert "http://" in after and "/sources/" in after, after
    tables = sorted((built_site.site / "tables").glob("*/index.html"))
    page.goto(site_url + tables[0].parent.relative_to(built_site.site).as_posix() + "/")
    header = page.locator("article table thead th").first
    assert header.is_visible() and header.inner_text().strip(), "a printed table loses its headers"
    context.close()


def test_a_phone_reads_the_finding_and_the_chart(
    browser: Browser, site_url: str, built_site: BuiltSite, tmp_path: Path
) -> None:
    context, page, errors = _tab(browser, viewport=PHONE, is_mobile=True, device_scale_factor=2)
    page.goto(site_url + _a_finding(built_site))
    overflow = "() => document.documentElement.scrollWidth - window.innerWidth"
    assert page.evaluate(overflow) <= 1, "the finding page scrolls sideways on a phone"
    assert page.locator(".cite .cite-copy").is_visible()
    charts = [
        t for t in sorted((built_site.site / "tables").glob("*/*.svg")) if (t.parent / "index.html").is_file()
    ]
    assert charts, "no table has a chart"
    page.goto(site_url + charts[0].parent.relative_to(built_site.site).as_posix() + "/")
    img = page.locator("figure.chart img")
    img.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=img.element_handle())
    shown = img.evaluate("img => img.getBoundingClientRect().width")
    svg = charts[0].read_text(encoding="utf-8")
    width_pt = float(re.search(r'width="([\d.]+)pt"', svg)[1])  # type: ignore[index]
    sizes = [float(s) for s in re.findall(r"font-size:\s*([\d.]+)px", svg)] or [
        float(s) for s in re.findall(r'font-size="([\d.]+)', svg)
    ]
    assert sizes, "the chart's text has no size"
    # The SVG's user unit is its point (viewBox in points): CSS pixels per unit at the phone's width.
    scale = shown / width_pt
    assert min(sizes) * scale >= 11, f"chart text is {min(sizes) * scale:.1f} px on a phone"
    assert page.locator("details.chart-data table tbody tr").count() >= 2
    page.screenshot(path=str(tmp_path / "phone-chart.png"), full_page=True)
    assert page.evaluate(overflow) <= 1, "the table page scrolls sideways on a phone"
    assert not errors, errors
    context.close()


def test_a_phone_s_filters_fit_its_screen(browser: Browser, site_url: str) -> None:
    context, page, errors = _tab(browser, viewport=PHONE, is_mobile=True, device_scale_factor=2)
    page.goto(site_url + "numbers/")
    selects = page.locator("form.filters select")
    assert selects.count() >= 2 and selects.first.is_visible(), "the filters do not show"
    for i in range(selects.count()):
        box = selects.nth(i).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (
            f"filter {i} runs off the phone's screen: {box}"
        )
    assert not errors, errors
    context.close()
