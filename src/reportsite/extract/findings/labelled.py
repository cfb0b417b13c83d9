"""Labelled items: 'Finding 1.1', 'Recommendation 2:', 'Conclusion 3', 'Lesson 1', 'Good practice:',
'Constat 2', 'Recommandation 4' (and numbered items under a part that names their kind), whole.

An item is its label's statement and the body that follows it, up to the next labelled item or heading:
the evidence a reader cites with it, never more findings. List items in a recommendation's body are its
sub-actions. A label stated twice (an executive summary restating the item in brief) gives one item,
the fuller statement.
"""

from __future__ import annotations

import re

from reportsite.extract.findings.base import Doc, Draft, is_furniture
from reportsite.extract.ids import slug
from reportsite.extract.sentences import text_to_sentences
from reportsite.settings import SETTINGS

_KINDS = (
    ("finding", r"(?:key\s+)?findings?|constats?"),
    ("conclusion", r"conclusions?"),
    ("recommendation", r"(?:evaluation\s+)?recomm[ae]nd?ations?"),
    ("lesson", r"lessons?(?:\s+learn(?:ed|t))?|le[çc]ons?(?:\s+apprises?)?"),
    ("good-practice", r"(?:good|best|promising)\s+practices?|bonnes?\s+pratiques?"),
)
_UNNUMBERED_KINDS = ("good-practice", "lesson")
LABEL = re.compile(
    r"^(?P<label>" + "|".join(f"(?P<{k.replace('-', '_')}>{p})" for k, p in _KINDS) + r")"
    r"(?:\s*(?:n[°o]\.?|#)?\s*(?P<number>\d{1,3}(?:\.\d{1,3})*[a-z]?)\b)?"
    r"\s*(?P<sep>[.:–—)-]|$)",
    re.I,
)
_BODY_KINDS = ("paragraph", "list_item")
_TERMINAL = (".", "!", "?", ";", "”", '"', ")")
_PASSED_KINDS = ("footnote", "caption", "table", "figure_text")
_PART_OF_KIND = {
    "findings": "finding",
    "conclusions": "conclusion",
    "recommendations": "recommendation",
    "lessons": "lesson",
    "good-practices": "good-practice",
}
_NUMBER_MARKER = re.compile(r"^(\d{1,2})[.)]$")
# Parts whose labels are not items: a list of contents, a methodology's questions, an annex's matrix.
_NOT_ITEMS = ("front", "annex", "methodology")
_FIRST_SENTENCE = re.compile(r"^(.{20,}?[.!?])\s+(?=[A-Z0-9“\"(])")
_TITLE_MAX_WORDS = 40
NUMBERED_MIN_WORDS = 5


def label_of(text: str) -> tuple[str, str | None, int] | None:
    """(kind, number, end of the label) for a block that opens with a label, else None."""
    m = LABEL.match(text)
    if not m:
        return None
    kind = next(k for k, _ in _KINDS if m.group(k.replace("-", "_")))
    number = m.group("number")
    if number is None and (kind not in _UNNUMBERED_KINDS or m.group("sep") != ":"):
        return None
    if not m.group("sep") and m.end() < len(text):
        return None  # 'Finding 3 shows that ...' is prose about a finding, not the finding.
    return kind, number, m.end()


def labelled_items_to_drafts(doc: Doc) -> list[Draft]:
    starts = _labelled_starts(doc)
    if not starts:
        starts = _numbered_starts(doc)
    drafts = [_item(doc, i, kind, number, end) for i, kind, number, end in starts]
    return _fullest(doc, [d for d in drafts if d is not None])


def _labelled_starts(doc: Doc) -> list[tuple[int, str, str | None, int]]:
    out = []
    for i, block in enumerate(doc.blocks):
        if block.kind not in ("paragraph", "heading", "list_item") or not doc.free(i):
            continue
        if _part(doc, i) in _NOT_ITEMS:
            continue
        found = label_of(block.text)
        if found:
            out.append((i, *found))
    return out


def _numbered_starts(doc: Doc) -> list[tuple[int, str, str | None, int]]:
    """Items a report numbers under a part naming their kind ('Recommendations' then '1.', '2.')."""
    out = []
    for i, block in enumerate(doc.blocks):
        kind = _PART_OF_KIND.get(_part(doc, i) or "")
        m = _NUMBER_MARKER.match(block.marker)
        if kind and m and block.kind == "list_item" and block.level <= 1 and doc.free(i):
            out.append((i, kind, m.group(1), 0))
    # A numbered list is a series; a lone '1.' is a paragraph that happens to start with a number.
    return out if len(out) >= 2 else []


