"""Helpers for the xAPI tests: the package server, a learner who walks a package to its
end (compiler/verify/walker.js), xapi-validation, polling."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
import time
from pathlib import Path

from ralph import free_port

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
COURSES = sorted(p for p in (REPO / "courses").iterdir() if (p / "course.yaml").is_file())
WALKER = REPO / "compiler" / "verify" / "walker.js"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


class PackageServer:
    """One http server on a port chosen before Ralph starts, so Ralph's CORS list can
    name its origin. `publish(folder, name)` puts a package under /<name>/."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        handler = functools.partial(_Quiet, directory=str(root))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def publish(self, folder: Path, name: str) -> str:
        dest = self.root / name
        if dest.exists():
            shutil.rmtree(dest)
        shutil.copytree(folder, dest)
        return f"{self.origin}/{name}/"


def walk(page, plan: dict | None = None, *, until=None, max_steps: int = 400) -> list[dict]:
    """Walk the course in `page` with the generic walker until the finish button is
    pressed (or `until(step)` is true). Returns the steps."""
    page.wait_for_function("window.EmpathyPlayer && document.documentElement.dataset.ready")
    if not page.evaluate("!!window.EmpathyWalker"):
        page.add_script_tag(path=str(WALKER))
        page.evaluate("p => EmpathyWalker.plan(p)", plan or {})
    steps = [{"act": "start", "detail": "", "page": page.evaluate("document.documentElement.dataset.page")}]
    for _ in range(max_steps):
        step = page.evaluate("EmpathyWalker.step()")
        waited = 0
        # An interactive page may still be loading its code (assets/kinds.js): a learner
        # would wait for it, so the walker does too (up to 10 s).
        while step["act"] == "stuck" and waited < 100:
            page.wait_for_timeout(100)
            waited += 1
            step = page.evaluate("EmpathyWalker.step()")
        steps.append(step)
        if step["act"] == "stuck":
            raise AssertionError(f"the walker is stuck: {steps[-5:]}")
        if until and until(step):
            return steps
        if step["act"] == "finish":
            return steps
    raise AssertionError(f"no end after {max_steps} steps: {steps[-5:]}")


def validate(statements: list[dict]) -> list[tuple[str, list]]:
    """(statement id, warnings) for each statement xapi-validation does not accept."""
    out = subprocess.run(["node", str(HERE / "validate.js")], input=json.dumps(statements),
                         capture_output=True, text=True, check=True).stdout
    return [(s.get("id"), w) for s, w in zip(statements, json.loads(out)) if w]


def wait_for(predicate, timeout: float = 20.0, interval: float = 0.1):
    """Poll until predicate() is truthy; returns its value or fails. With Playwright
    routes, let the predicate call into Playwright: route handlers run only then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {predicate.__doc__ or predicate}")


def course_json(package_dir: Path) -> dict:
    """The course.json embedded in a package's index.html."""
    html = (Path(package_dir) / "index.html").read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="course">') + len(
        '<script type="application/json" id="course">')
    return json.loads(html[start:html.index("</script>", start)])


def verbs(statements: list[dict]) -> list[str]:
    """The last path segment of each statement's verb id: "initialized", "answered", ..."""
    return [s["verb"]["id"].rsplit("/", 1)[-1] for s in statements]


def sco_frame(page, package_name: str):
    """The frame of the test SCORM LMS page that holds the package."""
    def find():
        for frame in page.frames:
            if f"/{package_name}/index.html" in frame.url:
                return frame
        return None
    return wait_for(find, 15)


def scorm_lms(packages, node_modules: Path):
    """Write the scorm-again test LMS (compiler/verify) into the package server's root."""
    from compiler.verify.site import write_lms

    bundle = node_modules / "scorm-again" / "dist" / "scorm-again.min.js"
    write_lms(packages.root, bundle)


def au(cj: dict) -> str:
    """The activityId the test LMS launches the AU with: its own IRI for the AU, which must
    not be the AU's id in cmi5.xml (cmi5 8.1.5), so an AU that reports on the id it was
    built with, not the one it was launched with, is caught."""
    return "https://lms.example.org/activities/" + cj["activityBase"].rstrip("/").rsplit("/", 1)[-1] + "-au"
