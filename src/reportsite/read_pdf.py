"""PDF documents to blocks through pdfplumber (page numbers and boxes kept)."""

from __future__ import annotations

from pathlib import Path

from .blocks import Block
from .errors import ReadError


def pdf_file_to_blocks(path: Path, shown: str) -> list[Block]:
    raise ReadError("PDF reading is not implemented yet", shown)


def pdf_page_texts(path: Path) -> list[str]:
    """The plain text of each page, for checking quotes."""
    raise ReadError("PDF reading is not implemented yet", str(path))
