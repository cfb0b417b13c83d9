"""A docs folder -> a built site folder, through MkDocs in-process; its failures name mkdocs.yml."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import yaml

from reportsite.errors import BuildError
from reportsite.project import Project


class _PlainLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for its plain keys, ignoring !ENV and !!python/name tags it may carry."""


_PlainLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_settings(project: Project) -> dict[str, Any]:
    """The few mkdocs.yml values rendering needs (site_url for the "cite this" address)."""
    try:
        data = yaml.load(project.mkdocs_yml.read_text(encoding="utf-8"), Loader=_PlainLoader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise BuildError(f"cannot be read: {exc}", project.shown(project.mkdocs_yml)) from None
    return data if isinstance(data, dict) else {}


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so the build can report them after it ran."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_logging() -> Iterator[_Collect]:
    log = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, old_propagate = log.level, log.propagate
    log.addHandler(handler)
    log.setLevel(logging.WARNING)
    # MkDocs' own INFO lines (one per omitted page, tens of thousands) would drown the progress output.
    log.propagate = False
    try:
        yield handler
    finally:
        log.removeHandler(handler)
        log.setLevel(old_level)
        log.propagate = old_propagate


def mkdocs_build(project: Project, docs_dir: Path, site_dir: Path) -> list[str]:
    """Run MkDocs in-process; returns its warnings. Any failure raises BuildError naming mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    shown = project.shown(project.mkdocs_yml)
    extra: dict[str, Any] = {}
    theme = mkdocs_settings(project).get("theme")
    # A project with its own mkdocs.yml but the shared templates/ finds the theme overrides there.
    if (
        isinstance(theme, dict)
        and theme.get("custom_dir")
        and not (project.mkdocs_yml.parent / str(theme["custom_dir"])).is_dir()
    ):
        extra["theme"] = {**theme, "custom_dir": str(project.templates / "overrides")}
    with _mkdocs_logging() as collected:
        try:
            config = load_config(
                config_file=str(project.mkdocs_yml), docs_dir=str(docs_dir), site_dir=str(site_dir), **extra
            )
            build(config)
        except MkDocsException as exc:
            detail = f" ({collected.messages[-1]})" if collected.messages else ""
            raise BuildError(f"MkDocs failed: {' '.join(str(exc).split())}{detail}", shown) from None
        except SystemExit as exc:
            # MkDocs aborts with SystemExit on a config it cannot use (e.g. an unknown theme).
            raise BuildError(f"MkDocs stopped (exit status {exc.code})", shown) from None
        except OSError as exc:
            # A full disk is not mkdocs.yml's fault: name the file MkDocs was writing.
            if exc.filename is not None:
                raise BuildError(
                    f"cannot write: {exc.strerror or exc}", project.shown(Path(exc.filename))
                ) from None
            raise BuildError(f"MkDocs failed: {type(exc).__name__}: {exc}", shown) from None
        except (ValueError, jinja2.TemplateError) as exc:
            raise BuildError(f"MkDocs failed: {type(exc).__name__}: {exc}", shown) from None
    return collected.messages
