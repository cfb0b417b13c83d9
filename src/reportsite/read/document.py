"""Documents to blocks: dispatch on the file's kind."""

from __future__ import annotations

from pathlib import Path

from reportsite.errors import ReadError
from reportsite.read.blocks import Block
from reportsite.read.text import text_file_to_blocks

TEXT_SUFFIXES = (".txt", ".md", ".markdown")


def document_to_blocks(path: Path, shown: str | None = None) -> list[Block]:
    """Read any supported document into blocks; ReadError names the file (and line or page)."""
    return document_and_pages(path, shown)[0]


def document_and_pages(path: Path, shown: str | None = None) -> tuple[list[Block], list[str] | None]:
    """document_to_blocks, and for a PDF the plain text of each page (pdf_page_texts) from the same
    reading; None for the other kinds, whose text is their file's."""
    shown = shown or str(path)
    if not path.is_file():
        raise ReadError("file does not exist", shown)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from reportsite.read.pdf.document import pdf_file_to_blocks_and_texts

        return pdf_file_to_blocks_and_texts(path, shown)
    if suffix == ".docx":
        from reportsite.read.docx import docx_file_to_blocks

        return docx_file_to_blocks(path, shown), None
    if suffix in TEXT_SUFFIXES:
        return text_file_to_blocks(path, shown), None
    raise ReadError(f"unsupported file type {suffix!r} (use .pdf, .docx, .txt or .md)", shown)
