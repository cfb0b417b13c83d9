"""Profile one reportsite command on a project, to see what bounds a figure that bench/run.py reports.

    .venv/bin/python bench/hotspots.py bench/out/corpus/n100-s1 build
    .venv/bin/python bench/hotspots.py bench/out/work/site extract --top 60

Runs the command in this process under cProfile, writes the profile to bench/out/profile-<command>.prof
(for snakeviz or pstats) and prints the functions that take the most time, cumulative and own.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("project", type=Path, help="Project folder (sources/, extract/, ...).")
    parser.add_argument("command", nargs="+", help="reportsite command and its arguments, e.g. build.")
    parser.add_argument("--top", type=int, default=40, help="How many functions to list.")
    parser.add_argument("--out", type=Path, help="Where to write the profile.")
    args = parser.parse_args()

    from reportsite.cli import cli

    out = args.out or OUT / f"profile-{args.command[0]}.prof"
    out.parent.mkdir(parents=True, exist_ok=True)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    try:
        profiler.runcall(cli.main, ["--project", str(args.project), *args.command], standalone_mode=False)
    finally:
        seconds = time.perf_counter() - start
        profiler.dump_stats(out)
    stats = pstats.Stats(str(out), stream=sys.stdout)
    stats.strip_dirs()
    print(f"\n{' '.join(args.command)}: {seconds:.2f} s under the profiler; profile in {out}\n")
    print("=== by cumulative time")
    stats.sort_stats("cumulative").print_stats(args.top)
    print("=== by own time")
    stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
