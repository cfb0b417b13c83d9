"""Parts of a page kept between builds, so that a list page quoting the whole shelf is not made whole again
after one report changes.

The key numbers page has a row for every number of every report: at 80 reports it is the costliest page
to render, and any added or edited report changes it. Its template marks each report's rows as a part:

    {% call kept("rows", report, rows) %} ... {% endcall %}

A part's key is a hash of the page's address, the template, the name given and the values given
(render/reuse.py's Fingerprint). It is taken from the last build when its key is the same and the
templates and settings it was made with are the same bytes (as a page is); otherwise it is rendered and
kept for the next build. So a part must read nothing but the values it is given and the page's address:
what else it read would not be in its key. A template that is not sure leaves the call out; the part is
then rendered every time, as any other text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from reportsite.render.uses import note_template, noted, record_templates

if TYPE_CHECKING:
    from reportsite.render.reuse import Reuse


@dataclass
class _Page:
    reuse: Reuse
    url: str
    parts: list[str]


_RENDERING: ContextVar[_Page | None] = ContextVar("reportsite_parts", default=None)


@contextmanager
def keeping_parts(reuse: Reuse | None, page_url: str, parts: list[str] | None) -> Iterator[None]:
    """While a page renders: its parts are taken from reuse or kept in it, and their keys added to parts.
    Without reuse or parts, each part is rendered as plain text."""
    token = _RENDERING.set(_Page(reuse, page_url, parts) if reuse is not None and parts is not None else None)
    try:
        yield
    finally:
        _RENDERING.reset(token)


@jinja2.pass_context
def kept(context: jinja2.runtime.Context, name: str, *values: Any, caller: Callable[[], str]) -> str:
    """The `kept` global of templates: the caller's text, from the last build when it is the same."""
    page = _RENDERING.get()
    if page is None:
        return caller()
    key = page.reuse.key(["part", page.url, context.name, name, *values])
    if key is None:
        return caller()
    found = page.reuse.part(key)
    if found is not None:
        text, uses = found
        for used in uses:
            note_template(used)
    else:
        # The page's templates so far count too: the part's text is in them, and so may be the macros
        # it calls, which a template imported before the part began.
        outer = noted()
        with record_templates() as uses_now:
            text = str(caller())
        page.reuse.keep_part(key, outer | uses_now, text)
    page.parts.append(key)
    # The part was rendered, and so escaped, when it was made.
    return Markup(text)
