"""Citations, head tags and feeds: each format parses with its own parser and keeps hostile text as text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from reportsite.records import Report, Source
from reportsite.render.cite import Citation, part_citation, tex_escape, to_bibtex, to_csl, to_ris
from reportsite.render.meta import head_html
from reportsite.urls import absolute_url

HOSTILE = 'A } closing brace, a { and 50% of $5 & #1 _x_ ~^ \\end{document} "quotes" <b>\x07\nTY  - JOUR'
FOLDED = 'A } closing brace, a { and 50% of $5 & #1 _x_ ~^ \\end{document} "quotes" <b> TY - JOUR'
REPORT = Report(
    id="r",
    title="Report {of} 100% <things>",
    publisher="Org & Co",
    date="2023-10-30",
    kind="evaluation",
    source="sources/r.pdf",
)


def hostile_citation(site_url: str = "https://example.org/sub/") -> Citation:
    source = Source(page=16, page_label="14", last_page=17, bbox=[72.0, 100.0, 300.0, 140.0])
    return part_citation(
        "r/slug", HOSTILE, REPORT, source, "findings/r/slug/", site_url, "downloads/sources/r.pdf", HOSTILE
    )


def test_bibtex_parses_with_a_bibtex_parser_and_keeps_every_field_whole() -> None:
    bibtexparser = pytest.importorskip("bibtexparser")

    library = bibtexparser.parse_string(to_bibtex(hostile_citation()))
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    assert len(library.entries) == 1
    entry = library.entries[0]
    assert entry.entry_type == "inbook"
    assert entry.key == "r:slug"
    fields = {f.key: f.value for f in entry.fields}
    # Every field survived whole: a stray brace would have ended the title early and lost the rest.
    assert {"title", "author", "booktitle", "publisher", "year", "month", "pages", "url"} <= fields.keys()
    assert fields["title"] == tex_escape(HOSTILE)
    assert fields["pages"] == "14--15"
    assert fields["year"] == "2023" and fields["month"] == "10"
    assert fields["url"] == "https://example.org/sub/findings/r/slug/"


def test_bibtex_decodes_back_to_the_text() -> None:
    bibtexparser = pytest.importorskip("bibtexparser")
    from bibtexparser.middlewares import LatexDecodingMiddleware

    library = bibtexparser.parse_string(
        to_bibtex(hostile_citation()), append_middleware=[LatexDecodingMiddleware()]
    )
    fields = {f.key: f.value for f in library.entries[0].fields}
    assert fields["booktitle"] in ("Report of 100% <things>", "Report {of} 100% <things>")
    assert fields["publisher"] == "Org & Co"
    assert "50% of $5 & #1 _x_" in fields["title"] and '"quotes" <b> TY - JOUR' in fields["title"]


def test_tex_escape_balances_braces_whatever_the_text() -> None:
    for text in ("}}}", "{{{", "\\", "a}b{c", "\\{"):
        out = tex_escape(text)
        depth = 0
        for ch in out:
            depth += {"{": 1, "}": -1}.get(ch, 0)
            assert depth >= 0, out
        assert depth == 0, out


def test_ris_keeps_one_tag_a_line_and_a_text_cannot_start_a_tag() -> None:
    text = to_ris(hostile_citation())
    lines = text.split("\r\n")
    assert lines[0] == "TY  - CHAP" and lines[-2] == "ER  - " and lines[-1] == ""
    tags = [line[:6] for line in lines[:-1]]
    assert all(len(t) == 6 and t[2:] == "  - " for t in tags), tags
    assert tags.count("TY  - ") == 1  # the 'TY  - JOUR' inside the title did not start a record
    assert f"TI  - {FOLDED}" in lines
    assert "SP  - 14" in lines and "EP  - 15" in lines
    assert "DA  - 2023/10/30" in lines


def test_csl_json_is_json_with_the_text_as_it_is() -> None:
    item = json.loads(to_csl(hostile_citation()))[0]
    assert item["type"] == "chapter"
    assert item["title"] == FOLDED
    assert item["container-title"] == REPORT.title
    assert item["author"] == [{"literal": "Org & Co"}]
    assert item["issued"] == {"date-parts": [[2023, 10, 30]]}
    assert item["page"] == "14-15"


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            self.meta.setdefault(a.get("name") or a.get("property") or "", []).append(a["content"])
        if tag == "link":
            self.meta.setdefault(f"link:{a['rel']}", []).append(a["href"])


def test_head_tags_escape_the_text_and_carry_the_citation() -> None:
    c = hostile_citation()
    head = head_html(
        "findings/r/slug/",
        c.title,
        c.description,
        "https://example.org/sub/",
        c,
        (("F <x>", "feeds/r.atom"),),
    )
    parser = _Meta()
    parser.feed(head)
    assert set(parser.tags) == {"meta", "link"}  # '<b>' from the text made no element
    m = parser.meta
    assert m["citation_title"] == [FOLDED]
    assert m["description"] == [FOLDED]
    assert m["citation_author"] == ["Org & Co"]
    assert m["citation_publication_date"] == ["2023/10/30"]
    assert m["citation_firstpage"] == ["14"] and m["citation_lastpage"] == ["15"]
    assert m["citation_pdf_url"] == ["https://example.org/sub/downloads/sources/r.pdf"]
    assert m["DC.title"] == [FOLDED] and m["DC.date"] == ["2023-10-30"]
    assert m["og:url"] == ["https://example.org/sub/findings/r/slug/"]
    assert m["link:alternate feed"] == ["../../../feeds/r.atom"]


def test_absolute_urls_follow_the_site_url_and_its_sub_path() -> None:
    assert absolute_url("https://example.org/sub", "findings/r/s/") == "https://example.org/sub/findings/r/s/"
    assert absolute_url("https://example.org/sub/", "/feeds/x.atom") == "https://example.org/sub/feeds/x.atom"
    assert absolute_url("", "findings/r/s/") == "/findings/r/s/"


def test_atom_feed_parses_and_has_the_required_elements() -> None:
    from reportsite.records import Finding
    from reportsite.render.feeds import ATOM, atom_feed

    finding = Finding(
        id="r/slug",
        kind="finding",
        text=HOSTILE,
        section="S",
        source=Source(lines=[1, 2]),
    )
    text = atom_feed("Feed <&>", "feeds/r.atom", "reports/r/", [(finding, REPORT, "2024-02-03")], "", "Site")
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"a": ATOM}
    assert root.tag == f"{{{ATOM}}}feed"
    for required in ("a:id", "a:title", "a:updated", "a:author/a:name"):
        assert root.find(required, ns) is not None, required
    assert root.find("a:title", ns).text == "Feed <&>"  # type: ignore[union-attr]
    assert root.find("a:link[@rel='self']", ns).get("href") == "/feeds/r.atom"  # type: ignore[union-attr]
    entries = root.findall("a:entry", ns)
    assert len(entries) == 1
    entry = entries[0]
    for required in ("a:id", "a:title", "a:updated", "a:link"):
        assert entry.find(required, ns) is not None, required
    assert entry.find("a:updated", ns).text == "2024-02-03T00:00:00Z"  # type: ignore[union-attr]
    assert entry.find("a:content", ns).text == FOLDED  # type: ignore[union-attr]


def test_a_report_called_findings_keeps_the_site_feed_apart() -> None:
    from reportsite.urls import feed_url

    assert feed_url() == "feeds/findings.atom"
    assert feed_url("mopan-2023") == "feeds/mopan-2023.atom"
    assert feed_url("findings") != feed_url()
