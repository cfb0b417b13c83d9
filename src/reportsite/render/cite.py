"""How a page is cited: one Citation per finding, table or theme page, written as BibTeX, RIS and CSL-JSON.

Every field can hold text from a document, so each format gets its own escaping: BibTeX's special
characters become LaTeX commands whose braces balance (a stray brace would end the field early, and
BibTeX counts braces even after a backslash); RIS is one tag per line, so line breaks are folded away;
CSL-JSON is JSON. Control characters are dropped from all three.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from reportsite.records import Finding, Report, Source, Table
from reportsite.urls import absolute_url

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_WS = re.compile(r"\s+")


def clean(text: object) -> str:
    """Text on one line: control characters dropped, whitespace folded."""
    text = str(text)
    # Most text is already clean: printable (no control character, no line break) and singly spaced.
    if text.isprintable() and "  " not in text:
        return text.strip()
    return _WS.sub(" ", _CONTROL.sub("", text)).strip()


@dataclass(frozen=True)
class Citation:
    """What a reference manager needs to cite one page of the site."""

    key: str
    """A citation key made of the record id: letters, digits and '-_.:' only."""
    kind: str
    """'part' (a finding or table: a part of a report) or 'page' (a page the site itself writes)."""
    title: str
    container: str
    """The report the part is in, or the site's name for a page of its own."""
    publisher: str
    date: str
    """YYYY, YYYY-MM or YYYY-MM-DD."""
    url: str
    """The page's address (absolute when the site has a site_url)."""
    place: str = ""
    """'p. 14 (PDF page 16)', 'lines 3-5': where in the report."""
    first_page: str | None = None
    last_page: str | None = None
    pdf_url: str | None = None
    description: str = ""

    def __post_init__(self) -> None:
        # Every format below writes these fields as they are: folded once here, whoever made the Citation.
        for name in ("title", "container", "publisher", "place", "description", "first_page", "last_page"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, clean(value))

    @property
    def date_parts(self) -> list[int]:
        return [int(p) for p in self.date.split("-") if p.isdigit()]

    def text(self) -> str:
        """The citation as a reader pastes it."""
        where = f", {self.place}" if self.place else ""
        inside = f"In {self.container}" if self.kind == "part" else self.container
        return f"{self.publisher} ({self.date}). {self.title}. {inside}{where}. {self.url}"


def _key(record_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.:-]", ":", record_id)


def _pages(source: Source) -> tuple[str | None, str | None]:
    """The printed page labels where the PDF prints them, else its page numbers; none for a text file."""
    if source.page is None:
        return None, None
    first = source.page_label or str(source.page)
    if source.last_page and source.last_page != source.page:
        # A printed label is known for the first page only; the last is counted from it when it is a number.
        last = str(int(first) + source.last_page - source.page) if first.isdigit() else str(source.last_page)
        return first, last
    return first, None


def part_citation(
    record_id: str,
    title: str,
    report: Report,
    source: Source,
    page_path: str,
    site_url: str,
    pdf_path: str | None,
    description: str,
) -> Citation:
    first, last = _pages(source)
    return Citation(
        key=_key(record_id),
        kind="part",
        title=title,
        container=report.title,
        publisher=report.publisher,
        date=report.date,
        url=absolute_url(site_url, page_path),
        place=source.label(),
        first_page=first,
        last_page=last,
        pdf_url=absolute_url(site_url, pdf_path) if pdf_path and source.page else None,
        description=description,
    )


def finding_citation(
    finding: Finding, title: str, report: Report, page_path: str, site_url: str, pdf_path: str | None
) -> Citation:
    return part_citation(
        finding.id, title, report, finding.source, page_path, site_url, pdf_path, _summary(finding.text)
    )


def table_citation(
    table: Table, report: Report, page_path: str, site_url: str, pdf_path: str | None
) -> Citation:
    about = f"Table “{clean(table.caption)}” from {clean(report.title)} ({clean(report.publisher)}, {report.date})."
    return part_citation(table.id, table.caption, report, table.source, page_path, site_url, pdf_path, about)


