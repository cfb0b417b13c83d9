"""Blocks to the glossary: acronym lists, with look-alike letters from other alphabets normalised.

Where entries come from, in order of trust:
1. a list under a heading such as 'List of acronyms' or 'Abbreviations': two-column table rows, or
   'ACR – Expansion' lines;
2. inline definitions anywhere in the text, 'Camp Coordination and Camp Management (CCCM)', added only
   for acronyms the list does not already give (the expansion must spell the acronym's letters).

PDF-to-text conversion leaves two kinds of damage that are repaired here: letters from Cyrillic or
Greek that look Latin ('СССМ' printed in Cyrillic), and rows run together ('RDH SOGIESC' with both
expansions in one cell), which are split back into single entries.
"""

from __future__ import annotations

import re

from text_unidecode import unidecode

from reportsite.extract.acronyms import expansion_fits, split_merged_expansion
from reportsite.read.blocks import Block

_LIST_HEADING = re.compile(r"\b(acronyms?|abbreviations?|glossary)\b", re.I)
_DASH_LINE = re.compile(r"^(?P<acr>[^\s–—:]{2,15})\s*[–—:-]\s+(?P<exp>\S.*)$")
_INLINE = re.compile(r"\((?P<acr>[A-Z][A-Za-z0-9&]*[A-Z][A-Za-z0-9&]*?)(?P<plural>s)?\)")
_WORD = re.compile(r"[\w'’-]+")

# Capitals (and the commonest small letters) of Cyrillic and Greek that print exactly like Latin ones.
_LOOKALIKES = {
    "Cyrillic capitals": ("АВСЕНІЈКМОРЅТХУ", "ABCEHIJKMOPSTXY"),
    "Cyrillic small letters": ("асеіјорѕху", "aceijopsxy"),
    "Greek capitals": ("ΑΒΕΗΙΚΜΝΟΡΤΥΧΖ", "ABEHIKMNOPTYXZ"),
    "Greek small letters": ("οκνρ", "okvp"),
}
HOMOGLYPHS = str.maketrans(
    "".join(a for a, _ in _LOOKALIKES.values()), "".join(b for _, b in _LOOKALIKES.values())
)


def latin_lookalikes(text: str) -> str:
    """Replace Cyrillic and Greek letters that look Latin by the Latin letters they look like."""
    return text.translate(HOMOGLYPHS)


def acronym_key(text: str) -> str:
    """An acronym as printed to a glossary key: look-alikes mapped, anything else non-Latin transliterated."""
    key = latin_lookalikes(text.strip())
    if not key.isascii():
        key = unidecode(key)
    return re.sub(r"[^A-Za-z0-9&/.-]", "", key)


def _clean_expansion(text: str) -> str:
    # Only words that mix scripts are damage; a word wholly in another alphabet is left as printed.
    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        return latin_lookalikes(word) if any(c.isascii() and c.isalpha() for c in word) else word

    return " ".join(_WORD.sub(fix, text).split())


def acronym_list_blocks(blocks: list[Block], sections: list[str]) -> set[int]:
    """Indices of the blocks that make up acronym lists: the tables and lines under such a heading."""
    out: set[int] = set()
    for i, block in enumerate(blocks):
        if block.kind == "heading" or not sections[i]:
            continue
        heading = sections[i].rsplit(" > ", 1)[-1]
        if not _LIST_HEADING.search(heading):
            continue
        if (block.kind == "table" and _looks_like_acronym_rows(block.rows)) or (
            block.kind != "table" and _DASH_LINE.match(block.text)
        ):
            out.add(i)
    return out


def _looks_like_acronym_rows(rows: tuple[tuple[str, ...], ...]) -> bool:
    """Most first cells are acronyms (two capitals or more, in any alphabet), the rest empty."""
    firsts = [r[0].split() for r in rows if r and r[0].strip()]
    acronymic = [t for t in firsts if all(sum(c.isupper() for c in w) >= 2 for w in t)]
    return bool(firsts) and len(acronymic) >= 0.7 * len(firsts)


def blocks_to_glossary(blocks: list[Block], sections: list[str]) -> dict[str, str]:
    """{ACRONYM: expansion}, from acronym lists first, then from inline definitions."""
    rows: list[tuple[str, str]] = []
    for i in sorted(acronym_list_blocks(blocks, sections)):
        block = blocks[i]
        if block.kind == "table":
            rows.extend((r[0] if r else "", " ".join(c for c in r[1:] if c)) for r in block.rows)
        elif m := _DASH_LINE.match(block.text):
            rows.append((m["acr"], m["exp"]))
    glossary = rows_to_glossary(rows)
    for acr, expansion in blocks_to_inline_definitions(blocks):
        glossary.setdefault(acr, expansion)
    return dict(sorted(glossary.items(), key=lambda kv: kv[0].casefold()))


def rows_to_glossary(rows: list[tuple[str, str]]) -> dict[str, str]:
    """Acronym-list rows to entries: merged rows split, continuation rows dropped, duplicates dropped."""
    glossary: dict[str, str] = {}
    for n, (acr_cell, exp_cell) in enumerate(rows):
        expansion = _clean_expansion(exp_cell)
        acronyms = [k for k in (acronym_key(a) for a in acr_cell.split()) if k]
        if not expansion:
            continue
        if not acronyms:
            # A row with no acronym repeats a neighbour's expansion or carries on the one above.
            neighbours = [_clean_expansion(r[1]) for r in rows[max(0, n - 1) : n + 2] if r[0].strip()]
            if glossary and not any(expansion in e for e in neighbours):
                last = next(reversed(glossary))
                glossary[last] = f"{glossary[last]} {expansion}"
            continue
        if len(acronyms) == 1:
            glossary.setdefault(acronyms[0], expansion)
            continue
        for acr, part in split_merged_expansion(acronyms, expansion, glossary).items():
            glossary.setdefault(acr, part)
    return glossary


def blocks_to_inline_definitions(blocks: list[Block]) -> list[tuple[str, str]]:
    """'Camp Coordination and Camp Management (CCCM)' -> ('CCCM', 'Camp Coordination and Camp Management')."""
    found: list[tuple[str, str]] = []
    for block in blocks:
        if block.kind not in ("paragraph", "list_item", "heading"):
            continue
        text = latin_lookalikes(block.text)
        for m in _INLINE.finditer(text):
            acr = acronym_key(m["acr"])
            expansion = _expansion_before(acr, text[: m.start()])
            if expansion:
                found.append((acr, expansion))
    return found


def _expansion_before(acr: str, text: str) -> str | None:
    """The shortest run of words just before '(ACR)' whose letters spell the acronym, as printed."""
    words = list(_WORD.finditer(text))
    letters = sum(1 for c in acr if c.isalnum())
    for n in range(1, min(len(words), letters + 4) + 1):
        run = words[-n:]
        if expansion_fits(acr, [w.group(0) for w in run]):
            return text[run[0].start() :].strip(" ,;")
    return None
