"""Finding rules for what a report claims for itself: key results, and what it says of an assessment."""

from __future__ import annotations

import re

from reportsite.extract.findings.base import Doc, Draft, is_furniture, words
from reportsite.extract.quantities import YEAR
from reportsite.extract.sentences import sentence_spans
from reportsite.settings import SETTINGS

# --- Key results -----------------------------------------------------------------------------------

_RESULTS_HEADING = re.compile(
    r"\b(?:key|main|major|headline)\s+results\b|\bresults\s+at\s+a\s+glance\b|\bkey\s+achievements\b"
    r"|\bhighlights\b",
    re.I,
)
_BARE_NUMBER = re.compile(
    r"^(?:USD|US\$|\$|€|£)?\s*\d[\d,.\s]*(?:%|\s*per\s*cent|\s*(?:million|billion|k|m))?\+?$", re.I
)
_NUMBER = re.compile(r"(?<![\w.\-/])\d[\d,.]*")


def states_number(text: str) -> bool:
    """Whether text states a quantity: a number that is not a year ('73', '82.6%', 'USD 21.2 million')."""
    return any(not YEAR.match(m.group().rstrip(".,")) for m in _NUMBER.finditer(text))


def results_to_drafts(doc: Doc) -> list[Draft]:
    """Under a KEY RESULTS heading: each short callout with a figure is a result (a bare figure joined
    with the label printed under it); from longer paragraphs, each sentence that states a quantity.
    """
    drafts: list[Draft] = []
    for i, heading in enumerate(doc.blocks):
        if heading.kind != "heading" or not _RESULTS_HEADING.search(heading.text):
            continue
        under = [
            j for j in doc.children(i) if doc.free(j) and doc.blocks[j].kind in ("paragraph", "list_item")
        ]
        skip: set[int] = set()
        for j in under:
            block = doc.blocks[j]
            if j in skip or is_furniture(block):
                continue
            if _BARE_NUMBER.match(block.text) and j + 1 in under:
                text = f"{block.text} {doc.blocks[j + 1].text}"
                drafts.append(Draft("result", text, [j, j + 1]))
                skip.add(j + 1)
                doc.claimed.update((j, j + 1))
            elif words(block.text) <= SETTINGS.findings.callout_max_words and any(
                c.isdigit() for c in block.text
            ):
                drafts.append(Draft("result", block.text, [j]))
                doc.claimed.add(j)
            else:
                for a, b in sentence_spans(block.text):
                    if states_number(block.text[a:b]):
                        drafts.append(Draft("result", block.text[a:b], [j], order=a))
                        doc.claimed.add(j)
    return drafts


# --- What a report says of an assessment -------------------------------------------------------------

_CITES_ASSESSMENT = re.compile(
    # A known assessment by its name: an acronym before the word after a definite article ('the ABC 2020
    # assessment'; 'an ABC assessment' is one of many), or a name in capitals ending in it.
    r"\b(?:the|its|this|that)\s+(?:[a-z]+\s+)?[A-Z]{2,}(?:'s|’s)?\s+(?:\d{4}(?:[-–/]\d{2,4})?\s+)?(?:assessment|evaluation|review)s?\b"
    r"|\b(?:[A-Z][a-z]+\s+){1,4}(?:Assessment|Evaluation)\b"
    r"|\b(?:assessment|evaluation|review)\s+(?:found|finds|concluded|noted|recommended|showed|shows)\b"
    r"|\brecommendations\s+of\s+the\s+(?:[\w-]+\s+){0,3}(?:assessment|evaluation|review)\b",
)


def citations_to_drafts(doc: Doc) -> list[Draft]:
    """A paragraph that speaks of an assessment: the sentences from the first to the last that do, as a
    point titled with the heading it stands under.
    """
    drafts: list[Draft] = []
    for i, block in enumerate(doc.blocks):
        if block.kind not in ("paragraph", "list_item") or not doc.free(i) or is_furniture(block):
            continue
        hits = [(a, b) for a, b in sentence_spans(block.text) if _CITES_ASSESSMENT.search(block.text[a:b])]
        if not hits:
            continue
        a, b = hits[0][0], hits[-1][1]
        drafts.append(Draft("point", block.text[a:b], [i], title=doc.heading_label(i) or None, order=a))
        doc.claimed.add(i)
    return drafts
