"""Speed and scale of reportsite, as ratios against baselines measured in the same run.

    .venv/bin/python bench/run.py                      # everything: sizes 10,100,500, 3 runs
    .venv/bin/python bench/run.py --quick              # a smoke run: small sizes, one run each
    .venv/bin/python bench/run.py --only pdf --runs 5  # one part

Every measurement is its own process (bench/measure.py), timed from outside, with its peak memory from
wait4(). Figures are medians. The table goes to standard output; all samples go to
bench/out/results.json (and a copy named by date and time). Working copies live under bench/out/work.

Parts:
  site    the real site (sources/, templates/, mkdocs.yml copied into a scratch project): cold build
          against a bare `mkdocs build` of the pages it rendered; rebuild with nothing changed; rebuild
          after one generated text report is added to the catalogue.
  pdf     a generated 100-page PDF: reportsite's reader and whole extraction against bare pdfplumber
          page.extract_text() over the same pages.
  corpus  generated corpora (bench/corpus.py) of N reports, about 50 findings each: cold extraction
          and build, time and peak memory, and the cost per finding page.
  shelf   a generated shelf of --shelf reports: extraction on one core and on all; a full render
          against the rebuilds after one report added, one source edited, one template edited
          (bench/shelf.py).
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
import shelf
from measure import CommandFailed, Sample, Series, TimedOut, run, stage_seconds

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
BIN = Path(sys.executable).parent
GIB = 1024.0

# The code under test: a snapshot of src/, templates/, mkdocs.yml and the real sources/ taken when the
# run starts, so that files edited in the working tree during a long run cannot mix two versions.
TREE = ROOT
ENV: dict[str, str] | None = None


def take_snapshot(dst: Path) -> Path:
    remove(dst)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("src", "templates", "sources", "extract"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, dst / name, symlinks=True, ignore=ignore)
    if (ROOT / "mkdocs.yml").is_file():
        shutil.copy2(ROOT / "mkdocs.yml", dst / "mkdocs.yml")
    return dst


def use_tree(tree: Path) -> None:
    """Run every command against the reportsite package in tree/src (it precedes the editable install)."""
    global TREE, ENV
    TREE = tree.resolve()
    ENV = dict(os.environ, PYTHONPATH=str(TREE / "src"))
    # An installed package comes with its bytecode; without it, where PYTHONDONTWRITEBYTECODE is set,
    # every command would compile the whole package again (0.13 s), which no user's build pays.
    compileall.compile_dir(TREE / "src", quiet=1)


def sh(cmd: list[str], cwd: Path, log: Path, timeout: float | None = None) -> Sample:
    return run(cmd, cwd, log, ENV, timeout)


# The goals of the "Speed and scale" issue.
COLD_VS_MKDOCS = 1.5
NOCHANGE_VS_COLD = 0.3
PDF_VS_PDFPLUMBER = 0.5
SCALE_GROWTH = 1.2
MS_PER_FINDING_PAGE = 3.0
PEAK_MIB = 1 * GIB  # the shelf issue's goal: under 1 GiB at 500 reports


@dataclass
class Goal:
    """A target of the issue, judged on medians of wall time and, apart, of CPU time.

    On a loaded machine wall time counts the waits for a core; CPU time counts the work alone. Both are
    shown; the goal is met when the wall-time figure is.
    """

    name: str
    limit: float
    unit: str
    """"×" for a ratio, "ms" or "MiB"."""
    wall: float | None
    cpu: float | None = None
    detail: str = ""
    strict: bool = False
    """True for "<", False for "≤"."""
    lower_bound: bool = False
    """The figures come from a run killed at its time limit: the true ones are higher."""

    def _ok(self, figure: float | None) -> bool | None:
        if figure is None or figure != figure:
            return None
        ok = figure < self.limit if self.strict else figure <= self.limit
        # Under the limit, a lower bound says nothing; over it, the goal is missed for certain.
        return None if ok and self.lower_bound else ok

    @property
    def met(self) -> bool | None:
        return self._ok(self.wall)

    @property
    def met_cpu(self) -> bool | None:
        return self._ok(self.cpu)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "met": self.met, "met_cpu": self.met_cpu}


def ratio_goal(name: str, limit: float, num: Series, den: Series, inner: bool = False) -> Goal:
    """num / den on medians; a worker's own timing of its call when inner."""
    wall_key, cpu_key = ("inner.seconds", "inner.cpu") if inner else ("seconds", "cpu_seconds")
    nw, dw, nc, dc = num.median(wall_key), den.median(wall_key), num.median(cpu_key), den.median(cpu_key)
    return Goal(
        name,
        limit,
        "×",
        nw / dw,
        nc / dc,
        f"wall {nw:.2f} s vs {dw:.2f} s; CPU {nc:.2f} s vs {dc:.2f} s",
    )


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def reportsite(project: Path, *args: str) -> list[str]:
    return [str(BIN / "reportsite"), "--project", str(project), *args]


