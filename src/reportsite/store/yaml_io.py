"""Extract records to YAML and back; files are replaced atomically and read with the safe loader only."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

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


_OPTIONAL_LISTS = ("actions", "links", "stance_cues", "restated_at", "footnotes")


def extract_to_yaml(extract: Extract) -> str:
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
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def yaml_to_extract(text: str, shown: str) -> Extract:
    try:
        data = safe_yaml.load(text, fast=True)
        return Extract.model_validate(data)
    except yaml.YAMLError as exc:
        raise ExtractError(
            f"not valid YAML: {safe_yaml.error_problem(exc)}", shown, line=safe_yaml.error_line(exc)
        ) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise ExtractError(f"invalid extract at {where}: {err['msg']}", shown) from None


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


def schema_text() -> str:
    return json.dumps(extract_json_schema(), indent=2, ensure_ascii=False) + "\n"
