"""text_to_blocks never fails on odd text, and every block it returns points at real lines."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reportsite.errors import ReadError
from reportsite.read.text import decode, text_to_blocks

# Pieces the seed texts are made of, so that generated text reaches the tables, lists and headings.
PIECES = st.sampled_from(
    [
        "# ", "## ", "- ", "* ", "1. ", "(a) ", "\t", "\t\t", "  ", "    ", "\n", "\n\n", "\r\n", "\r",
        "**", "*", "_", "`", "```", "~~~", "<sup>", "</sup>", "<div>", "</div>", "<!--", "-->",
        "Figure 2. ", "Table 1: ", "KEY FINDINGS", "Strengths", "results-based management", "USD 2.99 billion",
        "---", "===", "> ", "|", "\\", "[x](y)", "![i](j)", "&amp;", "\u00a0", "\u2028", "\x0c", "\x00",
        "é", "ß", "\ufeff", "a", "b.", "c,", "member", "States",
    ]
)  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=60).map("".join))


def line_count(text: str) -> int:
    return len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
@example("a\tb\n\tc\td\n")
@example("Member\n\nStates to decide")
@example("\t\tx\ty\n")
@example("- \n  -\n\n1.")
@example("<div>\n\n</div>")
@example("# \n#")
def test_text_to_blocks_never_fails_and_every_block_has_real_lines(text: str) -> None:
    blocks = text_to_blocks(text)
    n = line_count(text)
    for block in blocks:
        assert block.text.strip(), block
        assert block.lines is not None, block
        a, b = block.lines
        assert 1 <= a <= b <= n, (block, n)
    starts = [b.lines[0] for b in blocks if b.lines]
    assert starts == sorted(starts)


@given(st.binary(max_size=200))
def test_decode_returns_text_or_refuses_with_a_line(data: bytes) -> None:
    try:
        text = decode(data, "x.txt")
    except ReadError as exc:
        assert exc.path == "x.txt"
        assert exc.line is not None and 1 <= exc.line <= data.count(b"\n") + data.count(b"\r") + 1
    else:
        assert isinstance(text, str)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"caf\xc3\xa9\n", "café\n"),
        (b"\xef\xbb\xbfcaf\xc3\xa9", "café"),
        ("café\n".encode("utf-16"), "café\n"),
        (b"one\r\ntwo\rthree", "one\r\ntwo\rthree"),
    ],
)
def test_decode_reads_utf8_and_marked_utf16(data: bytes, expected: str) -> None:
    assert decode(data, "x.txt") == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"one\ntwo\nt\xe9\n", "x.txt, line 3: not UTF-8 text (byte 0xe9); save it as UTF-8 and try again"),
        (b"one\rtwo\rt\xe9", "x.txt, line 3: not UTF-8 text (byte 0xe9); save it as UTF-8 and try again"),
        (b"one\r\nt\x00", "x.txt, line 2: contains NUL bytes; not a text document"),
        (
            "one\ntwo\n".encode("utf-16-le"),
            "x.txt, line 1: looks like UTF-16 without a byte-order mark; save it as UTF-8 and try again",
        ),
    ],
)
def test_decode_refuses_with_the_line(data: bytes, expected: str) -> None:
    with pytest.raises(ReadError) as err:
        decode(data, "x.txt")
    assert str(err.value) == expected
