"""Theme assignment on sample sentences, and the taxonomy file's validation."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportsite.errors import CurationError
from reportsite.link.themes import Taxonomy, Theme, assign_themes, find_terms, load_taxonomy, normalise

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    loaded = load_taxonomy(ROOT / "sources" / "themes.yml")
    assert loaded is not None
    return loaded


TINY = Taxonomy(
    themes=(
        Theme(
            id="funding-model",
            title="Funding model and earmarking",
            terms=("earmark*", "funding model"),
            weak=("unearmarked funding", "unearmarked", "funding", "donor", "budget"),
        ),
        Theme(id="gender", title="Gender", terms=("gender", "PSEAH"), weak=("women", "inclusion")),
        Theme(id="partnerships", title="Partnerships", terms=("partnership",), weak=("joint", "agencies")),
        Theme(id="multi", title="Multi-year", terms=("multi-year agreement",)),
    )
)


@pytest.mark.parametrize(
    ("text", "themes", "reasons"),
    [
        # One strong term is enough; the reason is the word as the text writes it.
        ("97% of its resources being earmarked for specific activities", ["funding-model"], ["earmarked"]),
        # "unearmarked" is a word of its own: "earmark*" does not reach into it.
        ("IOM received unearmarked funding", [], []),
        # Two different weak terms make a theme; the phrase counts once, not also as "funding".
        ("donors gave unearmarked funding", ["funding-model"], ["donors", "unearmarked funding"]),
        ("earmarked and unearmarked funding", ["funding-model"], ["earmarked", "unearmarked funding"]),
        # The same weak word twice is still one weak term.
        ("the budget and the budget again", [], []),
        # Case and plurals do not matter; whole words only.
        ("New PARTNERSHIPS with UN agencies", ["partnerships"], ["partnerships", "agencies"]),
        ("Gender-sensitive design", ["gender"], ["gender"]),
        ("an engendered response", [], []),
        # Hyphens count as spaces.
        ("multi year agreements were signed", ["multi"], ["multi year agreements"]),
    ],
)
def test_assign_themes_on_sample_sentences(text: str, themes: list[str], reasons: list[str]) -> None:
    got, why = assign_themes(text, TINY)
    assert got == themes
    assert (why[themes[0]] if themes else []) == reasons


def test_strongest_theme_first_and_every_reason_kept() -> None:
    themes, why = assign_themes("Gender equality and PSEAH training for women, with donor funding", TINY)
    assert themes == ["gender", "funding-model"]
    assert why == {"gender": ["gender", "pseah", "women"], "funding-model": ["donor", "funding"]}


def test_assignment_is_deterministic(taxonomy: Taxonomy) -> None:
    text = "IOM's financial framework, with its heavy reliance on earmarked funding, remains the primary constraint"
    assert assign_themes(text, taxonomy) == assign_themes(text, taxonomy)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "IOM's financial framework, with its heavy reliance on earmarked funding, remains the primary "
            "constraint for organisational development.",
            {"funding-model": ["financial framework", "earmarked", "funding"]},
        ),
        (
            "This includes further strengthening IOM's evaluation function, which although significantly "
            "improved does not yet meet UN standards for independence.",
            {"evaluation-and-learning": ["evaluation function", "independence"]},
        ),
        (
            "Rolling out a new Enterprise Resource Planning system, due in 2024, to standardise key business "
            "processes",
            {"organisational-reform": ["enterprise resource planning", "business processes"]},
        ),
        (
            "Systematically integrating conflict sensitivity and accountability to affected populations in all "
            "programming, developing a protection strategy, and exploring options to promote localisation.",
            {
                "localisation-and-aap": ["accountability to affected populations", "localisation"],
                "nexus": ["conflict sensitivity"],
            },
        ),
        (
            "IOM has put in place policies and codes of conduct on preventing sexual exploitation and abuse, "
            "and sexual harassment (PSEAH)",
            {"gender-and-pseah": ["sexual exploitation", "abuse", "sexual harassment", "pseah"]},
        ),
    ],
)
def test_real_sentences_get_the_expected_themes(
    taxonomy: Taxonomy, text: str, expected: dict[str, list[str]]
) -> None:
    _, why = assign_themes(text, taxonomy)
    for theme_id, reasons in expected.items():
        assert why.get(theme_id) == reasons


def test_shipped_taxonomy_covers_the_required_themes(taxonomy: Taxonomy) -> None:
    assert len(taxonomy.themes) >= 16
    assert {t.area for t in taxonomy.themes} == {
        "Strategic",
        "Operational",
        "Relationship",
        "Performance Management",
        "Results",
    }
    assert all(t.kpis and t.terms and t.description for t in taxonomy.themes)


def test_normalise_plurals_and_spellings() -> None:
    assert normalise("Policies") == normalise("policy")
    assert normalise("organizations") == normalise("organisation")
    assert normalise("process") == "process"
    assert find_terms("Prioritizing the budget", ["prioritis*"]) == ["prioritizing"]


def test_absent_file_is_no_taxonomy(tmp_path: Path) -> None:
    assert load_taxonomy(tmp_path / "sources" / "themes.yml") is None


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("themes:\n  - id: a\n    title: A\n    terms: [x]\n    colour: red\n", 5, "unknown key 'colour'"),
        ("themes:\n  - id: a\n    title: A\n", 2, "theme is missing 'terms'"),
        ("themes:\n  - id: Not A Slug\n    title: A\n    terms: [x]\n", 2, "not a URL-safe slug"),
        ("themes:\n  - id: a\n    title: A\n    area: Finance\n    terms: [x]\n", 4, "area 'Finance'"),
        ("themes:\n  - id: a\n    title: A\n    kpis: [13]\n    terms: [x]\n", 4, "KPI '13'"),
        ("themes:\n  - id: a\n    title: A\n    terms: ['*x']\n", 4, "'*' may only end a word"),
        (
            "themes:\n  - id: a\n    title: A\n    terms: [x]\n  - id: a\n    title: B\n    terms: [y]\n",
            5,
            "theme id 'a' is used twice (first on line 2)",
        ),
        ("themes:\n  - id: a\n    title: [A\n", 4, "not valid YAML"),
    ],
)
def test_malformed_taxonomy_names_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "sources" / "themes.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurationError) as info:
        load_taxonomy(path)
    assert str(info.value).startswith(f"sources/themes.yml, line {line}: ")
    assert message in str(info.value)


def test_yaml_tags_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "themes.yml"
    path.write_text("themes: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    with pytest.raises(CurationError):
        load_taxonomy(path)


def test_c_parser_reads_the_taxonomy_as_the_python_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    # The C parser reads themes.yml first; its themes, terms and lines must be the pure-Python one's.
    from reportsite.store import safe_yaml

    path = Path(__file__).resolve().parents[1] / "sources" / "themes.yml"
    fast = load_taxonomy(path)
    compose = safe_yaml.compose
    monkeypatch.setattr(safe_yaml, "compose", lambda text, fast=False: compose(text))
    slow = load_taxonomy(path)
    assert fast is not None and len(fast.themes) > 5
    assert fast == slow
    assert [t.line for t in fast.themes] == [t.line for t in slow.themes]
