"""Pages and data files taken from the last build where what they are made from is the same.

Every file of the docs folder belongs to a *batch*: a page rendered from a template, or a few data files
made together (a report's source reader and its page pictures, a table's downloads). A batch's key is a
hash of what it is made from: the page's address and its context, or what a data file's maker is given.
A batch is taken from the last build, without rendering, when

- its key is the same, and
- the templates and site settings it was made with (noted while rendering it, render/env.py
  ``record_templates``) are the same bytes, and
- the build's seed is the same: the code, mkdocs.yml, the theme overrides, the site's name and address
  (build/keys.py ``layout_digest``).

A context is keyed by a walk that takes each record (a pydantic model) as the hash of its JSON, computed
once per build however many pages show it, each dataclass field by field, and JSON's own types as they
are. Anything else (a function, an object the walk does not know) makes the batch unkeyable: it is
rendered every time. So two batches with one key are made from the same values, and render the same bytes.

The last build's files are kept in .build/render/ as hard links to the docs folder's files: nothing
writes into a docs file once written (a later step replaces a file, never rewrites it). The list of
batches (render.json) is removed before the folder changes and written after, so a build stopped
meanwhile leaves no list, and the next build renders everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import pydantic

from reportsite.meanwhile import Links, Meanwhile
from reportsite.render.page import Page

VERSION = 4


class Unkeyable(TypeError):
    """A value the key walk does not know how to take: its batch is made every time."""


class Fingerprint:
    """Keys of contexts; a record's digest is computed once per instance, for the life of this object."""

    def __init__(self) -> None:
        self.held: dict[int, tuple[object, str]] = {}

    def _held(self, value: object, digest: Callable[[], str]) -> str:
        held = self.held.get(id(value))
        # The value is held with its digest, so that its id cannot be reused by another meanwhile.
        if held is None or held[0] is not value:
            held = (value, digest())
            self.held[id(value)] = held
        return held[1]

    def _plain(self, value: object) -> Any:
        # Most values met here are records seen on an earlier page of this build.
        held = self.held.get(id(value))
        if held is not None and held[0] is value:
            return held[1]
        if isinstance(value, pydantic.BaseModel):
            digest = _model_digest(value)
            self.held[id(value)] = (value, digest)
            return digest
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            # A view shown on many pages is walked once per build.
            return self._held(value, lambda: self.key([type(value).__qualname__, *_attributes(value)]))
        if isinstance(value, set | frozenset):
            if all(type(v) is str for v in value):
                return ["set", *sorted(value)]
            return ["set", *sorted(self.key(v) for v in value)]
        if isinstance(value, dt.date | dt.datetime):
            return ["date", value.isoformat()]
        raise Unkeyable(type(value).__qualname__)

    def prime(self, records: Iterable[pydantic.BaseModel]) -> None:
        """Digest the records now, every other one in a forked child (meanwhile.py): the processes the
        build forks later to render pages inherit the digests, rather than each making its own."""
        fresh = [r for r in records if id(r) not in self.held]
        with Meanwhile(partial(_model_digests, fresh[1::2])) as other:
            mine = _model_digests(fresh[::2])
            theirs = other.result()
        for part, digests in ((fresh[::2], mine), (fresh[1::2], theirs)):
            for record, digest in zip(part, digests, strict=True):
                self.held[id(record)] = (record, digest)

    def key(self, value: object) -> str:
        """A hash of value; raises Unkeyable for a value the walk does not know."""
        try:
            # orjson walks JSON's own types in C; dataclasses and dates are passed to _plain, which
            # tells them apart by their type's name (orjson alone would write them as plain objects).
            text = orjson.dumps(value, default=self._plain, option=_OPTIONS)
        except (TypeError, ValueError) as exc:
            raise Unkeyable(str(exc)) from None
        return _digest_bytes(text)


_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS


def _model_digest(value: pydantic.BaseModel) -> str:
    # The serializer itself: model_dump_json's bytes before it decodes them (which only costs).
    return _digest_bytes(type(value).__qualname__.encode() + value.__pydantic_serializer__.to_json(value))


def _model_digests(values: list[pydantic.BaseModel]) -> list[str]:
    return [_model_digest(v) for v in values]


def _digest_bytes(data: bytes) -> str:
    # 128 bits: no two of a site's values meet by chance.
    return hashlib.sha256(data).hexdigest()[:32]


