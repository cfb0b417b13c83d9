"""The package's own import graph, read from its source: which module imports which.

The extraction cache key hashes every module the read and extract stages reach, so that no edit to
extracting code can leave stale extracts; the layout test uses the same graph to refuse import cycles.
Imports inside functions count: they run too. Import statements are read by a pattern rather than a full
parse: the graph is built on every build, and parsing every module cost a second.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGE = PACKAGE_DIR.name


def module_files(package_dir: Path = PACKAGE_DIR) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package (a package is its __init__.py)."""
    out = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [PACKAGE, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


# Import statements anywhere in a module (inside functions too), parentheses spanning lines included.
_IMPORT = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<base>[.\w]+)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#]*)"
    r"|import[ \t]+(?P<modules>[^\n#]*))",
    re.M,
)


def _imported(source: str, name: str, is_package: bool, known: set[str]) -> set[str]:
    here = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for m in _IMPORT.finditer(source):
        if m["modules"] is not None:
            targets = [part.split()[0] for part in m["modules"].split(",") if part.strip()]
        else:
            base = m["base"]
            level = len(base) - len(base.lstrip("."))
            if level:
                anchor = here.split(".")
                anchor = anchor[: len(anchor) - (level - 1)]
                rest = base.lstrip(".")
                base = ".".join([*anchor, rest] if rest else anchor)
            names = [
                n.split()[0] for n in m["names"].strip("() \n").replace("\n", " ").split(",") if n.strip()
            ]
            # "from pkg import name" imports pkg, and pkg.name too when that is a module.
            targets = [base, *(f"{base}.{n}" for n in names)]
        found.update(t for t in targets if t in known)
    # Importing a module runs its packages' __init__ first.
    parent = name.rpartition(".")[0]
    while parent:
        found.add(parent)
        parent = parent.rpartition(".")[0]
    found.discard(name)
    return found


@cache
def import_graph(package_dir: Path = PACKAGE_DIR) -> dict[str, frozenset[str]]:
    """Module -> the package's modules it imports, anywhere in its body."""
    files = module_files(package_dir)
    known = set(files)
    graph = {}
    for name, path in files.items():
        source = path.read_text(encoding="utf-8")
        graph[name] = frozenset(_imported(source, name, path.name == "__init__.py", known))
    return graph


def reachable(roots: Iterable[str], graph: dict[str, frozenset[str]]) -> set[str]:
    """The roots (modules, or packages meaning every module under them) and all they import."""
    todo = [m for m in graph for r in roots if m == r or m.startswith(r + ".")]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(graph[name] - seen)
    return seen


def code_digest(seed: str, roots: Iterable[str], package_dir: Path = PACKAGE_DIR) -> str:
    """The hash of seed and of every module the roots reach by import: what decides a stage's output."""
    h = hashlib.sha256(seed.encode())
    files = module_files(package_dir)
    for name in sorted(reachable(roots, import_graph(package_dir))):
        h.update(name.encode() + b"\0")
        h.update(files[name].read_bytes() + b"\0")
    return h.hexdigest()


def import_cycles(graph: dict[str, frozenset[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles
