"""The link stage: themes (with curation applied), related findings across reports and cycles
(related.py), the comparison of assessment cycles and the number audit. Render reads only what this
module returns.

What link() judges of each record alone (its themes, stance, evidence on each theme, words, a report's
arithmetic) goes through judged.py, which asks a memo kept between builds first: after one edit, only
the changed report's records are judged again. Everything that reads the whole shelf is done afresh.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from reportsite import textcache
from reportsite.link.audit import AuditItem, audit_extracts
from reportsite.link.chain import Chain, follow_up_chain
from reportsite.link.compare import (
    Evidence,
    EvidenceOf,
    compared_cycles,
    place_findings,
    prominence,
    rule_text,
    theme_status,
)
from reportsite.link.curation import Curation, check_curation, curated_themes
from reportsite.link.cycles import Cycles, read_cycles
from reportsite.link.judged import Judge, Share
from reportsite.link.memo import LinkMemo, no_memo
from reportsite.link.related import Related, related_findings
from reportsite.link.responses import response_links
from reportsite.link.statuses import STATUSES
from reportsite.link.themes import Taxonomy, Theme
from reportsite.meanwhile import Meanwhile
from reportsite.records import Extract, Finding, Number, Report, Table

R = TypeVar("R", Finding, Number)

__all__ = ["STATUSES", "AuditItem", "LinkMemo", "Linked", "Related", "ThemeView", "link", "related_findings"]


@dataclass
class ThemeView:
    theme: Theme
    columns: dict[str, list[Finding]]
    """Keyed by the column ids of Cycles.columns ('2019-assessment')."""
    status: str | None
    """One of STATUSES, or None when the texts say too little."""
    status_reason: str
    note: str | None = None
    """A curator's status note from sources/curation.yml."""
    quotes: dict[str, dict[str, str]] = field(default_factory=dict)
    """Column id -> finding id -> the part of the quote that belongs in that column (a 2019 response
    paragraph splits into what it says the assessment found and what IOM commits to)."""
    evidence: dict[str, list[str]] = field(default_factory=dict)
    """Finding ids on each side, by the two cycles compared: '2019-concern', '2019-strength',
    '2023-concern', '2023-strength', '2023-progress'."""
    curated_status: bool = False
    computed_status: str | None = None
    """What the rule gives without an editor's status."""
    deciding: list[Evidence] = field(default_factory=list)
    """The two or three quotes (sentences) that decide the computed status."""


@dataclass
class Linked:
    extracts: list[Extract]
    taxonomy: Taxonomy | None
    findings: dict[str, Finding]
    """Every visible finding by id (hidden ones removed), with curated themes applied."""
    report_of: dict[str, Report]
    """Record id (finding, table, figure, number) -> its report."""
    related: dict[str, list[Related]]
    themes: list[ThemeView]
    audit: list[AuditItem]
    tables: dict[str, Table] = field(default_factory=dict)
    numbers: dict[str, Number] = field(default_factory=dict)
    curated_themes: dict[str, list[str]] = field(default_factory=dict)
    """Record id -> themes a curator added (they have no matched terms to show)."""
    curation: Curation | None = None
    backlinks: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """Finding id -> (id, why) of the findings that link to it (a response to its recommendation)."""
    cycles: Cycles = field(default_factory=Cycles)
    """The assessment cycles of the catalogue, and the comparison's columns."""
    chain: Chain = field(default_factory=dict)
    """Finding id -> the links of its theme's follow-up chain (link/chain.py)."""

    @property
    def columns(self) -> list[tuple[str, str]]:
        """Every comparison column, (id, heading), in reading order."""
        return self.cycles.columns

    @property
    def rule(self) -> str:
        before, now = compared_cycles({c: [] for c, _ in self.cycles.columns})
        return rule_text(before or "earlier", now or "latest")


