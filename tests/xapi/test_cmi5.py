"""The cmi5 AU against the test LMS (tests/xapi/cmi5_lms.py), rule by rule
(CONFORMANCE.md 20-24): launch parameters and the fetch token, LaunchData before the
first statement, learner preferences (404 tolerated; audio off mutes), statement order
and the cmi5 statement rules, moveOn/masteryScore from LaunchData, browse and review
modes, returnURL (and its absence), resume through the State API across launches of one
registration, a reload or a closed window ending the session, the launch actor
used verbatim, and an LMS that never answers."""
from __future__ import annotations

import json
import re

import pytest
from cmi5_lms import PUBLISHER
from xapi_helpers import REPO, au, course_json, validate, verbs, walk, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.lrs]

CMI5_CAT = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CAT = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
OWN_SESSION_ID = "https://empathy-elearning.org/xapi/extensions/session-id"
RESUME = "https://empathy-elearning.org/xapi/state/resume"
DEFINED = {"initialized", "completed", "passed", "failed", "terminated"}
DE_ESCALATION = REPO / "courses" / "de-escalation"
FEE_WAIVER = REPO / "courses" / "fee-waiver"
UNSCORED = REPO / "courses" / "insurance-denied"  # no mastery score
UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def categories(s: dict) -> set[str]:
    return {c["id"] for c in s.get("context", {}).get("contextActivities", {}).get("category", [])}


def session_statements(lms, launch) -> list[dict]:
    return [s for s in lms.statements()
            if s["context"].get("extensions", {}).get(SESSION_ID) == launch.session_id]


def opened(built, lms_for, page, course=DE_ESCALATION, **launch_data):
    """COURSE's cmi5 package in a new test LMS, launched in PAGE: (course.json, lms, launch).
    LAUNCH_DATA goes to `lms.launch` (masteryScore: the course's own unless given)."""
    pkg = built(course, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch_data.setdefault("mastery", cj["mastery"])
    launch = lms.launch(au(cj), **launch_data)
    page.goto(launch.url)
    return cj, lms, launch


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
    assert defined.count("passed") + defined.count("failed") <= 1  # one of them a session (9.3)
    # 23: the statement rules.
    # The LMS refused nothing of this session for breaking a cmi5 rule.
    assert not [r.reason for r in lms.refused if r.statement["id"] in {s["id"] for s in statements}]
    for s in statements:
        name = verbs([s])[0]
        ctx = s["context"]
        assert s["actor"] == launch.actor  # the launch's actor, verbatim
        assert ctx["registration"] == launch.registration
        assert ctx["extensions"][SESSION_ID] == launch.session_id  # contextTemplate
        assert OWN_SESSION_ID not in ctx["extensions"]  # the session is named once
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
            if name in ("passed", "failed"):  # 9.6.3.2: judged against the LMS's masteryScore
                assert ctx["extensions"].get(MASTERY_SCORE) == mastery
            else:
                assert MASTERY_SCORE not in ctx["extensions"]
        elif CMI5_CAT in categories(s):
            raise AssertionError(f"cmi5 category on a statement not about the AU: {s['id']}")
        else:
            # cmi5 "allowed" statements carry the template but not the cmi5 category.
            assert not categories(s) & {CMI5_CAT, MOVEON_CAT}
    assert validate(statements) == []
    return statements


def test_full_session_follows_the_cmi5_rules(built, lms_for, page):
    cj, lms, launch = opened(built, lms_for, page, move_on="CompletedAndPassed")  # no learner preferences: the LMS answers 404
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)  # 24: back to returnURL on exit
    statements = assert_cmi5_rules(lms, launch, cj["mastery"])
    assert {"completed", "passed"} <= set(verbs([s for s in statements if CMI5_CAT in categories(s)]))
    assert any(r.path == "/xapi/agents/profile" and r.status == 404 for r in lms.requests)


MEDIA = """() => new Promise(done => {
  const page = document.querySelector('#main section');
  const audio = document.createElement('audio'), video = document.createElement('video');
  page.appendChild(audio);
  page.insertAdjacentHTML('beforeend', '<div><video></video></div>');
  setTimeout(() => done([audio.muted, page.querySelector('div video').muted]), 50);
})"""


