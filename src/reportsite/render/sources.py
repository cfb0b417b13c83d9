"""The source reader: each document's text with an anchor per line (L<n>) or per page (page-<n>).

Findings link to ``#L12-L14``; an empty anchor with exactly that id sits in line 12, so the browser
scrolls there and CSS ``:target`` marks the line without any script. The script in assets marks the
whole range.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from reportsite.errors import ReportsiteError
from reportsite.link.linked import Linked
from reportsite.project import Project
from reportsite.read.text import decode
from reportsite.records import Extract
from reportsite.render.page import Page, source_anchor
from reportsite.render.pdfpages import page_images
from reportsite.render.reuse import Batch


@dataclass
class SourceLine:
    number: int
    text: str
    anchors: list[str] = field(default_factory=list)
    """Range anchors ('L12-L14') that start on this line."""


def _ranges(extract: Extract) -> dict[int, list[str]]:
    """First line -> the range anchors records of this report link to."""
    out: dict[int, set[str]] = {}
    for rec in extract.records():
        lines = rec.source.lines
        if lines is not None and lines[0] != lines[1]:
            out.setdefault(lines[0], set()).add(source_anchor(rec.source))
    return {k: sorted(v) for k, v in out.items()}


def text_lines(project: Project, extract: Extract) -> list[SourceLine]:
    path = project.root / extract.report.source
    # The same decoding and line splitting as the reader, so line numbers agree with the extract.
    text = decode(path.read_bytes(), project.shown(path))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    ranges = _ranges(extract)
    return [SourceLine(i, line, ranges.get(i, [])) for i, line in enumerate(lines, start=1)]


def pdf_pages(project: Project, extract: Extract) -> list[str]:
    from reportsite.read.pdf.document import pdf_page_texts

    return pdf_page_texts(project.root / extract.report.source)


def pdf_url(report_id: str) -> str:
    """Where the site keeps a PDF source, so that a citation can open it at its page (#page=N)."""
    return f"downloads/sources/{report_id}.pdf"


def pdf_files(project: Project, linked: Linked) -> Iterator[Page]:
    for extract in linked.extracts:
        path = project.root / extract.report.source
        if path.suffix.lower() == ".pdf" and path.is_file():
            yield Page(pdf_url(extract.report.id), data=path)


def link_or_copy(old: Path, new: Path) -> None:
    """The file old at new: a hard link, else a copy. Nothing writes into a docs file once written."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copyfile(old, new)


class FileDigests:
    """The SHA-256 of source documents, each read once per build."""

    def __init__(self) -> None:
        self.known: dict[Path, str] = {}

    def __call__(self, path: Path) -> str:
        if path not in self.known:
            try:
                self.known[path] = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                self.known[path] = "-"
        return self.known[path]


def figure_url(figure_id: str) -> str:
    return f"figures/{figure_id}.png"


def figure_images(path: Path, extract: Extract) -> Iterator[Page]:
    """The picture of every captioned figure of a PDF, cropped from its page (pdfplumber draws it)."""
    # Here, not at the top: a shelf without PDFs never loads the PDF library.
    from reportsite.read.pdf.images import figure_to_png

    for figure in extract.figures:
        if figure.source.page is None:
            continue
        png = figure_to_png(path, figure.source.page, figure.source.bbox)
        if png is not None:
            yield Page(figure_url(figure.id), data=png)


def figure_batches(project: Project, linked: Linked, digests: FileDigests) -> Iterator[Batch]:
    """Each PDF's figure pictures, made from the document and where its figures are."""
    for extract in linked.extracts:
        path = project.root / extract.report.source
        if path.suffix.lower() != ".pdf" or not path.is_file() or not extract.figures:
            continue
        places = [(f.id, f.source) for f in extract.figures]
        made_from = ("figures", digests(path), places)
        yield Batch(f"*figures/{extract.report.id}", made_from, partial(figure_images, path, extract))


def docx_places(project: Project, extract: Extract) -> list[tuple[str, str, str]]:
    """(anchor, label, text) for each paragraph and table row of a Word document, in body order."""
    from reportsite.read.docx import docx_place_texts

    paragraphs, rows, texts = docx_place_texts(project.root / extract.report.source)
    places = [(f"paragraph-{n}", f"Paragraph {n}", i) for n, i in paragraphs.items()]
    places += [(f"table-{t}-row-{r}", f"Table {t}, row {r}", i) for (t, r), i in rows.items()]
    return [(anchor, label, texts[i]) for anchor, label, i in sorted(places, key=lambda p: p[2]) if texts[i]]


def source_batches(project: Project, linked: Linked, digests: FileDigests) -> Iterator[Batch]:
    """Each report's source reader (and its page pictures), made from the document, the report and
    where its records come from: reading a PDF again costs more than the page."""
    for extract in linked.extracts:
        path = project.root / extract.report.source
        places = [r.source for r in extract.records()]
        made_from = ("source", extract.report, digests(path), places)
        yield Batch(f"*sources/{extract.report.id}", made_from, partial(source_pages, project, extract))


def source_pages(project: Project, extract: Extract) -> Iterator[Page]:
    report = extract.report
    context: dict = {
        "report": report,
        "lines": None,
        "pages": None,
        "places": None,
        "problem": None,
        "pdf": None,
        "images": {},
    }
    try:
        if report.source.lower().endswith(".docx"):
            context["places"] = docx_places(project, extract)
        elif report.source.lower().endswith(".pdf"):
            context["pages"] = list(enumerate(pdf_pages(project, extract), start=1))
            context["pdf"] = pdf_url(report.id)
            images, folder = page_images(project, extract)
            context["images"] = {im.number: im for im in images}
            for im in images:
                yield Page(f"sources/{report.id}/{im.name}", data=folder / im.name)
        else:
            context["lines"] = text_lines(project, extract)
    except (OSError, ReportsiteError) as exc:
        # The reader page still exists, so links into it land somewhere that says why it is empty.
        context["problem"] = str(exc)
    yield Page(f"sources/{report.id}/", "source.md.j2", context, raw_tail='<div class="source')
