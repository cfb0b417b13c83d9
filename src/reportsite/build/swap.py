"""A freshly built site folder -> site/, swapped in whole; what killed builds left behind is removed."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def replace_site(new_site: Path, site_dir: Path, scratch: Path) -> None:
    """Put new_site at site_dir: the old one is renamed aside first and deleted only afterwards."""
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
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def remove_leftovers(build_dir: Path) -> None:
    # A build killed part-way leaves its scratch folder; site/ itself was never touched by it.
    for stale in build_dir.glob("build-*"):
        shutil.rmtree(stale, ignore_errors=True)
