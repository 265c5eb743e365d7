"""SCORM 1.2 gives a course 4096 characters of suspend_data (CONFORMANCE.md 14), and
scorm-again does not enforce it. A learner who takes the LONGEST path through every
scenario (computed from the loaded model), answers everything and writes long
reflections must never make the SCO write more, in any example course or in a generated
course of 200 pages with a 500-node scenario.
"""
from __future__ import annotations

import importlib.util

import pytest

from compiler.load import load_course
from compiler.model import Scenario
from compiler.verify import site
from scorm_cases import COURSES
from scorm_paths import longest_path

pytestmark = pytest.mark.browser

LONG_TEXT = ("When she raised her voice I felt my shoulders tighten, and I answered the rule "
             "before I answered her. Next time I will name what I hear first. ") * 4


def longest_plan(course) -> tuple[dict, dict[int, int]]:
    """Walker plan taking every scenario's longest path; and page index -> path length."""
    choices, lengths = {}, {}
    for index, page in enumerate(course.ordered_pages()):
        if isinstance(page, Scenario):
            path = longest_path(page)
            choices[page.id] = path.choices
            lengths[index] = len(path.choices)
    return {"choices": choices, "text": LONG_TEXT}, lengths


def walk_longest(launch, course_ref, course):
    plan, lengths = longest_plan(course)
    lms = launch(course_ref, "scorm12", cmi=site.mastery_cmi(course.mastery, "1.2"))
    steps = lms.walk(plan, max_steps=20000)
    assert steps[-1]["act"] == "finish", steps[-3:]
    state = lms.sco.evaluate("() => EmpathyPlayer.state()")
    lms.wait_terminated()
    run = lms.results()
    assert run["errors"] == []
    # The learner really took each longest path (else the test proves nothing).
    for index, length in lengths.items():
        taken = state["scenarios"][str(index)]["path"]
        assert len(taken) == length, f"page {index}: took {len(taken)} choices, planned {length}"
    return run


def longest_suspend_data(run) -> int:
    return max(len(value) for element, value, _ in run["sets"] if element == "cmi.suspend_data")


@pytest.mark.parametrize("course", COURSES)
def test_longest_path_fits_scorm12(course, launch, model):
    run = walk_longest(launch, course, model(course))
    assert longest_suspend_data(run) <= 4096
    assert max(len(v) for e, v, _ in run["sets"] if e == "cmi.core.lesson_location") <= 255


@pytest.fixture(scope="session")
def large_course(repo_root, tmp_path_factory):
    spec = importlib.util.spec_from_file_location("generate_course",
                                                  repo_root / "bench" / "generate_course.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    return generator.generate(tmp_path_factory.mktemp("large") / "large-course", pages=200, nodes=500)


def test_generated_large_course_fits_scorm12(large_course, launch):
    course, diagnostics = load_course(large_course)
    assert course is not None, diagnostics
    run = walk_longest(launch, large_course, course)
    longest = longest_suspend_data(run)
    assert longest <= 4096
    # It must still hold the learner's place and progress, not just be short.
    cmi = run["cmi"]
    assert cmi["cmi.core.lesson_status"] in ("passed", "failed", "completed")
    print(f"large course: longest suspend_data {longest} characters")
