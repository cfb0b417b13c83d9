"""Blocks to findings: statements the report makes, found by structure, never by exact sentences.

The rules are data: an ordered list of small functions, each reading the document and returning drafts.
A rule claims the blocks it reads, so an earlier, more specific rule (an evaluation's 'Finding 2.1.')
wins over a later, more general one (a paragraph that speaks of an assessment). Ids are handed out in
reading order after all rules ran, so adding a rule never renumbers the findings before it.

Titles: the report's own label where it gives one ('Agility and responsiveness: ...', 'Gender. ...');
for a strength, improvement or result without one, its opening words up to the first comma, colon,
semicolon or dash when those are a short phrase naming something (``lead_phrase``), else none. A body
paragraph under a headline is titled by its first sentence when that is short, else by its lead phrase,
else by its first words marked as cut (``body_title``). Ids come from the title where there is one.

| rule                       | reads                                                       | kind            |
|----------------------------|-------------------------------------------------------------|-----------------|
| responses_to_drafts        | a management response matrix: recommendation, decision, key actions | recommendation, response |
| labelled_to_drafts         | 'Finding 2.1.', 'Recommendation 3:', 'Conclusion 4.'        | finding, recommendation, point |
| parts_to_drafts            | each paragraph of a Conclusions / Lessons learned / Good practices part | conclusion, lesson, good-practice |
|                            | whose kind the report labels nowhere                        |                 |
| heading_lists_to_drafts    | items under STRENGTHS / AREAS FOR IMPROVEMENT (and the like) | strength, improvement |
| introduced_lists_to_drafts | bullets after '... reforms that need to be rolled out include:' | reform, recommendation, ... |
| headlines_to_drafts        | a one-sentence paragraph heading a block of a summary section, | finding      |
|                            | and each paragraph of that block (placed under the headline)  |              |
| topics_to_drafts           | 'Gender. IOM has ...' paragraphs and their continuations     | response (in a management response), point |
| intro_responses_to_drafts  | a management response's opening paragraphs that cite the assessment ('the report highlights') | response |
| numbered_to_drafts         | '5.' paragraphs, '(a)' paragraphs after them, inline '(a) ...; (b) ...' | point |
| results_to_drafts          | callouts and quantified sentences under KEY RESULTS headings | result          |
| sentence_lists_to_drafts   | '... is strong: in A, B, and C' / '... areas for improvement: A; B' | strength, improvement, recommendation |
| citations_to_drafts        | what a report other than the assessment says of it ('MOPAN') | point           |
"""

from __future__ import annotations

import re

from reportsite.extract.findings.base import Doc, Draft, lead_phrase
from reportsite.extract.findings.footnotes import attach_footnotes
from reportsite.extract.findings.parts import PART_ITEM_KINDS
from reportsite.extract.findings.registry import rules_for, run_rules
from reportsite.extract.ids import IdAllocator, slug
from reportsite.extract.provenance import row_source, source_of
from reportsite.extract.sections import SEPARATOR
from reportsite.extract.sentences import text_to_sentences
from reportsite.extract.structure import blocks_to_section_kinds
from reportsite.read.blocks import Block
from reportsite.records import Action, Finding, Link, Report, Source

# Parts whose paragraphs are never statements of the report: contents, methodology, annexes.
_NOT_STATEMENTS = ("front", "annex", "methodology")
MIN_LABELLED = 3
# A short paragraph ending in a question mark is a question put (a survey's), not a statement.
QUESTION_MAX_WORDS = 40
LABEL_MAX_WORDS = 15
# Interrogative openings in English and French: a survey's or an interview guide's questions.
_ASKS = re.compile(
    r"^(?:what|how|why|which|to what extent|in what way|quel(?:le)?s?|comment|pourquoi|dans quelle mesure"
    r"|de quelle (?:manière|façon)|en quoi)\b",
    re.I,
)
# 'findings 1, 2, 8 and 9', 'Recommendation 3': a reference to items by kind and number.
_REFERENCE = re.compile(
    r"\b(?P<kind>findings?|conclusions?|recommendations?|lessons?|constats?|recommandations?)\s+"
    r"(?P<numbers>\d{1,3}(?:\.\d{1,3})*(?:\s*(?:,|and|et|&)\s*\d{1,3}(?:\.\d{1,3})*)*)",
    re.I,
)
_REFERENCE_KIND = {"finding": "finding", "constat": "finding", "conclusion": "conclusion", "lesson": "lesson"}


