"""The built site, served locally, and what the browser and link tests need to read it.

The site is built once per test run from a copy of the repository's sources, so the tests see what
`reportsite build` publishes and never touch the working tree's extract/ or site/. To rerun the tests
against a project folder already built, name it in REPORTSITE_BUILT_PROJECT.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
# What a project folder holds; anything else in the repository is not read by the build.
PROJECT_PARTS = ("sources", "templates", "extract", "mkdocs.yml", "overrides", "assets", "docs")

# Debian's package (what `make browser` installs); REPORTSITE_CHROMIUM names another build of Chromium.
CHROMIUM = Path(
    os.environ.get("REPORTSITE_CHROMIUM")
    or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium") or "chromium")
)
# Flags that keep Chromium from calling home, so that every request the tests see comes from the site.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class BuiltSite:
    """A project folder after `reportsite build`, and the extract records the build published."""

    project: Path

    @property
    def site(self) -> Path:
        return self.project / "site"

    @functools.cached_property
    def extracts(self) -> list[dict[str, Any]]:
        docs = []
        for path in sorted((self.project / "extract").glob("*.yml")):
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            # The ledger and any other bookkeeping file sit beside the extracts; only reports count.
            if isinstance(doc, dict) and "report" in doc:
                docs.append(doc)
        return docs

    @property
    def findings(self) -> list[dict[str, Any]]:
        return [f for doc in self.extracts for f in doc.get("findings") or []]

    @property
    def tables(self) -> list[dict[str, Any]]:
        return [t for doc in self.extracts for t in doc.get("tables") or []]

    def finding(self, finding_id: str) -> dict[str, Any]:
        for f in self.findings:
            if f["id"] == finding_id:
                return f
        raise KeyError(finding_id)


def _build(project: Path) -> str | None:
    """Copy the project's inputs into `project` and build it; the reason it failed, or None."""
    for name in PROJECT_PARTS:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, project / name)
        elif src.is_file():
            shutil.copy2(src, project / name)
    # The console script next to this interpreter is the one `make test` installed.
    exe = Path(sys.executable).with_name("reportsite")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from reportsite.cli import main; main()"]
    result = subprocess.run(
        [*cmd, "--project", str(project), "build"], capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0 or not (project / "site" / "index.html").is_file():
        # Every test that needs the site fails with this, rather than skipping: a broken build is news.
        return f"reportsite build exited {result.returncode}\n--- stderr ---\n{result.stderr[-4000:]}"
    return None


# Each test module declares its own fixture around build_once, and pytest keeps one fixture definition per
# module; the result is cached here so that a process asks for the build once however many modules use it.
_built: BuiltSite | None = None


def build_once(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """Build the site once per test run. Under pytest-xdist the workers share one build: the first to
    take the lock builds, the others wait and reuse it (or its failure), since a build takes a while."""
    global _built
    if _built is not None:
        return _built
    # A project folder someone has already built, to rerun the tests against without building again.
    if prebuilt := os.environ.get("REPORTSITE_BUILT_PROJECT"):
        _built = BuiltSite(Path(prebuilt).resolve())
        return _built
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    project = shared / "built-project"
    failed = shared / "built-project.failed"
    with open(shared / "built-project.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not (project / "site" / "index.html").is_file():
            shutil.rmtree(project, ignore_errors=True)
            project.mkdir()
            problem = _build(project)
            if problem:
                failed.write_text(problem, encoding="utf-8")
                pytest.fail(problem, pytrace=False)
    _built = BuiltSite(project)
    return _built


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port; yields the base URL, ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ---------------------------------------------------------------------------------------------------
# Reading built HTML without a browser


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    # (tag, attribute, value) for every href and src
    refs: list[tuple[str, str, str]] = field(default_factory=list)
    is_redirect: bool = False


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.page.ids.add(a["id"])
        # Old-style anchors still work as fragment targets in every browser.
        if tag == "a" and "name" in a:
            self.page.ids.add(a["name"])
        for attr in ("href", "src"):
            if attr in a:
                self.page.refs.append((tag, attr, a[attr]))
        if tag == "meta" and a.get("http-equiv", "").lower() == "refresh":
            self.page.is_redirect = True
            target = a.get("content", "").partition("url=")[2] or a.get("content", "").partition("URL=")[2]
            if target:
                self.page.refs.append((tag, "content", target.strip("'\" ")))


@functools.cache
def parse_html(path: Path) -> ParsedPage:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


def page_url(site: Path, html_file: Path) -> str:
    """The URL path a file is served at, as MkDocs' directory URLs give it."""
    rel = html_file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def file_for(site: Path, url_path: str) -> Path | None:
    """The file a static server answers a URL path with, or None for a 404."""
    target = site / url_path.lstrip("/")
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


LINE_RANGE = re.compile(r"^L(\d+)(?:-L(\d+))?$")


def fragment_resolves(fragment: str, ids: set[str]) -> bool:
    """An id on the page, or a source reader's line range `L12-L14` whose both ends are on the page."""
    if fragment in ids:
        return True
    m = LINE_RANGE.match(fragment)
    return bool(m) and f"L{m[1]}" in ids and f"L{m[2] or m[1]}" in ids


def resolve(page: str, ref: str) -> tuple[str, str] | None:
    """(path, fragment) of an internal reference made on page `page`, or None for an external one."""
    joined = urlsplit(urljoin("http://site" + page, ref))
    if joined.scheme != "http" or joined.netloc != "site":
        return None
    return unquote(joined.path), unquote(joined.fragment)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))
