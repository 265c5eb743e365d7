"""cmi5 sessions when things go wrong: a reload after failing, a pass that comes in the
session that failed, an LMS that never answers (at launch, and at the end), an outage at
the end of a session with the next launch bringing a new token, and the keepalive budget
when the page goes away with much left to send. The test LMS (cmi5_lms.py) limits each
token to its session and refuses statements of another session, as cmi5 LMSs do."""
from __future__ import annotations

import json
import shutil
import time

import pytest
from test_cmi5 import (CMI5_CAT, DE_ESCALATION, FEE_WAIVER, MASTERY_SCORE, RESUME, SESSION_ID,
                       _wrong_options, assert_cmi5_rules, au, categories, opened, session_statements)
from xapi_helpers import REPO, course_json, verbs, walk, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.lrs]

UNSCORED = REPO / "courses" / "insurance-denied"
FAIL_PATH = ["doors-3", "brushoff-2"]  # de-escalation: "He walks out", score 0.1
PASS_PATH = ["doors-1", "listen-1", "named-1", "ask_need-2", "next_steps-1"]  # 0.7 or 1


def defined_verbs(statements):
    return verbs([s for s in statements if CMI5_CAT in categories(s)])


def queued(page, endpoint: str) -> list[dict]:
    """The statements waiting in this origin's localStorage queue for `endpoint`, oldest
    first (their keys start with the timestamp)."""
    return page.evaluate("""e => Object.keys(localStorage).filter(k => k.startsWith('empathy-xapi:' + e + '#') && k.includes(':q:'))
                                 .sort().map(k => JSON.parse(localStorage.getItem(k)))""", endpoint)


def test_nothing_is_sent_after_a_reload_ended_the_session(built, lms_for, page):
    """The learner fails the quiz, reloads (the session ends with terminated) and goes on
    to the end in the reloaded page: the ended session takes nothing more (no second
    failed, no completed after terminated), and the fetch URL is not called again."""
    pkg = built(FEE_WAIVER, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mastery=1.0, move_on="Passed")
    plan = {"options": _wrong_options(cj)}
    page.goto(launch.url)
    walk(page, plan, until=lambda step: step["page"] == "looking-back")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    assert "failed" not in defined_verbs(session_statements(lms, launch))  # it waits for the end
    page.reload()
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: defined_verbs(session_statements(lms, launch))[-1:] == ["terminated"])
    walk(page, plan)  # the learner goes on in the reloaded page and presses finish
    page.wait_for_timeout(1000)
    statements = assert_cmi5_rules(lms, launch, 1.0)
    assert defined_verbs(statements) == ["initialized", "failed", "terminated"]
    assert page.evaluate("EmpathyXAPI.pending()") == 0
    assert launch.fetches == 1


def test_a_launch_after_a_failed_session_sends_no_failed_of_its_own_and_a_pass_goes_at_once(
        built, lms_for, page, context):
    """The learner failed in the first session. Reopening it is no new attempt: no failed
    at start. A pass later in that session is sent in it (a failed there would have held
    it back for yet another launch)."""
    cj, lms, first = opened(built, lms_for, page, mastery=0.7, move_on="CompletedAndPassed")
    walk(page, {"choices": {"front-of-store": FAIL_PATH}})
    page.wait_for_url("**/lms/returned", timeout=20_000)
    assert "failed" in defined_verbs(session_statements(lms, first))

    second = lms.launch(au(cj), mastery=0.7, move_on="CompletedAndPassed", registration=first.registration)
    again = context.new_page()
    again.goto(second.url)
    again.wait_for_function("document.documentElement.dataset.ready")
    again.evaluate("EmpathyPlayer.goTo('front-of-store')")
    again.click("[data-act=retry]")
    walk(again, {"choices": {"front-of-store": PASS_PATH}},
         until=lambda step: step["act"] == "choice" and step["detail"] == PASS_PATH[-1])
    wait_for(lambda: "passed" in defined_verbs(session_statements(lms, second)))
    walk(again)
    again.wait_for_url("**/lms/returned", timeout=20_000)
    assert defined_verbs(assert_cmi5_rules(lms, second, 0.7)) == ["initialized", "passed", "terminated"]


