"""`reportsite check` validates curation against live records, naming the curation line."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from reportsite.cli import cli

ROOT = Path(__file__).parents[1]


def _project(tmp_path: Path) -> Path:
    for name in ("sources", "extract"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def test_check_passes_on_the_repository() -> None:
    result = CliRunner().invoke(cli, ["--project", str(ROOT), "check"])
    assert result.exit_code == 0, result.output
    assert "curation: " in result.output and "all naming live records" in result.output


def test_an_override_for_a_missing_record_fails_with_its_line(tmp_path: Path) -> None:
    project = _project(tmp_path)
    curation = project / "sources" / "curation.yml"
    text = curation.read_text(encoding="utf-8").replace("themes: []", "")
    text += "  - id: mopan-2023-brief/no-such-finding\n    hide: true\n"
    curation.write_text(text, encoding="utf-8")
    line = text.splitlines().index("  - id: mopan-2023-brief/no-such-finding") + 1
    result = CliRunner().invoke(cli, ["--project", str(project), "check"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[0] == (
        f"error: sources/curation.yml, line {line}: no record with id 'mopan-2023-brief/no-such-finding' "
        "(it may have been renamed; see extract/ledger.yml)"
    )
