"""The `reportsite` command: one clean line and exit 1 on bad input, never a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import ReportsiteError
from .project import Project


def _clean_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ReportsiteError as exc:
            click.echo(f"error: {exc}", err=True)
            if exc.hint:
                click.echo(f"hint: {exc.hint}", err=True)
            sys.exit(1)

    return wrapper


def _progress(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reportsite")
@click.option(
    "--project",
    "project_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="Project folder holding sources/, extract/ and mkdocs.yml.",
)
@click.pass_context
def cli(ctx: click.Context, project_dir: Path) -> None:
    """Turn assessment reports into a cross-linked static website.

    \b
    Example:
        reportsite build          # sources/ -> extract/ -> site/
    """
    ctx.obj = Project.at(project_dir)


@cli.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Write here, not extract/.")
@click.argument("report_ids", nargs=-1)
@click.pass_obj
@_clean_errors
def extract(project: Project, out_dir: Path | None, report_ids: tuple[str, ...]) -> None:
    """Extract findings, tables, figures and numbers to YAML.

    Writes extract/<report-id>.yml for every report in sources/catalogue.yml, or only those named.

    \b
    Example:
        reportsite extract mopan-2023-brief --out /tmp/extract
    """
    from .commands.extract import run_extract

    written = run_extract(project, report_ids, out_dir, _progress)
    click.echo(f"wrote {len(written)} extract files")


@cli.command()
@click.pass_obj
@_clean_errors
def check(project: Project) -> None:
    """Validate the catalogue, extracts, curation and links without building.

    \b
    Example:
        reportsite check
    """
    from .commands.check import run_check

    for line in run_check(project):
        click.echo(line)


def main() -> None:
    cli(prog_name="reportsite")