def mkdocs(config: Path) -> list[str]:
    return [str(BIN / "mkdocs"), "build", "--quiet", "--config-file", str(config)]


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def clear_caches(project: Path, extracts: bool = False) -> None:
    """Leave a project as a fresh checkout would be: no .build/ (cache, rendered pages) and no site/."""
    remove(project / ".build")
    remove(project / "site")
    if extracts:
        for path in (project / "extract").glob("*.yml"):
            if path.name != "ledger.yml":
                path.unlink()


def rounds(runs: int, named: list[tuple[str, Any]]) -> list[Series]:
    """Like repeat for several measurements, taken in turn: run i of each, then run i + 1 of each."""
    out = [Series(name) for name, _ in named]
    for i in range(runs):
        for series, (name, once) in zip(out, named, strict=True):
            series.samples.append(once(i))
            s = series.samples[-1]
            say(f"  {name} #{i + 1}: {s.seconds:.2f} s, peak {s.peak_mib:.0f} MiB, load {s.load:.2f}")
    return out


def repeat(name: str, runs: int, once: Any) -> Series:
    series = Series(name)
    for i in range(runs):
        series.samples.append(once(i))
        s = series.samples[-1]
        say(f"  {name} #{i + 1}: {s.seconds:.2f} s, peak {s.peak_mib:.0f} MiB, load {s.load:.2f}")
    return series


# --- the bare MkDocs baseline ------------------------------------------------------------------------


def bare_config(project: Path, work: Path, logs: Path) -> Path:
    """A config that builds, with plain MkDocs, a frozen copy of the pages the project's build renders.

    The build renders into a scratch folder it deletes when done, so the pages are caught by a build run
    through bench/worker.py. The config is the project's mkdocs.yml with docs_dir and site_dir set as
    the build sets them; it sits beside the original so that any relative path in it resolves alike.
    """
    docs = work / "bare-docs"
    worker = str(ROOT / "bench" / "worker.py")
    # On a copy: the build that catches the pages (every page through MkDocs) replaces the site and the
    # state of the project it runs on, and the measurements after this one need the project's own.
    catch = work / "keep-docs"
    remove(catch)
    shutil.copytree(project, catch, symlinks=True, ignore=shutil.ignore_patterns("site", ".build"))
    sh([sys.executable, worker, "keep-docs", str(catch), str(docs)], catch, logs / "keep-docs.log")
    remove(catch)
    config = project / "mkdocs.yml"
    text = re.sub(r"^(docs_dir|site_dir)\s*:.*\n?", "", config.read_text(), flags=re.M)
    # A corpus project has no templates/ of its own: the build then takes the theme overrides from the
    # shared templates/, and so must the bare build.
    overrides = project / "templates" / "overrides"
    if not overrides.is_dir():
        overrides = ROOT / "templates" / "overrides"
    text = re.sub(r"^(\s*custom_dir\s*:).*$", lambda m: f"{m[1]} {overrides}", text, flags=re.M)
    bare = config.parent / "mkdocs.bench-bare.yml"
    bare.write_text(f"{text.rstrip()}\ndocs_dir: {docs}\nsite_dir: {work / 'bare-site'}\n")
    return bare