def test_a_pass_after_a_fail_in_the_same_session_is_the_sessions_result(built, lms_for, page):
    """cmi5 9.3: at most one of passed and failed per session. The learner fails the
    scenario, tries again and passes: failed waits for the end of the session, so the
    session sends passed, at once, and no failed."""
    cj, lms, first = opened(built, lms_for, page, mastery=0.7, move_on="CompletedAndPassed")
    walk(page, {"choices": {"front-of-store": FAIL_PATH}},
         until=lambda step: step["act"] == "choice" and step["detail"] == FAIL_PATH[-1])
    page.click("[data-act=continue]")
    # The playback is an activity the compiler defined, in the course's language.
    page.click("[data-act=playback]")
    viewed = wait_for(lambda: [s for s in session_statements(lms, first) if verbs([s])[0] == "viewed"])
    scenario = next(p for p in cj["pages"] if p["id"] == "front-of-store")
    definition = dict(scenario["playback"])
    assert viewed[0]["object"] == {"objectType": "Activity", "id": definition.pop("id"), "definition": definition}
    assert definition["name"] == {"en": scenario["title"] + ": " + cj["strings"]["playbackTitle"]}
    assert "failed" not in defined_verbs(session_statements(lms, first))
    page.click("[data-act=retry]")
    page.evaluate("p => EmpathyWalker.plan(p)", {"choices": {"front-of-store": PASS_PATH}})
    walk(page, until=lambda step: step["act"] == "choice" and step["detail"] == PASS_PATH[-1])
    wait_for(lambda: "passed" in defined_verbs(session_statements(lms, first)))
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    statements = assert_cmi5_rules(lms, first, 0.7)
    assert defined_verbs(statements) == ["initialized", "passed", "completed", "terminated"]
    passed = next(s for s in statements if verbs([s])[0] == "passed")
    assert passed["result"]["score"]["scaled"] >= 0.7
    assert passed["context"]["extensions"][MASTERY_SCORE] == 0.7


def test_a_session_that_ends_failed_sends_failed_before_terminated_as_the_window_closes(
        built, lms_for, page, context):
    """Failed, and the window closed without Finish: failed goes with terminated."""
    cj, lms, first = opened(built, lms_for, page, mastery=0.7, move_on="CompletedAndPassed")
    walk(page, {"choices": {"front-of-store": FAIL_PATH}},
         until=lambda step: step["act"] == "choice" and step["detail"] == FAIL_PATH[-1])
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    page.close()
    wait_for(lambda: defined_verbs(session_statements(lms, first))[-1:] == ["terminated"])
    statements = assert_cmi5_rules(lms, first, 0.7)
    assert defined_verbs(statements) == ["initialized", "failed", "terminated"]
    assert next(s for s in statements if verbs([s])[0] == "failed")["result"]["score"]["scaled"] < 0.7


@pytest.mark.parametrize("path, verb", [(FAIL_PATH, "failed"), (PASS_PATH, "passed")])
def test_an_lms_that_names_no_session_still_gets_passed_or_failed(built, lms_for, page, path, verb):
    """A contextTemplate without the sessionid extension (an LMS that breaks cmi5 9.6.2.1)
    must not silence passed and failed: the launch itself marks the session."""
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    lms.strict = False  # its statements carry no session id to compare
    launch = lms.launch(au(cj), mastery=0.7, move_on="CompletedAndPassed", names_session=False)
    page.goto(launch.url)
    walk(page, {"choices": {"front-of-store": path}})
    page.wait_for_url("**/lms/returned", timeout=20_000)
    sent = defined_verbs(lms.statements())
    assert sent.count(verb) == 1 and sent.count("failed") + sent.count("passed") == 1, sent


def _hang(route):
    """A Playwright route handler that never answers."""


@pytest.mark.parametrize("what", ["fetch", "LMS.LaunchData"])
def test_an_lms_that_never_answers_the_launch_is_reported_to_the_learner(what, built, lms_for, page):
    """The token or the launch data never comes: within a bounded time the course is
    usable, says that this session is not recorded, and sends nothing."""
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mastery=cj["mastery"])
    if what == "fetch":
        page.route(lms.base + launch.fetch_path, _hang)
    else:
        page.route(lambda url: "stateId=LMS.LaunchData" in url, _hang)
    started = time.monotonic()
    page.goto(launch.url)
    page.wait_for_function("document.documentElement.dataset.ready", timeout=40_000)
    # Each request gives up after 10 s, the whole launch after 20 s (plus a busy machine).
    assert time.monotonic() - started < 35
    alert = page.locator(".notice.lms[role=alert]")
    assert alert.text_content() == cj["strings"]["lmsUnreachable"]
    walk(page, until=lambda step: step["page"] == cj["pages"][2]["id"])  # the course still works
    assert not [r for r in lms.xapi_requests() if r.path == "/xapi/statements"]


