"""`reportsite init` and the site settings: a new folder builds at once with the package's templates;
the title, description and home text come from sources/site.yml; a project's own template or asset
replaces the package's by name while the rest still comes from the package."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from reportsite.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_init_then_build_makes_a_site_with_the_settings(tmp_path: Path) -> None:
    root = tmp_path / "new"
    code, _out, err = run("init", str(root), "--title", 'Shelf <"one">')
    assert code == 0, err
    assert sorted(p.name for p in (root / "sources").iterdir()) == [
        "catalogue.yml",
        "curation.yml",
        "site.yml",
        "themes.yml",
    ]
    settings = root / "sources" / "site.yml"
    text = settings.read_text(encoding="utf-8").replace(
        "home: |-\n", "home: |-\n  Welcome to **the shelf**.\n"
    )
    settings.write_text(text.replace("description: ", "description: About <the> shelf. "), encoding="utf-8")
    code, _out, err = run("--project", str(root), "build")
    assert code == 0, err
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Shelf &lt;&#34;one&#34;&gt;</title>" in home
    # The theme prints the name in the header too: escaped there, and nowhere escaped twice.
    assert 'Shelf <"' not in home and "&amp;lt;" not in home
    assert "Welcome to <strong>the shelf</strong>." in home
    assert 'content="About &lt;the&gt; shelf.' in home
    assert "This site gathers 0 reports" in home


def test_init_refuses_a_folder_that_has_a_project(tmp_path: Path) -> None:
    assert run("init", str(tmp_path))[0] == 0
    before = (tmp_path / "sources" / "site.yml").read_bytes()
    code, _out, err = run("init", str(tmp_path))
    assert code == 1
    assert err.splitlines()[0] == (
        f"error: {tmp_path}/sources/catalogue.yml: already exists; init writes only into a folder without a project"
    ) or err.splitlines()[0].endswith(
        "sources/catalogue.yml: already exists; init writes only into a folder without a project"
    )
    assert (tmp_path / "sources" / "site.yml").read_bytes() == before


def test_a_project_overrides_one_template_and_one_asset_by_name(tmp_path: Path) -> None:
    assert run("init", str(tmp_path))[0] == 0
    own = tmp_path / "templates"
    (own / "assets").mkdir(parents=True)
    (own / "glossary.md.j2").write_text("# Our own glossary page\n", encoding="utf-8")
    (own / "assets" / "site.css").write_text("/* our own style */\n", encoding="utf-8")
    code, _out, err = run("--project", str(tmp_path), "build")
    assert code == 0, err
    site = tmp_path / "site"
    assert "Our own glossary page" in (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert (site / "assets" / "site.css").read_text(encoding="utf-8") == "/* our own style */\n"
    # Everything else still comes from the package: its script, its home page, its theme overrides.
    assert (site / "assets" / "site.js").is_file()
    assert "This site gathers 0 reports" in (site / "index.html").read_text(encoding="utf-8")


def test_check_names_a_bad_setting(tmp_path: Path) -> None:
    assert run("init", str(tmp_path))[0] == 0
    (tmp_path / "sources" / "site.yml").write_text("title: T\ncolour: blue\n", encoding="utf-8")
    code, _out, err = run("--project", str(tmp_path), "check")
    assert code == 1
    assert err.splitlines()[0].startswith("error: sources/site.yml, line 2: colour: "), err