def link(
    extracts: list[Extract],
    taxonomy: Taxonomy | None,
    curation: Curation | None = None,
    memo: LinkMemo | None = None,
) -> Linked:
    """Apply themes and curation, then relate, compare and audit. Raises CurationError for an override
    naming a record or theme that does not exist.

    memo: judgements of single records kept from an earlier run (memo.py), saved again at the end; the
    result is the same with or without it. The caches of texts used meanwhile are emptied (textcache.py)."""
    with _no_cycle_collection():
        linked = _link(extracts, taxonomy, curation or Curation(), memo)
    if memo is not None:
        memo.save()
    textcache.release()
    return linked


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    # Linking makes many objects that live on in the result and no reference cycles worth collecting;
    # with the collector on, every so often it walks the whole shelf's records, for nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _link(
    extracts: list[Extract], taxonomy: Taxonomy | None, curation: Curation, memo: LinkMemo | None
) -> Linked:
    records = [r for e in extracts for r in e.records()]
    check_curation(curation, (r.id for r in records), taxonomy.ids if taxonomy else None)
    hidden = curation.hidden
    report_of = {r.id: e.report for e in extracts for r in e.records()}
    cycles = read_cycles([e.report for e in extracts])
    judge = Judge(memo or no_memo(), taxonomy)
    judged: list[Finding | Number] = [f for e in extracts for f in e.findings if f.id not in hidden]
    judged += [n for e in extracts for n in e.numbers if n.id not in hidden]
    shared = _judge_on_two_cores(judge, judged)
    added: dict[str, list[str]] = {}
    findings = {
        f.id: _themed(f, judge, curation, added) for e in extracts for f in e.findings if f.id not in hidden
    }
    numbers = {
        n.id: _themed(n, judge, curation, added) for e in extracts for n in e.numbers if n.id not in hidden
    }
    for fid, links in response_links(extracts).items():
        if fid in findings:
            found = findings[fid]
            findings[fid] = found.model_copy(update={"links": [*found.links, *links]})
    backlinks: dict[str, list[tuple[str, str]]] = {}
    for f in findings.values():
        for ln in f.links:
            if ln.to in findings:
                backlinks.setdefault(ln.to, []).append((f.id, ln.why))
    # Related findings need nothing the comparison and the audit make, and their words are judged
    # already: on a machine with a second core they are found in a child process meanwhile.
    # The audit reads the extracts and its own judgements alone: in another child, the judgements it
    # made adopted after.
    with (
        Meanwhile(
            lambda: related_findings(findings, report_of, taxonomy, curation, cycles, judge.words)
        ) as related,
        Meanwhile(partial(_audited, judge, extracts, hidden)) as audited,
    ):
        if shared and taxonomy is not None:
            views = _views_on_two_cores(judge, findings, report_of, taxonomy, curation, cycles)
        else:
            views = theme_views(findings, report_of, taxonomy, curation, cycles, judge.evidence)
        audit, share = audited.result()
        judge.memo.adopt(*share)
        chain = follow_up_chain([(v.theme.id, v.columns) for v in views], cycles, prominence)
        return Linked(
            chain=chain,
            backlinks=backlinks,
            extracts=extracts,
            taxonomy=taxonomy,
            findings=findings,
            report_of=report_of,
            related=related.result(),
            themes=views,
            cycles=cycles,
            audit=audit,
            tables={t.id: t for e in extracts for t in e.tables if t.id not in hidden},
            numbers=numbers,
            curated_themes=added,
            curation=curation,
        )


def _audited(judge: Judge, extracts: list[Extract], hidden: set[str]) -> tuple[list[AuditItem], Share]:
    """audit_extracts() through the judge, and its share of the judgements (for the memo's adopt())."""
    found: list[list[AuditItem]] = []
    share = judge.made_by(lambda: found.append(audit_extracts(extracts, hidden, judge.arithmetic)))
    return found[0], share


# A child forked for fewer records than this costs more than it saves (an edit touches a few dozen).
SHARED_FROM = 500


