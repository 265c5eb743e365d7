"""Reopening a course the learner already finished (CONFORMANCE.md 16, 17).

After the course's own exit ("" in 1.2, "normal" in 2004) an LMS that keeps the attempt
relaunches the SCO with entry="" and everything it saved: status, score, suspend_data. The
learner must find their work again, and nothing the learner does afterwards may lower what
the LMS holds (docs/design.md, "Relaunching a finished course"). In review mode the saved
work is shown and nothing at all is written.
"""
from __future__ import annotations

import pytest

from compiler.verify import site
from scorm_cases import SCORM_TARGETS
from scorm_paths import make_plan

pytestmark = pytest.mark.browser

COURSE, SCENARIO = "de-escalation", "front-of-store"
SETS = ("LMSSetValue", "SetValue")


def finished(launch, model, target) -> tuple[dict, dict]:
    """A learner who does well walks the whole course: (the LMS's CMI, the player state)."""
    version = SCORM_TARGETS[target]
    loaded = model(COURSE)
    lms = launch(COURSE, target, cmi=site.mastery_cmi(loaded.mastery, version))
    assert lms.walk(make_plan(loaded, True).for_walker())[-1]["act"] == "finish"
    state = lms.sco.evaluate("() => EmpathyPlayer.state()")
    assert lms.wait_terminated()
    run = lms.results()
    assert run["errors"] == []
    return run["cmi"], state


def held(cmi: dict, version: str) -> dict:
    """Status and score as the LMS holds them."""
    if version == "1.2":
        return {k: cmi[k] for k in ("cmi.core.lesson_status", "cmi.core.score.raw")}
    return {k: cmi[k] for k in ("cmi.completion_status", "cmi.success_status", "cmi.score.scaled")}


def relaunch_cmi(model, cmi: dict, version: str, **extra) -> dict:
    again = {**site.mastery_cmi(model(COURSE).mastery, version), **site.relaunch_cmi(cmi, version),
             **extra}
    assert again["cmi.core.entry" if version == "1.2" else "cmi.entry"] == ""
    return again


def replay_badly(lms, model) -> None:
    """Back to the scenario, retry it and take the path to its worst ending."""
    lms.sco.evaluate("(id) => EmpathyPlayer.goTo(id)", SCENARIO)
    lms.sco.click("#main [data-act=retry]")
    plan = make_plan(model(COURSE), False).for_walker()
    steps = lms.walk(plan, until=lambda s: s["page"] != SCENARIO or s["act"] == "continue"
                     and bool(lms.sco.query_selector("#main [data-act=retry]")))
    assert steps[-1]["page"] == SCENARIO, steps[-3:]


@pytest.mark.parametrize("target", list(SCORM_TARGETS))
def test_reopening_a_finished_course_shows_the_work_and_keeps_the_status(target, launch, model):
    version = SCORM_TARGETS[target]
    cmi, state = finished(launch, model, target)
    before = held(cmi, version)
    assert before["cmi.core.lesson_status" if version == "1.2" else "cmi.success_status"] == "passed"

    lms = launch(COURSE, target, cmi=relaunch_cmi(model, cmi, version))
    again = lms.sco.evaluate("() => EmpathyPlayer.state()")
    assert {k: again[k] for k in ("visited", "done", "scenarios", "answers")} == \
        {k: state[k] for k in ("visited", "done", "scenarios", "answers")}
    assert lms.complete

    replay_badly(lms, model)
    lms.leave()
    run = lms.results()
    assert run["errors"] == []
    assert held(run["cmi"], version) == before


@pytest.mark.parametrize("target", list(SCORM_TARGETS))
def test_a_passed_course_is_never_downgraded(target, launch, model):
    # The saved state is gone (cleared by the LMS), so the learner starts
    # afresh and does badly: the LMS keeps passed and the better score.
    version = SCORM_TARGETS[target]
    cmi, _ = finished(launch, model, target)
    before = held(cmi, version)
    where = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    lms = launch(COURSE, target, cmi={**relaunch_cmi(model, cmi, version), "cmi.suspend_data": "", where: ""})
    assert lms.sco.evaluate("() => EmpathyPlayer.state().visited") == [0]
    assert lms.walk(make_plan(model(COURSE), False).for_walker())[-1]["act"] == "finish"
    assert lms.wait_terminated()
    run = lms.results()
    # scorm-again loads "" as never set, so in 2004 reading the cleared values is error 403
    # (a real LMS holding an empty suspend_data answers "" without error).
    assert [e for e in run["errors"] if e["args"][0] not in ("cmi.suspend_data", where)] == []
    assert held(run["cmi"], version) == before


@pytest.mark.parametrize("target", list(SCORM_TARGETS))
def test_review_mode_shows_the_work_and_writes_nothing(target, launch, model):
    version = SCORM_TARGETS[target]
    cmi, state = finished(launch, model, target)
    mode = {"cmi.core.lesson_mode": "review"} if version == "1.2" else {"cmi.mode": "review"}
    lms = launch(COURSE, target, cmi=relaunch_cmi(model, cmi, version, **mode))
    again = lms.sco.evaluate("() => EmpathyPlayer.state()")
    assert again["scenarios"] == state["scenarios"] and again["answers"] == state["answers"]
    # Nothing done in review is recorded, so nothing can be done: the course says so.
    lms.sco.evaluate("(id) => EmpathyPlayer.goTo(id)", SCENARIO)
    assert "reviewing" in lms.sco.locator("#main .notice.ended").inner_text()
    assert lms.sco.locator("#main [data-act=retry]").is_disabled()
    assert lms.sco.locator("#main button:not([disabled])").count() >= 1     # moving on still works
    lms.leave()
    run = lms.results()
    assert run["errors"] == []
    assert [c for c in run["calls"] if c["fn"] in SETS] == []


def test_reopening_a_finished_course_with_nothing_scored_reads_nothing_never_set(launch, model):
    """insurance-denied scores nothing, so no score was ever set: reading one back on
    reopening would be SCORM 2004 error 403 (and a warning on the learner's console)."""
    course, version = "insurance-denied", SCORM_TARGETS["scorm2004-4"]
    loaded = model(course)
    first = launch(course, "scorm2004-4", cmi=site.mastery_cmi(loaded.mastery, version))
    assert first.walk(make_plan(loaded, True).for_walker())[-1]["act"] == "finish"
    assert first.wait_terminated()
    cmi = first.results()["cmi"]
    assert cmi["cmi.completion_status"] == "completed"
    again = launch(course, "scorm2004-4", cmi={**site.mastery_cmi(loaded.mastery, version),
                                                **site.relaunch_cmi(cmi, version)})
    again.leave()
    assert again.results()["errors"] == []
