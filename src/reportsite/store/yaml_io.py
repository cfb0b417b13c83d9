"""Extract records to YAML and back; files are replaced atomically and read with the safe loader only."""

from __future__ import annotations

import functools
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from reportsite.errors import ExtractError, WriteError
from reportsite.records import Extract, extract_json_schema
from reportsite.store import safe_yaml


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Long quotes fold onto readable lines; a diff then shows the sentence that changed.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)

# libyaml's emitter writes the same bytes as the pure-Python one, several times faster, as long as no
# string has to be double-quoted: the two fold double-quoted lines and escape characters beyond the
# Basic Multilingual Plane differently. Strings of printable BMP characters on one line are never
# double-quoted, so a document made only of those goes to libyaml, any other to the Python emitter.
_FAST_BASE: type = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _FastDumper(_FAST_BASE):
    pass


_FastDumper.add_representer(str, _str)

_NEEDS_PYTHON_EMITTER = re.compile("[^\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]")
"""A character either emitter escapes or breaks a line at (control characters, line and paragraph
separators, the byte-order mark, characters beyond the BMP)."""


_SHORT_KEY = 64
"""Keys up to this long, and not empty, are simple keys to both emitters (they measure length differently:
characters and bytes); any other goes to the Python emitter."""


def _plain_strings(value: Any) -> bool:
    """Every string in value is printable BMP text on one line, and every key short and not empty."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _NEEDS_PYTHON_EMITTER.search(item):
                return False
        elif isinstance(item, dict):
            if any(not isinstance(k, str) or not 0 < len(k) <= _SHORT_KEY for k in item):
                return False
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def dump_yaml(data: Any, plain: bool | None = None) -> str:
    """data as the extract files spell it; the same text whichever emitter writes it. plain: what
    _plain_strings(data) gives, when the caller knows it."""
    dumper = _FastDumper if (_plain_strings(data) if plain is None else plain) else _Dumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)


_OPTIONAL_LISTS = ("actions", "links", "stance_cues", "restated_at", "footnotes")


def extract_to_yaml(extract: Extract) -> str:
    return dump_yaml(extract_to_data(extract))


def extract_to_data(extract: Extract) -> dict[str, Any]:
    """The plain data the extract file holds: what loading that file gives back."""
    data = extract.model_dump(mode="json", exclude_none=True)
    data["report"]["cycle"] = extract.report.cycle
    # Lists most records leave empty are written only where they hold something.
    for finding in data["findings"]:
        for key in _OPTIONAL_LISTS:
            if not finding.get(key):
                finding.pop(key, None)
    for number in data["numbers"]:
        # Most figures are plain amounts; only the others say what they are.
        if number.get("measure") == "amount":
            del number["measure"]
    if not data["warnings"]:
        del data["warnings"]
    return data


def yaml_to_extract(text: str, shown: str) -> Extract:
    return data_to_extract(yaml_to_data(text, shown), shown)


def yaml_to_data(text: str, shown: str) -> Any:
    try:
        return safe_yaml.load(text, fast=True)
    except yaml.YAMLError as exc:
        raise ExtractError(
            f"not valid YAML: {safe_yaml.error_problem(exc)}", shown, line=safe_yaml.error_line(exc)
        ) from None


def data_to_extract(data: Any, shown: str) -> Extract:
    try:
        return Extract.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ExtractError(f"invalid extract at {where}: {err['msg']}", shown) from None


def data_to_json(data: Any) -> str:
    """The data of an extract file as JSON: the cache's copy, loaded many times faster than YAML."""
    return json.dumps(data, ensure_ascii=False)


def dump_with_copy(data: Any) -> tuple[str, str]:
    """(the YAML of data, its JSON copy): the copy holds what loading that YAML gives. Plain text comes
    back from YAML as it went in; other text may not (PyYAML writes a NEL character it cannot read
    back), so for it the copy is made from the YAML as loaded."""
    plain = _plain_strings(data)
    text = dump_yaml(data, plain)
    return text, data_to_json(data if plain else safe_yaml.load(text, fast=True))


def load_extract(path: Path, shown: str | None = None) -> Extract:
    return yaml_to_extract(path.read_text(encoding="utf-8"), shown or str(path))


# The name ending of a file being written; one left behind was written by a process that was killed.
PARTIAL = ".partial"


def remove_partial_files(folders: list[Path]) -> list[Path]:
    """Delete what killed writers left in these folders (call with the project lock held)."""
    removed = []
    for folder in folders:
        for stale in folder.rglob(f".*{PARTIAL}") if folder.is_dir() else ():
            stale.unlink(missing_ok=True)
            removed.append(stale)
    return removed


def write_atomic(path: Path, text: str) -> None:
    """Write text to path so that a reader sees the old file or the new one, never half of either."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL, dir=path.parent)
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        # mkstemp makes the file private; extract files are ordinary project files.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            # A full disk shows here, on write or on close: name the file being written, not the tmp.
            raise WriteError(f"cannot write: {exc.strerror or exc}", path) from None
        raise


SCHEMA_NAME = "extract.schema.json"


@functools.cache
def schema_text() -> str:
    # Made from the record classes as loaded: the same for the life of the process (every rebuild of
    # `serve`).
    return json.dumps(extract_json_schema(), indent=2, ensure_ascii=False) + "\n"
