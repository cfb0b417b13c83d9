"""The Jinja environment pages are rendered in: autoescaped, strict, with the site's URL and text filters."""

from __future__ import annotations

import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

from reportsite.errors import BuildError
from reportsite.project import Project
from reportsite.render.citing import install as install_citing
from reportsite.render.page import (
    Page,
    amount,
    excerpt,
    finding_label,
    finding_url,
    format_number,
    md_cell,
    md_escape,
    pre_escape,
    relative,
    report_url,
    source_anchor,
    source_url,
    table_url,
    text_escape,
    theme_url,
)
from reportsite.render.parts import kept
from reportsite.render.uses import note_template
from reportsite.store.site import SiteSettings
from reportsite.urls import external_url


class _Environment(jinja2.Environment):
    """Jinja's environment, noting each template it hands out: `extends`, `include` and `import` all
    load through get_template or select_template, from its cache or not."""

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().get_template(name, parent, globals)
        note_template(str(template.name))
        return template

    def select_template(self, names: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        template = super().select_template(names, parent, globals)
        note_template(str(template.name))
        return template


class _Settings:
    """The site settings as templates see them, noting which ones a page reads."""

    def __init__(self, site: SiteSettings) -> None:
        self.site = site

    def __getattr__(self, name: str) -> Any:
        note_template(f"site.{name}")
        return getattr(self.site, name)


class _Compiled(jinja2.FileSystemBytecodeCache):
    """The page templates' compiled code, kept from one build to the next (compiling them cost more than
    rendering the pages of a small edit). Jinja keeps each template's source checksum with its code and
    compiles an edited template again; a file it cannot read or write is compiled again, never an error.
    The checksum takes in the environment's options and Jinja's version too: code compiled under other
    ones is compiled again."""

    def __init__(self, folder: Path, env: jinja2.Environment) -> None:
        super().__init__(str(folder), "%s.code")
        options = (
            jinja2.__version__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.autoescape,
            env.optimized,
            sorted(env.extensions),
        )
        self.options = repr(options)

    def get_source_checksum(self, source: str) -> str:
        return super().get_source_checksum(self.options + "\0" + source)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, IndexError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def compiled_dir(project: Project) -> Path:
    """Where a project's compiled page templates are kept (make_env's `compiled`)."""
    return project.build_dir / "template-cache"


_ENVS: dict[tuple[Any, ...], jinja2.Environment] = {}
_ENVS_KEPT = 4


def _listing(folders: list[Path]) -> tuple[Any, ...]:
    """Which template files each folder has: a file added to a project's own folder takes over from the
    default of its name, which an environment that already loaded the default would not notice."""
    return tuple(
        (str(f), tuple(sorted(p.relative_to(f).as_posix() for p in f.rglob("*.j2"))) if f.is_dir() else ())
        for f in folders
    )


def make_env(
    templates: Path | Sequence[Path],
    site_url: str = "",
    site: SiteSettings | None = None,
    site_name: str = "",
    compiled: Path | None = None,
) -> jinja2.Environment:
    """templates: one folder, or several searched in order (a project's own, then the defaults).
    compiled: a folder where the compiled templates are kept for the next process.

    The environment is kept for the life of the process and handed out again for the same folders, site
    address and name, so that `serve`'s rebuilds do not compile every template again: Jinja compiles a template
    again when its file's modification time changed. The settings the templates read are this call's."""
    folders = [templates] if isinstance(templates, Path) else list(templates)
    key = (_listing(folders), site_url, site_name, compiled)
    if key in _ENVS:
        env = _ENVS[key]
        # The settings templates read are this call's; Jinja calls __getattr__ only for the fields.
        env.globals["site"].__dict__["site"] = site or SiteSettings()
        return env
    env = _new_env(folders, site_url, site, site_name)
    if compiled is not None:
        env.bytecode_cache = _Compiled(compiled, env)
    while len(_ENVS) >= _ENVS_KEPT:
        del _ENVS[next(iter(_ENVS))]
    _ENVS[key] = env
    return env


def _new_env(
    folders: list[Path], site_url: str, site: SiteSettings | None, site_name: str
) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )

    @jinja2.pass_context
    def url(ctx: jinja2.runtime.Context, target: str) -> str:
        return relative(ctx["page_url"], target)

    env.globals.update(
        url=url,
        finding_url=finding_url,
        report_url=report_url,
        table_url=table_url,
        theme_url=theme_url,
        source_url=source_url,
        source_anchor=source_anchor,
        site_url=site_url.rstrip("/") + "/" if site_url else "",
        site=_Settings(site or SiteSettings()),
        kept=kept,
    )
    env.filters.update(
        md=md_escape,
        text=text_escape,
        cell=md_cell,
        pre=pre_escape,
        amount=amount,
        label=finding_label,
        excerpt=excerpt,
        num=format_number,
        external=external_url,
    )
    install_citing(env, site_url, site_name or (site.title if site else ""))
    return env


def template_error(exc: jinja2.TemplateError, project: Project, page: Page) -> BuildError:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    line = getattr(exc, "lineno", None)
    if line is None:
        # A runtime error (an undefined name) has no line of its own; Jinja's rewritten traceback does:
        # the innermost frame that belongs to a template file.
        tb = exc.__traceback__
        while tb is not None:
            if tb.tb_frame.f_code.co_filename.endswith(".j2"):
                name, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
            tb = tb.tb_next
    name = name or page.template or "?"
    shown = project.shown(Path(name)) if Path(name).is_absolute() else f"templates/{name}"
    return BuildError(f"{exc.message or exc} (rendering /{page.url})", shown, line=line)
