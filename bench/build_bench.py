"""Build benchmark: how long `empathy build` takes and how big its packages are.

    .venv/bin/python bench/build_bench.py [--runs 5] [--large-pages 200] [--large-nodes 500]

Measures, for every example course in courses/, the comparison course (10 short lessons,
an 8-node scenario, a 5-question quiz: the course the goals were measured on for other
tools) and a generated large course (bench/generate_course.py):

- wall time of the real command line (`empathy build --target T`, a fresh Python process,
  as an author runs it), median of --runs runs, for each target and for `--target all`;
- where the time goes inside one process (imports, load+check, render, package+zip);
- package sizes, and the JS+CSS the first page loads, raw and gzipped (-9, each file on
  its own, as a server sends it): adapter.js + player.js + player.css, plus xapi.js where
  the player fetches it before the first page (cmi5 and xapi always, any target when
  course.yaml names an LRS endpoint) and kinds.js and kinds.css where the first page is of an
  interactive kind (the "scenario-first" course: the comparison course, scenario first).

Goals (issue 3): one target under 0.4 s (half of schorm's 0.8 s), all targets in one run
under 0.8 s, first-page JS+CSS at most 10 KB gzipped.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from compiler.render.site import COURSE_SCRIPT  # noqa: E402

TARGETS = ["web", "scorm12", "scorm2004-3", "scorm2004-4", "cmi5", "xapi"]
ONE_TARGET_GOAL = 0.4
ALL_TARGETS_GOAL = 0.8
FIRST_LOAD_GZIP_GOAL = 10 * 1024
# Children run as an installed empathy does: with bytecode written and read. (This machine
# sets PYTHONDONTWRITEBYTECODE, which would make every run recompile empathy's modules; pip
# compiles them at install time.)
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


# ---------------------------------------------------------------- the comparison course


def _lesson(k: int) -> str:
    return "\n".join([
        "---", "kind: page", f'title: "Lesson {k}"', "---", "",
        f"Lesson {k} is about one habit of listening at the counter.", "",
        "When a customer is upset, **name the feeling** before you explain anything. "
        "Then say what you will do next, and when.", "",
        "::: tip", "Slow down your own voice first.", ":::", ""])


def _scenario() -> str:
    lines = ["---", "kind: scenario", 'title: "The double charge"', "start: n1",
             "state: {trust: 0}", "content_warning: A customer who is upset about money.",
             "opt_out: {label: Skip this one, to: lesson-10}", "---", "",
             "A customer comes to the desk holding a bank statement.", ""]
    # Six conversation nodes in a chain with a detour, and two endings: eight nodes.
    for i in range(1, 7):
        good = f"n{i + 1}" if i < 6 else "good"
        lines += [f"## Moment {i} {{#n{i}}}", "feelings: frustrated, anxious",
                  f"thinks: Will anyone help me this time? ({i})", "coach: Name the feeling.", "",
                  f'"I was charged twice and nobody will tell me why ({i})."', "",
                  f'* "That sounds worrying. Let me look with you now." -> {good}',
                  "  feedback: Feeling first, then action.", "  set: trust + 1",
                  f'* "Charges are final, I am afraid." -> {"n" + str(i + 1) if i < 6 else "poor"}'
                  f'{" if trust >= 2 else poor" if i < 6 else ""}',
                  "  feedback: A rule with no person behind it.", "  set: trust - 1", ""]
    lines += ["## Sorted {#good}", "ending: Sorted and reassured", "score: 1", "felt: relieved", "",
              "The customer thanks you by name.", "",
              "## Left unhappy {#poor}", "ending: Left unhappy", "score: 0.2", "felt: disappointed", "",
              "The customer leaves, still worried.", ""]
    return "\n".join(lines)


def _quiz() -> str:
    lines = ["---", "kind: quiz", 'title: "Check yourself"', "---", "", "Five quick questions.", ""]
    for q in range(1, 6):
        lines += [f"## Question {q} {{#q{q}}}", "", f"Which reply names the feeling best ({q})?", "",
                  '* [x] "That sounds really frustrating."', "  feedback: It names the feeling.",
                  '* [ ] "Calm down, please."', "  feedback: It tells them how to feel.",
                  '* [ ] "It is company policy."', "  feedback: A rule, not a feeling.", ""]
    return "\n".join(lines)


def comparison_course(out: Path, scenario_first: bool = False) -> Path:
    """The course the goals were measured on: 10 short lessons, an 8-node scenario,
    a 5-question quiz (SCENARIO_FIRST: the same with the scenario as its first page)."""
    out.mkdir(parents=True, exist_ok=True)
    pages = [f"lesson-{k}" for k in range(1, 11)]
    for k, page in enumerate(pages, 1):
        (out / f"{page}.md").write_text(_lesson(k), encoding="utf-8")
    (out / "double-charge.md").write_text(_scenario(), encoding="utf-8")
    (out / "check.md").write_text(_quiz(), encoding="utf-8")
    order = pages[:5] + ["double-charge"] + pages[5:] + ["check"]
    if scenario_first:
        order = ["double-charge"] + pages + ["check"]
    (out / "course.yaml").write_text("\n".join([
        "id: https://courses.example.org/bench/comparison", "title: Listening at the counter",
        "description: Ten short lessons, a scenario and a quiz.", "language: en", "version: 1.0.0",
        "authors: [{name: Bench}]", "pages:", *[f"  - {p}" for p in order],
        "completion:", "  visit: all", "  finish: [double-charge, check]",
        "mastery:", "  score: 0.7", "  counts:", "    - {page: double-charge, weight: 1}",
        "    - {page: check, weight: 1}", "theme: default", ""]), encoding="utf-8")
    return out


# ---------------------------------------------------------------- measuring


def cli_seconds(course: Path, target: str, out: Path, runs: int) -> dict[str, float]:
    """`empathy build COURSE --target TARGET` in a fresh process, `runs` times: the fastest
    and median wall time, and the fastest CPU time (user + system) of the process.

    On a shared machine wall time mostly measures the other processes; CPU time and the
    fastest run are the steadier figures, the median the honest one."""
    walls, cpus = [], []
    command = [sys.executable, "-c", "from compiler.cli import main; main()",
               "build", str(course), "--target", target, "-o", str(out)]
    subprocess.run(command, cwd=REPO, env=CHILD_ENV, capture_output=True)  # warm: .pyc, caches
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=REPO, env=CHILD_ENV, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE)
        stderr = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        walls.append(time.perf_counter() - started)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if child.returncode != 0:
            raise SystemExit(f"build of {course.name} ({target}) failed:\n{stderr.decode()}")
    return {"min": min(walls), "median": statistics.median(walls), "cpu": min(cpus)}


def stage_seconds(course: Path, out: Path) -> dict[str, float]:
    """Where the time goes, in one fresh process: imports, load+check, render, each target."""
    script = f"""
