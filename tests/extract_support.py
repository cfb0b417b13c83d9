"""Shared helpers for the extractor tests: fixture files, a report, and the seed documents as blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from reportsite.extract.sections import blocks_to_sections
from reportsite.read.blocks import Block
from reportsite.read.text import text_file_to_blocks, text_to_blocks
from reportsite.records import Report

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = ROOT / "sources"
REPORT = Report(id="r", title="T", publisher="P", date="2024", kind="other", source="sources/t.txt")


def fixture_cases(feature: str) -> list[Any]:
    """Each fixture file of a feature as a pytest param named after the file."""
    import pytest

    paths = sorted((FIXTURES / feature).glob("*.yml"))
    return [pytest.param(yaml.safe_load(p.read_text(encoding="utf-8")), id=p.stem) for p in paths]


def text_blocks(text: str) -> tuple[list[Block], list[str]]:
    blocks = text_to_blocks(text)
    return blocks, blocks_to_sections(blocks)


def seed_blocks(name: str) -> tuple[list[Block], list[str]]:
    blocks = text_file_to_blocks(SOURCES / name)
    return blocks, blocks_to_sections(blocks)


def assert_subset(actual: Any, expected: Any, path: str = "") -> None:
    """Every key the fixture gives must match; keys it leaves out are not checked."""
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            assert_subset(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            f"{path}: {actual!r} != {expected!r}"
        )
        for n, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_subset(a, e, f"{path}[{n}]")
    else:
        assert (
            (actual == expected and type(actual) is type(expected))
            or (isinstance(expected, float) and actual == expected)
            or (isinstance(expected, int) and isinstance(actual, float) and actual == expected)
        ), f"{path}: {actual!r} != {expected!r}"
