"""A freshly built site folder -> site/, swapped in whole; what killed builds left behind is removed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def replace_site(new_site: Path, site_dir: Path, scratch: Path, remove_old: bool = True) -> None:
    """Put new_site at site_dir: the old one is renamed aside first (into scratch) and deleted only
    afterwards, or, without remove_old, left in scratch for whoever removes scratch."""
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


def remove_leftovers(build_dir: Path, trash: bool = True) -> None:
    # A build killed part-way leaves its scratch folder; site/ itself was never touched by it.
    # So does a `serve` stopped before its last build's scratch folder was removed (build/warm.py):
    # `serve` itself (trash=False) leaves them to its background removal.
    for stale in [*build_dir.glob("build-*"), *(build_dir.glob("trash-*") if trash else [])]:
        shutil.rmtree(stale, ignore_errors=True)
