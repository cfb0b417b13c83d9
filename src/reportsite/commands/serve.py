"""`reportsite serve`: build, serve site/, rebuild when a source, template or setting changes, and reload
the open pages.

The server is MkDocs' own LiveReloadServer: it watches folders (watchdog), runs the rebuild once the
edits settle, holds every page request while a rebuild runs, and tells open pages to reload when it is
done. A rebuild is `reportsite build`, incremental (build/incremental.py: only the pages an edit touches
go through MkDocs again), in a process that keeps what the last build read and linked while its inputs
are the same (build/warm.py); a failed rebuild is reported while the last good site stays served.
"""

from __future__ import annotations

import errno
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportsite.build.pipeline import run_build
from reportsite.build.warm import Warm
from reportsite.errors import BuildError, ReportsiteError
from reportsite.project import Project

Progress = Callable[[str], None]


def watched(project: Project) -> list[tuple[Path, bool]]:
    """(path, recursive) of what an edit may land in: the sources with the settings, the templates and
    mkdocs.yml, and the project folder itself, not recursively, for a mkdocs.yml made while serving.
    Folder events are ignored by the server, so the build's own swap of site/ starts no rebuild."""
    paths = [project.sources, *project.template_dirs, project.mkdocs_yml]
    out: list[tuple[Path, bool]] = []
    for path in paths:
        if path.exists() and path.resolve() not in {p.resolve() for p, _ in out}:
            out.append((path, True))
    return [*out, (project.root, False)]


def _watch(server: Any, project: Project) -> None:
    seen: set[str] = server.__dict__.setdefault("reportsite_watched", set())
    for path, recursive in watched(project):
        if str(path.resolve()) not in seen:
            seen.add(str(path.resolve()))
            server.watch(str(path.resolve()), recursive=recursive)


def _server_class() -> Any:
    from mkdocs.livereload import LiveReloadServer

    class Server(LiveReloadServer):
        """Binds once, when made, so that a busy port is known before the first build, not after."""

        _bound = False

        def server_bind(self) -> None:
            if not self._bound:
                super().server_bind()
                self._bound = True

        def server_activate(self) -> None:
            if not getattr(self, "_active", False):
                super().server_activate()
                self._active = True

    return Server


POLL_SECONDS = 0.1
"""How often the watched folders are looked at (MkDocs' default is 0.5 s): an edit waits half of it on
average before its rebuild starts, and a look costs a stat call per watched file (about a millisecond
for a shelf of a hundred reports)."""
SETTLE_SECONDS = 0.05
"""How long the watched files must stay as they are before the rebuild starts (MkDocs waits 0.1 s):
one save is seen by one look, so this only gathers the files a command changes together."""


def make_server(project: Project, host: str, port: int, rebuild: Callable[[], None]) -> Any:
    """A live-reload server for site/ on host:port, already listening; a busy port is a BuildError."""
    server = _server_class()(
        builder=rebuild, host=host, port=port, root=str(project.site_dir), polling_interval=POLL_SECONDS
    )
    try:
        server.server_bind()
        server.server_activate()
    except OSError as exc:
        server.server_close()
        why = exc.strerror or str(exc)
        hint = (
            "another server holds the port; choose another with --port"
            if exc.errno in (errno.EADDRINUSE, errno.EACCES)
            else "check --host and --port"
        )
        raise BuildError(f"cannot serve on {host}:{port}: {why}", "--port", hint=hint) from None
    server.build_delay = SETTLE_SECONDS
    bound = server.server_address[1]
    shown_host = f"[{host}]" if ":" in host else host
    server.url = f"http://{shown_host}:{bound}/"
    _watch(server, project)
    return server


STAGES = (
    ("linking", "link"),
    ("rendering pages", "render"),
    ("running MkDocs", "MkDocs"),
    ("writing the finding pages", "finding pages"),
    ("writing the table charts", "charts and swap"),
    ("built ", ""),
)
"""The build's progress lines that start a stage, and the stage's name in a rebuild's timing line."""


class Stopwatch:
    """Times the stages of a build from its progress lines: what a rebuild spends its time on."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.marks: list[tuple[str, float]] = [("extract", time.perf_counter())]

    def __call__(self, message: str) -> None:
        stage = next((name for start, name in STAGES if message.startswith(start)), None)
        if stage is not None:
            self.marks.append((stage, time.perf_counter()))
        self.progress(message)

    def stages(self) -> str:
        now = [*self.marks, ("", time.perf_counter())]
        spans = [(name, b[1] - a[1]) for (name, _), a, b in zip(self.marks, self.marks, now[1:], strict=True)]
        return ", ".join(f"{name} {seconds:.2f}s" for name, seconds in spans if name)


def _rebuilder(project: Project, progress: Progress, holder: list[Any], warm: Warm) -> Callable[[], None]:
    def rebuild() -> None:
        started = time.perf_counter()
        progress("change seen; rebuilding")
        watch = Stopwatch(progress)
        try:
            # Waits for a writer in another terminal rather than skipping this change.
            run_build(project, watch, command="serve", warm=warm)
        except ReportsiteError as exc:
            progress(f"error: {exc} (still serving the last good build)")
            return
        finally:
            # A templates/ folder the project gained meanwhile is watched from now on.
            if holder:
                _watch(holder[0], project)
        seconds = time.perf_counter() - started
        progress(f"reloading open pages ({seconds:.1f}s after the change was seen: {watch.stages()})")

    return rebuild


def run_serve(
    project: Project,
    port: int,
    progress: Progress,
    *,
    host: str = "127.0.0.1",
    open_browser: bool = False,
    wait: bool = True,
    started: Callable[[Any], None] | None = None,
) -> None:
    """Build, then serve and rebuild on change until interrupted (or until the server is shut down:
    `started` gets the server once it listens, for a caller that stops it)."""
    holder: list[Any] = []
    warm = Warm()
    server = make_server(project, host, port, _rebuilder(project, progress, holder, warm))
    holder.append(server)
    try:
        run_build(project, progress, wait=wait, command="serve", warm=warm)
        progress(f"serving {project.shown(project.site_dir)}/ at {server.url} (Ctrl-C to stop)")
        # Request lines and "Detected file changes" would bury the rebuild messages; warnings stay.
        logging.getLogger("mkdocs.livereload").setLevel(logging.WARNING)
        if started is not None:
            started(server)
        server.serve(open_in_browser=open_browser)
    except KeyboardInterrupt:
        progress("stopped")
    finally:
        server.shutdown()
