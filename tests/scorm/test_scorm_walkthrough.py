"""Every example course in every SCORM target, walked to the end by a learner inside
scorm-again: what the LMS holds afterwards (CONFORMANCE.md 11-19).

The expected status, score and interactions are computed from the loaded course and the
learner's plan (tests/scorm/scorm_paths.py), never written down by hand.
"""
from __future__ import annotations

import re

import pytest

from compiler.verify import runtime_checks, site
from scorm_cases import COURSES, SCORM_TARGETS
from scorm_paths import expected_interactions, expected_scaled, make_plan

pytestmark = pytest.mark.browser

SESSION_TIME_12 = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
SESSION_TIME_2004 = re.compile(r"^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$")
TYPES = {  # what each kind of answer must be recorded as
    # 1.2 choice responses are single characters: the feelings vocabulary (68 built-in
    # feelings and more) is always recorded as fill-in of the feeling ids
    "1.2": {"choice": {"choice"}, "quiz": {"choice"}, "rating": {"likert"},
            "reflection": {"fill-in"}, "coaching": {"fill-in"}, "feelings": {"fill-in"}},
    "2004": {"choice": {"choice"}, "quiz": {"choice"}, "rating": {"likert"},
             "reflection": {"long-fill-in"}, "coaching": {"long-fill-in"}, "feelings": {"choice"}},
}
QUIZ_RESULT = {"1.2": {"correct": "correct", "incorrect": "wrong"},
               "2004": {"correct": "correct", "incorrect": "incorrect"}}


def interactions(cmi: dict) -> list[dict]:
    """cmi.interactions.N.* of a flattened CMI as a list of dicts, by index."""
    found: dict[int, dict] = {}
    for key, value in cmi.items():
        m = re.match(r"^cmi\.interactions\.(\d+)\.([a-z_]+)$", key)
        if m and isinstance(value, str):
            found.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return [found[i] for i in sorted(found)]


def learner_does_well(course: str, target: str) -> bool:
    # Half the runs follow a learner who does well, half one who does badly, so both
    # passed and failed are seen in every target.
    return (COURSES.index(course) + list(SCORM_TARGETS).index(target)) % 2 == 0


@pytest.mark.parametrize("target", list(SCORM_TARGETS))
@pytest.mark.parametrize("course", COURSES)
def test_learner_walks_to_the_end(course, target, launch, model):
    version = SCORM_TARGETS[target]
    loaded = model(course)
    plan = make_plan(loaded, learner_does_well(course, target))
    lms = launch(course, target, cmi=site.mastery_cmi(loaded.mastery, version))

    steps = lms.walk(plan.for_walker())
    assert steps[-1]["act"] == "finish", f"the learner did not reach the end: {steps[-5:]}"
    assert lms.wait_terminated(), "Finish did not terminate the session"
    run = lms.results()
    cmi = run["cmi"]

    # CONFORMANCE 12: no call failed, and the SCO's page logged no errors.
    assert run["errors"] == []
    assert run["console"] == []
    names = [c["fn"] for c in run["calls"]]
    init, finish, commit = (("LMSInitialize", "LMSFinish", "LMSCommit") if version == "1.2"
                            else ("Initialize", "Terminate", "Commit"))
    assert names.count(init) == 1 and names[0] == init
    assert names.count(finish) == 1 and names[-1] == finish
    assert commit in names[:-1], "no Commit before Terminate"

    # CONFORMANCE 17: status and score by the course's rules.
    scaled = expected_scaled(loaded, plan)
    passed = None if scaled is None or loaded.mastery is None else scaled >= loaded.mastery - 1e-9
    sets = {element: value for element, value, _ in run["sets"]}
    if version == "1.2":
        want = "completed" if passed is None else ("passed" if passed else "failed")
        assert cmi["cmi.core.lesson_status"] == want
        if scaled is not None:
            assert float(cmi["cmi.core.score.raw"]) == pytest.approx(scaled * 100, abs=0.01)
            assert (cmi["cmi.core.score.min"], cmi["cmi.core.score.max"]) == ("0", "100")
        # CONFORMANCE 13, 15: 1.2 time format, and 1.2 has no exit "normal".
        assert SESSION_TIME_12.match(sets["cmi.core.session_time"]), sets["cmi.core.session_time"]
        assert sets.get("cmi.core.exit", "") in ("", "suspend", "logout", "time-out")
    else:
        assert cmi["cmi.completion_status"] == "completed"
        assert cmi["cmi.success_status"] == ("unknown" if passed is None else
                                             "passed" if passed else "failed")
        if scaled is not None:
            assert float(cmi["cmi.score.scaled"]) == pytest.approx(scaled, abs=0.0001)
            raw, low, high = (float(cmi[f"cmi.score.{k}"]) for k in ("raw", "min", "max"))
            assert (raw - low) / (high - low) == pytest.approx(scaled, abs=0.0001)
        assert SESSION_TIME_2004.match(sets["cmi.session_time"]), sets["cmi.session_time"]

    # CONFORMANCE 18, 19: one interaction per answer, in the edition's vocabulary.
    expected = expected_interactions(loaded, plan)
    recorded = interactions(cmi)
    assert len(recorded) == len(expected), [r.get("id") for r in recorded]
    response = "student_response" if version == "1.2" else "learner_response"
    for (kind, item, result), got in zip(expected, recorded):
        assert got["type"] in TYPES[version][kind], (kind, item, got)
        assert item in got["id"], f"interaction id {got['id']!r} does not name {kind} {item!r}"
        if result is not None:
            assert got["result"] == QUIZ_RESULT[version][result], (item, got)
        if version == "1.2":
            assert len(got["id"]) <= 255 and re.fullmatch(r"[A-Za-z0-9_.:-]+", got["id"]), got["id"]
            assert got["result"] in ("correct", "wrong", "unanticipated", "neutral"), got
            assert len(got.get(response, "")) <= 255, got
            if got["type"] in ("choice", "likert"):
                assert re.fullmatch(r"[0-9a-z](,[0-9a-z])*", got[response]), got
        else:
            assert got["result"] in ("correct", "incorrect", "unanticipated", "neutral"), got
    assert len({r["id"] for r in recorded}) == len(recorded), "interaction ids repeat"

    # CONFORMANCE 14 (1.2 limits scorm-again does not enforce), and everything else the
    # verify runtime checks know about, on the same recording.
    if version == "1.2":
        assert max(len(v) for e, v, _ in run["sets"] if e == "cmi.suspend_data") <= 4096
        assert max(len(v) for e, v, _ in run["sets"] if e == "cmi.core.lesson_location") <= 255
    assert runtime_checks.check_session(run, mastery=loaded.mastery) == []


@pytest.mark.parametrize("target,how", [("scorm2004-4", {"depth": 3}), ("scorm12", {"depth": 3}),
                                        ("scorm12", {"popup": True}),
                                        ("scorm2004-3", {"popup": True})])
def test_api_is_found_deep_in_frames_and_from_a_popup(target, how, launch):
    # CONFORMANCE 11: the API is three frames up, or on the window that opened the SCO.
    lms = launch("de-escalation", target, **how)
    steps = lms.walk()
    assert steps[-1]["act"] == "finish"
    assert lms.wait_terminated()
    run = lms.results()
    assert run["errors"] == []
    fns = [c["fn"] for c in run["calls"]]
    assert fns[0] in ("LMSInitialize", "Initialize") and fns.count(fns[0]) == 1
    assert any(fn.endswith("SetValue") for fn in fns), "the SCO never reported to the LMS"
