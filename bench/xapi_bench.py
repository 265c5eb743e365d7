"""How fast the runtime's statement queue delivers to a real LRS, and what xAPI costs in bytes.

    .venv/bin/python bench/xapi_bench.py [--batched 2000] [--single 200] [--runs 3]

1. Bytes: raw and gzip -9 of compiler/runtime/xapi.js and of each adapter (only one adapter
   ships in a package), as written and as shipped (minified by the packager).
2. Throughput: a web build of courses/de-escalation in headless Chromium, configured
   to send to a fresh Ralph (tests/ralph.py, fs backend) on 127.0.0.1. N page statements
   are recorded at once; the time until the queue is empty gives statements/second, with
   the default batches (50 a POST) and with one statement a POST. Median of --runs.
   For comparison, Python posts the same statements (new ids) to a fresh Ralph over one
   kept-alive connection, batched and one a POST: what the LRS itself takes.
   The machine's load average is printed before and after (the figures move with it).

Needs Ralph's venv (.venv-ralph) and Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
"""
from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "xapi")]

RUNTIME = ROOT / "compiler" / "runtime"
FILES = ["xapi.js", "adapters/none.js", "adapters/scorm12.js", "adapters/scorm2004.js",
         "adapters/cmi5.js", "adapters/tincan.js"]

# Record N "page" statements, then wait until the queue is empty; milliseconds.
DRAIN = """async ([n, batch]) => {
  const X = window.EmpathyXAPI, c = X.config();
  const course = JSON.parse(document.getElementById('course').textContent);
  X.configure({endpoint: c.endpoint, auth: c.auth, actor: c.actor, registration: c.registration,
               course, batch, delay: 0});
  await new Promise(r => { const w = () => X.pending() ? setTimeout(w, 5) : r(); w(); });
  const page = course.pages[0].id, t0 = performance.now();
  for (let i = 0; i < n; i++) X.record({type: 'page', page});
  await new Promise(r => { const w = () => X.pending() ? setTimeout(w, 2) : r(); w(); });
  return performance.now() - t0;
}"""


def sizes() -> list[tuple[str, int, int, int, int]]:
    """(file, source bytes, source gzip -9, shipped bytes, shipped gzip -9) for each runtime
    file; shipped = as a package carries it (compiler/package/minify.py)."""
    from compiler.package.minify import minify_js

    def gz(data: bytes) -> int:
        return len(gzip.compress(data, 9, mtime=0))

    out = []
    for name in FILES:
        data = (RUNTIME / name).read_bytes()
        shipped = minify_js(data)
        out.append((name, len(data), gz(data), len(shipped), gz(shipped)))
    return out


def build_web(tmp: Path) -> Path:
    subprocess.run([sys.executable, "-c", "from compiler.cli import main; main()", "build",
                    str(ROOT / "courses" / "de-escalation"), "--target", "web", "-o", str(tmp)],
                   cwd=ROOT, check=True, capture_output=True)
    folder = tmp / "web"
    with zipfile.ZipFile(next(tmp.glob("*.zip"))) as zf:
        zf.extractall(folder)
    return folder


def post_from_python(lrs, template: dict, n: int, batch: int) -> float:
    """Statements/second when Python POSTs n copies of `template` (new ids) to `lrs`,
    `batch` a request, over one kept-alive connection."""
    from ralph import WRITER, basic

    url = urlsplit(lrs.endpoint)
    statements = [dict(template, id=str(uuid.uuid4())) for _ in range(n)]
    headers = {"Authorization": basic(WRITER), "Content-Type": "application/json",
               "X-Experience-API-Version": "1.0.3"}
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    t0 = time.perf_counter()
    for i in range(0, n, batch):
        conn.request("POST", url.path + "statements", json.dumps(statements[i:i + batch]), headers)
        answer = conn.getresponse()
        answer.read()
        assert answer.status == 200, answer.status
    took = time.perf_counter() - t0
    conn.close()
    return n / took


def throughput(batched: int, single: int, runs: int) -> dict[str, list[float]]:
    from playwright.sync_api import sync_playwright
    from ralph import WRITER, Ralph, basic
    from xapi_helpers import PackageServer

    tmp = Path(tempfile.mkdtemp(prefix="empathy-xapi-bench-"))
    server = PackageServer(tmp / "serve")
    (tmp / "serve").mkdir(exist_ok=True)
    base = server.publish(build_web(tmp), "web")
    results: dict[str, list[float]] = {"batched": [], "single": [], "python batched": [],
                                       "python single": []}
    template = None
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM_PATH")
                                    or shutil.which("chromium") or None)
        for _ in range(runs):
            for mode, n, batch in (("batched", batched, 50), ("single", single, 1)):
                lrs = Ralph(cors_origins=[server.origin]).start()  # fresh store each time
                try:
                    query = urlencode({"endpoint": lrs.endpoint, "auth": basic(WRITER),
                                       "actor": json.dumps({"mbox": "mailto:bench@example.org"})})
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(base + "index.html?" + query)
                    page.wait_for_function("document.documentElement.dataset.ready")
                    ms = page.evaluate(DRAIN, [n, batch])
                    stored = lrs.raw_statements()
                    assert len(stored) >= n, f"only {len(stored)} of {n} statements stored"
                    results[mode].append(n / (ms / 1000))
                    template = template or next(s for s in stored if s["verb"]["id"].endswith("/experienced"))
                    context.close()
                finally:
                    lrs.close()
                lrs = Ralph(cors_origins=[server.origin]).start()
                try:
                    sent = {k: v for k, v in template.items() if k in ("actor", "verb", "object", "context", "timestamp")}
                    results["python " + mode].append(post_from_python(lrs, sent, n, batch))
                finally:
                    lrs.close()
        browser.close()
    server.server.shutdown()
    shutil.rmtree(tmp, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batched", type=int, default=2000, help="statements, batched run")
    parser.add_argument("--single", type=int, default=200, help="statements, one-per-POST run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes-only", action="store_true")
    args = parser.parse_args()

    def load() -> str:
        return "load average %.1f, %.1f, %.1f" % os.getloadavg() + f" on {os.cpu_count()} cores"

    print("runtime bytes: source raw / gzip -9, shipped (minified) raw / gzip -9")
    for name, raw, gz, shipped, shipped_gz in sizes():
        print(f"  {name:24} {raw:7,d} B {gz:6,d} B gz   shipped {shipped:7,d} B {shipped_gz:6,d} B gz")
    if args.sizes_only:
        return
    before = load()
    results = throughput(args.batched, args.single, args.runs)
    print(f"delivery to Ralph 5.1.0 (fs backend, 127.0.0.1), median of {args.runs}"
          f" ({before} before, {load()} after):")
    for name, label, n in (("batched", "batched (50 a POST):", args.batched),
                           ("single", "one a POST:", args.single),
                           ("python batched", "Python, 50 a POST:", args.batched),
                           ("python single", "Python, one a POST:", args.single)):
        runs = results[name]
        print(f"  {label:21} {statistics.median(runs):8.0f} statements/s"
              f"  ({n} statements; runs: {', '.join(f'{r:.0f}' for r in runs)})")


if __name__ == "__main__":
    main()
