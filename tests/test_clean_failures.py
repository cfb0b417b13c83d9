"""Failures outside the inputs end in one line too: a full disk names the file being written, a busy
port names the port, Ctrl-C stops without tracebacks."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from project_support import catalogue_text, make_project
from reportsite.cli import cli
from reportsite.project import Project

DISK_FULL = OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path / "project", catalogue_text("mopan-2023-brief"))


def run(project: Project, *args: str) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["--project", str(project.root), *args])
    return result.exit_code, result.stderr.strip().splitlines(), result.output


class _FullFile:
    """A file on a full disk: opening works, writing does not (as with ENOSPC on a real one)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> _FullFile:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def write(self, data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_while_writing_an_extract_names_that_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.store import yaml_io

    monkeypatch.setattr(yaml_io.os, "fdopen", _FullFile)
    code, err, output = run(project, "build")
    assert code == 1
    errors = [line for line in err if line.startswith("error")]
    assert len(errors) == 1, err
    assert errors[0].endswith("extract/mopan-2023-brief.yml: cannot write: No space left on device")
    assert "Traceback" not in output
    assert not list(project.extract_dir.glob(".mopan-2023-brief.yml.*")), "the temporary file stayed"


def test_disk_full_while_writing_a_page_names_that_page(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.write_text

    def full(self: Path, data: str, *args: Any, **kwargs: Any) -> int:
        if self.suffix == ".md" and "docs" in self.parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return real(self, data, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", full)
    code, err, output = run(project, "build")
    assert code == 1
    assert len(err) >= 1 and err[-1].startswith("error: "), err
    assert err[-1].endswith(".md: cannot write the page: No space left on device"), err[-1]
    assert "mkdocs.yml" not in err[-1]
    assert "Traceback" not in output
    assert not project.site_dir.exists()


def test_an_oserror_anywhere_is_one_line_naming_its_file(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.build import pipeline

    def charts_on_a_full_disk(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", "/p/.build/build-x/site/t.svg")

    monkeypatch.setattr(pipeline, "charts_stage", charts_on_a_full_disk)
    code, err, output = run(project, "build")
    assert code == 1
    assert err[-1] == "error: /p/.build/build-x/site/t.svg: No space left on device"
    assert "Traceback" not in output


def test_serve_on_a_busy_port_is_one_line(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportsite.build import pipeline

    monkeypatch.setattr(pipeline, "_build", lambda *a: {"pages": 0})
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, err, output = run(project, "serve", "--port", str(port))
    assert code == 1
    assert err[0].startswith(f"error: --port: cannot serve on 127.0.0.1:{port}: "), err
    assert err[1] == "hint: another server holds the port; choose another with --port"
    assert "Traceback" not in output


def test_ctrl_c_is_one_line_and_exit_130(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportsite.build import pipeline

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "_build", interrupted)
    code, err, output = run(project, "build")
    assert code == 130
    assert err == ["interrupted; site/ is as it was or wholly replaced"]
    assert "Traceback" not in output
