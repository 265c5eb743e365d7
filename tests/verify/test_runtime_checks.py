"""The runtime rules `empathy verify` applies to a recorded session, on hand-made
recordings: each rule must catch what it is there for, and stay quiet on a clean session.
"""
from __future__ import annotations

from compiler.verify.runtime_checks import check_session


def session_12(*sets, cmi=None, calls=None):
    """A clean SCORM 1.2 session, plus the extra SetValue triples SETS."""
    base_sets = [["cmi.core.lesson_location", "p1", "0"], ["cmi.suspend_data", "e1AB", "0"],
                 ["cmi.core.lesson_status", "passed", "0"], ["cmi.core.score.raw", "80", "0"],
                 ["cmi.core.session_time", "0000:01:02.50", "0"], ["cmi.core.exit", "", "0"]]
    all_sets = base_sets + [list(s) for s in sets]
    fns = calls or (["LMSInitialize"] + ["LMSSetValue"] * len(all_sets) + ["LMSCommit", "LMSFinish"])
    return {"version": "1.2", "errors": [], "sets": all_sets,
            "calls": [{"fn": fn} for fn in fns],
            "cmi": {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "80",
                    "cmi.core.score.min": "0", "cmi.core.score.max": "100", **(cmi or {})}}


def session_2004(*sets, cmi=None):
    base_sets = [["cmi.completion_status", "completed", "0"], ["cmi.success_status", "passed", "0"],
                 ["cmi.score.scaled", "0.8", "0"], ["cmi.session_time", "PT1M2.5S", "0"],
                 ["cmi.exit", "normal", "0"]]
    all_sets = base_sets + [list(s) for s in sets]
    return {"version": "2004", "errors": [], "sets": all_sets,
            "calls": [{"fn": fn} for fn in ["Initialize"] + ["SetValue"] * len(all_sets)
                      + ["Commit", "Terminate"]],
            "cmi": {"cmi.completion_status": "completed", "cmi.success_status": "passed",
                    "cmi.score.scaled": "0.8", "cmi.score.raw": "80", "cmi.score.min": "0",
                    "cmi.score.max": "100", **(cmi or {})}}


def messages(run, mastery=0.7):
    return [p.message for p in check_session(run, mastery=mastery)]


def test_clean_sessions_pass():
    assert messages(session_12()) == []
    assert messages(session_2004()) == []


def test_12_suspend_data_and_location_limits():
    found = messages(session_12(["cmi.suspend_data", "x" * 4097, "0"],
                                ["cmi.core.lesson_location", "p" * 256, "0"]))
    assert "cmi.suspend_data reached 4097 characters; SCORM 1.2 allows 4096" in found
    assert "cmi.core.lesson_location reached 256 characters; SCORM 1.2 allows 255" in found
    assert messages(session_2004(["cmi.suspend_data", "x" * 4097, "0"])) == []


def test_12_vocabulary_and_formats():
    found = "\n".join(messages(session_12(
        ["cmi.interactions.0.id", "has space", "0"],
        ["cmi.interactions.0.type", "long-fill-in", "0"],
        ["cmi.interactions.0.result", "incorrect", "0"],
        ["cmi.interactions.1.id", "q2", "0"],
        ["cmi.interactions.1.type", "choice", "0"],
        ["cmi.interactions.1.student_response", "opt-a", "0"],
        ["cmi.core.exit", "normal", "0"])))
    assert "id 'has space' is not a SCORM 1.2 identifier" in found
    assert "type 'long-fill-in' is not a SCORM 1.2 interaction type" in found
    assert "result 'incorrect' is not one of" in found
    assert "1.2 choice response 'opt-a' must be single characters" in found
    assert "cmi.core.exit 'normal' is not allowed in SCORM 1.2" in found


def test_2004_interaction_order_and_ids():
    found = "\n".join(messages(session_2004(
        ["cmi.interactions.0.type", "choice", "0"],
        ["cmi.interactions.0.id", "a", "0"],
        ["cmi.interactions.0.id", "b", "0"],
        ["cmi.interactions.2.id", "c", "0"])))
    assert "interaction 0: type was written before its id" in found
    assert "interaction 0: id changed from 'a' to 'b'" in found
    assert "interaction indices are not contiguous from 0: [0, 2]" in found


def test_call_order():
    run = session_12(calls=["LMSInitialize", "LMSSetValue", "LMSFinish", "LMSSetValue"])
    found = "\n".join(messages(run))
    assert "calls after LMSFinish: LMSSetValue" in found
    assert "no LMSCommit before LMSFinish" in found
    late = session_12(calls=["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSSetValue", "LMSFinish"])
    assert "values set after the last LMSCommit are left for LMSFinish to save" in messages(late)
    twice = session_12(calls=["LMSInitialize", "LMSInitialize", "LMSCommit", "LMSFinish"])
    assert "LMSInitialize was called 2 times, expected once" in messages(twice)


def test_a_status_lowered_during_the_session_is_reported_and_rising_ones_are_not():
    found = messages(session_12(["cmi.core.lesson_status", "incomplete", "0"], ["cmi.core.lesson_status", "passed", "0"]))
    assert found == ["cmi.core.lesson_status went from 'passed' down to 'incomplete' during the session: "
                     "an LMS records every commit"]
    rising = session_12(cmi={"cmi.core.lesson_status": "passed"})
    rising["sets"][2:2] = [["cmi.core.lesson_status", "incomplete", "0"], ["cmi.core.lesson_status", "completed", "0"],
                           ["cmi.core.lesson_status", "failed", "0"]]               # then passed: a retake
    assert messages(rising) == []
    found = "\n".join(messages(session_2004(["cmi.completion_status", "incomplete", "0"],
                                             ["cmi.success_status", "failed", "0"])))
    assert "cmi.completion_status went from 'completed' down to 'incomplete'" in found
    assert "cmi.success_status went from 'passed' down to 'failed'" in found


def test_call_order_when_the_window_closed():
    left = {**session_12(calls=["LMSInitialize", "LMSSetValue", "LMSCommit"]), "left": True}
    assert "LMSFinish was called 0 times when the learner closed the window, expected once" in \
        [p.message for p in check_session(left, mastery=0.7, walked_to_end=False)]


def test_status_must_agree_with_mastery_and_time_format():
    wrong = session_12(["cmi.core.session_time", "1:2:3", "0"],
                       cmi={"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "50"})
    found = "\n".join(messages(wrong, mastery=0.7))
    assert "lesson_status is 'passed' with score 50 and manifest masteryscore 70" in found
    assert "cmi.core.session_time '1:2:3' is not in HHHH:MM:SS.SS format" in found
    scaled = session_2004(cmi={"cmi.score.scaled": "0.5", "cmi.success_status": "passed"})
    found = "\n".join(messages(scaled, mastery=0.7))
    assert "score.scaled 0.5 != (raw-min)/(max-min) = 0.8000" in found
    assert "success_status is 'passed' with scaled 0.5" in found


def test_api_errors_are_reported_with_their_code():
    run = session_2004()
    run["errors"] = [{"fn": "GetValue", "args": ["cmi.location"], "error": "403",
                      "message": "Data Model Element Value Not Initialized"}]
    assert messages(run) == ["GetValue('cmi.location') -> error 403 "
                             "(Data Model Element Value Not Initialized)"]
