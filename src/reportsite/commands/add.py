"""`reportsite add`: copy a document into sources/, add it to the catalogue, extract and rebuild.

Everything that can be checked is checked before anything is touched, and the document is read in full
(a PDF with no text layer, a text file that is not UTF-8, are refused here). After that, every step that
changes the project is undone if a later one fails: sources/, extract/ and site/ end up byte for byte as
they were, and the error is raised as usual.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from reportsite.dates import check_date
from reportsite.errors import CatalogueError, ReadError
from reportsite.lock import project_lock
from reportsite.project import Project
from reportsite.read.document import document_to_blocks
from reportsite.records import CYCLE, REPORT_KINDS, SLUG
from reportsite.store import safe_yaml
from reportsite.store.catalogue import SUFFIXES, load_catalogue
from reportsite.store.undo import remove_interrupted, undo_on_failure, write_bytes_atomic


@dataclass(frozen=True)
class NewReport:
    """The catalogue fields of a report being added, as given on the command line."""

    report_id: str
    title: str
    publisher: str
    date: str
    kind: str
    cycle: str | None


def run_add(
    project: Project,
    file: Path,
    new: NewReport,
    *,
    progress: Callable[[str], None] | None = None,
    wait: bool = True,
) -> Path:
    """Add FILE to the project as the report `new` and rebuild; return the document's path in sources/.

    The project's write lock is held from the checks to the end of the build, so that two adds (or an
    add and a build) never see each other's half-done work, and a rollback undoes this add alone.
    """
    say = progress or (lambda _msg: None)
    with project_lock(project, "add", wait=wait, say=say):
        remove_interrupted(project, say)
        return _add(project, file, new, say)


def _add(project: Project, file: Path, new: NewReport, say: Callable[[str], None]) -> Path:
    shown = str(file)
    new = check_fields(project, file, new)
    report_id = new.report_id
    say(f"reading {shown}")
    blocks = document_to_blocks(file, shown)
    if not blocks:
        raise ReadError("has no text to extract", shown)
    target = project.sources / f"{report_id}{file.suffix.lower()}"
    entry = entry_text(new, target.name)

    with undo_on_failure(project, target, report_id) as undo:
        say(f"copying {shown} to {project.shown(target)}")
        shutil.copyfile(file, target)
        append_entry(project, entry, report_id)
        undo.catalogue_written()
        # The build extracts what changed (only the new report) before it links and renders.
        from reportsite.build.pipeline import run_build

        run_build(project, say)
    say(f"added {report_id} ({project.shown(target)})")
    return target


def check_fields(project: Project, file: Path, new: NewReport) -> NewReport:
    """Refuse bad arguments before anything is read or copied; return the fields as the catalogue wants
    them."""
    shown = str(file)
    if not file.is_file():
        raise ReadError("file does not exist", shown)
    if file.suffix.lower() not in SUFFIXES:
        raise ReadError(
            f"unsupported file type {file.suffix.lower()!r} (use .pdf, .docx, .txt or .md)", shown
        )
    if not SLUG.match(new.report_id):
        raise CatalogueError(
            f"id {new.report_id!r} is not a URL-safe slug (lower-case letters, digits and hyphens)", "--id"
        )
    try:
        check_date(new.date)
    except ValueError as exc:
        raise CatalogueError(str(exc), "--date") from None
    if new.kind not in REPORT_KINDS:
        raise CatalogueError(f"unknown kind {new.kind!r} (one of: {', '.join(REPORT_KINDS)})", "--kind")
    cycle = new.cycle
    if cycle is not None and cycle.lower() in ("none", "null", ""):
        cycle = None
    if cycle is not None and not CYCLE.match(cycle):
        raise CatalogueError(
            f"cycle {cycle!r} is not a short name of letters, digits, dots and hyphens (or none)", "--cycle"
        )
    for name, value in (("--title", new.title), ("--publisher", new.publisher)):
        if not value.strip():
            raise CatalogueError("must not be empty", name)
    catalogue = project.shown(project.catalogue)
    for existing in load_catalogue(project.catalogue, catalogue):
        if existing.report.id == new.report_id:
            raise CatalogueError(f"id {new.report_id!r} is already taken", catalogue, line=existing.line)
    target = project.sources / f"{new.report_id}{file.suffix.lower()}"
    if target.exists():
        raise CatalogueError(f"{project.shown(target)} already exists; choose another id", catalogue)
    return replace(
        new, title=new.title.strip(), publisher=new.publisher.strip(), date=new.date.strip(), cycle=cycle
    )


def _quoted(value: str) -> str:
    # JSON strings are YAML double-quoted scalars: any title is safe, whatever its colons and quotes.
    return json.dumps(value, ensure_ascii=False)


def entry_text(new: NewReport, file: str) -> list[str]:
    """The entry's lines, unindented, in the order the catalogue's own entries use."""
    return [
        f"- id: {new.report_id}",
        f"  title: {_quoted(new.title.strip())}",
        f"  publisher: {_quoted(new.publisher.strip())}",
        f"  date: {_quoted(new.date.strip())}",
        f"  kind: {new.kind}",
        f"  cycle: {_quoted(new.cycle) if new.cycle else 'null'}",
        f"  file: {_quoted(file)}",
    ]


def append_entry(project: Project, lines: list[str], report_id: str) -> None:
    """Insert the entry after the last report, leaving every other byte of the catalogue as it was."""
    path = project.catalogue
    shown = project.shown(path)
    # Bytes, not read_text: universal newlines would turn a CRLF catalogue into an LF one.
    text = path.read_bytes().decode("utf-8")
    new = _with_entry(text, lines, shown)
    write_bytes_atomic(path, new.encode("utf-8"))
    added = [e for e in load_catalogue(path, shown) if e.report.id == report_id]
    if len(added) != 1:
        raise CatalogueError(f"the new entry {report_id!r} did not read back", shown)


def _with_entry(text: str, lines: list[str], shown: str) -> str:
    root = safe_yaml.compose(text)
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise CatalogueError("cannot add an entry: expected a mapping with a 'reports:' list", shown)
    pairs = root.value if root is not None else []
    seq = next((v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == "reports"), None)
    nl = "\r\n" if "\r\n" in text else "\n"
    if isinstance(seq, yaml.SequenceNode) and seq.value and not seq.flow_style:
        indent = " " * max(seq.value[0].start_mark.column - 2, 0)
        # After the last line of the last entry's content, so a trailing comment stays last.
        end = _last_leaf(seq.value[-1]).end_mark
        at = _line_end(text, len(text[: end.index].rstrip()))
        head = text[:at] if text[:at].endswith("\n") else text[:at] + nl
        return head + nl.join(indent + line for line in lines) + nl + text[at:]
    block = nl.join("  " + line for line in lines)
    if isinstance(seq, yaml.SequenceNode) and not seq.value:
        return text[: seq.start_mark.index].rstrip(" ") + nl + block + text[seq.end_mark.index :]
    if isinstance(seq, yaml.ScalarNode) and seq.value in ("", "~", "null"):
        start = seq.start_mark.index if seq.value else seq.end_mark.index
        rest = text[seq.end_mark.index :]
        return text[:start].rstrip(" ") + nl + block + (rest if rest.startswith(("\n", "\r")) else nl + rest)
    if seq is None:
        head = text if text.endswith("\n") or not text else text + nl
        return head + "reports:" + nl + block + nl
    raise CatalogueError("cannot add an entry: 'reports:' is not a block list", shown)


def _last_leaf(node: yaml.Node) -> yaml.Node:
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return node


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1
