"""What a page is made from, as hashes: what every page shares (the layout), and the templates and
settings some pages were made with (build/incremental.py keys the pages with them)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportsite.project import Project
from reportsite.store.site import load_site

LAYOUT_VERSION = 2
"""Changed when what the layout digest takes in changes, so that no old state is taken for current."""


def digest_files(files: Iterable[tuple[str, Path]], seed: str) -> str:
    """A hash of (name, file) pairs: names, not paths, so that a moved project keeps its state."""
    h = hashlib.sha256(seed.encode())
    for name, path in files:
        h.update(name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"-")
        h.update(b"\0")
    return h.hexdigest()


def theme_dirs(project: Project, settings: dict[str, Any]) -> list[Path]:
    """The theme overrides folders (build/mkdocs.py merges them): the defaults', the project's own, and
    the custom_dir mkdocs.yml names."""
    dirs = [folder / "overrides" for folder in project.template_dirs]
    theme = settings.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        dirs.append(project.mkdocs_yml.parent / str(theme["custom_dir"]))
    return dirs


def _engine_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("mkdocs", "mkdocs-material", "markdown", "jinja2"):
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=-")
    return " ".join(out)


def layout_digest(project: Project, lean: bool, settings: dict[str, Any]) -> str:
    """What every page depends on: mkdocs.yml, the theme overrides, the code, the build mode, and the
    site's name, description and URL as the build gives them to MkDocs (sources/site.yml's win)."""
    code = Path(__file__).resolve().parents[1]
    files = [("mkdocs.yml", project.mkdocs_yml)]
    for n, folder in enumerate(theme_dirs(project, settings)):
        files += [(f"{n}/{p.relative_to(folder).as_posix()}", p) for p in sorted(folder.rglob("*"))]
    files += [(p.relative_to(code).as_posix(), p) for p in sorted(code.rglob("*.py"))]
    site = {k: str(settings.get(k) or "") for k in ("site_name", "site_description", "site_url")}
    return digest_files(files, f"v{LAYOUT_VERSION} lean={lean} {json.dumps(site)} {_engine_versions()}")


def made_with(project: Project) -> dict[str, bytes]:
    """What a page may be made with, as it is now: each template by the name Jinja loads it by, as the
    project finds it (its own folder first, then the defaults), and each site setting as ``site.X``."""
    out: dict[str, bytes] = {}
    for folder in project.template_dirs:
        for path in sorted(folder.rglob("*.j2")):
            out.setdefault(path.relative_to(folder).as_posix(), hashlib.sha256(path.read_bytes()).digest())
    site = load_site(project.site_settings)
    for name, value in site.model_dump(mode="json").items():
        out[f"site.{name}"] = json.dumps(value, sort_keys=True).encode()
    return out


def uses_digest(now: dict[str, bytes], used: Iterable[str]) -> str:
    """A hash of the templates and settings named in used, as they are in now (``made_with``)."""
    h = hashlib.sha256()
    for name in sorted(used):
        h.update(name.encode() + b"\0" + now.get(name, b"-") + b"\0")
    return h.hexdigest()
