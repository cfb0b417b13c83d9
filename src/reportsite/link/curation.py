"""People's corrections (sources/curation.yml), applied on every build and kept apart from the
generated extract, so re-extracting never loses them.

Overrides are keyed by record id. An override whose id no longer exists fails loudly with the line it
sits on, because a silently dropped correction is worse than a failed build. The same line-keeping YAML
reader serves sources/themes.yml.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from reportsite.errors import CurationError
from reportsite.link.statuses import STATUSES
from reportsite.store import safe_yaml

RENAMED_HINT = "it may have been renamed; see extract/ledger.yml"
_OVERRIDE_KEYS = {"id", "themes", "add_themes", "remove_themes", "hide", "related", "note"}
_THEME_NOTE_KEYS = {"theme", "status", "note"}


# --- YAML that remembers where things are ---------------------------------------------------------


@dataclass(frozen=True)
class Marked:
    """A YAML node with the file it came from, so every complaint can name the file and line."""

    node: yaml.Node | None
    shown: str

    @property
    def line(self) -> int:
        return self.node.start_mark.line + 1 if self.node is not None else 1

    def error(self, message: str) -> CurationError:
        return CurationError(message, self.shown, line=self.line)

    def mapping(self, what: str, keys: Iterable[str] | None = None) -> dict[str, Marked]:
        if self.node is None:
            return {}
        if not isinstance(self.node, yaml.MappingNode):
            raise self.error(f"{what} should be a mapping of key: value")
        out: dict[str, Marked] = {}
        allowed = set(keys) if keys is not None else None
        for key_node, value_node in self.node.value:
            key = Marked(key_node, self.shown)
            name = key.text("a key")
            if name in out:
                raise key.error(f"{name!r} is given twice in {what}")
            if allowed is not None and name not in allowed:
                raise key.error(
                    f"unknown key {name!r} in {what}; expected one of {', '.join(sorted(allowed))}"
                )
            out[name] = Marked(value_node, self.shown)
        return out

    def sequence(self, what: str) -> list[Marked]:
        if isinstance(self.node, yaml.ScalarNode) and self.node.tag.endswith(":null"):
            return []
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.error(f"{what} should be a list")
        return [Marked(n, self.shown) for n in self.node.value]

    def value(self) -> Any:
        if self.node is None:
            return None
        return SafeConstructor().construct_object(self.node, deep=True)

    def text(self, what: str) -> str:
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.error(f"{what} should be a single value")
        value = self.value()
        if value is None or isinstance(value, bool) or str(value).strip() == "":
            raise self.error(f"{what} should be text, not {self.node.value!r}")
        return str(value).strip()

    def texts(self, what: str) -> tuple[str, ...]:
        return tuple(item.text(what) for item in self.sequence(what))

    def flag(self, what: str) -> bool:
        value = self.value() if isinstance(self.node, yaml.ScalarNode) else None
        if not isinstance(value, bool):
            raise self.error(f"{what} should be true or false")
        return value


def load_marked(path: Path, shown: str) -> Marked | None:
    """The document in path as a Marked tree (safe loader only), or None when the file is absent."""
    if not path.is_file():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        try:
            # The C parser, several times faster on a taxonomy of many terms; a file it refuses is
            # read again by the pure-Python one, whose message names the exact place.
            node = safe_yaml.compose(text, fast=True)
        except yaml.YAMLError:
            node = safe_yaml.compose(text)
    except UnicodeDecodeError:
        raise CurationError("not UTF-8 text", shown) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise CurationError(
            f"not valid YAML: {problem}", shown, line=mark.line + 1 if mark else None
        ) from None
    return Marked(node, shown)


# --- the curation file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CuratedLink:
    id: str
    reason: str
    line: int


@dataclass(frozen=True)
class Override:
    """What people changed about one record."""

    id: str
    line: int
    """The line of the id, which error messages point at."""
    themes: tuple[str, ...] | None = None
    """Replaces the themes the rule gave, when set."""
    add_themes: tuple[str, ...] = ()
    remove_themes: tuple[str, ...] = ()
    hide: bool = False
    related: tuple[CuratedLink, ...] = ()
    note: str | None = None
    """Why the override is there, for whoever reads the file next."""
    theme_lines: dict[str, int] = field(default_factory=dict)
    """Theme id -> the line naming it, for error messages."""


@dataclass(frozen=True)
class ThemeNote:
    """A curator's word on one theme of the 2019/2023 comparison."""

    theme: str
    line: int
    status: str | None = None
    """Overrides the status the rule gives."""
    note: str | None = None


@dataclass(frozen=True)
class Curation:
    path: str = "sources/curation.yml"
    overrides: tuple[Override, ...] = ()
    themes: tuple[ThemeNote, ...] = ()

    def for_record(self, record_id: str) -> Override | None:
        return next((o for o in self.overrides if o.id == record_id), None)

    def for_theme(self, theme_id: str) -> ThemeNote | None:
        return next((t for t in self.themes if t.theme == theme_id), None)

    @property
    def hidden(self) -> set[str]:
        return {o.id for o in self.overrides if o.hide}


