"""The cmi5 AU against the test LMS (tests/xapi/cmi5_lms.py), rule by rule
(CONFORMANCE.md 20-24): launch parameters and the fetch token, LaunchData before the
first statement, learner preferences (404 tolerated), statement order and the cmi5
statement rules, moveOn/masteryScore from LaunchData, browse mode, returnURL, and
resume through the State API across launches of one registration."""
from __future__ import annotations

import re

import pytest
from xapi_helpers import REPO, course_json, validate, verbs, walk, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.lrs]

CMI5_CAT = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CAT = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}
DE_ESCALATION = REPO / "courses" / "de-escalation"
FEE_WAIVER = REPO / "courses" / "fee-waiver"
UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def au(cj: dict) -> str:
    return cj["activityBase"] + "au"


def categories(s: dict) -> set[str]:
    return {c["id"] for c in s.get("context", {}).get("contextActivities", {}).get("category", [])}


def session_statements(lms, launch) -> list[dict]:
    return [s for s in lms.statements()
            if s["context"].get("extensions", {}).get(SESSION_ID) == launch.session_id]


def assert_cmi5_rules(lms, launch, mastery: float | None):
    """CONFORMANCE 20-23 for one finished session of `launch`."""
    statements = session_statements(lms, launch)
    v = verbs(statements)
    # 20: the fetch URL was POSTed exactly once; every LRS call carried its token.
    assert launch.fetches == 1
    tokens = {"Basic " + each.token for each in lms.launches.values()}
    assert all(r.auth in tokens for r in lms.xapi_requests())
    calls = [r for r in lms.xapi_requests() if r.auth == "Basic " + launch.token]
    # 21: LaunchData was read before the first statement; the preferences were asked for.
    first_post = next(i for i, r in enumerate(calls) if r.path == "/xapi/statements")
    assert any(r.method == "GET" and r.query.get("stateId") == "LMS.LaunchData"
               for r in calls[:first_post])
    assert any(r.path == "/xapi/agents/profile" and r.query.get("profileId") == "cmi5LearnerPreferences"
               for r in calls[:first_post])
    # 22: initialized first, terminated last, no cmi5-defined verb twice in the session
    # (cmi5-defined: on the AU, with the cmi5 category; a scenario ending "completed" on
    # its page is a cmi5 "allowed" statement).
    assert v[0] == "initialized" and v[-1] == "terminated"
    defined = verbs([s for s in statements if CMI5_CAT in categories(s)])
    for verb in DEFINED:
        assert defined.count(verb) <= 1, verb
    if "passed" in defined and "failed" in defined:
        assert defined.index("failed") < defined.index("passed")  # never failed after passed
    # 23: the statement rules.
    for s in statements:
        name = verbs([s])[0]
        ctx = s["context"]
        assert ctx["registration"] == launch.registration
        assert ctx["extensions"][SESSION_ID] == launch.session_id  # contextTemplate
        assert {"id": "https://lms.example.org/courses/empathy-publisher", "objectType": "Activity"} \
            in ctx["contextActivities"]["grouping"]
        assert UTC.match(s["timestamp"]), s["timestamp"]
        if name in DEFINED and s["object"]["id"] == launch.activity_id:
            assert CMI5_CAT in categories(s)
            assert (MOVEON_CAT in categories(s)) == (name in ("completed", "passed", "failed"))
            if name not in ("passed", "failed"):
                assert "score" not in s.get("result", {})  # score only on passed/failed
            if name in ("completed", "passed", "failed", "terminated"):
                assert re.match(r"^PT\d+H\d+M[\d.]+S$", s["result"]["duration"])
            if name == "passed" and mastery is not None and "score" in s["result"]:
                assert s["result"]["score"]["scaled"] >= mastery
            if name == "failed" and mastery is not None and "score" in s["result"]:
                assert s["result"]["score"]["scaled"] < mastery
        elif CMI5_CAT in categories(s):
            raise AssertionError(f"cmi5 category on a statement not about the AU: {s['id']}")
        else:
            # cmi5 "allowed" statements carry the template but not the cmi5 category.
            assert not categories(s) & {CMI5_CAT, MOVEON_CAT}
    assert validate(statements) == []
    return statements


