"""Opting out of a scenario is "without penalty" (docs/authoring.md), also in the LMS.

de-escalation scores one part only, the scenario front-of-store (mastery 0.7). A learner
who opts out of it and walks to the end has nothing assessed left: the course must end
passed, as the LMS itself reports it. fee-waiver scores a quiz too: opting out of its
scenario leaves the quiz, which alone decides success and score.

What the LMS reports is read from scorm-again's own judgement (SCORM 2004: the RTE's
success rule, which turns a pass without score.scaled into "unknown" whenever the manifest
gives a mastery score, RTE 4.2.21), not from what the SCO wrote.
"""
from __future__ import annotations

import pytest

from compiler.verify import runtime_checks, site
from scorm_cases import SCORM_TARGETS
from scorm_paths import make_plan

pytestmark = pytest.mark.browser

LMS_STATUS = """() => {
  if (window.API) return {status: API.cmi.core.lesson_status};
  const handler = API_1484_11._cmiHandler;   // the LMS's reading after the session
  return {completion: handler.evaluateCompletionStatus(), success: handler.evaluateSuccessStatus()};
}"""


def opt_out_and_finish(lms, scenario: str, plan: dict | None = None) -> dict:
    """Walk to SCENARIO, opt out of it, walk on to the end; the LMS's record."""
    steps = lms.walk(plan, until=lambda step: step["page"] == scenario)
    assert steps[-1]["page"] == scenario, steps[-3:]
    lms.sco.wait_for_selector("#main:not([aria-busy]) [data-act=opt-out]")
    lms.sco.click("[data-act=opt-out]")
    lms.sco.wait_for_function("(id) => document.documentElement.dataset.page !== id", arg=scenario)
    state = lms.sco.evaluate("() => EmpathyPlayer.state()")
    assert any(r["optedOut"] for r in state["scenarios"].values()), state["scenarios"]
    steps = lms.walk()
    assert steps[-1]["act"] == "finish", steps[-3:]
    assert all(s["page"] != scenario for s in steps), "the walker went back into the scenario"
    assert lms.wait_terminated()
    run = lms.results()
    assert run["errors"] == [] and run["console"] == []
    return run


def assert_passed_with_nothing_assessed(lms, cmi: dict, mastery: float) -> None:
    """The LMS reads the course passed, as it does once every scored part was opted out."""
    reported = lms.page.evaluate(LMS_STATUS)
    if lms.version == "1.2":
        # passed, with no score: the LMS keeps the SCO's status (it recomputes it from the
        # mastery score only when a raw score is set).
        assert reported["status"] == "passed"
        assert cmi["cmi.core.score.raw"] == ""
    else:
        assert reported == {"completion": "completed", "success": "passed"}
        # The only way to be "passed" in the LMS: the lowest passing score.
        assert float(cmi["cmi.score.scaled"]) == pytest.approx(mastery)


@pytest.mark.parametrize("target", list(SCORM_TARGETS))
def test_opting_out_of_the_only_scored_part_passes(target, launch, model):
    version = SCORM_TARGETS[target]
    loaded = model("de-escalation")
    assert [p.page for p in loaded.score_parts] == ["front-of-store"]
    lms = launch("de-escalation", target, cmi=site.mastery_cmi(loaded.mastery, version))
    run = opt_out_and_finish(lms, "front-of-store")
    assert_passed_with_nothing_assessed(lms, run["cmi"], loaded.mastery)
    # Everything else about the session still conforms.
    assert runtime_checks.check_session(run, mastery=loaded.mastery, walked_to_end=False) == []


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
@pytest.mark.parametrize("good", [True, False], ids=["quiz-right", "quiz-wrong"])
def test_opting_out_leaves_the_other_scored_parts_to_decide(target, good, launch, model):
    version = SCORM_TARGETS[target]
    loaded = model("fee-waiver")
    parts = {p.page: p.weight for p in loaded.score_parts}
    scenario = next(p for p in parts if loaded.pages[p].kind == "scenario")
    quiz = next(p for p in parts if loaded.pages[p].kind == "quiz")
    plan = make_plan(loaded, good)
    lms = launch("fee-waiver", target, cmi=site.mastery_cmi(loaded.mastery, version))
    run = opt_out_and_finish(lms, scenario, plan.for_walker())
    marks = plan.quiz_right[quiz]
    scaled = sum(marks) / len(marks)          # the quiz alone: the scenario dropped out
    passed = scaled >= loaded.mastery - 1e-9
    cmi, reported = run["cmi"], lms.page.evaluate(LMS_STATUS)
    if version == "1.2":
        assert reported["status"] == ("passed" if passed else "failed")
        assert float(cmi["cmi.core.score.raw"]) == pytest.approx(scaled * 100, abs=0.01)
    else:
        assert reported == {"completion": "completed", "success": "passed" if passed else "failed"}
        assert float(cmi["cmi.score.scaled"]) == pytest.approx(scaled, abs=1e-4)
    assert runtime_checks.check_session(run, mastery=loaded.mastery) == []


def play_to_the_worst_ending(lms, scenario: str) -> None:
    """Into SCENARIO (starting it, after opting out, if need be), to its lowest ending."""
    sco = lms.sco
    sco.evaluate("(id) => EmpathyPlayer.goTo(id)", scenario)
    sco.click("[data-act=accept-warning]")
    for words in ["lower your voice", "can't help you while"]:
        sco.locator("[data-act=choice]", has_text=words).click()
        sco.click("[data-act=continue]")
    scenarios = sco.evaluate("() => EmpathyPlayer.state().scenarios")
    assert [r["best"] for r in scenarios.values()] != [-1], scenarios


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_a_poor_ending_played_after_passing_by_opting_out_keeps_the_pass(target, launch, model):
    """Opted out, passed with no score; then back to play it after all, to a poor ending.
    The LMS applies the mastery score to any score it gets: one below it would turn the
    pass into a fail, so none is written ("what the LMS holds is never lowered")."""
    version = SCORM_TARGETS[target]
    loaded = model("de-escalation")
    lms = launch("de-escalation", target, cmi=site.mastery_cmi(loaded.mastery, version))
    lms.walk(until=lambda step: step["page"] == "front-of-store")
    lms.sco.wait_for_selector("#main:not([aria-busy]) [data-act=opt-out]")
    lms.sco.click("[data-act=opt-out]")
    lms.walk(until=lambda step: lms.complete)
    assert lms.complete
    play_to_the_worst_ending(lms, "front-of-store")
    lms.leave()
    assert_passed_with_nothing_assessed(lms, lms.results()["cmi"], loaded.mastery)


def test_a_pass_the_lms_holds_without_a_score_is_never_scored_below_mastery(launch, model):
    """SCORM 1.2: the LMS already holds passed with no score (an earlier session opted
    out): a poor ending now must not bring a failing score. (A SCORM 2004 LMS given a
    mastery score never holds a pass without one: it reads success from the score, RTE
    4.2.21, so the adapter reports the mastery score with such a pass; see above.)"""
    loaded = model("de-escalation")
    cmi = {**site.mastery_cmi(loaded.mastery, "1.2"), "cmi.core.lesson_status": "passed"}
    lms = launch("de-escalation", "scorm12", cmi=cmi)
    play_to_the_worst_ending(lms, "front-of-store")
    lms.leave()
    assert lms.page.evaluate(LMS_STATUS) == {"status": "passed"}
    assert lms.results()["cmi"]["cmi.core.score.raw"] == ""
