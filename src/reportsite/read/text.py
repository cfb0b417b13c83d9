"""Text and Markdown documents to blocks, through markdown-it-py, keeping each block's source lines.

Text reports are often renderings of PDFs: Markdown-ish headings, ``-`` bullets, tables whose cells a
tab separates, all-caps headings with no ``#``, and stray indentation. Tab-separated runs are taken out before
markdown-it sees the text (it would read a leading tab as code) and become table blocks; everything else
is markdown-it's block structure, with ``token.map`` giving the lines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reportsite.errors import ReadError
from reportsite.read.blocks import Block, is_caption, rejoin_paragraphs

# Formatting tags that PDF-to-text renderings leave (<sup>1</sup>) carry no words and are dropped. Any
# other markup is the document's own text: it is kept, and the site shows it literally.
_TAG = re.compile(r"</?(?:sup|sub|b|i|u|em|strong|small|span|br)\b[^>]*>", re.I)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# '30 OCTOBER 2023', 'OCTOBER 2023', 'October 30, 2023': a dateline, printed in capitals on many covers.
_DATE_LINE = re.compile(rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+(?:\d{{1,2}},?\s+)?\d{{4}}$", re.I)
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Fold runs of whitespace into one space."""
    return _WS.sub(" ", text).strip()


def decode(data: bytes, shown: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or BOM-marked UTF-16; anything else is refused."""
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in data and not utf16:
        at = data.index(b"\x00")
        if _looks_like_utf16(data):
            raise ReadError(
                "looks like UTF-16 without a byte-order mark; save it as UTF-8 and try again",
                shown,
                line=_line_at(data[: at + 1].replace(b"\x00", b"")),
            )
        raise ReadError("contains NUL bytes; not a text document", shown, line=_line_at(data[:at]))
    try:
        if utf16:
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if utf16:
            raise ReadError("is damaged UTF-16 text; save it as UTF-8 and try again", shown) from None
        raise ReadError(
            f"not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as UTF-8 and try again",
            shown,
            line=_line_at(data[: exc.start]),
        ) from None


def _line_at(before: bytes) -> int:
    """The 1-based line on which the byte after `before` stands, counting CR LF, CR and LF as line ends."""
    return before.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def _looks_like_utf16(data: bytes) -> bool:
    # ASCII text saved as UTF-16 has a NUL in every other byte.
    sample = data[:400]
    return len(sample) >= 4 and (
        sample[1::2].count(0) > 0.9 * len(sample[1::2]) or sample[0::2].count(0) > 0.9 * len(sample[0::2])
    )


def text_file_to_blocks(path: Path, shown: str | None = None) -> list[Block]:
    """Read a .txt or .md file into blocks. Raises ReadError naming the file and line."""
    shown = shown or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot be read ({exc.strerror})", shown) from None
    if not data.strip():
        raise ReadError("is empty", shown)
    return text_to_blocks(decode(data, shown))


def text_to_blocks(text: str) -> list[Block]:
    """Turn document text into blocks in reading order; never raises on odd input."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    tables, masked = _take_tables(lines)
    md = MarkdownIt("commonmark", {"html": True}).disable(["code", "fence"])
    blocks = list(_tokens_to_blocks(md.parse("\n".join(masked))))
    blocks.extend(tables)
    blocks.sort(key=lambda b: b.lines or (0, 0))
    return _join_broken_paragraphs(blocks)


def _join_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """Rejoin a paragraph that a page break or stray blank line cut in two; it spans both line ranges."""

    def merge(prev: Block, block: Block) -> Block | None:
        if not (prev.lines and block.lines):
            return None
        return replace(prev, text=f"{prev.text} {block.text}", lines=(prev.lines[0], block.lines[1]))

    return rejoin_paragraphs(blocks, merge)


def _is_table_line(line: str) -> bool:
    cells = [c for c in line.split("\t")]
    return "\t" in line.strip("\n") and sum(1 for c in cells if c.strip()) >= 2


def _take_tables(lines: list[str]) -> tuple[list[Block], list[str]]:
    """Runs of two or more tab-separated lines become table blocks; their lines are blanked for markdown-it."""
    masked = list(lines)
    tables: list[Block] = []
    i = 0
    while i < len(lines):
        if not _is_table_line(lines[i]):
            i += 1
            continue
        j = i
        # A row may be a lone label with its cells empty ("\tProtection from ..."): it stays in the run.
        while j < len(lines) and "\t" in lines[j]:
            j += 1
        run = lines[i:j]
        if sum(1 for r in run if _is_table_line(r)) >= 2 or (len(run) == 1 and len(run[0].split("\t")) >= 3):
            rows = tuple(tuple(_clean_inline(c) for c in r.rstrip("\t ").split("\t")) for r in run)
            text = fold(" ".join(" ".join(r) for r in rows))
            # Cells that hold only markup carry no words: markdown-it reads those lines instead.
            if text:
                tables.append(Block("table", text, lines=(i + 1, j), rows=rows))
                for k in range(i, j):
                    masked[k] = ""
        i = j
    return tables, masked


def _clean_inline(text: str) -> str:
    text = _TAG.sub("", text).replace("**", "")
    return fold(re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text))