def test_full_session_follows_the_cmi5_rules(built, lms_for, page):
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)  # no learner preferences: the LMS answers 404
    launch = lms.launch(au(cj), mastery=cj["mastery"], move_on="CompletedAndPassed")
    page.goto(launch.url)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)  # 24: back to returnURL on exit
    statements = assert_cmi5_rules(lms, launch, cj["mastery"])
    assert {"completed", "passed"} <= set(verbs([s for s in statements if CMI5_CAT in categories(s)]))
    assert any(r.path == "/xapi/agents/profile" and r.status == 404 for r in lms.requests)


def test_learner_preferences_are_read_when_present(built, lms_for, page):
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg, preferences={"languagePreference": "en-US", "audioPreference": "off"})
    launch = lms.launch(au(cj), mastery=cj["mastery"])
    page.goto(launch.url)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: verbs(lms.statements())[:1] == ["initialized"])
    assert any(r.path == "/xapi/agents/profile" and r.status == 200 for r in lms.requests)


def test_reload_reuses_the_token_and_relaunch_resumes_from_the_state_api(built, lms_for, page,
                                                                          context):
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    first = lms.launch(au(cj), mastery=cj["mastery"], move_on="CompletedAndPassed")
    page.goto(first.url)
    walk(page, until=lambda step: step["page"] == "how-did-it-go")
    # A reload of the same launch: no second fetch (the LMS would refuse it), same session.
    page.reload()
    page.wait_for_function("document.documentElement.dataset.ready")
    assert page.evaluate("document.documentElement.dataset.page") == "how-did-it-go"
    assert first.fetches == 1
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    assert verbs(session_statements(lms, first)).count("initialized") == 1
    page.close()  # the learner closes the window: the resume point is in the State API
    saved = wait_for(lambda: lms.state_document(first, "https://empathy-elearning.org/xapi/state/resume"))
    assert saved["l"] == "how-did-it-go"

    # A new launch of the same registration (new session, new token) resumes there, and
    # completed/passed are not sent again after the first session had sent them.
    second = lms.launch(au(cj), mastery=cj["mastery"], move_on="CompletedAndPassed",
                        registration=first.registration)
    again = context.new_page()
    again.goto(second.url)
    again.wait_for_function("document.documentElement.dataset.ready")
    assert again.evaluate("document.documentElement.dataset.page") == "how-did-it-go"
    assert again.evaluate("EmpathyPlayer.state().visited.length") >= 3
    walk(again)
    again.wait_for_url("**/lms/returned", timeout=20_000)
    after = assert_cmi5_rules(lms, second, cj["mastery"])
    # "passed" came in the first session (the scenario's ending); never twice per registration.
    all_verbs = verbs([s for s in session_statements(lms, first) + after if CMI5_CAT in categories(s)])
    assert all_verbs.count("passed") == 1 and all_verbs.count("completed") == 1, [
        (verbs([s])[0], s["context"]["extensions"][SESSION_ID][:8], s["timestamp"])
        for s in lms.statements() if CMI5_CAT in categories(s)]
    assert second.fetches == 1


def test_browse_mode_sends_only_initialized_and_terminated(built, lms_for, page):
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mode="Browse", mastery=cj["mastery"])
    page.goto(launch.url)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    assert verbs(session_statements(lms, launch)) == ["initialized", "terminated"]


def _wrong_options(cj: dict) -> list[str]:
    return [next(o["id"] for o in q["options"] if not o["correct"])
            for p in cj["pages"] if p["kind"] == "quiz" for q in p["questions"]]


@pytest.mark.parametrize("mastery, expected", [(1.0, "failed"), (0.0, "passed")])
def test_mastery_score_comes_from_launch_data(mastery, expected, built, lms_for, page):
    """fee-waiver's own mastery is 0.8; wrong quiz answers score below it. The LMS's
    masteryScore decides: 0.0 -> passed, 1.0 -> failed."""
    pkg = built(FEE_WAIVER, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mastery=mastery, move_on="Passed")
    page.goto(launch.url)
    walk(page, {"options": _wrong_options(cj)})
    page.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, launch, mastery)
    results = [s for s in statements if verbs([s])[0] in ("passed", "failed")]
    assert [verbs([s])[0] for s in results] == [expected]
    assert results[0]["result"]["score"]["scaled"] < cj["mastery"]  # the course alone would fail
