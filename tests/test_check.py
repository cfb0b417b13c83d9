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


def _set_status(project: Path, theme: str, status: str) -> int:
    curation = project / "sources" / "curation.yml"
    text = curation.read_text(encoding="utf-8").replace(
        "themes: []", f"themes:\n  - theme: {theme}\n    status: {status}\n    note: An editor's call."
    )
    curation.write_text(text, encoding="utf-8")
    return text.splitlines().index(f"  - theme: {theme}") + 1


def test_an_editorial_status_the_evidence_no_longer_gives_fails_check(tmp_path: Path) -> None:
    project = _project(tmp_path)
    # The rule computes something else for this theme from the sources (nexus: a 2023 concern only).
    line = _set_status(project, "nexus", "resolved")
    result = CliRunner().invoke(cli, ["--project", str(project), "check"])
    assert result.exit_code == 1
    first = result.stderr.strip().splitlines()[0]
    assert first.startswith(f"error: sources/curation.yml, line {line}: theme 'nexus' is set to 'resolved'")
    assert "the evidence now computes 'new'" in first


def test_an_editorial_status_the_evidence_agrees_with_passes(tmp_path: Path) -> None:
    project = _project(tmp_path)
    _set_status(project, "nexus", "new")
    result = CliRunner().invoke(cli, ["--project", str(project), "check"])
    assert result.exit_code == 0, result.output
    assert "1 editorial statuses, each matching" in result.output
