"""The theme taxonomy (sources/themes.yml) and the rule that gives records their themes.

The rule is deliberately plain, so that a reader can check it against the quote: a theme is given by
one of its strong terms, or by two different weak ones, found as whole words (case and simple plurals
aside). The matching rules are spelled out in the header of sources/themes.yml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportsite.link.curation import Marked, load_marked
from reportsite.textcache import text_cache

AREAS = ("Strategic", "Operational", "Relationship", "Performance Management", "Results")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# British and American spellings of -ise words meet in one form, so one term serves both.
_IZE = re.compile(r"iz(?=(?:e|es|ed|er|ing|ation|ations|ational)\b)")
_THEME_KEYS = {"id", "title", "description", "area", "kpis", "terms", "weak"}


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str = ""
    area: str = ""
    kpis: tuple[str, ...] = ()
    """'KPI 1', 'KPI 3'."""
    terms: tuple[str, ...] = field(default=())
    """Strong terms: one is enough."""
    weak: tuple[str, ...] = ()
    """Weak terms: two different ones are needed."""
    line: int | None = None
    """Where the theme starts in sources/themes.yml."""


@dataclass(frozen=True)
class Taxonomy:
    themes: tuple[Theme, ...]
    path: str = ""
    """The file as error messages show it."""

    def get(self, theme_id: str) -> Theme | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.themes)


# --- reading sources/themes.yml ------------------------------------------------------------------


_READ: dict[tuple[str, str, bytes], Taxonomy] = {}
"""The last taxonomy read, by its file's bytes: a build reads it twice (extraction and linking), and
`serve` in every rebuild, where parsing it costs more than reading it."""


def load_taxonomy(path: Path, shown: str | None = None) -> Taxonomy | None:
    """The taxonomy in path, or None when there is no such file.

    Raises CurationError naming the file and line of anything malformed.
    """
    shown = shown or f"{path.parent.name}/{path.name}"
    try:
        key = (str(path), shown, path.read_bytes())
    except OSError:
        return _parse_taxonomy(path, shown)
    if key not in _READ:
        taxonomy = _parse_taxonomy(path, shown)
        # Kept only when the file did not change while it was parsed.
        if taxonomy is None or path.read_bytes() != key[2]:
            return taxonomy
        _READ.clear()
        _READ[key] = taxonomy
    return _READ[key]


def _parse_taxonomy(path: Path, shown: str) -> Taxonomy | None:
    root = load_marked(path, shown)
    if root is None:
        return None
    top = root.mapping("the file", keys={"themes"})
    if "themes" not in top:
        raise root.error("expected a 'themes:' list")
    themes: list[Theme] = []
    seen: dict[str, int] = {}
    for item in top["themes"].sequence("themes"):
        theme = _theme(item)
        if theme.id in seen:
            raise item.error(f"theme id {theme.id!r} is used twice (first on line {seen[theme.id]})")
        seen[theme.id] = item.line
        themes.append(theme)
    if not themes:
        raise top["themes"].error("the themes list is empty")
    return Taxonomy(themes=tuple(themes), path=shown)


def _theme(item: Marked) -> Theme:
    m = item.mapping("a theme", keys=_THEME_KEYS)
    for key in ("id", "title", "terms"):
        if key not in m:
            raise item.error(f"theme is missing {key!r}")
    theme_id = m["id"].text("id")
    if not _SLUG.match(theme_id):
        raise m["id"].error(f"theme id {theme_id!r} is not a URL-safe slug")
    area = m["area"].text("area") if "area" in m else ""
    if area and area not in AREAS:
        raise m["area"].error(f"area {area!r} is not one of {', '.join(AREAS)}")
    kpis: list[str] = []
    for node in m["kpis"].sequence("kpis") if "kpis" in m else []:
        number = node.text("a KPI").upper().removeprefix("KPI").strip()
        if not number.isdigit() or not 1 <= int(number) <= 12:
            raise node.error(f"KPI {node.text('a KPI')!r} is not a number from 1 to 12")
        kpis.append(f"KPI {int(number)}")
    strong = _terms(m["terms"])
    weak = _terms(m["weak"]) if "weak" in m else ()
    return Theme(
        id=theme_id,
        title=m["title"].text("title"),
        description=m["description"].text("description") if "description" in m else "",
        area=area,
        kpis=tuple(kpis),
        terms=strong,
        weak=weak,
        line=item.line,
    )


def _terms(node: Marked) -> tuple[str, ...]:
    out = []
    for t in node.sequence("terms"):
        term = " ".join(t.text("a term").split())
        if not _term_words(term):
            raise t.error(f"term {term!r} has no words to match")
        if any("*" in w.rstrip("*") or w == "*" for w in term.split()):
            raise t.error(f"term {term!r}: '*' may only end a word")
        out.append(term)
    return tuple(out)


# --- matching ------------------------------------------------------------------------------------


def normalise(word: str) -> str:
    """A word as matching sees it: lower case, -ize spelled -ise, a simple plural made singular."""
    w = _IZE.sub("is", word.lower())
    if len(w) <= 3:
        return w
    if w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=4096)
def _term_words(term: str) -> tuple[tuple[str, bool], ...]:
    """A term's words, each (normalised word, is a prefix). Cached: every record asks for the same terms."""
    words = []
    for raw in re.split(r"[\s\-‐‑–]+", term.strip()):
        prefix = raw.endswith("*")
        raw = raw.rstrip("*")
        for part in _WORD.findall(raw):
            words.append((_IZE.sub("is", part.lower()) if prefix else normalise(part), prefix))
    return tuple(words)


