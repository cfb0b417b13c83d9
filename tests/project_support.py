"""Throwaway projects for tests: the repository's sources under a small catalogue of chosen reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from reportsite.project import Project

REPO = Path(__file__).resolve().parents[1]
FIELDS = ("id", "title", "publisher", "date", "kind", "cycle", "file")


def catalogue_text(*report_ids: str, header: str = "", trailer: str = "") -> str:
    """A catalogue of the named reports, entries as in sources/catalogue.yml, seven lines each."""
    data = yaml.safe_load((REPO / "sources" / "catalogue.yml").read_text(encoding="utf-8"))
    entries = {e["id"]: e for e in data["reports"]}
    lines = [header] if header else []
    lines.append("reports:")
    for rid in report_ids:
        entry = entries[rid]
        for i, key in enumerate(FIELDS):
            value = entry.get(key)
            if value is not None:
                lines.append(f"  {'- ' if i == 0 else '  '}{key}: {json.dumps(str(value))}")
    if trailer:
        lines.append(trailer)
    return "\n".join(lines) + "\n"


def make_project(root: Path, catalogue: str) -> Project:
    """A project folder at root with the repository's sources/ and the given catalogue."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "sources", root / "sources")
    (root / "sources" / "catalogue.yml").write_text(catalogue, encoding="utf-8")
    return Project.at(root)