def _part(doc: Doc, i: int) -> str | None:
    return doc.parts[i] if i < len(doc.parts) else None


def _item(doc: Doc, i: int, kind: str, number: str | None, end: int) -> Draft | None:
    block = doc.blocks[i]
    statement = block.text[end:].strip()
    blocks = [i]
    j = i + 1
    title = None
    if (
        end
        and _is_title(statement)
        and doc.free(j)
        and doc.blocks[j].kind in _BODY_KINDS
        and not label_of(doc.blocks[j].text)
        and not _NUMBER_MARKER.match(doc.blocks[j].marker)
    ):
        # 'Finding 4: Value for money' over a paragraph: the rest of the label line is a title.
        title = statement or None
        statement = doc.blocks[j].text
        blocks.append(j)
        j += 1
    if not statement or statement.rstrip().endswith("?"):
        return None  # a question (a survey's, an interview guide's) is asked, not stated
    body, actions = [], []
    while j < len(doc.blocks) and doc.free(j):
        nxt = doc.blocks[j]
        if nxt.kind in _PASSED_KINDS or is_furniture(nxt):
            # A figure, table or footnote set inside an item's evidence does not end it.
            j += 1
            continue
        if _aside(doc, i, j, kind):
            # A callout box inside the item's evidence is its own block (a good practice, an example):
            # the item goes on after it.
            doc.asides.add(j)
            j += 1
            continue
        if i in doc.asides and not nxt.boxed:
            break  # an item boxed inside another's evidence ends with its box
        if nxt.kind not in _BODY_KINDS or label_of(nxt.text) or _is_next_numbered(doc, i, j):
            break
        body.append(nxt.text)
        blocks.append(j)
        if kind == "recommendation" and nxt.kind == "list_item":
            actions.append(j)
        j += 1
    text = " ".join([statement, *body])
    if text_to_sentences(text)[0].rstrip().endswith("?"):
        return None  # a question (a survey's, an interview guide's) is asked, not stated
    if not end and (text.rstrip().endswith(":") or len(text.split()) < NUMBERED_MIN_WORDS):
        return None  # a numbered field of a form ('Name:'), not a statement
    printed = block.text[:end].strip().rstrip(".:–—)-").strip() if end else f"{number}."
    stem = f"{kind}-{slug(number)}" if number else f"{kind}-{slug(statement)}"
    doc.claimed.update(blocks)
    return Draft(
        kind,
        text,
        blocks,
        title=title or (_title(statement) if body else None),
        number=number,
        stem=stem,
        label=printed or None,
        actions=actions,
    )


def _aside(doc: Doc, start: int, j: int, kind: str) -> bool:
    """Whether block j is a box inside the evidence of the item at start, which is not boxed itself."""
    block = doc.blocks[j]
    if doc.blocks[start].boxed or not block.boxed:
        return False
    found = label_of(block.text)
    return found is None or found[0] != kind


def _is_title(rest: str) -> bool:
    words = len(rest.split())
    return not rest or (words <= SETTINGS.findings.short_title_words and not rest.endswith(_TERMINAL))


def _is_next_numbered(doc: Doc, start: int, j: int) -> bool:
    marker = _NUMBER_MARKER.match(doc.blocks[j].marker)
    return bool(marker) and doc.blocks[j].level <= doc.blocks[start].level and doc.blocks[start].marker != ""


def _title(statement: str) -> str:
    """The statement itself when short, else its first sentence; never cut inside a sentence."""
    if len(statement.split()) <= _TITLE_MAX_WORDS:
        return statement
    m = _FIRST_SENTENCE.match(statement)
    return m.group(1) if m and len(m.group(1).split()) <= _TITLE_MAX_WORDS else statement


def _fullest(doc: Doc, drafts: list[Draft]) -> list[Draft]:
    """One item per kind and number: a summary's brief restatement yields to the full statement."""
    best: dict[tuple[str, str], Draft] = {}
    out = []

    def weight(d: Draft) -> tuple[bool, int]:
        return (_part(doc, d.blocks[0]) != "summary", len(d.text))

    for draft in drafts:
        if draft.number is None:
            out.append(draft)
            continue
        key = (draft.kind, draft.number)
        if key not in best:
            best[key] = draft
            continue
        full, brief = (draft, best[key]) if weight(draft) > weight(best[key]) else (best[key], draft)
        # The brief statement is a place where the item is restated, not an item of its own.
        full.restated = sorted([*brief.restated, brief.blocks, *full.restated])
        best[key] = full
    out.extend(best.values())
    return sorted(out, key=lambda d: d.blocks[0])