def count_pages(site: Path) -> tuple[int, int]:
    """HTML pages in a built site: all of them, and those of findings (/findings/<report>/<slug>/)."""
    pages = sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0
    findings = sum(1 for _ in (site / "findings").glob("*/*/index.html")) if site.is_dir() else 0
    return pages, findings


# --- part: the real site -----------------------------------------------------------------------------


def copy_project(dst: Path) -> None:
    remove(dst)
    dst.mkdir(parents=True)
    for name in ("sources", "templates", "extract"):
        if (TREE / name).is_dir():
            shutil.copytree(TREE / name, dst / name, symlinks=True)
    shutil.copy2(TREE / "mkdocs.yml", dst / "mkdocs.yml")


def add_report(project: Path, n: int, seed: int) -> str:
    """Put a generated text report into sources/ and the catalogue, as `reportsite add` would."""
    report = corpus.make_report(seed, 100_000 + n, suffix=".txt")
    report.id = f"bench-added-{n}"
    (project / "sources" / report.file).write_text(corpus.report_to_text(report), encoding="utf-8")
    catalogue = project / "sources" / "catalogue.yml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.rstrip("\n") + "\n" + corpus.catalogue_entry(report), encoding="utf-8")
    return report.id


def site_part(args: argparse.Namespace, work: Path, logs: Path) -> tuple[dict[str, Any], list[Goal]]:
    project = work / "site"
    copy_project(project)
    say(f"site: the real sources/ in {project}")

    def cold(i: int) -> Sample:
        clear_caches(project)
        return sh(reportsite(project, "build"), project, logs / f"site-cold-{i}.log")

    cold_s = repeat("cold build", args.runs, cold)
    pages, finding_pages = count_pages(project / "site")
    bare = bare_config(project, work, logs)

    def bare_once(i: int) -> Sample:
        remove(work / "bare-site")
        return sh(mkdocs(bare), bare.parent, logs / f"site-bare-{i}.log")

    bare_s = repeat("bare mkdocs build of the same pages", args.runs, bare_once)
    bare.unlink()
    nochange_s = repeat(
        "rebuild, nothing changed",
        args.runs,
        lambda i: sh(reportsite(project, "build"), project, logs / f"site-nochange-{i}.log"),
    )

    def add_one(i: int) -> Sample:
        copy = work / "site-add"
        remove(copy)
        shutil.copytree(project, copy, symlinks=True)
        add_report(copy, i, args.seed)
        return sh(reportsite(copy, "build"), copy, logs / f"site-add-{i}.log")

    add_s = repeat("rebuild, one text report added", args.runs, add_one)
    remove(work / "site-add")
    goals = [
        ratio_goal("cold build vs bare mkdocs build of the same pages", COLD_VS_MKDOCS, cold_s, bare_s),
        ratio_goal("rebuild with nothing changed vs cold build", NOCHANGE_VS_COLD, nochange_s, cold_s),
        # No target was set for an added report; its ratio to the cold build is shown for comparison.
        ratio_goal("(no target) rebuild with one report added vs cold build", float("inf"), add_s, cold_s),
    ]
    series = [cold_s, bare_s, nochange_s, add_s]
    return {"pages": pages, "finding_pages": finding_pages, "series": [s.to_json() for s in series]}, goals


# --- part: one long PDF ------------------------------------------------------------------------------


