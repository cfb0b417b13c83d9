"""A docs folder -> a built site folder, through MkDocs in-process; its failures name mkdocs.yml."""

from __future__ import annotations

import copy
import logging
import os
import pickle
import shutil
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import yaml

from reportsite.build.mkdocs_files import StaticLinks, keep_theme_listing, link_static_plugin
from reportsite.errors import BuildError
from reportsite.project import DEFAULTS, Project
from reportsite.store.site import SiteSettings, load_site

SITE_URL_MISSING = (
    "site_url is not set in sources/site.yml: the sitemap, feeds and citations carry no absolute address; "
    "set it to the address the site is published at before deploying"
)


class _PlainLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain keys, ignoring !ENV and !!python/name tags it may carry."""


_PlainLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_settings(project: Project) -> SiteSettings:
    return load_site(project.site_settings, project.shown(project.site_settings))


_READ: dict[tuple[str, int, int], dict[str, Any]] = {}


def _mkdocs_yml(project: Project) -> dict[str, Any]:
    # Read in several stages of a build and in every rebuild of `serve`: the last file read is kept while
    # its size and modification time are the same, and each caller gets its own copy.
    try:
        st = project.mkdocs_yml.stat()
        key = (str(project.mkdocs_yml), st.st_size, st.st_mtime_ns)
        if key not in _READ:
            data = yaml.load(project.mkdocs_yml.read_text(encoding="utf-8"), Loader=_PlainLoader) or {}
            _READ.clear()
            _READ[key] = data if isinstance(data, dict) else {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"cannot be read: {exc}", project.shown(project.mkdocs_yml)) from None
    return copy.deepcopy(_READ[key])


def _site_overrides(site: SiteSettings, yml: dict[str, Any]) -> dict[str, str]:
    """The mkdocs.yml keys sources/site.yml sets: the settings file wins where it says something."""
    out: dict[str, str] = {}
    # The theme prints site_name and site_description without escaping them in places; as Markup they
    # arrive escaped there, and Jinja's `|e` elsewhere leaves Markup as it is, so none is escaped twice.
    if site.title != DEFAULT_SITE.title or not yml.get("site_name"):
        out["site_name"] = markupsafe.escape(site.title)
    if site.description:
        out["site_description"] = markupsafe.escape(site.description)
    if site.site_url:
        out["site_url"] = site.site_url
    return out


DEFAULT_SITE = SiteSettings()


def mkdocs_settings(project: Project) -> dict[str, Any]:
    """mkdocs.yml's values as the build uses them, with sources/site.yml's title, description and site_url
    over them (site_url for every absolute address the site writes)."""
    data = _mkdocs_yml(project)
    return {**data, **_site_overrides(site_settings(project), data)}


def _custom_dir(project: Project, theme: dict[str, Any], work: Path) -> str | None:
    """The theme overrides folder MkDocs gets: the project's own files over the defaults, file by file."""
    declared = project.mkdocs_yml.parent / str(theme["custom_dir"])
    own = project.root / "templates" / "overrides"
    layers = [DEFAULTS / "templates" / "overrides"]
    layers += [d for d in (declared, own) if d.is_dir() and d.resolve() not in {x.resolve() for x in layers}]
    if len(layers) == 1 and declared.is_dir() and declared.resolve() == layers[0].resolve():
        return None
    merged = work / "overrides"
    for layer in layers:
        if layer.is_dir():
            shutil.copytree(layer, merged, dirs_exist_ok=True)
    return str(merged)


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so the build can report them after it ran."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_logging() -> Iterator[_Collect]:
    log = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, old_propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    # MkDocs' own INFO lines (one per omitted page, tens of thousands) would drown the progress output.
    log.propagate = False
    try:
        yield handler
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
        log.propagate = old_propagate


_COMPILED: dict[str, bytes] = {}
"""Compiled theme templates by name, kept for the life of the process (`serve` rebuilds in one)."""


class _ThemeBytecode(jinja2.BytecodeCache):
    """The theme's compiled templates (Material's and the overrides): from memory, else from the
    project's build folder, where the last `reportsite build` left them; compiling them is most of what
    MkDocs spends on a handful of pages.

    Keyed by template name alone: the merged overrides are in a new folder in every build. Jinja checks
    each template's source against the checksum stored with its code, so an edited template, or another
    of the same name, is compiled again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(name)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = _COMPILED.get(bucket.key)
        if data is None:
            try:
                data = (self.folder / f"{bucket.key}.code").read_bytes()
            except OSError:
                return
        try:
            bucket.bytecode_from_string(data)
        except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
            # A file from another Python or Jinja, or damaged: compiled again.
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        _COMPILED[bucket.key] = data
        path = self.folder / f"{bucket.key}.code"
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, path)
        except OSError:
            # Only a cache: the next build compiles the template again.
            tmp.unlink(missing_ok=True)


def mkdocs_build(
    project: Project,
    docs_dir: Path,
    site_dir: Path,
    static: Mapping[str, str] | None = None,
    linked: Sequence[tuple[str, str]] = (),
    listed: Collection[str] = (),
    pages_only: bool = False,
) -> list[str]:
    """Run MkDocs in-process; returns its warnings. Any failure raises BuildError naming mkdocs.yml.
    static: static files of the docs folder kept elsewhere (docs path -> the file). linked: files
    (path, place in site_dir) MkDocs does not write, linked while it runs. listed: those of static
    that MkDocs is to know of but not copy (they are put in place after it). pages_only: only the
    pages are written, not the theme's files (build/split.py's second run)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    shown = project.shown(project.mkdocs_yml)
    yml = _mkdocs_yml(project)
    site = site_settings(project)
    extra: dict[str, Any] = dict(_site_overrides(site, yml))
    theme = yml.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        custom = _custom_dir(project, theme, docs_dir.parent)
        if custom is not None:
            extra["theme"] = {**theme, "custom_dir": custom}
    links = StaticLinks()
    with _mkdocs_logging() as collected, links:
        try:
            config = load_config(
                config_file=str(project.mkdocs_yml), docs_dir=str(docs_dir), site_dir=str(site_dir), **extra
            )
            kept = project.build_dir / "theme-cache"
            config.plugins["reportsite-link-static"] = link_static_plugin(
                docs_dir, links, static, linked, listed, pages_only
            )
            keep_theme_listing(config.theme, project.root, kept, _ThemeBytecode(kept))
            build(config)
            links.wait()
        except MkDocsException as exc:
            detail = f" ({collected.messages[-1]})" if collected.messages else ""
            raise BuildError(f"MkDocs failed: {' '.join(str(exc).split())}{detail}", shown) from None
        except SystemExit as exc:
            # MkDocs aborts with SystemExit on a config it cannot use (e.g. an unknown theme).
            raise BuildError(f"MkDocs stopped (exit status {exc.code})", shown) from None
        except OSError as exc:
            # A full disk is not mkdocs.yml's fault: name the file MkDocs was writing.
            if exc.filename is not None:
                raise BuildError(
                    f"cannot write: {exc.strerror or exc}", project.shown(Path(exc.filename))
                ) from None
            raise BuildError(f"MkDocs failed: {type(exc).__name__}: {exc}", shown) from None
        except (ValueError, jinja2.TemplateError) as exc:
            raise BuildError(f"MkDocs failed: {type(exc).__name__}: {exc}", shown) from None
    if not (site.site_url or yml.get("site_url")):
        collected.messages.append(SITE_URL_MISSING)
    return collected.messages
