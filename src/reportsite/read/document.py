"""Documents to blocks: dispatch on the file's kind."""

from __future__ import annotations

from pathlib import Path

from reportsite.errors import ReadError
from reportsite.read.blocks import Block
from reportsite.read.text import text_file_to_blocks

TEXT_SUFFIXES = (".txt", ".md", ".markdown")


def document_to_blocks(path: Path, shown: str | None = None) -> list[Block]:
    """Read any supported document into blocks; ReadError names the file (and line or page)."""
    shown = shown or str(path)
    if not path.is_file():
        raise ReadError("file does not exist", shown)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from reportsite.read.pdf.document import pdf_file_to_blocks

        return pdf_file_to_blocks(path, shown)
    if suffix == ".docx":
        from reportsite.read.docx import docx_file_to_blocks

        return docx_file_to_blocks(path, shown)
    if suffix in TEXT_SUFFIXES:
        return text_file_to_blocks(path, shown)
    raise ReadError(f"unsupported file type {suffix!r} (use .pdf, .docx, .txt or .md)", shown)