def blocks_to_findings(
    blocks: list[Block],
    sections: list[str],
    report: Report,
    ids: IdAllocator,
    disable: tuple[str, ...] = (),
    enable: tuple[str, ...] = (),
) -> list[Finding]:
    doc = Doc(
        blocks=blocks, sections=sections, report=report, parts=blocks_to_section_kinds(blocks, sections)
    )
    drafts = [d for d in run_rules(doc, rules_for(report.kind, disable, enable)) if _kept(doc, d)]
    if sum(1 for d in drafts if d.label) >= MIN_LABELLED:
        # Where a report labels its items, the labelled items are its statements; the rest of its prose
        # is their evidence, not more findings. A part whose kind it labels nowhere still holds items.
        drafts = [d for d in drafts if d.label or d.kind in PART_ITEM_KINDS.values()]
    drafts.sort(key=lambda d: (d.blocks[0], d.order))
    findings = [draft_to_finding(d, doc, ids) for d in drafts]
    return attach_footnotes(link_answers(link_references(findings)), blocks)


def link_answers(findings: list[Finding]) -> list[Finding]:
    """A numbered response answers the recommendation of its number in the same report."""
    recommendations = {f.number: f for f in findings if f.kind == "recommendation" and f.number}
    for response in findings:
        rec = (
            recommendations.get(response.number) if response.kind == "response" and response.number else None
        )
        if rec is not None and all(link.to != rec.id for link in response.links):
            response.links.append(Link(to=rec.id, why=f"answers Recommendation {rec.number} (same number)"))
    return findings


def _kept(doc: Doc, draft: Draft) -> bool:
    """Labelled items stand anywhere; other drafts only outside contents, methodology and annexes, and
    never as a question (a survey's or an evaluation matrix's)."""
    if draft.label:
        return True
    text = draft.text.strip()
    first = text_to_sentences(text)[0] if text else ""
    question = (
        (text.endswith("?") and len(text.split()) <= QUESTION_MAX_WORDS)
        or first.endswith("?")
        or bool(_ASKS.match(text))
    )
    # A short line ending in a colon is a form's field or a list's label: it states nothing.
    label = text.endswith(":") and len(text.split()) <= LABEL_MAX_WORDS and not draft.number
    return doc.parts[draft.blocks[0]] not in _NOT_STATEMENTS and not question and not label


def link_references(findings: list[Finding]) -> list[Finding]:
    """'Conclusion 1 is linked to findings 1, 2, 8 and 9' -> links from the conclusion to those findings."""
    numbered: dict[tuple[str, str], str] = {
        (str(f.kind), f.number): f.id for f in findings if f.label and f.number
    }
    if not numbered:
        return findings
    for finding in findings:
        seen = {finding.id}
        for m in _REFERENCE.finditer(finding.text):
            word = m.group("kind").lower().rstrip("s")
            kind = _REFERENCE_KIND.get(word, "recommendation")
            for number in re.findall(r"\d{1,3}(?:\.\d{1,3})*", m.group("numbers")):
                target = numbered.get((kind, number))
                if target and target not in seen:
                    seen.add(target)
                    finding.links.append(
                        Link(to=target, why=_sentence_around(finding.text, m.start(), m.end()))
                    )
    return findings


def _sentence_around(text: str, a: int, b: int) -> str:
    start = max(text.rfind(". ", 0, a) + 2, 0) if text.rfind(". ", 0, a) >= 0 else 0
    end = text.find(". ", b)
    return text[start : (end + 1 if end >= 0 else len(text))].strip()


# Kinds whose items a report often lists without labels; their opening words can label them.
LEAD_TITLED_KINDS = ("strength", "improvement", "result")


def draft_to_finding(draft: Draft, doc: Doc, ids: IdAllocator) -> Finding:
    title = draft.title
    if title is None and draft.kind in LEAD_TITLED_KINDS:
        title = lead_phrase(draft.text)
    stem = draft.stem or f"{draft.kind}-{slug(title or draft.text)}"
    return Finding(
        id=ids.take(stem),
        kind=draft.kind,
        title=title,
        text=draft.text,
        section=draft.section or _section(doc, draft.blocks[0]),
        number=draft.number,
        label=draft.label,
        source=_draft_source(draft, doc),
        actions=[Action(text=doc.blocks[i].text, source=source_of(doc.blocks[i])) for i in draft.actions]
        + [
            Action(
                text=a.text,
                responsible=a.responsible,
                deadline=a.deadline,
                status=a.status,
                source=row_source(doc.blocks[a.block], a.row),
            )
            for a in draft.key_actions
        ],
        status=draft.status,
        restated_at=[source_of(*(doc.blocks[i] for i in blocks)) for blocks in draft.restated],
    )


def _draft_source(draft: Draft, doc: Doc) -> Source:
    """Its blocks' place; for a draft read from a Word table, the row it starts at."""
    first = doc.blocks[draft.blocks[0]]
    if draft.row is not None and first.table_row is not None:
        return row_source(first, draft.row)
    return source_of(*(doc.blocks[i] for i in draft.blocks))


def _section(doc: Doc, i: int) -> str:
    """The heading path a finding stands under; a finding read from a heading is not under itself."""
    path = doc.sections[i]
    if doc.blocks[i].kind == "heading":
        return path.rpartition(SEPARATOR)[0]
    return path
