"""What the finding rules share: the document they read, the drafts they return, and text helpers.

A rule sees the whole document (``Doc``) and returns ``Draft`` findings; each draft names the blocks it
was read from, so that its source and section come from those blocks and nothing else. Every ``text`` a
rule returns is a slice of its blocks' text (or several whole blocks joined by a space): quotes are never
rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from reportsite.read.blocks import Block
from reportsite.records import Report
from reportsite.settings import SETTINGS


@dataclass
class Doc:
    blocks: list[Block]
    sections: list[str]
    report: Report
    parts: list[str | None] = field(default_factory=list)
    """For each block, the kind of part of the report it stands in (extract/structure.py)."""
    claimed: set[int] = field(default_factory=set)
    """Blocks an earlier rule has taken; later rules leave them alone."""
    intros: set[int] = field(default_factory=set)
    """Claimed paragraphs that only introduce a list (its items are the drafts): a rule reading a whole
    passage may still quote them, since no draft holds their words."""
    asides: set[int] = field(default_factory=set)
    """Boxed blocks an item's body runs past (a callout set inside its evidence): an item read from one
    ends with its box."""

    def free(self, i: int) -> bool:
        return 0 <= i < len(self.blocks) and i not in self.claimed

    def heading_label(self, i: int) -> str:
        """The last heading of block i's section path ('Strengths' for 'Report > Strengths')."""
        return self.sections[i].rsplit(" > ", 1)[-1]

    def children(self, heading: int) -> Iterator[int]:
        """The blocks after a heading, up to the next heading of any level."""
        for j in range(heading + 1, len(self.blocks)):
            if self.blocks[j].kind == "heading":
                return
            yield j


@dataclass
class KeyAction:
    """A key action of a management response, its parts as printed."""

    text: str
    block: int
    responsible: str | None = None
    deadline: str | None = None
    status: str | None = None
    row: int | None = None
    """The table row (1-based) it was read from, where it was one."""


@dataclass
class Draft:
    kind: str
    text: str
    blocks: list[int]
    """Indices of the blocks the text was read from, in reading order; the first gives the section."""
    title: str | None = None
    number: str | None = None
    stem: str | None = None
    """Id stem when the text's first words would not do (numbered statements: 'point-5-a')."""
    order: int = 0
    """Position inside the first block, for several drafts read from one block."""
    section: str | None = None
    """Section path when the headings alone do not place it (a paragraph under a headline sentence)."""
    label: str | None = None
    """The report's own label as printed ('Finding 1.1')."""
    actions: list[int] = field(default_factory=list)
    """Blocks holding the item's sub-actions (list items under a recommendation)."""
    key_actions: list[KeyAction] = field(default_factory=list)
    """A response's key actions, with who acts, by when and how far it is."""
    status: str | None = None
    """A response's decision, normalised: accepted, partially accepted, rejected."""
    row: int | None = None
    """The table row (1-based) the draft starts at, where its first block is a table."""
    restated: list[list[int]] = field(default_factory=list)
    """Blocks of each brief restatement of the item (an executive summary's), kept as places only."""


Rule = Callable[[Doc], list[Draft]]

# --- Text helpers ----------------------------------------------------------------------------------

_TERMINAL = (".", "!", "?", ";", ":", "”", '"')


def words(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_TERMINAL)


def strip_span(text: str, a: int, b: int, chars: str = " ,;:.") -> tuple[int, int]:
    """Narrow text[a:b] past leading and trailing separators."""
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


# Words that open an adverbial phrase ('In 2023, ...', 'Throughout the year, ...', 'As a partner ...'):
# the phrase up to the first comma then sets a scene and names nothing.
OPENERS = frozenset((
    "in", "on", "at", "by", "for", "with", "without", "during", "throughout", "since", "after", "before",
    "over", "under", "following", "despite", "although", "though", "while", "when", "whereas", "if", "as",
    "because", "from", "through", "within", "across", "however", "moreover", "furthermore", "therefore",
    "thus", "also",
))  # fmt: skip
_LEAD_END = re.compile(r"[;:]|,(?!\d{3})|\s[–—]\s|[.!?](?=\s|$)")


def lead_phrase(text: str, max_words: int = SETTINGS.findings.lead_max_words) -> str | None:
    """The opening words of text up to the first comma, colon, semicolon, dash or sentence end, as a
    title ('Clear record in running field clinics'), when that is a short phrase naming
    something; None for a scene-setting opener ('In 2023') or a phrase too short or long to label.
    """
    m = _LEAD_END.search(text)
    lead = text[: m.start()].strip() if m else text.strip()
    n = words(lead)
    if not SETTINGS.findings.lead_min_words <= n <= max_words or lead.split()[0].lower() in OPENERS:
        return None
    return lead[0].upper() + lead[1:]