def word_forms(text: str) -> list[tuple[str, str]]:
    """Each word of text as matching sees it: (lower case with -ize spelled -ise, as a prefix term is
    compared with it; normalised, as a whole-word term is)."""
    return list(map(_folded, _WORD.findall(text)))


@lru_cache(maxsize=65536)
def _folded(word: str) -> tuple[str, str]:
    # Cached: a corpus repeats a few thousand words millions of times.
    return _IZE.sub("is", word.lower()), normalise(word)


class _Indexed:
    """A text's tokens with where each word occurs, so a term is tried only where its first word is,
    rather than at every position of the text (texts and taxonomies both grow; their product should not).

    Where a token stands in the text is needed only for the few that a term matches: found when asked.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        folded = word_forms(text)
        self.raws = [raw for raw, _ in folded]
        self.norms = [norm for _, norm in folded]
        self.by_norm: dict[str, list[int]] = {}
        for i, norm in enumerate(self.norms):
            if norm in self.by_norm:
                self.by_norm[norm].append(i)
            else:
                self.by_norm[norm] = [i]
        self._prefixed: dict[str, list[int]] = {}
        self._spans: list[tuple[int, int]] | None = None
        self._joined: str | None = None

    def has_prefix(self, word: str) -> bool:
        """Whether a token starts with word: one search of the joined tokens, not a test of each."""
        if self._joined is None:
            self._joined = "\n" + "\n".join(self.raws)
        return "\n" + word in self._joined

    def starts(self, word: str, prefix: bool) -> list[int]:
        """Positions, in text order, of the tokens that word (a prefix or a whole word) matches."""
        if not prefix:
            return self.by_norm.get(word, [])
        if word not in self._prefixed:
            found = self.has_prefix(word)
            self._prefixed[word] = (
                [i for i, raw in enumerate(self.raws) if raw.startswith(word)] if found else []
            )
        return self._prefixed[word]

    def surface(self, first: int, last: int) -> str:
        """The words from token first to token last as the text writes them, lower case, spaces folded."""
        if self._spans is None:
            self._spans = [m.span() for m in _WORD.finditer(self.text)]
        return " ".join(self.text[self._spans[first][0] : self._spans[last][1]].lower().split())


def _find(term: tuple[tuple[str, bool], ...], idx: _Indexed, used: set[int]) -> list[tuple[int, int]]:
    """Every place (first, last token) where term occurs among tokens not already used."""
    spans: list[tuple[int, int]] = []
    n, raws, norms = len(term), idx.raws, idx.norms
    if not n:
        return spans
    if n == 1:  # most terms are one word: no neighbours to compare
        for i in idx.starts(*term[0]):
            if i not in used:
                spans.append((i, i))
                used.add(i)
        return spans
    for i in idx.starts(*term[0]):
        if i + n > len(raws) or any(j in used for j in range(i, i + n)):
            continue
        if all(
            (raws[i + k].startswith(word) if prefix else norms[i + k] == word)
            for k, (word, prefix) in enumerate(term[1:], start=1)
        ):
            spans.append((i, i + n - 1))
            used.update(range(i, i + n))
    return spans


@lru_cache(maxsize=1024)
def _ranked(
    terms: tuple[str, ...], weak: tuple[str, ...]
) -> tuple[tuple[tuple[tuple[str, bool], ...], str], ...]:
    # Longest terms first, so that "water supply" is one match and not also "water".
    return tuple(
        sorted(
            [(_term_words(t), "strong") for t in terms] + [(_term_words(t), "weak") for t in weak],
            key=lambda tw: -len(tw[0]),
        )
    )


def _match(
    terms: list[tuple[tuple[tuple[str, bool], ...], str]], idx: _Indexed
) -> tuple[list[str], list[str]]:
    """The strong and the weak terms found, each in text order; terms are tried longest first."""
    used: set[int] = set()
    found: dict[str, list[tuple[int, str]]] = {"strong": [], "weak": []}
    for words, strength in terms:
        for first, last in _find(words, idx, used):
            found[strength].append((first, idx.surface(first, last)))
    return _in_order(found["strong"]), _in_order(found["weak"])


def _in_order(found: list[tuple[int, str]]) -> list[str]:
    out: list[str] = []
    for _, surface in sorted(found):
        if surface not in out:
            out.append(surface)
    return out


def assign_themes(text: str, taxonomy: Taxonomy) -> tuple[list[str], dict[str, list[str]]]:
    """The themes of a text, strongest first, and for each the terms that gave it, in text order.

    A theme needs one strong term or two different weak ones.
    """
    idx = _Indexed(text)
    compiled = _compiled(taxonomy)
    scored: list[tuple[int, int, str, list[str]]] = []
    for order, ranks in _present(idx, compiled):
        theme = taxonomy.themes[order]
        strong, weak = _match([compiled.ranked[order][r] for r in ranks], idx)
        if strong or len({normalise(w) for w in weak}) >= 2:
            matched = _ordered_union(text, strong, weak)
            scored.append((-(2 * len(strong) + len(weak)), order, theme.id, matched))
    scored.sort()
    return [tid for _, _, tid, _ in scored], {tid: matched for _, _, tid, matched in scored}


@dataclass(frozen=True)
class _Compiled:
    """A taxonomy's terms arranged for matching many texts: a text names few of the taxonomy's words,
    so a term is tried only when the text has its first word."""

    ranked: list[tuple[tuple[tuple[tuple[str, bool], ...], str], ...]]
    """Per theme (in taxonomy order), its terms longest first: the order they are tried in."""
    firsts: dict[str, list[tuple[int, int]]]
    """A whole first word -> (theme order, rank) of the terms it starts."""
    prefixes: list[tuple[str, int, int]]
    """(prefix, theme order, rank) of the terms whose first word is a prefix ('irrigat*')."""


_COMPILED: dict[int, tuple[Taxonomy, _Compiled]] = {}


def _compiled(taxonomy: Taxonomy) -> _Compiled:
    # By identity: hashing a taxonomy reads every term, and a build asks once per record.
    hit = _COMPILED.get(id(taxonomy))
    if hit is not None and hit[0] is taxonomy:
        return hit[1]
    ranked = [_ranked(theme.terms, theme.weak) for theme in taxonomy.themes]
    firsts: dict[str, list[tuple[int, int]]] = {}
    prefixes: list[tuple[str, int, int]] = []
    for order, terms in enumerate(ranked):
        for rank, (words, _) in enumerate(terms):
            word, prefix = words[0]
            if prefix:
                prefixes.append((word, order, rank))
            else:
                firsts.setdefault(word, []).append((order, rank))
    compiled = _Compiled(ranked, firsts, prefixes)
    if len(_COMPILED) >= 8:
        _COMPILED.clear()
    _COMPILED[id(taxonomy)] = (taxonomy, compiled)
    return compiled


def _present(idx: _Indexed, compiled: _Compiled) -> list[tuple[int, list[int]]]:
    """(theme order, ranks of its terms whose first word the text has), for the themes that have any,
    in taxonomy order; the ranks in the order the terms are tried. No other term can match."""
    by_theme: dict[int, list[int]] = {}
    for word in compiled.firsts.keys() & idx.by_norm.keys():
        for order, rank in compiled.firsts[word]:
            by_theme.setdefault(order, []).append(rank)
    for word, order, rank in compiled.prefixes:
        if idx.has_prefix(word):
            by_theme.setdefault(order, []).append(rank)
    return [(order, sorted(by_theme[order])) for order in sorted(by_theme)]


def _ordered_union(text: str, strong: list[str], weak: list[str]) -> list[str]:
    lowered = " ".join(text.lower().split())
    both = list(dict.fromkeys([*strong, *weak]))
    return sorted(both, key=lambda s: (lowered.find(s), s))


def record_theme_text(title: str | None, text: str, section: str = "") -> str:
    """The text a record's themes are judged on: its title, its words and the heading it sits under."""
    return " \n".join(part for part in (title or "", text, section or "") if part)


def find_terms(text: str, terms: Iterable[str]) -> list[str]:
    """The terms found in text by the same rule as theme terms, as written there, in text order."""
    return list(_found_terms(text, tuple(terms)))


@text_cache(65536)
def _found_terms(text: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    # Cached: the comparison asks about the same sentence and the same theme terms again and again.
    idx = _indexed(text)
    used: set[int] = set()
    found: list[tuple[int, str]] = []
    for words in sorted((_term_words(t) for t in terms), key=lambda w: -len(w)):
        for first, last in _find(words, idx, used):
            found.append((first, idx.surface(first, last)))
    return tuple(_in_order(found))


@text_cache(16384)
def _indexed(text: str) -> _Indexed:
    # A text is asked about many sets of terms (one per theme); it is tokenised once.
    return _Indexed(text)
