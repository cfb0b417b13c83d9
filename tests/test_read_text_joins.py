"""A paragraph a stray blank line cut in two is one block; paragraphs that are whole stay apart."""

from __future__ import annotations

import pytest

from reportsite.read.text import text_to_blocks


@pytest.mark.parametrize("cut", ["the", "an", "of", "to", "and"])
def test_a_paragraph_cut_after_a_word_that_needs_another_is_joined(cut: str) -> None:
    text = (
        f"Staff numbers grew. The new office opened near {cut}\n\nRiverside Plaza in March.\n\nNext part.\n"
    )
    first, second = text_to_blocks(text)
    assert first.text == f"Staff numbers grew. The new office opened near {cut} Riverside Plaza in March."
    assert first.lines == (1, 3)
    assert second.text == "Next part."


def test_a_paragraph_cut_before_a_lower_case_word_is_joined() -> None:
    (block,) = text_to_blocks("The board asked the regional\n\noffices to report twice a year.\n")
    assert block.text == "The board asked the regional offices to report twice a year."


@pytest.mark.parametrize(
    "text",
    [
        "Dear colleagues,\n\nThank you for the review.\n",
        "The plan was adopted in full\n\nBudget lines were cut later.\n",
        "Results were mixed.\n\nThe second phase began.\n",
        "Partners named in the annex\n\nANNEX\n",
    ],
)
def test_whole_paragraphs_stay_apart(text: str) -> None:
    assert len(text_to_blocks(text)) == 2


def test_a_list_item_is_not_joined_to_a_capitalised_paragraph() -> None:
    blocks = text_to_blocks("- Funding came from the\n\nSecond, the plan was late.\n")
    assert [b.kind for b in blocks] == ["list_item", "paragraph"]