# --- Page furniture --------------------------------------------------------------------------------

_FURNITURE = re.compile(
    r"""^(?:\^\{|<sup>|\*\s|\\\*|[*†‡]\s*https?://    # footnote marks and footnotes
    |(?:sources?|notes?|tel|fax|e-?mail|website|photo|cover\s+photo|design|publisher|permissions)\s*\.?:
    )""",
    re.I | re.X,
)
_CONTACT = re.compile(r"\bwww\.|https?://|please contact|©")
# Apart: tried at every word of a paragraph, an address pattern is the costliest part of the test, and
# only a text with an "@" can hold one.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


_CONTACT_HINTS = ("www.", "http", "please contact", "©")
"""What any match of _CONTACT holds: a text with none of them is not searched."""


def _contact(text: str) -> bool:
    if "@" in text and _EMAIL.search(text):
        return True
    return any(hint in text for hint in _CONTACT_HINTS) and bool(_CONTACT.search(text))


def is_furniture(block: Block) -> bool:
    """Footnotes, source notes, contact lines and photo credits: print on the page, not statements."""
    text = block.text.strip()
    if _FURNITURE.match(text):
        return True
    return _contact(text) and (words(text) < 30 or "please contact" in text.lower())


# --- Labels ----------------------------------------------------------------------------------------

_LABEL = re.compile(r"^([A-Z][^:.;!?]{1,60}?):\s+(?=\S)")


def label_of(text: str) -> str | None:
    """The label of a 'Label: text' item, when the label is a short phrase."""
    m = _LABEL.match(text)
    if m and words(m.group(1)) <= 7:
        return m.group(1).strip()
    return None


# --- Cue phrases -----------------------------------------------------------------------------------
# The words assessment and evaluation reports use to introduce what they judge; a heading or the
# sentence before a list is read through these, never through the report's own sentences.

IMPROVEMENT_CUE = re.compile(
    r"\bareas?\s+(?:for|of|needing|requiring)\s+(?:improvement|development|attention)\b"
    r"|\broom\s+for\s+improvement\b|\bweakness(?:es)?\b|\bshortcomings?\b|\bchallenges\b"
    r"|\bimprovements?\s+(?:needed|required)\b|\bareas\s+to\s+improve\b",
    re.I,
)
# 'strong' alone is too common ('there is strong demand for services that include ...'): it must be said
# of the organisation, as a predicate ('the agency is strong at country level: ...').
STRENGTH_CUE = re.compile(
    r"\bstrengths?\b|\b(?:is|are|was|were|remains?)\s+(?:\w+ly\s+)?strong(?=\s+(?:in|on|at|as|across)\b|\s*[:,;.])"
    r"|\bperforms?\s+(?:well|strongly)\b"
    r"|\bstrong\s+points\b|\bwhat\s+works\s+well\b",
    re.I,
)
REFORM_CUE = re.compile(r"\breforms?\b|\broll(?:ed|ing)?[ -]?out\b|\brollout\b", re.I)
RECOMMENDATION_CUE = re.compile(r"\brecommend(?:s|ed|ations?)?\b", re.I)


def kind_of_heading(text: str) -> str | None:
    """strength or improvement for a heading such as 'STRENGTHS' or 'Areas for improvement'.

    A heading naming both ('Strengths and weaknesses') says nothing about any one item under it.
    """
    if len(text.split()) > SETTINGS.findings.heading_max_words:
        return None  # 'Addressing challenges of mobility in a changing climate' names a topic, not a list.
    improvement = bool(IMPROVEMENT_CUE.search(text))
    strength = bool(re.search(r"\bstrengths?\b|\bstrong\s+points\b|\bwhat\s+works\s+well\b", text, re.I))
    if improvement == strength:
        return None
    return "improvement" if improvement else "strength"


def kind_of_intro(sentence: str) -> str | None:
    """The kind of the items a sentence introduces ('The changes still to be made include:')."""
    if REFORM_CUE.search(sentence):
        return "reform"
    if RECOMMENDATION_CUE.search(sentence):
        return "recommendation"
    if IMPROVEMENT_CUE.search(sentence):
        return "improvement"
    if STRENGTH_CUE.search(sentence):
        return "strength"
    return None
