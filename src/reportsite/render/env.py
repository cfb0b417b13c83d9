"""The Jinja environment pages are rendered in: autoescaped, strict, with the site's URL and text filters."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
from reportsite.store.site import SiteSettings
from reportsite.urls import external_url


def make_env(
    templates: Path | Sequence[Path],
    site_url: str = "",
    site: SiteSettings | None = None,
    site_name: str = "",
) -> jinja2.Environment:
    """templates: one folder, or several searched in order (a project's own, then the defaults)."""
    folders = [templates] if isinstance(templates, Path) else list(templates)
    env = jinja2.Environment(
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
        site=site or SiteSettings(),
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
