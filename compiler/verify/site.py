"""Lay out a folder that a local web server can serve: the test LMS beside a package.

    ROOT/lms/lms.html        host page (scorm-again + harness.js)
    ROOT/lms/scorm-again.js  scorm-again's browser bundle
    ROOT/lms/harness.js      the recording LMS (compiler/verify/harness.js)
    ROOT/pkg/...             the unzipped package

Both sides must come from one http origin: an SCO on file:// cannot reach parent.API.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import urlencode

from .tools import harness_file

LMS_HTML = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>empathy test LMS</title>
<link rel="icon" href="data:,">
<script src="scorm-again.js"></script>
<script src="harness.js"></script>
</head>
<body></body>
</html>
"""


def write_lms(root: Path, scorm_again: Path) -> Path:
    """Write the test LMS into ROOT/lms and return that folder."""
    lms = Path(root) / "lms"
    lms.mkdir(parents=True, exist_ok=True)
    (lms / "lms.html").write_text(LMS_HTML, encoding="utf-8")
    shutil.copyfile(harness_file(), lms / "harness.js")
    shutil.copyfile(scorm_again, lms / "scorm-again.js")
    return lms


def add_package(root: Path, package_dir: Path, name: str = "pkg") -> Path:
    """Copy an unzipped package to ROOT/NAME (replacing an older copy) and return it."""
    dest = Path(root) / name
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(package_dir, dest)
    return dest


def lms_url(base_url: str, version: str, *, sco: str = "../pkg/index.html", depth: int = 1,
            popup: bool = False, cmi: dict | None = None) -> str:
    """The URL that launches SCO (relative to ROOT/lms/) in the test LMS at BASE_URL.

    VERSION is "1.2" or "2004"; CMI is flattened CMI the LMS loads before the launch
    (mastery from the manifest; entry, suspend_data and location on a relaunch).
    """
    params = {"sco": sco, "api": version, "depth": str(depth)}
    if popup:
        params["popup"] = "1"
    if cmi is not None:
        params["cmi"] = json.dumps(cmi, separators=(",", ":"))
    return base_url.rstrip("/") + "/lms/lms.html?" + urlencode(params)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def serve(root: Path):
    """Serve ROOT on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


KEEP_12 = ("cmi.core.student_id", "cmi.core.student_name", "cmi.core.lesson_location",
           "cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min",
           "cmi.core.score.max", "cmi.suspend_data", "cmi.student_data.mastery_score")
KEEP_2004 = ("cmi.learner_id", "cmi.learner_name", "cmi.location", "cmi.completion_status",
             "cmi.success_status", "cmi.score.raw", "cmi.score.min", "cmi.score.max",
             "cmi.score.scaled", "cmi.suspend_data", "cmi.scaled_passing_score")


def relaunch_cmi(previous: dict, version: str) -> dict:
    """What an LMS hands the SCO on the next launch of the same attempt: the saved data,
    status and interactions of PREVIOUS (a flattened CMI), with entry=resume when the
    learner left with exit=suspend (and ab-initio/"" otherwise)."""
    keep = KEEP_12 if version == "1.2" else KEEP_2004
    cmi = {k: previous[k] for k in keep if isinstance(previous.get(k), str) and previous[k] != ""}
    for key, value in previous.items():
        if key.startswith("cmi.interactions.") and isinstance(value, str) and value != "":
            cmi[key] = value
    exit_key = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    entry_key = "cmi.core.entry" if version == "1.2" else "cmi.entry"
    cmi[entry_key] = "resume" if previous.get(exit_key) == "suspend" else ""
    return cmi


def credit_cmi(version: str) -> dict:
    """A launch for credit, as an LMS makes for a learner taking the course: with it, an
    LMS judges a SCORM 1.2 status from the score against the masteryscore (scorm-again
    does, as Moodle does by default), so a score sent too early shows."""
    return {"cmi.core.credit": "credit"} if version == "1.2" else {"cmi.credit": "credit"}


def mastery_cmi(mastery: float | None, version: str) -> dict:
    """The mastery an LMS takes from the manifest and gives the SCO (1.2: 0-100)."""
    if mastery is None:
        return {}
    if version == "1.2":
        return {"cmi.student_data.mastery_score": f"{mastery * 100:g}"}
    return {"cmi.scaled_passing_score": f"{mastery:g}"}
