"""What `add` changes, kept so that it can be undone: by the add itself when a later step fails, or by
the next command when the add was killed.

The snapshot lies in the project root (`.add-undo-<pid>-*`), not in .build/, which a build is free to
clear. It holds copies of extract/, site/ (hard links: site/ is only ever swapped whole) and the cache
index, the catalogue's bytes before and after the entry was added, and a journal naming the copied file.
Only what this add changed is put back: the catalogue returns to its old bytes only while it still holds
exactly what the add wrote; otherwise only the add's own entry is taken out of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from reportsite.project import Project
from reportsite.store import safe_yaml
from reportsite.store.yaml_io import PARTIAL, remove_partial_files

PREFIX = ".add-undo-"
JOURNAL = "journal.json"


def _watched(project: Project) -> list[Path]:
    return [project.extract_dir, project.site_dir, project.build_dir / "cache"]


@dataclass
class Undo:
    project: Project
    folder: Path
    copied: Path
    report_id: str

    def catalogue_written(self) -> None:
        """Note the catalogue as the add wrote it: while it stays so, undo restores the old bytes."""
        (self.folder / "catalogue.after").write_bytes(self.project.catalogue.read_bytes())

    def journal(self, had_copy: bool) -> None:
        data = {"report_id": self.report_id, "copied": self.copied.name, "had_copy": had_copy}
        tmp = self.folder / f".{JOURNAL}"
        tmp.write_text(json.dumps(data), encoding="utf-8")
        # Written last and renamed in: a folder without a journal holds no complete snapshot.
        os.replace(tmp, self.folder / JOURNAL)

    def undo(self) -> None:
        data = json.loads((self.folder / JOURNAL).read_text(encoding="utf-8"))
        if not data["had_copy"]:
            (self.project.sources / data["copied"]).unlink(missing_ok=True)
        _undo_catalogue(self.project, self.folder, data["report_id"])
        for n, folder in enumerate(_watched(self.project)):
            copy = self.folder / str(n)
            _restore(folder, copy if copy.exists() else None)


@contextmanager
def undo_on_failure(project: Project, copied: Path, report_id: str) -> Iterator[Undo]:
    """Undo every change the block makes to sources/, extract/, site/ and the cache index if it raises."""
    folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=project.root))
    try:
        undo = Undo(project, folder, copied, report_id)
        (folder / "catalogue.before").write_bytes(project.catalogue.read_bytes())
        for n, watched in enumerate(_watched(project)):
            if watched.is_dir():
                _snapshot(watched, folder / str(n), hardlink=watched == project.site_dir)
        undo.journal(had_copy=copied.exists())
        try:
            yield undo
        except BaseException:
            undo.undo()
            raise
        # Done: from here on a kill must not make the next command undo a finished add.
        (folder / JOURNAL).unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_interrupted(project: Project, say: Callable[[str], None] | None = None) -> None:
    """Undo what a killed `add` left and remove its snapshot (call with the project lock held)."""
    for folder in sorted(project.root.glob(f"{PREFIX}*")):
        pid = folder.name.removeprefix(PREFIX).split("-", 1)[0]
        if not folder.is_dir() or (pid.isdigit() and _alive(int(pid))):
            continue
        if (folder / JOURNAL).is_file():
            data = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
            Undo(project, folder, project.sources / data["copied"], data["report_id"]).undo()
            if say:
                say(f"undid the interrupted `add` of {data['report_id']}")
        shutil.rmtree(folder, ignore_errors=True)
    for stale in remove_partial_files([project.sources, project.extract_dir, project.build_dir / "cache"]):
        if say:
            say(f"removed {project.shown(stale)}, left by a killed writer")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _undo_catalogue(project: Project, folder: Path, report_id: str) -> None:
    path = project.catalogue
    now = path.read_bytes()
    after = folder / "catalogue.after"
    if after.is_file() and _sha(now) == _sha(after.read_bytes()):
        write_bytes_atomic(path, (folder / "catalogue.before").read_bytes())
        return
    # Someone else changed the catalogue since: take out this add's entry and nothing else.
    text = now.decode("utf-8")
    kept = without_entry(text, report_id)
    if kept != text:
        write_bytes_atomic(path, kept.encode("utf-8"))


def without_entry(text: str, report_id: str) -> str:
    """The catalogue text with the block-list entry of report_id removed, every other byte kept."""
    try:
        root = safe_yaml.compose(text)
    except yaml.YAMLError:
        return text
    pairs = root.value if isinstance(root, yaml.MappingNode) else []
    seq = next((v for k, v in pairs if isinstance(k, yaml.ScalarNode) and k.value == "reports"), None)
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style:
        return text
    for node in seq.value:
        fields = node.value if isinstance(node, yaml.MappingNode) else []
        if any(k.value == "id" and getattr(v, "value", None) == report_id for k, v in fields):
            lines = text.splitlines(keepends=True)
            last = node
            while isinstance(last, yaml.MappingNode | yaml.SequenceNode) and last.value:
                tail = last.value[-1]
                last = tail[1] if isinstance(tail, tuple) else tail
            end = last.end_mark.line + (1 if last.end_mark.column else 0)
            return "".join(lines[: node.start_mark.line] + lines[end:])
    return text


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_bytes_atomic(path: Path, data: bytes) -> None:
    mode = path.stat().st_mode if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _snapshot(folder: Path, copy: Path, hardlink: bool) -> None:
    # site/ is never written in place (the build swaps in a whole new folder), so links to its files keep
    # the old bytes and cost nothing; the other folders are small and copied.
    def link_or_copy(src: str, dst: str) -> object:
        try:
            os.link(src, dst)
            return dst
        except OSError:
            return shutil.copy2(src, dst)

    shutil.copytree(folder, copy, symlinks=True, copy_function=link_or_copy if hardlink else shutil.copy2)


def _restore(folder: Path, copy: Path | None) -> None:
    if folder.is_symlink() or folder.is_file():
        folder.unlink()
    elif folder.exists():
        shutil.rmtree(folder)
    if copy is not None:
        os.replace(copy, folder)
