"""The extract YAML of each source matches its golden file in tests/golden/.

A change of output shows up here as a readable diff. After a deliberate change, rewrite the golden files
with ``pytest --update-golden tests/test_golden.py`` (or ``make golden``) and review the diff.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from reportsite.extract.pipeline import extract_entries
from reportsite.project import Project
from reportsite.store.catalogue import Entry, load_catalogue
from reportsite.store.yaml_io import extract_to_yaml

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
PROJECT = Project.at(ROOT)
ENTRIES: dict[str, Entry] = {e.report.id: e for e in load_catalogue(PROJECT.catalogue)}


@pytest.mark.parametrize("report_id", sorted(ENTRIES))
def test_extract_matches_golden(report_id: str, update_golden: bool) -> None:
    (extract,) = extract_entries(PROJECT, [ENTRIES[report_id]])
    produced = extract_to_yaml(extract)
    golden = GOLDEN / f"{report_id}.yml"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing; run `pytest --update-golden tests/test_golden.py`"
    expected = golden.read_text(encoding="utf-8")
    if produced != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), produced.splitlines(), f"golden/{report_id}.yml", "produced", lineterm=""
        )
        pytest.fail("extract differs from its golden file:\n" + "\n".join(list(diff)[:80]))


def test_every_golden_file_has_a_source() -> None:
    stale = sorted(p.stem for p in GOLDEN.glob("*.yml") if p.stem not in ENTRIES)
    assert not stale, f"golden files for reports no longer in the catalogue: {stale}"
