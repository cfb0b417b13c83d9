"""Whether words spell an acronym, and splitting run-together expansions back into single entries.

An acronym's capitals match the initials of the expansion's words in order (hyphenated parts count as
words: 'Small-Scale Cross-Border Trade' spells SSCBT); its small letters may also come from inside a
word ('AfCFTA', 'MiRAC'); '4' and '2' stand for 'for' and 'to' ('DT4E'). Small words ('and', 'of')
may be skipped freely; every other skipped word costs one, so the cheapest reading wins.
"""

from __future__ import annotations

import re
from functools import cache

FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "at",
        "by",
        "de",
        "des",
        "du",
        "for",
        "from",
        "in",
        "la",
        "le",
        "of",
        "on",
        "the",
        "to",
        "with",
        "et",
    ]
)
DIGIT_WORDS = {"2": "to", "4": "for"}
_SPLIT = re.compile(r"[-/–]")
_NOT_WORD = re.compile(r"[^\w\-/–]")


def _parts(words: list[str]) -> tuple[str, ...]:
    return tuple(p for w in words for p in _SPLIT.split(_NOT_WORD.sub("", w)) if p)


def _starts(part: str, ch: str) -> bool:
    if ch in DIGIT_WORDS:
        return part.casefold() == DIGIT_WORDS[ch] or part == ch
    return part[:1].casefold() == ch.casefold()


def fit_cost(acr: str, words: list[str]) -> int | None:
    """How many non-small words the acronym leaves unspelt in words (0 is a perfect fit); None: no fit."""
    return _fit_cost(tuple(c for c in acr if c.isalnum()), _parts(words))


@cache
def _fit_cost(letters: tuple[str, ...], parts: tuple[str, ...]) -> int | None:
    if not letters or not parts or not _starts(parts[0], letters[0]):
        return None

    @cache
    def go(li: int, pi: int, ci: int) -> int | None:
        # letters[li:] still to spell; parts[pi] consumed up to character ci (0: not used yet).
        if li == len(letters):
            rest = parts[pi + (1 if ci else 0) :]
            return sum(1 for p in rest if p.casefold() not in FUNCTION_WORDS)
        ch = letters[li]
        options: list[int] = []
        if ci == 0:
            if _starts(parts[pi], ch):
                r = go(li + 1, pi, len(parts[pi]) if ch in DIGIT_WORDS else 1)
                if r is not None:
                    options.append(r)
            if pi + 1 < len(parts):
                r = go(li, pi + 1, 0)
                if r is not None:
                    options.append(r + (0 if parts[pi].casefold() in FUNCTION_WORDS else 1))
        else:
            if ch.islower():
                word = parts[pi].casefold()
                k = word.find(ch, ci)
                while k != -1:
                    r = go(li + 1, pi, k + 1)
                    if r is not None:
                        options.append(r)
                    k = word.find(ch, k + 1)
            if pi + 1 < len(parts):
                r = go(li, pi + 1, 0)
                if r is not None:
                    options.append(r)
        return min(options) if options else None

    return go(1, 0, len(parts[0]) if letters[0] in DIGIT_WORDS else 1)


def expansion_fits(acr: str, words: list[str]) -> bool:
    return fit_cost(acr, words) == 0


def split_merged_expansion(acronyms: list[str], expansion: str, known: dict[str, str]) -> dict[str, str]:
    """'RDH SOGIESC' + 'Regional Data Hub Sexual Orientation, ...' -> one expansion per acronym.

    Expansions already known are peeled off either end first; what is left is split where the words
    spell the acronyms best. A row that cannot be split gives nothing rather than a wrong entry.
    """
    acronyms = list(acronyms)
    tokens = expansion.split()
    out: dict[str, str] = {}
    changed = True
    while acronyms and changed:
        changed = False
        for end in (0, -1):
            acr = acronyms[end]
            words = known.get(acr, "").split()
            if not words or len(words) > len(tokens):
                continue
            piece = tokens[: len(words)] if end == 0 else tokens[-len(words) :]
            if [w.strip(",;") for w in piece] == [w.strip(",;") for w in words]:
                out[acr] = known[acr]
                tokens = tokens[len(words) :] if end == 0 else tokens[: -len(words)]
                acronyms.pop(end)
                changed = True
                break
    if len(acronyms) == 1 and tokens:
        out[acronyms[0]] = _join(tokens)
    elif acronyms and tokens:
        cuts = _best_cuts(tuple(acronyms), tuple(tokens))
        if cuts is not None:
            bounds = [0, *cuts, len(tokens)]
            for acr, a, b in zip(acronyms, bounds, bounds[1:], strict=False):
                out[acr] = _join(tokens[a:b])
    return out


def _join(tokens: list[str] | tuple[str, ...]) -> str:
    return " ".join(tokens).strip(" ,;")


def _best_cuts(acronyms: tuple[str, ...], tokens: tuple[str, ...]) -> list[int] | None:
    """Cut positions splitting tokens into one run per acronym, at the least total cost."""

    @cache
    def go(ai: int, start: int) -> tuple[int, tuple[int, ...]] | None:
        if ai == len(acronyms) - 1:
            cost = fit_cost(acronyms[ai], list(tokens[start:]))
            return None if cost is None else (cost, ())
        best: tuple[int, tuple[int, ...]] | None = None
        for end in range(start + 1, len(tokens) - (len(acronyms) - ai - 1) + 1):
            cost = fit_cost(acronyms[ai], list(tokens[start:end]))
            rest = go(ai + 1, end) if cost is not None else None
            if cost is not None and rest is not None and (best is None or cost + rest[0] < best[0]):
                best = (cost + rest[0], (end, *rest[1]))
        return best

    found = go(0, 0)
    return list(found[1]) if found else None
