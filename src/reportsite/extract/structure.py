"""Blocks and their heading paths -> the kind of section each block stands in, in English and French.

An evaluation is read by its parts: front matter (contents, lists of tables and figures, acronyms),
executive summary, methodology, findings, conclusions, recommendations, lessons learned, good practices,
management response, annexes. A heading names its part with a few common words; the part of a block is
the innermost heading above it that names one.
"""

from __future__ import annotations

import re

from reportsite.extract.sections import SEPARATOR
from reportsite.read.blocks import Block

# Headings are matched whole after an optional section number ('4.1.', 'IV.', 'Annex 2:'), so a heading
# that merely mentions a part ('Findings on relevance') is judged by its first words.
_NUMBER = r"^(?:(?:\d+(?:\.\d+)*|[IVXLC]+)[.)]?\s*)?"
SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(_NUMBER + pattern, re.I))
    for kind, pattern in (
        (
            "front",
            r"(?:table\s+of\s+contents?|contents|list\s+of\s+(?:tables|figures|boxes|graphs|charts|annexes)"
            r"|table\s+des\s+mati[eè]res|sommaire|liste\s+des\s+(?:tableaux|figures|graphiques|annexes)"
            r"|acronyms|abbreviations|list\s+of\s+(?:acronyms|abbreviations)|sigles|acronymes"
            r"|liste\s+des\s+(?:sigles|acronymes|abr[ée]viations)|acknowledge?ments|remerciements)\b",
        ),
        ("summary", r"(?:executive\s+summary|summary|r[ée]sum[ée](?:\s+ex[ée]cutif)?|synth[eè]se)\b"),
        ("management-response", r"(?:management\s+response|r[ée]ponse\s+de\s+la\s+direction)\b"),
        (
            "recommendations",
            # 'Conclusions and recommendations': what such a part numbers is its recommendations.
            r"(?:(?:key\s+|main\s+)?recommendations?|recommandations?"
            r"|conclusions?\s+(?:and|et)\s+recomm[ae]nd?ations?)\b",
        ),
        (
            "conclusions",
            r"(?:(?:key\s+|main\s+|overall\s+)?conclusions?)\b",
        ),
        (
            "lessons",
            r"(?:(?:key\s+)?lessons?(?:\s+learn(?:ed|t))?|le[çc]ons?(?:\s+apprises?|\s+tir[ée]es)?)\b",
        ),
        ("good-practices", r"(?:(?:good|best|promising)\s+practices?|bonnes?\s+pratiques?)\b"),
        ("findings", r"(?:(?:key\s+|main\s+)?findings?|constats?|r[ée]sultats\s+de\s+l.[ée]valuation)\b"),
        (
            "methodology",
            r"(?:methodology|methods?|approach|evaluation\s+(?:methodology|approach|design)|m[ée]thodologie"
            r"|limitations?|(?:evaluation|research|study|key)\s+questions?|questions?\s+d.[ée]valuation"
            r"|(?:scope|objectives?|purpose)\s+of\s+the\s+(?:evaluation|study|review)|data\s+collection)\b",
        ),
        ("annex", r"(?:annex(?:es)?|appendix|appendices|annexes?|bibliography|references|bibliographie)\b"),
    )
)


def heading_to_section_kind(text: str) -> str | None:
    """The part of the report a heading opens, or None for a heading of the report's own subject."""
    text = " ".join(text.split())
    for kind, pattern in SECTION_KINDS:
        if pattern.match(text):
            return kind
    return None


def path_to_section_kind(path: str) -> str | None:
    """The innermost heading of a section path that names a part; an annex holds what is under it."""
    kinds = [heading_to_section_kind(h) for h in path.split(SEPARATOR)] if path else []
    if "annex" in kinds or "front" in kinds:
        return "annex" if "annex" in kinds else "front"
    return next((k for k in reversed(kinds) if k), None)


# Parts a report often opens with a run-in line set like its body text ('Lessons learned in relation to
# cost-effectiveness', in italics, inside a criterion's discussion) rather than with a heading.
RUN_IN_KINDS = ("conclusions", "lessons", "good-practices")
RUN_IN_MAX_WORDS = 10


def blocks_to_section_kinds(blocks: list[Block], sections: list[str]) -> list[str | None]:
    """For each block, the kind of part it stands in (see SECTION_KINDS), or None.

    A short paragraph without a sentence's end that names one of RUN_IN_KINDS opens that part up to the
    next heading.
    """
    memo: dict[str, str | None] = {}
    out: list[str | None] = []
    run_in: str | None = None
    for block, path in zip(blocks, sections, strict=True):
        if path not in memo:
            memo[path] = path_to_section_kind(path)
        if block.kind == "heading":
            run_in = None
        elif (kind := run_in_part(block)) is not None and memo[path] not in ("front", "annex"):
            run_in = kind
        out.append(run_in or memo[path])
    return out


def run_in_part(block: Block) -> str | None:
    """The part a run-in line names ('Lessons learned in relation to cost-effectiveness'), or None."""
    text = block.text.strip()
    if (
        block.kind != "paragraph"
        or len(text.split()) > RUN_IN_MAX_WORDS
        or text.endswith((".", ";", "?", "!"))
    ):
        return None
    kind = heading_to_section_kind(text)
    return kind if kind in RUN_IN_KINDS else None


def in_summary(path: str) -> bool:
    """Whether a section path runs through an executive summary."""
    return any(heading_to_section_kind(h) == "summary" for h in path.split(SEPARATOR)) if path else False
