"""MkDocs on two cores: the pages of a large build shared between the build and a forked child.

MkDocs builds its pages one after the other in one process, 10 to 20 ms each with Material (Markdown,
the theme's page template, the search plugin's parse), and a shelf of hundreds of reports hands it
thousands (report pages, source readers, table pages). A page's HTML depends on its own Markdown, its
address, the configuration, the theme and the nav, and on no other page: where every entry of the nav
carries its title in mkdocs.yml, the nav reads nothing of the pages it names (build/nav.py
``always_built``). So every other page outside the nav goes to a docs folder of its own, with the nav's
pages there as empty stand-ins (as build/incremental.py keeps unchanged nav pages), and a child forked
from the build (meanwhile.py) runs MkDocs on it while the build runs MkDocs on the rest. The child's
pages then join the build's site folder, and their entries its search index, in the order one MkDocs
run gives them: the site is the same, byte for byte (a test builds it both ways).

Where fork is not available, with one core, or when the child fails, the child's half is built in this
process afterwards; an error it raises is the error one run would have raised.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportsite.build.nav import always_built, nav_pages, page_url
from reportsite.meanwhile import Meanwhile, cores

SPLIT_FROM = 48
"""Pages from which the child takes half: a second MkDocs run costs a few pages' time to start."""

Build = Callable[[Path, Path], list[str]]
"""(docs folder, site folder) -> MkDocs' warnings: one MkDocs run on the pages of a folder alone."""


@dataclass
class Half:
    """The pages handed to the child, in its docs folder, and the child building them."""

    pages: list[str]
    docs_dir: Path
    site_dir: Path
    child: Meanwhile[list[str]]


ALONE = frozenset({"search"})
"""The MkDocs plugins whose output for a page reads that page alone (the search index is merged after);
a plugin that gathers what every page holds (tags, a blog's index) would see half the pages in each run."""


def movable(settings: dict[str, Any], order: list[str], here: set[str], keep: set[str]) -> list[str]:
    """The pages of order (docs paths) the child may build: those in the docs folder (here) that are
    not in the nav nor in keep. None where the nav takes a title from a page, or there is no nav (every
    page is in it): each page then shows what other pages hold; none either where mkdocs.yml adds a
    plugin or hook whose work may read every page."""
    nav = nav_pages(settings)
    if nav is None or always_built(settings) or settings.get("hooks") or not _plugins(settings) <= ALONE:
        return []
    return [p for p in order if p in here and p not in nav and p not in keep]


def _plugins(settings: dict[str, Any]) -> set[str]:
    """The names of mkdocs.yml's plugins (MkDocs' default, without the key, is search alone)."""
    listed = settings.get("plugins", ["search"])
    if isinstance(listed, dict):
        return {str(name) for name in listed}
    names: set[str] = set()
    for entry in listed if isinstance(listed, list) else [listed]:
        names.update(str(name) for name in (entry if isinstance(entry, dict) else [entry]))
    return names


def hand_off(
    settings: dict[str, Any], docs_dir: Path, folder: Path, candidates: list[str], build: Build
) -> Half | None:
    """Move every other candidate page from docs_dir into a docs folder under folder, with the nav's
    pages as empty stand-ins, and start the child's MkDocs run on it. None when a split does not pay:
    too few pages, or a single core."""
    if len(candidates) < SPLIT_FROM or cores() < 2:
        return None
    pages = candidates[1::2]
    docs, site = folder / "docs", folder / "site"
    for docs_path in pages:
        (docs / docs_path).parent.mkdir(parents=True, exist_ok=True)
        os.rename(docs_dir / docs_path, docs / docs_path)
    for docs_path in nav_pages(settings) or ():
        stand_in = docs / docs_path
        stand_in.parent.mkdir(parents=True, exist_ok=True)
        stand_in.write_text("", encoding="utf-8")
    return Half(pages, docs, site, Meanwhile(lambda: build(docs, site)))


def join(half: Half, site_dir: Path, order: list[str], warnings: list[str]) -> list[str]:
    """Wait for the child; move its pages into site_dir and merge its search entries into site_dir's
    index, in the docs order (the sitemap is the render stage's, render/feeds.py). Returns the
    warnings of both runs, each once."""
    theirs = half.child.result()
    for docs_path in half.pages:
        rel = f"{page_url(docs_path)}index.html"
        if not (half.site_dir / rel).is_file():
            # Left out by mkdocs.yml (exclude_docs, a draft), in the child's run as in one.
            continue
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(half.site_dir / rel, site_dir / rel)
    urls = {page_url(p) for p in half.pages}
    _merge_index(site_dir, half.site_dir, urls, order)
    shutil.rmtree(half.docs_dir.parent, ignore_errors=True)
    return warnings + [w for w in dict.fromkeys(theirs) if w not in warnings]


def _merge_index(site_dir: Path, other: Path, urls: set[str], order: list[str]) -> None:
    path, theirs = site_dir / "search" / "search_index.json", other / "search" / "search_index.json"
    if not path.is_file() or not theirs.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    moved = [d for d in json.loads(theirs.read_text(encoding="utf-8"))["docs"] if _page_of(d) in urls]
    rank = {page_url(p): i for i, p in enumerate(order)}
    # Python's sort is stable: a page's entries (its top, then its sections) keep their order.
    docs = sorted(data["docs"] + moved, key=lambda d: rank.get(_page_of(d), len(rank)))
    data["docs"] = docs
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")
    os.replace(tmp, path)


def _page_of(doc: dict[str, Any]) -> str:
    return str(doc["location"]).split("#", 1)[0]
