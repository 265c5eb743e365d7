"""Delivery that loses nothing (issue 4): the runtime's queue against a real Ralph,
with the LRS taken away and brought back, reloads, a browser restart, and LRS answers
forced with Playwright routes (503, 409, 400). A web package sends straight to Ralph
with launch parameters (?endpoint=&auth=&actor=)."""
from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import pytest
from ralph import WRITER, basic
from xapi_helpers import REPO, course_json, validate, verbs, walk, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.lrs]

COURSE = REPO / "courses" / "de-escalation"
ACTOR = {"objectType": "Agent", "name": "Kim Park", "mbox": "mailto:kim@example.org"}


@pytest.fixture
def web(built, packages, ralph, request):
    """URL of the de-escalation web build, sending to Ralph as a learner unique to the test."""
    pkg = built(COURSE, "web")
    base = packages.publish(pkg, "de-escalation-web")
    actor = dict(ACTOR, mbox=f"mailto:{request.node.name.split('[')[0]}@example.org")
    query = urlencode({"endpoint": ralph.endpoint, "auth": basic(WRITER), "actor": json.dumps(actor)})
    return base + "index.html?" + query, actor, course_json(pkg)


class Traffic:
    """Every statement POST the page makes: (body text, answer status or None)."""

    def __init__(self, context, endpoint: str):
        self.bodies: list[str] = []
        self.headers: list[dict] = []
        context.on("request", self._on)
        self.endpoint = endpoint

    def _on(self, req):
        if req.url.startswith(self.endpoint + "statements") and req.method == "POST":
            self.bodies.append(req.post_data or "")
            self.headers.append(req.headers)

    def ids(self) -> set[str]:
        return {s["id"] for body in self.bodies if body for s in json.loads(body)}


def stored_for(ralph, actor) -> list[dict]:
    """What Ralph stored for this test's learner, as Ralph returns it."""
    return [s for s in ralph.raw_statements() if s["actor"].get("mbox") == actor["mbox"]]


def test_outage_reload_and_browser_restart_lose_nothing_and_duplicate_nothing(
        web, ralph, browser, context, page):
    url, actor, cj = web
    traffic = Traffic(context, ralph.endpoint)
    page.goto(url)
    walk(page, until=lambda step: step["page"] == "front-of-store")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))

    ralph.stop()  # the LRS goes away in the middle of the course
    walk(page, until=lambda step: step["page"] == "how-did-it-go")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() > 0"))
    page.reload()  # the queue survives a reload (terminated + initialized join it)
    page.wait_for_function("document.documentElement.dataset.ready")
    assert page.evaluate("EmpathyXAPI.pending()") > 3
    walk(page, until=lambda step: step["page"] == "looking-back")

    # The browser closes (still offline) and opens again with the same profile.
    queued = page.evaluate("EmpathyXAPI.pending()")
    page.close()  # pagehide queues "terminated" in localStorage
    saved = context.storage_state()
    restarted = browser.new_context(storage_state=saved)
    traffic_after = Traffic(restarted, ralph.endpoint)
    again = restarted.new_page()
    again.goto(url)
    again.wait_for_function("document.documentElement.dataset.ready")
    assert again.evaluate("EmpathyXAPI.pending()") >= queued

    ralph.start()  # the LRS comes back: the queue drains with backoff, nothing is lost
    walk(again)
    wait_for(lambda: again.evaluate("EmpathyXAPI.pending() === 0"), timeout=90)
    assert again.evaluate("EmpathyXAPI.dead()") == []
    sent = traffic.ids() | traffic_after.ids()
    stored = stored_for(ralph, actor)
    stored_ids = [s["id"] for s in stored]
    assert len(stored_ids) == len(set(stored_ids)), "a statement was stored twice"
    assert set(stored_ids) == sent, "every statement ever sent arrives exactly once"
    # Three sessions (first load, reload, restart): each initialized ... terminated.
    v = verbs(sorted(stored, key=lambda s: s["timestamp"]))
    assert v.count("initialized") == 3 and v.count("terminated") == 3
    assert v[0] == "initialized" and v[-1] == "terminated"
    assert validate(stored) == []
    # Every request named the xAPI version.
    assert all(h.get("x-experience-api-version") == "1.0.3"
               for h in traffic.headers + traffic_after.headers)
    restarted.close()


def test_retries_resend_identical_bodies_after_5xx(web, ralph, context, page):
    url, actor, _ = web
    traffic = Traffic(context, ralph.endpoint)
    answers = iter([503, 502])

    def flaky(route):
        status = next(answers, None)
        if status:
            route.fulfill(status=status, body="{}")
        else:
            route.continue_()

    page.route(ralph.endpoint + "statements**", flaky)
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready")  # xapi.js is loaded by then
    # (the predicate calls into Playwright, which lets the Python route handler run)
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0") and len(traffic.bodies) >= 3)
    assert traffic.bodies[0] == traffic.bodies[1] == traffic.bodies[2]
    assert {s["id"] for s in json.loads(traffic.bodies[0])} <= {s["id"] for s in stored_for(ralph, actor)}


