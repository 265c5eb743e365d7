"""A SCO whose LMS session will not start must say so, keep the learner's place and write
nothing to the LMS (audit: "a SCORM package silently stops recording").

Reloading the course window ends its session: the unload finishes it (LMSFinish /
Terminate), so the LMS refuses the next Initialize (scorm-again: SCORM 1.2 error 101,
SCORM 2004 error 104, as the 2004 RTE requires). Any other LMS may answer "false" too.
The learner is told that the session is not recorded and to open the course again from
the LMS (`p.notice.lms[role=alert]`), goes on from this tab's copy of the last save
(sessionStorage: it survives a reload, and no other tab or learner sees it), and the SCO
calls nothing more on the LMS.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.verify.browser import LMSLaunch
from scorm_cases import SCORM_TARGETS

pytestmark = pytest.mark.browser

STRINGS = json.loads((Path(__file__).resolve().parents[2] / "compiler" / "catalogues" / "en.json")
                     .read_text(encoding="utf-8"))
NOTICES = "() => [...document.querySelectorAll('p.notice.lms[role=alert]')].map((p) => p.textContent)"
PLACE = "() => { const s = EmpathyPlayer.state(); return {page: s.page, visited: s.visited, scenarios: s.scenarios}; }"
# An LMS whose Initialize answers "false" (with no error code): installed in every frame
# before the test LMS creates its API object.
REFUSING_LMS = """(() => {
  for (const [name, init] of [["API", "LMSInitialize"], ["API_1484_11", "Initialize"]]) {
    let api;
    Object.defineProperty(window, name, {configurable: true, get: () => api,
      set: (value) => { api = value; value[init] = () => "false"; }});
  }
})();"""


def take_turns(lms, turns: int) -> None:
    """Into the de-escalation scenario (accepting its warning once), then TURNS choices."""
    sco = lms.sco
    if sco.evaluate("() => document.documentElement.dataset.page") != "front-of-store":
        sco.evaluate("() => EmpathyPlayer.goTo('front-of-store')")
    if sco.locator("[data-act=accept-warning]").count():
        sco.click("[data-act=accept-warning]")
    for _ in range(turns):
        sco.locator("[data-act=choice]").first.click()
        sco.click("[data-act=continue]")


def reload(lms) -> None:
    """The learner reloads the course window (F5): a new document in the same tab."""
    with lms.sco.expect_navigation():
        lms.sco.evaluate("() => setTimeout(() => location.reload(), 0)")
    lms.sco.wait_for_function("() => document.documentElement.dataset.ready === 'true'")


def calls(lms) -> list[dict]:
    return lms.page.evaluate("() => harness.calls")


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_a_reload_after_the_session_ended_says_so_and_keeps_the_place(target, launch):
    version = SCORM_TARGETS[target]
    lms = launch("de-escalation", target)
    take_turns(lms, 2)
    before = lms.sco.evaluate(PLACE)
    assert lms.sco.evaluate(NOTICES) == []

    reload(lms)
    made = calls(lms)
    inits = [i for i, c in enumerate(made) if c["fn"] in ("LMSInitialize", "Initialize")]
    assert len(inits) == 2
    refused = made[inits[1]]
    # scorm-again refuses the second Initialize, as the SCORM specifications require
    assert (refused["result"], refused["error"]) == ("false", "101" if version == "1.2" else "104")
    assert lms.page.evaluate("() => harness.terminated")          # the unload had finished it
    assert lms.sco.evaluate(NOTICES) == [STRINGS["sessionEnded"]]
    assert lms.sco.evaluate(PLACE) == before                      # not a reset course

    # The learner goes on: nothing more reaches the LMS, but this tab keeps the new place.
    take_turns(lms, 1)
    moved = lms.sco.evaluate(PLACE)
    assert moved != before
    reload(lms)
    assert lms.sco.evaluate(PLACE) == moved
    assert lms.sco.evaluate(NOTICES) == [STRINGS["sessionEnded"]]
    after = calls(lms)[inits[1] + 1:]
    assert [c["fn"] for c in after] == ["LMSInitialize" if version == "1.2" else "Initialize"]
    assert lms.results()["console"] == []


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_an_lms_that_refuses_initialize_is_never_written_to(target, browser, scorm_site):
    version = SCORM_TARGETS[target]
    context = browser.new_context()
    try:
        context.add_init_script(REFUSING_LMS)
        lms = LMSLaunch(context.new_page(), scorm_site("de-escalation", target), version)
        assert lms.sco.evaluate(NOTICES) == [STRINGS["lmsUnreachable"]]
        take_turns(lms, 2)
        place = lms.sco.evaluate(PLACE)
        reload(lms)
        assert lms.sco.evaluate(NOTICES) == [STRINGS["lmsUnreachable"]]
        assert lms.sco.evaluate(PLACE) == place                   # this tab's copy
        assert lms.page.evaluate("() => harness.sets") == []      # no SetValue at all
        assert calls(lms) == []                                    # nor Commit or Finish
        # The copy is this tab's only: not in localStorage (other learners of this
        # computer), not in another tab of the same course.
        assert lms.sco.evaluate("() => Object.keys(localStorage).filter((k) => !/:(texts|drafts)$/.test(k))") == []
        other = LMSLaunch(context.new_page(), scorm_site("de-escalation", target), version)
        assert other.sco.evaluate("() => EmpathyPlayer.state().scenarios") == {}
        assert other.sco.evaluate(NOTICES) == [STRINGS["lmsUnreachable"]]
    finally:
        context.close()
