"""The cmi5 and TinCan rules `empathy verify` applies to a recorded launch
(compiler/verify/xapi_checks.py), on hand-made recordings: each rule must catch what it
is there for, and stay quiet on a clean session.
"""
from __future__ import annotations

import copy
import uuid

from compiler.verify.lrs import ACTOR, SESSION_ID, Launch, Request
from compiler.verify.xapi_checks import CMI5_CATEGORY, MASTERY_SCORE, MOVEON_CATEGORY, check_registration, check_session

AU = "https://courses.example.org/empathy/x/au"
COURSE = "https://courses.example.org/empathy/x"
REGISTRATION = "b0a5c8f0-0000-4000-8000-000000000001"
SESSION = "5e55104e-0000-4000-8000-000000000002"
AUTH = "Basic dG9rZW4="
ADL = "http://adlnet.gov/expapi/verbs/"


def stamped(sent: list[dict]) -> list[dict]:
    """SENT with timestamps in list order: made in that order."""
    for i, s in enumerate(sent):
        s["timestamp"] = f"2026-12-02T10:00:{i:02d}.123Z"
    return sent


def statement(verb: str, *, on_au: bool = True, result: dict | None = None, moveon: bool = False,
              extensions: dict | None = None) -> dict:
    categories = [{"id": CMI5_CATEGORY}] + ([{"id": MOVEON_CATEGORY}] if moveon else []) if on_au else []
    context = {"registration": REGISTRATION,
               "contextActivities": {"grouping": [{"id": COURSE}], **({"category": categories} if categories else {})},
               "extensions": {SESSION_ID: SESSION, **(extensions or {})}}
    return {"id": str(uuid.uuid4()), "actor": copy.deepcopy(ACTOR), "verb": {"id": ADL + verb},
            "object": {"id": AU if on_au else COURSE + "/page/p1"}, "context": context,
            "timestamp": "2026-12-02T10:00:00.123Z", **({"result": result} if result else {})}


def clean_statements() -> list[dict]:
    return stamped([statement("initialized"),
            statement("experienced", on_au=False),
            statement("passed", result={"success": True, "score": {"scaled": 0.8}, "duration": "PT1M"},
                      moveon=True, extensions={MASTERY_SCORE: 0.7}),
            statement("completed", result={"completion": True, "duration": "PT1M"}, moveon=True),
            statement("terminated", result={"duration": "PT1M"})])


def requests(run: Launch, *, statement_posts: int = 1) -> list[Request]:
    def r(method, path, **query):
        return Request(method, path, query, AUTH, "1.0.3", run, 200)
    return ([r("GET", "/xapi/activities/state", stateId="LMS.LaunchData"),
             r("GET", "/xapi/agents/profile", profileId="cmi5LearnerPreferences")]
            + [r("POST", "/xapi/statements")] * statement_posts)


def launch(statements: list[dict] | None = None, kind: str = "cmi5") -> Launch:
    run = Launch("full walk", kind, "http://127.0.0.1/pkg/index.html", REGISTRATION, AU, ACTOR, AUTH,
                 session_id=SESSION if kind == "cmi5" else None, mastery=0.7 if kind == "cmi5" else None,
                 grouping=COURSE if kind == "cmi5" else None, fetch_path="/fetch/x" if kind == "cmi5" else None,
                 fetches=1 if kind == "cmi5" else 0)
    run.statements = clean_statements() if statements is None else statements
    run.requests = requests(run)
    return run


def messages(run: Launch) -> list[str]:
    return [f"{p.message} [{p.rule}]" for p in check_session(run)]


def test_a_clean_session_and_registration_pass():
    run = launch()
    assert messages(run) == []
    assert check_registration(run.statements, run, walked_to_end=True) == []


def test_a_package_that_never_fetched_its_token_is_one_clear_problem():
    run = launch([])
    run.fetches, run.requests = 0, [Request("POST", "/xapi/statements", {}, None, "1.0.3", None, 401)]
    assert messages(run) == ["the AU never POSTed to the launch's fetch URL, so it has no token and the "
                             "LMS records nothing it sends (is its adapter.js the cmi5 one?) [20]"]
    silent = launch([], kind="xapi")
    silent.requests = []
    assert "never contacted the LMS" in messages(silent)[0]


def test_fetch_twice_credential_version_and_launch_data_order():
    run = launch()
    run.fetches = 2
    stranger = Request("PUT", "/xapi/activities/state", {}, "Basic other", None, None, 401)
    run.requests = [run.requests[2], run.requests[0], run.requests[1], stranger]
    found = "\n".join(messages(run))
    assert "POSTed to the fetch URL 2 times; it answers once [20]" in found
    assert "1 LRS request(s) without the launch's credential" in found
    assert "without a valid X-Experience-API-Version" in found and "[26]" in found
    assert "did not read the LMS.LaunchData state document before its first statement [21]" in found
    assert "cmi5LearnerPreferences" in found


