"""A finding rule for an organisation's own report of what it did: each sentence that states a change
completed or a result reached is a result, wherever it stands (a report's headings are often levelled
by their look, not their place, so the rule reads every paragraph, under whatever heading).

A result is stated in the past or perfect ('has strengthened', 'was launched', 'rose to', 'scored'),
by the organisation of itself: the sentence names its publisher, or speaks as 'we' or of 'the
Organization' (a sentence of background, 'migrants have moved for centuries', is not its result). An aim
('will', 'aims to', 'plans to') is not one, nor a sentence on a part of the report that is not its body
(the cover, the contents, the acknowledgements).
"""

from __future__ import annotations

import re

from reportsite.extract.findings.base import Doc, Draft, is_furniture
from reportsite.extract.sentences import sentence_spans

# Completed change in general English: an upward or settling verb in the past, or any verb in the
# perfect ('has put in place', 'have been rolled out').
_DONE = re.compile(
    r"\b(?:(?:has|have|had|was|were)\s+(?:been\s+)?(?:\w+ly\s+)?(?:\w+ed|built|made|set\s+up|put\s+in\s+place)"
    r"|achieved|completed|launched|established|introduced|adopted|strengthened|improved|increased|reduced"
    r"|rose|grew|reached|scored|paid\s+off|finali[sz]ed|rolled\s+out|deployed|published|expanded|enhanced|initiated"
    r"|streamlined|reinforced|centrali[sz]ed|decentrali[sz]ed|delocali[sz]ed|upgraded|modernized|modernised)\b",
    re.I,
)
_AIM = re.compile(
    r"\b(?:will|shall|aims?\s+to|plans?\s+to|intends?\s+to|seeks?\s+to|would|could|should)\b", re.I
)
MIN_WORDS, MAX_WORDS = 8, 80
_NOT_BODY = frozenset({"front", "annex", "annexes", "references", "bibliography", "methodology"})


def _self(publisher: str) -> re.Pattern[str]:
    names = [re.escape(p.strip()) for p in re.split(r"[,;/]| and ", publisher) if p.strip()]
    alternatives = "|".join([*names, "we", "our", r"the\s+organi[sz]ation"])
    return re.compile(rf"\b(?:{alternatives})\b", re.I)


def progress_to_drafts(doc: Doc) -> list[Draft]:
    drafts: list[Draft] = []
    speaks_of_itself = _self(doc.report.publisher)
    # The cover (everything before the second heading) holds notices, not results.
    headings = [j for j, b in enumerate(doc.blocks) if b.kind == "heading"]
    body = headings[1] if len(headings) > 1 else 0
    for j, block in enumerate(doc.blocks):
        if j < body or block.kind not in ("paragraph", "list_item") or not doc.free(j) or is_furniture(block):
            continue
        if j < len(doc.parts) and doc.parts[j] in _NOT_BODY:
            continue
        for a, b in sentence_spans(block.text):
            sentence = block.text[a:b]
            if (
                MIN_WORDS <= len(sentence.split()) <= MAX_WORDS
                and _DONE.search(sentence)
                and not _AIM.search(sentence)
                and speaks_of_itself.search(sentence)
            ):
                drafts.append(Draft("result", sentence, [j], order=a))
                doc.claimed.add(j)
    return drafts
