"""The last build's finding pages linked into the new site on threads, while the build goes on.

Thousands of finding pages are taken from the last build after a small edit, each a folder made and a
few files linked: system calls, which run on threads beside the build's Python (they release the
interpreter's lock), a chunk of pages at a time.
"""

from __future__ import annotations

import os
import shutil

from reportsite.meanwhile import Chunked

CHUNK = 200
THREADS = 2


class PageLinks(Chunked[tuple[str, list[str]], str]):
    """link_page for many pages; failed() waits for them all and gives the folders of those not linked."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(self._link, CHUNK, THREADS)
        self.old, self.new = old, new

    def page(self, folder: str, paths: list[str]) -> None:
        self.add((folder, paths))

    def failed(self) -> list[str]:
        return self.results()

    def _link(self, chunk: list[tuple[str, list[str]]]) -> list[str]:
        return [folder for folder, paths in chunk if not link_page(self.old, self.new, folder, paths)]


def link_page(old: str, new: str, folder: str, paths: list[str]) -> bool:
    """Put the old site's files of a page (site paths, most under its folder) into the new site, as
    link_file does; False, with none of them put, when one is missing.

    Thousands of pages are taken this way on every build: the folder is made once and each file linked
    without first asking whether it exists, the links failing only where a folder is missing."""
    try:
        os.mkdir(f"{new}/{folder}")
    except FileNotFoundError:
        os.makedirs(f"{new}/{folder}", exist_ok=True)
    except FileExistsError:
        pass
    made: list[str] = []
    for rel in paths:
        src, dst = f"{old}/{rel}", f"{new}/{rel}"
        try:
            os.link(src, dst)
        except OSError:
            if not os.path.isfile(src):
                for path in made:
                    os.unlink(path)
                return False
            if os.path.lexists(dst):
                # Never written through: it may be a link to the old site's file.
                os.unlink(dst)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            try:
                os.link(src, dst)
            except OSError:
                shutil.copyfile(src, dst)
        made.append(dst)
    return True
