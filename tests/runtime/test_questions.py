"""Coaching, reflection, self-rating, quiz, example and content pages in the browser
(tests/runtime/courses/all-kinds)."""
from __future__ import annotations

import pytest
from player_helpers import TEST_COURSES, Learner

pytestmark = pytest.mark.browser


def test_content_page_is_server_rendered_before_the_script_runs(page, package):
    from player_helpers import TEST_COURSES
    page.route("**/assets/*.js", lambda route: route.abort())   # no JavaScript at all
    page.goto(package(TEST_COURSES / "all-kinds") + "index.html")
    assert page.inner_text("main h1") == "Welcome"
    assert "This course has one page of each kind." in page.inner_text("main")
    assert "This test course contains a raised voice." in page.inner_text("main")
    assert page.get_attribute("html", "lang") == "en" and page.get_attribute("html", "dir") == "ltr"


def test_coaching_feelings_and_text_then_model_answer(learner):
    learner.open("coach")
    first = learner.item(0)
    assert first.locator("textarea[data-field=feeling]").count() == 1
    assert first.locator("input[type=checkbox][data-feeling=embarrassed]").count() == 1
    assert learner.page.locator("[data-act=reveal]").count() == 0       # only after answering
    first.locator("[data-feeling=embarrassed]").check()
    first.locator("[data-feeling=angry]").check()
    first.locator("textarea").fill("He feels small in front of others.")
    first.locator("[data-act=submit]").click()
    assert "Your answer is saved." in learner.text("main [data-item='0']")
    assert learner.events("coaching") == [{"type": "coaching", "page": "coach", "question": "feeling",
                                           "feelings": ["angry", "embarrassed"],
                                           "text": "He feels small in front of others."}]
    learner.act("reveal")
    assert "Embarrassed and angry." in learner.text("main [data-item='0'] .model")
    # the second question (text only, no model answer) has no feelings picker
    second = learner.item(1)
    assert second.locator("[data-feeling]").count() == 0
    second.locator("[data-act=submit]").click()          # empty: refused politely
    assert "Please write an answer first." in second.inner_text()   # nothing to choose here
    assert len(learner.events("coaching")) == 1


def test_reflection_min_length_counter_and_privacy(learner):
    learner.open("reflect")
    private, shared = learner.item(0), learner.item(1)
    assert "Your answer stays on this device." in private.inner_text()
    assert "Your answer is shared with your training team." in shared.inner_text()
    assert "What happened" in private.inner_text()           # ORID stage label
    private.locator("textarea").fill("Hi")
    assert "2 characters written, at least 10 asked for." in private.inner_text()
    private.locator("[data-act=submit]").click()
    assert "Please write at least 10 characters" in private.inner_text()
    private.locator("textarea").fill("He shouted that he wanted someone now.")
    private.locator("[data-act=submit]").click()
    shared.locator("textarea").fill("Introduce myself first.")
    shared.locator("[data-act=submit]").click()
    events = learner.events("reflection")
    # a private answer never leaves the browser: no text in the event, only its length
    assert events == [
        {"type": "reflection", "page": "reflect", "prompt": "what", "text": None,
         "length": len("He shouted that he wanted someone now."), "private": True},
        {"type": "reflection", "page": "reflect", "prompt": "next", "text": "Introduce myself first.",
         "length": len("Introduce myself first."), "private": False}]


def test_a_refused_answer_marks_its_text_box_invalid_and_described_by_the_reason(learner):
    learner.open("reflect")
    box = learner.item(0)
    area = box.locator("textarea")
    described = ("a => (a.getAttribute('aria-describedby') || '').split(' ')"
                 ".map(id => document.getElementById(id).textContent).join(' | ')")
    area.fill("Hi")
    before = area.evaluate(described)
    box.locator("[data-act=submit]").click()
    assert area.get_attribute("aria-invalid") == "true"
    assert area.evaluate(described) == before + " | Please write at least 10 characters before you submit."
    area.press_sequentially("!")  # typing on: no longer refused
    assert area.get_attribute("aria-invalid") is None
    assert area.evaluate(described) == before.replace("2 characters", "3 characters")


def test_learner_text_is_shown_as_text_never_as_html(learner):
    learner.open("reflect")
    evil = '<img src=x onerror="window.__pwned=1">and more words'
    learner.item(1).locator("textarea").fill(evil)
    learner.item(1).locator("[data-act=submit]").click()
    learner.reload()
    assert learner.item(1).locator("textarea").input_value() == evil
    assert learner.page.locator("main img[src=x]").count() == 0
    assert learner.page.evaluate("window.__pwned") is None


