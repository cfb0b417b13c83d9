"""Blocks to the glossary: acronym lists, with look-alike letters from other alphabets normalised."""

from __future__ import annotations

from ..blocks import Block


def blocks_to_glossary(blocks: list[Block], sections: list[str]) -> dict[str, str]:
    return {}
