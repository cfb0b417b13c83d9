"""An extract and its blocks -> warnings a maintainer can act on: what looks missing, cut or doubtful.

These are the extractor's doubts about its own result, never errors: the report is still added.
"""

from __future__ import annotations

from collections import Counter

from reportsite.read.blocks import Block
from reportsite.records import Extract, Finding

# Kinds of report expected to state findings or recommendations; others (a statement, a press
# release) may well have none.
_EXPECT_ITEMS = ("assessment", "evaluation", "assessment-brief", "management-response")
_TERMINAL = (".", "!", "?", ";", ":", "”", '"', "’", ")")


def counts_by_kind(extract: Extract) -> dict[str, int]:
    counts = Counter(str(f.kind) for f in extract.findings)
    out = dict(sorted(counts.items()))
    out.update(tables=len(extract.tables), figures=len(extract.figures), numbers=len(extract.numbers))
    return out


def recommendations_without_response(extract: Extract) -> list[Finding]:
    """In a management response, the recommendations no response answers (by its link to them); where
    no response links to any, by count alone, the last ones."""
    if extract.report.kind != "management-response":
        return []
    recs = [f for f in extract.findings if f.kind == "recommendation"]
    responses = [f for f in extract.findings if f.kind == "response"]
    answered = {link.to for f in responses for link in f.links}
    if answered:
        return [f for f in recs if f.id not in answered]
    return recs[len(responses) :] if responses else []


def response_coverage(extract: Extract) -> str | None:
    """'responses answer 18 of 19 recommendations', for a management response that has both."""
    recs = sum(1 for f in extract.findings if f.kind == "recommendation")
    if extract.report.kind != "management-response" or not recs:
        return None
    answered = recs - len(recommendations_without_response(extract))
    actions = sum(len(f.actions) for f in extract.findings if f.kind == "response")
    return f"responses answer {answered} of {recs} recommendations, with {actions} key actions"


def quality_warnings(extract: Extract, blocks: list[Block]) -> list[str]:
    warnings = []
    kind = extract.report.kind
    if not extract.findings and kind in _EXPECT_ITEMS:
        warnings.append(f"0 findings in a report of kind {kind}: is its text laid out in a way not read?")
    if (
        kind == "evaluation"
        and extract.findings
        and not any(f.kind == "recommendation" for f in extract.findings)
    ):
        warnings.append("0 recommendations in an evaluation")
    uncaptioned = sum(1 for t in extract.tables if not t.caption)
    if uncaptioned:
        warnings.append(f"{uncaptioned} tables without caption")
    for f in extract.findings:
        # A response may be its decision alone ('Management response - accept'), with no sentence to end.
        if f.label and f.kind != "response" and not f.text.rstrip().endswith(_TERMINAL):
            warnings.append(f"{f.source.label()}: {f.label} may be cut at a line end: ...{f.text[-40:]!r}")
    unanswered = recommendations_without_response(extract)
    if unanswered:
        warnings.append(
            f"{len(unanswered)} recommendations without a response: "
            + ", ".join(f"{f.label or f.number} ({f.source.label()})" for f in unanswered)
        )
    if blocks and sum(1 for b in blocks if b.kind == "table") > 3 * max(1, len(extract.tables)):
        warnings.append("most ruled grids were not taken as data tables (forms or boxes?)")
    return warnings
