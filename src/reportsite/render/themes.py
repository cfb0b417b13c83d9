"""Theme pages, the themes index and the compare page: each theme's status with the quotes that decide it."""

from __future__ import annotations

from dataclasses import dataclass

from reportsite.link.linked import Linked, ThemeView
from reportsite.render.page import Page, theme_url
from reportsite.render.quotes import STATUS_LABELS, Quote, caveats, column_quotes, quote_of

STANCE_LABELS = {
    "concern": "a concern",
    "strength": "a strength",
    "progress": "progress",
    "commitment": "a commitment",
    "neutral": "neutral",
}


@dataclass
class Deciding:
    """One quote that decides a theme's status: a sentence, where it stands and what it is."""

    quote: Quote
    side: str
    """'2023 assessment: progress (wording: strengthened)'."""


def deciding_quotes(linked: Linked, view: ThemeView) -> list[Deciding]:
    out = []
    for e in view.deciding:
        if e.finding.id not in linked.findings:
            continue
        why = f" ({e.why})" if e.why else ""
        side = f"{dict(linked.columns).get(e.column, e.column)}: {STANCE_LABELS.get(e.stance, e.stance)}{why}"
        out.append(Deciding(quote_of(linked, e.finding, e.sentence), side))
    return out


def themes_index(linked: Linked) -> Page:
    columns = linked.cycles.compared
    rows = [{"view": v, "counts": {c: len(v.columns.get(c, [])) for c, _ in columns}} for v in linked.themes]
    return Page(
        "themes/",
        "themes.md.j2",
        {"rows": rows, "columns": columns, "status_labels": STATUS_LABELS, "caveats": caveats(linked)},
    )


def theme_page(linked: Linked, view: ThemeView) -> Page:
    columns = [(cid, label, column_quotes(linked, view, cid)) for cid, label in linked.columns]
    # One group per cycle, oldest first: the page sets the cycles side by side.
    groups: dict[str, list[tuple[str, str, list[Quote]]]] = {}
    for col in columns:
        groups.setdefault(col[0].rsplit("-", 1)[0], []).append(col)
    # By id: comparing the records themselves field by field made this quadratic in the findings.
    in_columns = {f.id for fs in view.columns.values() for f in fs}
    tagged = [
        quote_of(linked, f)
        for f in linked.findings.values()
        if view.theme.id in f.themes and f.id not in in_columns
    ]
    numbers = [(n, linked.report_of[n.id]) for n in linked.numbers.values() if view.theme.id in n.themes]
    return Page(
        theme_url(view.theme.id),
        "theme.md.j2",
        {
            "view": view,
            "columns": columns,
            "groups": list(groups.items()),
            "cycle_names": [c.id for c in linked.cycles.order],
            "other": tagged,
            "numbers": numbers,
            "deciding": deciding_quotes(linked, view),
            "rule": linked.rule,
            "status_labels": STATUS_LABELS,
            "caveats": caveats(linked),
        },
    )


def compare_page(linked: Linked) -> Page:
    rows = [
        {
            "view": v,
            "deciding": deciding_quotes(linked, v),
            "counts": [len(v.columns.get(cid, [])) for cid, _ in linked.columns],
        }
        for v in linked.themes
    ]
    return Page(
        "compare/",
        "compare.md.j2",
        {
            "rows": rows,
            "columns": linked.columns,
            "status_labels": STATUS_LABELS,
            "caveats": caveats(linked),
            "rule": linked.rule,
        },
    )
