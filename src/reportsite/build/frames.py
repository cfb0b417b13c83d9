"""MkDocs' HTML of a page before its raw blocks go in (its frame), kept for the next build.

A page with raw blocks (render/tails.py) reaches MkDocs as its Markdown with a marker in each block's
place; what MkDocs makes of it depends on that Markdown, the page's address and the layout (mkdocs.yml,
the theme, the code: build/keys.py), never on the blocks. An edit that changes only a page's blocks (a
quote on a theme page, a line of a source reader) leaves its frame as it was: the build puts the new
blocks into the frame the last build kept instead of running MkDocs on the page again.

Frames are files named by the hash of what they are made from, in .build/frames/: a frame found there is
the one MkDocs would make, whichever build wrote it, so a build killed midway leaves nothing wrong, only
files the next build's save removes. Like any cache, the folder may be deleted.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from reportsite.store.yaml_io import write_atomic


class Frames:
    """The frames of one build: the key of every page that has raw blocks, and the store."""

    def __init__(self, build_dir: Path, layout: str) -> None:
        self.folder = build_dir / "frames"
        self.layout = layout
        self.keys: dict[str, str] = {}
        """Page address -> its frame's key, for every page with raw blocks this build."""
        self.refilled: set[str] = set()
        """The Markdown pages of this build that MkDocs does not build, their frames being stored."""

    def key(self, url: str, markdown: bytes) -> str:
        h = hashlib.sha256()
        for part in (self.layout.encode(), url.encode(), markdown):
            h.update(hashlib.sha256(part).digest())
        self.keys[url] = h.hexdigest()
        return self.keys[url]

    def known(self, url: str, markdown: bytes) -> Path | None:
        """Key a page MkDocs builds every time; where its HTML is stored, if a build stored it (keep):
        it is what MkDocs is about to make of the page, known before it runs."""
        key = self.key(url, markdown)
        return self.path(key) if self.has(key) else None

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.html"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def refill(self, docs_path: str, last: dict[str, str]) -> bool:
        """Whether the page of docs_path is its stored frame with this build's blocks: it has the frame
        it had in the last build (`last`: that build's keys). Noted in `refilled` when it is."""
        url = docs_path.removesuffix("index.md")
        key = self.keys.get(url)
        if key is None or last.get(url) != key or not self.has(key):
            return False
        self.refilled.add(docs_path)
        return True

    def keep(self, url: str, html: str) -> None:
        """Store what MkDocs built at url (its markers not yet replaced), unless already stored."""
        key = self.keys.get(url)
        if key is not None and not self.has(key):
            write_atomic(self.path(key), html)

    def put(self, url: str, dest: Path) -> None:
        """The stored frame of url at dest: a copy, since its blocks are then written into it."""
        dest.unlink(missing_ok=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.path(self.keys[url]), dest)

    def prune(self) -> None:
        """Remove the frames no page of this build has."""
        live = {f"{key}.html" for key in self.keys.values()}
        for name in os.listdir(self.folder) if self.folder.is_dir() else ():
            if name not in live:
                (self.folder / name).unlink(missing_ok=True)
