"""Leaving into the back-forward cache (CONFORMANCE.md 12).

A `pagehide` whose `persisted` is true means the page may come back from the browser's
back-forward cache: the SCO must save and commit, but keep its session, so a restored
page goes on reporting. Only a real unload (`persisted` false) ends the session.

Playwright starts Chromium with the back-forward cache turned off, so the events are
dispatched as the browser would fire them.
"""
from __future__ import annotations

import pytest

from compiler.verify import runtime_checks, site
from scorm_cases import SCORM_TARGETS

pytestmark = pytest.mark.browser

HIDE = "(persisted) => window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted}))"
SHOW = "() => window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))"


def names(version: str) -> tuple[str, str, str]:
    return (("LMSSetValue", "LMSCommit", "LMSFinish") if version == "1.2"
            else ("SetValue", "Commit", "Terminate"))


def calls(lms) -> list[str]:
    return [c["fn"] for c in lms.results()["calls"]]


@pytest.mark.parametrize("target", list(SCORM_TARGETS))
def test_a_page_kept_in_the_cache_keeps_its_session(target, launch, model):
    version = SCORM_TARGETS[target]
    set_value, commit, finish = names(version)
    loaded = model("de-escalation")
    lms = launch("de-escalation", target, cmi=site.mastery_cmi(loaded.mastery, version))
    steps = lms.walk(until=lambda step: step["act"] == "next")      # onto the second page
    assert steps[-1]["act"] == "next"
    before = len(calls(lms))

    lms.sco.evaluate(HIDE, True)
    hidden = calls(lms)[before:]
    assert commit in hidden, f"nothing committed on pagehide: {hidden}"
    assert finish not in hidden, "the session ended although the page may come back"
    lms.page.wait_for_timeout(100)                    # the adapters' own listeners too
    assert finish not in calls(lms)

    # Restored: the learner carries on to the end, and everything still reaches the LMS.
    lms.sco.evaluate(SHOW)
    restored = len(calls(lms))
    assert lms.walk()[-1]["act"] == "finish"
    assert lms.wait_terminated()
    run = lms.results()
    later = [c for c in run["calls"][restored:]]
    assert any(c["fn"] == set_value and c["error"] == "0" for c in later)
    assert any(c["fn"] == commit for c in later)
    fns = [c["fn"] for c in run["calls"]]
    assert fns.count(finish) == 1 and fns[-1] == finish, "calls after the session ended"
    assert run["errors"] == [] and run["console"] == []
    # The learner's work after the restore is what the LMS holds at the end.
    status = run["cmi"]["cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"]
    assert status in ("passed", "failed", "completed")
    assert runtime_checks.check_session(run, mastery=loaded.mastery) == []


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_a_real_pagehide_ends_the_session(target, launch, model):
    version = SCORM_TARGETS[target]
    set_value, commit, finish = names(version)
    loaded = model("de-escalation")
    lms = launch("de-escalation", target, cmi=site.mastery_cmi(loaded.mastery, version))
    lms.walk(until=lambda step: step["act"] == "next")
    lms.sco.evaluate(HIDE, False)
    assert lms.wait_terminated(2000), "pagehide (not persisted) did not end the session"
    run = lms.results()
    fns = [c["fn"] for c in run["calls"]]
    assert fns.count(finish) == 1 and fns[-1] == finish
    assert commit in fns[fns.index(finish) - 2:], "the last values were not committed first"
    exit_key = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    assert run["cmi"][exit_key] == "suspend"           # resumable: it was left half-way
    assert run["errors"] == []
    assert runtime_checks.check_session(run, mastery=loaded.mastery, walked_to_end=False) == []
