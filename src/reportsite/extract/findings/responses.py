"""Response matrices: for each recommendation a management response answers, the recommendation itself,
and a response with the decision as printed ('accept', 'Partially accepted', 'Rejetée'), its
justification and its key actions (who acts, by when, how far it is).

The matrix is read through its printed labels (extract/findings/matrix.py). Key actions are either rows
under a header naming their columns ('Key action | Responsible | Deadline | Status'), or numbered
paragraphs whose responsible unit follows a dash and whose deadline is the time phrase inside them.
"""

from __future__ import annotations

import re

from reportsite.extract.findings.base import Doc, Draft, KeyAction
from reportsite.extract.findings.matrix import Part, Seg, doc_to_segs, segs_to_parts

# Most specific first: 'partially accepted' also says 'accepted', 'not accepted' says it too.
_DECISIONS = (
    ("partially accepted", r"partial(?:ly)?\s+(?:accept|agree)\w*|partiellement\s+accept\w*"),
    ("partially accepted", r"accept\w*\s+(?:en\s+partie|partiellement)"),
    ("rejected", r"reject\w*|rejet\w*|(?:not|non)\s+accept\w*|refus\w*"),
    ("accepted", r"accept\w*|agree[ds]?"),
)
_COLUMNS = (
    ("text", r"(?:key\s+|planned\s+|follow[- ]up\s+)?actions?(?:\s+cl[ée]s?|\s+pr[ée]vues?)?(?:\s*\(s\))?"),
    ("responsible", r"responsib\w*(?:\s+\w+)?(?:\s*\(s\))?|unit[ée]s?\s+responsables?|responsables?|lead\b.*"),
    ("deadline", r"deadlines?|time\s*(?:line|frame)s?|(?:due|target)\s+dates?|dates?|[ée]ch[ée]ances?|d[ée]lais?"),
    ("status", r"(?:implementation\s+)?status|statut|[ée]tat"),
)  # fmt: skip
_NUMBERED = re.compile(r"(?:^|(?<=\s))(\d{1,2})[.)]\s+(?=\S)")
# The dash before who acts: spaced, and not a range between two numbers ('1 – 3 mois').
_RESPONSIBLE_DASH = re.compile(r"(?<!\d)(?:\s[–—-]|[–—])\s(?!\d)")
_MONTHS = (
    r"January|February|March|April|May|June|July|August|September|October|November|December"
    r"|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|novembre|d[ée]cembre"
)
_UNITS = r"mois|months?|semaines?|weeks?|jours?|days?|ans\b|ann[ée]es?|years?"
# A hedge right before the time phrase belongs to it ('dans la mesure du possible avant la fin du projet').
_HEDGE = (
    r"(?:dans\s+la\s+mesure\s+du\s+possible|si\s+possible|(?:as\s+far\s+as|where|if|when)\s+possible),?\s+"
)
_TIME = re.compile(
    rf"(?:{_HEDGE})?(?:"
    r"\blors\s+(?:des?|du|de\s+la|de\s+l['’])\s*(?:[ée]tapes?|jalons?|phases?)\b"
    r"|\b(?:at|by)\s+(?:the\s+|each\s+)?(?:key\s+)?(?:milestones?|stages?)\b|"
    rf"\b\d{{1,2}}\s*(?:(?:à|to|-|–)\s*\d{{1,2}}\s*)?(?:{_UNITS})\s+(?:avant|apr[èe]s|after|before|following|suivant)\b"
    r"|(?:\b[àa]\s+partir|\bfrom)\s+(?:du|of|the)\s+(?:mois|month)\s+\d{1,2}"
    r"|\b(?:d[èe]s|from)\s+(?:le|la|l’|l'|the)\s*(?:premier|first|d[ée]marrage|d[ée]but|start|lancement|outset)"
    r"|\b(?:avant|before|by)\s+(?:la|the)\s+(?:fin|end)\b"
    rf"|\b(?:by|before|until|d['’]ici|avant|jusqu['’]en|end\s+of|fin)\s+(?:(?:Q|T)[1-4]\s+|(?:{_MONTHS})\s+)?20\d\d\b"
    rf"|\b(?:Q|T)[1-4]\s+20\d\d\b|\b(?:{_MONTHS})\s+20\d\d\b)",
    re.I,
)  # fmt: skip
# A time phrase ends at the dash before who acts, a sentence end, or a comma opening a clause that is not
# its continuation ('..., puis de manière continue' goes on; '..., afin de ...' does not).
_DEADLINE_END = re.compile(r"(?<!\d)\s[–—-]\s(?!\d)|[.;](?=\s|$)|,\s(?!(?:et|puis|and|then|ou|or)\b)")
_CAPITAL = re.compile(r"\b[A-ZÀ-Ý]")


def responses_to_drafts(doc: Doc) -> list[Draft]:
    parts = segs_to_parts(doc_to_segs(doc))
    drafts: list[Draft] = []
    for k, part in enumerate(parts):
        if part.kind != "recommendation":
            continue
        fields = []
        for later in parts[k + 1 :]:
            if later.kind == "recommendation":
                break
            fields.append(later)
        drafts.extend(_item(doc, part, fields))
    return drafts