import json, time
t = time.perf_counter()
from compiler.commands.build import load_and_check
from compiler import targets
from compiler.render.site import render_site
from compiler.package.zipper import write_zip
from pathlib import Path
stages = {{"imports": time.perf_counter() - t}}
t = time.perf_counter(); course, _ = load_and_check({str(course)!r}); stages["load+check"] = time.perf_counter() - t
t = time.perf_counter(); site = render_site(course); stages["render"] = time.perf_counter() - t
for name in targets.names():
    t = time.perf_counter()
    b = targets.get(name)
    write_zip(Path({str(out)!r}) / b.zip_name(course), b.package_files(course, site))
    stages[name] = time.perf_counter() - t
print(json.dumps(stages))
"""
    subprocess.run([sys.executable, "-c", script], cwd=REPO, env=CHILD_ENV, capture_output=True)
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=CHILD_ENV,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def first_page_files(archive: zipfile.ZipFile) -> list[str]:
    """The JS and CSS files a package's first page loads, by the player's rules
    (docs/design.md, "Deferred runtime code"): the core three, xapi.js when statements
    can be sent before any launch parameter is read (an adapter that always sends, or an
    endpoint in course.json), kinds.js and kinds.css when the first page is of an interactive kind."""
    names = set(archive.namelist())
    files = ["assets/adapter.js", "assets/player.js", "assets/player.css"]
    index = archive.read("index.html").decode("utf-8")
    start = COURSE_SCRIPT.search(index).end()
    course = json.loads(index[start:index.index("</script>", start)])
    sends = b"sendsStatements" in archive.read("assets/adapter.js") or (course.get("xapi") or {}).get("endpoint")
    if "assets/xapi.js" in names and sends:
        files.append("assets/xapi.js")
    if "assets/kinds.js" in names and course["pages"] and course["pages"][0]["kind"] != "page":
        files += ["assets/kinds.js", "assets/kinds.css"]
    return files


def package_sizes(course_slug: str, out: Path) -> dict[str, dict]:
    """Per target: zip bytes, and the first page's JS+CSS raw and gzipped (-9, each file
    on its own), with the gzipped size of each of those files."""
    sizes = {}
    for target in TARGETS:
        path = out / f"{course_slug}-{target}.zip"
        with zipfile.ZipFile(path) as archive:
            files = {name: archive.read(name) for name in first_page_files(archive)}
        gz = {name.split("/")[-1]: len(gzip.compress(data, 9)) for name, data in files.items()}
        sizes[target] = {"zip": path.stat().st_size, "jscss": sum(map(len, files.values())),
                         "jscss_gzip": sum(gz.values()), "files_gzip": gz}
    return sizes


def ratio(value: float, goal: float) -> str:
    mark = "ok" if value <= goal else "OVER"
    return f"{value / goal:5.2f}x of goal ({mark})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    parser.add_argument("--large-pages", type=int, default=200)
    parser.add_argument("--large-nodes", type=int, default=500)
    parser.add_argument("--targets", nargs="*", choices=TARGETS,
                        help="targets to time one by one (default: scorm2004-4; every target's "
                             "own packaging time is in the per-stage table anyway)")
    parser.add_argument("--only", nargs="*", metavar="COURSE",
                        help="only these courses (names in courses/, comparison, scenario-first, large); "
                             "the comparison course is always measured")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args()

    from generate_course import generate

    work = Path(tempfile.mkdtemp(prefix="empathy-bench-"))
    courses = {p.name: p for p in sorted((REPO / "courses").iterdir()) if (p / "course.yaml").is_file()}
    courses["comparison"] = comparison_course(work / "comparison")
    courses["scenario-first"] = comparison_course(work / "scenario-first", scenario_first=True)
    courses["large"] = generate(work / "large", args.large_pages, args.large_nodes)
    if args.only:
        courses = {k: v for k, v in courses.items() if k in args.only or k == "comparison"}

    figures: dict[str, dict] = {}
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} cores")
    print(f"\nempathy build, fresh process, {args.runs} runs: fastest wall / median wall / "
          "fastest CPU (s)")
    shown = args.targets or ["scorm2004-4"]
    print(f"{'course':<16}" + "".join(f"{t:>22}" for t in shown + ["all"]))
    for name, course in courses.items():
        out = work / f"out-{name}"
        row = {t: cli_seconds(course, t, out, args.runs) for t in shown + ["all"]}
        figures[name] = {"seconds": row, "stages": stage_seconds(course, work / f"stages-{name}"),
                         "sizes": package_sizes(course.name, out)}
        print(f"{name:<16}" + "".join(
            f"{row[t]['min']:>8.3f}{row[t]['median']:>7.3f}{row[t]['cpu']:>7.3f}" for t in shown + ["all"]))

    print("\nwhere the time goes, one process (ms)")
    stage_names = list(next(iter(figures.values()))["stages"])
    print(f"{'course':<18}" + "".join(f"{s:>12}" for s in stage_names))
    for name, data in figures.items():
        print(f"{name:<18}" + "".join(f"{data['stages'][s] * 1000:>12.1f}" for s in stage_names))

    print("\npackage size (KB): zip / first-page JS+CSS raw / gzip (* over the 10 KB goal)")
    print(f"{'course':<18}" + "".join(f"{t:>20}" for t in TARGETS))
    for name, data in figures.items():
        cells = [f"{s['zip'] / 1024:.1f}/{s['jscss'] / 1024:.1f}/{s['jscss_gzip'] / 1024:.1f}"
                 + ("*" if s["jscss_gzip"] > FIRST_LOAD_GZIP_GOAL else " ")
                 for s in (data["sizes"][t] for t in TARGETS)]
        print(f"{name:<18}" + "".join(f"{c:>20}" for c in cells))

    print("\nfirst-page files, gzip bytes each, vs the 10 KB goal (comparison, scenario-first)")
    for name in ("comparison", "scenario-first"):
        if name not in figures:
            continue
        for target in TARGETS:
            s = figures[name]["sizes"][target]
            files = " + ".join(f"{f} {b}" for f, b in s["files_gzip"].items())
            print(f"  {name:<15}{target:<12}{s['jscss_gzip']:>6} = {files}: "
                  f"{ratio(s['jscss_gzip'], FIRST_LOAD_GZIP_GOAL)}")

    comparison = figures["comparison"]
    one = comparison["seconds"][shown[0]]
    both = comparison["seconds"]["all"]
    largest = max(TARGETS, key=lambda t: comparison["sizes"][t]["jscss_gzip"])
    largest_gzip = comparison["sizes"][largest]["jscss_gzip"]
    print("\nagainst the goals (comparison course: 10 lessons, 8-node scenario, 5-question quiz)")
    print(f"  one target ({shown[0]}): fastest {one['min']:.3f} s, median {one['median']:.3f} s, "
          f"CPU {one['cpu']:.3f} s vs {ONE_TARGET_GOAL} s: {ratio(one['min'], ONE_TARGET_GOAL)}")
    print(f"  all targets: fastest {both['min']:.3f} s, median {both['median']:.3f} s, "
          f"CPU {both['cpu']:.3f} s vs {ALL_TARGETS_GOAL} s: {ratio(both['min'], ALL_TARGETS_GOAL)}")
    print(f"  first-page JS+CSS gzip (largest: {largest}, {largest_gzip / 1024:.1f} KB) vs 10 KB: "
          f"{ratio(largest_gzip, FIRST_LOAD_GZIP_GOAL)}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
