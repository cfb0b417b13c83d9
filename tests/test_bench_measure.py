"""The bench's timing of a command's stages by the lines it prints (bench/measure.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import pytest

import measure

SCRIPT = """
import time
print("extract: 1 cached", flush=True)
time.sleep(0.3)
print("linking", flush=True)
time.sleep(0.6)
print("rendering pages", flush=True)
time.sleep(0.2)
"""


@pytest.fixture(autouse=True)
def _no_sync(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before each command the bench writes back what the machine holds unwritten: here, not under test.
    monkeypatch.setattr(measure.os, "sync", lambda: None)


def test_stages_are_timed_between_their_lines(tmp_path: Path) -> None:
    log = tmp_path / "run.log"
    sample = measure.run([sys.executable, "-c", SCRIPT], tmp_path, log)
    assert log.read_text().splitlines() == ["extract: 1 cached", "linking", "rendering pages"]
    stages = [("start", ""), ("link", "linking"), ("render", "rendering pages"), ("MkDocs", "running MkDocs")]
    took = measure.stage_seconds(sample, stages)
    # A stage the command never reached has no time; the others follow one another to the end.
    assert list(took) == ["start", "link", "render"]
    assert took["start"] >= 0.3
    assert 0.6 <= took["link"] < sample.seconds - 0.5
    assert took["render"] >= 0.2
    assert abs(sum(took.values()) - sample.seconds) < 1e-6


def test_a_failed_command_names_its_output(tmp_path: Path) -> None:
    script = "import sys; print('reading sources/x.pdf'); sys.exit(3)"
    try:
        measure.run([sys.executable, "-c", script], tmp_path, tmp_path / "run.log")
    except measure.CommandFailed as exc:
        assert "exited 3" in str(exc) and "reading sources/x.pdf" in str(exc)
    else:
        raise AssertionError("a failing command must raise")