def _item(doc: Doc, rec: Part, fields: list[Part]) -> list[Draft]:
    content = rec.content()
    text = " ".join(s.text for s in content)
    if not text:
        return []
    label = rec.label
    blocks = rec.blocks()
    doc.claimed.update(blocks)
    for part in fields:
        doc.claimed.update(part.blocks())
    out = [
        Draft(
            "recommendation",
            text,
            blocks,
            number=rec.number,
            stem=f"recommendation-{rec.number}",
            label=label,
        )
    ]
    response = next((p for p in fields if p.kind == "response"), None)
    if response is None:
        return out
    actions = [a for p in fields if p.kind == "actions" for a in segs_to_actions(p.content())]
    said = " ".join([response.head.text, *(s.text for s in response.rest)])
    out.append(
        Draft(
            "response",
            said,
            response.blocks(),
            number=rec.number,
            stem=f"response-{rec.number}",
            label=label,
            status=decision_of(response),
            key_actions=actions,
            row=response.head.row,
        )
    )
    return out


def decision_of(response: Part) -> str | None:
    """The decision, from the words right after the label, else from the justification under it."""
    for seg in response.content()[:2]:
        status = decision_in(seg.text)
        if status:
            return status
    return None


def decision_in(text: str) -> str | None:
    """'accept', 'Partially accepted', 'Rejetée' -> accepted, partially accepted, rejected."""
    for status, pattern in _DECISIONS:
        if re.search(rf"\b(?:{pattern})", text, re.I):
            return status
    return None


def segs_to_actions(segs: list[Seg]) -> list[KeyAction]:
    if segs and segs[0].cells:
        columns = header_columns(segs[0].cells)
        if columns:
            return _rows_to_actions(segs[1:], columns)
    return _paragraphs_to_actions(segs)


def header_columns(cells: tuple[str, ...]) -> dict[str, int] | None:
    """Column name -> position, for a header row naming the action and one more column."""
    out: dict[str, int] = {}
    for i, cell in enumerate(cells):
        name = cell.strip().rstrip(":").strip()
        for column, pattern in _COLUMNS:
            if column not in out and re.fullmatch(pattern, name, re.I):
                out[column] = i
                break
    return out if "text" in out and len(out) >= 2 else None


def _rows_to_actions(segs: list[Seg], columns: dict[str, int]) -> list[KeyAction]:
    out = []
    for seg in segs:
        if not seg.cells:
            continue
        cells = seg.cells
        if len(cells) > len(columns):
            continue  # a row of another shape is no key action
        if header_columns(cells):
            continue  # the header printed again on the next page

        def cell(name: str, cells: tuple[str, ...] = cells) -> str | None:
            i = columns.get(name)
            return cells[i] if i is not None and i < len(cells) and cells[i] else None

        text = cell("text")
        if text:
            out.append(
                KeyAction(text, seg.block, cell("responsible"), cell("deadline"), cell("status"), row=seg.row)
            )
    return out


def _paragraphs_to_actions(segs: list[Seg]) -> list[KeyAction]:
    """Numbered actions set as paragraphs or list items, one or several to a segment."""
    pieces: list[tuple[int, list[str]]] = []
    expected = 1
    for seg in segs:
        number = seg.item.rstrip(".)")
        if seg.item and not number.isdigit() and pieces and expected > 1:
            # A line opening with the dash before who acts, read as a bullet: it goes on the action.
            pieces[-1][1].append(f"{seg.item} {seg.text}")
            continue
        if seg.item:
            pieces.append((seg.block, [seg.text]))
            expected = int(number) + 1 if number.isdigit() else expected
            continue
        at = 0
        for m in _NUMBERED.finditer(seg.text):
            if int(m.group(1)) != expected:
                continue  # a number inside the action's text, not the next action's
            before = seg.text[at : m.start()].strip()
            if before and pieces:
                pieces[-1][1].append(before)
            pieces.append((seg.block, []))
            at = m.end()
            expected += 1
        rest = seg.text[at:].strip()
        if rest:
            if not pieces:
                pieces.append((seg.block, []))
            pieces[-1][1].append(rest)
    out = []
    for block, texts in pieces:
        text = " ".join(texts).strip()
        if text:
            out.append(KeyAction(text, block, responsible_in(text), deadline_in(text)))
    return out


def responsible_in(text: str) -> str | None:
    """Who acts: the words after the dash that closes the action, less a closing clause naming nobody
    (', dans la mesure du possible', ', as resources allow')."""
    m = _RESPONSIBLE_DASH.search(text)
    if not m:
        return None
    who = text[m.end() :].strip()
    while True:
        cut = who.rfind(", ")
        if cut <= 0 or _CAPITAL.search(who[cut + 2 :]):
            break
        who = who[:cut]
    return who.rstrip(" .;,") or None


def deadline_in(text: str) -> str | None:
    """By when: the time phrase inside the action, up to the dash before who acts or the sentence end."""
    dash = _RESPONSIBLE_DASH.search(text)
    head = text[: dash.start()] if dash else text
    m = _TIME.search(head)
    if not m:
        return None
    end = _DEADLINE_END.search(head, m.end())
    return head[m.start() : end.start() if end else len(head)].strip(" ,") or None
