"""Extraction cached by the content hash of a source and the extractor's version."""

from __future__ import annotations

from collections.abc import Callable

from .project import Project
from .records import Extract


def extract_changed(project: Project, progress: Callable[[str], None] | None = None) -> list[Extract]:
    """Every report's Extract, re-extracting only what changed. (Until the cache lands: everything.)"""
    from .catalogue import load_catalogue
    from .commands.extract import extract_entries, write_extracts

    extracts = extract_entries(project, load_catalogue(project.catalogue), progress)
    write_extracts(extracts, project.extract_dir)
    return extracts
