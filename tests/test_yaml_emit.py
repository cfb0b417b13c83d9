"""Extract files are written by libyaml where it gives the pure-Python emitter's bytes, by the Python
emitter elsewhere: the text never depends on which one wrote it."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from reportsite.store import safe_yaml
from reportsite.store.yaml_io import _Dumper, _plain_strings, dump_with_copy, dump_yaml


def python_emitter(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


# Characters of every kind: the printable ones records are made of, and those either emitter escapes
# or breaks lines at (controls, line separators, the byte-order mark, characters beyond the BMP).
_CHARS = st.one_of(
    st.sampled_from(list("abc XYZ 019 ,.:;-?!'\"#&*|>%@`{}[]~=<\\\t\n\r")),
    st.sampled_from(["\x85", "\u2028", "\u2029", "\ufeff", "\xa0", "é", "—", "“", "\U0001f600", "\x00"]),
    # Lone surrogates cannot be written as UTF-8 at all.
    st.characters(exclude_categories=["Cs"]),
)
_WORDS = st.lists(st.sampled_from(["word", "a", "longerword", "null", "true", "1e3", "- ", ": ", " #"]))
_TEXT = st.one_of(
    st.text(_CHARS, max_size=40),
    st.builds(lambda words, tail: " ".join(words) + tail, _WORDS, st.text(_CHARS, max_size=20)),
)
_PLAIN_TEXT = _TEXT.map(lambda s: "".join(c for c in s if _plain_strings(c)))
_KEYS = st.one_of(_PLAIN_TEXT.filter(bool).map(lambda s: s[:64]), _TEXT)
_SCALARS = st.one_of(_TEXT, _PLAIN_TEXT, st.integers(), st.floats(allow_nan=False), st.booleans(), st.none())
_DATA = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(_KEYS, _DATA, max_size=5))
def test_either_emitter_writes_the_same_text(data: dict[str, Any]) -> None:
    assert dump_yaml(data) == python_emitter(data)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_PLAIN_TEXT.filter(bool).map(lambda s: s[:64]), st.lists(_PLAIN_TEXT), max_size=5))
def test_plain_text_goes_to_libyaml_and_comes_out_the_same(data: dict[str, Any]) -> None:
    assert _plain_strings(data)
    assert dump_yaml(data) == python_emitter(data)


@pytest.mark.parametrize(
    "data",
    [
        {"text": "two\nlines"},
        {"text": "an emoji \U0001f600"},
        {"text": "a line separator\u2028here"},
        {"text": "\ufeffa byte-order mark"},
        {"": "an empty key"},
        {"k" * 65: "a long key"},
        {"glossary": {"UN": "United Nations", "x" * 70: "long"}},
    ],
)
def test_what_libyaml_writes_otherwise_goes_to_the_python_emitter(data: dict[str, Any]) -> None:
    assert not _plain_strings(data)
    assert dump_yaml(data) == python_emitter(data)


def test_a_long_quote_folds_the_same_way_in_both() -> None:
    quote = " ".join(["The organisation strengthened its results-based management — by design."] * 6)
    data = {"findings": [{"id": "r/x", "text": quote, "source": {"lines": [3, 4]}}]}
    assert _plain_strings(data)
    assert dump_yaml(data) == python_emitter(data)
    # Folded onto lines of about 100 characters.
    assert len(dump_yaml(data).splitlines()) >= 6


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_KEYS, _DATA, max_size=5))
def test_the_json_copy_holds_what_the_yaml_holds(data: dict[str, Any]) -> None:
    text, copy = dump_with_copy(data)
    assert text == dump_yaml(data)
    assert json.loads(copy) == safe_yaml.load(text, fast=True)


def test_text_yaml_cannot_give_back_has_its_copy_made_from_the_yaml() -> None:
    text, copy = dump_with_copy({"text": "a\x85b"})
    assert json.loads(copy) == safe_yaml.load(text, fast=True)
