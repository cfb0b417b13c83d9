"""Peak memory of reading a very long table: a generated 69-page PDF of 8 000 rows, read by reportsite's
PDF reader and table extractor in a fresh process, its peak resident size taken from getrusage.

    .venv/bin/python bench/table_memory.py                  # 8 000 rows over 69 pages, 3 runs
    .venv/bin/python bench/table_memory.py --rows 2000 --pages 18 --runs 1

Prints the median peak RSS in MB, the rows found, and the ratio against a bare process that only imports
reportsite (the baseline measured in the same run).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

_READ = """
import json, resource, sys
from pathlib import Path
from reportsite.extract.ids import IdAllocator
from reportsite.extract.tables import blocks_to_tables
from reportsite.read.pdf.document import pdf_file_to_blocks
from reportsite.records import Report
path = Path(sys.argv[1])
rows = 0
if path.name != "-":
    blocks = pdf_file_to_blocks(path)
    report = Report(id="r", title="T", publisher="P", date="2024-01-01", kind="evaluation", source="x.pdf")
    tables = blocks_to_tables(blocks, [""] * len(blocks), report, IdAllocator("r"))
    rows = sum(len(t.rows) for t in tables)
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
# Table pages may be shared out among worker processes: the largest of them counts as well.
worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"peak_mb": own, "worker_mb": worker, "rows": rows}))
"""


def measure(path: str) -> dict:
    out = subprocess.run([sys.executable, "-c", _READ, path], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=8000)
    parser.add_argument("--pages", type=int, default=69)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from tablegen import make_long_table_pdf

    with tempfile.TemporaryDirectory() as tmp:
        pdf = make_long_table_pdf(Path(tmp) / "long.pdf", rows=args.rows, pages=args.pages)
        base = [measure("-")["peak_mb"] for _ in range(args.runs)]
        runs = [measure(str(pdf)) for _ in range(args.runs)]
    peak = statistics.median(r["peak_mb"] for r in runs)
    worker = statistics.median(r["worker_mb"] for r in runs)
    bare = statistics.median(base)
    print(f"long table: {args.rows} rows over {args.pages} pages; rows found {runs[0]['rows']}")
    print(f"peak RSS  {peak:8.1f} MB  main process (bare import {bare:.1f} MB, ratio {peak / bare:.2f}x)")
    print(f"peak RSS  {worker:8.1f} MB  largest table worker process")


if __name__ == "__main__":
    main()
