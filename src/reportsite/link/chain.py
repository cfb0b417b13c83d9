"""The follow-up chain of a theme, readable from any link in it: what an assessment raised, what the
organisation committed to in its response, what it reported doing afterwards, what the next assessment
found, and so on, cycle after cycle.

Built by general rules, not by ids: a finding joins the chain of its first (strongest) theme; its place
in the chain is its comparison column (cycle order, then assessment, response, follow-up); a finding
links back to the nearest earlier place of the chain that holds findings on the theme, and forward to
the nearest later one. A response's own cross-references to a recommendation are shown as well
(`Linked.backlinks`), so the chain never hides what a report states itself.
"""

from __future__ import annotations

from collections.abc import Callable

from reportsite.link.cycles import Cycles
from reportsite.records import Finding

MAX_PER_LINK = 3
_FORWARD = {
    ("assessment", "response"): "Answered by",
    ("assessment", "followup"): "Followed up in",
    ("response", "followup"): "Followed up in",
    ("response", "assessment"): "Followed up in",
    ("followup", "assessment"): "Assessed next in",
    ("followup", "response"): "Answered next in",
    ("assessment", "assessment"): "Assessed next in",
}
_BACK = {
    ("response", "assessment"): "Answers",
    ("followup", "response"): "Reports on the commitments in",
    ("followup", "assessment"): "Follows up",
    ("assessment", "followup"): "Follows up",
    ("assessment", "response"): "Follows up",
    ("response", "followup"): "Follows up",
    ("assessment", "assessment"): "Follows up",
}

Chain = dict[str, list[tuple[str, list[str]]]]
"""Finding id -> (what the link is, with the column it leads to; the findings it leads to)."""


def follow_up_chain(
    themes: list[tuple[str, dict[str, list[Finding]]]],
    cycles: Cycles,
    rank: Callable[[str | None], Callable[[Finding], tuple[int, int]]],
) -> Chain:
    """themes: each theme id with its comparison columns; rank(theme) orders a column's findings."""
    labels = dict(cycles.columns)
    chain: Chain = {}
    for theme_id, columns in themes:
        stages: list[tuple[str, list[Finding]]] = []
        for cid, _ in cycles.columns:
            members = [f for f in columns.get(cid, []) if f.themes[:1] == [theme_id]]
            if members:
                stages.append((cid, sorted(members, key=rank(theme_id))))
        # Ids, not the findings: asking a list whether it holds a finding compares whole records.
        ids_in = {c: {f.id for f in fs} for c, fs in columns.items()}
        for k, (cid, members) in enumerate(stages):
            role = cid.rsplit("-", 1)[1]
            # The same for every member of the stage; a column holds a finding once, so its first
            # MAX_PER_LINK + 1 are enough to leave out the finding itself.
            places = [
                (f"{table.get((role, ocid.rsplit('-', 1)[1]), 'Linked to')}: {labels.get(ocid, ocid)}", first)
                for (ocid, ofs), table in _neighbours(stages, k)
                for first in [[g.id for g in ofs[: MAX_PER_LINK + 1]]]
            ]
            for f in members:
                if _own_column(f, cid, ids_in) != cid:
                    continue
                links = chain.setdefault(f.id, [])
                for what, first in places:
                    if ids := [g for g in first if g != f.id][:MAX_PER_LINK]:
                        links.append((what, ids))
    return {fid: links for fid, links in chain.items() if links}


def _neighbours(
    stages: list[tuple[str, list[Finding]]], k: int
) -> list[tuple[tuple[str, list[Finding]], dict[tuple[str, str], str]]]:
    """The places a finding at stage k links to: the nearest before and after it, and besides, going
    back, the nearest commitment (a follow-up answers to it) and, going forward, the nearest follow-up
    (what a commitment led to), so that neither end of the chain is two clicks away."""
    out: list[tuple[tuple[str, list[Finding]], dict[tuple[str, str], str]]] = []
    if k:
        out.append((stages[k - 1], _BACK))
        earlier = [s for s in stages[: k - 1] if s[0].endswith("-response")]
        if earlier and not stages[k - 1][0].endswith("-response"):
            out.append((earlier[-1], _BACK))
    if k + 1 < len(stages):
        out.append((stages[k + 1], _FORWARD))
        later = [s for s in stages[k + 2 :] if s[0].endswith("-followup")]
        if later and not stages[k + 1][0].endswith("-followup"):
            out.append((later[0], _FORWARD))
    return out


def _own_column(f: Finding, cid: str, ids_in: dict[str, set[str]]) -> str:
    """A response stands in its response column, though the part that quotes the assessment is shown
    in the assessment column too."""
    if cid.endswith("-assessment"):
        response = cid.removesuffix("-assessment") + "-response"
        if f.id in ids_in.get(response, ()):
            return response
    return cid
