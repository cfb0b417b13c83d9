"""Unlabelled items of a part: a report that prints no 'Conclusion 1' labels still states its conclusions,
one a paragraph (or a list item), under its Conclusions heading; so with lessons learned and good practices.

Only a kind the report labels nowhere is read this way: where it labels some, those are its items and the
rest of the part is their evidence. A part that mostly asks questions is an interview guide's, not the
report's statements. A part restated in an executive summary is read where it is stated in full.
"""

from __future__ import annotations

from reportsite.extract.findings.base import Doc, Draft, is_furniture, words
from reportsite.extract.findings.labelled import label_of
from reportsite.extract.sentences import text_to_sentences
from reportsite.extract.structure import in_summary, run_in_part

PART_ITEM_KINDS = {"conclusions": "conclusion", "lessons": "lesson", "good-practices": "good-practice"}
"""Part of the report -> the kind of record each of its paragraphs is."""
MIN_WORDS = 8
"""Fewer words state nothing on their own: a chart's label, a stray footnote mark, a line of a form."""
QUESTION_SHARE = 1 / 3
TITLE_MAX_WORDS = 30


def parts_to_drafts(doc: Doc) -> list[Draft]:
    drafts: list[Draft] = []
    for part, kind in PART_ITEM_KINDS.items():
        if _labelled(doc, part, kind):
            continue
        runs = [r for r in _runs(doc, part) if not _asks(doc, r)]
        full = [r for r in runs if not in_summary(doc.sections[r[0]])]
        for run in full or runs:
            drafts.extend(_run_drafts(doc, run, kind))
    return drafts


def _labelled(doc: Doc, part: str, kind: str) -> bool:
    """Whether the report labels items of this kind, or an earlier rule took numbered items in the part."""
    for i, block in enumerate(doc.blocks):
        found = label_of(block.text) if block.kind in ("paragraph", "heading", "list_item") else None
        if found and found[0] == kind and doc.parts[i] not in ("front", "annex", "methodology"):
            return True
        if doc.parts[i] == part and i in doc.claimed and i not in doc.intros:
            return True
    return False


def _runs(doc: Doc, part: str) -> list[list[int]]:
    """Blocks of the part, in runs under one heading each."""
    runs: list[list[int]] = []
    for i, block in enumerate(doc.blocks):
        if doc.parts[i] != part or block.kind == "heading":
            continue
        if runs and runs[-1][-1] < i - 1 and _heading_between(doc, runs[-1][-1], i):
            runs.append([i])
        elif runs and doc.sections[runs[-1][-1]] == doc.sections[i]:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _heading_between(doc: Doc, a: int, b: int) -> bool:
    return any(doc.blocks[k].kind == "heading" for k in range(a + 1, b))


def _asks(doc: Doc, run: list[int]) -> bool:
    """A run of questions ('Quelles sont les principales leçons apprises ?'): an interview guide."""
    texts = [doc.blocks[i].text.strip() for i in run if doc.blocks[i].kind in ("paragraph", "list_item")]
    asked = sum(1 for t in texts if t.endswith("?"))
    return bool(texts) and asked >= len(texts) * QUESTION_SHARE


def _run_drafts(doc: Doc, run: list[int], kind: str) -> list[Draft]:
    drafts = []
    for n, i in enumerate(run):
        block = doc.blocks[i]
        if block.kind not in ("paragraph", "list_item") or not doc.free(i) or is_furniture(block):
            continue
        if run_in_part(block):
            continue  # the line that opens the part names it
        text = block.text.strip()
        if words(text) < MIN_WORDS:
            continue
        following = run[n + 1] if n + 1 < len(run) else None
        if text.endswith(":") and following is not None and doc.blocks[following].kind == "list_item":
            # The sentence that introduces a list: its items are the statements.
            doc.intros.add(i)
            doc.claimed.add(i)
            continue
        first = text_to_sentences(text)[0]
        title = first if words(first) <= TITLE_MAX_WORDS else None
        drafts.append(Draft(kind, text, [i], title=title))
        doc.claimed.add(i)
    return drafts