def test_order_initialized_first_terminated_last_and_once():
    sent = clean_statements()
    sent = stamped([sent[1], sent[0], sent[4], sent[2]])
    found = "\n".join(messages(launch(sent)))
    assert "first statement is 'experienced', not 'initialized' [22]" in found
    assert "statements after 'terminated': passed [22]" in found
    assert "ended without a 'terminated'" in "\n".join(messages(launch(clean_statements()[:-1])))
    twice = clean_statements()
    twice.insert(1, statement("initialized"))
    stamped(twice)
    assert "sent more than once in one session: initialized [22]" in messages(launch(twice))


def test_order_is_the_order_statements_were_made_not_the_order_they_arrived():
    # the batch in flight as the tab closed lands after the keepalive one with terminated
    sent = clean_statements()
    assert messages(launch([sent[4], sent[0], sent[1], sent[2], sent[3]])) == []


def test_cmi5_statement_rules():
    sent = clean_statements()
    del sent[0]["context"]["contextActivities"]["category"]  # initialized without the cmi5 category
    sent[1]["context"]["contextActivities"]["category"] = [{"id": CMI5_CATEGORY}]  # a page with it
    sent[2]["result"]["score"]["scaled"] = 0.5  # passed under the mastery score
    del sent[2]["context"]["extensions"][MASTERY_SCORE]
    sent[3]["result"]["score"] = {"scaled": 1}  # completed with a score
    del sent[4]["result"]  # terminated without a duration
    del sent[4]["context"]["extensions"][SESSION_ID]
    sent[4]["timestamp"] = "2026-12-02T11:00:00.123+01:00"
    found = "\n".join(messages(launch(sent)))
    for expected in ("statement 'initialized' is cmi5-defined but lacks the cmi5 category [23]",
                     "statement 'experienced' has the cmi5 category but is not a cmi5-defined statement",
                     "statement 'passed' has score 0.5, under the masteryScore 0.7 [23]",
                     "statement 'passed' lacks the masteryscore context extension 0.7",
                     "statement 'completed' has a score (only passed and failed may) [23]",
                     "statement 'terminated' has no result.duration [23]",
                     "statement 'terminated' lacks the launch's sessionid context extension",
                     "statement 'terminated' has a timestamp that is not UTC"):
        assert expected in found, expected


def test_ids_actor_and_registration():
    sent = clean_statements()
    del sent[1]["id"]
    sent[1]["actor"] = {"mbox": "mailto:someone@example.org"}
    sent[1]["context"]["registration"] = str(uuid.uuid4())
    found = "\n".join(messages(launch(sent)))
    assert "statement 'experienced' has no UUID id" in found
    assert "has another actor than the launch's" in found and "[20]" in found
    assert "statement 'experienced' does not carry the launch's registration [23]" in found


def test_what_a_registration_may_hold():
    run = launch()
    again = stamped(clean_statements() + [
        statement("completed", result={"duration": "PT1S"}, moveon=True),
        statement("failed", result={"duration": "PT1S", "score": {"scaled": 0.1}}, moveon=True,
                  extensions={MASTERY_SCORE: 0.7})])
    found = "\n".join(p.message for p in check_registration(again, run, walked_to_end=False))
    assert "holds 2 'completed' statements" in found
    assert "'failed' was sent after 'passed'" in found
    nothing = [statement("initialized"), statement("terminated", result={"duration": "PT1S"})]
    found = "\n".join(p.message for p in check_registration(nothing, run, walked_to_end=True))
    assert "no 'completed' of the course" in found and "neither 'passed' nor 'failed'" in found


def test_tincan_sessions_use_the_tincan_rules():
    sent = [statement("initialized", on_au=True), statement("terminated", result={"duration": "PT1S"})]
    for s in sent:  # TinCan statements have no cmi5 context
        s["context"] = {"registration": REGISTRATION}
    run = launch(sent, kind="xapi")
    run.requests = [Request("POST", "/xapi/statements", {}, AUTH, "1.0.3", run, 200)]
    assert messages(run) == []
    sent[0]["actor"] = {"mbox": "mailto:someone@example.org"}
    assert any("another actor" in m and "[29]" in m for m in messages(run))


def test_a_cmi5_package_that_never_fetched_is_one_message_whether_or_not_it_sent_anything():
    run = launch([])
    run.fetches, run.requests = 0, []
    assert messages(run) == ["the AU never POSTed to the launch's fetch URL, so it has no token and the "
                             "LMS records nothing it sends (is its adapter.js the cmi5 one?) [20]"]
