"""Incremental builds: after an added report, an edited source or an edited template, the site is byte for
byte the one a full build makes, and only the pages whose inputs changed were built again."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from project_support import catalogue_text, make_project
from reportsite.build.incremental import always_built, state_dir
from reportsite.build.pipeline import run_build
from reportsite.build.warm import Warm
from reportsite.errors import BuildError, ReportsiteError
from reportsite.project import PACKAGE_ROOT, Project
from reportsite.render.env import make_env
from reportsite.render.reuse import Reuse
from reportsite.render.uses import record_templates
from reportsite.store.site import SiteSettings

FIRST = ("mopan-2023-press-release", "iom-2014-dg-un-relations")
ADDED = "iom-2019-management-response"
EPOCH = "1790000000"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def full_build(project: Project) -> dict[str, str]:
    """The site a build from nothing makes of the project as it is now (extraction stays cached)."""
    shutil.rmtree(state_dir(project), ignore_errors=True)
    (project.build_dir / "site.stamp").unlink(missing_ok=True)
    run_build(project)
    return tree(project.site_dir)


def build(project: Project) -> tuple[dict[str, str], list[str]]:
    messages: list[str] = []
    run_build(project, messages.append)
    return tree(project.site_dir), messages


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project of two reports, built once; each test works on a copy."""
    root = tmp_path_factory.mktemp("incremental") / "project"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        proj = make_project(root, catalogue_text(*FIRST))
        # Its overrides name records of reports this catalogue leaves out.
        proj.curation.unlink()
        # A site_url makes MkDocs list every page in the sitemap, which the incremental build merges.
        text = (PACKAGE_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        (proj.root / "mkdocs.yml").write_text(
            "site_url: https://example.org/shelf/\n" + text, encoding="utf-8"
        )
        shutil.copytree(PACKAGE_ROOT / "templates", proj.root / "templates")
        run_build(proj)
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    shutil.copytree(built, tmp_path / "project", symlinks=True)
    return Project.at(tmp_path / "project")


def unchanged(messages: list[str]) -> int:
    line = next(m for m in messages if m.startswith("running MkDocs on"))
    return int(line.split("(")[1].split()[0]) if "unchanged)" in line else 0


def test_adding_a_report_builds_only_what_changed_and_equals_a_full_build(project: Project) -> None:
    before = tree(project.site_dir)
    project.catalogue.write_text(catalogue_text(*FIRST, ADDED), encoding="utf-8")
    incremental, messages = build(project)
    assert unchanged(messages) > 0
    assert any(m.endswith("finding pages unchanged") for m in messages)
    assert any(p.startswith(f"findings/{ADDED}/") for p in incremental.keys() - before.keys())
    assert "sitemap.xml" in incremental
    assert incremental == full_build(project)


def edit_a_word(project: Project) -> None:
    path = project.sources / "iom-2014-dg-response-un-relations.txt"
    lines = path.read_text(encoding="utf-8").split("\n")
    # A word changed in the middle of the document: its records, reader and lists change.
    middle = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i].split()) > 8)
    words = lines[middle].split()
    words[3] = words[3] + "s"
    lines[middle] = " ".join(words)
    path.write_text("\n".join(lines), encoding="utf-8")


def test_editing_a_source_equals_a_full_build(project: Project) -> None:
    edit_a_word(project)
    incremental, messages = build(project)
    assert unchanged(messages) > 0
    assert incremental == full_build(project)


def test_pages_whose_raw_blocks_alone_changed_are_not_built_by_mkdocs_again(
    project: Project, tmp_path: Path
) -> None:
    """The source reader and the lists quoting the edited words change only inside their raw blocks:
    the last build's frames of them take the new blocks. Without the frames, MkDocs builds them."""
    twin = Project.at(shutil.copytree(project.root, tmp_path / "twin", symlinks=True))
    shutil.rmtree(twin.build_dir / "frames")
    for each in (project, twin):
        edit_a_word(each)
    refilled, messages = build(project)
    rebuilt, twin_messages = build(twin)
    built_pages = [int(m.split()[3]) for m in (messages + twin_messages) if m.startswith("running MkDocs on")]
    assert built_pages[0] < built_pages[1], built_pages
    assert refilled == rebuilt == full_build(project)
    # Only frames of this build's pages are kept.
    frames = {p.name for p in (project.build_dir / "frames").iterdir()}
    assert frames and all(p.endswith(".html") for p in frames)
    assert len(frames) == len(json.loads((state_dir(project) / "state.json").read_bytes())["frames"])


