"""The xapi (TinCan) package launched the way an LMS launches TinCan content
(CONFORMANCE.md 29): endpoint, auth used verbatim, the legacy actor forms (mbox and
account arrays) normalised, registration, activity_id; resume through the State API, which
also remembers the course's completed/passed/failed for the registration."""
from __future__ import annotations

import json
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
    # The first session ended with terminated too: wait for this session's own.
    wait_for(lambda: verbs(lms.statements()[len(first):])[-1:] == ["terminated"])
    later = lms.statements()[len(first):]
    assert verbs(later)[0] == "initialized" and "completed" in verbs(later)
    assert validate(later) == []
    fresh.close()


def test_legacy_account_array_actor_becomes_an_xapi_account(built, lms_for, page):
    """TinCan's legacy account form: `"account": [{"accountServiceHomePage",
    "accountName"}]` with `"name": [...]`."""
    pkg = built(COURSE, "xapi")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    legacy = {"objectType": "Agent", "name": ["Sam Rivera"],
              "account": [{"accountServiceHomePage": "https://lms.example.org", "accountName": "sam-7"}]}
    page.goto(lms.tincan_launch(cj["id"], legacy, str(uuid.uuid4())))
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: verbs(lms.statements())[:1] == ["initialized"])
    expected = {"objectType": "Agent", "name": "Sam Rivera",
                "account": {"homePage": "https://lms.example.org", "name": "sam-7"}}
    assert lms.statements()[0]["actor"] == expected
    assert validate(lms.statements()) == []
    state = next(r for r in lms.xapi_requests() if r.path == "/xapi/activities/state")
    assert json.loads(state.query["agent"]) == expected


def test_course_results_are_remembered_in_the_state_api_across_devices(built, lms_for, page, context):
    """completed (and passed or failed) of the course go once per registration, even
    when the next launch is on another device: the State API document remembers them."""
    course = REPO / "courses" / "de-escalation"
    pkg = built(course, "xapi")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    registration = str(uuid.uuid4())
    activity = cj["id"]
    page.goto(lms.tincan_launch(activity, LEGACY, registration))
    walk(page)
    wait_for(lambda: verbs(lms.statements())[-1:] == ["terminated"])
    first = [s for s in lms.statements() if s["object"]["id"] == activity]
    results = {v for v in verbs(first) if v in ("completed", "passed", "failed")}
    assert "completed" in results
    assert {k for k, v in lms.state_document_of(activity, LEGACY, registration, STATE_ID)["done"].items()
            if v} == results

    before = len(lms.statements())
    other = context.browser.new_context()  # another device: nothing in its localStorage
    again = other.new_page()
    again.goto(lms.tincan_launch(activity, LEGACY, registration))
    walk(again)
    wait_for(lambda: verbs(lms.statements()[before:])[-1:] == ["terminated"])
    second = [s for s in lms.statements()[before:] if s["object"]["id"] == activity]
    assert verbs(second)[0] == "initialized" and verbs(second)[-1] == "terminated"
    assert not set(verbs(second)) & {"completed", "passed", "failed"}
    other.close()
