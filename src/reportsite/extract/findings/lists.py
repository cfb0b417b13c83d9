"""Finding rules for lists: bullets under a cue heading, bullets a cue sentence introduces, and lists
run into a sentence ('... the areas for improvement are A; B; and C.').
"""

from __future__ import annotations

import re

from reportsite.extract.findings.base import (
    IMPROVEMENT_CUE,
    RECOMMENDATION_CUE,
    STRENGTH_CUE,
    Doc,
    Draft,
    is_furniture,
    kind_of_heading,
    kind_of_intro,
    label_of,
    strip_span,
    words,
)
from reportsite.extract.sentences import sentence_spans
from reportsite.settings import SETTINGS


def _items_from(doc: Doc, indices: list[int]) -> list[list[int]]:
    """Group list blocks into items: an outer item with the nested items and paragraphs that follow it."""
    items: list[list[int]] = []
    for j in indices:
        block = doc.blocks[j]
        if block.kind == "list_item" and block.level <= 1:
            items.append([j])
        elif items and block.level > 1 and items[-1][-1] == j - 1:
            items[-1].append(j)
    return items


def _item_draft(doc: Doc, kind: str, item: list[int]) -> Draft:
    text = " ".join(doc.blocks[j].text for j in item)
    return Draft(kind=kind, text=text, blocks=item, title=label_of(text))


def heading_lists_to_drafts(doc: Doc) -> list[Draft]:
    """Each item under a STRENGTHS or AREAS FOR IMPROVEMENT heading (or paragraphs, where no list)."""
    drafts: list[Draft] = []
    for i, block in enumerate(doc.blocks):
        kind = kind_of_heading(block.text) if block.kind == "heading" else None
        if kind is None:
            continue
        under = [j for j in doc.children(i) if doc.free(j) and not is_furniture(doc.blocks[j])]
        items = _items_from(doc, under)
        if not items:
            items = [[j] for j in under if doc.blocks[j].kind == "paragraph"]
        for item in items:
            drafts.append(_item_draft(doc, kind, item))
            doc.claimed.update(item)
    return drafts


def introduced_lists_to_drafts(doc: Doc) -> list[Draft]:
    """The bullets after a paragraph whose last sentence names what they are and ends with a colon."""
    drafts: list[Draft] = []
    for i, block in enumerate(doc.blocks):
        if block.kind != "paragraph" or not doc.free(i) or not block.text.rstrip().endswith(":"):
            continue
        spans = sentence_spans(block.text)
        kind = kind_of_intro(block.text[spans[-1][0] :]) if spans else None
        if kind is None:
            continue
        following: list[int] = []
        for j in range(i + 1, len(doc.blocks)):
            if doc.blocks[j].kind not in ("list_item", "paragraph") or doc.blocks[j].level == 0:
                break
            following.append(j)
        items = _items_from(doc, [j for j in following if doc.free(j)])
        if not items:
            continue
        doc.claimed.add(i)
        doc.intros.add(i)
        for item in items:
            drafts.append(_item_draft(doc, kind, item))
            doc.claimed.update(item)
    return drafts


# --- Lists inside a sentence ------------------------------------------------------------------------

_INLINE_CUES = (
    ("improvement", IMPROVEMENT_CUE),
    ("recommendation", RECOMMENDATION_CUE),
    ("strength", STRENGTH_CUE),
)
_OPENER = re.compile(r":\s|\b(?:that\s+|which\s+)?includes?\b:?\s")
_LEAD = re.compile(r"^(?:and|or)\s+", re.I)


def _split_items(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Spans of the items of the list text[a:b]: ';' separates when present, else ','."""
    sep = ";" if ";" in text[a:b] else ","
    cuts = [a] + [k + 1 for k in range(a, b) if text[k] == sep] + [b + 1]
    spans = [(cuts[n], cuts[n + 1] - 1) for n in range(len(cuts) - 1)]
    if sep == ";" and spans:
        # 'A; B; C, and D': the last of a ';' list is often two items joined by ', and'.
        la, lb = spans[-1]
        k = text.find(", and ", la, lb)
        if k > 0 and words(text[la:k]) >= 3 and words(text[k + 6 : lb]) >= 3:
            spans[-1:] = [(la, k), (k + 1, lb)]
    out = []
    for sa, sb in spans:
        sa, sb = strip_span(text, sa, sb, " ,;:.")
        m = _LEAD.match(text[sa:sb])
        if m:
            sa += m.end()
        if sb > sa:
            out.append((sa, sb))
    return out


def _sentence_list(text: str, a: int, b: int) -> tuple[str, list[tuple[int, int]]] | None:
    sentence = text[a:b]
    for kind, cue in _INLINE_CUES:
        m = cue.search(sentence)
        if not m:
            continue
        opener = _OPENER.search(sentence, m.end())
        if not opener:
            continue
        items = _split_items(text, a + opener.end(), b)
        if len(items) >= SETTINGS.findings.list_min_items and all(
            words(text[x:y]) <= SETTINGS.findings.list_item_max_words for x, y in items
        ):
            return kind, items
    return None


def sentence_lists_to_drafts(doc: Doc) -> list[Draft]:
    """One finding per item of a list run into a sentence after a cue, its text the item verbatim."""
    drafts: list[Draft] = []
    for i, block in enumerate(doc.blocks):
        if block.kind not in ("paragraph", "list_item") or not doc.free(i) or is_furniture(block):
            continue
        found = False
        for a, b in sentence_spans(block.text):
            hit = _sentence_list(block.text, a, b)
            if hit is None:
                continue
            kind, items = hit
            for x, y in items:
                drafts.append(Draft(kind=kind, text=block.text[x:y], blocks=[i], order=x))
            found = True
        if found:
            doc.claimed.add(i)
    return drafts
