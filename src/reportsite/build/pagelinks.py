"""The last build's finding pages taken into the new site: folders moved whole, or files linked.

Thousands of finding pages are taken from the last build after a small edit. Where every page in a
report's folder is taken, and the folder holds nothing else, the folder is moved from the old site into
the new one as the build ends: one rename for the report, where linking costs a folder and a few links
a page (seconds at hundreds of reports on a slow disk); so is the folder beside it holding the rest of
those pages' files, when it holds nothing else. In a report some of whose pages are made again (an
added report changes the related findings of a few pages in many), each taken page's folder moves
alone, and its files outside it are linked. Checks and links are system calls, which run on threads
beside the build's Python (they release the interpreter's lock), a chunk of pages at a time.
"""

from __future__ import annotations

import os
import shutil

from reportsite.build.folders import Renames
from reportsite.meanwhile import Chunked

CHUNK = 200
THREADS = 2


class PageLinks(Chunked[tuple[str, list[str], str, bool], str]):
    """link_page for many pages; failed() waits for them all and gives the keys (by default the folders)
    of those not linked. A page whose folder moves whole is only checked, and its files outside the
    folder linked (take_page)."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__(self._link, CHUNK, THREADS)
        self.old, self.new = old, new

    def page(self, folder: str, paths: list[str], key: str | None = None, moves: bool = False) -> None:
        self.add((folder, paths, folder if key is None else key, moves))

    def failed(self) -> list[str]:
        return self.results()

    def _link(self, chunk: list[tuple[str, list[str], str, bool]]) -> list[str]:
        return [
            key
            for folder, paths, key, moves in chunk
            if not (take_page if moves else link_page)(self.old, self.new, folder, paths)
        ]


def take_page(old: str, new: str, folder: str, paths: list[str]) -> bool:
    """For a page whose folder will be moved: False if the old folder's files are not the page's files
    (one went missing: the page is rendered instead); its files outside the folder are linked."""
    inside = {p[len(folder) :] for p in paths if p.startswith(folder)}
    if _listing(f"{old}/{folder}") != inside:
        return False
    outside = [p for p in paths if not p.startswith(folder)]
    return not outside or link_page(old, new, os.path.dirname(outside[0]), outside)


class KeptPages:
    """The pages of the last build a new one takes (page URL and site paths, most under the page's
    folder): checked and linked on threads a report at a time as they come, waited for by failed(); a
    report's folder whose pages are all taken is moved by move() at the very end."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.parent: str | None = None
        self.group: list[tuple[str, list[str]]] = []
        self.links: PageLinks | None = None
        self.whole: list[str] = []
        self.singles: list[str] = []
        self.lost: set[str] = set()

    def page(self, url: str, paths: list[str]) -> None:
        """Take one page. A report's pages come one after another: when the first page of the next one
        comes, the checks and links of the report before start on the threads, while the build goes on."""
        parent = url.rstrip("/").rpartition("/")[0]
        if self.group and parent != self.parent:
            self._report()
        self.parent = parent
        self.group.append((url, paths))

    def _report(self) -> None:
        """Check and link the pages of one report folder. Pages of a report that come apart are taken as
        two groups, each found not to be the whole folder: their folders move one by one."""
        parent, pages, self.group = self.parent or "", self.group, []
        if self.links is None:
            self.links = PageLinks(self.old, self.new)
        names = {url.rstrip("/").rpartition("/")[2] for url, _ in pages}
        if _listing(f"{self.old}/{parent}") != names:
            # Some pages of the report are made again: the others' folders move one by one.
            for url, paths in pages:
                self.singles.append(url)
                self.links.page(url, paths, url, moves=True)
            return
        self.whole.append(parent)
        beside = self._beside(pages)
        if beside is not None:
            self.whole.append(beside)
        for url, paths in pages:
            if beside is not None:
                paths = [p for p in paths if not p.startswith(f"{beside}/")]
            self.links.page(url, paths, url, moves=True)

    def failed(self) -> list[str]:
        """Check and link the last report's pages, and wait for all: the URLs of the pages whose files
        were missing, which are rendered instead and left out of the folders' moves."""
        if self.group:
            self._report()
        try:
            failed = self.links.failed() if self.links is not None else []
        finally:
            self.close()
        self.lost = set(failed)
        return failed

    def _beside(self, pages: list[tuple[str, list[str]]]) -> str | None:
        """The one folder outside the pages' own that holds all their other files and nothing else (a
        report's JSON at the short addresses): it moves whole with them. None when there is no such."""
        outside = [p for url, paths in pages for p in paths if not p.startswith(url)]
        folders = {os.path.dirname(p) for p in outside}
        if len(folders) != 1:
            return None
        folder = folders.pop()
        if not folder or any(_nested(folder, w) for w in self.whole):
            return None
        names = {os.path.basename(p) for p in outside}
        if len(names) != len(outside) or _listing(f"{self.old}/{folder}") != names:
            return None
        return folder

    def move(self, renames: Renames) -> None:
        """Plan the whole folders' move into the new site, as the last step before it replaces the old
        one, and the taken pages' own folders of the reports that are not whole."""
        for parent in self.whole:
            renames.folder(parent)
        for url in self.singles:
            if url not in self.lost:
                renames.folder(url.rstrip("/"))

    def close(self) -> None:
        if self.links is not None:
            self.links.close()
            self.links = None


def _nested(a: str, b: str) -> bool:
    """Whether one of two site folders is the other or lies in it."""
    return a == b or a.startswith(f"{b}/") or b.startswith(f"{a}/")


def _listing(folder: str) -> set[str]:
    try:
        return set(os.listdir(folder))
    except OSError:
        return set()


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
