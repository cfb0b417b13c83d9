"""The pages of a PDF source as pictures, and the boxes of the records cited on each, for the reader.

Pages are drawn once per document content: the JPEG files are kept under .build/page-images/<hash>/, so
a rebuild of an unchanged PDF only copies them. A record with a page and a bbox gets a box over the
picture, with the id its citations link to (render/page.py source_anchor); CSS marks the box the address
names (:target), so the highlight needs no script.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from reportsite.project import Project
from reportsite.records import Extract
from reportsite.render.page import source_anchor

SCALE = 1.25
"""90 dots per inch: the page's layout and headings are legible, and a page weighs about 100 kB."""
QUALITY = 70
CACHE_VERSION = "1"
"""Part of the cache key: raise it when the drawing changes, so that old pictures are not reused."""


@dataclass
class Box:
    anchor: str
    label: str
    left: float
    """Per cent of the page's width and height."""
    top: float
    width: float
    height: float


@dataclass
class PageImage:
    number: int
    name: str
    """The picture's file name, beside the reader page: page-<n>.jpg."""
    width: int
    height: int
    boxes: list[Box] = field(default_factory=list)


def _cache_dir(project: Project, pdf: Path) -> Path:
    h = hashlib.sha256(f"{CACHE_VERSION}:{SCALE}:{QUALITY}:".encode())
    h.update(pdf.read_bytes())
    return project.build_dir / "page-images" / h.hexdigest()[:32]


def _draw(pdf: Path, folder: Path) -> None:
    """Every page of pdf as page-<n>.jpg in folder, and sizes.json: [points w, h, pixels w, h] per page."""
    import pypdfium2 as pdfium

    tmp = folder.with_name(folder.name + f".tmp-{os.getpid()}")
    tmp.mkdir(parents=True, exist_ok=True)
    sizes = []
    doc = pdfium.PdfDocument(str(pdf))
    try:
        for i in range(len(doc)):
            page = doc[i]
            width, height = page.get_size()
            image = page.render(scale=SCALE).to_pil().convert("RGB")
            buf = io.BytesIO()
            image.save(buf, "JPEG", quality=QUALITY, optimize=True)
            (tmp / f"page-{i + 1}.jpg").write_bytes(buf.getvalue())
            sizes.append([width, height, image.width, image.height])
            page.close()
    finally:
        doc.close()
    (tmp / "sizes.json").write_text(json.dumps(sizes), encoding="utf-8")
    # Whole or not at all: a build killed while drawing leaves only a temporary folder.
    try:
        tmp.rename(folder)
    except OSError:
        # Another build drew the same document meanwhile: its pictures are the same.
        shutil.rmtree(tmp, ignore_errors=True)


def _boxes(extract: Extract, sizes: list[list[float]]) -> dict[int, list[Box]]:
    out: dict[int, dict[str, Box]] = {}
    for rec in extract.records():
        src = rec.source
        if src.page is None or src.bbox is None or not 1 <= src.page <= len(sizes):
            continue
        pw, ph = sizes[src.page - 1][:2]
        x0, top, x1, bottom = src.bbox
        anchor = source_anchor(src)
        out.setdefault(src.page, {})[anchor] = Box(
            anchor,
            f"The block cited from {src.label()}",
            round(100 * max(0.0, x0) / pw, 2),
            round(100 * max(0.0, top) / ph, 2),
            round(100 * max(0.0, x1 - x0) / pw, 2),
            round(100 * max(0.0, bottom - top) / ph, 2),
        )
    return {n: list(boxes.values()) for n, boxes in out.items()}


def page_images(project: Project, extract: Extract) -> tuple[list[PageImage], Path]:
    """The pictures of a PDF source's pages with their boxes, and the folder their files are in."""
    pdf = project.root / extract.report.source
    folder = _cache_dir(project, pdf)
    if not (folder / "sizes.json").is_file():
        _draw(pdf, folder)
    sizes = json.loads((folder / "sizes.json").read_text(encoding="utf-8"))
    boxes = _boxes(extract, sizes)
    images = [
        PageImage(n, f"page-{n}.jpg", int(s[2]), int(s[3]), boxes.get(n, []))
        for n, s in enumerate(sizes, start=1)
    ]
    return images, folder
