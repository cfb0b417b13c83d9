"""Page folders the new site takes whole from the last one: renamed into it as the build ends.

After a small edit most pages MkDocs builds are kept, and so are the files beside them: a table's page
comes with its CSV, its citations and its chart, in a folder of its own. Linking them into the new site
costs a folder and a link per file (and the removal of the old site a link per file again). Where every
file the new site puts in a page's folder is the last site's, and the last site's folder holds exactly
those and no sub-folder, the folder is renamed into the new site instead, as the finding pages' are
(build/pagelinks.py). The finding pages' own folders and the site's top folder are left to others.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from reportsite.store.yaml_io import write_atomic

SKIPPED = ("findings", "f")
"""Top folders whose pages build/pagelinks.py moves."""


def _folder(path: str) -> str:
    return path.rpartition("/")[0]


def whole_folders(
    old_site: str, kept_pages: Iterable[str], kept: Mapping[str, str | None], made: Iterable[str]
) -> set[str]:
    """The site folders (no trailing '/') to rename from old_site rather than fill file by file.

    kept_pages: the URLs of the pages taken from the last site; kept: the site paths of the other files
    taken from the last build, each with the file it is taken from when that is not the last site's
    own (it must be the same file); made: the site paths of every file this build writes (but
    findings/ and f/)."""
    wanted: dict[str, set[str]] = {}
    for url in kept_pages:
        folder = url.rstrip("/")
        if folder and folder.split("/", 1)[0] not in SKIPPED:
            wanted[folder] = {"index.html"}
    spoiled: set[str] = set()
    for path, source in kept.items():
        folder, _, name = path.rpartition("/")
        if folder in wanted:
            wanted[folder].add(name)
            if source is not None and not _same_file(source, f"{old_site}/{path}"):
                spoiled.add(folder)
        spoiled.update(_above(folder))
    for path in made:
        folder = _folder(path)
        spoiled.add(folder)
        spoiled.update(_above(folder))
    out = set()
    for folder in wanted.keys() - spoiled:
        try:
            entries = list(os.scandir(f"{old_site}/{folder}"))
        except OSError:
            continue
        names = {e.name for e in entries}
        if all(e.is_file(follow_symlinks=False) for e in entries) and names == wanted[folder]:
            out.add(folder)
    return out


def _same_file(a: str, b: str) -> bool:
    """The same file, or a copy of it that kept its time (`cp -a`): what a build stopped after the
    render stage left in .build/render/ is newer than the site's."""
    try:
        x, y = os.stat(a), os.stat(b)
    except OSError:
        return False
    return (x.st_dev, x.st_ino) == (y.st_dev, y.st_ino) or (x.st_size, x.st_mtime_ns) == (
        y.st_size,
        y.st_mtime_ns,
    )


def _above(folder: str) -> list[str]:
    """The folders a site folder lies in, up to the top one."""
    parts = folder.split("/")
    return ["/".join(parts[:i]) for i in range(1, len(parts))]


def merge_tree(src: Path, dst: Path) -> None:
    """Move every entry of src into dst: one rename each, but for a folder both hold, merged the same
    way. Where both hold a file, dst's stays: it was written after src's would have been."""
    dst.mkdir(parents=True, exist_ok=True)
    with os.scandir(src) as entries:
        for entry in list(entries):
            target = dst / entry.name
            if not os.path.lexists(target):
                os.rename(entry.path, target)
            elif entry.is_dir(follow_symlinks=False) and target.is_dir() and not target.is_symlink():
                merge_tree(Path(entry.path), target)


def holds(folders: set[str], path: str) -> bool:
    """Whether a site path (a file's, or a page's URL ending in '/') lies directly in one of folders."""
    return (path.rstrip("/") if path.endswith("/") else _folder(path)) in folders


class Renames:
    """Folders renamed from the old site into the new one: planned by folder(), done by run(), undone
    by move_back(), last first.

    run() first writes the renames to `journal`: a build killed before the new site is in place (and
    settle() removed the journal) leaves it, and the next build puts the folders back (undo_killed)."""

    def __init__(self, old: str, new: str, journal: Path | None = None) -> None:
        self.old, self.new, self.journal = old, new, journal
        self.planned: list[tuple[str, str]] = []
        self.moved: list[tuple[str, str]] = []

    def folder(self, rel: str) -> None:
        """The old site's folder at rel into the new site. Where the new site has one already (a page
        there was made, not taken), the old one's entries it lacks go into it instead."""
        src, dst = f"{self.old}/{rel}", f"{self.new}/{rel}"
        if os.path.lexists(dst):
            names = sorted(set(os.listdir(src)) - set(os.listdir(dst)))
            self.planned += [(f"{src}/{name}", f"{dst}/{name}") for name in names]
        else:
            self.planned.append((src, dst))

    def run(self) -> None:
        if not self.planned:
            return
        if self.journal is not None:
            write_atomic(self.journal, json.dumps(self.planned))
        made: set[str] = set()
        for src, dst in self.planned:
            parent = os.path.dirname(dst)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            os.rename(src, dst)
            self.moved.append((src, dst))

    def move_back(self) -> None:
        while self.moved:
            src, dst = self.moved.pop()
            os.rename(dst, src)
        self.settle()

    def settle(self) -> None:
        """The new site is in place (or the old one whole again): nothing is left to undo."""
        if self.journal is not None:
            self.journal.unlink(missing_ok=True)


def undo_killed(journal: Path, site_dir: Path) -> int:
    """Put back what a killed build's Renames moved out of site_dir (its journal says what); returns
    how many. A folder moved into the new site that did replace site_dir stays where it is."""
    try:
        planned = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    done = 0
    # Without site_dir there is no site to put them back into.
    if site_dir.is_dir() and isinstance(planned, list):
        for pair in reversed(planned):
            if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)):
                continue
            src, dst = pair
            if os.path.lexists(dst) and not os.path.lexists(src) and os.path.isdir(os.path.dirname(src)):
                os.rename(dst, src)
                done += 1
    journal.unlink(missing_ok=True)
    return done