@pytest.mark.parametrize("audio, muted", [("off", True), ("on", False)])
def test_audio_preference_off_mutes_the_courses_media(audio, muted, built, lms_for, page):
    """cmi5 11.2: the AU turns audio on or off at startup from audioPreference. The
    packages hold one language, so languagePreference changes nothing (docs/xapi.md)."""
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg, preferences={"languagePreference": "fr-FR,en-US", "audioPreference": audio})
    launch = lms.launch(au(cj), mastery=cj["mastery"])
    page.goto(launch.url)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: verbs(lms.statements())[:1] == ["initialized"])
    assert any(r.path == "/xapi/agents/profile" and r.status == 200 for r in lms.requests)
    # Media the player shows after startup (a page with audio or video) follow the preference.
    assert page.evaluate(MEDIA) == [muted, muted]
    assert page.evaluate("document.documentElement.lang") == cj["lang"]


def test_a_reload_ends_the_session_and_a_relaunch_resumes_from_the_state_api(built, lms_for, page,
                                                                            context):
    """A reload is the window going away: the session ends with terminated (cmi5 9.3.8),
    the fetch URL is not called again (it answers once), and the reloaded page says the
    session has ended, with the learner's place kept. The next launch of the registration
    resumes there from the State API."""
    cj, lms, first = opened(built, lms_for, page, move_on="CompletedAndPassed")
    walk(page, until=lambda step: step["page"] == "how-did-it-go")
    page.reload()
    page.wait_for_function("document.documentElement.dataset.ready")
    assert page.locator(".notice.lms[role=alert]").text_content() == cj["strings"]["sessionEnded"]
    assert page.evaluate("document.documentElement.dataset.page") == "how-did-it-go"
    assert first.fetches == 1
    ended = wait_for(lambda: (lambda v: v if v[-1:] == ["terminated"] else None)(
        verbs(session_statements(lms, first))))
    assert ended.count("initialized") == 1 and ended.count("terminated") == 1
    assert_cmi5_rules(lms, first, cj["mastery"])
    saved = wait_for(lambda: lms.state_document(first, RESUME))
    assert saved["l"] == "how-did-it-go"
    page.close()
    assert verbs(session_statements(lms, first)) == ended  # nothing after terminated

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


def test_closing_the_window_sends_terminated_last(built, lms_for, page):
    """Learners mostly leave by closing the window: the session still ends with
    terminated (with its duration), so the LMS does not record it as abandoned."""
    cj, lms, launch = opened(built, lms_for, page, course=FEE_WAIVER, move_on="Passed")
    walk(page, until=lambda step: step["page"] != cj["pages"][0]["id"])
    page.close()
    wait_for(lambda: verbs(session_statements(lms, launch))[-1:] == ["terminated"])
    statements = assert_cmi5_rules(lms, launch, cj["mastery"])
    assert verbs(statements).count("terminated") == 1


def test_opting_out_of_the_only_scored_part_passes_without_a_score(built, lms_for, page):
    """Opting out is no penalty (as in SCORM and TinCan): with nothing left to score, the
    AU sends passed without a score (cmi5 9.3.4 asks only a score that is sent to reach
    the mastery score), so moveOn CompletedAndPassed can be met."""
    cj, lms, launch = opened(built, lms_for, page, mastery=0.7, move_on="CompletedAndPassed")
    walk(page, until=lambda step: step["page"] == "front-of-store")
    page.click("[data-act=opt-out]")
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, launch, 0.7)
    passed = [s for s in statements if verbs([s])[0] == "passed" and CMI5_CAT in categories(s)]
    assert len(passed) == 1 and "score" not in passed[0]["result"]
    assert "skipped" in verbs(statements)


def test_reported_progress_only_rises_and_ends_with_completed(built, lms_for, page):
    """cmi5 9.5.5.1: no progressed after completed. The learner opts out of the scenario,
    completes the course, then goes back and starts the scenario after all (it is no
    longer finished): nothing takes the reported progress back."""
    cj, lms, launch = opened(built, lms_for, page, mastery=0.7, move_on="Completed")
    walk(page, until=lambda step: step["page"] == "front-of-store")
    page.click("[data-act=opt-out]")
    walk(page, until=lambda step: page.evaluate("document.documentElement.dataset.complete === 'true'"))
    page.evaluate("EmpathyPlayer.goTo('front-of-store')")
    page.click("[data-act=accept-warning]")
    page.wait_for_selector(".node")
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, launch, 0.7)
    v = verbs(statements)
    assert "completed" in v and "progressed" not in v[v.index("completed"):]
    values = [s["result"]["extensions"]["https://w3id.org/xapi/cmi5/result/extensions/progress"]
              for s in statements if verbs([s])[0] == "progressed"]
    assert len(values) >= 3 and values == sorted(set(values)), values


