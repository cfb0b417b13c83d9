"""The files MkDocs copies: the theme's listed once per process, the docs folder's linked, not copied.

Before every build MkDocs lists every file of the theme (Material's icons make it thousands) to copy its
static files. The installed theme does not change while `serve` runs, so each folder outside the project
is walked once; the project's own folders (its merged overrides) are walked every time.

The data files of the docs folder (JSON, CSV, citations) are hard links in the built site rather than
copies: the docs folder is the build's scratch, written once and removed after the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Collection, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from reportsite.meanwhile import Chunked

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


def _kept_filter(key: tuple[Any, ...], cache: Path | None, compute: Callable[[], list[str]]) -> list[str]:
    """The filtered listing for key, from the file the last build left in cache, else computed (and
    left there for the next)."""
    from mkdocs import __version__

    # The patterns MkDocs filters by are its own: another version may filter otherwise.
    digest = hashlib.sha256(json.dumps([__version__, *key]).encode()).hexdigest()
    path = cache / "theme-files.json" if cache is not None else None
    if path is not None:
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            if kept.get("key") == digest and isinstance(kept.get("files"), list):
                return [str(f) for f in kept["files"]]
        except (OSError, ValueError, AttributeError):
            pass
    files = compute()
    if path is not None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps({"key": digest, "files": files}), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            # Only a cache: the next build filters the listing again.
            tmp.unlink(missing_ok=True)
    return files


def keep_theme_listing(
    theme: Any, local: Path, cache: Path | None = None, bytecode: jinja2.BytecodeCache | None = None
) -> None:
    """Make the environments theme (MkDocs' Theme) gives list the installed theme's files from memory;
    local: the project folder, whose files are listed afresh. With bytecode, every such environment
    takes its compiled templates from there: the build's, and those plugins make for themselves (the
    search plugin compiles the theme's translations in each build to name its language).

    MkDocs filters the list by name patterns that depend only on the theme's static templates; the
    filtered list is kept too, for the same names, and in the folder cache for the next process."""
    get_env = theme.get_env

    def env_with_listing() -> jinja2.Environment:
        env = get_env()
        if bytecode is not None:
            env.bytecode_cache = bytecode
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
                _FILTERED[key] = _kept_filter(key, cache, lambda: [n for n in names if filter_func(n)])
            return list(_FILTERED[key])

        env.list_templates = filtered
        return env

    theme.get_env = env_with_listing


def _link_one(src: str, dest: str, made: set[str]) -> None:
    folder = os.path.dirname(dest)
    # Thousands of files in a few folders: each folder is made once, not asked for each file.
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    try:
        os.link(src, dest)
        return
    except FileExistsError:
        pass
    except OSError:
        shutil.copyfile(src, dest)
        return
    tmp = f"{dest}.link-tmp"
    try:
        os.link(src, tmp)
        # Over a file of the same name already there, as MkDocs' own copy would be.
        os.replace(tmp, dest)
    except OSError:
        shutil.copyfile(src, dest)


class StaticLinks(Chunked[tuple[str, str], None]):
    """The docs folder's static files, linked on threads while MkDocs builds the pages: folders made
    and files linked are system calls, which run beside MkDocs' Python. All there once wait() returned."""

    def __init__(self) -> None:
        super().__init__(self._link, 200)
        self.made: set[str] = set()

    def _link(self, chunk: list[tuple[str, str]]) -> list[None]:
        for src, dest in chunk:
            _link_one(src, dest, self.made)
        return []

    def wait(self) -> None:
        self.results()


def link_static_plugin(
    docs_dir: Path,
    links: StaticLinks,
    kept: Mapping[str, str] | None = None,
    also: Sequence[tuple[str, str]] = (),
    listed: Collection[str] = (),
    pages_only: bool = False,
) -> Any:
    """A plugin for MkDocs' documented on_files event: the docs folder's static files are linked, by
    links (whose wait() the caller calls after MkDocs returned). No two files of MkDocs' list share a
    destination, so the order the threads link them in does not matter.

    kept: static files of the docs folder that are not in it (docs path -> the file): they join the
    list as files generated from where they are, and are linked from there. also: more files to link
    (path, place in the site), none of which MkDocs writes; once MkDocs has emptied the site folder.
    listed: files of kept that are not linked at all (they are put in place after MkDocs). pages_only:
    no file but the pages is written (the theme's files are the other run's)."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    scratch = str(docs_dir.resolve()) + os.sep

    class LinkStatic(BasePlugin):
        def on_files(self, files: Any, /, *, config: Any) -> Any:
            for file in files:
                src = file.abs_src_path
                if pages_only and not file.is_documentation_page():
                    file.copy_file = _skip
                    continue
                if src is None or not src.startswith(scratch) or file.is_documentation_page():
                    continue
                file.copy_file = partial(_queue, links, src, file.abs_dest_path)
            # The names of the docs folder's files, once: thousands of kept files are asked about.
            present = set(files.src_uris)
            for name, src in (kept or {}).items():
                if name not in present:
                    made: Any = File.generated(config, name, abs_src_path=src)
                    if name in listed:
                        made.copy_file = _skip
                    else:
                        made.copy_file = partial(_queue, links, src, made.abs_dest_path)
                    files.append(made)
            for src, dest in also:
                links.add((src, dest))
            return files

    return LinkStatic()


def _skip(dirty: bool = False) -> None:
    pass


def _queue(links: StaticLinks, src: str, dest: str, dirty: bool = False) -> None:
    links.add((src, dest))