def test_self_rating_beside_the_scenario_outcome(learner):
    learner.open("rate")
    assert "You have not reached an ending of the scenario yet." in learner.text(".outcome")
    learner.go("talk")
    learner.act("accept-warning")
    learner.choose("Hello")
    learner.choose("embarrassing")
    learner.go("rate")
    outcome = learner.text(".outcome")
    assert "The angry customer" in outcome and "Trust restored" in outcome and "100%" in outcome
    calm = learner.item(0)
    assert calm.locator("input[type=radio][data-option]").count() == 5
    calm.locator("[data-option=good]").check()
    calm.locator("[data-act=submit]").click()
    assert learner.events("rating") == [{"type": "rating", "page": "rate", "dimension": "calm", "value": "good",
                                         "scale": ["excellent", "good", "fair", "poor", "very poor"]}]


def test_quiz_feedback_per_option_and_score(learner):
    learner.open("check")
    first, second = learner.item(0), learner.item(1)
    assert first.locator("input[type=radio]").count() == 2
    assert second.locator("input[type=checkbox]").count() == 3
    first.locator("input").nth(0).check()                  # wrong
    first.locator("[data-act=submit]").click()
    text = learner.text("main [data-item='0']")
    assert "Not quite." in text and "That tends to inflame." in text
    assert "(correct answer)" in text and "Yes: a name and a question." not in text   # only the chosen option's feedback
    assert first.locator("input:disabled").count() == 2
    second.locator("input").nth(0).check()
    second.locator("input").nth(1).check()
    second.locator("[data-act=submit]").click()
    assert "Correct." in learner.text("main [data-item='1']")
    assert "You answered 1 of 2 questions correctly." in learner.text(".summary")
    quiz = learner.events("quiz")
    assert [(q["question"], q["correct"]) for q in quiz] == [("first", False), ("moves", True)]
    assert len(quiz[1]["response"]) == 2


def test_a_quiz_with_a_wrong_answer_can_be_answered_again(learner):
    """Once every question is answered and one is wrong, the learner may answer them all
    again (`retake`, on by default): the answers are cleared, the focus is on the first
    option, a retry is recorded, and the new answers count."""
    learner.open("check")
    learner.item(0).locator("input").nth(0).check()        # wrong
    learner.item(0).locator("[data-act=submit]").click()
    assert learner.page.locator("[data-act=retake]").count() == 0   # not before all are answered
    learner.item(1).locator("input").nth(0).check()
    learner.item(1).locator("input").nth(1).check()
    learner.item(1).locator("[data-act=submit]").click()
    assert "You answered 1 of 2 questions correctly." in learner.text(".summary")
    learner.act("retake")
    assert learner.page.evaluate("document.activeElement.matches('[data-item=\"0\"] input[data-option]')")
    assert learner.page.locator("main input:disabled").count() == 0 and learner.text(".summary") == ""
    assert learner.state()["answers"].get(str(learner.state()["page"])) is None
    assert learner.events("retry")[-1] == {"type": "retry", "page": "check"}
    learner.item(0).locator("input").nth(1).check()        # right this time
    learner.item(0).locator("[data-act=submit]").click()
    learner.item(1).locator("input").nth(0).check()
    learner.item(1).locator("input").nth(1).check()
    learner.item(1).locator("[data-act=submit]").click()
    assert "You answered 2 of 2 questions correctly." in learner.text(".summary")
    assert learner.page.locator("[data-act=retake]").count() == 0   # nothing left to improve
    assert [(q["question"], q["correct"]) for q in learner.events("quiz")][-2:] == [("first", True), ("moves", True)]
    assert learner.errors == []


def test_a_quiz_with_retake_off_stays_answered(page, package, tmp_path):
    import shutil
    course = tmp_path / "all-kinds"
    shutil.copytree(TEST_COURSES / "all-kinds", course)
    check = course / "check.md"
    check.write_text(check.read_text(encoding="utf-8").replace("kind: quiz\n", "kind: quiz\nretake: no\n"),
                     encoding="utf-8")
    learner = Learner(page, package(course)).open("check")
    for i in (0, 1):
        learner.item(i).locator("input").nth(0).check()
        learner.item(i).locator("[data-act=submit]").click()
    assert "You answered" in learner.text(".summary")
    assert learner.page.locator("[data-act=retake]").count() == 0


