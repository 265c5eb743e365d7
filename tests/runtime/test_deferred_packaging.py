"""Builds that defer runtime code ship it and say so: assets/kinds.js (and assets/xapi.js
when separate) in every target, minified, listed in the SCORM manifests' file lists, and
left out of assets/player.js. SCORM answers code (adapters/scorm*-answers.js) travels with
the kinds: in kinds.js, or in player.js when nothing is deferred."""
from __future__ import annotations

import pytest

from compiler import targets
from compiler.commands.build import load_and_check
from compiler.package import files
from compiler.render.site import render_site
from player_helpers import REPO

MANIFEST = {"scorm12": "imsmanifest.xml", "scorm2004-3": "imsmanifest.xml",
            "scorm2004-4": "imsmanifest.xml"}


@pytest.fixture(scope="module")
def course():
    loaded, diagnostics = load_and_check(str(REPO / "courses" / "de-escalation"))
    assert loaded is not None, [str(d) for d in diagnostics]
    return loaded


@pytest.mark.parametrize("name", ["web", "scorm12", "scorm2004-3", "scorm2004-4", "cmi5", "xapi"])
def test_every_target_ships_the_deferred_files(course, name):
    site = render_site(course, defer_kinds=True, separate_xapi=True)
    target = targets.get(name)
    content = target.package_files(course, site)
    # SCORM packages carry their adapter's code for answers in kinds.js: answers are given
    # only on pages kinds.js draws, and the first page loads none of it.
    answers = files.adapter_js(target.answers) if target.answers else b""
    assert content["assets/kinds.js"] == files.kinds_js() + answers
    assert (b"EmpathyAnswers=" in content["assets/kinds.js"].replace(b" ", b"")) == name.startswith("scorm")
    assert b"EmpathyAnswers=" not in content["assets/adapter.js"].replace(b" ", b"")
    assert content["assets/xapi.js"] == files.xapi_js()
    player = content["assets/player.js"]
    assert b"EmpathyXAPI=" not in player.replace(b" ", b"") and b"function install()" not in player
    if name in MANIFEST:
        manifest = content[MANIFEST[name]].decode()
        assert '<file href="assets/kinds.js"/>' in manifest
        assert '<file href="assets/xapi.js"/>' in manifest


def test_default_build_matches_the_switches(course):
    from compiler.render import site as site_module

    content = render_site(course)
    assert ("assets/kinds.js" in content) == site_module.DEFER_KINDS
    assert ("assets/xapi.js" in content) == site_module.SEPARATE_XAPI
    # Whatever is not deferred is inside player.js.
    assert (b"function install()" in content["assets/player.js"]) == (not site_module.DEFER_KINDS)


@pytest.mark.parametrize("name", ["scorm12", "scorm2004-4"])
def test_without_deferred_kinds_the_answers_code_is_in_player_js(course, name):
    site = render_site(course, defer_kinds=False, separate_xapi=True)
    target = targets.get(name)
    content = target.package_files(course, site)
    assert "assets/kinds.js" not in content
    assert content["assets/player.js"].endswith(files.adapter_js(target.answers))