def pdf_part(args: argparse.Namespace, work: Path, logs: Path) -> tuple[dict[str, Any], list[Goal]]:
    path = OUT / "corpus" / f"long-{args.pdf_pages}-s{args.seed}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = corpus.long_pdf(path, args.pdf_pages, args.seed)
    say(f"pdf: {path.name}, {pages} pages")
    worker = str(ROOT / "bench" / "worker.py")
    series: dict[str, Series] = {}
    errors: dict[str, str] = {}
    for name in ("pdf-bare", "pdf-read", "pdf-extract"):
        try:
            series[name] = repeat(
                name,
                args.runs,
                lambda i, name=name: sh(
                    [sys.executable, worker, name, str(path)], work, logs / f"{name}-{i}.log"
                ),
            )
        except CommandFailed as exc:
            # The baseline stands on its own while reportsite's reader cannot run.
            errors[name] = str(exc)
            say(f"  {name} failed: {str(exc).splitlines()[-1]}")
    if "pdf-bare" not in series:
        raise CommandFailed(errors["pdf-bare"])
    goals = []
    for name, what in (
        ("pdf-read", "read (pdf_file_to_blocks)"),
        ("pdf-extract", "extract (extract_report)"),
    ):
        title = f"{what} a {pages}-page PDF vs bare pdfplumber extract_text"
        if name in series:
            goals.append(ratio_goal(title, PDF_VS_PDFPLUMBER, series[name], series["pdf-bare"], inner=True))
        else:
            goals.append(Goal(title, PDF_VS_PDFPLUMBER, "×", None, detail="failed: " + errors[name][-200:]))
    result = {
        "pdf": str(path),
        "pages": pages,
        "ms_per_page": {n: 1000 * s.median("inner.seconds") / pages for n, s in series.items()},
        "series": [s.to_json() for s in series.values()],
        "errors": errors,
    }
    return result, goals


# --- part: synthetic corpora -------------------------------------------------------------------------


def extracted_findings(project: Path) -> int:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    total = 0
    for path in (project / "extract").glob("*.yml"):
        if path.name == "ledger.yml":
            continue
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
        total += len(data.get("findings") or [])
    return total


