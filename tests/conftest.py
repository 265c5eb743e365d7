"""Shared fixtures for every test folder.

Paths
    repo_root        Path of the checkout (the folder holding pyproject.toml).
    node_modules     Path of tests/node_modules (scorm-again, SCORM XSDs, xapi-validation,
                     axe-core; installed by `.ci/setup`).

Packages
    built(course_dir, target) -> Path
                     Builds COURSE_DIR for TARGET (web, scorm12, scorm2004-3, scorm2004-4,
                     cmi5, xapi) with the real `empathy build` and returns the folder of the
                     UNZIPPED package. Cached for the session, so ask freely. A failed build
                     fails the test with the compiler's output.
    built_zip(course_dir, target) -> Path
                     The same build's zip file.

Serving
    serve(path) -> "http://127.0.0.1:<port>/"
                     Serves a folder over http (threaded, silent), one server per folder for
                     the whole session. Packages must be served, not opened from file://.

Browser (pytest-playwright's `browser`, `page`, `context` fixtures)
    Launches Debian's Chromium: $CHROMIUM_PATH, else `chromium` on PATH. Without either,
    Playwright's own browser is used on a developer machine, but under CI=true a missing
    browser is a failure, never a skip.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def node_modules() -> Path:
    path = REPO_ROOT / "tests" / "node_modules"
    if not (path / "scorm-again").is_dir():
        message = "tests/node_modules is missing: run `bash .ci/setup` (npm ci --prefix tests)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return path


# ---------------------------------------------------------------- browser


def _chromium() -> str | None:
    given = os.environ.get("CHROMIUM_PATH")
    if given:
        return given
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = _chromium()
    if executable:
        return {**browser_type_launch_args, "executable_path": executable}
    if IN_CI:
        pytest.fail("no Chromium found in CI: set CHROMIUM_PATH or `apt-get install chromium`")
    return browser_type_launch_args  # a developer's own `playwright install chromium`


# ---------------------------------------------------------------- serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        # Tests rewrite files in place between launches; never let the browser cache them.
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@pytest.fixture(scope="session")
def serve():
    servers: dict[Path, tuple[http.server.ThreadingHTTPServer, str]] = {}

    def start(path) -> str:
        root = Path(path).resolve()
        if root not in servers:
            handler = functools.partial(_QuietHandler, directory=str(root))
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            servers[root] = (server, f"http://127.0.0.1:{server.server_address[1]}/")
        return servers[root][1]

    yield start
    for server, _ in servers.values():
        server.shutdown()
        server.server_close()


# ---------------------------------------------------------------- building


@pytest.fixture(scope="session")
def built_zip(tmp_path_factory):
    cache: dict[tuple[Path, str], Path] = {}

    def build(course_dir, target: str) -> Path:
        course = Path(course_dir).resolve()
        key = (course, target)
        if key not in cache:
            out = tmp_path_factory.mktemp(f"build-{course.name}-{target}")
            # The real command line, as an author runs it (no stdin, from the repo root).
            result = subprocess.run(
                [sys.executable, "-c", "from compiler.cli import main; main()",
                 "build", str(course), "--target", target, "-o", str(out)],
                cwd=REPO_ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                timeout=300)
            zips = sorted(out.glob("*.zip"))
            if result.returncode != 0 or len(zips) != 1:
                pytest.fail(f"`empathy build {course.name} --target {target}` failed "
                            f"(exit {result.returncode}, zips {[z.name for z in zips]}):\n"
                            f"{result.stdout}\n{result.stderr}")
            cache[key] = zips[0]
        return cache[key]

    return build


@pytest.fixture(scope="session")
def built(built_zip, tmp_path_factory):
    cache: dict[Path, Path] = {}

    def unzipped(course_dir, target: str) -> Path:
        archive = built_zip(course_dir, target)
        if archive not in cache:
            dest = tmp_path_factory.mktemp(f"pkg-{Path(course_dir).name}-{target}")
            with zipfile.ZipFile(archive) as zf:
                zf.extractall(dest)
            cache[archive] = dest
        return cache[archive]

    return unzipped
