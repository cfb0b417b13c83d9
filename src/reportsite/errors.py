"""Errors that end a command with one line naming the file and place.

Every message reads ``<file>, line N: <what is wrong>`` (or ``page N``), so that a maintainer can go
straight to the place. The CLI prints ``str(error)`` and exits 1; it never shows a traceback for these.
"""

from __future__ import annotations

from pathlib import Path


class ReportsiteError(Exception):
    """Base of every error the CLI turns into one clean line."""

    def __init__(
        self,
        message: str,
        path: str | Path | None = None,
        *,
        line: int | None = None,
        page: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.page = page
        self.hint = hint
        super().__init__(self.__str__())

    @property
    def place(self) -> str:
        parts = [self.path] if self.path else []
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.place}: {self.message}" if self.place else self.message


class CatalogueError(ReportsiteError):
    """sources/catalogue.yml is malformed or names something that cannot be used."""


class ReadError(ReportsiteError):
    """A source document cannot be read (not a PDF, encrypted, no text layer, not UTF-8...)."""


class ExtractError(ReportsiteError):
    """Extraction produced something inconsistent, such as a quote that is not in its source."""


class CurationError(ReportsiteError):
    """sources/curation.yml or sources/themes.yml is malformed or names a record that does not exist."""


class WriteError(ReportsiteError):
    """A file could not be written (a full disk, no permission); names the file, not a temporary one."""


class BuildError(ReportsiteError):
    """Rendering or the MkDocs build failed; site/ is left as it was."""