def test_409_counts_as_delivered(web, ralph, context, page):
    """A single statement answered 409 (the LRS has it already) is delivered: it leaves
    the queue, is not set aside and is not sent again."""
    url, actor, _ = web
    errors, answered = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def conflict(route):
        answered.append(json.loads(route.request.post_data))
        route.fulfill(status=409, body="{}")

    page.route(ralph.endpoint + "statements**", conflict)
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    assert answered, "no statement was POSTed"
    assert "initialized" in verbs([s for batch in answered for s in batch])
    # A batch answered 409 is tried one by one; each statement answered 409 alone is done.
    alone = [batch[0]["id"] for batch in answered if len(batch) == 1]
    assert {s["id"] for batch in answered for s in batch} == set(alone)
    assert page.evaluate("EmpathyXAPI.dead()") == []
    assert not [e for e in errors if "empathy xAPI" in e]
    seen = len(answered)
    page.wait_for_timeout(1500)  # nothing is sent again: the 409s settled them
    assert len(answered) == seen and len(alone) == len(set(alone))


def test_a_request_that_never_answers_is_given_up_and_sent_again(web, ralph, context, page):
    """The LRS takes the first POST and never answers: after the request timeout (10 s)
    it counts as a network failure and the same batch is sent again."""
    url, actor, _ = web
    traffic = Traffic(context, ralph.endpoint)
    held = []

    def hang_first(route):
        if not held:
            held.append(route)  # never answered
        else:
            route.continue_()

    page.route(ralph.endpoint + "statements**", hang_first)
    started = time.monotonic()
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready")  # xapi.js is loaded by then
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0") and len(traffic.bodies) >= 2, timeout=40)
    assert time.monotonic() - started > 9  # the retry waited for the timeout (and came: see above)
    assert traffic.bodies[0] == traffic.bodies[1]  # the same batch, the same bytes
    assert {s["id"] for s in json.loads(traffic.bodies[0])} <= {s["id"] for s in stored_for(ralph, actor)}


def test_other_4xx_is_reported_and_set_aside(web, ralph, context, page):
    """A statement the LRS refuses (400) is logged, kept in the dead-letter store, not
    retried forever; the rest of its batch still arrives."""
    url, actor, _ = web
    traffic = Traffic(context, ralph.endpoint)
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def refuse_progress(route):
        if "progressed" in (route.request.post_data or ""):
            route.fulfill(status=400, body='{"detail": "refused for the test"}')
        else:
            route.continue_()

    page.route(ralph.endpoint + "statements**", refuse_progress)
    page.goto(url)
    walk(page, until=lambda step: step["page"] == "front-of-store")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    dead = [json.loads(s) for s in page.evaluate("EmpathyXAPI.dead()")]
    assert dead and set(verbs(dead)) == {"progressed"}
    assert any("refused a statement (400)" in e for e in errors)
    stored = verbs(stored_for(ralph, actor))
    assert "initialized" in stored and "experienced" in stored and "progressed" not in stored
    # Each refused statement was tried at most twice (in its batch, then alone).
    for s in dead:
        assert sum(s["id"] in body for body in traffic.bodies) <= 2


def test_the_dead_letter_store_keeps_the_latest_200(web, ralph, context, page):
    """Refused statements are kept for a person to look at, but browser storage is small
    (about 5 MB, shared with the queue): the oldest make room for the newest."""
    url, actor, _ = web
    page.route(ralph.endpoint + "statements**", lambda route: route.fulfill(status=400, body="{}"))
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready")
    page.evaluate("""() => {
      const k = EmpathyXAPI.key() + ':dead';
      localStorage.setItem(k, JSON.stringify(Array.from({length: 250}, (_, i) => JSON.stringify({old: i}))));
    }""")
    walk(page, until=lambda step: step["page"] == "front-of-store")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    dead = [json.loads(s) for s in page.evaluate("EmpathyXAPI.dead()")]
    assert len(dead) == 200
    newest = [s for s in dead if "verb" in s]
    assert newest and dead[-len(newest):] == newest and "experienced" in verbs(newest)
    assert dead[0] == {"old": 250 - (200 - len(newest))}


