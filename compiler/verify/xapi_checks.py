"""Judging recorded cmi5 and TinCan sessions (CONFORMANCE 20-29) from what the verify LMS
saw (`lrs.Launch`: the requests of one launch and the statements it stored).

`check_session` judges one launch: its requests (fetch once, credential and version
header on each, LaunchData before the first statement) and its statements (order, ids,
actor, registration, timestamps, the cmi5 statement rules). `check_registration` judges
what a registration holds across its launches (completed and passed at most once, no
failed after passed, and after a walk to the end: the statuses an LMS needs).
"""
from __future__ import annotations

import re

from .lrs import SESSION_ID, Launch
from .report import Problem

CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
DEFINED = ("initialized", "completed", "passed", "failed", "terminated")
"""cmi5-defined verbs (about the AU itself)."""
VERSIONS = ("1.0.3", "2.0.0")
UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
EXPECTED_404 = ("/xapi/activities/state", "/xapi/agents/profile")
"""GETs that may find nothing: a first launch has no resume document, a learner no preferences."""


def verb(statement: dict) -> str:
    """A statement's verb by its last IRI segment ("initialized")."""
    return str((statement.get("verb") or {}).get("id", "")).rsplit("/", 1)[-1]


def is_defined(statement: dict, run: Launch) -> bool:
    """About the launched activity itself with one of cmi5's verbs (for TinCan: the course)."""
    return verb(statement) in DEFINED and (statement.get("object") or {}).get("id") == run.activity_id


def in_time_order(sent: list[dict]) -> list[dict]:
    """STATEMENTS in the order they were made (their timestamps), not the order they
    arrived: a batch still on its way when the tab closes may land after the keepalive
    request that carries terminated."""
    return sorted(sent, key=lambda s: str(s.get("timestamp", "")))


def _categories(statement: dict) -> set[str]:
    listed = ((statement.get("context") or {}).get("contextActivities") or {}).get("category") or []
    return {c.get("id") for c in (listed if isinstance(listed, list) else [listed]) if isinstance(c, dict)}


def _grouping(statement: dict) -> set[str]:
    listed = ((statement.get("context") or {}).get("contextActivities") or {}).get("grouping") or []
    return {c.get("id") for c in (listed if isinstance(listed, list) else [listed]) if isinstance(c, dict)}


def _ifi(agent) -> dict:
    agent = agent if isinstance(agent, dict) else {}
    return {k: agent[k] for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent}


def check_session(run: Launch, *, ended: bool = True) -> list[Problem]:
    """Every problem of one launch. ENDED: the learner finished or left, so the session must
    have ended with terminated."""
    cmi5 = run.kind == "cmi5"
    if cmi5 and not run.fetches:
        # Without the token nothing can be recorded: the rest would only repeat it. (One
        # message whether or not it sent anything without one: how much it sent before the
        # tab closed is timing.)
        return [Problem("runtime", "the AU never POSTed to the launch's fetch URL, so it has no token "
                        "and the LMS records nothing it sends (is its adapter.js the cmi5 one?)", 20)]
    if not run.requests:
        return [Problem("runtime", "the package never contacted the LMS: no statement and no State API "
                        "request reached the launch's endpoint (is its adapter.js the TinCan one?)", 29)]
    problems = requests(run)
    if cmi5:
        problems += launch_order(run)
    problems += order(run, ended)
    problems += statements(run)
    if cmi5:
        problems += cmi5_statements(run)
    return problems


