"""Read and validate sources/site.yml: what the site calls itself, its home text and where it is published.

These are the site's settings, not the code's: a new site written by `reportsite init` gets its own, and
they win over the same values in mkdocs.yml (site_name, site_description, site_url).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from reportsite.errors import CatalogueError
from reportsite.store import safe_yaml

DEFAULT_TITLE = "Reports, cross-linked"


class SiteSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(DEFAULT_TITLE, min_length=1, description="The site's name, in every page title.")
    description: str = Field("", description="One sentence on what the site is; the pages' description.")
    home: str = Field("", description="Markdown shown at the top of the home page, under the title.")
    site_url: str = Field(
        "",
        description="The address the site is published at, e.g. https://example.org/reports/; every "
        "absolute address in feeds, the sitemap, JSON and citations starts with it.",
    )
    publishers: dict[str, str] = Field(
        default_factory=dict,
        description="Short name as the catalogue's publisher field gives it -> full name.",
    )

    @field_validator("site_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{value!r} is not an http:// or https:// address")
        if parts.query or parts.fragment:
            raise ValueError(f"{value!r} carries a query or fragment; give the site's folder address")
        # MkDocs and every address built from it expect the folder form.
        return value if value.endswith("/") else value + "/"


def _key_lines(root: yaml.Node) -> dict[str, int]:
    lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, _value in root.value:
            lines[str(key.value)] = key.start_mark.line + 1
    return lines


_LOADED: dict[tuple[str, int, int], SiteSettings] = {}


def load_site(path: Path, shown: str = "sources/site.yml") -> SiteSettings:
    """The settings in path, or the defaults when it does not exist; a problem names the file and line.

    A build reads them in several stages, and `serve` in every rebuild: the last file read is kept while
    its size and modification time are the same."""
    try:
        st = path.stat()
    except OSError:
        return SiteSettings()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _LOADED:
        settings = _load_site(path, shown)
        _LOADED.clear()
        _LOADED[key] = settings
    return _LOADED[key]


def _load_site(path: Path, shown: str) -> SiteSettings:
    if not path.is_file():
        return SiteSettings()
    text, root = safe_yaml.read_compose(path, shown, CatalogueError)
    # Composed without error, the same text loads.
    data: Any = safe_yaml.load(text)
    if data is None:
        return SiteSettings()
    if not isinstance(data, dict):
        raise CatalogueError("expected a mapping of settings (title, description, ...)", shown, line=1)
    try:
        return SiteSettings(**{str(k): "" if v is None else v for k, v in data.items()})
    except ValidationError as exc:
        err = exc.errors()[0]
        key = str(err["loc"][0]) if err["loc"] else ""
        line = _key_lines(root).get(key) if root is not None else None
        msg = str(err["msg"]).removeprefix("Value error, ")
        raise CatalogueError(f"{key}: {msg}" if key else msg, shown, line=line) from None
