"""How an LMS launches the SCO changes what it may write (CONFORMANCE.md 15-17).

- Browse (1.2 `cmi.core.lesson_mode`, 2004 `cmi.mode` = "browse"): the learner looks
  around without being assessed, so the SCO writes nothing (the 1.2 LMS records "browsed").
- A for-credit SCORM 1.2 launch with a mastery score in the manifest: the LMS judges
  passed/failed from `cmi.core.score.raw` (1.2 RTE 3.4.4), so no score may reach it while
  the course is incomplete, or an unfinished course would be graded.
"""
from __future__ import annotations

import pytest

from compiler.verify import site
from scorm_cases import SCORM_TARGETS
from scorm_paths import make_plan

pytestmark = pytest.mark.browser

COURSE, SCENARIO = "de-escalation", "front-of-store"
SETS = ("LMSSetValue", "SetValue")


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_a_browse_launch_is_interactive_and_writes_nothing(target, launch, model):
    version = SCORM_TARGETS[target]
    loaded = model(COURSE)
    mode = {"cmi.core.lesson_mode": "browse"} if version == "1.2" else {"cmi.mode": "browse", "cmi.credit": "no-credit"}
    lms = launch(COURSE, target, cmi={**site.mastery_cmi(loaded.mastery, version), **mode})
    steps = lms.walk(make_plan(loaded, True).for_walker())
    assert steps[-1]["act"] == "finish" and lms.complete                    # the learner went through it all
    assert lms.wait_terminated()
    run = lms.results()
    assert run["errors"] == []
    assert [c for c in run["calls"] if c["fn"] in SETS] == []
    status = run["cmi"].get("cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status")
    assert status in (None, "", "not attempted", "browsed", "unknown")


def test_scorm12_sends_no_score_before_the_course_is_complete(launch, model):
    """The learner plays the scenario to its best ending and leaves with pages still to
    visit: an LMS that applies the masteryscore must not find a score to grade."""
    version = SCORM_TARGETS["scorm12"]
    loaded = model(COURSE)
    cmi = {**site.mastery_cmi(loaded.mastery, version), "cmi.core.credit": "credit"}
    lms = launch(COURSE, "scorm12", cmi=cmi)
    lms.walk(make_plan(loaded, True).for_walker(),
             until=lambda s: s["page"] == SCENARIO and bool(lms.sco.query_selector("#main [data-act=retry]")))
    assert lms.sco.evaluate("() => EmpathyPlayer.state().scenarios")                # an ending was reached
    assert not lms.complete
    lms.leave()
    run = lms.results()
    assert run["errors"] == []
    assert not [c for c in run["calls"] if c["fn"] == "LMSSetValue" and c["args"][0] == "cmi.core.score.raw"]
    assert run["cmi"]["cmi.core.lesson_status"] == "incomplete"
    assert run["cmi"]["cmi.core.exit"] == "suspend"


def write_course(folder, course_id: str, title: str) -> str:
    """A course complete once its intro is seen, whose mastery counts a quiz on page 2."""
    folder.mkdir()
    (folder / "course.yaml").write_text(
        f"id: {course_id}\ntitle: {title}\nlanguage: en\npages: [intro, quiz]\n"
        "completion:\n  visit: [intro]\nmastery:\n  score: 0.5\n  counts: [quiz]\n", encoding="utf-8")
    (folder / "intro.md").write_text("---\ntitle: Intro\n---\n\nHello.\n", encoding="utf-8")
    (folder / "quiz.md").write_text("---\nkind: quiz\ntitle: Check\n---\n\n## One {#one}\n\nPick.\n\n"
                                    "* [x] Right\n  feedback: yes\n* [ ] Wrong\n  feedback: no\n", encoding="utf-8")
    return str(folder)


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_a_completed_course_then_failed_is_reported_failed(target, launch, tmp_path):
    version = SCORM_TARGETS[target]
    course = write_course(tmp_path / "late-quiz", "https://courses.example.org/late-quiz", "Late quiz")
    lms = launch(course, target, cmi=site.mastery_cmi(0.5, version))
    lms.walk({"options": {"quiz": [["b"]]}})                                 # the wrong option
    assert lms.wait_terminated()
    run = lms.results()
    assert run["errors"] == []
    cmi = run["cmi"]
    if version == "1.2":
        assert (cmi["cmi.core.lesson_status"], cmi["cmi.core.score.raw"]) == ("failed", "0")
    else:
        assert (cmi["cmi.completion_status"], cmi["cmi.success_status"], cmi["cmi.score.scaled"]) == \
            ("completed", "failed", "0")


def test_scorm2004_interaction_ids_are_uris_when_the_course_id_is_not_ascii(launch, tmp_path):
    course = write_course(tmp_path / "accents", "https://cursos.example.org/empatía", "Empatía")
    lms = launch(course, "scorm2004-4", cmi=site.mastery_cmi(0.5, "2004"))
    lms.walk({"options": {"quiz": [["a"]]}})
    assert lms.wait_terminated()
    run = lms.results()
    assert run["errors"] == []
    ids = [c["args"][1] for c in run["calls"] if c["fn"] == "SetValue" and c["args"][0].endswith(".id")]
    assert ids == ["https://cursos.example.org/empat%C3%ADa/quiz/quiz/one"]


def test_scorm2004_reopening_a_course_completed_without_a_score_reads_no_score(launch, tmp_path):
    """Completed by its intro, the quiz not yet taken: no score was ever set, and reading
    one back is error 403."""
    course = write_course(tmp_path / "no-score-yet", "https://courses.example.org/no-score-yet", "No score yet")
    first = launch(course, "scorm2004-4", cmi=site.mastery_cmi(0.5, "2004"))
    first.leave()
    cmi = first.results()["cmi"]
    assert cmi["cmi.completion_status"] == "completed" and cmi.get("cmi.score.scaled") in (None, "")
    again = launch(course, "scorm2004-4", cmi={**site.mastery_cmi(0.5, "2004"), **site.relaunch_cmi(cmi, "2004")})
    again.leave()
    assert again.results()["errors"] == []


def test_the_test_lms_takes_a_relaunch_cmi_too_long_for_a_url(launch, model):
    """A 300-question quiz leaves 1,800 interaction keys: passed in the launch URL they
    made a 100 KB address that the server refused (414), failing a good package."""
    cmi = {"cmi.core.entry": "resume", "cmi.suspend_data": ""}
    for n in range(600):
        cmi |= {f"cmi.interactions.{n}.id": f"question-{n:04d}-" + "x" * 120,
                f"cmi.interactions.{n}.type": "choice", f"cmi.interactions.{n}.result": "correct"}
    lms = launch(COURSE, "scorm12", cmi=cmi)
    assert lms.current_page                                                    # the SCO started
    assert lms.sco.evaluate("() => window.parent.API.LMSGetValue('cmi.interactions._count')") == "600"
