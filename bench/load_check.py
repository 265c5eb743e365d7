"""Benchmark: load + check of a large generated course.

    python bench/load_check.py [--pages 200] [--nodes 500] [--runs 5]

Generates the course (bench/generate_course.py) into a temporary folder, pins the
process to one core, and reports the median wall time of `load_course` + `run_checks`
over several runs, then peak Python memory (tracemalloc, one extra run, since tracing
slows everything down) and the process's peak resident set size (ru_maxrss).
Goal: < 1 s on one core.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generate_course import generate  # noqa: E402

from compiler.check import run_checks  # noqa: E402
from compiler.load import load_course  # noqa: E402

GOAL_SECONDS = 1.0


def load_and_check(folder: str) -> tuple[int, int]:
    """One full load + check; (errors, warnings) found."""
    course, diagnostics = load_course(folder)
    diagnostics = list(diagnostics) + (run_checks(course) if course is not None else [])
    errors = sum(1 for d in diagnostics if d.severity == "error")
    return errors, len(diagnostics) - errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with tempfile.TemporaryDirectory() as tmp:
        folder = str(generate(Path(tmp) / "large", args.pages, args.nodes))
        sources = sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())
        errors, warnings = load_and_check(folder)  # warm-up: imports, caches
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            load_and_check(folder)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        load_and_check(folder)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    median = statistics.median(times)
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"course: {args.pages} pages, a scenario of {args.nodes} nodes, "
          f"{sources / 1024:.0f} KiB of sources; {errors} errors, {warnings} warnings")
    print(f"load+check: median {median * 1000:.0f} ms over {args.runs} runs "
          f"(min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms), one core")
    print(f"peak memory: {traced_peak / 1048576:.1f} MiB traced (tracemalloc), "
          f"{maxrss_kib / 1024:.0f} MiB max RSS (whole process)")
    verdict = "met" if median < GOAL_SECONDS else "MISSED"
    print(f"goal: < {GOAL_SECONDS:g} s: {verdict}")
    return 0 if errors == 0 and median < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