def requests(run: Launch) -> list[Problem]:
    """Fetch once, the launch's credential and an xAPI version on every request, and no
    refusals (CONFORMANCE 20, 26, 27, 29)."""
    cmi5 = run.kind == "cmi5"
    problems = []
    if cmi5 and run.fetches != 1:
        problems.append(Problem("runtime", f"the AU POSTed to the fetch URL {run.fetches} times; "
                                "it answers once", 20))
    lrs_calls = [r for r in run.requests if r.path.startswith("/xapi/")]
    stranger = [r for r in lrs_calls if r.launch is not run]
    if stranger:
        problems.append(Problem("runtime", f"{len(stranger)} LRS request(s) without the launch's credential "
                                f"(first: {stranger[0].method} {stranger[0].path} with Authorization "
                                f"{_short(stranger[0].auth)})", 20 if cmi5 else 29))
    unversioned = [r for r in lrs_calls if r.version not in VERSIONS]
    if unversioned:
        problems.append(Problem("runtime", f"{len(unversioned)} LRS request(s) without a valid "
                                f"X-Experience-API-Version (first: {unversioned[0].method} "
                                f"{unversioned[0].path}: {unversioned[0].version!r})", 26))
    for r in lrs_calls:
        if r.status >= 400 and r.launch is run and not (r.status == 404 and r.method == "GET"
                                                          and r.path in EXPECTED_404):
            problems.append(Problem("runtime", f"the LRS answered {r.status} to {r.method} {r.path}"
                                    + (": a statement id was sent again with other content" if r.status == 409
                                       else ""), 27 if r.status == 409 else None))
    return problems


def launch_order(run: Launch) -> list[Problem]:
    """LMS.LaunchData, and the learner preferences, asked for before the first statement
    (CONFORMANCE 21)."""
    problems = []
    calls = [r for r in run.requests if r.launch is run]
    first = next((i for i, r in enumerate(calls)
                  if r.path == "/xapi/statements" and r.method in ("POST", "PUT")), len(calls))
    before = calls[:first]
    if not any(r.method == "GET" and r.query.get("stateId") == "LMS.LaunchData" for r in before):
        problems.append(Problem("runtime", "the AU did not read the LMS.LaunchData state document before "
                                "its first statement", 21))
    if not any(r.path == "/xapi/agents/profile" and r.query.get("profileId") == "cmi5LearnerPreferences"
               for r in before):
        problems.append(Problem("runtime", "the AU did not ask for the cmi5LearnerPreferences agent "
                                "profile before its first statement", 21))
    return problems


def order(run: Launch, ended: bool) -> list[Problem]:
    """initialized first, terminated last and once (by timestamp), each cmi5-defined verb at
    most once, not both passed and failed (CONFORMANCE 22)."""
    rule = 22 if run.kind == "cmi5" else None
    sent = in_time_order(run.statements)
    if not sent:
        return [Problem("runtime", "no statement arrived at the LRS", 22 if run.kind == "cmi5" else 29)]
    problems = []
    verbs = [verb(s) for s in sent]
    if verbs[0] != "initialized":
        problems.append(Problem("runtime", f"the session's first statement is {verbs[0]!r}, not 'initialized'", rule))
    terminated = verbs.count("terminated")
    if terminated == 0 and ended:
        problems.append(Problem("runtime", "the session ended without a 'terminated' statement", rule))
    elif terminated and verbs[-1] != "terminated":
        after = verbs[verbs.index("terminated") + 1:]
        problems.append(Problem("runtime", f"statements after 'terminated': {', '.join(after)}", rule))
    defined = [verb(s) for s in sent if is_defined(s, run)]
    twice = sorted({v for v in defined if defined.count(v) > 1})
    if twice:
        problems.append(Problem("runtime", f"sent more than once in one session: {', '.join(twice)}", rule))
    if "passed" in defined and "failed" in defined:
        problems.append(Problem("runtime", "the session sent both passed and failed", rule))
    return problems


def statements(run: Launch) -> list[Problem]:
    """Ids, actor, registration, UTC timestamps on every statement (CONFORMANCE 20, 23, 25, 29)."""
    cmi5 = run.kind == "cmi5"
    problems = []
    found: dict[str, list[str]] = {}
    for s in run.statements:
        what = verb(s)
        if not UUID.match(str(s.get("id", ""))):
            found.setdefault("has no UUID id (the client must make one)", []).append(what)
        if _ifi(s.get("actor")) != _ifi(run.actor):
            found.setdefault(f"has another actor than the launch's ({_short(s.get('actor'))})", []).append(what)
        if (s.get("context") or {}).get("registration") != run.registration:
            found.setdefault("does not carry the launch's registration", []).append(what)
        if not UTC.match(str(s.get("timestamp", ""))):
            found.setdefault(f"has a timestamp that is not UTC ({s.get('timestamp')!r})", []).append(what)
    for message, verbs in found.items():
        rule = (20 if "actor" in message else 23) if cmi5 else (29 if "actor" in message or "registration"
                                                                  in message else 25)
        problems += _per_verb(message, verbs, rule)
    return problems


