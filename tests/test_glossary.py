"""Glossary: acronym lists with look-alike letters normalised and merged rows split; on fixtures and seeds."""

from __future__ import annotations

import unicodedata

import pytest

from extract_support import fixture_cases, seed_blocks, text_blocks
from reportsite.extract.acronyms import fit_cost, split_merged_expansion
from reportsite.extract.glossary import acronym_key, blocks_to_glossary


@pytest.mark.parametrize("case", fixture_cases("glossary"))
def test_fixture(case: dict) -> None:
    blocks, sections = text_blocks(case["input"])
    assert blocks_to_glossary(blocks, sections) == case["expect"]


@pytest.mark.parametrize(
    ("printed", "key"),
    [("СССМ", "CCCM"), ("ОСНА", "OCHA"), ("ООМ", "OOM"), ("ΙΟΜ", "IOM"), ("MiRAC", "MiRAC")],
)
def test_acronym_key_is_latin(printed: str, key: str) -> None:
    assert acronym_key(printed) == key


def test_fit_cost_prefers_the_spelling_reading() -> None:
    assert fit_cost("SSCBT", ["Small-Scale", "Cross-Border", "Trade"]) == 0
    assert fit_cost("AfCFTA", ["African", "Continental", "Free", "Trade", "Agreement"]) == 0
    assert fit_cost("OOM", ["Office", "of", "the", "Ombudsperson", "and", "Mediation", "Services"]) == 1
    assert fit_cost("OOM", ["Ombudsperson"]) is None  # capitals spell word initials only
    assert split_merged_expansion(["A", "B"], "no way to split", {}) == {}


def _is_latin(ch: str) -> bool:
    return not ch.isalpha() or unicodedata.name(ch).startswith("LATIN")


def test_seed_acronym_list() -> None:
    glossary = blocks_to_glossary(*seed_blocks("iom-2023-unearmarked-funding-report.txt"))
    assert all(_is_latin(c) for key in glossary for c in key)
    assert glossary["CCCM"] == "Camp Coordination and Camp Management"
    assert glossary["OCHA"] == "Office for the Coordination of Humanitarian Affairs"
    assert glossary["OOM"] == "Office of the Ombudsperson and Mediation Services"
    assert (
        glossary["SOGIESC"]
        == "Sexual Orientation, Gender Identity, Gender Expression and Sex Characteristics"
    )
    assert glossary["SSCBT"] == "Small-Scale Cross-Border Trade"
    assert glossary["UNNM"] == "United Nations Network on Migration"
    assert not [k for k in glossary if " " in k]
    # 32 entries in the printed list (merged rows split, repeats dropped) plus 7 defined only inline.
    assert len(glossary) == 39


def test_seed_inline_definitions() -> None:
    glossary = blocks_to_glossary(*seed_blocks("mopan-2023-iom-brief.txt"))
    assert glossary["CCCM"] == "Camp Coordination and Camp Management"
    assert glossary["CERF"] == "Central Emergency Response Fund"
