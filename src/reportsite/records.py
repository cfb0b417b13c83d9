"""The typed records of the extract YAML (a contract: keys may be added, never renamed).

One class per record kind; validation happens here and nowhere else. ``extract_json_schema()`` derives
the published JSON Schema from these classes, so the schema is never written twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)

from reportsite.urls import external_url_problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RECORD_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)+$")

FindingKind = Literal[
    "finding",
    "strength",
    "improvement",
    "recommendation",
    "response",
    "reform",
    "point",
    "result",
    "conclusion",
    "lesson",
    "good-practice",
]
FINDING_KINDS: tuple[str, ...] = FindingKind.__args__  # type: ignore[attr-defined]
ReportKind = Literal[
    "assessment",
    "assessment-brief",
    "press-release",
    "management-response",
    "annual-report",
    "evaluation",
    "statement",
    "other",
]
REPORT_KINDS: tuple[str, ...] = ReportKind.__args__  # type: ignore[attr-defined]
# A cycle is whatever the catalogue names it ('2019', '2024-25'): letters, digits and inner dots or hyphens.
CYCLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,30}[A-Za-z0-9])?$")


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False)


class Source(Record):
    """Where a record stands in its document: a line range of a text file, a page of a PDF, or a body
    paragraph or table row of a Word document."""

    lines: list[int] | None = Field(None, description="First and last line (1-based, inclusive) in the text.")
    page: int | None = Field(None, description="Page number (1-based) in the PDF.")
    bbox: list[float] | None = Field(None, description="x0, top, x1, bottom on the PDF page, in points.")
    last_page: int | None = Field(None, description="Last PDF page of a record running over several pages.")
    page_label: str | None = Field(
        None, description="The page number printed on the PDF page, where it differs."
    )
    paragraph: int | None = Field(None, description="Body paragraph (1-based) of a Word document.")
    table_row: list[int] | None = Field(None, description="Table and row (both 1-based) of a Word document.")

    @model_validator(mode="after")
    def _one_place(self) -> Source:
        places = [self.lines, self.page, self.paragraph, self.table_row]
        if sum(p is not None for p in places) != 1:
            raise ValueError("a source gives one of lines, a page, a paragraph or a table row")
        if self.table_row is not None and (len(self.table_row) != 2 or min(self.table_row) < 1):
            raise ValueError(f"table_row must be [table, row], both from 1, not {self.table_row}")
        if self.paragraph is not None and self.paragraph < 1:
            raise ValueError("paragraph numbers start at 1")
        if self.lines is not None and (len(self.lines) != 2 or not 1 <= self.lines[0] <= self.lines[1]):
            raise ValueError(f"lines must be [first, last] with 1 <= first <= last, not {self.lines}")
        if self.page is not None and self.page < 1:
            raise ValueError("page numbers start at 1")
        return self

    def label(self) -> str:
        return place_label(
            lines=self.lines,
            paragraph=self.paragraph,
            table_row=self.table_row,
            page=self.page,
            last_page=self.last_page,
            page_label=self.page_label,
        )


def place_label(
    *,
    lines: Sequence[int] | None = None,
    paragraph: int | None = None,
    table_row: Sequence[int] | None = None,
    page: int | None = None,
    last_page: int | None = None,
    page_label: str | None = None,
) -> str:
    """'lines 3-5', 'paragraph 12', 'table 2, row 3', 'page 7', 'p. 14 (PDF page 16)': a place, as cited."""
    if lines is not None:
        a, b = lines
        return f"line {a}" if a == b else f"lines {a}-{b}"
    if paragraph is not None:
        return f"paragraph {paragraph}"
    if table_row is not None:
        return f"table {table_row[0]}, row {table_row[1]}"
    pages = f"{page}-{last_page}" if last_page and last_page != page else f"{page}"
    return f"p. {page_label} (PDF page {pages})" if page_label else f"page {pages}"


class Action(Record):
    """A sub-action of a recommendation, or a key action of a management response."""

    text: str = Field(description="Verbatim from the source, whitespace folded.")
    responsible: str | None = Field(None, description="Who is to act, as printed.")
    deadline: str | None = Field(None, description="By when, as printed.")
    status: str | None = Field(None, description="Implementation status, as printed.")
    source: Source


class Link(Record):
    """A cross-reference the report itself makes ('Conclusion 1 is linked to findings 1, 2')."""

    to: str = Field(description="Id of the record referred to.")
    why: str = Field(description="The words of the report that make the link.")


class Footnote(Record):
    """A note printed at the foot of a page, cited by its mark in a record's text."""

    mark: str = Field(description="The note's number as printed: '367'.")
    text: str = Field(description="Verbatim from the source, whitespace folded.")
    source: Source


