"""Benchmark: load + check of a large generated course.

    python bench/load_check.py [--pages 200] [--nodes 500] [--runs 5]

Generates the course (bench/generate_course.py) into a temporary folder, pins the
process to one core, and reports the median wall and CPU time of `load_course` + `check_loaded`
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

from compiler.check import check_loaded  # noqa: E402
from compiler.load import load_course  # noqa: E402

GOAL_SECONDS = 1.0


def load_and_check(folder: str) -> tuple[int, int, float]:
    """One full load + check: (errors, warnings, CPU seconds spent in check alone)."""
    course, diagnostics = load_course(folder)
    started = time.process_time()
    found = check_loaded(course, diagnostics)
    check_cpu = time.process_time() - started
    errors = sum(1 for d in found if d.severity == "error")
    return errors, len(found) - errors, check_cpu


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
        errors, warnings, _ = load_and_check(folder)  # warm-up: imports, caches
        times, cpu_times, check_times = [], [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            check_times.append(load_and_check(folder)[2])
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - start_cpu)
        tracemalloc.start()
        load_and_check(folder)
        _, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    median, median_cpu = statistics.median(times), statistics.median(cpu_times)
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(f"course: {args.pages} pages, a scenario of {args.nodes} nodes, "
          f"{sources / 1024:.0f} KiB of sources; {errors} errors, {warnings} warnings")
    print(f"load+check: median {median * 1000:.0f} ms wall, {median_cpu * 1000:.0f} ms CPU over "
          f"{args.runs} runs (wall min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms), "
          f"one core; check alone {statistics.median(check_times) * 1000:.0f} ms CPU")
    print(f"load average now: {os.getloadavg()[0]:.1f} (on a busy machine, CPU time is the "
          "fairer figure)")
    print(f"peak memory: {traced_peak / 1048576:.1f} MiB traced (tracemalloc), "
          f"{maxrss_kib / 1024:.0f} MiB max RSS (whole process)")
    for what, value in (("wall time", median), ("CPU time", median_cpu)):
        print(f"goal: < {GOAL_SECONDS:g} s by median {what}: "
              f"{'met' if value < GOAL_SECONDS else 'MISSED'} ({value:.2f} s)")
    # Exit status follows CPU time: other processes on the machine stretch wall time.
    return 0 if errors == 0 and median_cpu < GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
