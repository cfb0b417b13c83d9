"""Judgements of single records kept between builds, so that linking after one edit judges only what changed.

What a record's themes, stance, on-theme evidence and words are depends on the record's own text and
kind, the taxonomy's terms and the code, and on nothing else on the shelf. Each judgement is kept under
a digest of exactly those inputs (the caller makes the key), in one JSON file per report in a folder
(`.build/cache/link/` of a project), together with a digest of the code that judged it. A missing,
unreadable, malformed or older file is a miss, never an error: the judgement is made again. What a run
did not ask for is dropped when the memo is saved, so the files follow the shelf.

link() is usable without a memo: no_memo() keeps judgements for the one run only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import orjson

from reportsite.modules import PACKAGE_DIR, code_digest
from reportsite.records import SLUG

MEMO_VERSION = "1"
"""Raise to drop every kept judgement when what they mean changes for a reason the hashed code misses."""
JUDGING = ("reportsite.link", "reportsite.extract.sentences")
"""The modules whose code decides a judgement: every module under these and all they import."""

V = TypeVar("V")


@cache
def code_version(package_dir: Path = PACKAGE_DIR) -> str:
    """MEMO_VERSION and the hash of every module the judging code reaches by import."""
    return code_digest(MEMO_VERSION, JUDGING, package_dir)


def digest(*parts: str) -> str:
    """A key for the inputs of one judgement. The parts' repr is unambiguous: ('a b', 'c') and
    ('a', 'b c') differ, whatever characters the texts hold."""
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


class LinkMemo:
    """Judgements by (report id, key), read from and saved to folder; values are plain JSON."""

    def __init__(self, folder: Path | None, code: str | None = None) -> None:
        self.folder = folder
        self.code = code if code is not None else (code_version() if folder is not None else "")
        self._kept: dict[str, dict[str, Any]] = {}
        """Per report, what its file held (only when it was made by the same code)."""
        self._used: dict[str, dict[str, Any]] = {}
        """Per report, the judgements this run asked for or made: what the file will hold."""
        self._changed: set[str] = set()
        self._made: dict[str, dict[str, Any]] = {}
        """Per report, the judgements made afresh since made() last emptied it."""
        self._read: dict[str, dict[str, Any]] | None = None
        """While a share of the work is judged for another process (made() and read()): the kept
        judgements it read."""
        self.hits = 0
        self.misses = 0

    def judged(self, scope: str, key: str, judge: Callable[[], Any], read: Callable[[Any], V]) -> V:
        """read() of the judgement kept under key for the report scope, or of judge()'s, then kept.

        judge() returns plain JSON (lists, not tuples), so that a judgement read back from the file is
        read exactly as a fresh one; a kept value read() cannot make sense of is judged again.
        """
        used = self._scope(scope)
        if key in used:
            return read(used[key])
        kept = self._kept[scope]
        if key in kept:
            try:
                value = read(kept[key])
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                pass
            else:
                self.hits += 1
                used[key] = kept[key]
                if self._read is not None:
                    self._read.setdefault(scope, {})[key] = kept[key]
                return value
        self.misses += 1
        used[key] = fresh = judge()
        self._made.setdefault(scope, {})[key] = fresh
        if self.folder is not None:
            self._changed.add(scope)
        return read(fresh)

    def has(self, scope: str, key: str) -> bool:
        """Whether a judgement is kept or made under key (it may still be judged again if unreadable)."""
        return key in self._scope(scope) or key in self._kept[scope]

    def made(self) -> dict[str, dict[str, Any]]:
        """The judgements made afresh since the last call, by report: what a forked child that judged
        part of the shelf sends back for adopt()."""
        made, self._made = self._made, {}
        return made

    def read(self) -> dict[str, dict[str, Any]]:
        """The kept judgements read since the last call, by report, and from now on those read next:
        a child's share of the work sends them back for adopt(), as it reads judgements the process
        that saves the memo may not ask for again (which would then be dropped)."""
        read, self._read = self._read or {}, {}
        return read

    def adopt(self, made: dict[str, dict[str, Any]], read: dict[str, dict[str, Any]] | None = None) -> None:
        """Take judgements made elsewhere by the same code (made() of a child) as if made here, and
        those it read from the kept ones (read()) as if read here."""
        for scope, kept in (read or {}).items():
            used = self._scope(scope)
            for key, value in kept.items():
                used.setdefault(key, value)
        for scope, judged in made.items():
            used = self._scope(scope)
            for key, value in judged.items():
                if key not in used:
                    used[key] = value
                    self.misses += 1
                    if self.folder is not None:
                        self._changed.add(scope)

    def _scope(self, scope: str) -> dict[str, Any]:
        """The judgements of one report this run has asked for; its file is read the first time."""
        used = self._used.get(scope)
        if used is None:
            used = self._used[scope] = {}
            self._kept[scope] = self._load(scope)
        return used

    def save(self) -> None:
        """Write the file of every report whose judgements changed, and remove those of reports no run
        asked about any more. A write that fails leaves the memo as it was: it is only a cache."""
        if self.folder is None:
            return
        for scope, used in self._used.items():
            if scope in self._changed or len(used) != len(self._kept[scope]):
                _write(self._path(scope), json.dumps({"code": self.code, "judged": used}))
        wanted = {self._path(scope).name for scope in self._used}
        with contextlib.suppress(OSError):
            for path in self.folder.glob("*.json"):
                if path.name not in wanted:
                    path.unlink(missing_ok=True)
        self._kept = {scope: dict(used) for scope, used in self._used.items()}
        self._used = {}
        self._changed = set()

    def _path(self, scope: str) -> Path:
        assert self.folder is not None
        # A report id is a slug; anything else still gets a file name that stays inside the folder.
        name = scope if SLUG.match(scope) else "_" + digest(scope)
        return self.folder / f"{name}.json"

    def _load(self, scope: str) -> dict[str, Any]:
        if self.folder is None:
            return {}
        try:
            # Every build reads every report's judgements: orjson parses them in two thirds of the time.
            data = orjson.loads(self._path(scope).read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("code") != self.code:
            return {}
        judged = data.get("judged")
        return judged if isinstance(judged, dict) else {}


def no_memo() -> LinkMemo:
    """A memo that keeps judgements for one run only (a record judged twice in it is judged once)."""
    return LinkMemo(None, code="")


def _write(path: Path, text: str) -> None:
    # Atomic: a reader sees the old file or the new one; a failure is a miss for the next run.
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        # mkstemp makes the file private; the rest of .build/cache is ordinary project files.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError:
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
