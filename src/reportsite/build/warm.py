"""What `serve` keeps in memory from one rebuild to the next.

A rebuild after an edit to a template or to the site settings reads the same extracts and links them
the same way as the build before it: the extracts and the linked records are kept, and taken again
while nothing they are made from changed (the sources but the site settings, the extract files, the
code), as the files' sizes and modification times tell.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.records import Extract

Signature = tuple[tuple[str, int, int], ...]


def _stats(paths: Iterable[Path]) -> Signature:
    out = []
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        out.append((str(path), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _code() -> list[Path]:
    return sorted(Path(__file__).resolve().parents[1].rglob("*.py"))


def inputs_signature(project: Project) -> Signature:
    """What extraction and linking read, but the extract files: the sources (without the site settings,
    which neither reads) and the code."""
    sources = [p for p in sorted(project.sources.rglob("*")) if p.is_file() and p != project.site_settings]
    return _stats([*sources, *_code()])


def extracts_signature(project: Project) -> Signature:
    """The extract files; the ledger, which every build writes and linking does not read, is left out."""
    return _stats(p for p in sorted(project.extract_dir.glob("*.yml")) if p != project.ledger)


@dataclass
class Warm:
    """Kept by `serve` across rebuilds; a plain `build` has none."""

    signature: Signature | None = None
    extracts: list[Extract] = field(default_factory=list)
    linked: Linked | None = None

    def held(self, project: Project, inputs: Signature) -> tuple[list[Extract], Linked] | None:
        """The extracts and linked records of the last build, when nothing they are made from changed."""
        if self.linked is None or self.signature != inputs + extracts_signature(project):
            return None
        return self.extracts, self.linked

    def keep(self, project: Project, inputs: Signature, extracts: list[Extract], linked: Linked) -> None:
        """inputs: taken before extraction read the sources, so an edit saved meanwhile is seen next time."""
        self.signature = inputs + extracts_signature(project)
        self.extracts, self.linked = extracts, linked

    def forget(self) -> None:
        self.signature, self.extracts, self.linked = None, [], None
