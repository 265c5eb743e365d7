"""Coaching answers in the LMS: the feelings a learner picks reach it (CONFORMANCE.md 18, 19).

insurance-denied's "Through her eyes" asks `answer: both` twice (feelings and words). The
picked feelings are their own interaction (`<question>/feelings`), the words another one
(`<question>`, with the text only when the course lets reflection text leave the browser;
this course does not). In SCORM 1.2 a choice response is single characters, one per
possibility, so the feelings vocabulary (68 built-in feelings + the course's) is always a
fill-in of the feeling ids, whichever feelings are picked (the first or the 68th).
What is asserted is scorm-again's CMI, as an LMS would store it.
"""
from __future__ import annotations

import re

import pytest

from compiler.render.definitions import response_id
from compiler.verify import runtime_checks
from scorm_cases import SCORM_TARGETS

pytestmark = pytest.mark.browser

PAGE = "through-her-eyes"
ANSWERS = {  # question -> (feelings to tick, text to write)
    "thinking": ([], "Everyone heard that."),
    "feeling": (["embarrassed", "overwhelmed", "alone"], "Exposed in front of strangers."),
    "goal": (["frustrated"], ""),          # feelings only: no text interaction
}


def answer(lms, loaded) -> None:
    lms.walk(until=lambda step: step["page"] == PAGE)
    lms.sco.wait_for_selector("#main:not([aria-busy]) [data-item]")
    questions = [q.id for q in loaded.pages[PAGE].questions]
    for qid, (feelings, text) in ANSWERS.items():
        item = lms.sco.locator(f"main [data-item='{questions.index(qid)}']")
        for name in feelings:
            item.locator(f"input[data-feeling='{name}']").check()
        if text:
            item.locator("textarea").fill(text)
        item.locator("[data-act=submit]").click()
        lms.sco.wait_for_function(
            "(i) => /saved/i.test(document.querySelector(`main [data-item='${i}'] .msg`).textContent)",
            arg=questions.index(qid))


def interactions(cmi: dict) -> dict[str, dict]:
    found: dict[int, dict] = {}
    for key, value in cmi.items():
        m = re.match(r"^cmi\.interactions\.(\d+)\.([a-z_]+)$", key)
        if m and isinstance(value, str):
            found.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return {found[i]["id"]: found[i] for i in sorted(found)}


@pytest.mark.parametrize("target", list(SCORM_TARGETS))
def test_picked_feelings_reach_the_lms(target, launch, model):
    version = SCORM_TARGETS[target]
    loaded = model("insurance-denied")
    assert len(loaded.feelings) > 36 and loaded.feelings.index("alone") >= 36
    assert not loaded.xapi.send_reflection_text
    lms = launch("insurance-denied", target)
    answer(lms, loaded)
    run = lms.results()
    got = interactions(run["cmi"])
    ids = {f: response_id(f) for f in loaded.feelings}
    if version == "1.2":
        base = f"coaching_{PAGE}_"
        response = "student_response"
        feeling = got[base + "feeling_feelings"]
        assert feeling["type"] == "fill-in"
        assert feeling[response] == "embarrassed,overwhelmed,alone"
        # the same type for a feeling among the first 36: decided by the question
        assert got[base + "goal_feelings"]["type"] == "fill-in"
        assert got[base + "goal_feelings"][response] == ids["frustrated"]
        text_types = {"fill-in"}
    else:
        base = f"{loaded.xapi.activity_base}coaching/{PAGE}/"
        response = "learner_response"
        feeling = got[base + "feeling/feelings"]
        assert feeling["type"] == "choice"
        assert feeling[response] == "[,]".join(ids[f] for f in ANSWERS["feeling"][0])
        assert got[base + "goal/feelings"]["type"] == "choice"
        assert got[base + "goal/feelings"][response] == "frustrated"
        text_types = {"long-fill-in"}
    # The words are their own interaction, with no text: this course keeps it private.
    for qid in ("thinking", "feeling"):
        assert got[base + qid]["type"] in text_types
        assert not got[base + qid].get(response), got[base + qid]
    assert base + "goal" not in got, "a text interaction for a question answered without text"
    assert base + "thinking/feelings" not in got and base + "thinking_feelings" not in got
    assert len(got) == 4
    assert run["errors"] == [] and run["console"] == []
    assert runtime_checks.check_session(run, mastery=loaded.mastery, walked_to_end=False) == []


def test_many_feelings_stay_within_the_1_2_limit(launch, model):
    """Every feeling ticked: the 1.2 fill-in keeps whole ids within 255 characters; 2004
    keeps at most 36 (a choice response's limit)."""
    loaded = model("insurance-denied")
    questions = [q.id for q in loaded.pages[PAGE].questions]
    results = {}
    for target in ("scorm12", "scorm2004-4"):
        lms = launch("insurance-denied", target)
        lms.walk(until=lambda step: step["page"] == PAGE)
        lms.sco.wait_for_selector("#main:not([aria-busy]) [data-item]")
        item = lms.sco.locator(f"main [data-item='{questions.index('goal')}']")
        item.locator("input[data-feeling]").evaluate_all("(all) => all.forEach((i) => i.click())")
        item.locator("[data-act=submit]").click()
        lms.sco.wait_for_selector(f"main [data-item='{questions.index('goal')}'] .msg:text('saved')")
        run = lms.results()
        assert run["errors"] == [], run["errors"]
        results[target] = next(iter(interactions(run["cmi"]).values()))
    words = results["scorm12"]["student_response"].split(",")
    assert len(",".join(words)) <= 255
    assert words == [response_id(f) for f in loaded.feelings[:len(words)]] and len(words) > 20
    picked = results["scorm2004-4"]["learner_response"].split("[,]")
    assert picked == [response_id(f) for f in loaded.feelings[:36]]
