"""The order MkDocs builds a docs folder's pages in, and which pages mkdocs.yml's nav names."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def docs_order(docs_dir: Path, aside: Iterable[str] = ()) -> list[str]:
    """The Markdown pages of docs_dir and aside (POSIX paths) in the order MkDocs builds them: a
    folder's files first, index first (mkdocs.structure.files.get_files), then its sub-folders, sorted."""
    found = [p for p in aside if p.endswith(".md")]
    for folder, _dirs, files in os.walk(docs_dir):
        rel = Path(folder).relative_to(docs_dir).as_posix()
        found += [n if rel == "." else f"{rel}/{n}" for n in files if n.endswith(".md")]
    return sorted(found, key=_order_key)


def _order_key(docs_path: str) -> tuple[list[str], bool, str]:
    # The folders as a list: a folder's own files sort before those of its sub-folders, as a walk of
    # sorted sub-folders visits them.
    *folders, name = docs_path.split("/")
    return folders, os.path.splitext(name)[0] not in ("index", "README"), name


def page_url(docs_path: str) -> str:
    """'reports/x/index.md' -> 'reports/x/', 'index.md' -> '' (use_directory_urls)."""
    return docs_path.removesuffix("index.md")


def nav_pages(settings: dict[str, Any]) -> set[str] | None:
    """The Markdown files mkdocs.yml's nav names; None when there is no nav (every page is in it)."""
    return _nav(settings)[0]


def _nav(settings: dict[str, Any]) -> tuple[set[str] | None, bool]:
    """(the Markdown files the nav names or None without a nav, whether every entry has its title)."""
    nav = settings.get("nav")
    if not isinstance(nav, list):
        return None, False
    found: set[str] = set()
    titled = True

    def walk(item: Any) -> None:
        nonlocal titled
        if isinstance(item, str):
            # A bare entry takes its title from the page's heading, which other pages then show.
            titled = False
            found.add(item)
        elif isinstance(item, list):
            for x in item:
                walk(x)
        elif isinstance(item, dict):
            for x in item.values():
                if isinstance(x, str):
                    found.add(x)
                else:
                    walk(x)

    walk(nav)
    return found, titled


def always_built(settings: dict[str, Any]) -> set[str] | None:
    """The pages MkDocs builds every time, since other pages show what is in them: those of a nav whose
    entries take their titles from the pages; None when there is no nav (all pages are in it)."""
    found, titled = _nav(settings)
    if found is None:
        return None
    return set() if titled else found
