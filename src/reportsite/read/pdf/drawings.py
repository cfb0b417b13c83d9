"""A page's drawn lines, rectangles and curves from pdfium's path objects, as pdfplumber's object dicts.

pdfplumber gets them from pdfminer, which tokenises the page's whole content stream in Python to find
them: on a long report with tables on half its pages, most of the time the whole extraction takes.
pdfium has the paths parsed already, in C. Each path is split and classed as pdfminer classes it
(converter.py, ``paint_path``), so that the table finder sees the same edges: every subpath from a
move on (a lone move is nothing); one segment is a line; four sides closed on themselves and square to
the page a rectangle; anything else a curve through the end points of its segments. Only painted paths
count, as only they reach pdfminer's device; paths inside form XObjects are placed by the form's matrix.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MAX_DEPTH = 15
"""Form XObjects are entered down to this many levels of objects, the page's own counted (as pypdfium2's
get_objects does)."""


def page_drawings(
    page: pdfium.PdfPage, height: float, doctop: float = 0.0
) -> dict[str, list[dict[str, Any]]]:
    """{'line': [...], 'rect': [...], 'curve': [...]}: the page's painted paths, positioned from the
    page's top-left corner as pdfplumber positions them (for a page whose MediaBox starts at 0, 0)."""
    out: dict[str, list[dict[str, Any]]] = {"line": [], "rect": [], "curve": []}
    raw = page.raw
    objects = (pdfium_c.FPDFPage_GetObject(raw, i) for i in range(pdfium_c.FPDFPage_CountObjects(raw)))
    for kind, pts, fill, stroke in _shapes(objects, _IDENTITY, 0):
        out[kind].append({**_as_plumber(kind, pts, height, doctop), "fill": fill, "stroke": stroke})
    return out


def _shapes(
    objects: Iterator[Any], outer: Matrix, depth: int
) -> Iterator[tuple[str, list[Point], bool, bool]]:
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for obj in objects:
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < MAX_DEPTH - 1:
            inner = (
                pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(pdfium_c.FPDFFormObj_CountObjects(obj))
            )
            yield from _shapes(inner, _then(_matrix(obj), outer), depth + 1)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
            if fill.value or stroke.value:
                for shape, pts in _subpaths(obj, _then(_matrix(obj), outer)):
                    yield (*_classify(shape, pts), bool(fill.value), bool(stroke.value))


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies `first`, then `second`."""
    a, b, c, d, e, f = first
    p, q, r, s, t, u = second
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _subpaths(obj: Any, m: Matrix) -> Iterator[tuple[str, list[Point]]]:
    """(operators, points on the page) of each subpath, as pdfminer spells them: m, l, c (a curve, by its
    end point) and h (a close, at the subpath's start)."""
    x, y = ctypes.c_float(), ctypes.c_float()
    shape, pts = "", list[Point]()
    pending = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if len(shape) > 1 and shape[0] == "m":
                yield shape, pts
            shape, pts, pending = "", [], 0
        pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        a, b, c, d, e, f = m
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            # pdfium gives a curve as its two control points and its end, pdfminer by its end.
            pending += 1
            if pending < 3:
                continue
            pending = 0
            shape, pts = shape + "c", [*pts, point]
        else:
            shape += "m" if kind == pdfium_c.FPDF_SEGMENT_MOVETO else "l"
            pts.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and pts:
            shape, pts = shape + "h", [*pts, pts[0]]
    if len(shape) > 1 and shape[0] == "m":
        yield shape, pts


def _classify(shape: str, pts: list[Point]) -> tuple[str, list[Point]]:
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-1]
    if shape in ("mlh", "ml"):
        return "line", pts[:2]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
            y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
        )
        if pts[0] == pts[4] and square:
            return "rect", [pts[0], (x2, y0), pts[2], (x0, y2)]
    return "curve", pts


def _as_plumber(kind: str, pts: list[Point], height: float, doctop: float) -> dict[str, Any]:
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    top = height - y1
    return {
        "object_type": kind,
        "x0": x0,
        "y0": y0,
        "x1": x1,
        "y1": y1,
        "width": x1 - x0,
        "height": y1 - y0,
        "top": top,
        "bottom": height - y0,
        "doctop": doctop + top,
        "pts": [(px, height - py) for px, py in pts],
    }
