"""The pieces of `empathy verify` that judge a resume and shape the report, on hand-made
input (the browser runs are in test_verify_cli.py)."""
from __future__ import annotations

import json

from compiler.verify.report import Problem, Report, format_json, format_text
from compiler.verify.resume import compare
from compiler.verify.run import _leave_point

COURSE = {"pages": [
    {"id": "welcome", "kind": "page"},
    {"id": "desk", "kind": "scenario", "state": {"trust": 0, "calm": 0},
     "nodes": {"start": {}, "listen": {}, "calmer": {}, "end": {}}},
    {"id": "quiz", "kind": "quiz"},
]}


def state(**changes):
    base = {"page": 1, "visited": [0, 1], "done": [0],
            "scenarios": {"1": {"accepted": True, "optedOut": False, "feedback": False, "node": 2,
                                "vars": [2, 1], "seen": [0, 1, 2], "path": [0, 1], "best": -1, "tries": 0}},
            "answers": {"2": [[1], None]}, "texts": {"2.0": "I listened first."}}
    base.update(changes)
    return base


def snap(st, text="Desk You listen. Continue", fields=()):
    return {"page": "desk", "state": st, "text": text, "fields": list(fields)}


def test_the_same_state_and_page_pass():
    assert compare(snap(state()), snap(state()), None, COURSE) == []


def test_a_lost_scenario_position_is_one_problem_in_the_courses_words():
    resumed = state(scenarios={"1": {**state()["scenarios"]["1"], "node": 0, "vars": [0, 0], "seen": [0]}})
    problems = compare(snap(state()), snap(resumed), None, COURSE)
    assert [p.message for p in problems] == [
        "after resume, scenario 'desk' is not as the learner left it (left -> resumed): "
        'node "calmer" -> "start"; vars {"trust": 2, "calm": 1} -> {"trust": 0, "calm": 0}; '
        'seen ["start", "listen", "calmer"] -> ["start"]']
    assert problems[0].rule == 16


def test_answers_and_texts_are_compared_with_what_was_saved():
    # The suspend-data budget cut the text and the path: the resume restores what was saved.
    saved = state(texts={}, scenarios={"1": {**state()["scenarios"]["1"], "path": None}})
    resumed = state(texts={}, scenarios={"1": {**state()["scenarios"]["1"], "path": None}})
    assert compare(snap(state()), snap(resumed), saved, COURSE) == []
    # ... but what was saved must come back
    lost = state(answers={"2": [None, None]})
    assert [p.message for p in compare(snap(state()), snap(lost), state(), COURSE)] == [
        "after resume, answers on 'quiz': left [[1], null], resumed [null, null]"]


def test_the_page_itself_is_compared_when_the_state_is_the_same():
    problems = compare(snap(state()), snap(state(), text="Desk Continue"), None, COURSE)
    assert [p.message for p in problems] == [
        'after resume, the text of the page: left "Desk You listen. Continue", resumed "Desk Continue"']
    problems = compare(snap(state(), fields=[["note", "hi"]]), snap(state(), fields=[["note", ""]]), None, COURSE)
    assert problems and "the page's inputs" in problems[0].message


def test_the_learner_leaves_at_a_quiet_moment_near_the_middle():
    acts = ["accept-warning", "type", "tick", "submit", "next", "choice", "continue", "choice",
            "type", "type", "submit", "submit", "next", "finish"]
    steps = [{"act": a} for a in acts]
    # middle is 7: steps[7] is a choice (inside the scenario), so leave after 7 steps
    assert _leave_point(steps) == 7
    # no scenario: the nearest moment when the next step moves on
    steps = [{"act": a} for a in ["type", "type", "submit", "submit", "next", "type", "submit", "next", "finish"]]
    assert _leave_point(steps) == 4
    assert _leave_point([{"act": "finish"}]) == 1


def test_the_learner_never_leaves_an_answer_ticked_or_typed_but_not_submitted():
    """A draft stays on the device by design and the resume runs in a fresh profile: the
    middle of [next, tick, submit, finish] is right after the tick, which failed a good
    package's resume ('left [a, true], resumed [a, false]')."""
    steps = [{"act": a} for a in ["next", "tick", "submit", "finish"]]
    assert _leave_point(steps) == 3           # after Submit (before the tick is as near: 1)
    steps = [{"act": a} for a in ["type", "submit", "type", "submit", "submit", "finish"]]
    assert _leave_point(steps) == 2           # the middle (3) is a draft, and so is 4


def test_a_problem_seen_in_several_sessions_is_listed_once():
    report = Report("p.zip", kind="scorm12")
    error = Problem("runtime", "browser console error in the SCO: boom")
    report.extend("full walk", [error], phase="full walk")
    report.extend("leave half-way", [error, Problem("runtime", "other")], phase="leave half-way")
    report.extend("resume", [error], phase="resume")
    assert [(p.message, p.phases) for p in report.problems] == [
        ("browser console error in the SCO: boom", ("full walk", "leave half-way", "resume")),
        ("other", ("leave half-way",))]
    assert "  FAIL  runtime (full walk, leave half-way, resume): browser console error in the SCO: boom" \
        in format_text(report).splitlines()
    assert format_text(report).splitlines()[0] == "p.zip: SCORM 1.2 package"
    data = json.loads(format_json([report]))
    assert data["ok"] is False and data["packages"][0]["problems"][0]["phases"] == [
        "full walk", "leave half-way", "resume"]
