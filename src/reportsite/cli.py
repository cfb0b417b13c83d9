"""The `reportsite` command: one clean line and exit 1 on bad input, never a traceback."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from reportsite import __version__, collector
from reportsite.errors import ReportsiteError
from reportsite.project import Project


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
        except OSError as exc:
            # Disk full, permissions, a vanished folder: the file concerned, in one line.
            where = exc.filename if exc.filename is not None else "?"
            click.echo(f"error: {where}: {exc.strerror or exc}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("interrupted; site/ is as it was or wholly replaced", err=True)
            sys.exit(130)

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
@click.option(
    "--no-wait",
    is_flag=True,
    help="When another reportsite command is writing the project, exit 1 naming it instead of waiting.",
)
@click.pass_context
def cli(ctx: click.Context, project_dir: Path, no_wait: bool) -> None:
    """Turn assessment reports into a cross-linked static website.

    \b
    Example:
        reportsite build          # sources/ -> extract/ -> site/
    """
    ctx.obj = Project.at(project_dir)
    ctx.meta["reportsite.wait"] = not no_wait


def _settings_first(project: Project) -> None:
    """The site settings are checked before anything is extracted, so a bad one changes no file."""
    from reportsite.store.site import load_site

    load_site(project.site_settings, project.shown(project.site_settings))


def _wait() -> bool:
    return bool(click.get_current_context().meta.get("reportsite.wait", True))


def _workers_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--jobs and --executor: where the reports are extracted (extract/schedule.py)."""
    fn = click.option(
        "--executor",
        metavar="dask://HOST:PORT",
        help="Extract on this Dask distributed cluster (pip install 'reportsite[dask]'); workers must "
        "see the project at the same path.",
    )(fn)
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        help="Extract this many reports at once, in worker processes. [default: one per core]",
    )(fn)


def _workers(jobs: int | None, executor: str | None) -> Any:
    from reportsite.extract.schedule import Workers

    return Workers(jobs, executor) if jobs or executor else None


@cli.command()
@click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), help="Write here, not extract/."
)
@click.argument("report_ids", nargs=-1)
@_workers_options
@click.pass_obj
@_clean_errors
def extract(
    project: Project,
    out_dir: Path | None,
    report_ids: tuple[str, ...],
    jobs: int | None,
    executor: str | None,
) -> None:
    """Extract findings, tables, figures and numbers to YAML.

    Writes extract/<report-id>.yml for every report in sources/catalogue.yml, or only those named.

    \b
    Example:
        reportsite extract mopan-2023-brief --out /tmp/extract
    """
    from reportsite.commands.extract import run_extract

    written = run_extract(
        project, report_ids, out_dir, _progress, wait=_wait(), workers=_workers(jobs, executor)
    )
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
    _settings_first(project)
    from reportsite.commands.check import run_check

    for line in run_check(project):
        click.echo(line)


@cli.command()
@_workers_options
@click.pass_obj
@_clean_errors
def build(project: Project, jobs: int | None, executor: str | None) -> None:
    """Extract what changed, link, render and build the site into site/.

    site/ is replaced only when the whole build has succeeded.

    \b
    Example:
        reportsite build && python -m http.server -d site
    """
    _settings_first(project)
    from reportsite.build.pipeline import run_build

    run_build(project, _progress, wait=_wait(), workers=_workers(jobs, executor))


@cli.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default=None, help="The site's title (sources/site.yml; edit it there later).")
@click.pass_obj
@_clean_errors
def init(project: Project, directory: Path | None, title: str | None) -> None:
    """Write a new site into DIRECTORY (default: the project folder) that builds at once.

    Writes sources/catalogue.yml (no reports yet), themes.yml, curation.yml and site.yml; templates and
    mkdocs.yml come from the package, and a file of the same name in the folder overrides them.

    \b
    Example:
        reportsite init my-site --title "Evaluations, cross-linked" && cd my-site
        reportsite add report.pdf --id agency-2024-evaluation --title "Evaluation of ..." \\
            --publisher AGENCY --date 2024-05 --kind evaluation
    """
    from reportsite.commands.init import run_init

    made = run_init(directory if directory is not None else project.root, title)
    click.echo(f"wrote a new site in {made.root}: sources/catalogue.yml, themes.yml, curation.yml, site.yml")
    click.echo("next: reportsite add FILE --id ... then reportsite build (or reportsite serve)")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the default web browser.")
