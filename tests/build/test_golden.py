"""Golden manifests for courses/de-escalation: any change to a manifest shows up as a diff.

Regenerate after an intended change with `EMPATHY_REGOLD=1 pytest tests/build/test_golden.py`,
then read the diff (tests/build/golden/README.md says what to look for)."""
import os
from pathlib import Path

import pytest

from compiler import targets
from compiler.commands.build import load_and_check
from compiler.render.site import render_site

from handmade import COURSES

GOLDEN = Path(__file__).parent / "golden" / "de-escalation"
MANIFESTS = {"scorm12": "imsmanifest.xml", "scorm2004-3": "imsmanifest.xml",
             "scorm2004-4": "imsmanifest.xml", "cmi5": "cmi5.xml", "xapi": "tincan.xml"}


@pytest.fixture(scope="module")
def course_and_site():
    course, diagnostics = load_and_check(str(COURSES / "de-escalation"))
    assert course is not None, [str(d) for d in diagnostics]
    return course, render_site(course)


@pytest.mark.parametrize("name", sorted(MANIFESTS))
def test_manifest_matches_golden(name, course_and_site):
    course, site = course_and_site
    # The adapter's bytes do not matter to a manifest, only its path.
    content = {**site, "assets/adapter.js": b""}
    produced = targets.get(name).manifest_files(course, content)[MANIFESTS[name]]
    golden = GOLDEN / f"{name}.{MANIFESTS[name]}"
    if os.environ.get("EMPATHY_REGOLD"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert produced.decode() == golden.read_text(encoding="utf-8")