def page_citation(
    key: str, title: str, site_name: str, date: str, page_path: str, site_url: str, description: str
) -> Citation:
    return Citation(
        key=_key(key),
        kind="page",
        title=title,
        container=site_name,
        publisher=site_name,
        date=date,
        url=absolute_url(site_url, page_path),
        description=description,
    )


DESCRIPTION_CHARS = 200
"""How much of a quote a page's description gives: about what a search result shows."""


def _summary(text: str) -> str:
    # Folding a long text whole only to keep its start would be most of a page's cost.
    text = clean(text[: DESCRIPTION_CHARS * 3])
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text.rfind(" ", 0, DESCRIPTION_CHARS)
    return text[: cut if cut > 0 else DESCRIPTION_CHARS] + " …"


# --- BibTeX --------------------------------------------------------------------------------------------

_TEX = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_TEX_SPECIAL = re.compile(r"[\\{}&%$#_~^]")


def tex_escape(text: object) -> str:
    """Text as a BibTeX field value that LaTeX prints as that text; its braces always balance."""
    return _TEX_SPECIAL.sub(lambda m: _TEX[m[0]], clean(text))


def to_bibtex(c: Citation) -> str:
    year, *rest = c.date_parts
    fields: list[tuple[str, str]] = [
        ("title", tex_escape(c.title)),
        # Double braces: an organisation's name, not a surname and first names.
        ("author", "{" + tex_escape(c.publisher) + "}"),
    ]
    if c.kind == "part":
        fields.append(("booktitle", tex_escape(c.container)))
    fields += [("publisher", tex_escape(c.publisher)), ("year", str(year))]
    if rest:
        fields.append(("month", str(rest[0])))
    if c.first_page:
        pages = f"{c.first_page}--{c.last_page}" if c.last_page else c.first_page
        fields.append(("pages", tex_escape(pages)))
    fields.append(("url", tex_escape(c.url)))
    if c.place and not c.first_page:
        fields.append(("note", tex_escape(c.place)))
    entry = "inbook" if c.kind == "part" else "online"
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{c.key},\n{body}\n}}\n"


# --- RIS -----------------------------------------------------------------------------------------------


def to_ris(c: Citation) -> str:
    parts = c.date_parts
    date = "/".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))
    lines = [("TY", "CHAP" if c.kind == "part" else "ELEC"), ("TI", c.title)]
    if c.kind == "part":
        lines.append(("T2", c.container))
    lines += [("AU", c.publisher), ("PB", c.publisher), ("PY", str(parts[0])), ("DA", date)]
    if c.first_page:
        lines.append(("SP", c.first_page))
    if c.last_page:
        lines.append(("EP", c.last_page))
    if c.place:
        lines.append(("N1", c.place))
    if c.description:
        lines.append(("AB", c.description))
    lines.append(("UR", c.url))
    if c.pdf_url:
        lines.append(("L1", c.pdf_url))
    # RIS ends a record with an empty ER tag; each value is folded onto its own line.
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines) + "ER  - \r\n"


# --- CSL-JSON ------------------------------------------------------------------------------------------


def to_csl(c: Citation) -> str:
    item: dict[str, object] = {
        "id": c.key,
        "type": "chapter" if c.kind == "part" else "webpage",
        "title": c.title,
        "author": [{"literal": c.publisher}],
        "publisher": c.publisher,
        "issued": {"date-parts": [c.date_parts]},
        "URL": c.url,
    }
    item["container-title"] = c.container
    if c.first_page:
        item["page"] = f"{c.first_page}-{c.last_page}" if c.last_page else c.first_page
    if c.description:
        item["abstract"] = c.description
    # One line: json writes it in C, where an indented dump runs in Python.
    return json.dumps([item], ensure_ascii=False) + "\n"


CITE_FORMATS: dict[str, Callable[[Citation], str]] = {".bib": to_bibtex, ".ris": to_ris, ".csl.json": to_csl}
"""File name ending -> writer of the three downloads of a page's citation."""


def cite_names(stem: str) -> list[str]:
    """The names of a page's citation files, known without writing them."""
    return [f"{stem}{ending}" for ending in CITE_FORMATS]


def cite_files(c: Citation, stem: str) -> dict[str, str]:
    """File name -> text of the three downloads of a page's citation."""
    return {f"{stem}{ending}": write(c) for ending, write in CITE_FORMATS.items()}