class Report(Record):
    """A document in the catalogue."""

    id: str = Field(description="URL-safe slug, unique in the catalogue.")
    title: str
    publisher: str
    date: str = Field(description="ISO date, or year-month, or year.")
    kind: ReportKind
    cycle: str | None = Field(None, description="The assessment cycle the document speaks to: '2019'.")
    cycle_label: str | None = Field(
        None, description="What the cycle's assessment is called: '2017-18 assessment (published 2019)'."
    )
    source: str = Field(description="Path of the document, relative to the project root.")
    licence: str | None = None
    url: str | None = None
    description: str | None = None
    responds_to: str | None = Field(
        None, description="For a management response: the id of the report (evaluation) it responds to."
    )

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"id {v!r} is not a URL-safe slug (lower-case letters, digits and hyphens)")
        return v

    @field_validator("cycle")
    @classmethod
    def _cycle(cls, v: str | None) -> str | None:
        if v is not None and not CYCLE.match(v):
            raise ValueError(f"cycle {v!r} is not a short name of letters, digits, dots and hyphens")
        return v

    @field_validator("url")
    @classmethod
    def _external(cls, v: str | None) -> str | None:
        problem = external_url_problem(v) if v else None
        if problem:
            raise ValueError(problem)
        return v

    @model_serializer(mode="wrap")
    def _without_unset_responds_to(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Only responses name the report they answer; every other report's data stays as it was.
        data: dict[str, Any] = handler(self)
        if data.get("responds_to", "") is None:
            del data["responds_to"]
        return data


class Finding(Record):
    """A statement the report makes, quoted verbatim."""

    id: str = Field(description="<report-id>/<slug>: unique site-wide, URL-safe, stable across runs.")
    kind: FindingKind
    title: str | None = Field(None, description="Short label, where the report gives one.")
    text: str = Field(description="Verbatim from the source, whitespace folded.")
    section: str = Field("", description="Heading path inside the report, joined with ' > '.")
    number: str | None = Field(None, description="The number the report gives it: '2.1', '3', '(b)'.")
    label: str | None = Field(None, description="The report's own label as printed: 'Finding 1.1'.")
    source: Source
    actions: list[Action] = Field(default_factory=list, description="Sub-actions of a recommendation.")
    status: str | None = Field(
        None, description="A response's decision: accepted, partially accepted, rejected."
    )
    links: list[Link] = Field(default_factory=list, description="Cross-references made by the report.")
    footnotes: list[Footnote] = Field(
        default_factory=list, description="Notes its text cites by their marks, with their places."
    )
    restated_at: list[Source] = Field(
        default_factory=list,
        description="Where the report restates it in brief (an executive summary), not a record of its own.",
    )
    stance: str | None = Field(
        None,
        description="Toward its themes: strength, concern, progress, commitment or neutral (link stage).",
    )
    stance_cues: list[str] = Field(default_factory=list, description="What decided the stance.")
    themes: list[str] = Field(default_factory=list)
    theme_reasons: dict[str, list[str]] = Field(
        default_factory=dict, description="Per theme, the taxonomy terms found in the text."
    )

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not RECORD_ID.match(v):
            raise ValueError(f"record id {v!r} is not of the form report-id/slug")
        return v


class TotalCheck(Record):
    """A table's stated total against the sum of its rows."""

    column: str
    stated: float
    computed: float
    ok: bool


Cell = str | int | float | None


class Table(Record):
    """A table with its caption, header and typed cells."""

    id: str
    number: str | None = Field(None, description="'2' for 'Table 2.', where the report numbers it.")
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    printed: list[list[str]] = Field(
        default_factory=list,
        description="The cells as printed, row by row beside `rows`: '12 967 933 USD' where rows hold 12967933.",
    )
    units: list[str | None] = Field(
        default_factory=list, description="Per column: 'USD', '%', 'USD millions'."
    )
    source: Source
    total: TotalCheck | None = None
    totals: list[TotalCheck] = Field(
        default_factory=list, description="Every column the total row states; `total` is the first."
    )
    notes: list[str] = Field(default_factory=list, description="Source lines printed under the table.")
    header_rows: int = Field(
        0, description="Rows of the printed header; two or more give 'Top / Sub' columns."
    )


class Figure(Record):
    """A captioned figure ('Figure 2. Overview of ...')."""

    id: str
    number: str
    caption: str
    source: Source
    image: str | None = Field(None, description="Path of the cropped image, for a PDF figure.")


class Number(Record):
    """A key figure stated in the text: 'USD 2.99 billion in 2022'."""

    id: str
    value: float
    unit: str = Field(description="'USD', '%', 'people', 'countries', ...")
    scale: str | None = Field(None, description="'thousand', 'million', 'billion'.")
    year: int | None = None
    subject: str = Field(description="What the number measures, in the report's words.")
    text: str = Field(description="The sentence that states it, verbatim.")
    source: Source
    themes: list[str] = Field(default_factory=list)
    measure: Literal["amount", "change", "range", "rate"] = Field(
        "amount", description="An amount, a change ('an increase of'), a range's high end, or a rate."
    )
    low: float | None = Field(None, description="The low end of a range ('30 to 40 per cent': 30).")
    start: float | None = Field(None, description="The level it was reached from ('from 12 to 48': 12).")
    start_year: int | None = Field(None, description="The year of that starting level.")
    period: str | None = Field(
        None, description="What a change runs over or a rate is per: 'over three years from 2020'."
    )


class Extract(Record):
    """Everything extracted from one report: the content of extract/<report-id>.yml."""

    report: Report
    findings: list[Finding] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    numbers: list[Number] = Field(default_factory=list)
    glossary: dict[str, str] = Field(default_factory=dict)
    warnings: list[str] = Field(
        default_factory=list, description="The extractor's doubts a maintainer can act on, with their place."
    )

    def records(self) -> list[Finding | Table | Figure | Number]:
        """Every record of the report that has an id and a source, findings first."""
        return [*self.findings, *self.tables, *self.figures, *self.numbers]

    @model_validator(mode="after")
    def _unique_ids(self) -> Extract:
        seen: set[str] = set()
        for rec in self.records():
            if rec.id in seen:
                raise ValueError(f"duplicate record id {rec.id}")
            seen.add(rec.id)
        return self


def extract_json_schema() -> dict:
    """The JSON Schema of extract/<report-id>.yml, derived from the record classes."""
    schema = Extract.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reportsite extract"
    return schema