def test_a_hung_lrs_does_not_keep_the_learner_from_the_return_url(built, lms_for, page):
    """Statement requests that never answer: finish still goes back to the LMS within a
    few seconds, and what was not delivered stays queued in localStorage."""
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mastery=cj["mastery"])
    page.route(lms.endpoint + "statements**", _hang)
    page.goto(launch.url)
    walk(page, until=lambda step: step["act"] == "next" and step["page"] == cj["pages"][-1]["id"])
    started = time.monotonic()
    walk(page)  # presses finish
    page.wait_for_url("**/lms/returned", timeout=15_000)
    assert time.monotonic() - started < 12  # finish waits at most 4 s
    left = queued(page, lms.endpoint)
    assert "terminated" in verbs(left) and "initialized" in verbs(left)
    # (The keepalive copies handed to the browser as the page went are not routed here
    # and may reach the LMS; they stay queued all the same until an answer is seen.)


def posts(lms) -> list:
    return [r for r in lms.xapi_requests() if r.path == "/xapi/statements" and r.method == "POST"]


@pytest.mark.parametrize("strict", [False, True], ids=["lms-takes-them", "lms-refuses-them"])
def test_statements_left_from_an_ended_session_go_with_the_next_launchs_token(strict, built, lms_for,
                                                                              page, context):
    """The LMS is down when the learner finishes: terminated and what came before stay
    queued. The next launch (new session, new token; the old token is refused from then
    on) sends them with its own token. An LMS that takes statements of an earlier session
    stores them; one that refuses them (cmi5: nothing after abandoned, the session ID
    must match the token) makes the AU set them aside in the dead-letter store, still on
    this device. Either way the new session is complete and nothing is lost silently."""
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    lms.strict = strict
    sent: dict[str, dict] = {}  # every statement the browser ever POSTed, by id
    context.on("request", lambda r: sent.update({s["id"]: s for s in json.loads(r.post_data or "[]")})
               if r.url.startswith(lms.endpoint + "statements") and r.method == "POST" else None)
    first = lms.launch(au(cj), mastery=cj["mastery"], move_on="CompletedAndPassed")
    page.goto(first.url)
    walk(page, until=lambda step: step["page"] == "how-did-it-go")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    lms.outage = True
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=15_000)
    left = queued(page, lms.endpoint)
    assert verbs(left)[-1] == "terminated"
    assert {s["context"]["extensions"][SESSION_ID] for s in left} == {first.session_id}

    lms.outage = False
    second = lms.launch(au(cj), mastery=cj["mastery"], move_on="CompletedAndPassed",
                        registration=first.registration)
    assert not first.open()  # abandoned: its token is refused from now on
    page.goto(second.url)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    wait_for(lambda: not queued(page, lms.endpoint))
    dead = [json.loads(s) for s in page.evaluate(
        "e => Object.keys(localStorage).filter(k => k.startsWith('empathy-xapi:' + e + '#') && k.endsWith(':dead'))"
        ".flatMap(k => JSON.parse(localStorage.getItem(k)))", lms.endpoint)]

    # The earlier session's statements went out with the new launch's token.
    token2 = "Basic " + second.token
    with_token2 = {s["id"] for r in posts(lms) if r.auth == token2 for s in json.loads(r.body)}
    assert {s["id"] for s in left} <= with_token2
    received = {s["id"] for s in lms.statements()}
    if strict:
        assert {s["id"] for s in dead} == {s["id"] for s in left}
        assert not received & {s["id"] for s in left}
        assert {r.reason for r in lms.refused} == {"not of this token's session"}
    else:
        assert dead == []
        assert {s["id"] for s in left} <= received
        assert verbs(session_statements(lms, first))[-1] == "terminated"
    # Nothing lost: every statement ever sent was stored, or is set aside on this device.
    at_lms = {s["id"] for r in posts(lms) for s in json.loads(r.body)}
    assert set(sent) | at_lms == received | {s["id"] for s in dead}
    assert_cmi5_rules(lms, second, cj["mastery"])
    # The registration has its completed and passed exactly once: refused with the ended
    # session, they are sent again in the new one (the LRS had none); taken, they are not.
    stored = [s for s in lms.statements() if s["context"].get("registration") == first.registration]
    assert sorted(verbs(s for s in stored if s["verb"]["id"].endswith(("/completed", "/passed"))
                        and s["object"]["id"] == first.activity_id)) == ["completed", "passed"]


