"""Cycles come from the catalogue: a third cycle joins the comparison, a report without one goes where
its date puts it, and the status compares the latest cycle with the one before."""

from __future__ import annotations

import pytest

from reportsite.link.cycles import read_cycles
from reportsite.link.linked import link
from reportsite.link.themes import Taxonomy, Theme
from reportsite.records import Extract, Finding, Report, Source
from reportsite.render.themes import compare_page, theme_page

TAXONOMY = Taxonomy(themes=(Theme(id="water", title="Water supply", terms=("water supply",)),))


def rep(
    rid: str, publisher: str, kind: str, cycle: str | None, date: str, label: str | None = None
) -> Report:
    return Report(
        id=rid,
        title=rid,
        publisher=publisher,
        date=date,
        kind=kind,
        cycle=cycle,
        cycle_label=label,
        source=f"sources/{rid}.txt",
    )


OLDEST = rep("review-2015", "Panel", "assessment", "2015", "2015-11", "2014-15 review (published 2015)")
MIDDLE = rep("review-2020", "Panel", "assessment", "2020", "2020-06")
ANSWER = rep("agency-answer-2020", "Agency", "management-response", "2020", "2020-09")
LATEST = rep("review-2024", "Panel", "assessment-brief", "2024", "2024-03")
BETWEEN = rep("agency-progress", "Agency", "annual-report", None, "2022-05")
EARLY = rep("agency-history", "Agency", "statement", None, "2009")


def ex(report: Report, kind: str, text: str) -> Extract:
    finding = Finding(id=f"{report.id}/one", kind=kind, text=text, source=Source(lines=[1, 1]))  # type: ignore[arg-type]
    return Extract(report=report, findings=[finding])


def corpus() -> list[Extract]:
    return [
        ex(LATEST, "finding", "The water supply network is still poorly maintained and leaks."),
        ex(OLDEST, "finding", "The water supply network works well and is a model for the region."),
        ex(MIDDLE, "finding", "The water supply network leaks and is poorly maintained."),
        ex(ANSWER, "response", "We will repair the water supply network by 2022."),
        ex(BETWEEN, "result", "In 2021 we replaced 40 km of the water supply network."),
        ex(EARLY, "point", "The water supply network was built in 1990."),
    ]


def test_cycles_are_read_and_ordered_from_the_catalogue() -> None:
    cycles = read_cycles([e.report for e in corpus()])
    assert [c.id for c in cycles.order] == ["2015", "2020", "2024"]
    assert cycles.order[0].label == "2014-15 review (published 2015)"
    assert cycles.order[1].label == "2020 assessment"
    assert (cycles.previous and cycles.previous.id, cycles.latest and cycles.latest.id) == ("2020", "2024")
    # No cycle: the date decides; before the first cycle, background.
    assert cycles.cycle_of(BETWEEN) == "2020"
    assert cycles.cycle_of(EARLY) is None
    assert cycles.column_of(BETWEEN) == "2020-followup"
    assert cycles.column_of(ANSWER) == "2020-response"
    assert cycles.column_of(LATEST) == "2024-assessment"


def test_a_third_cycle_appears_in_the_comparison_as_context() -> None:
    linked = link(corpus(), TAXONOMY)
    ids = [c for c, _ in linked.columns]
    assert ids == ["2015-assessment", "2020-assessment", "2020-response", "2020-followup", "2024-assessment"]
    labels = dict(linked.columns)
    assert "context" in labels["2015-assessment"] and "context" not in labels["2024-assessment"]
    assert labels["2015-assessment"].startswith("2014-15 review (published 2015)")
    view = linked.themes[0]
    assert [f.id for f in view.columns["2015-assessment"]] == ["review-2015/one"]
    assert [f.id for f in view.columns["2020-followup"]] == ["agency-progress/one"]
    assert all("agency-history" not in f.id for fs in view.columns.values() for f in fs)
    # 2015 praised it, 2020 and 2024 found fault: the status compares the last two only.
    assert view.status == "persisting"
    assert "2020" in view.status_reason and "2024" in view.status_reason
    assert set(view.evidence) == {
        "2020-concern",
        "2020-strength",
        "2024-concern",
        "2024-strength",
        "2024-progress",
    }
    assert "2020" in linked.rule and "2024" in linked.rule and "2019" not in linked.rule


def test_the_pages_show_every_cycle() -> None:
    linked = link(corpus(), TAXONOMY)
    page = theme_page(linked, linked.themes[0])
    assert [cycle for cycle, _ in page.context["groups"]] == ["2015", "2020", "2024"]
    rows = compare_page(linked).context["rows"]
    assert rows[0]["counts"] == [1, 1, 1, 1, 1]


@pytest.mark.parametrize("cycle", ["2019", "2024-25", "round3"])
def test_a_cycle_is_any_short_name(cycle: str) -> None:
    assert rep("x", "P", "assessment", cycle, "2020").cycle == cycle


@pytest.mark.parametrize("cycle", ["", "a b", "x/y", "-1"])
def test_a_cycle_that_cannot_name_a_column_is_refused(cycle: str) -> None:
    with pytest.raises(ValueError, match="cycle"):
        rep("x", "P", "assessment", cycle, "2020")


def test_the_follow_up_chain_reads_from_any_link() -> None:
    chain = link(corpus(), TAXONOMY).chain

    def to(fid: str) -> dict[str, list[str]]:
        return {what.split(":")[0]: ids for what, ids in chain.get(fid, [])}

    assert to("review-2020/one")["Answered by"] == ["agency-answer-2020/one"]
    assert to("agency-answer-2020/one")["Answers"] == ["review-2020/one"]
    assert to("agency-answer-2020/one")["Followed up in"] == ["agency-progress/one"]
    assert to("agency-progress/one")["Reports on the commitments in"] == ["agency-answer-2020/one"]
    assert to("agency-progress/one")["Assessed next in"] == ["review-2024/one"]
    # From the latest assessment back to the organisation's report and, one step further, its commitment.
    back = [ids for what, ids in chain["review-2024/one"] if what.startswith("Follows up")]
    assert back == [["agency-progress/one"], ["agency-answer-2020/one"]]
    # The oldest cycle leads on to the next one.
    assert to("review-2015/one")["Assessed next in"] == ["review-2020/one"]
