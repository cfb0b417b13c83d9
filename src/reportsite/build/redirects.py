"""Retired permalinks (extract/ledger.yml) -> small HTML pages forwarding to their successors."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jinja2

from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.render.page import relative
from reportsite.store import ledger


def write_redirects(
    project: Project, linked: Linked, docs_dir: Path, loaded: Mapping[str, ledger.LedgerEntry] | None = None
) -> int:
    """Write a small HTML page for every retired permalink, forwarding to its successor; loaded: the
    ledger as the build read it."""
    pages = ledger.redirect_pages(project, linked, loaded=loaded)
    if not pages:
        return 0
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in project.template_dirs]), autoescape=True
    )
    template = env.get_template("redirect.html.j2")
    for rel_path, target in pages.items():
        path = docs_dir / rel_path
        if path.exists() or path.with_name("index.md").exists():
            # A live page owns that address; a redirect must never hide it.
            continue
        here = Path(rel_path).parent.as_posix().strip(".") + "/"
        href = relative(here.lstrip("/"), target.lstrip("/")) if target.startswith("/") else target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.render(target=href), encoding="utf-8")
    return len(pages)