def render_state(project: Project) -> dict[str, tuple[str, dict[str, str]]]:
    """Batch name -> (its key, its files' hashes) as the last build's render left them (render/reuse.py)."""
    folder = project.build_dir / "render"
    batches = json.loads((folder / "render.json").read_text(encoding="utf-8"))["batches"]
    kept = Reuse(folder, "", lambda _used: "").kept
    return {
        name: (key, {f: hashlib.sha256(kept(f).read_bytes()).hexdigest() for f in files})
        for name, (key, _uses, _digest, files, _parts) in batches.items()
    }


def test_after_an_edited_record_only_the_pages_made_from_it_are_rendered_again(project: Project) -> None:
    before = render_state(project)
    path = project.sources / "iom-2014-dg-response-un-relations.txt"
    text = path.read_text(encoding="utf-8")
    # One word of one record's text: that record, and only what shows it, changes.
    word = next(w for w in text.split() if w.isalpha() and len(w) > 6)
    path.write_text(text.replace(f" {word} ", f" {word}x ", 1), encoding="utf-8")
    messages: list[str] = []
    run_build(project, messages.append)
    after = render_state(project)
    taken = {n for n in after if n in before and after[n][0] == before[n][0]}
    changed = {n for n in after if n not in before or after[n][1] != before[n][1]}
    # What was taken is what a full render makes; what changed was rendered.
    assert not taken & changed
    assert changed and taken
    assert any(m.endswith("pages and files unchanged") for m in messages)
    # Rendered again with the same bytes: only pages that show the edited report's records somewhere
    # the page's bytes do not reflect; never a page of the other report.
    same = set(after) - taken - changed
    assert not {n for n in same if FIRST[0] in n}
    assert len(same) <= len(changed)
    incremental = tree(project.site_dir)
    assert incremental == full_build(project)
    assert {n: after[n][1] for n in after} == {n: v[1] for n, v in render_state(project).items()}


def test_removing_a_report_leaves_none_of_its_pages(project: Project) -> None:
    gone = f"findings/{FIRST[1]}/"
    assert any(p.startswith(gone) and p.endswith(".json") for p in tree(project.site_dir))
    project.catalogue.write_text(catalogue_text(*FIRST[:1]), encoding="utf-8")
    incremental, _ = build(project)
    # Its permalinks now hold redirects (the ledger's), not pages.
    assert not any(p.startswith(gone) and p.endswith(".json") for p in incremental)
    assert incremental == full_build(project)


def built_by_mkdocs(messages: list[str]) -> int:
    line = next(m for m in messages if m.startswith("running MkDocs on"))
    return int(line.split()[3])


def findings_kept(messages: list[str]) -> tuple[int, int]:
    """(finding pages taken from the last build, finding pages) as the build reported them."""
    line = next((m for m in messages if m.endswith("finding pages unchanged")), "0 of 0")
    kept, total = line.split()[0], line.split()[2]
    return int(kept), int(total)


