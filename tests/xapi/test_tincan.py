"""The xapi (TinCan) package launched the way an LMS launches TinCan content
(CONFORMANCE.md 29): endpoint, auth used verbatim, the legacy actor form normalised,
registration, activity_id; resume through the State API."""
from __future__ import annotations

import uuid

import pytest
from cmi5_lms import TINCAN_AUTH
from xapi_helpers import REPO, course_json, validate, verbs, walk, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.lrs]

COURSE = REPO / "courses" / "insurance-denied"
LEGACY = {"mbox": ["mailto:sam@example.org"], "name": ["Sam Rivera"], "objectType": "Agent"}
STATE_ID = "https://empathy-elearning.org/xapi/state/resume"


def test_launch_parameters_and_resume(built, lms_for, page, context):
    pkg = built(COURSE, "xapi")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    registration = str(uuid.uuid4())
    activity = "https://lms.example.org/activities/insurance-denied"  # not the course id:
    assert activity != cj["id"]  # proves activity_id is read, not defaulted
    page.goto(lms.tincan_launch(activity, LEGACY, registration))
    second_page = cj["pages"][1]["id"]
    walk(page, until=lambda step: step["page"] == second_page)
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    page.close()  # pagehide: terminated + the resume point (keepalive)
    wait_for(lambda: verbs(lms.statements())[-1:] == ["terminated"])

    first = lms.statements()
    # The legacy array actor became a valid xAPI Agent; auth went out verbatim.
    assert all(s["actor"] == {"objectType": "Agent", "name": "Sam Rivera",
                              "mbox": "mailto:sam@example.org"} for s in first)
    assert {r.auth for r in lms.xapi_requests()} == {TINCAN_AUTH}
    assert all(s["context"]["registration"] == registration for s in first)
    assert first[0]["object"]["id"] == activity and verbs(first)[0] == "initialized"
    assert validate(first) == []
    state = [r for r in lms.xapi_requests() if r.path == "/xapi/activities/state"]
    assert state[0].method == "GET" and state[0].query["activityId"] == activity
    assert state[0].query["registration"] == registration and state[0].query["stateId"] == STATE_ID

    # Relaunch, in a fresh browser context (nothing in localStorage): the State API
    # document brings the learner back to the same page.
    fresh = context.browser.new_context()
    again = fresh.new_page()
    again.goto(lms.tincan_launch(activity, LEGACY, registration))
    again.wait_for_function("document.documentElement.dataset.ready")
    assert again.evaluate("document.documentElement.dataset.page") == second_page
    walk(again)
    wait_for(lambda: verbs(lms.statements())[-1:] == ["terminated"])
    later = lms.statements()[len(first):]
    assert verbs(later)[0] == "initialized" and "completed" in verbs(later)
    assert validate(later) == []
    fresh.close()
