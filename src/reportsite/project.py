"""Where a project's files live. A project is a folder with sources/, extract/, templates/ and mkdocs.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# The repository's own templates and mkdocs.yml serve any project folder that has none of its own.
PACKAGE_ROOT = Path(__file__).resolve().parents[2]


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
    def templates(self) -> Path:
        own = self.root / "templates"
        return own if own.is_dir() else PACKAGE_ROOT / "templates"

    @property
    def mkdocs_yml(self) -> Path:
        own = self.root / "mkdocs.yml"
        return own if own.is_file() else PACKAGE_ROOT / "mkdocs.yml"

    def shown(self, path: Path) -> str:
        """A path as error messages show it: relative to the project."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)