@click.pass_obj
@_clean_errors
def serve(project: Project, host: str, port: int, open_browser: bool) -> None:
    """Build, serve the site, rebuild when a source, template or setting changes, and reload open pages.

    \b
    Example:
        reportsite serve --port 8001 --open
    """
    _settings_first(project)
    from reportsite.commands.serve import run_serve

    run_serve(project, port, _progress, host=host, open_browser=open_browser, wait=_wait())


@cli.command()
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch that holds the site.")
@click.option("--message", default="Publish the site", show_default=True, help="Its commit message.")
@click.option("--no-push", is_flag=True, help="Commit site/ to the branch but do not push it.")
@click.option("--cname", default=None, help="A custom domain for GitHub Pages (writes a CNAME file).")
@click.pass_obj
@_clean_errors
def deploy(
    project: Project, remote: str, branch: str, message: str, no_push: bool, cname: str | None
) -> None:
    """Build, then publish site/ to a branch of the project's git repository (GitHub Pages).

    The branch gets one commit holding site/ alone; set site_url in sources/site.yml first.

    \b
    Example:
        reportsite deploy --remote origin --branch gh-pages
    """
    _settings_first(project)
    from reportsite.commands.deploy import run_deploy

    run_deploy(
        project,
        _progress,
        remote=remote,
        branch=branch,
        message=message,
        push=not no_push,
        cname=cname,
        wait=_wait(),
    )


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--id", "report_id", required=True, help="URL-safe slug for the report, unique in the catalogue."
)
@click.option("--title", required=True, help="The report's title.")
@click.option("--publisher", required=True, help="Who published it, e.g. MOPAN or IOM.")
@click.option("--date", "date", required=True, help="Publication date: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--kind", required=True, help="assessment, assessment-brief, evaluation, annual-report, ...")
@click.option(
    "--cycle",
    default=None,
    help="Assessment cycle the report belongs to, as the catalogue names cycles (e.g. a year), or none.",
)
@click.pass_obj
@_clean_errors
def add(
    project: Project,
    file: Path,
    report_id: str,
    title: str,
    publisher: str,
    date: str,
    kind: str,
    cycle: str | None,
) -> None:
    """Add a report (PDF, Word .docx, .txt or .md) to sources/ and the catalogue, then rebuild.

    Everything is checked before anything is copied; a refused file leaves sources/, extract/ and site/
    exactly as they were.

    \b
    Example:
        reportsite add eval.pdf --id iom-2024-evaluation --title "Evaluation of ..." \\
            --publisher IOM --date 2024-05 --kind evaluation --cycle 2023
    """
    _settings_first(project)
    from reportsite.commands.add import NewReport, run_add

    new = NewReport(report_id, title, publisher, date, kind, cycle)
    run_add(project, file, new, progress=_progress, wait=_wait())


@cli.command()
@click.option(
    "--gold",
    "gold_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("tests/gold"),
    show_default=True,
    help="Folder of gold annotation files.",
)
@click.option(
    "--docs",
    "docs_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("tests/real-reports"),
    show_default=True,
    help="Folder holding the documents the gold files name.",
)
@click.option("-v", "--verbose", is_flag=True, help="List each missed and each extra item.")
@_clean_errors
def accuracy(gold_dir: Path, docs_dir: Path, verbose: bool) -> None:
    """Print precision and recall per kind and document against gold annotations.

    \b
    Example:
        reportsite accuracy --gold tests/gold --docs tests/real-reports -v
    """
    from reportsite.accuracy import format_report, measure

    for line in format_report(measure(gold_dir, docs_dir), verbose):
        click.echo(line)


def main() -> None:
    collector.for_a_command()
    try:
        cli(prog_name="reportsite")
    except SystemExit as done:
        _leave(done)
    _leave(SystemExit(0))


def _leave(done: SystemExit) -> None:
    """Exit with the command's code without tearing the interpreter down object by object.

    A build holds the linked records of every report; freeing them one by one at shutdown took 0.3-0.4 s
    on an 80-report shelf, a tenth of an incremental build, with nothing left to write. The files are
    closed and the worker pools shut down by then; the streams and log handlers are flushed here. With a
    thread or child process still running, or an exit that carries a message, Python exits as usual.
    """
    import logging
    import multiprocessing
    import os
    import threading

    code = 0 if done.code is None else done.code
    if not isinstance(code, int) or threading.active_count() > 1 or multiprocessing.active_children():
        raise done
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