def quiet(lms, still: float = 1.0, timeout: float = 20.0) -> None:
    """Waits until no request has reached the LMS for STILL seconds."""
    deadline, seen, since = time.monotonic() + timeout, -1, time.monotonic()
    while time.monotonic() < deadline:
        with lms.lock:
            count = len(lms.requests)
        if count != seen:
            seen, since = count, time.monotonic()
        elif time.monotonic() - since >= still:
            return
        time.sleep(0.05)
    raise AssertionError(f"requests still arriving after {timeout} s")


def test_the_resume_point_and_statements_share_the_keepalive_budget_in_bytes(built, lms_for, page, tmp_path):
    """The page closes with much queued (the LMS was down): the resume point is handed
    to the browser first, the statements fill what is left of 64 KiB counted in bytes
    (Arabic text: 2 bytes a character), and the browser refuses none of it."""
    # The course must let the learner's words leave the browser, or the resume point
    # never carries them (docs/design.md, "Suspend data encoding").
    course = tmp_path / "insurance-denied"
    shutil.copytree(UNSCORED, course)
    yaml = course / "course.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(
        "send_reflection_text: false", "send_reflection_text: true"), encoding="utf-8")
    pkg = built(course, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj))
    page.goto(launch.url)
    walk(page, until=lambda step: step["page"] == "through-her-eyes")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    lms.outage = True  # statements and state writes fail from here
    answer = "ل" * 12_000  # 24 KB in UTF-8: the resume point carries the learner's answer
    page.locator('[data-item="0"] textarea[data-field]').fill(answer)
    page.locator('[data-item="0"] [data-act=submit]').click()
    page.evaluate("""base => { for (let i = 0; i < 12; i++) EmpathyXAPI.send({verb: 'experienced',
        object: EmpathyXAPI.activity({id: base + 'page/filler-' + i, name: {ar: 'ص'.repeat(3000)}})}); }""",
                  cj["activityBase"])
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending()") >= 13)
    # The page closes before the next retry: none goes out (without keepalive's limit)
    # between the end of the outage and the page going.
    page.evaluate("() => { for (let id = setTimeout(() => {}, 0); id > 0; id--) clearTimeout(id); }")
    quiet(lms)
    mark = len(lms.requests)
    lms.outage = False
    page.close()  # pagehide: everything goes out with keepalive

    def arrived():
        with lms.lock:
            after = lms.requests[mark:]
        puts = [r for r in after if r.method == "PUT" and r.query.get("stateId") == RESUME]
        return after if puts and any(r.path == "/xapi/statements" for r in after) else None
    wait_for(arrived, timeout=10)
    quiet(lms)  # let every keepalive request land
    with lms.lock:
        after = [r for r in lms.requests[mark:] if r.method in ("POST", "PUT")]
    assert sum(len(r.body) for r in after) <= 65536
    put = next(r for r in after if r.query.get("stateId") == RESUME)
    assert answer in json.loads(put.body)["s"] and put.status == 204
    posted = [s for r in after if r.path == "/xapi/statements" for s in json.loads(r.body)]
    assert posted and all(r.status == 200 for r in after if r.path == "/xapi/statements")
    # As much as fitted: one more statement would not have.
    assert sum(len(r.body) for r in after) > 65536 - 2 * 7000


def test_what_is_queued_goes_in_one_request_as_the_page_goes(built, lms_for, page):
    """More than a batch (50) left as the window closes: one keepalive request carries them
    all with terminated last (separate requests may arrive in any order, and the LMS
    takes nothing of a session after its terminated)."""
    cj, lms, launch = opened(built, lms_for, page)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    page.evaluate("""() => {
        EmpathyXAPI.config().delay = 60000;  // keep them queued until the page goes
        for (let n = 0; n < 60; n++) EmpathyXAPI.send({verb: 'experienced',
            object: {objectType: 'Activity', id: 'https://example.org/many/' + n}});
    }""")
    page.close()
    wait_for(lambda: verbs(session_statements(lms, launch))[-1:] == ["terminated"])
    posts = [json.loads(r.body) for r in lms.xapi_requests() if r.path == "/xapi/statements" and r.method == "POST"]
    last = posts[-1]
    assert len(last) == 61 and verbs(last)[-1] == "terminated", [len(p) for p in posts]
    assert_cmi5_rules(lms, launch, cj["mastery"])


