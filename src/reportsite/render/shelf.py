"""Each report's part of the downloads made from every record, kept from one build to the next.

findings.json, findings.csv and numbers.csv hold every record of the shelf, so any edit changes them;
after one edit, only the edited report's part has changed. render/data.py ``shelf_texts`` makes each
file from parts, one per run of a report's records, and asks for each part here first: a part is kept
in `.build/render/shelf/` under a hash of what it is made from (the report and its records as linked,
by render/reuse.py's digests), the name of the file and the site's address, and of the build's seed
(the code among it). A part found there is the text the build would make; the files joined from parts
are the files made whole (a test compares them). Parts no report of the build asked for are removed.
Like the rest of `.build/`, the folder may be deleted: every part is then made again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Callable
from pathlib import Path


class ShelfParts:
    """Parts by key, read from and written to folder (None: every part is made, nothing kept)."""

    def __init__(
        self, folder: Path | None, seed: str = "", key: Callable[[object], str | None] = lambda _v: None
    ) -> None:
        self.folder = folder
        self.seed = seed
        self.key = key
        self.used: set[str] = set()

    def text(self, made_from: object, make: Callable[[], str]) -> str:
        """The part made from made_from: kept, or make()'s (then kept)."""
        key = self.key(made_from) if self.folder is not None else None
        if self.folder is None or key is None:
            return make()
        name = hashlib.sha256(f"{self.seed}\n{key}".encode()).hexdigest()[:32]
        self.used.add(name)
        path = self.folder / name
        with contextlib.suppress(OSError, UnicodeDecodeError):
            return path.read_text(encoding="utf-8")
        text = make()
        tmp = path.with_name(f"{name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(text, encoding="utf-8")
            # Whole or absent: a build stopped meanwhile leaves no part cut short.
            os.replace(tmp, path)
        except OSError:
            tmp.unlink(missing_ok=True)
        return text

    def prune(self) -> None:
        """Remove the parts no one asked for since this object was made."""
        if self.folder is None or not self.folder.is_dir():
            return
        for name in os.listdir(self.folder):
            if name not in self.used:
                (self.folder / name).unlink(missing_ok=True)