def _inline_text(tok: Token) -> str:
    out: list[str] = []
    for child in tok.children or []:
        if child.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif child.type in ("text", "code_inline") or child.type == "image":
            out.append(child.content)
        elif child.type == "html_inline":
            out.append(_TAG.sub("", child.content))
        # Emphasis markers carry no words of their own.
    return fold("".join(out))


def _is_bold_only(tok: Token) -> bool:
    kids = [c for c in tok.children or [] if not (c.type == "text" and not c.content.strip())]
    return len(kids) >= 3 and kids[0].type == "strong_open" and kids[-1].type == "strong_close"


def _looks_like_heading(text: str) -> bool:
    """An all-capitals line of a few words with no closing full stop reads as a heading in these texts.

    A dateline in capitals ('30 OCTOBER 2023') is not: it dates the document and heads nothing, and as a
    heading it would become the section of everything after it.
    """
    if len(text) > 140:
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 4 or text.endswith((".", ",", ";")) or _DATE_LINE.match(text):
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) > 0.85


def _tokens_to_blocks(tokens: list[Token]) -> Iterator[Block]:
    depth = 0
    markers: list[str] = []
    item_open: list[bool] = []
    heading_level = 0
    for i, tok in enumerate(tokens):
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif tok.type == "list_item_open":
            markers.append(tok.info + tok.markup if tok.info else tok.markup)
            item_open.append(True)
        elif tok.type == "list_item_close":
            markers.pop()
            item_open.pop()
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "inline":
            parent = tokens[i - 1]
            lines = _lines(parent)
            text = _inline_text(tok)
            if not text or lines is None:
                continue
            if parent.type == "heading_open":
                yield Block("heading", text, lines=lines, level=heading_level)
            elif depth and item_open and item_open[-1]:
                # The first paragraph of an item carries the marker; later ones continue the item.
                yield Block("list_item", text, lines=lines, level=depth, marker=markers[-1])
                item_open[-1] = False
            elif depth:
                yield Block("paragraph", text, lines=lines, level=depth)
            else:
                yield _paragraph_block(tok, text, lines)
        elif tok.type == "html_block":
            text = fold(_TAG.sub("", tok.content))
            lines = _lines(tok)
            if text and lines:
                yield Block("paragraph", text, lines=lines)


def _paragraph_block(tok: Token, text: str, lines: tuple[int, int]) -> Block:
    if is_caption(text):
        return Block("caption", text, lines=lines)
    if lines[0] == lines[1] and _looks_like_heading(text):
        return Block("heading", text, lines=lines, level=2)
    if lines[0] == lines[1] and _is_bold_only(tok) and len(text) < 140:
        return Block("heading", text, lines=lines, level=3)
    return Block("paragraph", text, lines=lines)


def _lines(tok: Token) -> tuple[int, int] | None:
    if not tok.map:
        return None
    a, b = tok.map
    return (a + 1, max(a + 1, b))
