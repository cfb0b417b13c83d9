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
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus
from measure import CommandFailed, Sample, Series, run

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


def sh(cmd: list[str], cwd: Path, log: Path) -> Sample:
    return run(cmd, cwd, log, ENV)


# The goals of the "Speed and scale" issue.
COLD_VS_MKDOCS = 1.5
NOCHANGE_VS_COLD = 0.3
PDF_VS_PDFPLUMBER = 0.5
SCALE_GROWTH = 1.2
MS_PER_FINDING_PAGE = 3.0
PEAK_MIB = 2 * GIB


@dataclass
class Goal:
    name: str
    figure: str
    limit: str
    met: bool | None
    """None when the figure could not be measured."""


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
    sh([sys.executable, worker, "keep-docs", str(project), str(docs)], project, logs / "keep-docs.log")
    config = project / "mkdocs.yml"
    text = re.sub(r"^(docs_dir|site_dir)\s*:.*\n?", "", config.read_text(), flags=re.M)
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
    say(f"site: real sources/ in {project}")

    def cold(i: int) -> Sample:
        clear_caches(project)
        return sh(reportsite(project, "build"), project, logs / f"site-cold-{i}.log")

    cold_s = repeat("cold build", args.runs, cold)
    pages, finding_pages = count_pages(project / "site")
    bare = bare_config(project, work, logs)

    def bare_once(i: int) -> Sample:
        remove(work / "bare-site")
        return sh(mkdocs(bare), bare.parent, logs / f"site-bare-{i}.log")

    bare_s = repeat("bare mkdocs build", args.runs, bare_once)
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

    add_s = repeat("rebuild, one report added", args.runs, add_one)
    remove(work / "site-add")

    cold_m, bare_m, nochange_m = cold_s.median(), bare_s.median(), nochange_s.median()
    goals = [
        Goal(
            "cold build vs bare mkdocs build of the same pages",
            f"{cold_m / bare_m:.2f}× ({cold_m:.2f} s vs {bare_m:.2f} s)",
            f"≤ {COLD_VS_MKDOCS}×",
            cold_m / bare_m <= COLD_VS_MKDOCS,
        ),
        Goal(
            "rebuild with nothing changed vs cold build",
            f"{nochange_m / cold_m:.2f}× ({nochange_m:.2f} s vs {cold_m:.2f} s)",
            f"≤ {NOCHANGE_VS_COLD}×",
            nochange_m / cold_m <= NOCHANGE_VS_COLD,
        ),
    ]
    result = {
        "pages": pages,
        "finding_pages": finding_pages,
        "series": [s.to_json() for s in (cold_s, bare_s, nochange_s, add_s)],
        "add_vs_cold": add_s.median() / cold_m,
    }
    return result, goals


# --- part: one long PDF ------------------------------------------------------------------------------