def test_no_progress_after_completed_on_another_device_either(built, lms_for, page, browser):
    """Completed on one device; the next launch of the registration on another device
    (a fresh browser: no local memory of what was sent) starts the scenario the learner
    had opted out of: its progress is not reported, the registration is completed."""
    cj, lms, launch = opened(built, lms_for, page, mastery=0.7, move_on="Completed")
    walk(page, until=lambda step: step["page"] == "front-of-store")
    page.click("[data-act=opt-out]")
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    assert "completed" in verbs(session_statements(lms, launch))
    second = lms.launch(au(cj), mastery=0.7, move_on="Completed", registration=launch.registration)
    other = browser.new_context()
    try:
        tab = other.new_page()
        tab.goto(second.url)
        tab.wait_for_function("document.documentElement.dataset.ready")
        tab.evaluate("EmpathyPlayer.goTo('front-of-store')")
        tab.click("[data-act=accept-warning]")
        tab.wait_for_selector(".node")
        tab.locator("[data-act=choice]").first.click()
        wait_for(lambda: tab.evaluate("EmpathyXAPI.pending() === 0"))
        tab.close()
        wait_for(lambda: verbs(session_statements(lms, second))[-1:] == ["terminated"])
    finally:
        other.close()
    assert "progressed" not in verbs(session_statements(lms, second))
    assert "answered" in verbs(session_statements(lms, second))


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_modes_send_only_initialized_and_terminated(mode, built, lms_for, page):
    cj, lms, launch = opened(built, lms_for, page, mode=mode)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    assert verbs(session_statements(lms, launch)) == ["initialized", "terminated"]
    # Browsing or reviewing counts for nothing: no resume point is written either, so a
    # later Normal launch does not turn it into credit.
    assert not [r for r in lms.xapi_requests() if r.method == "PUT" and r.query.get("stateId") == RESUME]


def test_a_completion_earned_while_the_session_was_not_recorded_is_sent_at_the_next_launch(
        built, lms_for, page, context):
    """The learner reloads (the session ends, the page says so) and goes on to the end
    anyway: nothing of that reaches the LMS then. The next Normal launch of the
    registration resumes complete and sends completed and passed, once (cmi5 9.3.3/9.3.4:
    the AU MUST send them once the learner has met the criteria)."""
    cj, lms, first = opened(built, lms_for, page, move_on="CompletedAndPassed", return_url=None)
    walk(page, until=lambda step: step["page"] == "front-of-store")
    page.reload()
    page.wait_for_function("document.documentElement.dataset.ready")
    walk(page)
    page.wait_for_selector("html[data-complete]")
    assert not [s for s in lms.statements() if verbs([s])[0] in ("completed", "passed") and CMI5_CAT in categories(s)]
    page.close()

    second = lms.launch(au(cj), mastery=cj["mastery"], move_on="CompletedAndPassed",
                        registration=first.registration)
    again = context.new_page()
    again.goto(second.url)
    again.wait_for_function("document.documentElement.dataset.ready")
    assert again.evaluate("document.documentElement.dataset.complete") == "true"
    wait_for(lambda: {"completed", "passed"} <= set(verbs(session_statements(lms, second))))
    again.click("[data-act=menu]")
    again.locator("#menu-list a").last.click()
    walk(again)
    again.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, second, cj["mastery"])
    cmi5_verbs = verbs([s for s in statements if CMI5_CAT in categories(s)])
    assert cmi5_verbs[0] == "initialized" and cmi5_verbs.count("completed") == 1 and cmi5_verbs.count("passed") == 1


def test_the_context_template_is_kept_whole_in_every_statement(built, lms_for, page):
    """cmi5 10.0: the AU MUST NOT overwrite values the contextTemplate gives; xAPI allows a
    context activity list to be one object, not an array."""
    extra = {"platform": "Acme LMS", "language": "es-MX", "revision": "r7",
             "instructor": {"objectType": "Agent", "mbox": "mailto:coach@example.org"},
             "contextActivities": {"grouping": {"objectType": "Activity", "id": PUBLISHER},
                                   "category": {"objectType": "Activity", "id": "https://lms.example.org/cat/onboarding"}}}
    cj, lms, launch = opened(built, lms_for, page, move_on="CompletedAndPassed", template=extra)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, launch, cj["mastery"])
    assert len(statements) > 10 and validate(statements) == []
    for s in statements:
        ctx = s["context"]
        assert (ctx["platform"], ctx["language"], ctx["revision"]) == ("Acme LMS", "es-MX", "r7")
        assert ctx["instructor"]["mbox"] == "mailto:coach@example.org"
        assert "https://lms.example.org/cat/onboarding" in categories(s)
        assert PUBLISHER in {a["id"] for a in ctx["contextActivities"]["grouping"]}
    assert {"answered", "experienced", "completed", "passed"} <= set(verbs(statements))


