"""Records survive YAML dump and load unchanged, and the JSON Schema is derived from them."""

from __future__ import annotations

import json

import jsonschema
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportsite.records import (
    Extract,
    Finding,
    Number,
    Report,
    Source,
    Table,
    TotalCheck,
    extract_json_schema,
)
from reportsite.store.yaml_io import extract_to_yaml, yaml_to_extract

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
# Any printable text, including what YAML treats specially: quotes, colons, '#', leading spaces, 'null'.
texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)
sources = st.one_of(
    st.tuples(st.integers(1, 500), st.integers(0, 20)).map(lambda t: Source(lines=[t[0], t[0] + t[1]])),
    st.integers(1, 300).map(lambda p: Source(page=p)),
)


@st.composite
def extracts(draw: st.DrawFn) -> Extract:
    rid = draw(slugs)
    report = Report(
        id=rid,
        title=draw(texts),
        publisher=draw(texts),
        date=draw(st.sampled_from(["2019-07-01", "2023-10", "2024"])),
        kind="assessment",
        cycle=draw(st.sampled_from([None, "2019", "2023"])),
        source=f"sources/{rid}.txt",
    )
    stems = draw(st.lists(slugs, unique=True, max_size=5))
    findings = [
        Finding(
            id=f"{rid}/{stem}",
            kind=draw(st.sampled_from(["finding", "strength", "response"])),
            title=draw(st.one_of(st.none(), texts)),
            text=draw(texts),
            section=draw(texts),
            source=draw(sources),
            themes=draw(st.lists(slugs, max_size=3)),
        )
        for stem in stems
    ]
    cells = st.one_of(
        st.none(), st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False), texts
    )
    table = Table(
        id=f"{rid}/table-x",
        caption=draw(texts),
        columns=["a", "b"],
        rows=draw(st.lists(st.lists(cells, min_size=2, max_size=2), max_size=4)),
        source=draw(sources),
        total=TotalCheck(column="b", stated=1.0, computed=1.0, ok=True),
    )
    number = Number(
        id=f"{rid}/number-x",
        value=draw(st.floats(allow_nan=False, allow_infinity=False)),
        unit="USD",
        scale=draw(st.sampled_from([None, "million", "billion"])),
        year=draw(st.one_of(st.none(), st.integers(1950, 2030))),
        subject=draw(texts),
        text=draw(texts),
        source=draw(sources),
    )
    glossary = draw(st.dictionaries(st.from_regex(r"[A-Z]{2,6}", fullmatch=True), texts, max_size=4))
    return Extract(report=report, findings=findings, tables=[table], numbers=[number], glossary=glossary)


@settings(max_examples=150, deadline=None)
@given(extracts())
def test_yaml_round_trip_keeps_every_record(extract: Extract) -> None:
    assert yaml_to_extract(extract_to_yaml(extract), "x.yml") == extract


@settings(max_examples=50, deadline=None)
@given(extracts())
def test_dumped_yaml_validates_against_the_schema(extract: Extract) -> None:
    data = yaml.safe_load(extract_to_yaml(extract))
    jsonschema.validate(json.loads(json.dumps(data)), extract_json_schema())


def test_schema_names_every_contract_key() -> None:
    props = extract_json_schema()["properties"]
    assert set(props) == {"report", "findings", "tables", "figures", "numbers", "glossary", "warnings"}
    finding = extract_json_schema()["$defs"]["Finding"]["properties"]
    assert {"id", "kind", "title", "text", "section", "source", "themes"} <= set(finding)


def test_a_source_gives_lines_or_a_page_not_both() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="one of lines, a page, a paragraph or a table row"):
        Source(lines=[1, 2], page=3)
    with pytest.raises(ValidationError, match="first <= last"):
        Source(lines=[5, 2])