def test_a_terminated_that_went_as_the_window_closed_is_not_called_refused_at_the_next_launch(
        built, lms_for, context):
    """Closing the window sends terminated with keepalive, whose answer no page reads: it
    stays queued and goes again with the next launch, which a strict LMS refuses (403:
    not of this token's session). The AU asks the LRS for it by id, finds it, and counts
    it delivered: no error on the console, nothing set aside."""
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    lms.strict = True
    first = lms.launch(au(cj))
    page = context.new_page()
    page.goto(first.url)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    page.close()
    wait_for(lambda: defined_verbs(session_statements(lms, first))[-1:] == ["terminated"])

    second = lms.launch(au(cj), registration=first.registration)
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(second.url)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: not queued(page, lms.endpoint))
    quiet(lms)
    refused = [r.statement["verb"]["id"].rsplit("/", 1)[-1] for r in lms.refused]
    assert "terminated" in refused       # it did go again, and the LMS said 403
    dead = page.evaluate("e => Object.keys(localStorage).filter(k => k.startsWith('empathy-xapi:' + e + '#')"
                         " && k.endsWith(':dead')).flatMap(k => JSON.parse(localStorage.getItem(k)))", lms.endpoint)
    assert dead == [] and not [e for e in errors if "refused" in e]
    assert defined_verbs(session_statements(lms, first)) == ["initialized", "terminated"]


def test_a_resume_point_still_queued_as_the_page_goes_never_lands_after_the_last_one(built, lms_for, page):
    """The LRS is slow: one resume-point write is on its way, a newer one waits behind it,
    and the page goes (the last write, with keepalive, cancels the one on its way). The
    waiting one is not sent after it: it would put an older resume point back."""
    cj, lms, launch = opened(built, lms_for, page)
    page.wait_for_function("document.documentElement.dataset.ready")
    arrived, held = [], []

    def state(route):
        arrived.append(json.loads(route.request.post_data)["s"])
        if len(arrived) == 1:
            held.append(route)  # the first one hangs
        else:
            route.fulfill(status=204)
    page.route("**/slow/activities/state*", state)
    page.evaluate("""endpoint => {
        const w = EmpathyXAPI.resume('test-copy', {endpoint, auth: 'Basic eDp5', version: '1.0.3'},
                                     {activityId: 'https://example.org/a', agent: '{}', registration: 'r'}, 'test');
        window.__writer = w;
        w.doc.s = 'A'; w.write();
    }""", lms.endpoint + "slow/")
    wait_for(lambda: page.evaluate("1") and arrived == ["A"], timeout=5)        # on its way, held
    page.evaluate("() => { __writer.doc.s = 'B'; __writer.write(); }")           # waits for A
    page.evaluate("() => { __writer.doc.s = 'C'; __writer.write(true); }")       # the page going
    wait_for(lambda: page.evaluate("1") and "C" in arrived, timeout=5)
    page.wait_for_timeout(500)
    page.evaluate("1")  # let the route handlers run
    assert arrived[-1] == "C" and "B" not in arrived[arrived.index("C"):], arrived


def test_a_refused_scenario_completed_of_an_ended_session_is_not_the_courses(built, lms_for, context):
    """The LMS is away while the learner plays the scenario to its end; the learner reloads
    (the session ends) and finishes the course in the unrecorded page, whose progress this
    device keeps. At the next launch a strict LMS refuses the old session's statements, the
    scenario page's own "completed" among them: that is not the course's completed, whose
    absence would have the AU send its completed again. The registration holds the
    course's completed and passed exactly once."""
    pkg = built(DE_ESCALATION, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    lms.strict = True
    first = lms.launch(au(cj), mastery=0.7, move_on="CompletedAndPassed")
    page = context.new_page()
    page.goto(first.url)
    walk(page, until=lambda step: step["page"] == "front-of-store")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    lms.outage = True
    walk(page, {"choices": {"front-of-store": PASS_PATH}}, until=lambda step: step["page"] == "how-did-it-go")
    page.reload()
    page.wait_for_function("document.documentElement.dataset.ready")
    lms.outage = False
    walk(page)                                                   # on to the end, unrecorded
    page.close()

    second = lms.launch(au(cj), mastery=0.7, move_on="CompletedAndPassed", registration=first.registration)
    page = context.new_page()
    page.goto(second.url)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: not queued(page, lms.endpoint))
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    quiet(lms)
    refused = {r.statement["verb"]["id"].rsplit("/", 1)[-1] for r in lms.refused
               if r.statement["object"]["id"] != first.activity_id}
    assert "completed" in refused                                # the scenario's, of the ended session
    stored = [s for s in lms.statements() if s["context"].get("registration") == first.registration
              and s["object"]["id"] == first.activity_id and s["verb"]["id"].endswith(("/completed", "/passed"))]
    assert sorted(verbs(stored)) == ["completed", "passed"]
