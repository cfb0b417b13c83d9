"""The permalink ledger: every finding id ever published, and redirects for the ones that went away."""

from __future__ import annotations

from .link import Linked
from .project import Project


def redirect_pages(project: Project, linked: Linked) -> dict[str, str]:
    """Docs-relative path of a redirect page ('findings/r/old/index.html') -> its target URL path.

    (Until the ledger lands: none.)
    """
    return {}


def record_published(project: Project, linked: Linked) -> None:
    """Add every live finding id to the ledger (called after a successful build)."""
