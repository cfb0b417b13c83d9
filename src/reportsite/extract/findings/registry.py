"""The findings rules as data: a named, ordered list, each rule switched on or off per report kind.

Like markdown-it-py's Ruler: a rule is a plain function from the document to drafts, and which rules run
for a report is decided here, from the report's kind, never by a test of the kind inside a rule;
``rules_for`` also switches rules off or on by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from reportsite.extract.findings.base import Doc, Draft, Rule
from reportsite.extract.findings.labelled import labelled_items_to_drafts
from reportsite.extract.findings.lists import (
    heading_lists_to_drafts,
    introduced_lists_to_drafts,
    sentence_lists_to_drafts,
)
from reportsite.extract.findings.paragraphs import numbered_to_drafts, topics_to_drafts
from reportsite.extract.findings.parts import parts_to_drafts
from reportsite.extract.findings.progress import progress_to_drafts
from reportsite.extract.findings.responses import responses_to_drafts
from reportsite.extract.findings.results import citations_to_drafts, results_to_drafts
from reportsite.extract.findings.summary import headlines_to_drafts, intro_responses_to_drafts

RESPONSE_KINDS = frozenset({"management-response"})
# An assessment, and the answers to it, speak of the assessment throughout: there it is no citation.
SELF_CITING_KINDS = frozenset({"assessment", "assessment-brief", "press-release", "management-response"})
# An organisation's own account of its year states what it did: its results, wherever they stand.
OWN_ACCOUNT_KINDS = frozenset({"annual-report"})


@dataclass(frozen=True)
class NamedRule:
    name: str
    rule: Rule
    only: frozenset[str] | None = None
    """Report kinds the rule runs for; None for every kind not in `skip`."""
    skip: frozenset[str] = frozenset()

    def applies_to(self, kind: str) -> bool:
        return kind not in self.skip and (self.only is None or kind in self.only)


RULES: tuple[NamedRule, ...] = (
    # A matrix answers its recommendations one by one: read it before labels are taken as plain items.
    NamedRule("response-matrix", responses_to_drafts, only=RESPONSE_KINDS),
    NamedRule("labelled-items", labelled_items_to_drafts),
    NamedRule("part-items", parts_to_drafts),
    NamedRule("heading-lists", heading_lists_to_drafts),
    NamedRule("introduced-lists", introduced_lists_to_drafts),
    NamedRule("headlines", headlines_to_drafts),
    NamedRule("response-topics", partial(topics_to_drafts, kind="response"), only=RESPONSE_KINDS),
    NamedRule("topics", topics_to_drafts, skip=RESPONSE_KINDS),
    NamedRule("response-intro", intro_responses_to_drafts, only=RESPONSE_KINDS),
    NamedRule("numbered", numbered_to_drafts),
    NamedRule("results", results_to_drafts),
    NamedRule("sentence-lists", sentence_lists_to_drafts),
    NamedRule("citations", citations_to_drafts, skip=SELF_CITING_KINDS),
    NamedRule("progress", progress_to_drafts, only=OWN_ACCOUNT_KINDS),
)
RULE_NAMES = tuple(r.name for r in RULES)


def rules_for(kind: str, disable: Iterable[str] = (), enable: Iterable[str] = ()) -> list[NamedRule]:
    """The rules that run for a report of this kind, in order, after the entry's own switches."""
    off, on = set(disable), set(enable)
    unknown = (off | on) - set(RULE_NAMES)
    if unknown:
        raise ValueError(f"unknown findings rule {sorted(unknown)[0]!r}; known: {', '.join(RULE_NAMES)}")
    return [r for r in RULES if r.name not in off and (r.applies_to(kind) or r.name in on)]


def run_rules(doc: Doc, rules: Iterable[NamedRule]) -> list[Draft]:
    drafts: list[Draft] = []
    for named in rules:
        drafts.extend(named.rule(doc))
    return drafts
