"""The learner's first page budget (issue 3): the JS+CSS files the first page actually
requests, gzipped, at most 10 KB, on courses whose first page is a content page (the
example courses and the comparison course of bench/build_bench.py).

Measured from Playwright's request log of real builds: a web package served over http,
and a SCORM 1.2 package launched from the scorm-again test LMS (compiler/verify). Only the
package's own files count (not the LMS's scorm-again); each file is gzipped on its own
(-9), as a server sends it.

Two parts of the runtime wait until they are needed (compiler/render/site.py): kinds.js
(DEFER_KINDS: the first page of an interactive kind) and xapi.js (SEPARATE_XAPI: an LRS
is configured, or the target is cmi5/xapi).
"""
from __future__ import annotations

import gzip
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

from compiler.package import files
from compiler.package.minify import minify_css
from compiler.render.site import DEFER_KINDS, SEPARATE_XAPI
from compiler.verify import site
from compiler.verify.browser import LMSLaunch
from compiler.verify.tools import scorm_again_bundle
from player_helpers import EXAMPLE_COURSES, REPO

BUDGET = 10_000  # bytes, gzip -9, JS + CSS of the first page

def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9))


@pytest.fixture(scope="module")
def comparison_course(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        from build_bench import comparison_course as make
    finally:
        sys.path.remove(str(REPO / "bench"))
    return make(tmp_path_factory.mktemp("bench") / "comparison")


COURSES = [*(pytest.param(p, id=p.name) for p in EXAMPLE_COURSES), pytest.param(None, id="comparison")]


def requested_assets(urls: list[str], package_root: Path, prefix: str) -> dict[str, int]:
    """{path in the package: gzipped bytes} of the .js/.css files among URLS under PREFIX."""
    found = {}
    for url in urls:
        path = urlparse(url).path
        if not path.startswith(prefix) or not path.endswith((".js", ".css")):
            continue
        relative = path[len(prefix):]
        found[relative] = gzipped((package_root / relative).read_bytes())
    return found


def web_first_page(page, built, serve, course: Path) -> dict[str, int]:
    """BUILT(course, "web") opened in PAGE: what its first page fetched."""
    root = built(course, "web")
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.goto(serve(root) + "index.html")
    page.evaluate("EmpathyPlayer.ready")
    page.wait_for_load_state("networkidle")
    return requested_assets(urls, root, "/")


def scorm12_first_page(browser, built, serve, tmp_path_factory, course: Path) -> dict[str, int]:
    bundle = scorm_again_bundle()
    assert bundle is not None, "scorm-again is missing: bash .ci/setup"
    package = built(course, "scorm12")
    lms_root = tmp_path_factory.mktemp("lms-size")
    site.write_lms(lms_root, bundle)
    site.add_package(lms_root, package)
    context = browser.new_context()
    try:
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda request: urls.append(request.url))
        launch = LMSLaunch(page, serve(lms_root), "1.2")
        launch.sco.wait_for_load_state("networkidle")
        assert launch.current_page is not None
        return requested_assets(urls, package, "/pkg/")
    finally:
        context.close()


def course_dir(course, comparison_course) -> Path:
    return course if course is not None else comparison_course


@pytest.mark.parametrize("course", COURSES)
def test_web_first_page_fetches_no_deferred_code(course, comparison_course, page, deferred_built,
                                                 serve):
    assets = web_first_page(page, deferred_built, serve, course_dir(course, comparison_course))
    assert sorted(assets) == ["assets/adapter.js", "assets/player.css", "assets/player.js"], assets
    # Measured with xapi.js still inside player.js: 12.1 KB when kinds.js was split out.
    assert sum(assets.values()) <= 12_300, assets


@pytest.mark.parametrize("course", COURSES)
def test_web_first_page_within_budget(course, comparison_course, page, built, serve):
    assets = web_first_page(page, built, serve, course_dir(course, comparison_course))
    assert sum(assets.values()) <= BUDGET, assets


@pytest.mark.parametrize("course", COURSES)
def test_scorm12_first_page_within_budget(course, comparison_course, browser, built, serve,
                                          tmp_path_factory):
    assets = scorm12_first_page(browser, built, serve, tmp_path_factory,
                                course_dir(course, comparison_course))
    assert "assets/kinds.js" not in assets
    assert sum(assets.values()) <= BUDGET, assets


# ---------------------------------------------------------------- until both are deferred


@pytest.mark.parametrize("adapter", ["none", "scorm12", "scorm2004"])
def test_first_page_fits_with_both_deferred(adapter):
    """adapter.js + player.js + player.css as a build with kinds.js and xapi.js deferred
    ships them (the files its first page fetches when no LRS is configured).
    Measured 8.1 KB (none), 9.9 KB (scorm12), 9.8 KB (scorm2004) when written: the
    adapters' loader for xapi.js has about 100 bytes left in SCORM packages."""
    css = minify_css((REPO / "themes" / "default" / "player.css").read_bytes())
    size = (gzipped(files.adapter_js(adapter)) + gzipped(css) +
            gzipped(files.player_js(separate_xapi=True, with_kinds=False)))
    assert size <= BUDGET, f"{size} bytes gzipped"


@pytest.mark.parametrize("course", COURSES)
def test_scorm12_first_page_fetches_no_deferred_code(course, comparison_course, browser,
                                                     deferred_built, serve, tmp_path_factory):
    assets = scorm12_first_page(browser, deferred_built, serve, tmp_path_factory,
                                course_dir(course, comparison_course))
    assert sorted(assets) == ["assets/adapter.js", "assets/player.css", "assets/player.js"], assets
    # Measured with xapi.js still inside player.js: 13.9 KB when kinds.js was split out.
    assert sum(assets.values()) <= 14_100, assets
