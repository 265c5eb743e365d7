"""Resume: reopening the course brings back the same page, scenario state and answers.
The web build's adapter ("none") keeps the suspend data in localStorage, like an LMS would."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_reload_restores_page_scenario_state_and_feedback(learner):
    learner.open("talk")
    learner.act("accept-warning")
    learner.choose("calm down")
    learner.page.locator("[data-act=choice]", has_text="Sorry").click()   # feedback showing
    before = learner.state()
    learner.page.goto("about:blank")
    learner.page.goto(learner.base + "index.html")                        # no hash: resume
    learner.page.evaluate("EmpathyPlayer.ready")
    assert learner.current == "talk"
    assert learner.state()["scenarios"] == before["scenarios"]
    assert "A quick repair." in learner.text(".feedback")
    learner.act("continue")
    node = learner.text(".node")
    assert "He still remembers being told to calm down." in node and "His hands are shaking." in node


def test_reload_restores_answers_and_texts(learner):
    learner.open("coach")
    learner.item(0).locator("[data-feeling=hurt]").check()
    learner.item(0).locator("textarea").fill("Small and ignored.")
    learner.item(0).locator("[data-act=submit]").click()
    learner.go("check")
    learner.item(0).locator("input").nth(1).check()
    learner.item(0).locator("[data-act=submit]").click()
    learner.go("reflect")
    learner.item(0).locator("textarea").fill("He asked for someone in charge.")
    learner.item(0).locator("[data-act=submit]").click()
    learner.reload()
    assert learner.current == "reflect"
    assert learner.item(0).locator("textarea").input_value() == "He asked for someone in charge."
    learner.go("coach")
    assert learner.item(0).locator("[data-feeling=hurt]").is_checked()
    assert not learner.item(0).locator("[data-feeling=angry]").is_checked()
    assert learner.item(0).locator("textarea").input_value() == "Small and ignored."
    assert learner.page.locator("[data-act=reveal]").count() == 1
    learner.go("check")
    assert "Correct." in learner.text("main [data-item='0']")
    assert learner.item(0).locator("input").nth(1).is_checked()


def test_saves_after_every_action_with_the_page_as_location(learner):
    learner.open()
    learner.act("next")
    learner.act("accept-warning")
    saves = learner.calls("save")
    assert saves and saves[-1][1] == "talk"
    assert saves[-1][0].startswith("e1")


def test_garbage_suspend_data_starts_fresh(learner):
    learner.open()
    learner.page.evaluate("""() => { for (const k of Object.keys(localStorage))
        if (!k.endsWith(':texts')) localStorage.setItem(k, JSON.stringify({s: 'e1~~garbage', l: 'nowhere'})); }""")
    learner.reload()
    assert learner.current == "welcome"
    assert learner.errors == []


def test_long_texts_over_the_budget_are_cut_in_suspend_data_but_kept_whole(learner):
    """With a tiny suspend-data limit the saved string stays within it (texts are cut
    first) and the full text still comes back from this browser's own copy."""
    learner.page.add_init_script("window.__maxState = 120")
    learner.open("reflect")
    long_text = "I listened first and then I explained the policy calmly. " * 20
    learner.item(1).locator("textarea").fill(long_text)
    learner.item(1).locator("[data-act=submit]").click()
    saved = learner.calls("save")[-1][0]
    assert len(saved) <= 120
    learner.reload()
    assert learner.current == "reflect"
    assert learner.item(1).locator("textarea").input_value() == long_text.strip()
    assert "Your answer is saved." in learner.item(1).inner_text()