def corpus_size(args: argparse.Namespace, size: int, work: Path, logs: Path) -> dict[str, Any]:
    project = OUT / "corpus" / f"n{size}-s{args.seed}"
    say(f"corpus: {size} reports in {project}")
    started = time.perf_counter()
    summary = corpus.write_corpus(project, size, args.seed)
    say(f"  sources ready in {time.perf_counter() - started:.1f} s: {summary}")
    # The real taxonomy and site configuration, so that themes and pages are those of the real site.
    # Not curation.yml: its overrides name records of the real reports, and a build refuses those.
    for name in ("sources/themes.yml", "mkdocs.yml"):
        if (TREE / name).is_file():
            shutil.copy2(TREE / name, project / name)
    remove(project / "sources" / "curation.yml")
    large = size >= args.large
    runs = args.large_runs if large else args.runs
    limit = args.timeout if large else None
    extract_s, build_s, bare_s = Series(f"extract {size}"), Series(f"build {size}"), Series(f"bare {size}")
    build_error = ""
    for i in range(runs):
        clear_caches(project, extracts=True)
        for series, command in ((extract_s, "extract"), (build_s, "build")):
            log = logs / f"corpus-{size}-{command}-{i}.log"
            try:
                series.samples.append(sh(reportsite(project, command), project, log, limit))
            except TimedOut as exc:
                series.samples.append(exc.sample)
                build_error = str(exc)
                say(f"  {command} #{i + 1}: {build_error}")
                break
            except CommandFailed as exc:
                # Extraction figures stand on their own while the build cannot run.
                build_error = str(exc)
                say(f"  {command} failed: {build_error.splitlines()[-1]}")
                break
            x = series.samples[-1]
            say(
                f"  {command} #{i + 1}: {x.seconds:.1f} s (CPU {x.cpu_seconds:.1f} s), peak {x.peak_mib:.0f} MiB"
            )
        if build_error:
            break
    pages, finding_pages = count_pages(project / "site")
    findings = extracted_findings(project)
    # At the large sizes the bare build is left out: catching the pages costs one more whole build.
    if args.bare_corpus and build_s.samples and build_s.complete and not large:
        bare = bare_config(project, work, logs / f"corpus-{size}")
        remove(work / "bare-site")
        bare_s.samples.append(sh(mkdocs(bare), bare.parent, logs / f"corpus-{size}-bare.log"))
        bare.unlink()
        remove(work / "bare-site")
        remove(work / "bare-docs")
        say(f"  bare mkdocs: {bare_s.samples[-1].seconds:.1f} s (CPU {bare_s.samples[-1].cpu_seconds:.1f} s)")
    # Finding pages when the build ran; else the findings extracted; else those generated.
    per = finding_pages or findings or summary["statements"]
    stages = _stages(build_s)
    copy_s = Series(f"copy {size}")
    if build_s.samples and build_s.complete:
        # What making the site's files costs this disk alone, in the same minutes: a copy of site/.
        remove(work / "site-copy")
        copy_s.samples.append(sh(["cp", "-r", "site", str(work / "site-copy")], project, logs / "copy.log"))
        remove(work / "site-copy")
        say(f"  cp -r site/: {copy_s.samples[-1].seconds:.1f} s (CPU {copy_s.samples[-1].cpu_seconds:.1f} s)")

    def ms(series: list[Series], key: str) -> float | None:
        # A run killed at the time limit still gives a lower bound of its cost.
        if not per or not all(s.samples for s in series):
            return None
        return 1000 * sum(s.median(key) for s in series) / per

    return {
        "reports": size,
        "pdf_reports": summary["pdf"],
        "statements_generated": summary["statements"],
        "findings_extracted": findings,
        "pages": pages,
        "finding_pages": finding_pages,
        "runs": runs,
        "build_error": build_error,
        "median": {
            s.name.split()[0]: {
                "complete": s.complete,
                "seconds": s.median(),
                "cpu_seconds": s.median("cpu_seconds"),
                "peak_mib": s.median("peak_mib"),
            }
            for s in (extract_s, build_s, bare_s)
            if s.samples
        },
        "ms_per_finding_page": {
            "wall": {
                "extract": ms([extract_s], "seconds"),
                "build": ms([build_s], "seconds"),
                "total": ms([extract_s, build_s], "seconds"),
                "bare_mkdocs": ms([bare_s], "seconds"),
            },
            "cpu": {
                "extract": ms([extract_s], "cpu_seconds"),
                "build": ms([build_s], "cpu_seconds"),
                "total": ms([extract_s, build_s], "cpu_seconds"),
                "bare_mkdocs": ms([bare_s], "cpu_seconds"),
            },
        },
        "stages": stages,
        "finding_page_ms": 1000 * stages["finding pages"] / finding_pages
        if finding_pages and "finding pages" in stages
        else None,
        "copy_seconds": copy_s.median() if copy_s.samples else None,
        "series": [s.to_json() for s in (extract_s, build_s, bare_s, copy_s)],
    }


BUILD_STAGES = [
    ("start and extracts", ""),
    ("link", "linking"),
    ("render", "rendering pages"),
    ("MkDocs", "running MkDocs"),
    ("finding pages", "writing the finding pages"),
    ("charts and the swap", "writing the table charts"),
]
"""The build's stages by the progress line each starts with (a cold build runs them one after the other)."""


def _stages(series: Series) -> dict[str, float]:
    """The median seconds of each stage of the build's runs."""
    runs = [stage_seconds(s, BUILD_STAGES) for s in series.samples if s.ok]
    names = [name for name, _ in BUILD_STAGES if runs and all(name in r for r in runs)]
    return {name: statistics.median(r[name] for r in runs) for name in names}


def corpus_part(args: argparse.Namespace, work: Path, logs: Path) -> tuple[dict[str, Any], list[Goal]]:
    rows = [corpus_size(args, size, work, logs) for size in args.sizes]
    return {"sizes": rows}, corpus_goals(rows)


def _bounded(row: dict[str, Any], part: str) -> bool:
    """Whether a run that part's figure rests on was killed at the time limit."""
    names = {"extract": ("extract",), "build": ("build",)}.get(part, ("extract", "build"))
    return not all(row["median"][n]["complete"] for n in names if n in row["median"])


