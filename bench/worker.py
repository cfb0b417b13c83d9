"""One measured call per process: `python bench/worker.py TASK PDF`, printing its own timing as JSON.

The harness runs each task in a fresh interpreter, so that the import of pdfplumber and the warm caches
of one task never flatter the next. The JSON's "seconds" times only the call under test, imports and
start-up excluded, and is the same clock for the baseline and for reportsite.

Tasks:
  pdf-bare      pdfplumber: open, then page.extract_text() for every page (the baseline)
  pdf-read      reportsite.read.pdf.document.pdf_file_to_blocks (the reader alone)
  pdf-extract   reportsite.extract.extract_report (reader, rules, and the check of every quote)
  pdf-profile   pdf-extract under cProfile; writes the profile next to the PDF
  keep-docs     `reportsite build` of the project PDF names, keeping a copy of the Markdown pages it
                rendered in the folder named third (all pages through MkDocs; the build deletes its own copy when it is done)
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any


def pdf_bare(path: Path) -> dict[str, object]:
    import pdfplumber

    start, cpu = time.perf_counter(), time.process_time()
    chars = 0
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)
        for page in pdf.pages:
            chars += len(page.extract_text() or "")
            # pdfplumber keeps every parsed page's objects; a reader of long PDFs would let them go too.
            page.close()
    return {
        "seconds": time.perf_counter() - start,
        "cpu": time.process_time() - cpu,
        "pages": pages,
        "chars": chars,
    }


def pdf_read(path: Path) -> dict[str, object]:
    from reportsite.read.pdf.document import pdf_file_to_blocks

    start, cpu = time.perf_counter(), time.process_time()
    blocks = pdf_file_to_blocks(path, path.name)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    pages = max((b.page or 0 for b in blocks), default=0)
    return {"seconds": seconds, "cpu": cpu, "blocks": len(blocks), "last_page": pages}


def _entry(path: Path) -> object:
    # extract_report wants a catalogue entry; the PDF sits in a one-report project beside it.
    from reportsite.store.catalogue import load_catalogue

    project = path.parent / f"{path.stem}-project"
    sources = project / "sources"
    sources.mkdir(parents=True, exist_ok=True)
    target = sources / path.name
    if target.is_symlink():
        target.unlink()
    if not target.exists():
        # A copy, not a link: the catalogue refuses a document that resolves outside sources/.
        target.write_bytes(path.read_bytes())
    (sources / "catalogue.yml").write_text(
        "reports:\n"
        f"  - id: bench-long\n    title: A long report\n    publisher: MOPAN\n    date: '2023'\n"
        f"    kind: assessment\n    cycle: '2023'\n    file: {path.name}\n",
        encoding="utf-8",
    )
    return load_catalogue(sources / "catalogue.yml")[0]


def pdf_extract(path: Path) -> dict[str, object]:
    from reportsite.extract.pipeline import extract_report

    entry = _entry(path)
    start, cpu = time.perf_counter(), time.process_time()
    extract = extract_report(entry, path.name, None)  # type: ignore[arg-type]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "findings": len(extract.findings),
        "tables": len(extract.tables),
        "figures": len(extract.figures),
        "numbers": len(extract.numbers),
    }


def pdf_profile(path: Path) -> dict[str, object]:
    import cProfile
    import pstats

    from reportsite.extract.pipeline import extract_report

    entry = _entry(path)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(extract_report, entry, path.name, None)
    seconds = time.perf_counter() - start
    out = path.with_suffix(".prof")
    profiler.dump_stats(out)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    return {"seconds": seconds, "profile": str(out)}


def keep_docs(project_dir: Path, dest: Path) -> dict[str, object]:
    import shutil

    from reportsite.build import pipeline, split, stages
    from reportsite.project import Project

    original = stages.mkdocs_build

    def copy_then_build(project: Project, docs_dir: Path, site_dir: Path, *more: Any) -> list[str]:
        # The pages exactly as the build hands them to MkDocs, redirects included, and the data files
        # it lists for MkDocs from where the last build kept them.
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(docs_dir, dest, symlinks=True)
        for name, kept in (more[0] if more else {}).items():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept, dest / name)
        return original(project, docs_dir, site_dir, *more)

    stages.mkdocs_build = copy_then_build
    # One MkDocs run over every page (build/split.py would move half of them to a second folder first).
    split.hand_off = lambda *_args, **_kw: None
    start = time.perf_counter()
    # Every page as Markdown, finding pages included: the baseline builds the same pages with MkDocs.
    result = pipeline.run_build(Project.at(project_dir), lean=False)
    return {"seconds": time.perf_counter() - start, "pages": result.get("pages"), "docs": str(dest)}


TASKS = {"pdf-bare": pdf_bare, "pdf-read": pdf_read, "pdf-extract": pdf_extract, "pdf-profile": pdf_profile}


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "keep-docs":
        print(json.dumps(keep_docs(Path(sys.argv[2]), Path(sys.argv[3]))))
        return
    if len(sys.argv) != 3 or sys.argv[1] not in TASKS:
        sys.exit(f"usage: worker.py {{{','.join(TASKS)}}} PDF | keep-docs PROJECT DEST")
    result = TASKS[sys.argv[1]](Path(sys.argv[2]))
    # The harness reads the last line of output.
    print(json.dumps(result))


if __name__ == "__main__":
    main()
