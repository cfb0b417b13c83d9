"""The judgements link() makes of one record at a time, through a memo (memo.py): each is keyed by exactly
what it reads, so a judgement kept from an earlier build is the one this build would make.

- a record's themes and the terms that gave them: its title, text and heading, and the taxonomy's terms;
- a finding's stance: its kind and text;
- a finding's evidence on one theme: its kind, the terms that gave it its themes, the text quoted in
  the column and the theme;
- a finding's words, as related findings weigh them: its text;
- the prose arithmetic of one report: its visible figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from reportsite.extract.sentences import text_to_sentences
from reportsite.link.arithmetic import Check, report_checks
from reportsite.link.compare import Evidence, record_evidence
from reportsite.link.memo import LinkMemo, digest
from reportsite.link.related import WordCounts, word_counts
from reportsite.link.stance import record_stance
from reportsite.link.themes import Taxonomy, assign_themes, record_theme_text
from reportsite.records import Finding, Number

Themes = tuple[list[str], dict[str, list[str]]]
Share = tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]
"""The judgements a share of the work made afresh, and those it read from the kept ones, by report."""


def taxonomy_digest(taxonomy: Taxonomy) -> str:
    """What of the taxonomy a record's themes depend on: each theme's id and terms, in order."""
    return digest(*(json.dumps([t.id, t.terms, t.weak]) for t in taxonomy.themes))


def scope_of(record_id: str) -> str:
    """The report a record belongs to, by its id ('<report-id>/<slug>')."""
    return record_id.split("/", 1)[0]


@dataclass
class Judged:
    """What is judged of one record alone."""

    themes: Themes | None
    """Its themes and the terms that gave each (None without a taxonomy)."""
    stance: tuple[str, list[str]] | None
    """A finding's stance and the words that decided it."""
    words: WordCounts | None
    """A finding's words as related findings weigh them."""


class Judge:
    """One link() run's judgements of single records, asked of the memo first."""

    def __init__(self, memo: LinkMemo, taxonomy: Taxonomy | None) -> None:
        self.memo = memo
        self.taxonomy = taxonomy
        self._taxonomy = taxonomy_digest(taxonomy) if taxonomy is not None else ""
        self._keys: dict[str, str] = {}
        self._words: dict[str, WordCounts] = {}
        self._prefixes: dict[str, str] = {}

    def _record_key(self, record: Finding | Number) -> str:
        title, section = (record.title, record.section) if isinstance(record, Finding) else (None, "")
        kind = record.kind if isinstance(record, Finding) else "number"
        key = self._keys[record.id] = digest(
            "record", self._taxonomy, kind, title or "", record.text, section
        )
        return key

    def unjudged(self, records: Iterable[Finding | Number]) -> list[Finding | Number]:
        """The records the memo holds no judgement of: what record() would judge afresh."""
        return [r for r in records if not self.memo.has(scope_of(r.id), self._record_key(r))]

    def made_by(self, work: Callable[[], object]) -> Share:
        """work(), which judges through this Judge, and the judgements it made afresh and read from
        the kept ones: what a forked child sends back for the memo's adopt()."""
        self.memo.made()
        self.memo.read()
        work()
        return self.memo.made(), self.memo.read()

    def record(self, record: Finding | Number) -> Judged:
        """A record's themes (assign_themes() of its title, text and heading), and a finding's stance
        (record_stance()) and words (word_counts()): one entry, read by one key, as the memo is asked
        about every record of the shelf."""
        finding = isinstance(record, Finding)
        title, section = (record.title, record.section) if isinstance(record, Finding) else (None, "")
        kind = record.kind if isinstance(record, Finding) else "number"
        key = self._keys.get(record.id) or self._record_key(record)

        def judge() -> Any:
            out: dict[str, Any] = {}
            if self.taxonomy is not None:
                out["themes"] = list(
                    assign_themes(record_theme_text(title, record.text, section), self.taxonomy)
                )
            if finding:
                st = record_stance(kind, record.text, text_to_sentences(record.text))
                out["stance"] = [st.stance, list(st.cues)]
                out["words"] = list(word_counts(record.text))
            return out

        wanted = ({"themes"} if self.taxonomy is not None else set()) | (
            {"stance", "words"} if finding else set()
        )

        def read(value: Any) -> Judged:
            if not isinstance(value, dict) or not wanted <= value.keys():
                raise ValueError("a kept judgement without all its parts")
            return _judged(value)

        judged = self.memo.judged(scope_of(record.id), key, judge, read)
        if judged.words is not None:
            self._words[record.id] = judged.words
        return judged

    def words(self, finding: Finding) -> WordCounts:
        """word_counts() of the finding's text, as record() found it."""
        if (words := self._words.get(finding.id)) is None:
            words = word_counts(finding.text)
        return words

    def evidence(self, finding: Finding, column: str, text: str, theme_id: str | None) -> list[Evidence]:
        """record_evidence(), whose result reads only the finding's kind and theme reasons, the text
        quoted (most often the finding's own, which its record key stands for) and the theme."""
        # The finding's part of the key (its record and theme reasons) once, not once per theme.
        prefix = self._prefixes.get(finding.id)
        if prefix is None:
            reasons = repr(list(finding.theme_reasons.items()))
            record = self._keys.get(finding.id) or digest(finding.kind, finding.text)
            prefix = self._prefixes[finding.id] = digest("evidence", record, reasons)
        quoted = "" if text == finding.text else digest(finding.kind, text)

        def judge() -> Any:
            return [
                [e.stance, e.sentence, e.why, e.leading]
                for e in record_evidence(finding, column, text, theme_id)
            ]

        def read(value: Any) -> list[Evidence]:
            return [Evidence(finding, column, s, x, w, k) for s, x, w, k in value]

        key = f"{prefix} {theme_id or ''} {quoted}"
        return self.memo.judged(scope_of(finding.id), key, judge, read)

    def arithmetic(self, report_id: str, numbers: list[Number]) -> tuple[list[Check], list[Check]]:
        """report_checks() of one report's visible figures."""

        def judge() -> Any:
            return [[_check_data(c) for c in part] for part in report_checks(numbers)]

        key = digest("arithmetic", *(n.model_dump_json() for n in numbers))
        return self.memo.judged(report_id, key, judge, _checks)


# Reading a kept judgement copies its lists (a record's own, as a fresh judgement's would be) and checks
# only its shape: a file made by other code is never read (memo.py compares the code's digest).


def _judged(value: Any) -> Judged:
    themes = stance = words = None
    if "themes" in value:
        tids, reasons = value["themes"]
        themes = list(tids), {t: list(ws) for t, ws in reasons.items()}
    if "stance" in value:
        st, cues = value["stance"]
        stance = st, list(cues)
    if "words" in value:
        stems, counts, surfaces = value["words"]
        if not len(stems) == len(counts) == len(surfaces):
            raise ValueError("the word lists differ in length")
        words = list(stems), list(counts), list(surfaces)
    return Judged(themes, stance, words)


def _check_data(c: Check) -> list[Any]:
    return [c.kind, c.ok, c.message, list(c.record_ids), list(c.sentences)]


def _checks(value: Any) -> tuple[list[Check], list[Check]]:
    sums, levels = value
    return (
        [Check(k, ok, m, list(ids), list(xs)) for k, ok, m, ids, xs in sums],
        [Check(k, ok, m, list(ids), list(xs)) for k, ok, m, ids, xs in levels],
    )
