"""The package's shape: one folder per stage, no import cycles, small modules, every package explained."""

from __future__ import annotations

import ast
from pathlib import Path

from reportsite.modules import PACKAGE_DIR, import_cycles, import_graph, module_files

STAGES = ("read", "extract", "link", "render", "build", "store", "commands")
MAX_LINES = 400


def test_no_import_cycle_anywhere_in_the_package() -> None:
    assert import_cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle_through_a_function_level_import(tmp_path: Path) -> None:
    pkg = tmp_path / "reportsite"
    (pkg / "a").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a" / "__init__.py").write_text("")
    (pkg / "a" / "one.py").write_text("from reportsite.a.two import f\n")
    (pkg / "a" / "two.py").write_text("def f():\n    from . import one\n")
    assert import_cycles(import_graph(pkg)) == [["reportsite.a.one", "reportsite.a.two"]]


def test_every_stage_is_a_package_that_says_what_it_takes_and_gives() -> None:
    for stage in STAGES:
        init = PACKAGE_DIR / stage / "__init__.py"
        assert init.is_file(), stage
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc.splitlines()) == 1, stage


def test_no_module_is_over_the_size_limit() -> None:
    long = {
        name: n
        for name, path in module_files().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_page_leaf_imports_no_page_module() -> None:
    assert not {m for m in import_graph()["reportsite.render.page"] if m.startswith("reportsite.render.")}