def test_a_right_option_left_unticked_is_marked_without_the_chosen_options_feedback(learner):
    """An option's feedback is written for learners who chose it ("Right."): a right option
    the learner missed says it is the correct answer, and no more."""
    learner.open("check")
    moves = learner.item(1)
    moves.locator("input").nth(0).check()                  # right
    moves.locator("input").nth(2).check()                  # wrong; "Asking what would help." missed
    moves.locator("[data-act=submit]").click()
    chosen, missed, wrong = (learner.item(1).locator("li").nth(k).inner_text() for k in range(3))
    assert "(correct answer, your choice)" in chosen and "Right." in chosen
    assert "(correct answer)" in missed and "Right." not in missed
    assert "(your choice)" in wrong and "Policy first makes people feel unheard." in wrong
    assert "Not quite." in learner.text("main [data-item='1']")


def test_example_turns_with_skills(learner):
    learner.open("example")
    turns = learner.page.locator(".turn")
    assert turns.count() == 2
    second = turns.nth(1).inner_text()
    assert "Agent" in second and "naming the emotion" in second
    assert "The agent repeats the fact" in second


def test_navigation_focus_hash_menu_and_announcements(learner):
    learner.open()
    assert learner.current == "welcome"
    learner.act("next")
    assert learner.current == "talk"
    assert learner.page.evaluate("location.hash") == "#talk"
    assert learner.page.evaluate("document.activeElement.tagName") == "H1"
    assert learner.text("#where") == "Page 2 of 8"
    learner.page.wait_for_function("document.getElementById('announce').textContent.includes('Page 2 of 8')")
    learner.act("menu")
    assert learner.page.locator("#menu-list").is_visible()
    learner.page.keyboard.press("Escape")
    assert not learner.page.locator("#menu-list").is_visible()
    assert learner.page.evaluate("document.activeElement.dataset.act") == "menu"
    learner.act("menu")
    learner.page.locator("#menu-list a", has_text="Check yourself").click()
    # a menu entry is a link: the page changes on the hashchange that follows the click
    learner.page.wait_for_function("document.documentElement.dataset.page === 'check'", timeout=5000)
    assert not learner.page.locator("#menu-list").is_visible()
    menu = lambda pid: learner.page.locator(f"[data-page-link={pid}]").inner_text()
    assert "finished" in menu("welcome")          # a content page is finished once read
    assert "visited" in menu("talk")              # a scenario only at an ending
    assert "not visited yet" in menu("story")
    learner.act("back")
    assert learner.current == "rate"
    assert [e["page"] for e in learner.events("page")] == ["welcome", "talk", "check", "rate"]


def test_completion_score_and_status(learner):
    learner.open()
    for _ in range(7):
        learner.act("next")
    assert learner.page.get_attribute("html", "data-complete") is None
    learner.go("talk")
    learner.act("accept-warning")
    learner.choose("Hello")
    learner.choose("embarrassing")                       # ending score 1
    learner.go("check")
    learner.item(0).locator("input").nth(1).check()      # right
    learner.item(0).locator("[data-act=submit]").click()
    learner.item(1).locator("input").nth(2).check()      # wrong
    learner.item(1).locator("[data-act=submit]").click()
    assert learner.page.get_attribute("html", "data-complete") == "true"
    status = learner.calls("setStatus")[-1][0]
    # (1 * 1 + 0.5 * 1) / 2 = 0.75 >= mastery 0.7
    assert status == {"completed": True, "passed": True, "scaled": 0.75}
    assert learner.events("course")[-1] == {"type": "course", "completed": True, "passed": True, "scaled": 0.75}
    assert learner.events("progress")[-1] == {"type": "progress", "value": 1}
    learner.go("example")
    learner.act("finish")
    assert learner.calls("finish") >= 1
    assert "Your progress is saved" in learner.text()


def test_opting_out_drops_the_scenario_from_the_score(learner):
    learner.open("talk")
    learner.act("opt-out")
    learner.go("check")
    learner.item(0).locator("input").nth(1).check()
    learner.item(0).locator("[data-act=submit]").click()
    learner.item(1).locator("input").nth(0).check()
    learner.item(1).locator("input").nth(1).check()
    learner.item(1).locator("[data-act=submit]").click()
    assert learner.calls("setStatus")[-1][0]["scaled"] == 1