def corpus_goals(rows: list[dict[str, Any]]) -> list[Goal]:
    """Growth of the cost per finding page against the smallest size; cost and memory at the largest."""
    goals: list[Goal] = []
    small = rows[0]
    sw, sc = small["ms_per_finding_page"]["wall"], small["ms_per_finding_page"]["cpu"]
    for row in rows[1:]:
        rw, rc = row["ms_per_finding_page"]["wall"], row["ms_per_finding_page"]["cpu"]
        for part in ("total", "extract", "build"):
            if rw[part] and sw[part]:
                goals.append(
                    Goal(
                        f"cost per finding page ({part}) at {row['reports']} vs {small['reports']} reports",
                        SCALE_GROWTH,
                        "×",
                        rw[part] / sw[part],
                        rc[part] / sc[part],
                        f"wall {rw[part]:.2f} vs {sw[part]:.2f} ms; CPU {rc[part]:.2f} vs {sc[part]:.2f} ms",
                        lower_bound=_bounded(row, part),
                    )
                )
    large = rows[-1]
    lw, lc = large["ms_per_finding_page"]["wall"], large["ms_per_finding_page"]["cpu"]
    for part in ("total", "extract", "build"):
        if lw[part] is not None:
            name = f"cost per finding page ({part}) at {large['reports']} reports"
            goals.append(
                Goal(name, MS_PER_FINDING_PAGE, "ms", lw[part], lc[part], lower_bound=_bounded(large, part))
            )
    if large.get("finding_page_ms") is not None:
        # The second item: the finding pages themselves (cut from the shell, written, indexed),
        # timed between the build's progress lines; a stage has no CPU time of its own.
        goals.append(
            Goal(
                f"finding pages at {large['reports']} reports, each (the build's finding-page stage)",
                MS_PER_FINDING_PAGE,
                "ms",
                large["finding_page_ms"],
                detail=f"{large['stages']['finding pages']:.1f} s for {large['finding_pages']} pages",
            )
        )
    peaks = {k: v["peak_mib"] for k, v in large["median"].items() if k not in ("bare", "copy")}
    goals.append(
        Goal(
            f"peak memory at {large['reports']} reports",
            PEAK_MIB,
            "MiB",
            max(peaks.values()),
            detail=", ".join(f"{k} {v:.0f} MiB" for k, v in peaks.items()),
            strict=True,
            lower_bound=_bounded(large, "total"),
        )
    )
    return goals


# --- the tables --------------------------------------------------------------------------------------


def series_rows(parts: dict[str, Any]) -> list[str]:
    lines = [
        "| measurement | runs | wall median (min-max) | CPU median | peak memory |",
        "|---|---:|---:|---:|---:|",
    ]
    for part in ("site", "pdf", "shelf"):
        for s in parts.get(part, {}).get("series", []):
            # A PDF worker times its own call, leaving out interpreter start-up and imports.
            if part == "pdf":
                wall = [x["inner"]["seconds"] for x in s["samples"]]
                cpu = [x["inner"].get("cpu", float("nan")) for x in s["samples"]]
            else:
                wall = [x["seconds"] for x in s["samples"]]
                cpu = [x["cpu_seconds"] for x in s["samples"]]
            lines.append(
                f"| {part}: {s['name']} | {s['runs']} | {statistics.median(wall):.2f} s "
                f"({min(wall):.2f}-{max(wall):.2f}) | {statistics.median(cpu):.2f} s "
                f"| {s['median_peak_mib']:.0f} MiB |"
            )
    return lines