def pdf_part(args: argparse.Namespace, work: Path, logs: Path) -> tuple[dict[str, Any], list[Goal]]:
    path = OUT / "corpus" / f"long-{args.pdf_pages}-s{args.seed}.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    pages = corpus.long_pdf(path, args.pdf_pages, args.seed)
    say(f"pdf: {path.name}, {pages} pages")
    worker = str(ROOT / "bench" / "worker.py")

    def task(name: str) -> Series:
        return repeat(
            name,
            args.runs,
            lambda i: sh([sys.executable, worker, name, str(path)], work, logs / f"{name}-{i}.log"),
        )

    series: list[Series] = []
    errors: dict[str, str] = {}
    for name in ("pdf-bare", "pdf-read", "pdf-extract"):
        try:
            series.append(task(name))
        except CommandFailed as exc:
            # The baseline stands on its own while reportsite's reader cannot run.
            errors[name] = str(exc)
            say(f"  {name} failed: {str(exc).splitlines()[-1]}")
    medians = {s.name: s.median("inner.seconds") for s in series}
    if "pdf-bare" not in medians:
        raise CommandFailed(errors["pdf-bare"])
    bare_m = medians["pdf-bare"]
    goals = []
    for name, what in (
        ("pdf-read", "read (pdf_file_to_blocks)"),
        ("pdf-extract", "extract (extract_report)"),
    ):
        m = medians.get(name)
        goals.append(
            Goal(
                f"{what} a {pages}-page PDF vs bare pdfplumber extract_text",
                "failed" if m is None else f"{m / bare_m:.2f}× ({m:.2f} s vs {bare_m:.2f} s)",
                f"≤ {PDF_VS_PDFPLUMBER}×",
                None if m is None else m / bare_m <= PDF_VS_PDFPLUMBER,
            )
        )
    result = {
        "pdf": str(path),
        "pages": pages,
        "ms_per_page": {name: 1000 * m / pages for name, m in medians.items()},
        "series": [s.to_json() for s in series],
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


def corpus_part(args: argparse.Namespace, work: Path, logs: Path) -> tuple[dict[str, Any], list[Goal]]:
    rows: list[dict[str, Any]] = []
    for size in args.sizes:
        project = OUT / "corpus" / f"n{size}-s{args.seed}"
        say(f"corpus: {size} reports in {project}")
        started = time.perf_counter()
        summary = corpus.write_corpus(project, size, args.seed)
        say(f"  sources ready in {time.perf_counter() - started:.1f} s: {summary}")
        # The real taxonomy and site configuration, so that themes and pages are those of the real site.
        for name in ("sources/themes.yml", "sources/curation.yml", "mkdocs.yml"):
            if (TREE / name).is_file():
                shutil.copy2(TREE / name, project / name)
        runs = args.runs if size < args.large else args.large_runs
        extract_s, build_s = Series(f"extract {size}"), Series(f"build {size}")
        build_error = ""
        for i in range(runs):
            clear_caches(project, extracts=True)
            extract_s.samples.append(
                sh(reportsite(project, "extract"), project, logs / f"corpus-{size}-extract-{i}.log")
            )
            e = extract_s.samples[-1]
            say(f"  extract #{i + 1}: {e.seconds:.1f} s, peak {e.peak_mib:.0f} MiB, load {e.load:.2f}")
            try:
                build_s.samples.append(
                    sh(reportsite(project, "build"), project, logs / f"corpus-{size}-build-{i}.log")
                )
            except CommandFailed as exc:
                # Extraction figures stand on their own while the build cannot run.
                build_error = str(exc)
                say(f"  build failed: {build_error.splitlines()[-1]}")
                break
            b = build_s.samples[-1]
            say(f"  build #{i + 1}: {b.seconds:.1f} s, peak {b.peak_mib:.0f} MiB, load {b.load:.2f}")
        pages, finding_pages = count_pages(project / "site")
        findings = extracted_findings(project)
        bare_s = Series(f"bare mkdocs {size}")
        if args.bare_corpus and build_s.samples:
            bare = bare_config(project, work, logs / f"corpus-{size}")
            remove(work / "bare-site")
            bare_s.samples.append(sh(mkdocs(bare), bare.parent, logs / f"corpus-{size}-bare.log"))
            bare.unlink()
            remove(work / "bare-site")
            remove(work / "bare-docs")
            say(f"  bare mkdocs: {bare_s.samples[-1].seconds:.1f} s")
        per = finding_pages or findings
        ex = extract_s.median()
        bu = build_s.median() if build_s.samples else None
        rows.append(
            {
                "reports": size,
                "pdf_reports": summary["pdf"],
                "statements_generated": summary["statements"],
                "findings_extracted": findings,
                "pages": pages,
                "finding_pages": finding_pages,
                "runs": runs,
                "extract_s": ex,
                "extract_peak_mib": extract_s.median("peak_mib"),
                "build_s": bu,
                "build_peak_mib": build_s.median("peak_mib") if build_s.samples else None,
                "build_error": build_error,
                "bare_mkdocs_s": bare_s.median() if bare_s.samples else None,
                "ms_per_finding_page": {
                    "extract": 1000 * ex / per if per else None,
                    "build": 1000 * bu / per if per and bu is not None else None,
                    "total": 1000 * (ex + bu) / per if per and bu is not None else None,
                },
                "series": [s.to_json() for s in (extract_s, build_s, bare_s)],
            }
        )
    goals: list[Goal] = []
    if (
        len(rows) >= 2
        and rows[0]["ms_per_finding_page"]["total"]
        and rows[-1]["ms_per_finding_page"]["total"]
    ):
        small, large = rows[0], rows[-1]
        s_ms, l_ms = small["ms_per_finding_page"]["total"], large["ms_per_finding_page"]["total"]
        goals.append(
            Goal(
                f"cost per finding page at {large['reports']} vs {small['reports']} reports (extract + build)",
                f"{l_ms / s_ms:.2f}× ({l_ms:.2f} vs {s_ms:.2f} ms)",
                f"≤ {SCALE_GROWTH}×",
                l_ms / s_ms <= SCALE_GROWTH,
            )
        )
    if rows:
        large = rows[-1]
        for part in ("total", "extract", "build"):
            ms = large["ms_per_finding_page"][part]
            if ms is None:
                continue
            goals.append(
                Goal(
                    f"cost per finding page at {large['reports']} reports ({part})",
                    f"{ms:.2f} ms",
                    f"≤ {MS_PER_FINDING_PAGE} ms",
                    ms <= MS_PER_FINDING_PAGE,
                )
            )
        peak = max(large["extract_peak_mib"], large["build_peak_mib"] or 0)
        goals.append(
            Goal(
                f"peak memory at {large['reports']} reports",
                f"{peak:.0f} MiB",
                "< 2048 MiB",
                peak < PEAK_MIB,
            )
        )
    return {"sizes": rows}, goals


# --- the table ---------------------------------------------------------------------------------------


def series_rows(parts: dict[str, Any]) -> list[str]:
    lines = ["| measurement | runs | median | min-max | peak memory |", "|---|---:|---:|---:|---:|"]
    for part in ("site", "pdf"):
        for s in parts.get(part, {}).get("series", []):
            # A PDF worker times its own call, leaving out interpreter start-up and imports.
            values = sorted(x["inner"]["seconds"] if part == "pdf" else x["seconds"] for x in s["samples"])
            med = statistics.median(values)
            lines.append(
                f"| {part}: {s['name']} | {s['runs']} | {med:.2f} s | {values[0]:.2f}-{values[-1]:.2f} s "
                f"| {s['median_peak_mib']:.0f} MiB |"
            )
    return lines


def corpus_rows(parts: dict[str, Any]) -> list[str]:
    rows = parts.get("corpus", {}).get("sizes", [])
    if not rows:
        return []
    lines = [
        "| reports (PDF) | runs | finding pages | pages | extract | extract peak | build | build peak "
        "| bare mkdocs | ms / finding page: extract, build, total |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        ms = r["ms_per_finding_page"]
        bare = "-" if r["bare_mkdocs_s"] is None else f"{r['bare_mkdocs_s']:.1f} s"
        lines.append(
            f"| {r['reports']} ({r['pdf_reports']}) | {r['runs']} | {r['finding_pages']} "
            f"(of {r['findings_extracted']} findings) | {r['pages']} | {r['extract_s']:.1f} s "
            f"| {r['extract_peak_mib']:.0f} MiB | {_num(r['build_s'], 's')} | {_num(r['build_peak_mib'], 'MiB')} "
            f"| {bare} "
            f"| {_ms(ms['extract'])}, {_ms(ms['build'])}, {_ms(ms['total'])} |"
        )
    return lines


def _num(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{value:.1f} {unit}" if unit == "s" else f"{value:.0f} {unit}"


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def goal_rows(goals: list[Goal]) -> list[str]:
    lines = ["| goal | measured | target | met |", "|---|---:|---:|:---:|"]
    for g in goals:
        met = "?" if g.met is None else "yes" if g.met else "**no**"
        lines.append(f"| {g.name} | {g.figure} | {g.limit} | {met} |")
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
    parser.add_argument("--pdf-pages", type=int, default=100, help="Pages of the long PDF (default 100).")
    parser.add_argument("--seed", type=int, default=1, help="Seed of the generated corpus and PDF.")
    parser.add_argument("--only", default="site,pdf,corpus", help="Parts to run: site, pdf, corpus.")
    parser.add_argument(
        "--no-bare-corpus",
        dest="bare_corpus",
        action="store_false",
        help="Skip the bare mkdocs build at each corpus size.",
    )
    parser.add_argument("--quick", action="store_true", help="Sizes 10,50, one run, a 20-page PDF.")
    parser.add_argument(
        "--tree",
        type=Path,
        help="Measure the reportsite in this folder (src/, templates/, mkdocs.yml, sources/) instead of "
        "a snapshot of the working tree taken at the start.",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.large_runs, args.pdf_pages = "10,50", 1, 1, 20
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s.strip()]
    args.only = {p.strip() for p in args.only.split(",")}
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
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
    for name, fn in (("site", site_part), ("pdf", pdf_part), ("corpus", corpus_part)):
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
        "goals": [g.__dict__ for g in goals],
        "failures": failures,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=2, default=str)
    (OUT / "results.json").write_text(text)
    (OUT / f"results-{stamp}.json").write_text(text)
    m = result["machine"]
    print(
        f"reportsite bench, {result['date']}: {m['cpus']} cores, {m['memory_gib']} GiB, Python {m['python']}"
    )
    print(f"load average at start {m['load_at_start'][0]:.2f}, at end {result['load_at_end'][0]:.2f}\n")
    for block in (series_rows(parts), corpus_rows(parts), goal_rows(goals)):
        if len(block) > 2:
            print("\n".join(block) + "\n")
    for name, message in failures.items():
        print(f"{name}: failed: {message.splitlines()[0]}")
    print(f"\nwall time {result['wall_seconds'] / 60:.1f} min; samples in {OUT / 'results.json'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
