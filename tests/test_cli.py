"""Every command is documented with an example, and bad input ends in one line and exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportsite.cli import cli

COMMANDS = sorted(cli.commands)


def test_the_contract_commands_exist() -> None:
    assert {"build", "extract", "add", "serve", "check"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert f"reportsite {name}" in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name: str) -> None:
    for param in cli.commands[name].params:
        if param.param_type_name == "option" and param.name != "help":
            assert param.help, f"{name} --{param.name} has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_readme_mentions_every_command(name: str) -> None:
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"reportsite {name}" in readme


def test_unknown_report_id_is_one_line_and_exit_1(tmp_path: Path) -> None:
    root = Path(__file__).parents[1]
    result = CliRunner().invoke(
        cli, ["--project", str(root), "extract", "--out", str(tmp_path), "no-such-report"]
    )
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: sources/catalogue.yml: no report with id 'no-such-report' in the catalogue"
    )
    assert "Traceback" not in result.output
