"""Work run in a forked child meanwhile (meanwhile.py), the compiled page templates kept between builds
(render/env.py) and the page keys (render/reuse.py): each gives what the plain way gives, and what it
cannot use is a miss, never an error."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pickle
import time
from pathlib import Path

import pytest
from jinja2.bccache import bc_magic

from reportsite import meanwhile
from reportsite.build.pagelinks import PageLinks
from reportsite.meanwhile import Links, Meanwhile
from reportsite.records import Report
from reportsite.render import env as envmod
from reportsite.render.reuse import Fingerprint, Unkeyable


def test_the_work_runs_in_a_child_and_its_result_comes_back() -> None:
    parent = os.getpid()
    job = Meanwhile(lambda: (os.getpid(), {"a": [1, 2.5, "é"]}))
    pid, value = job.result()
    assert value == {"a": [1, 2.5, "é"]}
    if meanwhile.cores() > 1:
        assert pid != parent


def test_a_failing_child_leaves_the_work_to_this_process_and_its_error(tmp_path: Path) -> None:
    marker = tmp_path / "ran"

    def work() -> int:
        if os.getpid() != parent:
            os._exit(3)  # killed, as the child of a build might be
        marker.write_text("here")
        raise ValueError("the work's own error")

    parent = os.getpid()
    job = Meanwhile(work)
    with pytest.raises(ValueError, match="the work's own error"):
        job.result()
    assert marker.read_text() == "here"


def test_an_unpicklable_result_is_made_again_here() -> None:
    parent = os.getpid()
    job = Meanwhile(lambda: lambda: os.getpid())
    assert job.result()() == parent


def test_a_result_not_taken_stops_the_child() -> None:
    job = Meanwhile(lambda: time.sleep(60))
    pid = job.pid
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 10
    if pid:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_without_fork_the_work_runs_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(meanwhile, "_can_fork", lambda: False)
    job = Meanwhile(os.getpid)
    assert job.pid == 0
    assert job.result() == os.getpid()


# --- compiled templates ------------------------------------------------------------------------------


def _env(templates: Path, compiled: Path, **options: object) -> object:
    envmod._ENVS.clear()
    env = envmod.make_env(templates, compiled=compiled)
    for name, value in options.items():
        setattr(env, name, value)
    return env


def test_compiled_templates_are_kept_and_an_edited_one_is_compiled_again(tmp_path: Path) -> None:
    templates, compiled = tmp_path / "t", tmp_path / "c"
    templates.mkdir()
    (templates / "a.md.j2").write_text("one {{ x }}\n")
    env = _env(templates, compiled)
    assert env.get_template("a.md.j2").render(x=1) == "one 1\n"  # type: ignore[attr-defined]
    assert len(list(compiled.glob("*.code"))) == 1
    (templates / "a.md.j2").write_text("two {{ x }}\n")
    env = _env(templates, compiled)
    assert env.get_template("a.md.j2").render(x=1) == "two 1\n"  # type: ignore[attr-defined]


def test_a_damaged_compiled_template_is_a_miss(tmp_path: Path) -> None:
    templates, compiled = tmp_path / "t", tmp_path / "c"
    templates.mkdir()
    (templates / "a.md.j2").write_text("{{ x }}!\n")
    _env(templates, compiled).get_template("a.md.j2")  # type: ignore[attr-defined]
    for damaged in (b"", b"\x80\x04junk", bc_magic + b"junk", bc_magic + pickle.dumps("x") + b"junk"):
        for code in compiled.glob("*.code"):
            code.write_bytes(damaged)
        env = _env(templates, compiled)
        assert env.get_template("a.md.j2").render(x=2) == "2!\n"  # type: ignore[attr-defined]


def test_code_compiled_under_other_options_is_compiled_again(tmp_path: Path) -> None:
    templates, compiled = tmp_path / "t", tmp_path / "c"
    templates.mkdir()
    (templates / "a.md.j2").write_text("{% if x %}\nyes\n{% endif %}\n")
    trimmed = _env(templates, compiled).get_template("a.md.j2").render(x=1)  # type: ignore[attr-defined]
    envmod._ENVS.clear()
    env = envmod._new_env([templates], "", None, "")
    env.trim_blocks = False
    env.bytecode_cache = envmod._Compiled(compiled, env)
    assert env.get_template("a.md.j2").render(x=1) != trimmed


def test_an_unwritable_cache_folder_is_no_error(tmp_path: Path) -> None:
    templates = tmp_path / "t"
    templates.mkdir()
    (templates / "a.md.j2").write_text("{{ x }}\n")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    env = _env(templates, blocked / "c")
    assert env.get_template("a.md.j2").render(x=3) == "3\n"  # type: ignore[attr-defined]


# --- page keys ------------------------------------------------------------------------------------------


@dataclasses.dataclass
class View:
    title: str
    when: dt.date


@dataclasses.dataclass
class Other:
    title: str
    when: dt.date


def test_a_key_changes_with_any_value_it_is_made_from() -> None:
    key = Fingerprint().key
    base = {"view": View("a", dt.date(2020, 1, 1)), "n": 1, "s": {"x", "y"}, "t": ("p", 1.5)}
    variants = [
        {**base, "view": View("b", dt.date(2020, 1, 1))},
        {**base, "view": View("a", dt.date(2020, 1, 2))},
        {**base, "view": Other("a", dt.date(2020, 1, 1))},
        {**base, "n": 2},
        {**base, "n": "1"},
        {**base, "s": {"x"}},
        {**base, "t": ("p", 1.25)},
    ]
    assert key(base) == Fingerprint().key(dict(base))
    assert len({key(v) for v in [base, *variants]}) == len(variants) + 1


def test_records_digested_ahead_on_two_cores_key_pages_as_they_would_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(meanwhile, "cores", lambda: 2)
    reports = [
        Report(id=f"r{i}", title=f"Report {i}", publisher="P", date="2020", kind="evaluation", source="r.txt")
        for i in range(7)
    ]
    primed = Fingerprint()
    primed.prime(reports)
    assert {id(r) for r in reports} <= primed.held.keys()
    context = {"reports": reports, "view": View("a", dt.date(2020, 1, 1))}
    assert primed.key(context) == Fingerprint().key(context)
    # A record changed after it was digested is another object (records are copied, never changed).
    changed = [*reports[:3], reports[3].model_copy(update={"title": "Other"}), *reports[4:]]
    assert primed.key({**context, "reports": changed}) != primed.key(context)


def test_a_value_the_walk_does_not_know_is_unkeyable() -> None:
    with pytest.raises(Unkeyable):
        Fingerprint().key({"f": lambda: 1})
    with pytest.raises(Unkeyable):
        Fingerprint().key({"n": 2**70})


def test_pages_are_linked_on_threads_and_those_missing_are_told(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    pages = {f"findings/r/p{i}/": [f"findings/r/p{i}/index.html", f"f/r/p{i}.json"] for i in range(450)}
    for n, paths in enumerate(pages.values()):
        for rel in paths:
            if n % 100 != 7 or rel.endswith(".json"):
                (old / rel).parent.mkdir(parents=True, exist_ok=True)
                (old / rel).write_text(rel, encoding="utf-8")
    links = PageLinks(str(old), str(new))
    for folder, paths in pages.items():
        links.page(folder, paths)
    assert sorted(links.failed()) == sorted(f for n, f in enumerate(pages) if n % 100 == 7)
    for n, paths in enumerate(pages.values()):
        for rel in paths:
            assert (new / rel).is_file() == (n % 100 != 7)


def test_links_made_on_threads_are_all_there_after_wait(tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    links = Links()
    for i in range(250):
        (old / f"{i}.txt").write_text(str(i), encoding="utf-8")
        links.link(str(old / f"{i}.txt"), str(tmp_path / "new" / f"d{i % 7}" / f"{i}.txt"))
    links.wait()
    for i in range(250):
        assert os.path.samefile(old / f"{i}.txt", tmp_path / "new" / f"d{i % 7}" / f"{i}.txt")
    links.link(str(old / "gone.txt"), str(tmp_path / "new" / "gone.txt"))
    with pytest.raises(FileNotFoundError):
        links.wait()
