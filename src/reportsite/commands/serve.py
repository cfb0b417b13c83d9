"""`reportsite serve`: build, serve site/ on localhost, rebuild when sources or templates change.

Changes are found by polling modification times, which needs no extra dependency and sees edits made
by any editor. A failed rebuild is reported and the last good site stays served.
"""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from reportsite.build.pipeline import run_build
from reportsite.errors import BuildError, ReportsiteError
from reportsite.project import Project

POLL_SECONDS = 1.0


def snapshot(folders: Iterable[Path], files: Iterable[Path] = ()) -> dict[str, float]:
    """Path -> modification time of every file under folders, plus the named files."""
    out: dict[str, float] = {}
    for folder in folders:
        if folder.is_dir():
            for path in folder.rglob("*"):
                if path.is_file():
                    out[str(path)] = path.stat().st_mtime
    for path in files:
        if path.is_file():
            out[str(path)] = path.stat().st_mtime
    return out


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        # One line per request would bury the rebuild messages.
        pass


def serve_site(project: Project, port: int) -> http.server.ThreadingHTTPServer:
    """Serve site/ on 127.0.0.1:port in a background thread. The folder is looked up per request,
    so a rebuilt site/ (a new folder under the same name) is served at once."""

    class Handler(_SiteHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(project.site_dir), **kwargs)  # type: ignore[arg-type]

    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    except OSError as exc:
        raise BuildError(
            f"cannot serve on 127.0.0.1:{port}: {exc.strerror or exc}",
            "--port",
            hint="another server holds the port; choose another with --port",
        ) from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def watched(project: Project) -> dict[str, float]:
    return snapshot([project.sources, project.templates], [project.mkdocs_yml])


def run_serve(
    project: Project,
    port: int,
    progress: Callable[[str], None],
    *,
    rounds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
    wait: bool = True,
) -> None:
    """Build, serve, and rebuild on change until interrupted (or for `rounds` polls)."""
    run_build(project, progress, wait=wait, command="serve")
    server = serve_site(project, port)
    port = server.server_address[1]
    progress(f"serving {project.shown(project.site_dir)}/ at http://127.0.0.1:{port}/ (Ctrl-C to stop)")
    seen = watched(project)
    try:
        n = 0
        while rounds is None or n < rounds:
            n += 1
            sleep(POLL_SECONDS)
            now = watched(project)
            if now == seen:
                continue
            changed = sorted(set(now.items()) ^ set(seen.items()))
            progress(f"changed: {project.shown(Path(changed[0][0]))}; rebuilding")
            seen = now
            try:
                # Waits for a writer in another terminal rather than skipping this change.
                run_build(project, progress, command="serve")
            except ReportsiteError as exc:
                progress(f"error: {exc} (still serving the last good build)")
    except KeyboardInterrupt:
        progress("stopped")
    finally:
        server.shutdown()
        server.server_close()
