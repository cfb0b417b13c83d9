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
| labelled_to_drafts         | 'Finding 2.1.', 'Recommendation 3:', 'Conclusion 4.'        | finding, recommendation, point |
| heading_lists_to_drafts    | items under STRENGTHS / AREAS FOR IMPROVEMENT (and the like) | strength, improvement |
| introduced_lists_to_drafts | bullets after '... reforms that need to be rolled out include:' | reform, recommendation, ... |
| headlines_to_drafts        | a one-sentence paragraph heading a block of a summary section, | finding      |
|                            | and each paragraph of that block (placed under the headline)  |              |
| topics_to_drafts           | 'Gender. IOM has ...' paragraphs and their continuations     | response (in a management response), point |
| intro_responses_to_drafts  | a management response's opening paragraphs that cite the assessment ('the report highlights') | response |
| numbered_to_drafts         | '5.' paragraphs, '(a)' paragraphs after them, inline '(a) ...; (b) ...' | point |
| results_to_drafts          | callouts and quantified sentences under KEY RESULTS headings | result          |
| sentence_lists_to_drafts   | '... is strong: in A, B, and C' / '... areas for improvement that include A; B' | strength, improvement, recommendation |
| citations_to_drafts        | what a report other than the assessment says of it ('MOPAN') | point           |
"""

from __future__ import annotations

from reportsite.extract.findings.base import Doc, Draft, Rule, lead_phrase
from reportsite.extract.findings.lists import (
    heading_lists_to_drafts,
    introduced_lists_to_drafts,
    sentence_lists_to_drafts,
)
from reportsite.extract.findings.paragraphs import labelled_to_drafts, numbered_to_drafts, topics_to_drafts
from reportsite.extract.findings.results import citations_to_drafts, results_to_drafts
from reportsite.extract.findings.summary import headlines_to_drafts, intro_responses_to_drafts
from reportsite.extract.ids import IdAllocator, slug
from reportsite.extract.provenance import source_of
from reportsite.extract.sections import SEPARATOR
from reportsite.read.blocks import Block
from reportsite.records import Finding, Report

RULES: tuple[Rule, ...] = (
    labelled_to_drafts,
    heading_lists_to_drafts,
    introduced_lists_to_drafts,
    headlines_to_drafts,
    topics_to_drafts,
    intro_responses_to_drafts,
    numbered_to_drafts,
    results_to_drafts,
    sentence_lists_to_drafts,
    citations_to_drafts,
)


def blocks_to_findings(
    blocks: list[Block], sections: list[str], report: Report, ids: IdAllocator
) -> list[Finding]:
    doc = Doc(blocks=blocks, sections=sections, report=report)
    drafts: list[Draft] = []
    for rule in RULES:
        drafts.extend(rule(doc))
    drafts.sort(key=lambda d: (d.blocks[0], d.order))
    return [draft_to_finding(d, doc, ids) for d in drafts]


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
        source=source_of(*(doc.blocks[i] for i in draft.blocks)),
    )


def _section(doc: Doc, i: int) -> str:
    """The heading path a finding stands under; a finding read from a heading is not under itself."""
    path = doc.sections[i]
    if doc.blocks[i].kind == "heading":
        return path.rpartition(SEPARATOR)[0]
    return path
