"""Page folders taken whole from the last site (build/folders.py): only where every file the new site
puts there is the last site's own, and the last site's folder holds exactly those."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from reportsite.build.folders import Renames, holds, undo_killed, whole_folders


def old_site(tmp_path: Path) -> tuple[Path, Path]:
    site, kept = tmp_path / "site", tmp_path / "kept"
    (site / "tables" / "t1").mkdir(parents=True)
    kept.mkdir()
    for name in ("index.html", "t1.csv"):
        (site / "tables" / "t1" / name).write_text(name, encoding="utf-8")
    os.link(site / "tables" / "t1" / "t1.csv", kept / "t1.csv")
    return site, kept


def test_a_folder_of_kept_files_only_moves_whole(tmp_path: Path) -> None:
    site, kept = old_site(tmp_path)
    files = {"tables/t1/t1.csv": str(kept / "t1.csv")}
    assert whole_folders(str(site), ["tables/t1/"], files, []) == {"tables/t1"}
    # A file this build writes there, or one more file in the old folder: it is filled file by file.
    assert whole_folders(str(site), ["tables/t1/"], files, ["tables/t1/t1.svg"]) == set()
    (site / "tables" / "t1" / "extra.txt").write_text("x", encoding="utf-8")
    assert whole_folders(str(site), ["tables/t1/"], files, []) == set()


def test_a_folder_with_pages_below_it_or_the_top_folder_never_moves(tmp_path: Path) -> None:
    site, kept = old_site(tmp_path)
    (site / "index.html").write_text("home", encoding="utf-8")
    files = {"tables/t1/t1.csv": str(kept / "t1.csv")}
    assert whole_folders(str(site), ["", "tables/t1/"], files, ["tables/t1/sub/index.html"]) == set()
    assert whole_folders(str(site), ["findings/r/"], {}, []) == set()


def test_a_kept_file_newer_than_the_sites_spoils_the_folder(tmp_path: Path) -> None:
    # What a build stopped after rendering left in .build/render/: not the site's file.
    site, kept = old_site(tmp_path)
    (kept / "t1.csv").unlink()
    (kept / "t1.csv").write_text("t1.csv", encoding="utf-8")
    os.utime(kept / "t1.csv", ns=(1, 1))
    assert whole_folders(str(site), ["tables/t1/"], {"tables/t1/t1.csv": str(kept / "t1.csv")}, []) == set()
    # A copy that kept its time (a project copied with its .build/) is the same file.
    (kept / "t1.csv").unlink()
    shutil.copy2(site / "tables" / "t1" / "t1.csv", kept / "t1.csv")
    assert whole_folders(str(site), ["tables/t1/"], {"tables/t1/t1.csv": str(kept / "t1.csv")}, []) == {
        "tables/t1"
    }


def test_moved_folders_go_back(tmp_path: Path) -> None:
    site, _ = old_site(tmp_path)
    new = tmp_path / "new"
    new.mkdir()
    journal = tmp_path / "moves.json"
    moves = Renames(str(site), str(new), journal)
    moves.folder("tables/t1")
    moves.run()
    assert (new / "tables" / "t1" / "t1.csv").is_file() and not (site / "tables" / "t1").exists()
    assert journal.is_file()
    moves.move_back()
    assert (site / "tables" / "t1" / "t1.csv").is_file() and not (new / "tables" / "t1").exists()
    assert not journal.exists()


def test_folders_a_killed_build_moved_are_put_back_by_the_next(tmp_path: Path) -> None:
    site, _ = old_site(tmp_path)
    new = tmp_path / "build" / "site"
    (new / "tables" / "t2").mkdir(parents=True)
    journal = tmp_path / "moves.json"
    moves = Renames(str(site), str(new), journal)
    moves.folder("tables/t1")
    moves.run()
    # Killed here, before the new site replaced the old: the next build puts the folder back.
    assert undo_killed(journal, site) == 1
    assert (site / "tables" / "t1" / "t1.csv").is_file() and not journal.exists()


def test_folders_of_a_site_that_was_put_in_place_stay(tmp_path: Path) -> None:
    site, _ = old_site(tmp_path)
    new = tmp_path / "build" / "site"
    new.mkdir(parents=True)
    journal = tmp_path / "moves.json"
    moves = Renames(str(site), str(new), journal)
    moves.folder("tables/t1")
    moves.run()
    # Killed after the swap, before the journal was removed: the new site is whole and stays so.
    site.rename(tmp_path / "old-site")
    new.rename(site)
    assert undo_killed(journal, site) == 0
    assert (site / "tables" / "t1" / "t1.csv").is_file() and not journal.exists()


def test_holds_tells_pages_and_files_in_a_folder() -> None:
    assert holds({"tables/t1"}, "tables/t1/")
    assert holds({"tables/t1"}, "tables/t1/t1.csv")
    assert not holds({"tables/t1"}, "tables/t1/sub/x.csv")
    assert not holds({"tables/t1"}, "tables/")


def test_a_damaged_journal_is_dropped(tmp_path: Path) -> None:
    site, _ = old_site(tmp_path)
    journal = tmp_path / "moves.json"
    journal.write_text('[["only one"], 3, {"a": 1}]', encoding="utf-8")
    assert undo_killed(journal, site) == 0
    assert not journal.exists()


def finding_site(tmp_path: Path, pages: dict[str, list[str]]) -> Path:
    """An old site with finding pages (report -> page names), each folder holding its page and each
    report's JSON beside them at the short address."""
    site = tmp_path / "old"
    for report, names in pages.items():
        for name in names:
            (site / "findings" / report / name).mkdir(parents=True)
            (site / "findings" / report / name / "index.html").write_text(name, encoding="utf-8")
            (site / "f" / report).mkdir(parents=True, exist_ok=True)
            (site / "f" / report / f"{name}.json").write_text(name, encoding="utf-8")
    return site


def page_paths(report: str, name: str) -> tuple[str, list[str]]:
    return f"findings/{report}/{name}/", [f"findings/{report}/{name}/index.html", f"f/{report}/{name}.json"]


def test_kept_pages_move_a_report_whole_or_page_by_page(tmp_path: Path) -> None:
    from reportsite.build.pagelinks import KeptPages

    old = finding_site(tmp_path, {"r1": ["a", "b"], "r2": ["c", "d"], "r3": ["e", "f"]})
    new = tmp_path / "new"
    new.mkdir()
    shutil.rmtree(old / "findings" / "r3" / "f")  # lost since the last build: made again
    kept = KeptPages(str(old), str(new))
    # r2's pages come apart: neither part is the whole folder.
    for report, name in [("r1", "a"), ("r1", "b"), ("r2", "c"), ("r3", "e"), ("r3", "f"), ("r2", "d")]:
        kept.page(*page_paths(report, name))
    assert kept.failed() == ["findings/r3/f/"]
    assert kept.whole == ["findings/r1", "f/r1"]
    assert kept.singles == ["findings/r2/c/", "findings/r3/e/", "findings/r3/f/", "findings/r2/d/"]
    renames = Renames(str(old), str(new), tmp_path / "moves.json")
    kept.move(renames)
    renames.run()
    listed = sorted(str(p.relative_to(new)) for p in new.rglob("*") if p.is_file())
    assert listed == [
        "f/r1/a.json", "f/r1/b.json", "f/r2/c.json", "f/r2/d.json", "f/r3/e.json",
        "findings/r1/a/index.html", "findings/r1/b/index.html", "findings/r2/c/index.html",
        "findings/r2/d/index.html", "findings/r3/e/index.html",
    ]  # fmt: skip