def corpus_rows(parts: dict[str, Any]) -> list[str]:
    rows = parts.get("corpus", {}).get("sizes", [])
    if not rows:
        return []
    lines = [
        "| reports (PDF) | runs | findings extracted | finding pages / all pages | extract: wall, CPU, peak "
        "| build: wall, CPU, peak | bare mkdocs: wall, CPU | ms per finding page (wall / CPU): extract, build, "
        "total, bare mkdocs |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        med = r["median"]
        w, c = r["ms_per_finding_page"]["wall"], r["ms_per_finding_page"]["cpu"]
        per = ", ".join(f"{_ms(w[k])} / {_ms(c[k])}" for k in ("extract", "build", "total", "bare_mkdocs"))
        lines.append(
            f"| {r['reports']} ({r['pdf_reports']}) | {r['runs']} | {r['findings_extracted']} "
            f"| {r['finding_pages']} / {r['pages']} | {_cell(med, 'extract')} | {_cell(med, 'build')} "
            f"| {_cell(med, 'bare', peak=False)} | {per} |"
        )
    staged = [r for r in rows if r.get("stages")]
    if staged:
        names = [name for name, _ in BUILD_STAGES]
        lines += [
            "",
            "| reports | build, by stage (s): "
            + ", ".join(names)
            + " | finding pages: ms each | `cp -r site/` of the built site (s) |",
            "|---|---|---:|---:|",
        ]
        for r in staged:
            st = r["stages"]
            by_stage = ", ".join(f"{st[n]:.1f}" if n in st else "-" for n in names)
            copy = r.get("copy_seconds")
            lines.append(
                f"| {r['reports']} | {by_stage} | {_ms(r.get('finding_page_ms'))} "
                f"| {'-' if copy is None else f'{copy:.1f}'} |"
            )
    return lines


def _cell(medians: dict[str, dict[str, Any]], name: str, peak: bool = True) -> str:
    if name not in medians:
        return "-"
    m = medians[name]
    over = "" if m["complete"] else "> "
    text = f"{over}{m['seconds']:.1f} s, {over}{m['cpu_seconds']:.1f} s"
    return f"{text}, {m['peak_mib']:.0f} MiB" if peak else text


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _figure(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    return f"{value:.2f}×" if unit == "×" else f"{value:.2f} ms" if unit == "ms" else f"{value:.0f} MiB"


def goal_rows(goals: list[Goal]) -> list[str]:
    lines = [
        "| goal | target | wall | CPU | met (wall / CPU) | detail |",
        "|---|---:|---:|---:|:---:|---|",
    ]

    def mark(ok: bool | None) -> str:
        return "?" if ok is None else "yes" if ok else "**no**"

    for g in goals:
        target = "-" if g.limit == float("inf") else f"{'<' if g.strict else '≤'} {_figure(g.limit, g.unit)}"
        met = "-" if g.limit == float("inf") else f"{mark(g.met)} / {mark(g.met_cpu)}"
        over = "> " if g.lower_bound else ""
        detail = "; ".join(
            x for x in ("lower bound: killed at the time limit" if g.lower_bound else "", g.detail) if x
        )
        lines.append(
            f"| {g.name} | {target} | {over}{_figure(g.wall, g.unit)} | {over}{_figure(g.cpu, g.unit)} | {met} "
            f"| {detail} |"
        )
    return lines


def machine() -> dict[str, Any]:
    mem = 0.0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_at_start": os.getloadavg(),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes", default="10,100,500", help="Corpus sizes, in reports (default 10,100,500)."
    )
    parser.add_argument("--runs", type=int, default=3, help="Runs of each measurement; medians are reported.")
    parser.add_argument(
        "--large",
        type=int,
        default=500,
        help="Corpora of at least this many reports run --large-runs times (default 500).",
    )
    parser.add_argument("--large-runs", type=int, default=1, help="Runs at the large sizes (default 1).")
    parser.add_argument(
        "--timeout",
        type=float,
        default=900,
        help="At the large sizes, kill a command after this many seconds and report a lower bound (900).",
    )
    parser.add_argument("--pdf-pages", type=int, default=100, help="Pages of the long PDF (default 100).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated corpus and PDF.")
    parser.add_argument(
        "--only", default="site,pdf,corpus,shelf", help="Parts to run: site, pdf, corpus, shelf."
    )
    parser.add_argument("--shelf", type=int, default=80, help="Reports on the shelf (default 80).")
    parser.add_argument(
        "--no-bare-corpus",
        dest="bare_corpus",
        action="store_false",
        help="Skip the bare mkdocs build at each corpus size.",
    )
    parser.add_argument("--quick", action="store_true", help="Sizes 10,50, one run, a 20-page PDF.")
    parser.add_argument(
        "--report",
        type=Path,
        help="Print the tables of a saved results JSON (goals judged again) instead of measuring.",
    )
    parser.add_argument(
        "--tree",
        type=Path,
        help="Measure the reportsite in this folder (src/, templates/, mkdocs.yml, sources/) instead of "
        "a snapshot of the working tree taken at the start.",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.large_runs, args.pdf_pages, args.shelf = "10,50", 1, 1, 20, 20
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    args.only = {p.strip() for p in args.only.split(",")}
    return args


def print_tables(result: dict[str, Any], goals: list[Goal]) -> None:
    m = result["machine"]
    print(
        f"reportsite bench, {result['date']}: {m['cpus']} cores, {m['memory_gib']} GiB, Python {m['python']}"
    )
    print(f"load average at start {m['load_at_start'][0]:.2f}, at end {result['load_at_end'][0]:.2f}\n")
    parts = result["parts"]
    for block in (series_rows(parts), corpus_rows(parts), goal_rows(goals)):
        if len(block) > 2:
            print("\n".join(block) + "\n")
    for name, message in result["failures"].items():
        print(f"{name}: failed: {message.splitlines()[0]}")
    print(f"wall time {result['wall_seconds'] / 60:.1f} min")


def reprint(path: Path) -> int:
    """The tables of a saved run, its corpus goals judged again from the saved rows."""
    result = json.loads(path.read_text())
    fields = set(Goal.__dataclass_fields__)
    goals = [Goal(**{k: v for k, v in g.items() if k in fields}) for g in result["goals"]]
    if "corpus" in result["parts"]:
        goals = [g for g in goals if "finding page" not in g.name and "peak memory" not in g.name]
        goals += corpus_goals(result["parts"]["corpus"]["sizes"])
    print_tables(result, goals)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.report:
        return reprint(args.report)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    work = OUT / "work"
    logs = OUT / "logs" / stamp
    work.mkdir(parents=True, exist_ok=True)
    use_tree(args.tree or take_snapshot(work / "tree"))
    say(f"measuring reportsite from {TREE}")
    started = time.perf_counter()
    parts: dict[str, Any] = {}
    goals: list[Goal] = []
    failures: dict[str, str] = {}

    def shelf_part(args: argparse.Namespace, work: Path, logs: Path) -> tuple[dict[str, Any], list[Goal]]:
        return shelf.shelf_part(args, work, logs, sys.modules[__name__])

    for name, fn in (("site", site_part), ("pdf", pdf_part), ("corpus", corpus_part), ("shelf", shelf_part)):
        if name not in args.only:
            continue
        try:
            parts[name], found = fn(args, work, logs)
            goals += found
        except CommandFailed as exc:
            # One part failing (a stage not written yet, say) must not lose the figures of the others.
            failures[name] = str(exc)
            say(f"{name}: FAILED\n{exc}")
    result = {
        "date": dt.date.today().isoformat(),
        "machine": machine(),
        "arguments": {k: sorted(v) if isinstance(v, set) else v for k, v in vars(args).items()},
        "tree": str(TREE),
        "wall_seconds": time.perf_counter() - started,
        "load_at_end": os.getloadavg(),
        "parts": parts,
        "goals": [g.to_json() for g in goals],
        "failures": failures,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, default=str)
    (OUT / "results.json").write_text(text)
    (OUT / f"results-{stamp}.json").write_text(text)
    print_tables(result, goals)
    print(f"samples in {OUT / 'results.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
