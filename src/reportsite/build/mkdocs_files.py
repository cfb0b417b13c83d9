"""The files MkDocs copies: the theme's listed once per process, the docs folder's linked, not copied.

Before every build MkDocs lists every file of the theme (Material's icons make it thousands) to copy its
static files. The installed theme does not change while `serve` runs, so each folder outside the project
is walked once; the project's own folders (its merged overrides) are walked every time.

The data files of the docs folder (JSON, CSV, citations) are hard links in the built site rather than
copies: the docs folder is the build's scratch, written once and removed after the build.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

_WALKED: dict[str, list[str]] = {}


def _walk(folder: str) -> list[str]:
    """Names as jinja2.FileSystemLoader.list_templates gives them: '/'-separated, relative to folder."""
    out = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            rel = os.path.join(dirpath, name)[len(folder) :].strip(os.sep).replace(os.sep, "/")
            out.append(rel.removeprefix("./"))
    return out


def _listing(folders: list[str], local: Path) -> Callable[[], list[str]]:
    def list_templates() -> list[str]:
        found: set[str] = set()
        for folder in folders:
            if Path(folder).resolve().is_relative_to(local):
                found.update(_walk(folder))
            else:
                if folder not in _WALKED:
                    _WALKED[folder] = _walk(folder)
                found.update(_WALKED[folder])
        return sorted(found)

    return list_templates


_FILTERED: dict[tuple[Any, ...], list[str]] = {}


def keep_theme_listing(theme: Any, local: Path) -> None:
    """Make the environments theme (MkDocs' Theme) gives list the installed theme's files from memory;
    local: the project folder, whose files are listed afresh.

    MkDocs filters the list by name patterns that depend only on the theme's static templates; the
    filtered list is kept too, for the same names."""
    get_env = theme.get_env

    def env_with_listing() -> jinja2.Environment:
        env = get_env()
        if not isinstance(env.loader, jinja2.FileSystemLoader):
            return env
        listing = _listing([str(p) for p in env.loader.searchpath], local.resolve())
        env.loader.list_templates = listing  # type: ignore[method-assign]
        list_templates = env.list_templates

        def filtered(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if extensions is not None or filter_func is None:
                return list_templates(extensions, filter_func)
            names = listing()
            key = (tuple(names), tuple(sorted(theme.static_templates)))
            if key not in _FILTERED:
                _FILTERED.clear()
                _FILTERED[key] = [n for n in names if filter_func(n)]
            return list(_FILTERED[key])

        env.list_templates = filtered
        return env

    theme.get_env = env_with_listing


def _linked_copy(file: Any) -> Callable[..., None]:
    def copy_file(dirty: bool = False) -> None:
        src, dest = file.abs_src_path, file.abs_dest_path
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        tmp = f"{dest}.link-tmp"
        try:
            os.link(src, tmp)
            # Over a theme file of the same name, as MkDocs' own copy would be.
            os.replace(tmp, dest)
        except OSError:
            shutil.copyfile(src, dest)

    return copy_file


def link_static_plugin(docs_dir: Path) -> Any:
    """A plugin for MkDocs' documented on_files event: the docs folder's static files are linked."""
    from mkdocs.plugins import BasePlugin

    scratch = docs_dir.resolve()

    class LinkStatic(BasePlugin):
        def on_files(self, files: Any, /, *, config: Any) -> Any:
            for file in files:
                src = file.abs_src_path
                if file.is_documentation_page() or src is None or not Path(src).is_relative_to(scratch):
                    continue
                file.copy_file = _linked_copy(file)
            return files

    return LinkStatic()
