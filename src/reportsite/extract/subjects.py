"""What a number measures: a short noun phrase from the words around it, found by word classes.

'64% of its wells being repaired' -> 'wells repaired' (the phrase after 'of');
'Its payroll rose from EUR 3.4 million' -> 'payroll' (back over the verb to the noun before it);
'38% is now going to school meals' -> 'school meals' (after verb and 'to').
No parser: small closed word classes (determiners, prepositions, auxiliaries, a few reporting verbs)
are enough for report prose, and every subject is words of the sentence itself.
"""

from __future__ import annotations

import re

from reportsite.extract.words import (
    AUX,
    COUNT_IRREGULAR,
    DETERMINERS,
    IRREGULAR_VERBS,
    NOT_COUNT_NOUNS,
    QUALIFIERS,
    SCALE_WORDS,
    STOP,
    VERB_BASES,
)

COMPOUND_UNITS = frozenset({"member states", "observer states"})
# A unit of measure is whole with its modifier: 'cubic metres', 'square kilometres', 'metric tons'.
MEASURE_MODIFIERS = frozenset({"cubic", "square", "metric", "linear", "nautical", "short", "long"})
# 'a 1% increase in X', 'a 5% drop among Y': the number measures the change in what follows.
_CHANGE_OF = re.compile(
    r"\s+(?:increase|decrease|rise|drop|fall|reduction|growth|gain|cut|decline)\s+(?:in|of|at|for|among)\s+",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z][\w’'-]*|\d[\d.,]*|[^\sA-Za-z\d]")
_CLAUSE_BREAK = re.compile(r"[,;:–—(]")


def _verb_forms() -> frozenset[str]:
    forms: set[str] = set(IRREGULAR_VERBS)
    for base in VERB_BASES.split():
        stem = base[:-1] if base.endswith("e") else base
        forms |= {base, base + "s", stem + "ed", stem + "ing", base + "d"}
    return frozenset(forms)


VERBS = _verb_forms()


def _is_word(tok: str) -> bool:
    return tok[:1].isalpha()


def _is_verbish(lw: str) -> bool:
    return lw in VERBS or lw in AUX or lw.endswith(("ed", "ing"))


def _possessive(tok: str) -> bool:
    return tok.endswith(("'s", "’s"))


def collect_forward(text: str, max_words: int = 4) -> str | None:
    """The noun phrase text starts with: determiners dropped, 'being'/'is' skipped, up to max_words."""
    toks = _TOKEN.findall(text)
    words: list[str] = []
    for n, tok in enumerate(toks):
        lw = tok.casefold()
        if not _is_word(tok):
            break
        if not words and (lw in DETERMINERS or _possessive(tok)):
            continue
        # 'wells being repaired' reads as 'wells repaired'; a finite verb ends the phrase.
        if words and lw in {"being", "been"}:
            continue
        # 'institutional and operational functions': 'and' joins two words of one phrase.
        joins = lw == "and" and words and n + 1 < len(toks) and _is_word(toks[n + 1])
        if joins and toks[n + 1].casefold() not in STOP | DETERMINERS:
            words.append(tok)
            continue
        if lw in STOP or lw in DETERMINERS or lw in AUX:
            break
        words.append(tok)
        if len(words) >= max_words:
            break
    while words and words[-1].casefold() in {"and"}:
        words.pop()
    return " ".join(words) or None


def collect_backward(text: str, max_words: int = 3) -> str | None:
    """The noun phrase before a number: back over qualifiers, verbs and other amounts to a noun."""
    toks = _TOKEN.findall(text)
    k = len(toks) - 1
    while k >= 0:
        tok, lw = toks[k], toks[k].casefold()
        if (
            tok[:1].isdigit()
            or lw in SCALE_WORDS
            or lw in QUALIFIERS
            or tok in {"%", "$", "€", "£"}
            or re.fullmatch(r"[A-Z]{3}", tok)
            or lw in AUX
            or lw in VERBS
            or lw in STOP
            or (_is_word(tok) and lw.endswith(("ed", "ing")))
        ):
            k -= 1
        else:
            break
    words: list[str] = []
    while k >= 0 and len(words) < max_words:
        tok, lw = toks[k], toks[k].casefold()
        if not _is_word(tok) or lw in STOP or lw in DETERMINERS or lw in AUX or lw in VERBS:
            break
        if _possessive(tok) or (tok[:1].isupper() and words):
            break
        if not words and (_is_verbish(lw) or tok[:1].isupper()):
            return None
        words.insert(0, tok)
        k -= 1
    return " ".join(words) or None


def subject_of(sentence: str, start: int, end: int) -> str:
    """What the number at sentence[start:end] measures, in the sentence's words."""
    after = sentence[end:]
    m = _CHANGE_OF.match(after) or re.match(r"\s+(?:of|in)\s+(?!\d|which\b|whom\b|those\b)", after)
    if m and (np := collect_forward(after[m.end() :])):
        return np
    before = sentence[:start]
    opened = before.rfind("(")
    if opened > before.rfind(")"):
        before = before[:opened]
    cut = max((b.end() for b in _CLAUSE_BREAK.finditer(before)), default=0)
    if (np := collect_backward(before[cut:])) or (np := collect_backward(before)):
        return np
    m = re.match(
        r"\s+(?:(?:is|are|was|were|has|have|been|being|currently|now|mainly|mostly|largely)\s+)*"
        r"(?:\w+(?:ed|ing)\s+)?(?:to|for|on|towards|through)\s+",
        after,
    )
    if m and (np := collect_forward(after[m.end() :])):
        return np
    return "amount"


def count_noun_phrase(rest: str) -> tuple[str, str, int] | None:
    """For the text after a count: (unit, subject, length used), or None if no countable noun follows.

    '32 000 people, ...' -> ('people', 'people', 6); '175 member states' -> ('member states', ...);
    '218,000 pieces of community feedback' -> ('pieces', 'pieces of community feedback', ...).
    """
    words = list(re.finditer(r"[A-Za-z][\w’'-]*", rest))
    pos = 0
    for n, w in enumerate(words[:4]):
        if rest[pos : w.start()].strip():
            return None  # punctuation before a noun: no noun phrase follows the number
        word = _bare(w.group(0))
        lw = word.casefold()
        if _is_count_noun(word) and not _names_go_on(word, words[n + 1 : n + 2], rest, w.end()):
            mods = [_bare(x.group(0)) for x in words[:n]]
            compound = f"{mods[-1].casefold()} {lw}" if mods else ""
            whole = compound in COMPOUND_UNITS or (mods and mods[-1].casefold() in MEASURE_MODIFIERS)
            unit = compound if whole else lw
            subject = " ".join([*mods, word])
            length = w.end()
            of = re.match(r"\s+of\s+", rest[w.end() :])
            if of and (np := collect_forward(rest[w.end() + of.end() :], max_words=3)):
                subject = f"{subject} of {np}"
                length = w.end() + of.end() + rest[w.end() + of.end() :].index(np) + len(np)
            return unit, subject, length
        if lw in STOP or lw in DETERMINERS or lw in AUX or lw == "and" or lw.endswith("ly"):
            return None
        pos = w.end()
    return None


def _bare(word: str) -> str:
    """A word without the footnote mark printed on it ('members¹' -> 'members')."""
    return re.sub(r"[^A-Za-z’'-]+$", "", word)


def _names_go_on(word: str, following: list[re.Match[str]], rest: str, end: int) -> bool:
    """'28 United Nations publishers': a capitalised plural inside a name is not the counted noun."""
    if not word[:1].isupper() or not following or rest[end : following[0].start()].strip():
        return False
    nxt = _bare(following[0].group(0))
    return nxt[:1].islower() and _is_count_noun(nxt)


def _is_count_noun(word: str) -> bool:
    lw = word.casefold()
    if lw in COUNT_IRREGULAR:
        return True
    return (
        len(lw) > 3
        and lw.endswith("s")
        and not lw.endswith(("ss", "us", "is", "'s", "’s"))
        and lw not in NOT_COUNT_NOUNS
    )
