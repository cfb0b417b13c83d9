"""The heading path above each block: 'Strategic Management > Financial frameworks'."""

from __future__ import annotations

from reportsite.read.blocks import Block

SEPARATOR = " > "


def blocks_to_sections(blocks: list[Block]) -> list[str]:
    """For each block, the path of headings it stands under (a heading's own path includes itself)."""
    stack: list[tuple[int, str]] = []
    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            level = block.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading_label(block.text)))
        out.append(SEPARATOR.join(t for _, t in stack))
    return out


def heading_label(text: str) -> str:
    """Headings printed in capitals read better in title case; a trailing colon is dropped."""
    text = text.strip().rstrip(":").strip()
    letters = [c for c in text if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        small = {"and", "of", "the", "on", "for", "in", "to", "a", "at", "by", "with"}
        words = text.lower().split()
        text = " ".join(
            w if i and w in small else (w.upper() if w in {"iom", "mopan", "un", "oecd"} else w.capitalize())
            for i, w in enumerate(words)
        )
    return text
