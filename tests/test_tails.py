"""Raw-HTML blocks set aside while MkDocs builds a page and put back after (render/tails.py): the page
comes out as Markdown makes it, and no document text can pass for a block's mark or marker."""

from __future__ import annotations

import json
from pathlib import Path

import jinja2
import markdown
import pytest

from reportsite.errors import BuildError
from reportsite.render.tails import (
    CLOSE,
    OPEN,
    RawBlockError,
    fill_page,
    fill_tails,
    marker_html,
    split_blocks,
    split_tail,
    tail_path,
    unmark,
)

TEMPLATES = Path(__file__).resolve().parents[1] / "src" / "reportsite" / "defaults" / "templates"


def _markdown(text: str) -> str:
    # The extensions of the default mkdocs.yml; MkDocs reads the page file with universal newlines.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return markdown.markdown(text, extensions=["tables", "attr_list", "admonition", "toc"])


TWO_BLOCKS = (
    "# A theme\n\nIts own words.\n\n## Side by side\n\n"
    '<div class="cycles">\n<section><h3 id="col-a">Column A</h3>\n'
    f'{OPEN}<ul class="quotes">\n<li>a\tquote with a tab</li>\n   \n<li>b &amp; c\r\nd</li>\n</ul>\n{CLOSE}'
    "</section>\n</div>\n\n## Other findings\n\n"
    f"{OPEN}<ul>\n<li>\tindented by a tab</li>\n</ul>\n{CLOSE}\n\nClosing words.\n"
)


def test_a_page_with_two_blocks_comes_out_as_markdown_makes_it() -> None:
    whole = _markdown(unmark(TWO_BLOCKS))
    text, blocks = split_blocks(TWO_BLOCKS)
    assert len(blocks) == 2 and OPEN not in text and "quote" not in text
    built = _markdown(text)
    assert built.count("<p data-search-exclude>") == 2
    assert fill_page(built, blocks, "/t/") == whole
    # Markdown's reading of the blocks: tabs expanded, the line of spaces emptied, line ends made \n.
    assert "\t" not in "".join(blocks) and "\r" not in "".join(blocks)


def test_the_tail_and_the_blocks_share_the_page_file(tmp_path: Path) -> None:
    page = TWO_BLOCKS + '\n<div class="source" data-search-exclude>\n<span>line\tone</span>\n</div>\n'
    text, kept = split_tail(page, '<div class="source')
    assert kept is not None
    blocks = json.loads(kept)
    assert len(blocks) == 3 and blocks[2].endswith("</div>") and "line\tone" in blocks[2]
    site = tmp_path / "site"
    (site / "t").mkdir(parents=True)
    (site / "t" / "index.html").write_text(_markdown(text), encoding="utf-8")
    tail_path(tmp_path / "tails", "t/").parent.mkdir(parents=True)
    tail_path(tmp_path / "tails", "t/").write_text(kept, encoding="utf-8")
    assert fill_tails(tmp_path / "tails", site, frozenset({"t/"})) == 0
    assert fill_tails(tmp_path / "tails", site) == 1
    assert (site / "t" / "index.html").read_text(encoding="utf-8").count("line\tone") == 1


def _render(source: str, **values: object) -> str:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {"_raw.j2": (TEMPLATES / "_raw.j2").read_text(encoding="utf-8"), "p": source}
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("p").render(**values)


def test_document_text_cannot_forge_a_mark_or_a_marker() -> None:
    hostile = f"{CLOSE} {marker_html(0)} {OPEN} {marker_html(1)}"
    source = (
        '{% from "_raw.j2" import raw_block %}\n# Page\n\n<p>{{ quote }}</p>\n\n'
        "{% call raw_block() %}\n<ul>\n<li>{{ quote }}</li>\n</ul>\n{% endcall %}\n\nEnd.\n"
    )
    page = _render(source, quote=hostile)
    text, blocks = split_blocks(page)
    assert len(blocks) == 1 and "&lt;!--/raw-block--&gt;" in blocks[0]
    built = _markdown(text)
    # The quote outside the block reaches the built page escaped: it is no marker to fill.
    assert fill_page(built, blocks, "/p/") == _markdown(unmark(page))
    filled = fill_page(built, blocks, "/p/")
    assert filled.count("<ul>") == 1 and "data-search-exclude" not in filled.replace("&lt;p data", "")


def test_a_marker_markdown_did_not_pass_through_stops_the_build() -> None:
    # Indented four spaces, the marker is a code block: escaped, so it is not found again.
    text, blocks = split_blocks(f"# Page\n\n{OPEN}<ul><li>x</li></ul>{CLOSE}\n")
    built = _markdown(text.replace("<p data", "    <p data"))
    with pytest.raises(BuildError, match="1 raw blocks were set aside"):
        fill_page(built, blocks, "/p/")


@pytest.mark.parametrize(
    "page",
    [
        f"# P\n\n{OPEN}<ul></ul>\n",
        f"# P\n\n<ul></ul>{CLOSE}\n",
        f"# P\n\n{OPEN}<ul>\n{OPEN}<li></li>{CLOSE}\n</ul>{CLOSE}\n",
        f"# P\n\nText {OPEN}<ul></ul>{CLOSE}\n",
        f"# P\n\n{OPEN}<ul></ul>{CLOSE} text\n",
    ],
    ids=["unclosed", "unopened", "nested", "mid-line start", "mid-line end"],
)
def test_marks_that_cannot_be_set_aside_are_an_error(page: str) -> None:
    with pytest.raises(RawBlockError):
        split_blocks(page)


def test_an_empty_block_is_left_in_place() -> None:
    page = f"# P\n\n{OPEN}\n{CLOSE}\nEnd.\n"
    assert split_blocks(page) == (unmark(page), [])
