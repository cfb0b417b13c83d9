"""`reportsite deploy`: build, then publish site/ as the single commit of a branch (gh-pages by default)
and push it, through ghp-import (installed with MkDocs), which is what GitHub Pages serves from.

The project folder must be a git repository with the remote to push to; the branch is rewritten from
site/ alone, so nothing else of the repository reaches it. A .nojekyll file tells GitHub Pages to serve
the files as they are.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Callable

from reportsite.build.mkdocs import SITE_URL_MISSING, mkdocs_settings
from reportsite.build.pipeline import run_build
from reportsite.errors import BuildError
from reportsite.project import Project


def run_deploy(
    project: Project,
    progress: Callable[[str], None],
    *,
    remote: str = "origin",
    branch: str = "gh-pages",
    message: str = "Publish the site",
    push: bool = True,
    cname: str | None = None,
    wait: bool = True,
) -> None:
    import ghp_import

    run_build(project, progress, wait=wait, command="deploy")
    if not mkdocs_settings(project).get("site_url"):
        progress(f"warning: {SITE_URL_MISSING}")
    where = f"{remote} {branch}" if push else f"the local branch {branch}"
    progress(f"publishing {project.shown(project.site_dir)}/ to {where}")
    try:
        # ghp-import runs git in the working folder: the project's repository.
        with contextlib.chdir(project.root):
            ghp_import.ghp_import(
                str(project.site_dir),
                mesg=message,
                remote=remote,
                branch=branch,
                push=push,
                nojekyll=True,
                cname=cname,
            )
    except ghp_import.GhpError as exc:
        raise BuildError(
            f"cannot publish: {' '.join(str(exc.message).split())}", project.shown(project.root)
        ) from None
    except subprocess.CalledProcessError as exc:
        raise BuildError(
            f"git push {remote} {branch} failed (exit status {exc.returncode})",
            project.shown(project.root),
            hint=f"check that the remote {remote!r} exists and accepts pushes",
        ) from None
    progress(f"published: branch {branch}" + (f" pushed to {remote}" if push else " (not pushed)"))
