"""The package's own import graph, read from its source: which module imports which.

The extraction cache key hashes every module the read and extract stages reach, so that no edit to
extracting code can leave stale extracts; the layout test uses the same graph to refuse import cycles.
Imports inside functions count: they run too.
"""

from __future__ import annotations

import ast
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


def _imported(tree: ast.AST, name: str, is_package: bool, known: set[str]) -> set[str]:
    here = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # "from pkg import name" imports pkg, and pkg.name too when that is a module.
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
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
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        graph[name] = frozenset(_imported(tree, name, path.name == "__init__.py", known))
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
