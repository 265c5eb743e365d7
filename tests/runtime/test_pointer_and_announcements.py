"""What a learner's pointer and screen reader meet between the pages: a double click
presses one button once (the page changes under the pointer after the first click), and
what the player announces in one moment is announced together, once."""
from __future__ import annotations

import pytest

from player_helpers import Learner

pytestmark = pytest.mark.browser

ANNOUNCED = "document.getElementById('announce').textContent"


def second_click(learner, selector: str) -> None:
    """The second click of a double click (detail 2), landing on SELECTOR."""
    learner.page.eval_on_selector(selector, "b => b.dispatchEvent(new MouseEvent('click', "
                                            "{bubbles: true, cancelable: true, detail: 2}))")


def test_the_second_click_of_a_double_click_chooses_nothing(learner):
    learner.open("talk")
    learner.act("accept-warning")
    second_click(learner, "[data-act=choice]")                 # Continue/Try again was the first
    assert learner.events("choice") == [] and learner.state()["scenarios"]["1"]["path"] == []
    learner.page.locator("[data-act=choice]").first.click()    # a click of its own still chooses
    assert [e["choice"] for e in learner.events("choice")] == ["open-1"]


def test_a_double_click_on_submit_sends_the_answer_once(learner):
    learner.open("rate")
    learner.item(0).locator("input").first.check()
    learner.item(0).locator("[data-act=submit]").dblclick()
    assert len(learner.events("rating")) == 1


def test_a_double_click_on_next_moves_one_page(learner):
    learner.open()
    learner.act("next")
    learner.page.wait_for_selector("main [data-act=next]")   # (the scenario's code may still be on its way)
    second_click(learner, "main [data-act=next]")            # on the next page's Next
    assert learner.current == "talk"


def test_completing_the_course_is_announced_with_the_quiz_score(learner):
    learner.open("talk")
    learner.act("accept-warning")
    learner.choose("Hello")
    learner.choose("embarrassing")
    for page in ("welcome", "story", "coach", "reflect", "rate", "example", "check"):
        learner.go(page)
    learner.item(0).locator("input").nth(1).check()
    learner.item(0).locator("[data-act=submit]").click()
    learner.item(1).locator("input").nth(2).check()
    learner.item(1).locator("[data-act=submit]").click()
    assert learner.page.get_attribute("html", "data-complete") == "true"
    learner.page.wait_for_function(f"{ANNOUNCED}.includes('You have completed the course.')")
    assert learner.page.evaluate(ANNOUNCED) == \
        "You have completed the course. You answered 1 of 2 questions correctly."
    assert "msg" in learner.page.evaluate("document.activeElement.className")   # read where the focus is


def test_an_address_named_like_a_javascript_property_is_no_page(learner):
    learner.open("constructor")
    assert learner.current == "welcome" and learner.page.locator("main [data-act=next]").count() == 1


def test_skipping_a_scenario_on_the_last_page_focuses_its_notice_and_says_it_once(page, package, tmp_path):
    """The notice takes the focus, so it is read out; the live region does not say it again
    (as a Submit's message is not)."""
    course = tmp_path / "last-scenario"
    course.mkdir()
    (course / "course.yaml").write_text(
        "id: https://courses.example.org/test/last-scenario\ntitle: Last\nlanguage: en\n"
        "pages: [intro, talk]\n", encoding="utf-8")
    (course / "intro.md").write_text("---\ntitle: Intro\n---\n\nHello.\n", encoding="utf-8")
    (course / "talk.md").write_text(
        "---\nkind: scenario\ntitle: Talk\ncontent_warning: A raised voice.\n---\n\n## Start {#start}\n\n"
        "\"Hi.\"\n\n* \"Hello.\" -> end\n  feedback: Fine.\n\n## End {#end}\nending: Done\nscore: 1\n\nBye.\n",
        encoding="utf-8")
    learner = Learner(page, package(course)).open("talk")
    learner.page.locator("[data-act=opt-out]").first.focus()
    learner.page.keyboard.press("Enter")
    assert learner.current == "talk"
    assert learner.page.evaluate("document.activeElement.className") == "notice"
    assert learner.page.evaluate("document.activeElement.textContent").startswith("You skipped this scenario")
    learner.page.wait_for_timeout(300)                          # what is said comes after 50 ms
    assert "You skipped" not in learner.page.evaluate(ANNOUNCED)