def cmi5_statements(run: Launch) -> list[Problem]:
    """The cmi5 statement rules (CONFORMANCE 23): the contextTemplate on every statement,
    categories, score, duration and mastery on the cmi5-defined ones."""
    found: dict[str, list[str]] = {}

    def bad(message: str, statement: dict) -> None:
        found.setdefault(message, []).append(verb(statement))

    for s in run.statements:
        context = s.get("context") or {}
        defined, name = is_defined(s, run), verb(s)
        categories, result = _categories(s), s.get("result") or {}
        if (context.get("extensions") or {}).get(SESSION_ID) != run.session_id:
            bad("lacks the launch's sessionid context extension (contextTemplate)", s)
        if run.grouping and run.grouping not in _grouping(s):
            bad("lacks the contextTemplate's grouping", s)
        if defined and CMI5_CATEGORY not in categories:
            bad("is cmi5-defined but lacks the cmi5 category", s)
        if not defined and CMI5_CATEGORY in categories:
            bad("has the cmi5 category but is not a cmi5-defined statement about the AU", s)
        if MOVEON_CATEGORY in categories and not (defined and name in ("completed", "passed", "failed")):
            bad("has the moveon category, which only the AU's completed, passed and failed may have", s)
        if not defined:
            continue
        if "score" in result and name not in ("passed", "failed"):
            bad("has a score (only passed and failed may)", s)
        if name in ("completed", "passed", "failed", "terminated") and not result.get("duration"):
            bad("has no result.duration", s)
        if name in ("passed", "failed") and run.mastery is not None:
            if (context.get("extensions") or {}).get(MASTERY_SCORE) != run.mastery:
                bad(f"lacks the masteryscore context extension {run.mastery:g} (LaunchData's masteryScore)", s)
            scaled = (result.get("score") or {}).get("scaled")
            if name == "passed" and isinstance(scaled, (int, float)) and scaled + 1e-9 < run.mastery:
                bad(f"has score {scaled:g}, under the masteryScore {run.mastery:g}", s)
    return [problem for message, verbs in found.items() for problem in _per_verb(message, verbs, 23)]


def check_registration(sent: list[dict], run: Launch, *, walked_to_end: bool) -> list[Problem]:
    """What a registration holds over its launches (RUN: any of them, for the activity and
    mastery): completed and passed at most once, no failed after passed (CONFORMANCE 22);
    after a walk to the end, completed, and passed or failed when there is a masteryScore."""
    rule = 22 if run.kind == "cmi5" else None
    defined = [verb(s) for s in in_time_order(sent) if is_defined(s, run)]
    problems = []
    for name in ("completed", "passed"):
        if defined.count(name) > 1:
            problems.append(Problem("runtime", f"the registration holds {defined.count(name)} "
                                    f"'{name}' statements of the course; at most one is allowed", rule))
    if "passed" in defined and "failed" in defined[defined.index("passed"):]:
        problems.append(Problem("runtime", "'failed' was sent after 'passed' in the registration", rule))
    if walked_to_end and "completed" not in defined:
        problems.append(Problem("runtime", "after walking to the end, the LRS has no 'completed' of the course",
                                23 if rule else None))
    if walked_to_end and run.mastery is not None and not {"passed", "failed"} & set(defined):
        problems.append(Problem("runtime", f"the LMS gave a masteryScore ({run.mastery:g}), but after walking "
                                "to the end neither 'passed' nor 'failed' arrived", 23))
    return problems


def _per_verb(message: str, verbs: list[str], rule: int) -> list[Problem]:
    """One problem per verb: the same break in several sessions is then one finding with
    all their names (Report merges equal messages)."""
    return [Problem("runtime", f"statement {name!r} {message}", rule)
            for name in sorted(set(verbs), key=verbs.index)]


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."
