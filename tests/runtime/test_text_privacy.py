"""A course with `xapi.send_reflection_text: false` keeps every reflection and coaching text
on this device, `private: no` prompts too (docs/authoring.md): not in suspend data, not in
events; the page says so; a reload on the same device still shows the words.
(The all-kinds test course sends reflection text: test_questions.py has the other case.)"""
from __future__ import annotations

import pytest
from player_helpers import REPO, Learner

pytestmark = pytest.mark.browser

SAID = "He said he had waited twenty minutes and nobody helped him."
THINKS = "Everyone heard that, and she cannot afford to pay today."


def saved_and_sent(learner) -> str:
    return str(learner.calls("save")) + str(learner.calls("record")) + str(learner.xapi_events())


def test_reflection_text_of_a_not_private_prompt_stays_here(page, package):
    learner = Learner(page, package(REPO / "courses" / "de-escalation")).open("looking-back")
    first = learner.item(0)                                    # `private: no`
    assert "Your answer stays on this device." in first.inner_text()
    assert "shared with your training team" not in learner.text()
    first.locator("textarea").fill(SAID)
    first.locator("[data-act=submit]").click()
    assert "Your answer is saved." in learner.item(0).inner_text()
    assert SAID not in saved_and_sent(learner)
    assert learner.events("reflection") == [
        {"type": "reflection", "page": "looking-back", "prompt": "objective", "text": None,
         "length": len(SAID), "private": True}]
    assert learner.state()["answers"]["4"][0] == []            # the fact it was answered is kept
    learner.reload()
    assert learner.item(0).locator("textarea").input_value() == SAID
    assert "Your answer is saved." in learner.item(0).inner_text()


def test_coaching_words_stay_here_and_the_page_says_so(page, package):
    learner = Learner(page, package(REPO / "courses" / "insurance-denied")).open("through-her-eyes")
    first = learner.item(0)
    assert "What you write here stays on this device." in first.inner_text()
    described = first.locator("textarea").get_attribute("aria-describedby").split()
    assert any("What you write here" in learner.page.locator(f"[id='{i}']").inner_text() for i in described)
    first.locator("textarea").fill(THINKS)
    first.locator("[data-act=submit]").click()
    assert THINKS not in str(learner.calls("save"))
    assert learner.state()["answers"]["1"][0] == []
    learner.reload()
    assert learner.item(0).locator("textarea").input_value() == THINKS


def test_empty_text_only_coaching_answer_asks_for_words(page, package):
    learner = Learner(page, package(REPO / "courses" / "insurance-denied")).open("through-her-eyes")
    learner.item(0).locator("[data-act=submit]").click()
    msg = learner.item(0).locator(".msg")
    assert msg.inner_text() == "Please write an answer first."
    assert msg.evaluate("m => m === document.activeElement")
    both = learner.page.locator("main [data-item]", has=learner.page.locator("[data-feeling]")).first
    both.locator("[data-act=submit]").click()
    assert both.locator(".msg").inner_text() == "Please tick a feeling or write an answer first."
