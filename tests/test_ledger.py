"""The permalink ledger: every published finding id keeps answering, as a page or a redirect."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urljoin

import pytest
import yaml
from click.testing import CliRunner

from reportsite.cli import cli
from reportsite.project import Project
from reportsite.records import Extract, Finding, Report, Source
from reportsite.store.ledger import (
    SIMILARITY,
    load_ledger,
    record_published,
    redirect_pages,
)

OLD_TEXT = "IOM's results-based management is not yet embedded across the organisation."


def finding(fid: str, text: str, kind: str = "improvement") -> Finding:
    return Finding(id=fid, kind=kind, text=text, source=Source(lines=[1, 1]))  # type: ignore[arg-type]


def report(rid: str) -> Report:
    return Report(
        id=rid, title=rid, publisher="MOPAN", date="2023", kind="assessment", source=f"sources/{rid}.md"
    )


def linked(*findings: Finding, reports: tuple[str, ...] = ("brief",)) -> Any:
    """What the ledger reads of the link stage's result: extracts, visible findings, their reports."""
    by_report = {rid: report(rid) for rid in reports}
    extracts = [
        Extract(report=r, findings=[f for f in findings if f.id.startswith(f"{rid}/")])
        for rid, r in by_report.items()
    ]
    return SimpleNamespace(
        extracts=extracts,
        findings={f.id: f for f in findings},
        report_of={f.id: by_report[f.id.split("/")[0]] for f in findings},
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    (tmp_path / "extract").mkdir()
    return Project.at(tmp_path)


def publish(project: Project, *findings: Finding, **kwargs: Any) -> Any:
    result = linked(*findings, **kwargs)
    record_published(project, result)
    return result


def test_published_ids_are_recorded_with_their_first_date(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    publish(project, finding("brief/rbm", OLD_TEXT), finding("brief/agility", "Agile.", kind="strength"))
    ledger = load_ledger(project.ledger)
    assert ledger["brief/rbm"].first_seen == "2023-11-14"
    assert ledger["brief/agility"].first_seen == "2027-01-15"
    assert ledger["brief/rbm"].report == "brief"
    assert ledger["brief/rbm"].text == OLD_TEXT
    assert not ledger["brief/rbm"].retired
    assert project.ledger.read_text(encoding="utf-8").startswith("# Every finding id ever published")


def test_an_unchanged_ledger_is_not_rewritten(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    before = project.ledger.stat().st_mtime_ns, project.ledger.read_bytes()
    publish(project, finding("brief/rbm", OLD_TEXT))
    assert (project.ledger.stat().st_mtime_ns, project.ledger.read_bytes()) == before


def test_a_reworded_finding_redirects_to_its_new_id(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT), finding("brief/other", "Funding is too earmarked."))
    new = finding("brief/rbm-2", OLD_TEXT.replace("not yet", "still not"))
    now = publish(project, new, finding("brief/other", "Funding is too earmarked."))
    assert redirect_pages(project, now) == {"findings/brief/rbm/index.html": "/findings/brief/rbm-2/"}
    entry = load_ledger(project.ledger)["brief/rbm"]
    assert (entry.retired, entry.successor) == ("2023-11-14", "/findings/brief/rbm-2/")


def test_the_most_similar_finding_of_the_same_kind_wins(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    close = finding("brief/b", OLD_TEXT.replace("organisation", "organization"))
    closer_but_strength = finding("brief/a", OLD_TEXT, kind="strength")
    farther = finding("brief/c", OLD_TEXT.replace("not yet embedded", "only partly in place"))
    now = linked(farther, closer_but_strength, close)
    assert redirect_pages(project, now) == {"findings/brief/rbm/index.html": "/findings/brief/b/"}


def test_ties_go_to_the_smaller_id(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    text = OLD_TEXT.replace("IOM's", "The")
    now = linked(finding("brief/z", text), finding("brief/m", text))
    assert redirect_pages(project, now) == {"findings/brief/rbm/index.html": "/findings/brief/m/"}


def test_no_similar_finding_redirects_to_the_report(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    unrelated = finding("brief/funding", "Core funding fell to 3 per cent of the budget.")
    assert redirect_pages(project, linked(unrelated)) == {"findings/brief/rbm/index.html": "/reports/brief/"}


def test_a_finding_in_another_report_is_never_the_successor(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT), reports=("brief", "other"))
    now = linked(finding("other/rbm", OLD_TEXT), reports=("brief", "other"))
    assert redirect_pages(project, now) == {"findings/brief/rbm/index.html": "/reports/brief/"}


def test_a_removed_report_redirects_home(project: Project) -> None:
    publish(project, finding("gone/rbm", OLD_TEXT), reports=("gone",))
    assert redirect_pages(project, linked(reports=("brief",))) == {"findings/gone/rbm/index.html": "/"}


def test_a_curated_successor_wins(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    now = linked(finding("brief/rbm-2", OLD_TEXT + " Still."), finding("brief/chosen", "Something else."))
    pages = redirect_pages(project, now, {"brief/rbm": "brief/chosen"})
    assert pages == {"findings/brief/rbm/index.html": "/findings/brief/chosen/"}


def test_a_recorded_successor_holds_while_it_lives(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    publish(project, finding("brief/rbm-2", OLD_TEXT + " Still."))
    # A closer match appears later; the redirect already published does not move.
    now = linked(finding("brief/rbm-2", OLD_TEXT + " Still."), finding("brief/rbm-3", OLD_TEXT))
    assert redirect_pages(project, now)["findings/brief/rbm/index.html"] == "/findings/brief/rbm-2/"


def test_a_chain_of_rewordings_ends_at_a_live_page(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    publish(project, finding("brief/rbm-2", OLD_TEXT + " Still."))
    now = publish(project, finding("brief/rbm-3", OLD_TEXT + " Still, in 2023."))
    assert redirect_pages(project, now) == {
        "findings/brief/rbm/index.html": "/findings/brief/rbm-3/",
        "findings/brief/rbm-2/index.html": "/findings/brief/rbm-3/",
    }


def test_an_id_that_comes_back_is_live_again(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    publish(project)
    now = publish(project, finding("brief/rbm", OLD_TEXT))
    assert redirect_pages(project, now) == {}
    entry = load_ledger(project.ledger)["brief/rbm"]
    assert (entry.retired, entry.successor, entry.first_seen) == (None, None, "2023-11-14")


def test_the_threshold_is_a_ratio() -> None:
    assert 0.5 <= SIMILARITY < 1


def test_the_ledger_is_plain_safe_yaml(project: Project) -> None:
    publish(project, finding("brief/rbm", OLD_TEXT))
    publish(project, finding("brief/rbm-2", OLD_TEXT + " Still."))
    data = yaml.safe_load(project.ledger.read_text(encoding="utf-8"))
    assert data["findings"]["brief/rbm"] == {
        "report": "brief",
        "kind": "improvement",
        "first_seen": "2023-11-14",
        "retired": "2023-11-14",
        "successor": "/findings/brief/rbm-2/",
        "text": OLD_TEXT,
    }


def test_check_names_the_retired_ids_and_their_targets(project: Project) -> None:
    from reportsite.commands.check import run_check
    from reportsite.store.yaml_io import extract_to_yaml

    (project.root / "sources").mkdir()
    (project.root / "sources" / "brief.md").write_text("# Brief\n", encoding="utf-8")
    project.catalogue.write_text(
        "reports:\n  - {id: brief, title: Brief, publisher: MOPAN, date: '2023', kind: assessment, file: brief.md}\n",
        encoding="utf-8",
    )
    publish(project, finding("brief/rbm", OLD_TEXT), finding("brief/gone", "Funding is earmarked."))
    now = [finding("brief/rbm-2", OLD_TEXT + " Still.")]
    brief = Report(
        id="brief",
        title="Brief",
        publisher="MOPAN",
        date="2023",
        kind="assessment",
        source="sources/brief.md",
    )
    text = extract_to_yaml(Extract(report=brief, findings=now))
    (project.extract_dir / "brief.yml").write_text(text, encoding="utf-8")
    assert run_check(project)[-1] == (
        "ledger: 2 retired ids redirect (brief/gone -> /reports/brief/, brief/rbm -> brief/rbm-2)"
    )


# End to end: every finding URL a build published still answers after a source changes.

REPO = Path(__file__).resolve().parents[1]
REFRESH = re.compile(r"""<meta\s+http-equiv=["']refresh["']\s+content=["']\d+;\s*url=([^"']+)["']""", re.I)


def page_of(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html"


def answers(site: Path, url: str) -> str | None:
    """The URL of the live page that url leads to (itself, or a redirect's target), or None."""
    for _ in range(3):
        page = page_of(site, url)
        if not page.is_file():
            return None
        m = REFRESH.search(page.read_text(encoding="utf-8"))
        if m is None:
            return url
        url = urljoin(url, m.group(1).strip())
    return None


def build(root: Path) -> list[str]:
    result = CliRunner().invoke(
        cli, ["--project", str(root), "build"], env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr
    return result.stderr.splitlines()


def test_every_published_finding_url_still_answers_after_a_source_changes(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(REPO / "sources", root / "sources")
    build(root)
    project = Project.at(root)
    brief = yaml.safe_load((project.extract_dir / "mopan-2023-brief.yml").read_text(encoding="utf-8"))
    assert len(brief["findings"]) >= 3
    published = sorted(
        "/" + p.parent.relative_to(project.site_dir).as_posix() + "/"
        for p in (project.site_dir / "findings").rglob("index.html")
    )
    assert all(answers(project.site_dir, url) == url for url in published)

    # Reword one finding and delete another, in the source people edit.
    source = project.sources / "mopan-2023-iom-brief.txt"
    lines = source.read_text(encoding="utf-8").split("\n")
    reworded, deleted = brief["findings"][0], brief["findings"][2]
    a = reworded["source"]["lines"][0]
    first_word = reworded["text"].split()[0]
    lines[a - 1] = lines[a - 1].replace(first_word, f"{first_word} Notably,", 1)
    c, d = deleted["source"]["lines"]
    lines[c - 1 : d] = [""] * (d - c + 1)
    source.write_text("\n".join(lines), encoding="utf-8")
    err = build(root)
    assert "extract: 1 changed, 4 cached" in err

    now = yaml.safe_load((project.extract_dir / "mopan-2023-brief.yml").read_text(encoding="utf-8"))
    live = {f["id"] for f in now["findings"]}
    assert deleted["id"] not in live
    for url in published:
        target = answers(project.site_dir, url)
        assert target is not None, f"{url} no longer answers"
        assert target == "/" or page_of(project.site_dir, target).is_file()
    assert answers(project.site_dir, f"/findings/{deleted['id']}/") != f"/findings/{deleted['id']}/"
    ledger = load_ledger(project.ledger)
    assert set(ledger) >= {u.removeprefix("/findings/").strip("/") for u in published}
    assert ledger[deleted["id"]].retired
