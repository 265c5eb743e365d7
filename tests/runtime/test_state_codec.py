"""state.js, the suspend-data codec, run in Chromium; and W005 (compiler/check/suspend_budget.py)
held against what state.js really writes."""
from __future__ import annotations

import sys

import pytest
from player_helpers import EXAMPLE_COURSES, REPO, TEST_COURSES

from compiler.check import suspend_budget
from compiler.load import load_course
from compiler.model import Coaching, Quiz, Reflection, Scenario, SelfRating

pytestmark = pytest.mark.browser

RICH = {
    "page": 7, "visited": [0, 1, 2, 3, 7, 63, 64, 199], "done": [1, 3, 199],
    "scenarios": {
        "1": {"accepted": True, "optedOut": False, "feedback": True, "node": 4, "best": 3, "tries": 2,
              "vars": [0, -3, 40, 700], "seen": [0, 2, 4], "path": [0, 1, 0, 33]},
        "5": {"accepted": False, "optedOut": True, "feedback": False, "node": 0, "best": -1, "tries": 0,
              "vars": [], "seen": [0], "path": None},
    },
    "answers": {"3": [[1], None, [0, 2, 5, 6, 40]], "4": [[], None]},
    "texts": {"3.1": "Línea con \"comillas\" y ~tildes~ y árabe: مرحبا", "4.0": "x"},
    "cut": {},
}


@pytest.fixture(scope="module")
def codec(browser):
    """One blank page with state.js loaded, shared by this module (the codec is pure)."""
    page = browser.new_page()
    page.add_script_tag(path=str(REPO / "compiler" / "runtime" / "state.js"))
    yield page
    page.close()


def encode(codec, state, limit=None):
    return codec.evaluate("([s, m]) => EmpathyState.encode(s, m)", [state, limit])


def decode(codec, text):
    return codec.evaluate("s => EmpathyState.decode(s)", text)


def test_round_trip(codec):
    text = encode(codec, RICH)
    assert text.startswith("e1")
    assert decode(codec, text) == RICH


@pytest.mark.parametrize("garbage", [None, "", "e1", "hello", "e1!!!", "e1" + "_" * 200,
                                     "e1AAAAA~{not json", "e2AAAAAAA", "e1" + "A" * 5000, 42])
def test_garbage_decodes_to_a_fresh_state(codec, garbage):
    assert decode(codec, garbage) == {"page": 0, "visited": [], "done": [], "scenarios": {},
                                      "answers": {}, "texts": {}, "cut": {}}


def test_a_500_step_path_fits_in_scorm12(codec):
    state = {"page": 199, "visited": list(range(200)), "done": list(range(200)),
             "scenarios": {"3": {"accepted": True, "optedOut": False, "feedback": False, "node": 499,
                                 "best": 499, "tries": 9, "vars": [12, -4], "seen": list(range(500)),
                                 "path": [i % 4 for i in range(499)]}},
             "answers": {}, "texts": {}, "cut": {}}
    text = encode(codec, state)
    assert len(text) < 4096
    assert decode(codec, text) == state


def test_texts_are_cut_first_then_paths_never_the_position(codec):
    state = {**RICH, "texts": {"3.0": "a" * 3000, "3.1": "b" * 3000, "4.0": "short"}}
    text = encode(codec, state, 4096)
    assert len(text) <= 4096
    back = decode(codec, text)
    assert back["page"] == 7 and back["scenarios"] == RICH["scenarios"] and back["answers"] == RICH["answers"]
    assert back["texts"]["4.0"] == "short"
    assert back["texts"]["3.0"].startswith("aaaa") and back["texts"]["3.1"].startswith("bbbb")

    looping = {**RICH, "texts": {"3.0": "kept?"}, "scenarios": {"1": {**RICH["scenarios"]["1"], "path": [1] * 6000}}}
    text = encode(codec, looping, 4096)
    assert len(text) <= 4096
    back = decode(codec, text)
    assert back["scenarios"]["1"]["path"] is None                    # playback history dropped
    assert back["scenarios"]["1"]["node"] == 4 and back["scenarios"]["1"]["vars"] == [0, -3, 40, 700]
    assert back["texts"] == {}


def test_long_texts_share_the_room_fairly(codec):
    """Six long answers in 4096 characters: each is cut to the same length, none dropped;
    a short one stays whole. A cut text comes back marked (`cut`), so the player can tell
    it from a whole, newer text of another device."""
    texts = {f"3.{i}": f"answer {i} " + "words " * 400 for i in range(6)}
    state = {**RICH, "texts": {**texts, "4.0": "short"}}
    text = encode(codec, state, 4096)
    assert 4000 < len(text) <= 4096
    back = decode(codec, text)
    assert sorted(back["texts"]) == sorted(state["texts"])
    assert back["texts"]["4.0"] == "short"
    cut = {k: v for k, v in back["texts"].items() if k != "4.0"}
    assert back["cut"] == cut
    assert len({len(v) for v in cut.values()}) == 1 and len(cut["3.0"]) > 500
    assert all(texts[k].startswith(v) for k, v in cut.items())


