"""Every example course through the cmi5, xapi (TinCan) and scorm2004-4 targets: a learner
walks to the end, and the statements arrive in a real Ralph LRS, in the expected verbs
and order, each valid by xapi-validation (CONFORMANCE.md 25-28), read back with tincan."""
from __future__ import annotations

import pytest
from cmi5_lms import ACTOR
from ralph import WRITER, basic
from xapi_helpers import (COURSES, au, course_json, sco_frame, scorm_lms, validate, verbs, walk,
                          wait_for)

ADL = "http://adlnet.gov/expapi/verbs/"
EXT = "https://empathy-elearning.org/xapi/extensions/"
LEGACY_ACTOR = {"mbox": ["mailto:sam@example.org"], "name": ["Sam Rivera"], "objectType": "Agent"}


def run_cmi5(built, lms_for, page, course):
    pkg = built(course, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mastery=cj["mastery"],
                        move_on="CompletedAndPassed" if cj["mastery"] is not None else "Completed")
    page.goto(launch.url)
    steps = walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)  # returnURL after terminated
    return cj, launch.registration, lms.statements(), steps


def run_tincan(built, lms_for, page, course):
    pkg = built(course, "xapi")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    import uuid
    registration = str(uuid.uuid4())
    page.goto(lms.tincan_launch(cj["id"], LEGACY_ACTOR, registration))
    steps = walk(page)
    wait_for(lambda: verbs(lms.statements())[-1:] == ["terminated"])
    return cj, registration, lms.statements(), steps


def run_scorm(built, packages, node_modules, ralph, page, course):
    from compiler.verify.site import lms_url

    scorm_lms(packages, node_modules)
    name = f"{course.name}-scorm2004-4"
    pkg = built(course, "scorm2004-4")
    cj = course_json(pkg)
    packages.publish(pkg, name)
    sent = []
    page.on("request", lambda r: sent.append(r.post_data_json) if r.url.startswith(ralph.endpoint + "statements") and r.method == "POST" else None)
    sco = f"../{name}/index.html?endpoint={ralph.endpoint}&auth={basic(WRITER)}"
    page.goto(lms_url(packages.origin, "2004", sco=sco))
    frame = sco_frame(page, name)
    steps = walk(frame)
    wait_for(lambda: page.evaluate("window.harness.terminated"))
    wait_for(lambda: frame.evaluate("EmpathyXAPI.pending() === 0"))
    registration = frame.evaluate("EmpathyXAPI.config().registration")
    assert [(e["fn"], e["args"][0], e["error"]) for e in page.evaluate("window.harness.errors")] == []
    # The actor is the LMS learner, as an account on the course's xapi.homepage, or, when
    # course.yaml has none (every example course but de-escalation), on the package's origin.
    configured = "homepage:" in (course / "course.yaml").read_text(encoding="utf-8")
    assert (cj["xapi"]["homePage"] is not None) == configured
    home = cj["xapi"]["homePage"] if configured else packages.origin
    assert frame.evaluate("EmpathyXAPI.config().actor") == {
        "objectType": "Agent", "name": "Rivera, Sam", "account": {"homePage": home, "name": "learner-1"}}
    # Statements in the order the browser sent them (de-duplicated by id: a pagehide
    # keepalive may resend what was already delivered).
    seen, statements = set(), []
    for body in sent:
        for s in body:
            if s["id"] not in seen:
                seen.add(s["id"])
                statements.append(s)
    return cj, registration, statements, steps


@pytest.mark.browser
@pytest.mark.lrs
@pytest.mark.parametrize("target", ["cmi5", "xapi", "scorm2004-4"])
@pytest.mark.parametrize("course", COURSES, ids=lambda p: p.name)
def test_statements_arrive_valid_and_in_order(target, course, built, lms_for, packages,
                                              node_modules, ralph, page):
    if target == "cmi5":
        cj, registration, statements, steps = run_cmi5(built, lms_for, page, course)
    elif target == "xapi":
        cj, registration, statements, steps = run_tincan(built, lms_for, page, course)
    else:
        cj, registration, statements, steps = run_scorm(built, packages, node_modules, ralph,
                                                        page, course)
    v = verbs(statements)

    # Every statement is valid xAPI (zero warnings) and has a unique id.
    assert validate(statements) == []
    ids = [s["id"] for s in statements]
    assert len(set(ids)) == len(ids)

    # They all reached Ralph: read back with tincan's RemoteLRS (query by registration).
    stored = wait_for(lambda: (lambda got: got if {s["id"] for s in got} >= set(ids) else None)(
        ralph.statements(registration=registration)))
    assert {s["id"] for s in stored} == set(ids)

    # One session: initialized first, terminated last, each once; time only moves on.
    assert v[0] == "initialized" and v[-1] == "terminated"
    assert v.count("initialized") == 1 and v.count("terminated") == 1
    stamps = [s["timestamp"] for s in statements]
    assert stamps == sorted(stamps) and all(t.endswith("Z") for t in stamps)

    # Every page the learner saw was experienced, in the order they were seen.
    pages_seen = []
    for step in steps:
        if step["page"] and (not pages_seen or pages_seen[-1] != step["page"]):
            pages_seen.append(step["page"])
    experienced = [s["object"]["id"].rsplit("/", 1)[-1] for s in statements
                   if s["verb"]["id"] == ADL + "experienced"]
    assert [p for p in experienced] == [p for p in pages_seen if p in experienced]
    assert set(pages_seen) <= set(experienced)

    # Each scenario choice taken is one "answered" choice interaction with the state
    # before and after as extensions.
    choices = [s for s in statements if "/node/" in s["object"]["id"]]
    assert len(choices) == sum(1 for step in steps if step["act"] == "choice")
    for s in choices:
        assert s["verb"]["id"] == ADL + "answered"
        assert s["object"]["definition"]["interactionType"] == "choice"
        assert s["result"]["response"] in [c["id"] for c in s["object"]["definition"]["choices"]]
        assert {EXT + "state-before", EXT + "state-after"} <= set(s["result"]["extensions"])

    # Every response names the ids of its definition's choices or scale (xAPI's "[,]"
    # format), as the compiler made them: the LRS can count which feelings were chosen.
    for s in statements:
        definition = s["object"].get("definition", {})
        components = definition.get("choices") or definition.get("scale")
        response = s.get("result", {}).get("response")
        if components and response is not None:
            ids_allowed = {c["id"] for c in components}
            assert response and set(response.split("[,]")) <= ids_allowed, (s["object"]["id"], response)

    # Every statement sits in the course (grouping or itself) and names the session.
    for s in statements:
        ctx = s["context"]
        assert ctx["registration"] == registration
        assert ctx["language"] == cj["lang"] and ctx["platform"] == "empathy"

    # The course is completed before the session ends; passed only with a mastery score.
    assert "completed" in v[:-1]
    course_results = [s for s in statements if s["verb"]["id"] in (ADL + "passed", ADL + "failed")]
    if cj["mastery"] is None:
        assert course_results == []
    assert v.count("passed") <= 1 and v.count("failed") <= 1
