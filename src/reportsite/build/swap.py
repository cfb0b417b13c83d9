"""A freshly built site folder -> site/, swapped in whole; what killed builds left behind is removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

TRASH = "trash-"
"""Scratch folders renamed for removal: no build looks into them, the next one removes what is left."""

_REMOVE = (
    "import os, shutil, sys\n"
    "if hasattr(os, 'nice'):\n"
    "    os.nice(10)\n"
    "for p in sys.argv[1:]:\n"
    "    shutil.rmtree(p, ignore_errors=True)\n"
)
_removers: list[subprocess.Popen[bytes]] = []


def replace_site(new_site: Path, site_dir: Path, scratch: Path, remove_old: bool = False) -> None:
    """Put new_site at site_dir: the old one is renamed aside first (into scratch) and left there for
    whoever removes scratch, or, with remove_old, deleted afterwards."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix="site-old-", dir=scratch))
        os.replace(site_dir, old / "site")
    try:
        os.replace(new_site, site_dir)
    except OSError:
        if old is not None:
            os.replace(old / "site", site_dir)
        raise
    if old is not None and remove_old:
        shutil.rmtree(old, ignore_errors=True)


def discard(folders: list[Path]) -> None:
    """Remove scratch folders without waiting: each is renamed to a trash name at once, then deleted by
    a process of its own that outlives the build. Deleting the old site's thousands of folders takes
    seconds on a busy disk, and nothing the user waits for needs them gone."""
    trash = []
    for folder in folders:
        if not folder.exists():
            continue
        target = folder if folder.name.startswith(TRASH) else folder.with_name(f"{TRASH}{uuid.uuid4().hex}")
        try:
            os.replace(folder, target)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        trash.append(target)
    if not trash:
        return
    # Removers that are done are reaped here, so none is left a zombie in a long-running process.
    _removers[:] = [p for p in _removers if p.poll() is None]
    try:
        _removers.append(
            subprocess.Popen(
                [sys.executable, "-c", _REMOVE, *map(str, trash)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
    except (OSError, ValueError):
        for folder in trash:
            shutil.rmtree(folder, ignore_errors=True)


def remove_leftovers(build_dir: Path, trash: bool = True) -> None:
    # A build killed part-way leaves its scratch folder; site/ itself was never touched by it.
    # So does a `serve` stopped before its last build's scratch folder was removed (build/warm.py):
    # `serve` itself (trash=False) leaves them to its background removal.
    stale = [*build_dir.glob("build-*"), *(build_dir.glob(f"{TRASH}*") if trash else [])]
    if stale:
        discard(stale)
