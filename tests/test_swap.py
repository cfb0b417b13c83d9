"""The new site replaces the old (build/swap.py replace_site): whole, and with site/ never missing
where the system can swap two folders in one step."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest

from reportsite.build import swap
from reportsite.build.swap import exchange, replace_site


def site(path: Path, text: str) -> Path:
    path.mkdir(parents=True)
    (path / "index.html").write_text(text, encoding="utf-8")
    return path


def test_the_new_site_takes_the_place_of_the_old_which_stays_in_the_scratch_folder(tmp_path: Path) -> None:
    scratch = tmp_path / "build"
    new, current = site(scratch / "site", "new"), site(tmp_path / "site", "old")
    replace_site(new, current, scratch)
    assert (current / "index.html").read_text(encoding="utf-8") == "new"
    left = [p.read_text(encoding="utf-8") for p in scratch.rglob("index.html")]
    assert left == ["old"]


def test_without_the_one_step_swap_the_old_site_is_renamed_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(swap, "exchange", lambda a, b: False)
    scratch = tmp_path / "build"
    new, current = site(scratch / "site", "new"), site(tmp_path / "site", "old")
    replace_site(new, current, scratch)
    assert (current / "index.html").read_text(encoding="utf-8") == "new"
    assert [p.read_text(encoding="utf-8") for p in scratch.rglob("index.html")] == ["old"]
    # The first build has no old site to swap with.
    fresh = tmp_path / "fresh"
    replace_site(site(scratch / "second", "first"), fresh, scratch)
    assert (fresh / "index.html").read_text(encoding="utf-8") == "first"


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_site_is_never_missing_while_builds_replace_it(tmp_path: Path) -> None:
    if not exchange(site(tmp_path / "a", "a"), site(tmp_path / "b", "b")):
        pytest.skip("this file system cannot swap two folders in one step")
    current = site(tmp_path / "site", "0")
    missing = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not os.path.isdir(current):
                missing.append(True)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for i in range(1, 300):
            scratch = tmp_path / f"build-{i}"
            replace_site(site(scratch / "site", str(i)), current, scratch)
    finally:
        done.set()
        watcher.join()
    assert (current / "index.html").read_text(encoding="utf-8") == "299"
    assert not missing, f"site/ was missing {len(missing)} times"


def test_a_swap_the_system_refuses_for_another_reason_is_an_error(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("renameat2 is Linux's")
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "absent", site(tmp_path / "b", "b"))