def load_curation(path: Path, shown: str | None = None) -> Curation:
    """The curation in path; an absent or empty file means no overrides."""
    shown = shown or f"{path.parent.name}/{path.name}"
    root = load_marked(path, shown)
    if root is None:
        return Curation(path=shown)
    top = root.mapping("the file", keys={"overrides", "themes"})
    overrides: list[Override] = []
    first_line: dict[str, int] = {}
    for item in top["overrides"].sequence("overrides") if "overrides" in top else []:
        override = _override(item)
        if override.id in first_line:
            raise CurationError(
                f"record {override.id!r} already has an override on line {first_line[override.id]}; "
                "merge the two",
                shown,
                line=override.line,
            )
        first_line[override.id] = override.line
        overrides.append(override)
    notes: list[ThemeNote] = []
    note_line: dict[str, int] = {}
    for item in top["themes"].sequence("themes") if "themes" in top else []:
        m = item.mapping("a theme note", keys=_THEME_NOTE_KEYS)
        if "theme" not in m:
            raise item.error("a theme note needs 'theme: <theme id>'")
        theme = m["theme"].text("theme")
        if theme in note_line:
            raise m["theme"].error(f"theme {theme!r} already has a note on line {note_line[theme]}")
        note_line[theme] = m["theme"].line
        status = m["status"].text("status") if "status" in m else None
        if status is not None and status not in STATUSES:
            raise m["status"].error(f"status {status!r} is not one of {', '.join(STATUSES)}")
        note = m["note"].text("note") if "note" in m else None
        notes.append(ThemeNote(theme=theme, line=m["theme"].line, status=status, note=note))
    return Curation(path=shown, overrides=tuple(overrides), themes=tuple(notes))


def _override(item: Marked) -> Override:
    m = item.mapping("an override", keys=_OVERRIDE_KEYS)
    if "id" not in m:
        raise item.error("an override needs 'id: <record id>'")
    if len(m) == 1:
        raise m["id"].error("this override changes nothing; add themes, hide, related or note")
    theme_lines: dict[str, int] = {}
    lists: dict[str, tuple[str, ...]] = {}
    for key in ("themes", "add_themes", "remove_themes"):
        if key in m:
            items = m[key].sequence(key)
            lists[key] = tuple(i.text("a theme id") for i in items)
            theme_lines.update({i.text("a theme id"): i.line for i in items})
    links = []
    for node in m["related"].sequence("related") if "related" in m else []:
        link = node.mapping("a related link", keys={"id", "reason"})
        if "id" not in link or "reason" not in link:
            raise node.error("a related link needs 'id:' and 'reason:'")
        links.append(CuratedLink(link["id"].text("id"), link["reason"].text("reason"), link["id"].line))
    return Override(
        id=m["id"].text("id"),
        line=m["id"].line,
        themes=lists.get("themes"),
        add_themes=lists.get("add_themes", ()),
        remove_themes=lists.get("remove_themes", ()),
        hide=m["hide"].flag("hide") if "hide" in m else False,
        related=tuple(links),
        note=m["note"].text("note") if "note" in m else None,
        theme_lines=theme_lines,
    )


def check_curation(
    curation: Curation, known_ids: Iterable[str], theme_ids: Iterable[str] | None = None
) -> None:
    """Raise CurationError at the first override naming a record (or theme) that does not exist."""
    known = set(known_ids)
    themes = set(theme_ids) if theme_ids is not None else None

    def missing_record(record_id: str, line: int) -> CurationError:
        return CurationError(f"no record with id {record_id!r} ({RENAMED_HINT})", curation.path, line=line)

    for o in curation.overrides:
        if o.id not in known:
            raise missing_record(o.id, o.line)
        for link in o.related:
            if link.id not in known:
                raise missing_record(link.id, link.line)
            if link.id == o.id:
                raise CurationError("a record cannot be related to itself", curation.path, line=link.line)
        if themes is not None:
            for theme, line in o.theme_lines.items():
                if theme not in themes:
                    raise CurationError(
                        f"no theme with id {theme!r} in sources/themes.yml", curation.path, line=line
                    )
    if themes is not None:
        for note in curation.themes:
            if note.theme not in themes:
                raise CurationError(
                    f"no theme with id {note.theme!r} in sources/themes.yml", curation.path, line=note.line
                )


def curated_themes(themes: list[str], override: Override | None) -> list[str]:
    """A record's themes after its override: set replaces, then add, then remove."""
    if override is None:
        return list(themes)
    out = list(override.themes) if override.themes is not None else list(themes)
    out += [t for t in override.add_themes if t not in out]
    return [t for t in out if t not in override.remove_themes]
