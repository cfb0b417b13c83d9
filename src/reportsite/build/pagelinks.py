"""The last build's finding pages linked into the new site on threads, while the build goes on.

Thousands of finding pages are taken from the last build after a small edit, each a folder made and a
few files linked: system calls, which run on threads beside the build's Python (they release the
interpreter's lock), a chunk of pages at a time.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor

CHUNK = 200
THREADS = 2


class PageLinks:
    """link_page for many pages; failed() waits for them all and gives the folders of those not linked."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.pending: list[tuple[str, list[str]]] = []
        self.futures: list[Future[list[str]]] = []
        self.pool: ThreadPoolExecutor | None = None

    def add(self, folder: str, paths: list[str]) -> None:
        self.pending.append((folder, paths))
        if len(self.pending) >= CHUNK:
            self._submit()

    def _submit(self) -> None:
        if self.pool is None:
            self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="page-links")
        chunk, self.pending = self.pending, []
        self.futures.append(self.pool.submit(self._link, chunk))

    def _link(self, chunk: list[tuple[str, list[str]]]) -> list[str]:
        return [folder for folder, paths in chunk if not link_page(self.old, self.new, folder, paths)]

    def failed(self) -> list[str]:
        if self.pending:
            self._submit()
        try:
            return [folder for future in self.futures for folder in future.result()]
        finally:
            self.close()

    def close(self) -> None:
        """Wait for the threads (a failed build removes the folder they write into afterwards)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.futures = []


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
