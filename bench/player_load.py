"""Player load benchmark: how fast a built course shows its first text and becomes usable.

    .venv/bin/python bench/player_load.py [--loads 15] [--json]

Builds the web package of every example course and of the comparison course (10 short
lessons, an 8-node scenario, a 5-question quiz: bench/build_bench.py), serves each on
127.0.0.1 and opens it in headless Chromium LOADS times, each in a fresh browser context
(empty cache, empty storage). For each course it reports the median of:

- first text: `first-contentful-paint` (paint timing, from navigation start), counted only
  when the first page's heading is already in the HTML the server sent (so the first paint
  is course text, not an empty shell);
- interactive: when `EmpathyPlayer.ready` resolved (controls work), from navigation start;
- JS+CSS the first page loaded, raw and gzipped (gzip -6, what web servers use).

A bare HTML page (a heading, no JS or CSS) is measured the same way first, as the floor
of this machine at that moment: on a shared, busy machine every figure rises with it.

Goals (issue 3): first page JS+CSS <= 10 KB gzipped; first text <= 100 ms.
"""
from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

GZIP_GOAL = 10 * 1024
FIRST_TEXT_GOAL_MS = 100.0

BASELINE_HTML = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bare</title>
<link rel="icon" href="data:,"></head>
<body><main id="main"><h1>A bare page</h1><p>No script, no style sheet.</p></main></body></html>
"""

# Installed before any page script: note when the player's ready promise resolves.
WATCH_READY = """
(() => {
  let player;
  Object.defineProperty(window, 'EmpathyPlayer', {
    configurable: true,
    get() { return player; },
    set(value) {
      player = value;
      Promise.resolve(value && value.ready).then(() => { window.__emReadyAt = performance.now(); });
    },
  });
})();
"""

MEASURE = """async () => {
  const paint = () => performance.getEntriesByName('first-contentful-paint')[0];
  const hasPlayer = document.scripts.length > 0;  // the bare baseline page has none
  for (let i = 0; i < 200 && (!paint() || (hasPlayer && window.__emReadyAt === undefined)); i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  const h1 = document.querySelector('#main h1');
  return {fcp: paint() ? paint().startTime : null, ready: window.__emReadyAt ?? null,
          heading: h1 ? h1.textContent.trim() : null};
}"""


def build_web(course: Path, out: Path) -> Path:
    """`empathy build COURSE --target web -o OUT`; the unzipped web folder."""
    result = subprocess.run([sys.executable, "-c", "from compiler.cli import main; main()", "build",
                             str(course), "--target", "web", "-o", str(out)],
                            cwd=REPO, capture_output=True, text=True)
    folders = [p for p in out.iterdir() if p.is_dir() and p.name.endswith("-web")]
    if result.returncode != 0 or len(folders) != 1:
        raise SystemExit(f"building {course} failed:\n{result.stdout}\n{result.stderr}")
    return folders[0]


def measure(browser, url: str, loads: int) -> dict:
    """Open URL LOADS times in fresh contexts; medians and the first page's JS+CSS bytes."""
    fcps, readies, sent_html, heading = [], [], "", None
    assets: dict[str, bytes] = {}
    for n in range(loads):
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(WATCH_READY)
        bodies = {}

        def keep(response, bodies=bodies):
            if response.request.resource_type in ("script", "stylesheet", "document"):
                try:
                    bodies[(response.request.resource_type, response.url)] = response.body()
                except Exception:  # a body that went away with a navigation: not counted
                    pass

        page.on("response", keep)
        page.goto(url, wait_until="load")
        result = page.evaluate(MEASURE)
        context.close()
        if result["fcp"] is not None:
            fcps.append(result["fcp"])
        if result["ready"] is not None:
            readies.append(result["ready"])
        heading = result["heading"]
        if n == 0:
            sent_html = next((b.decode("utf-8", "replace") for (kind, _), b in bodies.items()
                              if kind == "document"), "")
            assets = {u: b for (kind, u), b in bodies.items() if kind in ("script", "stylesheet")}
    in_html = bool(heading) and (heading in html.unescape(sent_html))
    raw = sum(len(b) for b in assets.values())
    gz = sum(len(gzip.compress(b, compresslevel=6, mtime=0)) for b in assets.values())
    return {
        "loads": loads,
        "first_text_ms": round(statistics.median(fcps), 1) if fcps and in_html else None,
        "first_paint_ms": round(statistics.median(fcps), 1) if fcps else None,
        "heading_in_initial_html": in_html,
        "interactive_ms": round(statistics.median(readies), 1) if readies else None,
        "js_css_files": {Path(u).name: [len(b), len(gzip.compress(b, compresslevel=6, mtime=0))]
                         for u, b in sorted(assets.items())},
        "js_css_raw_bytes": raw,
        "js_css_gzip_bytes": gz,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=15, help="page loads per course")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    from build_bench import comparison_course

    from compiler.verify import browser as verify_browser
    from compiler.verify.site import serve

    missing = verify_browser.missing_tools()
    if any("scorm-again" not in p.message for p in missing):
        print("\n".join(p.message for p in missing if "scorm-again" not in p.message), file=sys.stderr)
        return 1
    results = {}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="empathy-player-load-") as tmp:
        work = Path(tmp)
        courses = {p.name: p for p in sorted((REPO / "courses").iterdir()) if (p / "course.yaml").exists()}
        courses["comparison"] = comparison_course(work / "comparison")
        with verify_browser.chromium() as chromium:
            # The floor on this machine right now: a bare page with a heading and no JS or
            # CSS. On a busy shared machine every figure rises with it; compare against it.
            bare = work / "baseline"
            bare.mkdir()
            (bare / "index.html").write_text(BASELINE_HTML, encoding="utf-8")
            with serve(bare) as base:
                results["(bare page)"] = measure(chromium, base + "index.html", args.loads)
            for name, course in courses.items():
                folder = build_web(course, work / f"out-{name}")
                with serve(folder) as base:
                    results[name] = measure(chromium, base + "index.html", args.loads)
    # First paint times rise with the machine's load: say what it was.
    load = {"before": [round(x, 2) for x in load_before], "after": [round(x, 2) for x in os.getloadavg()],
            "cores": os.cpu_count()}
    if args.json:
        print(json.dumps({**results, "(load average)": load}, indent=2, sort_keys=True))
    else:
        print(f"load average before {load['before']}, after {load['after']} on {load['cores']} cores")
        print(f"{'course':<18} {'first text':>11} {'interactive':>12} {'JS+CSS raw':>11} {'gzip':>8}")
        for name, r in results.items():
            first = f"{r['first_text_ms']:.0f} ms" if r["first_text_ms"] is not None else "n/a"
            ready = f"{r['interactive_ms']:.0f} ms" if r["interactive_ms"] is not None else "n/a"
            print(f"{name:<18} {first:>11} {ready:>12} {r['js_css_raw_bytes']:>11} {r['js_css_gzip_bytes']:>8}")
        c = results["comparison"]
        print("\nfirst-page files of the comparison course (raw / gzip bytes): " + ", ".join(
            f"{name} {raw}/{gz}" for name, (raw, gz) in c["js_css_files"].items()))
        print(f"\ngoals (comparison course, median of {c['loads']} loads): "
              f"JS+CSS {c['js_css_gzip_bytes'] / 1024:.1f} KB gzip (goal <= 10 KB): "
              f"{'met' if c['js_css_gzip_bytes'] <= GZIP_GOAL else 'MISSED'}; "
              f"first text {c['first_text_ms']} ms (goal <= 100 ms): "
              f"{'met' if (c['first_text_ms'] or 1e9) <= FIRST_TEXT_GOAL_MS else 'MISSED'}")
    comparison = results["comparison"]
    ok = comparison["js_css_gzip_bytes"] <= GZIP_GOAL and \
        (comparison["first_text_ms"] or 1e9) <= FIRST_TEXT_GOAL_MS
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