def _attributes(value: object) -> list[Any]:
    """A dataclass instance's fields, in order, and any other attribute it holds."""
    held = getattr(value, "__dict__", None)
    if held is not None:
        return list(held.items())
    return [(f.name, getattr(value, f.name)) for f in dataclasses.fields(value)]  # type: ignore[arg-type]


@dataclass
class Batch:
    """Files made together: `make` gives their pages, `made_from` everything they are made from. The
    name is the batch's place in the list; no two batches of a build share one."""

    name: str
    made_from: object
    make: Callable[[], Iterable[Page]]


@dataclass
class Entry:
    key: str
    uses: list[str]
    uses_digest: str
    files: list[str]
    """Docs paths of the files, and 'tails/<url>' of a page's raw-HTML tail."""
    parts: list[str] = field(default_factory=list)
    """Keys of the kept parts of its pages (render/parts.py): kept while the batch is."""


@dataclass
class Part:
    uses: list[str]
    uses_digest: str


@dataclass
class Reuse:
    """The last build's batches, and this build's as they are made."""

    folder: Path
    seed: str
    uses_digest: Callable[[Iterable[str]], str]
    """The digest of named templates and settings as they are now (build/keys.py ``uses_digest``)."""
    old: dict[str, Entry] = field(default_factory=dict)
    new: dict[str, Entry] = field(default_factory=dict)
    old_parts: dict[str, Part] = field(default_factory=dict)
    new_parts: dict[str, Part] = field(default_factory=dict)
    fingerprint: Fingerprint = field(default_factory=Fingerprint)
    reused: int = 0
    made: int = 0
    links: Links = field(default_factory=Links)
    """The files taken, linked on threads meanwhile: all there once ``links.wait()`` returned."""
    leave_kept: bool = False
    """Whether a taken batch's files stay where they are kept (``aside``) rather than being linked into
    the docs folder: its pages are mostly not built again (build/incremental.py ``set_aside``), and
    MkDocs copies its static files from there."""
    aside: dict[str, str] = field(default_factory=dict)
    """Docs path -> where it is kept, of the files taken and not put in the docs folder."""
    _listed: set[str] | None = field(default=None, repr=False)

    @classmethod
    def load(cls, folder: Path, seed: str, uses_digest: Callable[[Iterable[str]], str]) -> Reuse:
        reuse = cls(folder, seed, uses_digest)
        try:
            state = json.loads((folder / "render.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return reuse
        if isinstance(state, dict) and state.get("version") == VERSION and state.get("seed") == seed:
            reuse.old = {name: Entry(*e) for name, e in state["batches"].items()}
            reuse.old_parts = {key: Part(*p) for key, p in state.get("parts", {}).items()}
        return reuse

    def key(self, made_from: object) -> str | None:
        try:
            return self.fingerprint.key(made_from)
        except Unkeyable:
            return None

    def take(self, name: str, key: str | None, docs_dir: Path, tails_dir: Path | None) -> list[str] | None:
        """Link the batch's files from the last build into docs_dir (and tails_dir); their docs paths, or
        None when the batch must be made."""
        entry = self.old.get(name)
        if entry is None or not self.can_take(name, key):
            return None
        if tails_dir is None and any(f.startswith("tails/") for f in entry.files):
            return None
        docs, tails = str(docs_dir), str(tails_dir)
        for f in entry.files:
            if f.startswith("tails/"):
                self.links.link(self._kept(f), f"{tails}/{f.removeprefix('tails/')}")
            elif self.leave_kept:
                # A folder and a link fewer per file (and an unlink per page MkDocs does not build).
                self.aside[f] = self._kept(f)
            else:
                self.links.link(self._kept(f), f"{docs}/{f}")
        self.new[name] = entry
        for part in entry.parts:
            if part in self.old_parts:
                self.new_parts[part] = self.old_parts[part]
        self.reused += 1
        return [f for f in entry.files if not f.startswith("tails/")]

    def can_take(self, name: str, key: str | None) -> bool:
        """Whether the last build's files of the batch are what it would make now, and are kept."""
        entry = self.old.get(name)
        return (
            key is not None
            and entry is not None
            and entry.key == key
            and self.uses_digest(entry.uses) == entry.uses_digest
            and all(_name_hash(f) in self._on_disk() for f in entry.files)
        )

    def _on_disk(self) -> set[str]:
        """The names of the kept files, listed once: a folder listing costs what a few of the thousands
        of checks file by file would."""
        if self._listed is None:
            self._listed = set()
            try:
                folders = list(os.scandir(self.folder / "files"))
            except OSError:
                return self._listed
            for folder in folders:
                try:
                    self._listed.update(e.name for e in os.scandir(folder.path) if e.is_file())
                except OSError:
                    continue
        return self._listed

    def where(self, docs_dir: Path, name: str) -> Path:
        """Where this build's file of a docs path is: in docs_dir, or kept (``aside``)."""
        found = self.aside.get(name)
        return docs_dir / name if found is None else Path(found)

    def kept(self, name: str) -> Path:
        """Where the last build's file of that docs path is kept: by a hash of the path, so that no
        folder of .build/ is named like a folder of the project (sources/, site/)."""
        return Path(self._kept(name))

    def _kept(self, name: str) -> str:
        h = _name_hash(name)
        return f"{self.folder}/files/{h[:2]}/{h}"

    def note(
        self, name: str, key: str | None, uses: Iterable[str], files: list[str], parts: Iterable[str] = ()
    ) -> None:
        """A batch made by this build; kept for the next when it has a key."""
        self.made += 1
        if key is not None:
            used = sorted(uses)
            self.new[name] = Entry(key, used, self.uses_digest(used), files, list(dict.fromkeys(parts)))

    def part(self, key: str) -> tuple[str, list[str]] | None:
        """A part of a page kept by the last build (render/parts.py), and what it was made with; None
        when it must be rendered."""
        entry = self.new_parts.get(key) or self.old_parts.get(key)
        if entry is None or self.uses_digest(entry.uses) != entry.uses_digest:
            return None
        try:
            text = self._part_file(key).read_text(encoding="utf-8")
        except OSError:
            return None
        self.new_parts[key] = entry
        return text, entry.uses

    def keep_part(self, key: str, uses: Iterable[str], text: str) -> None:
        path = self._part_file(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Same key, same text: a file left by a build stopped meanwhile is replaced whole.
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
        used = sorted(uses)
        self.new_parts[key] = Part(used, self.uses_digest(used))

    def parts_made(self, keys: Iterable[str]) -> dict[str, tuple[list[str], str]]:
        """The parts of keys as this build has them, for a Reuse of another process (adopt_parts)."""
        return {k: (p.uses, p.uses_digest) for k in keys if (p := self.new_parts.get(k)) is not None}

    def adopt_parts(self, parts: Mapping[str, tuple[list[str], str]]) -> None:
        """Parts another process of this build took or kept (parts_made)."""
        for k, (uses, digest) in parts.items():
            self.new_parts[k] = Part(list(uses), digest)

    def _part_file(self, key: str) -> Path:
        return self.folder / "parts" / key

    def save(self, docs_dir: Path, tails_dir: Path | None) -> None:
        """Keep this build's files for the next: the batches made are linked in, those gone removed."""
        self.folder.mkdir(parents=True, exist_ok=True)
        state_file = self.folder / "render.json"
        state_file.unlink(missing_ok=True)
        wanted = {f for e in self.new.values() for f in e.files}
        for name, entry in self.new.items():
            if self.old.get(name) is entry:
                continue
            for f in entry.files:
                source = _place(f, docs_dir, tails_dir)
                if source is None:
                    continue
                target = self.kept(f)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.unlink(missing_ok=True)
                _link(source, target)
        for entry in self.old.values():
            for f in entry.files:
                if f not in wanted:
                    self.kept(f).unlink(missing_ok=True)
        parts = {
            key: [p.uses, p.uses_digest]
            for e in self.new.values()
            for key in e.parts
            if (p := self.new_parts.get(key)) is not None
        }
        if (self.folder / "parts").is_dir():
            for path in (self.folder / "parts").iterdir():
                if path.name not in parts:
                    path.unlink(missing_ok=True)
        batches = {name: [e.key, e.uses, e.uses_digest, e.files, e.parts] for name, e in self.new.items()}
        tmp = state_file.with_suffix(".tmp")
        tmp.write_text(
            json.dumps({"version": VERSION, "seed": self.seed, "batches": batches, "parts": parts}),
            encoding="utf-8",
        )
        os.replace(tmp, state_file)


def _name_hash(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:32]


def _place(name: str, docs_dir: Path, tails_dir: Path | None) -> Path | None:
    """Where a batch's file is in this build: 'tails/...' in tails_dir (None without one), else in docs_dir."""
    if name.startswith("tails/"):
        return None if tails_dir is None else tails_dir / name.removeprefix("tails/")
    return docs_dir / name


def _link(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)
