"""`reportsite init [DIR]`: a new project folder whose site builds at once.

It writes sources/ with an empty catalogue, a starting theme taxonomy, an empty curation file and the
site settings; templates and mkdocs.yml come from the package until the project adds its own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from reportsite.errors import CatalogueError
from reportsite.project import DEFAULTS, Project

FILES = ("catalogue.yml", "themes.yml", "curation.yml", "site.yml")
GITIGNORE = "site/\n.build/\n.add-undo-*/\n"


def run_init(root: Path, title: str | None = None) -> Project:
    """Write the project's starting files into root (made if missing); refuses a folder that has any."""
    project = Project.at(root)
    taken = [project.sources / name for name in FILES if (project.sources / name).exists()]
    if taken:
        raise CatalogueError(
            "already exists; init writes only into a folder without a project",
            project.shown(taken[0]),
            hint="edit the project's files, or init another folder",
        )
    project.sources.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copyfile(DEFAULTS / "init" / name, project.sources / name)
    if title:
        _set_title(project.site_settings, title)
    gitignore = project.root / ".gitignore"
    if not gitignore.exists():
        gitignore.write_text(GITIGNORE, encoding="utf-8")
    return project


def _set_title(path: Path, title: str) -> None:
    import json

    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # JSON's string form is valid YAML and escapes anything a title may hold.
    text = "".join(
        f"title: {json.dumps(title, ensure_ascii=False)}\n" if ln.startswith("title:") else ln for ln in lines
    )
    path.write_text(text, encoding="utf-8")