def test_without_a_return_url_the_au_stays_and_says_the_window_can_close(built, lms_for, page):
    cj, lms, launch = opened(built, lms_for, page, return_url=None)
    walk(page)
    wait_for(lambda: verbs(session_statements(lms, launch))[-1:] == ["terminated"])
    page.wait_for_timeout(500)
    assert "/au/index.html" in page.url and "/lms/returned" not in page.url  # still the AU
    assert page.locator(".notice", has_text=cj["strings"]["finished"]).is_visible()
    assert_cmi5_rules(lms, launch, cj["mastery"])


def _wrong_options(cj: dict) -> list[str]:
    return [next(o["id"] for o in q["options"] if not o["correct"])
            for p in cj["pages"] if p["kind"] == "quiz" for q in p["questions"]]


@pytest.mark.parametrize("mastery, expected", [(1.0, "failed"), (0.0, "passed")])
def test_mastery_score_comes_from_launch_data(mastery, expected, built, lms_for, page):
    """fee-waiver's own mastery is 0.8; wrong quiz answers score below it. The LMS's
    masteryScore decides: 0.0 -> passed, 1.0 -> failed."""
    cj, lms, launch = opened(built, lms_for, page, course=FEE_WAIVER, mastery=mastery, move_on="Passed")
    walk(page, {"options": _wrong_options(cj)})
    page.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, launch, mastery)
    results = [s for s in statements if verbs([s])[0] in ("passed", "failed")]
    assert [verbs([s])[0] for s in results] == [expected]
    assert results[0]["result"]["score"]["scaled"] < cj["mastery"]  # the course alone would fail


def test_the_launch_actor_is_used_verbatim(built, lms_for, page):
    """cmi5 8.1: the AU uses the actor the LMS gave, as given: here without objectType
    (xAPI's default), which a rebuilt Agent would add."""
    actor = {"account": {"name": "learner-9", "homePage": "https://lms.example.org"}, "name": "Ana Learner"}
    cj, lms, launch = opened(built, lms_for, page, actor=actor)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, launch, cj["mastery"])
    assert statements and all(s["actor"] == actor and "objectType" not in s["actor"] for s in statements)
    # The State and Agent Profile APIs get the launch parameter as it came.
    agents = {r.query["agent"] for r in lms.xapi_requests() if "agent" in r.query}
    assert agents == {json.dumps(actor)}


def test_move_on_needing_a_pass_from_a_course_without_a_score(built, lms_for, page):
    """moveOn (LaunchData) asks for a pass, but the course has nothing to pass: the AU
    says so (cmi5 best practice) and reports what it can: completed, never passed."""
    pkg = built(UNSCORED, "cmi5")
    cj = course_json(pkg)
    assert cj["mastery"] is None
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), move_on="Passed")
    page.goto(launch.url)
    page.wait_for_function("document.documentElement.dataset.ready")
    notice = page.locator(".notice.lms[role=status]")
    assert notice.text_content() == cj["strings"]["cannotPass"]
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    defined = verbs([s for s in assert_cmi5_rules(lms, launch, None) if CMI5_CAT in categories(s)])
    assert defined == ["initialized", "completed", "terminated"]


@pytest.mark.parametrize("move_on", ["Completed", "NotApplicable"])
def test_move_on_never_holds_back_what_cmi5_requires(move_on, built, lms_for, page):
    """cmi5 9.3.3-9.3.5: completed, passed and failed are sent when they happen, whatever
    moveOn says (moveOn is the LMS's rule for satisfaction; the AU MAY use it, 10.0). No
    notice: these rules can be met."""
    cj, lms, launch = opened(built, lms_for, page, mastery=0.0, move_on=move_on)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    defined = verbs([s for s in assert_cmi5_rules(lms, launch, 0.0) if CMI5_CAT in categories(s)])
    assert sorted(defined) == sorted(["initialized", "completed", "passed", "terminated"])
