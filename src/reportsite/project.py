"""Where a project's files live. A project is a folder with sources/ and extract/; its own templates/ and
mkdocs.yml, where it has them, override the defaults the package ships, file by file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The templates, assets and mkdocs.yml installed with the package (package data): they serve any project
# folder that has none of its own, and any template or asset a project's own templates/ lacks.
DEFAULTS = Path(__file__).resolve().parent / "defaults"
PACKAGE_ROOT = DEFAULTS


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def at(cls, root: str | Path = ".") -> Project:
        return cls(Path(root).resolve())

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def catalogue(self) -> Path:
        return self.sources / "catalogue.yml"

    @property
    def themes(self) -> Path:
        return self.sources / "themes.yml"

    @property
    def curation(self) -> Path:
        return self.sources / "curation.yml"

    @property
    def extract_dir(self) -> Path:
        return self.root / "extract"

    @property
    def ledger(self) -> Path:
        return self.root / "extract" / "ledger.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def build_dir(self) -> Path:
        """Scratch space: rendered Markdown pages and the cache; never published."""
        return self.root / ".build"

    @property
    def site_settings(self) -> Path:
        """The site's title, description, home text, site_url and publishers (store/site.py)."""
        return self.sources / "site.yml"

    @property
    def templates(self) -> Path:
        own = self.root / "templates"
        return own if own.is_dir() else DEFAULTS / "templates"

    @property
    def template_dirs(self) -> list[Path]:
        """Where a template or asset is looked up, first match wins: the project's own, then the defaults."""
        own = self.root / "templates"
        dirs = [own] if own.is_dir() else []
        default = DEFAULTS / "templates"
        if not any(d.resolve() == default.resolve() for d in dirs):
            dirs.append(default)
        return dirs

    @property
    def mkdocs_yml(self) -> Path:
        own = self.root / "mkdocs.yml"
        return own if own.is_file() else DEFAULTS / "mkdocs.yml"

    def shown(self, path: Path) -> str:
        """A path as error messages show it: relative to the project."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
