"""A freshly built site folder -> site/, swapped in whole; what earlier builds left is removed while
the next one works, and never after a build returns.

A build ends by renaming its scratch folder (with the site it replaced) to .build/trash-*, and leaves
it there: the old site shares most of its files with the new one through hard links, so keeping it
costs a fraction of its size, while removing its thousands of folders takes seconds nobody should
wait for. The next build removes it from its start on, in a process of its own on the
other core, and waits for that process before it returns: once `reportsite build` is back at the
prompt, nothing of it writes or deletes in the project, so the project can be copied or removed at
once.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

TRASH = "trash-"
"""Scratch folders renamed for removal: no build looks into them, the next one removes them."""

# A process rather than a thread: removal is a syscall per file, and a thread waits for the
# interpreter lock between each two while the build's own work holds it (the old site of an 80-report
# shelf: a thread was still removing when the build was done, a process never was). `rm` where there
# is one: a tenth of the user CPU time of Python's rmtree. Not niced: the build waits for it at its
# end, and a niced removal starved on a busy machine made it wait.
_PYTHON_REMOVE = "import shutil, sys\nfor p in sys.argv[1:]:\n    shutil.rmtree(p, ignore_errors=True)\n"


def _remover(folders: list[Path]) -> list[str]:
    rm = shutil.which("rm") if os.name == "posix" else None
    if rm:
        return [rm, "-rf", "--", *map(str, folders)]
    return [sys.executable, "-c", _PYTHON_REMOVE, *map(str, folders)]


def replace_site(new_site: Path, site_dir: Path, scratch: Path) -> None:
    """Put new_site at site_dir, the old one left in scratch for whoever removes it. Where the system
    can, the two trade places in one step (the old one then at new_site's path, inside scratch): a
    reader, or `reportsite serve`, never finds site_dir missing. Elsewhere the old one is renamed aside
    first, into scratch."""
    old = None
    if site_dir.exists():
        if exchange(new_site, site_dir):
            return
        old = Path(tempfile.mkdtemp(prefix="site-old-", dir=scratch))
        os.replace(site_dir, old / "site")
    try:
        os.replace(new_site, site_dir)
    except OSError:
        if old is not None:
            os.replace(old / "site", site_dir)
        raise


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically (Linux's renameat2 with RENAME_EXCHANGE, which os.rename
    cannot ask for); False where the C library, the kernel or the file system has no such call."""
    if sys.platform != "linux":
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


class Sweep:
    """The removal of what earlier builds left in a build folder, but `keep` (this build's own scratch
    folder, if it has one yet): the trash of finished builds and the scratch folders of killed ones.
    `finish` waits for it."""

    def __init__(self, build_dir: Path, keep: Path | None = None) -> None:
        found = [*build_dir.glob("build-*"), *build_dir.glob(f"{TRASH}*")] if build_dir.is_dir() else []
        self.stale = sorted(p for p in found if p != keep)
        self.process: subprocess.Popen[bytes] | None = None
        if not self.stale:
            return
        try:
            # In the build's own process group: a build killed with its group takes the removal along,
            # and the next build starts it again.
            self.process = subprocess.Popen(
                _remover(self.stale),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except (OSError, ValueError):
            self.process = None

    def finish(self) -> None:
        """Wait until every folder found at the start is gone."""
        if self.process is not None:
            try:
                self.process.wait()
            finally:
                # Interrupted (Ctrl-C), the removal stops with the build: the next one starts it again.
                if self.process.poll() is None:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        # What the process could not remove (it failed to start, or died) is removed here.
        for folder in self.stale:
            if folder.exists():
                shutil.rmtree(folder, ignore_errors=True)


def retire(scratch: Path) -> None:
    """Leave a finished build's scratch folder (with the site it replaced) to the next build's sweep:
    renamed at once, so that it is out of the way of everything but the sweep."""
    if not scratch.exists():
        return
    try:
        os.replace(scratch, scratch.with_name(f"{TRASH}{uuid.uuid4().hex}"))
    except OSError:
        shutil.rmtree(scratch, ignore_errors=True)
