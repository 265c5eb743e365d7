"""Fixtures for running packages inside scorm-again (the test LMS of compiler/verify).

    scorm_site(course, target) -> base URL of a served folder holding the test LMS
                                  (lms/) and the built, unzipped package (pkg/)
    launch(course, target, **kw) -> LMSLaunch, in a fresh browser context (fresh
                                  localStorage: a relaunch is like another computer).
                                  kw: depth=3, popup=True, cmi={...} (see LMSLaunch)
    model(course) -> the loaded Course (compiler.load.load_course)
"""
from __future__ import annotations

from pathlib import Path

import pytest

from compiler.load import load_course
from compiler.verify import site
from compiler.verify.browser import LMSLaunch
from compiler.verify.tools import scorm_again_bundle
from scorm_cases import SCORM_TARGETS

@pytest.fixture(scope="session")
def model(repo_root):
    cache = {}

    def load(course: str):
        if course not in cache:
            loaded, diagnostics = load_course(repo_root / "courses" / course)
            assert loaded is not None, diagnostics
            cache[course] = loaded
        return cache[course]

    return load

@pytest.fixture(scope="session")
def scorm_site(built, serve, tmp_path_factory, repo_root, node_modules):
    bundle = scorm_again_bundle()
    assert bundle is not None, "scorm-again is missing: bash .ci/setup"
    cache: dict[tuple[str, str], str] = {}

    def make(course, target: str) -> str:
        course_dir = Path(course) if Path(course).is_absolute() else repo_root / "courses" / course
        key = (str(course_dir), target)
        if key not in cache:
            root = tmp_path_factory.mktemp(f"lms-{course_dir.name}-{target}")
            site.write_lms(root, bundle)
            site.add_package(root, built(course_dir, target))
            cache[key] = serve(root)
        return cache[key]

    return make

@pytest.fixture
def launch(browser, scorm_site):
    contexts = []

    def open_(course, target: str, **kwargs) -> LMSLaunch:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        return LMSLaunch(page, scorm_site(course, target), SCORM_TARGETS[target], **kwargs)

    yield open_
    for context in contexts:
        context.close()