def _judge_on_two_cores(judge: Judge, records: list[Finding | Number]) -> bool:
    """Judge the records the memo lacks, half of them in a forked child (meanwhile.py), whose
    judgements the memo adopts; say whether there were enough to share. The result is the same as
    judging them all here: a judgement reads its record alone."""
    fresh = judge.unjudged(records)
    if len(fresh) < SHARED_FROM:
        return False
    # Every other record: findings cost far more than numbers, and they come first.
    with Meanwhile(partial(judge.made_by, partial(_judge_all, judge, fresh[1::2]))) as other:
        _judge_all(judge, fresh[::2])
        judge.memo.adopt(*other.result())
    return True


def _judge_all(judge: Judge, records: list[Finding | Number]) -> None:
    for r in records:
        judge.record(r)


def _views_on_two_cores(
    judge: Judge,
    findings: dict[str, Finding],
    report_of: dict[str, Report],
    taxonomy: Taxonomy,
    curation: Curation,
    cycles: Cycles,
) -> list[ThemeView]:
    """theme_views(), with every other finding's evidence judged in a forked child. Which evidence a
    view asks for does not depend on what it is told, so here and in the child the views run with
    half the judge and are thrown away; the memo adopts the child's judgements, and the views made
    last find every judgement there."""
    parity = {fid: i % 2 for i, fid in enumerate(findings)}

    def half(mine: int) -> list[ThemeView]:
        def evidence(f: Finding, column: str, text: str, theme_id: str | None) -> list[Evidence]:
            return judge.evidence(f, column, text, theme_id) if parity[f.id] == mine else []

        return theme_views(findings, report_of, taxonomy, curation, cycles, evidence)

    with Meanwhile(partial(judge.made_by, partial(half, 1))) as other:
        half(0)
        judge.memo.adopt(*other.result())
    return theme_views(findings, report_of, taxonomy, curation, cycles, judge.evidence)


def _themed(record: R, judge: Judge, curation: Curation, added: dict[str, list[str]]) -> R:
    """A copy of the record with today's taxonomy and its override applied; the extract stays as it was.

    The copy is shallow: what link() sets is new, and nothing of the record is changed in place after."""
    themes = list(record.themes)
    reasons: dict[str, list[str]] = record.theme_reasons if isinstance(record, Finding) else {}
    update: dict[str, object] = {}
    judged = judge.record(record)
    if judged.themes is not None:
        # Judged again here, so an edit to themes.yml shows without extracting again.
        themes, reasons = judged.themes
        update["themes"] = themes
    if judged.stance is not None:
        update["stance"], update["stance_cues"] = judged.stance
    override = curation.for_record(record.id)
    if override is not None:
        curated = curated_themes(themes, override)
        if extra := [t for t in curated if t not in themes]:
            added[record.id] = extra
        update["themes"] = themes = curated
    if isinstance(record, Finding):
        update["theme_reasons"] = {t: list(reasons[t]) for t in themes if t in reasons}
    return record.model_copy(update=update)


# --- the comparison ------------------------------------------------------------------------------


def theme_views(
    findings: dict[str, Finding],
    report_of: dict[str, Report],
    taxonomy: Taxonomy | None,
    curation: Curation,
    cycles: Cycles,
    evidence: EvidenceOf | None = None,
) -> list[ThemeView]:
    """One view per theme, in taxonomy order; see compare.py for the columns and the status rule."""
    by_theme: dict[str, list[Finding]] = {}
    for f in findings.values():
        for tid in dict.fromkeys(f.themes):
            by_theme.setdefault(tid, []).append(f)
    views = []
    for theme in taxonomy.themes if taxonomy else ():
        columns, quotes = place_findings(by_theme.get(theme.id, []), report_of, cycles)
        note = curation.for_theme(theme.id)
        curated = (
            (note.status, f"{curation.path}, line {note.line}") if note is not None and note.status else None
        )
        status, reason, ids, computed, deciding = theme_status(columns, quotes, curated, theme.id, evidence)
        views.append(
            ThemeView(
                theme=theme,
                columns=columns,
                status=status,
                status_reason=reason,
                note=note.note if note is not None else None,
                quotes=quotes,
                evidence=ids,
                curated_status=curated is not None,
                computed_status=computed,
                deciding=deciding,
            )
        )
    return views