def test_a_refused_credential_is_reported_and_not_retried_forever(web, ralph, context, page):
    """401: the LRS refuses the credential, not the statements. The runtime says so on the
    console and stops sending from this page; the statements stay queued in this browser
    for the next launch, which delivers them."""
    url, actor, _ = web
    errors, posts = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    def unauthorized(route):
        posts.append(route.request.post_data)
        route.fulfill(status=401, body="{}")

    page.route(ralph.endpoint + "statements**", unauthorized)
    page.goto(url)
    walk(page, until=lambda step: step["page"] == "front-of-store")
    wait_for(lambda: page.evaluate("1") and any("refused the credential (401)" in e for e in errors))
    page.wait_for_timeout(3000)  # backoff would have retried by now (1 s, 2 s)
    assert len(posts) == 1
    pending = page.evaluate("EmpathyXAPI.pending()")
    assert pending >= 3 and page.evaluate("EmpathyXAPI.dead()") == []

    page.unroute(ralph.endpoint + "statements**")
    page.reload()  # the next launch (here with a credential the LRS takes)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    assert {json.loads(posts[0])[0]["id"]} <= {s["id"] for s in stored_for(ralph, actor)}


def test_a_409_for_a_batch_sent_as_the_page_goes_forgets_nothing(web, ralph, context, page):
    """As the page goes (pagehide), what is queued goes in one keepalive batch. An LRS that
    already has one of them may answer 409 and store none of the others: only a 409 for
    a single statement proves it was delivered, so the others stay queued."""
    url, actor, _ = web
    page.goto(url)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    known = page.evaluate("EmpathyXAPI.send({verb: 'experienced', object: {objectType: 'Activity',"
                          " id: 'https://example.org/known'}}).id")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    page.route(ralph.endpoint + "statements**", lambda route: route.fulfill(status=409, body="{}"))
    page.evaluate("""() => {
        EmpathyXAPI.config().delay = 60000;  // keep them queued until the page goes
        for (const n of [1, 2, 3]) EmpathyXAPI.send({verb: 'experienced',
            object: {objectType: 'Activity', id: 'https://example.org/new/' + n}});
    }""")
    assert page.evaluate("EmpathyXAPI.pending()") == 3
    # A pagehide the page survives (as with the back-forward cache): the batch is handed
    # over, answered 409, and must not be forgotten.
    page.evaluate("""() => { dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));
                             return new Promise(r => setTimeout(r, 1000)); }""")
    assert page.evaluate("EmpathyXAPI.pending()") == 3
    assert known not in json.dumps(page.evaluate("EmpathyXAPI.dead()"))


def test_each_learner_has_a_queue_of_their_own(built, packages, ralph, context, page, request):
    """A shared browser: learner A's statements are left queued (the LRS was down); when
    learner B opens the course, B's page sends only B's statements with B's credential.
    A's wait for A's next launch."""
    base = packages.publish(built(COURSE, "web"), "de-escalation-web-shared")
    name = request.node.name.split("[")[0]

    def launch(who):
        actor = dict(ACTOR, mbox=f"mailto:{name}-{who}@example.org")
        query = urlencode({"endpoint": ralph.endpoint, "auth": basic(WRITER), "actor": json.dumps(actor)})
        return base + "index.html?" + query, actor

    url_a, actor_a = launch("a")
    url_b, actor_b = launch("b")
    # The LRS cannot be reached while A works (and A's page, as it goes, hands A's queue
    # to the browser: that fails too).
    def a_unreachable(route):
        if actor_a["mbox"] in (route.request.post_data or ""):
            route.abort()
        else:
            route.continue_()
    page.route(ralph.endpoint + "statements**", a_unreachable)
    page.goto(url_a)
    walk(page, until=lambda step: step["page"] == "front-of-store")
    left = page.evaluate("EmpathyXAPI.pending()")
    assert left >= 3
    traffic = Traffic(context, ralph.endpoint)
    page.goto(url_b)
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    b_posts = [json.loads(body) for body in traffic.bodies if actor_b["mbox"] in body]
    assert b_posts and all(s["actor"]["mbox"] == actor_b["mbox"] for batch in b_posts for s in batch)
    assert stored_for(ralph, actor_a) == []
    page.unroute(ralph.endpoint + "statements**")
    page.goto(url_a)  # A comes back: A's statements go out now
    page.wait_for_function("document.documentElement.dataset.ready")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    assert len(stored_for(ralph, actor_a)) >= left


def test_without_an_endpoint_nothing_is_recorded_or_sent(built, packages, context, page):
    """A web build with no LRS configured stays idle: the statement queue is not even
    loaded, and nothing but the package's own files is requested."""
    base = packages.publish(built(COURSE, "web"), "de-escalation-web-idle")
    posts, scripts = [], []
    context.on("request", lambda r: posts.append(r.url) if r.method != "GET" else None)
    context.on("request", lambda r: scripts.append(r.url) if r.url.endswith(".js") else None)
    page.goto(base + "index.html")
    walk(page, until=lambda step: step["page"] == "front-of-store")
    assert page.evaluate("typeof EmpathyXAPI") == "undefined"
    assert not [u for u in scripts if u.endswith("/xapi.js")]
    assert posts == []