def changed_pages(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {p for p in after if p.endswith("index.html") and after[p] != before.get(p)}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_editing_the_finding_template_rebuilds_the_finding_pages_only(project: Project) -> None:
    before = tree(project.site_dir)
    append(project.templates / "finding.html.j2", "\n<p>Edited finding template.</p>\n")
    incremental, messages = build(project)
    # Only the shell the finding pages are cut from goes through MkDocs.
    assert built_by_mkdocs(messages) == 1
    assert findings_kept(messages)[0] == 0
    assert all(p.startswith("findings/") for p in changed_pages(before, incremental))
    assert incremental == full_build(project)


def test_editing_the_report_template_rebuilds_the_report_pages_only(project: Project) -> None:
    before = tree(project.site_dir)
    append(project.templates / "report.md.j2", "\nEdited report template.\n")
    incremental, messages = build(project)
    assert changed_pages(before, incremental) == {f"reports/{r}/index.html" for r in FIRST}
    assert built_by_mkdocs(messages) == len(FIRST) + 1
    kept, total = findings_kept(messages)
    assert kept == total > 0
    assert incremental == full_build(project)


def test_editing_the_home_text_rebuilds_the_home_page_only(project: Project) -> None:
    before = tree(project.site_dir)
    text = project.site_settings.read_text(encoding="utf-8")
    assert "home: |-\n" in text
    project.site_settings.write_text(text.replace("home: |-\n", "home: |-\n  Edited home text.\n"))
    incremental, messages = build(project)
    # The other pages of the navigation are kept: their entries' titles are mkdocs.yml's.
    assert changed_pages(before, incremental) == {"index.html"}
    kept, total = findings_kept(messages)
    assert kept == total > 0
    assert incremental == full_build(project)


def test_editing_the_site_title_rebuilds_every_page(project: Project) -> None:
    text = project.site_settings.read_text(encoding="utf-8")
    project.site_settings.write_text(re.sub(r"(?m)^title: .*$", "title: Another title", text))
    incremental, messages = build(project)
    assert unchanged(messages) == 0
    assert findings_kept(messages)[0] == 0
    assert incremental == full_build(project)


def test_editing_a_theme_override_rebuilds_every_page(project: Project) -> None:
    append(project.templates / "overrides" / "main.html", "\n{#- edited -#}\n")
    incremental, messages = build(project)
    assert unchanged(messages) == 0
    assert findings_kept(messages)[0] == 0
    assert incremental == full_build(project)


def test_rebuilds_in_one_process_take_the_linked_records_again_and_equal_a_full_build(
    project: Project,
) -> None:
    warm = Warm()
    run_build(project, warm=warm)
    path = project.sources / "iom-2014-dg-response-un-relations.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " The ", 1), encoding="utf-8")
    messages: list[str] = []
    run_build(project, messages.append, warm=warm)
    assert "extract: 1 changed, 1 cached" in messages
    append(project.templates / "report.md.j2", "\nEdited report template.\n")
    messages = []
    run_build(project, messages.append, warm=warm)
    # Nothing extraction or linking reads changed: neither ran again.
    assert not any(m.startswith("extract:") for m in messages)
    # Each rebuild removed what the one before left: only the last one's old site is kept.
    assert len(list(project.build_dir.glob("trash-*"))) == 1
    assert tree(project.site_dir) == full_build(project)


def test_a_failed_incremental_build_leaves_site_and_state_as_they_were(project: Project) -> None:
    before = tree(project.site_dir)
    state = tree(state_dir(project))
    project.catalogue.write_text(catalogue_text(*FIRST, ADDED), encoding="utf-8")
    (project.root / "mkdocs.yml").write_text("theme: {name: no-such-theme}\n", encoding="utf-8")
    with pytest.raises(BuildError):
        run_build(project)
    assert tree(project.site_dir) == before
    assert tree(state_dir(project)) == state


def test_pages_of_a_nav_without_titles_are_built_every_time() -> None:
    titled = {"nav": [{"Home": "index.md"}, {"Reports": "reports/index.md"}]}
    bare = {"nav": ["index.md", {"Reports": "reports/index.md"}]}
    assert always_built(titled) == set()
    # A bare entry shows the page's own heading in every page's navigation.
    assert always_built(bare) == {"index.md", "reports/index.md"}
    assert always_built({}) is None


def test_rendering_notes_every_template_and_setting_a_page_was_made_with(tmp_path: Path) -> None:
    (tmp_path / "page.md.j2").write_text(
        '{% extends "base.j2" %}{% import "m.j2" as m %}{% block b %}{{ m.x() }}{{ site.home }}{% endblock %}'
    )
    (tmp_path / "base.j2").write_text('{% block b %}{% endblock %}{% include "part.j2" %}')
    (tmp_path / "m.j2").write_text("{% macro x() %}x{% endmacro %}")
    (tmp_path / "part.j2").write_text("part")
    (tmp_path / "other.j2").write_text("{{ site.title }}")
    env = make_env(tmp_path, site=SiteSettings(home="Home text"))
    with record_templates() as used:
        assert env.get_template("page.md.j2").render() == "xHome textpart"
    assert used == {"page.md.j2", "base.j2", "m.j2", "part.j2", "site.home"}


def test_a_finding_page_the_old_site_lost_a_file_of_is_written_again(project: Project) -> None:
    # The pages are linked on threads meanwhile; one that turns out to be missing is rendered instead.
    lost = sorted(project.site_dir.glob("findings/*/*/index.html"))[:3]
    for page in lost:
        page.unlink()
    text = project.site_settings.read_text(encoding="utf-8")
    project.site_settings.write_text(text.replace("home: |-\n", "home: |-\n  Edited home text.\n"))
    incremental, messages = build(project)
    assert all(p.relative_to(project.site_dir).as_posix() in incremental for p in lost)
    kept, total = findings_kept(messages)
    assert kept == total - len(lost) > 0
    assert incremental == full_build(project)


def finding_folders(project: Project) -> dict[str, int]:
    """The inodes of the reports' folders of finding pages, and of their JSON at the short addresses."""
    return {
        f"{top}/{p.name}": p.stat().st_ino
        for top in ("findings", "f")
        for p in (project.site_dir / top).iterdir()
        if p.is_dir()
    }


def test_a_report_whose_finding_pages_are_all_kept_moves_over_whole(project: Project) -> None:
    # The folder itself, not a new one with the files linked into it: its inode stays the same.
    folders = finding_folders(project)
    text = project.site_settings.read_text(encoding="utf-8")
    project.site_settings.write_text(text.replace("home: |-\n", "home: |-\n  Edited home text.\n"))
    incremental, _ = build(project)
    assert finding_folders(project) == folders
    assert incremental == full_build(project)
    folders = finding_folders(project)
    edit_a_word(project)
    incremental, _ = build(project)
    now = finding_folders(project)
    assert now[f"findings/{FIRST[1]}"] != folders[f"findings/{FIRST[1]}"]
    assert now[f"f/{FIRST[1]}"] != folders[f"f/{FIRST[1]}"]
    assert incremental == full_build(project)


def page_folders(project: Project) -> dict[str, tuple[int, str]]:
    """The inode and the page's digest of every finding page's folder."""
    return {
        p.parent.relative_to(project.site_dir).as_posix(): (
            p.parent.stat().st_ino,
            hashlib.sha256(p.read_bytes()).hexdigest(),
        )
        for p in (project.site_dir / "findings").glob("*/*/index.html")
    }


def test_a_kept_page_among_pages_made_again_moves_over_alone(project: Project) -> None:
    before = page_folders(project)
    # A word of a finding's text: the pages that quote it are made again, the others in its report not.
    edit_a_word(project)
    incremental, _ = build(project)
    after = page_folders(project)
    made = {url for url in before if url in after and after[url][1] != before[url][1]}
    kept = {url for url in before if url in after and after[url][1] == before[url][1]}
    mixed = {url.rpartition("/")[0] for url in made}
    beside = {url for url in kept if url.rpartition("/")[0] in mixed}
    assert made and beside
    # The folder itself, not a new one with the files linked into it.
    assert all(after[url][0] == before[url][0] for url in beside)
    assert incremental == full_build(project)


def other_folders(project: Project) -> dict[str, int]:
    """The inodes of the page folders outside findings/ and f/, two levels down."""
    return {
        p.relative_to(project.site_dir).as_posix(): p.stat().st_ino
        for p in project.site_dir.glob("*/*")
        if p.is_dir() and p.parts[-2] not in ("findings", "f", "assets", "search")
    }


def test_page_folders_all_of_whose_files_are_kept_move_over_whole(project: Project) -> None:
    before = other_folders(project)
    edit_a_word(project)
    incremental, _ = build(project)
    after = other_folders(project)
    same = {name for name in before if after.get(name) == before[name]}
    # The other report's reader and page; not the edited report's reader, whose text changed.
    assert {f"sources/{FIRST[0]}", f"reports/{FIRST[0]}"} <= same
    assert f"sources/{FIRST[1]}" in after and f"sources/{FIRST[1]}" not in same
    assert incremental == full_build(project)


@pytest.mark.parametrize("edit", ["home", "word"])
def test_folders_moved_into_a_site_that_is_not_put_in_place_go_back(
    project: Project, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    from reportsite.build import pipeline

    before = tree(project.site_dir)
    state = tree(state_dir(project))

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "replace_site", full_disk)
    if edit == "home":
        text = project.site_settings.read_text(encoding="utf-8")
        project.site_settings.write_text(text.replace("home: |-\n", "home: |-\n  Edited home text.\n"))
    else:
        # Some pages of a report made again: the others' folders were moved one by one.
        edit_a_word(project)
    with pytest.raises(OSError):
        run_build(project)
    assert tree(project.site_dir) == before
    assert not state_dir(project).exists() or tree(state_dir(project)) == state


class Seen:
    """Each MkDocs run's docs folder (its files) and the static files handed to it from elsewhere, as a
    spy saw them: in a file, as MkDocs may run in a forked child (build/stages.py)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def add(self, files: set[str], static: dict[str, str]) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps([sorted(files), static]) + "\n")

    def __getitem__(self, i: int) -> tuple[set[str], dict[str, str]]:
        files, static = json.loads(self.path.read_text(encoding="utf-8").splitlines()[i])
        return set(files), static


def given_to_mkdocs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Seen:
    from reportsite.build import stages

    seen = Seen(tmp_path / "seen.jsonl")
    real = stages.mkdocs_build

    def spy(project: Project, docs_dir: Path, site_dir: Path, *more: Any) -> list[str]:
        files = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
        seen.add(files, dict(more[0]))
        return real(project, docs_dir, site_dir, *more)

    monkeypatch.setattr(stages, "mkdocs_build", spy)
    return seen


def test_unchanged_pages_and_data_files_stay_out_of_the_docs_folder(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = given_to_mkdocs(monkeypatch, tmp_path)
    edit_a_word(project)
    incremental, _ = build(project)
    files, static = seen[-1]
    # The other report's table and citation files were taken: not in the docs folder, yet in the site.
    kept = {name for name in static if FIRST[0] in name}
    assert kept and not kept & files
    assert not any(name.endswith(".md") for name in static)
    # Nor are its pages, which MkDocs does not build again.
    source_page = f"sources/{FIRST[0]}/index.md"
    assert source_page not in files and f"sources/{FIRST[0]}/index.html" in incremental
    for name, path in static.items():
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == incremental[name]
    assert incremental == full_build(project)
    # A full build has nothing to take.
    assert seen[-1][1] == {}


def test_with_exclude_docs_every_data_file_passes_through_the_docs_folder(
    project: Project, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # MkDocs leaves out what exclude_docs names, from the docs folder's listing only.
    text = project.mkdocs_yml.read_text(encoding="utf-8")
    project.mkdocs_yml.write_text("exclude_docs: |\n  *.ris\n" + text, encoding="utf-8")
    build(project)
    seen = given_to_mkdocs(monkeypatch, tmp_path)
    edit_a_word(project)
    incremental, _ = build(project)
    assert seen[-1][1] == {}
    # The theme pages' citations pass through MkDocs (the finding pages' are written apart).
    assert not any(name.startswith("themes/") and name.endswith(".ris") for name in incremental)
    assert any(name.startswith("themes/") and name.endswith(".bib") for name in incremental)
    assert incremental == full_build(project)


def test_folders_moved_by_a_build_killed_before_the_swap_are_put_back(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportsite.build import incremental, pipeline

    before = tree(project.site_dir)

    class Killed(BaseException):
        pass

    def killed(*_args: object) -> None:
        raise Killed

    # As a SIGKILL between the moves and the swap would: nothing is undone, nothing tidied.
    with monkeypatch.context() as mp:
        mp.setattr(pipeline, "replace_site", killed)
        mp.setattr(incremental.Plan, "move_back", lambda _self: None)
        mp.setattr(pipeline, "retire", lambda _work: None)
        edit_a_word(project)
        with pytest.raises(Killed):
            run_build(project)
    assert tree(project.site_dir) != before
    assert incremental.moves_journal(project).is_file()
    # The next build puts them back first: refused, it leaves the last good site whole.
    path = project.sources / "iom-2014-dg-response-un-relations.txt"
    text = path.read_bytes()
    path.write_bytes(text + b"\xff\n")
    messages: list[str] = []
    with pytest.raises(ReportsiteError):
        run_build(project, messages.append)
    assert "put back the folders a killed build had moved out of site/" in messages
    assert not incremental.moves_journal(project).exists()
    assert tree(project.site_dir) == before
    path.write_bytes(text)
    run_build(project)
    assert tree(project.site_dir) == full_build(project)
