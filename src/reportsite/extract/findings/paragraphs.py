"""Finding rules for paragraphs: labelled statements ('Finding 2.1.'), topic paragraphs ('Gender. IOM
has ...'), and numbered paragraphs with their lettered points.
"""

from __future__ import annotations

import re

from reportsite.extract.findings.base import Doc, Draft, ends_sentence, is_furniture, strip_span, words
from reportsite.settings import SETTINGS

# --- Topic paragraphs: 'Staff welfare. As the review notes, ...' ----------------------

_TOPIC = re.compile(r"^(?P<topic>[A-Z][^.:;!?]{1,60}?)\.\s+(?=[A-Z“\"])")
# Words that make a phrase a clause ('Some rights reserved', 'Funding also enhances efficiency'): a topic
# is a noun phrase ('Financial frameworks', 'Results-based budgeting (RBB)').
_CLAUSE_WORDS = re.compile(
    r"\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|must|should|shall|do|does|did|"
    r"we|i|it|he|she|this|these|they|there|our|you|also|not|only|just|very)\b",
    re.I,
)
_ABBREVIATION = re.compile(r"\b(?:Dr|Mr|Ms|Mrs|St|No|Prof|[A-Z])$")


def topic_of(text: str) -> str | None:
    """The topic phrase a paragraph opens with ('Financial frameworks'), if it is one."""
    m = _TOPIC.match(text)
    if not m:
        return None
    topic = m.group("topic").strip()
    later = topic.split()[1:]
    if (
        words(topic) > SETTINGS.findings.topic_max_words
        or _CLAUSE_WORDS.search(topic)
        or _ABBREVIATION.search(topic)
        or any(w.endswith("ed") and "-" not in w for w in later)
    ):
        return None
    if words(text[m.end() :]) < SETTINGS.findings.topic_min_rest_words:
        return None
    return topic


def topics_to_drafts(doc: Doc, kind: str = "point") -> list[Draft]:
    """A paragraph opening with a short topic phrase and a full stop, with the paragraphs that continue it
    up to the next topic or heading, as records of kind (the registry makes them responses in a
    management response).
    """
    # A lone 'Phrase. Sentence' paragraph is more likely prose than a topic; topics come in series.
    found = [
        i for i, b in enumerate(doc.blocks) if b.kind == "paragraph" and doc.free(i) and topic_of(b.text)
    ]
    if len(found) < SETTINGS.findings.topic_min_series:
        return []
    drafts: list[Draft] = []
    i = 0
    while i < len(doc.blocks):
        block = doc.blocks[i]
        topic = topic_of(block.text) if block.kind == "paragraph" and doc.free(i) else None
        if topic is None:
            i += 1
            continue
        run = [i]
        j = i + 1
        while j < len(doc.blocks) and doc.free(j):
            nxt = doc.blocks[j]
            if nxt.kind not in ("paragraph", "list_item") or topic_of(nxt.text) or is_furniture(nxt):
                break
            run.append(j)
            j += 1
        text = " ".join(doc.blocks[k].text for k in run)
        drafts.append(Draft(kind, text, run, title=topic))
        doc.claimed.update(run)
        i = j
    return drafts


# --- Numbered paragraphs and their lettered points ----------------------------------------------------

_NUMBERED = re.compile(r"^\d{1,3}[.)]$")
_LETTERED = re.compile(r"^\((?P<letter>[a-z])\)\s+")
_INLINE_LETTER = re.compile(r"(?:^|(?<=[\s:;,—–-]))\((?P<letter>[a-z])\)\s+")


def _inline_points(text: str) -> list[tuple[str, int, int]]:
    """'(a) x; (b) y; and (c) z' inside a text: (letter, start, end) of each point, lettered from a."""
    marks = list(_INLINE_LETTER.finditer(text))
    if len(marks) < 2 or [m.group("letter") for m in marks] != [chr(97 + n) for n in range(len(marks))]:
        return []
    points = []
    for n, m in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(text)
        a, b = strip_span(text, m.end(), end, " ,;:.")
        if text[a:b].endswith((" and", " or")):
            a, b = strip_span(text, a, text.rfind(" ", a, b), " ,;:.")
        points.append((m.group("letter"), a, b))
    return points


def numbered_to_drafts(doc: Doc) -> list[Draft]:
    """Numbered paragraphs ('5.') are points; '(a)' paragraphs after one, and '(a) ...; (b) ...' inside
    one, are its lettered points ('5(a)').
    """
    drafts: list[Draft] = []
    parent: str | None = None
    i = 0
    while i < len(doc.blocks):
        block = doc.blocks[i]
        if block.kind == "heading":
            parent = None
        elif not doc.free(i):
            pass
        elif (
            block.kind == "list_item"
            and _NUMBERED.match(block.marker)
            and words(block.text) >= SETTINGS.findings.numbered_min_words
        ):
            parent = block.marker[:-1]
            drafts.append(Draft("point", block.text, [i], number=parent, stem=f"point-{parent}"))
            for letter, a, b in _inline_points(block.text):
                number = f"{parent}({letter})"
                stem = f"point-{parent}-{letter}"
                drafts.append(Draft("point", block.text[a:b], [i], number=number, stem=stem, order=a))
            doc.claimed.add(i)
        elif block.kind == "paragraph" and (m := _LETTERED.match(block.text)):
            run = [i]
            # A page break can cut a lettered point before a capital ('... IOM Member' / 'States to').
            while (
                not ends_sentence(doc.blocks[run[-1]].text)
                and doc.free(run[-1] + 1)
                and doc.blocks[run[-1] + 1].kind == "paragraph"
                and not _LETTERED.match(doc.blocks[run[-1] + 1].text)
            ):
                run.append(run[-1] + 1)
            letter = m.group("letter")
            number = f"{parent}({letter})" if parent else f"({letter})"
            stem = f"point-{parent}-{letter}" if parent else f"point-{letter}"
            text = " ".join([block.text[m.end() :], *(doc.blocks[k].text for k in run[1:])])
            drafts.append(Draft("point", text, run, number=number, stem=stem))
            doc.claimed.update(run)
            i = run[-1]
        i += 1
    return drafts
