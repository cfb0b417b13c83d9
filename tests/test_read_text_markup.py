"""Markup in a text document is the document's own text, except the formatting tags renderings leave."""

from __future__ import annotations

from reportsite.read.text import text_to_blocks


def test_script_and_template_syntax_are_kept_as_text() -> None:
    blocks = text_to_blocks(
        "STRENGTHS\n\n- Good <script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1)).\n"
    )
    assert blocks[1].text == "Good <script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1))."


def test_a_block_of_html_is_kept_as_text() -> None:
    (block,) = text_to_blocks('<div onclick="steal()">hello</div>\n')
    assert block.text == '<div onclick="steal()">hello</div>'


def test_footnote_marks_lose_their_tags_but_keep_the_mark() -> None:
    (block,) = text_to_blocks("A network of 22 members<sup>1</sup> who assess.\n")
    assert block.text == "A network of 22 members1 who assess."
