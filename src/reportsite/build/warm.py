"""What `serve` keeps in memory from one rebuild to the next.

A rebuild after an edit to a template or to the site settings reads the same extracts and links them
the same way as the build before it: the extracts and the linked records are kept, and taken again
while nothing they are made from changed (the sources but the site settings, the extract files, the
code), as the files' sizes and modification times tell. The scratch folder of a finished build (with
the site it replaced) is removed in the background, after the open pages were told to reload.
"""

from __future__ import annotations

import os
import shutil
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.records import Extract

TRASH = "trash-"
"""Scratch folders waiting to be removed: .build/trash-*, removed by the next build if left."""

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


def _remove(folders: list[Path]) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Warm:
    """Kept by `serve` across rebuilds; a plain `build` has none."""

    signature: Signature | None = None
    extracts: list[Extract] = field(default_factory=list)
    linked: Linked | None = None
    threads: list[threading.Thread] = field(default_factory=list)
    swept: bool = False

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

    def discard(self, folder: Path) -> None:
        """Remove a scratch folder in the background: renamed first, so that it is gone from where the
        next build looks at once."""
        if not folder.exists():
            return
        trash = folder.with_name(f"{TRASH}{uuid.uuid4().hex[:12]}")
        try:
            os.replace(folder, trash)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return
        self.threads = [t for t in self.threads if t.is_alive()]
        # The first time, also what a serve stopped before its removals were done left.
        stale = [] if self.swept else [p for p in folder.parent.glob(f"{TRASH}*") if p != trash]
        self.swept = True
        thread = threading.Thread(target=_remove, args=([trash, *stale],), daemon=True)
        thread.start()
        self.threads.append(thread)

    def settle(self) -> None:
        """Wait for the background removals (before the process ends, or a test compares folders)."""
        for thread in self.threads:
            thread.join()
        self.threads = []
