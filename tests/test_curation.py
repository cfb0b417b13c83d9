"""sources/curation.yml: loading with line numbers, the unknown-id error, and applying overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportsite.errors import CurationError
from reportsite.link.curation import Curation, check_curation, curated_themes, load_curation
from reportsite.link.linked import link
from reportsite.link.themes import Taxonomy, Theme
from reportsite.records import Extract, Finding, Report, Source

ROOT = Path(__file__).resolve().parents[1]

CURATION = """\
# a comment
overrides:
  - id: r2023/earmarking
    add_themes: [gender]
    remove_themes: [funding]
    note: the quote is about the gender marker
  - id: r2023/erp
    hide: true

  - id: r2023/gone
    themes: [funding]
themes:
  - theme: funding
    status: persisting
    note: Both assessments say so.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources" / "curation.yml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_load_keeps_each_entry_and_its_line(tmp_path: Path) -> None:
    curation = load_curation(write(tmp_path, CURATION))
    assert [(o.id, o.line) for o in curation.overrides] == [
        ("r2023/earmarking", 3),
        ("r2023/erp", 7),
        ("r2023/gone", 10),
    ]
    first = curation.overrides[0]
    assert first.add_themes == ("gender",) and first.remove_themes == ("funding",)
    assert curation.hidden == {"r2023/erp"}
    assert curation.for_theme("funding") is not None
    assert curation.for_theme("funding").status == "persisting"  # type: ignore[union-attr]


def test_unknown_id_names_the_exact_line(tmp_path: Path) -> None:
    curation = load_curation(write(tmp_path, CURATION))
    with pytest.raises(CurationError) as info:
        check_curation(curation, {"r2023/earmarking", "r2023/erp"})
    assert str(info.value) == (
        "sources/curation.yml, line 10: no record with id 'r2023/gone' "
        "(it may have been renamed; see extract/ledger.yml)"
    )


def test_unknown_related_target_and_theme_are_errors(tmp_path: Path) -> None:
    text = "overrides:\n  - id: a/x\n    related:\n      - id: b/missing\n        reason: same topic\n"
    with pytest.raises(CurationError, match=r"line 4: no record with id 'b/missing'"):
        check_curation(load_curation(write(tmp_path, text)), {"a/x"})
    text = "overrides:\n  - id: a/x\n    add_themes:\n      - nope\n"
    with pytest.raises(CurationError, match=r"line 4: no theme with id 'nope'"):
        check_curation(load_curation(write(tmp_path, text)), {"a/x"}, {"funding"})


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("overrides:\n  - id: a/x\n    hidden: true\n", 3, "unknown key 'hidden'"),
        ("overrides:\n  - id: a/x\n    hide: maybe\n", 3, "hide should be true or false"),
        ("overrides:\n  - id: a/x\n", 2, "this override changes nothing"),
        ("overrides:\n  - hide: true\n", 2, "an override needs 'id: <record id>'"),
        (
            "overrides:\n  - {id: a/x, hide: true}\n  - {id: a/x, note: n}\n",
            3,
            "already has an override on line 2",
        ),
        ("themes:\n  - theme: t\n    status: better\n", 3, "status 'better' is not one of"),
        ("overrides: [\n", 2, "not valid YAML"),
    ],
)
def test_malformed_curation_names_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    with pytest.raises(CurationError) as info:
        load_curation(write(tmp_path, text))
    assert str(info.value).startswith(f"sources/curation.yml, line {line}: ")
    assert message in str(info.value)


def test_absent_or_empty_file_means_no_overrides(tmp_path: Path) -> None:
    assert load_curation(tmp_path / "curation.yml").overrides == ()
    assert load_curation(write(tmp_path, "# nothing yet\n")).overrides == ()
    assert load_curation(write(tmp_path, "overrides: []\n")).overrides == ()


def test_curated_themes_set_then_add_then_remove(tmp_path: Path) -> None:
    text = "overrides:\n  - id: a/x\n    themes: [a, b]\n    add_themes: [c]\n    remove_themes: [a]\n"
    override = load_curation(write(tmp_path, text)).for_record("a/x")
    assert curated_themes(["z"], override) == ["b", "c"]
    assert curated_themes(["z"], None) == ["z"]


TAXONOMY = Taxonomy(
    themes=(
        Theme(id="funding", title="Funding model and earmarking", terms=("earmark*",)),
        Theme(id="gender", title="Gender", terms=("gender",)),
    )
)


def _extract() -> Extract:
    report = Report(
        id="r2023", title="R", publisher="MOPAN", date="2023", kind="assessment", cycle="2023", source="s.txt"
    )

    def finding(slug: str, text: str, line: int) -> Finding:
        return Finding(id=f"r2023/{slug}", kind="finding", text=text, source=Source(lines=[line, line]))

    return Extract(
        report=report,
        findings=[
            finding("earmarking", "97% of resources are earmarked.", 1),
            finding("erp", "A new ERP system is due in 2024.", 2),
        ],
    )


def test_overrides_apply_on_every_link_and_leave_the_extract_alone(tmp_path: Path) -> None:
    curation = load_curation(
        write(tmp_path, CURATION.replace("  - id: r2023/gone\n    themes: [funding]\n", ""))
    )
    extract = _extract()
    linked = link([extract], TAXONOMY, curation)
    assert linked.findings["r2023/earmarking"].themes == ["gender"]
    assert linked.findings["r2023/earmarking"].theme_reasons == {}
    assert linked.curated_themes == {"r2023/earmarking": ["gender"]}
    assert "r2023/erp" not in linked.findings
    # Re-extracting gives fresh records; the override still applies because it lives in its own file.
    assert extract.findings[0].themes == []
    assert link([_extract()], TAXONOMY, curation).findings["r2023/earmarking"].themes == ["gender"]
    funding = next(v for v in linked.themes if v.theme.id == "funding")
    assert funding.status == "persisting" and funding.curated_status
    assert funding.note == "Both assessments say so."
    assert "sources/curation.yml, line 11" in funding.status_reason


def test_link_fails_loudly_on_an_override_for_a_vanished_record(tmp_path: Path) -> None:
    curation = load_curation(write(tmp_path, CURATION))
    with pytest.raises(
        CurationError, match=r"^sources/curation.yml, line 10: no record with id 'r2023/gone'"
    ):
        link([_extract()], TAXONOMY, curation)


def test_shipped_curation_file_loads() -> None:
    curation = load_curation(ROOT / "sources" / "curation.yml")
    assert isinstance(curation, Curation)
