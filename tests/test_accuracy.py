"""Extraction measured against gold annotations of real IOM evaluations (tests/gold, tests/real-reports).

The floors are the figures measured when they were set: a change that loses items fails here. The goal
for labelled items is 95% precision and recall; the floors say where extraction stands against it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reportsite.accuracy import Score, load_gold, measure, score_captions

ROOT = Path(__file__).parent
GOLD = ROOT / "gold"
DOCS = ROOT / "real-reports"

# kind -> (precision, recall) over the whole development set.
FLOORS = {
    "finding": (1.0, 1.0),
    "recommendation": (1.0, 1.0),
    "response": (1.0, 1.0),
    "good-practice": (1.0, 1.0),
    "conclusion": (1.0, 1.0),
    "lesson": (1.0, 1.0),
    "figure": (1.0, 1.0),
    "table": (1.0, 0.45),
}
# Items whose last printed words are in the record, and whose page is right, over those matched.
WHOLE_FLOOR = 0.95
PAGES_FLOOR = 1.0


@pytest.fixture(scope="module")
def results() -> dict[str, dict[str, Score]]:
    return measure(GOLD, DOCS)


@pytest.fixture(scope="module")
def totals(results: dict[str, dict[str, Score]]) -> dict[str, Score]:
    out: dict[str, Score] = {}
    for scores in results.values():
        for kind, s in scores.items():
            out.setdefault(kind, Score()).add(s)
    return out


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_precision_and_recall_stay_above_their_floors(totals: dict[str, Score], kind: str) -> None:
    precision, recall = FLOORS[kind]
    assert totals[kind].precision >= precision
    assert totals[kind].recall >= recall


def test_matched_items_are_whole_and_on_their_page(totals: dict[str, Score]) -> None:
    kinds = ("finding", "recommendation", "good-practice", "conclusion", "lesson")
    matched = sum(totals[k].matched for k in kinds)
    assert sum(totals[k].whole for k in kinds) >= WHOLE_FLOOR * matched
    assert sum(totals[k].pages_right for k in kinds) >= PAGES_FLOOR * matched


# Of the responses matched: status right; of the gold's key actions: found, with who acts and by when.
STATUS_FLOOR = 1.0
ACTIONS_FLOOR = 1.0
RESPONSIBLE_FLOOR = 1.0
DEADLINE_FLOOR = 0.94


def test_responses_have_their_status_and_key_actions(totals: dict[str, Score]) -> None:
    response = totals["response"]
    assert response.status_right >= STATUS_FLOOR * response.matched
    actions = response.actions
    assert actions is not None and actions.gold
    assert actions.matched >= ACTIONS_FLOOR * actions.gold
    assert actions.found <= actions.gold  # no action made up
    assert actions.responsible_right >= RESPONSIBLE_FLOOR * actions.matched
    assert actions.deadline_right >= DEADLINE_FLOOR * actions.matched


def test_documents_without_findings_give_no_findings(results: dict[str, dict[str, Score]]) -> None:
    for name in ("cs1137_terms_of_reference", "rdh_case_study_asia_pacific"):
        assert not any(s.found for k, s in results[name].items() if k == "finding"), name


def test_every_gold_file_names_a_document_here() -> None:
    for path in GOLD.glob("*.yml"):
        assert (DOCS / load_gold(path)["document"]).is_file(), path


def test_caption_scoring_counts_misses_and_extras() -> None:
    gold = [{"caption": "Table 1. Budget by outcome", "page": 3}, {"caption": "Table 2. Staff", "page": 4}]
    s = score_captions(gold, ["TABLE 1. BUDGET BY OUTCOME", "Table 9. Something else"])
    assert (s.gold, s.found, s.matched) == (2, 2, 1)
    assert s.precision == 0.5 and s.recall == 0.5