def test_a_text_that_came_cut_stays_marked_until_it_changes(codec):
    came = {**RICH, "texts": {"3.1": "the beginning", "4.0": "x"}, "cut": {"3.1": "the beginning"}}
    back = decode(codec, encode(codec, came))
    assert back["texts"] == came["texts"] and back["cut"] == {"3.1": "the beginning"}
    changed = {**came, "texts": {"3.1": "a new answer", "4.0": "x"}}
    assert decode(codec, encode(codec, changed))["cut"] == {}


@pytest.mark.parametrize("prefix", ["", "a", "ab"])
def test_cuts_never_split_a_character(codec, prefix):
    emoji = "\U0001F62C\U0001F642"
    state = {**RICH, "texts": {f"3.{i}": prefix * i + emoji * 700 for i in range(3)}}
    for limit in range(2000, 2040):
        text = encode(codec, state, limit)
        assert len(text) <= limit
        assert codec.evaluate("(s) => { try { encodeURIComponent(s); return true; } catch (e) { return false; } }", text)
    # the helper the adapters cut interaction responses with
    assert codec.evaluate("() => [EmpathyState.cut('a\\u{1F62C}b', 2), EmpathyState.cut('a\\u{1F62C}b', 3), EmpathyState.cut('ab', 9)]") \
        == ["a", "a\U0001F62C", "ab"]


def worst_state(course) -> dict:
    """The fullest state a learner can have in `course`, shaped as suspend_budget counts it:
    every page visited and finished, every answer as long as it gets, every scenario at its
    longest path (choice index 0 at each step costs what its real index costs when < 32)."""
    pages = course.ordered_pages()
    state = {"page": len(pages) - 1, "visited": list(range(len(pages))), "done": list(range(len(pages))),
             "scenarios": {}, "answers": {}, "texts": {}}
    for index, page in enumerate(pages):
        if isinstance(page, Scenario):
            nodes = len(page.nodes)
            path_chars, looped = suspend_budget.longest_path_length(page)
            state["scenarios"][str(index)] = {
                "accepted": True, "optedOut": True, "feedback": True, "node": nodes - 1, "best": nodes - 1,
                "tries": suspend_budget.MAX_TRIES, "seen": list(range(nodes)), "path": [0] * path_chars,
                "vars": [-suspend_budget._variable_bound(page, name, looped) for name in page.state]}
        elif isinstance(page, Quiz):
            state["answers"][str(index)] = [list(range(len(q.options))) if q.multiple else [len(q.options) - 1]
                                            for q in page.questions]
        elif isinstance(page, SelfRating):
            state["answers"][str(index)] = [[len(page.scale) - 1] for _ in page.dimensions]
        elif isinstance(page, Coaching):
            state["answers"][str(index)] = [list(range(len(course.feelings))) if q.answer != "text" else []
                                            for q in page.questions]
        elif isinstance(page, Reflection):
            state["answers"][str(index)] = [[] for _ in page.prompts]
    return state


@pytest.fixture(scope="module")
def big_course(tmp_path_factory):
    sys.path.insert(0, str(REPO / "bench"))
    from generate_course import generate
    folder = tmp_path_factory.mktemp("big") / "big-course"
    generate(folder, 200, 500)
    course, _ = load_course(folder)
    assert course is not None
    return course


@pytest.mark.parametrize("folder", EXAMPLE_COURSES + [TEST_COURSES / "all-kinds", "big"],
                         ids=lambda p: getattr(p, "name", p))
def test_worst_case_fits_and_the_estimate_is_what_state_js_writes(codec, folder, big_course):
    course = big_course if folder == "big" else load_course(folder)[0]
    text = encode(codec, worst_state(course))
    _, with_paths, _ = suspend_budget.worst_case(course)
    # the estimate is an upper bound, and a tight one: the check warns neither too late nor too early
    assert len(text) <= with_paths <= len(text) + 8
    assert len(text) < 4096
    assert list(suspend_budget.rule(course)) == []


def test_w005_when_a_course_cannot_fit(big_course):
    import dataclasses
    # 60 copies of the big course's pages: more than SCORM 1.2 can hold
    pages = {}
    order = []
    for copy in range(60):
        for pid, page in big_course.pages.items():
            pages[f"{pid}-{copy}"] = dataclasses.replace(page, id=f"{pid}-{copy}")
            order.append((f"{pid}-{copy}", big_course.loc))
    huge = dataclasses.replace(big_course, pages=pages, page_order=tuple(order))
    found = list(suspend_budget.rule(huge))
    assert [d.code for d in found] == ["W005"]
    assert "4096" in found[0].message
