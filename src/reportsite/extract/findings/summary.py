"""Finding rules for a report's summary passages: headline sentences with the paragraphs under them, and
the opening paragraphs of a management response that say what the assessment reported.
"""

from __future__ import annotations

import re

from reportsite.extract.findings.base import (
    OPENERS,
    Doc,
    Draft,
    is_furniture,
    lead_phrase,
    words,
)
from reportsite.extract.findings.paragraphs import topic_of
from reportsite.extract.sections import SEPARATOR
from reportsite.extract.sentences import sentence_spans
from reportsite.settings import SETTINGS

# --- Headline sentences of a summary, and their body paragraphs ----------------------------------------

_SUMMARY = re.compile(
    r"\boverall\b|\breflections?\b|\bsummary\b|\bkey\s+(?:findings|messages|conclusions)\b"
    r"|\bmain\s+findings\b|\bconclusions\b|\bheadlines?\b",
    re.I,
)
# 'In practice, ', 'However, ': a short opening clause that sets the scene; a title starts after it.
_SCENE = re.compile(r"^([^,;:]{1,40}),\s+(?=\S)")
# A title cut after a word that needs what follows ('... complex and') ends before that word.
_DANGLING = frozenset((
    "a", "an", "and", "or", "the", "of", "to", "in", "on", "for", "with", "by", "its", "their", "as", "at",
    "from", "that", "which",
))  # fmt: skip


def _is_headline(doc: Doc, i: int) -> bool:
    block = doc.blocks[i]
    if block.kind != "paragraph" or block.level or not doc.free(i) or not _SUMMARY.search(doc.sections[i]):
        return False
    text = block.text
    if not text.endswith((".", "!")) or len(sentence_spans(text)) != 1 or is_furniture(block):
        return False
    if not 4 <= words(text) <= SETTINGS.findings.headline_max_words:
        return False
    nxt = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
    return nxt is not None and nxt.kind == "paragraph" and words(nxt.text) >= max(30, 2 * words(text))


def body_title(text: str) -> str:
    """A body paragraph's title: its first sentence when short; else its lead phrase (after a short
    scene-setting clause such as 'In practice,'); else its first words, marked as cut. Every body
    paragraph gets one, so that a reader can tell them apart in a list.
    """
    spans = sentence_spans(text)
    first = text[spans[0][0] : spans[0][1]] if spans else text
    if words(first) <= SETTINGS.findings.body_title_max_words:
        return first
    m = _SCENE.match(first)
    if m and words(m.group(1)) <= 4 and m.group(1).split()[0].lower() in OPENERS:
        first = first[m.end() :]
    lead = lead_phrase(first, SETTINGS.findings.body_lead_max_words)
    if lead:
        return lead
    cut = first.split()[: SETTINGS.findings.body_cut_words]
    while len(cut) > 1 and cut[-1].lower().strip(",;:") in _DANGLING:
        cut.pop()
    title = " ".join(cut).rstrip(",;:–—")
    return title[0].upper() + title[1:] + "…"


def headlines_to_drafts(doc: Doc) -> list[Draft]:
    """In a summary section, a one-sentence paragraph heading longer paragraphs is a headline finding,
    and each paragraph under it, up to the next headline or heading, is a finding placed under it.

    A paragraph that only introduces a list another rule took (the list's items are reforms, say) is
    quoted as it stands, without the items, so that no words are counted twice.
    """
    headlines = [i for i in range(len(doc.blocks)) if _is_headline(doc, i)]
    drafts: list[Draft] = []
    for i in headlines:
        text = doc.blocks[i].text
        drafts.append(Draft("finding", text, [i], title=text))
        doc.claimed.add(i)
    starts = set(headlines)
    for i in headlines:
        section = f"{doc.sections[i]}{SEPARATOR}{doc.blocks[i].text}"
        for j in range(i + 1, len(doc.blocks)):
            block = doc.blocks[j]
            if block.kind == "heading" or j in starts:
                break
            if (
                block.kind != "paragraph"
                or block.level
                or not (doc.free(j) or j in doc.intros)
                or is_furniture(block)
                or words(block.text) < SETTINGS.findings.body_min_words
            ):
                continue
            drafts.append(Draft("finding", block.text, [j], title=body_title(block.text), section=section))
            doc.claimed.add(j)
            doc.intros.discard(j)
    return drafts


# --- What a management response's opening says the assessment reported --------------------------------

_REPORT = r"(?:report|assessment|evaluation|review)"
_REPORT_VERB = (
    r"(?:highlights|notes|suggests|states|finds|found|emphasi[sz]es|underlines|stresses|identifies)"
)
_REPORTED = r"(?:highlighted|noted|suggested|stated|emphasi[sz]ed|underlined|stressed|identified)"
# The cue with the phrase naming the report, so that a title can start from it.
_REPORT_SAYS = re.compile(
    rf"\bthe\s+(?:[\w'’-]+\s+){{0,3}}?{_REPORT}\s+{_REPORT_VERB}\b"
    rf"|\bas\s+{_REPORTED}\s+(?:in|by)\s+the\s+(?:[\w'’-]+\s+){{0,3}}?{_REPORT}\b",
    re.I,
)
_ASSESSMENT = re.compile(r"\bassessment\b", re.I)
_PHRASE_END = re.compile(r"[,;:]|[.!?](?=\s|$)")


def _cue_title(text: str) -> str | None:
    """The sentence that cites the report when short; else the cue and what follows it up to the next
    comma ('The review praises the agency's field presence'); else the paragraph's lead.
    """
    for a, b in sentence_spans(text):
        sentence = text[a:b]
        m = _REPORT_SAYS.search(sentence) or _ASSESSMENT.search(sentence)
        if m is None:
            continue
        if words(sentence) <= SETTINGS.findings.body_title_max_words:
            return sentence
        if m.re is _REPORT_SAYS:
            end = _PHRASE_END.search(sentence, m.end())
            phrase = sentence[m.start() : end.start() if end else len(sentence)].strip()
            if words(phrase) <= SETTINGS.findings.cue_title_max_words:
                return phrase[0].upper() + phrase[1:]
        break
    return lead_phrase(text)


def intro_responses_to_drafts(doc: Doc) -> list[Draft]:
    """In a management response, the paragraphs opening the response (under the heading that holds
    the management areas, before the first of them) that cite the assessment are responses too.

    The management areas are found as the heading over the first topic paragraph ('Financial
    frameworks. ...'); a covering letter before the response stands under other headings and is left out.
    """
    first = next((i for i, b in enumerate(doc.blocks) if b.kind == "paragraph" and topic_of(b.text)), None)
    area = next((h for h in range(first or 0, -1, -1) if doc.blocks[h].kind == "heading"), None)
    if first is None or area is None:
        return []
    parent = doc.sections[area].rpartition(SEPARATOR)[0]
    drafts: list[Draft] = []
    for j in range(area):
        block = doc.blocks[j]
        if (
            doc.sections[j] != parent
            or block.kind != "paragraph"
            or block.level
            or not doc.free(j)
            or is_furniture(block)
            or not (_REPORT_SAYS.search(block.text) or _ASSESSMENT.search(block.text))
        ):
            continue
        drafts.append(Draft("response", block.text, [j], title=_cue_title(block.text)))
        doc.claimed.add(j)
    return drafts
