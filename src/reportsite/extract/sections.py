"""The heading path above each block: 'Strategic Management > Financial frameworks'."""

from __future__ import annotations

import re

from reportsite.read.blocks import Block

_CAPITALS = re.compile(r"\b[A-Z]{2,}\b")

SEPARATOR = " > "


def blocks_to_sections(blocks: list[Block]) -> list[str]:
    """For each block, the path of headings it stands under (a heading's own path includes itself)."""
    stack: list[tuple[int, str]] = []
    out: list[str] = []
    acronyms = acronyms_in(blocks)
    for block in blocks:
        if block.kind == "heading":
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading_label(block.text, acronyms)))
        out.append(SEPARATOR.join(t for _, t in stack))
    return out


def acronyms_in(blocks: list[Block]) -> frozenset[str]:
    """Words the document prints in capitals among words in lower case: its acronyms, which a heading
    printed all in capitals keeps as they are. A run of capitals is shouting, not acronyms."""
    found: set[str] = set()
    for block in blocks:
        if block.kind == "heading":
            continue
        words = block.text.split()
        for i, word in enumerate(words):
            core = _CAPITALS.fullmatch(word.strip(".,;:()'’s"))
            if not core:
                continue
            near = words[max(i - 1, 0) : i] + words[i + 1 : i + 2]
            if near and all(not any(c.isupper() for c in w) or any(c.islower() for c in w) for w in near):
                found.add(core.group().lower())
    return frozenset(found)


def heading_label(text: str, acronyms: frozenset[str] = frozenset()) -> str:
    """Headings printed in capitals read better in title case, but for the document's acronyms; a
    trailing colon is dropped."""
    text = text.strip().rstrip(":").strip()
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        small = {"and", "of", "the", "on", "for", "in", "to", "a", "at", "by", "with"}
        words = text.lower().split()
        text = " ".join(
            w if i and w in small else (w.upper() if w in acronyms else w.capitalize())
            for i, w in enumerate(words)
        )
    return text
