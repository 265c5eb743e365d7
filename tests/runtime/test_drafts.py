"""Drafts: what a learner has typed or ticked in a reflection, a coaching question, a
rating or a quiz question and not submitted yet is kept, and said to be not submitted: in
memory across page changes, and in this browser's localStorage across a reload or a closed
window; never in suspend data, never in an event."""
from __future__ import annotations

import pytest
from player_helpers import REPO, Learner

pytestmark = pytest.mark.browser

DRAFT = "I stood behind the counter and he was already shouting."
WORDS = "She thinks everyone in the waiting room is judging her."


@pytest.fixture
def de_escalation(page, package):
    return Learner(page, package(REPO / "courses" / "de-escalation"))


@pytest.fixture
def insurance(page, package):
    return Learner(page, package(REPO / "courses" / "insurance-denied"))


def never_left_the_page(learner, *words):
    """None of WORDS went to the adapter (suspend data, events) or the statement queue."""
    sent = str(learner.calls("save")) + str(learner.calls("record")) + str(learner.xapi_events())
    for w in words:
        assert w not in sent


def test_reflection_draft_survives_next_and_back_the_menu_and_a_reload(de_escalation):
    learner = de_escalation.open("looking-back")
    box = learner.item(0).locator("textarea")
    box.fill(DRAFT)                                             # typed, not submitted
    learner.act("next")
    learner.act("back")
    assert learner.item(0).locator("textarea").input_value() == DRAFT
    learner.page.locator("[data-act=menu]").click()
    learner.page.locator("[data-page-link=welcome]").click()
    learner.page.wait_for_function("document.documentElement.dataset.page === 'welcome'")
    learner.go("looking-back")
    assert learner.item(0).locator("textarea").input_value() == DRAFT
    learner.reload()
    assert learner.current == "looking-back"
    assert learner.item(0).locator("textarea").input_value() == DRAFT
    # the length counter counts the draft it shows
    assert f"{len(DRAFT)} characters written" in learner.item(0).inner_text()
    assert learner.events("reflection") == []                  # a draft is not an answer
    never_left_the_page(learner, DRAFT)


def test_draft_survives_a_closed_window(de_escalation):
    learner = de_escalation.open("looking-back")
    learner.item(1).locator("textarea").fill(DRAFT)
    context = learner.page.context
    learner.page.close()
    again = Learner(context.new_page(), learner.base).open("looking-back")
    assert again.item(1).locator("textarea").input_value() == DRAFT


def test_coaching_draft_keeps_ticked_feelings_and_words(insurance):
    learner = insurance.open("through-her-eyes")
    both = learner.page.locator("main [data-item]", has=learner.page.locator("[data-feeling]")).first
    index = both.get_attribute("data-item")
    both.locator("[data-feeling=embarrassed]").check()
    both.locator("[data-feeling=stressed]").check()
    both.locator("textarea").fill(WORDS)
    learner.reload()
    both = learner.item(int(index))
    assert both.locator("[data-feeling=embarrassed]").is_checked()
    assert both.locator("[data-feeling=stressed]").is_checked()
    assert not both.locator("[data-feeling=angry]").is_checked()
    assert both.locator("textarea").input_value() == WORDS
    # the feelings picker's one Tab stop is a ticked feeling
    assert both.locator("[data-feeling][tabindex='-1']").count() == both.locator("[data-feeling]").count() - 1
    assert both.locator("[data-feeling=embarrassed]").get_attribute("tabindex") is None
    assert learner.events("coaching") == []
    never_left_the_page(learner, WORDS)


def test_submitting_replaces_the_draft_and_a_later_edit_is_a_draft_again(de_escalation):
    learner = de_escalation.open("looking-back")
    first = learner.item(0)
    first.locator("textarea").fill(DRAFT)
    first.locator("[data-act=submit]").click()
    assert "Your answer is saved." in learner.item(0).inner_text()
    assert learner.page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':drafts'))"
                                 ".map(k => JSON.parse(localStorage[k])).every(d => !('4.0' in d))")
    learner.item(0).locator("textarea").fill(DRAFT + " More.")
    learner.act("next")
    learner.act("back")
    assert learner.item(0).locator("textarea").input_value() == DRAFT + " More."
    assert learner.state()["texts"]["4.0"] == DRAFT                 # the answer is still the submitted one


def test_two_tabs_keep_each_others_drafts(de_escalation):
    learner = de_escalation.open("looking-back")
    other = Learner(learner.page.context.new_page(), learner.base).open("looking-back")
    learner.item(0).locator("textarea").fill(DRAFT)
    other.item(1).locator("textarea").fill(WORDS)
    learner.reload()
    assert learner.item(0).locator("textarea").input_value() == DRAFT
    assert learner.item(1).locator("textarea").input_value() == WORDS


def test_a_changed_answer_says_it_is_not_submitted_until_it_is(de_escalation):
    learner = de_escalation.open("looking-back")
    box = learner.item(0)
    box.locator("textarea").fill(DRAFT)
    box.locator("[data-act=submit]").click()
    assert learner.item(0).locator(".msg").inner_text() == "Your answer is saved."
    learner.item(0).locator("textarea").fill(DRAFT + " Then he left.")
    assert "press Submit" in learner.item(0).locator(".msg").inner_text()
    learner.act("next")
    learner.act("back")                                         # the draft is shown, and said to be one
    assert "press Submit" in learner.item(0).locator(".msg").inner_text()
    learner.item(0).locator("[data-act=submit]").click()
    assert learner.item(0).locator(".msg").inner_text() == "Your answer is saved."


def test_ratings_ticked_and_not_submitted_are_kept_and_said_to_be_so(de_escalation):
    learner = de_escalation.open("how-did-it-go")
    items = learner.page.locator("main [data-item]")
    for i in range(items.count()):
        learner.item(i).locator("input[type=radio]").nth(1).check()    # ticked, never submitted
    assert "Not submitted yet" in learner.item(0).locator(".msg").inner_text()
    learner.act("next")
    learner.act("back")
    for i in range(items.count()):
        assert learner.item(i).locator("input[type=radio]").nth(1).is_checked(), i
        assert "Not submitted yet" in learner.item(i).locator(".msg").inner_text()
    learner.reload()
    assert learner.item(0).locator("input[type=radio]").nth(1).is_checked()
    assert learner.events("rating") == [] and learner.state()["answers"] == {}    # a draft is not an answer
    learner.item(0).locator("[data-act=submit]").click()
    assert learner.item(0).locator(".msg").inner_text() == "Your answer is saved."
    learner.item(0).locator("input[type=radio]").nth(2).check()           # changed: a draft again
    assert "press Submit" in learner.item(0).locator(".msg").inner_text()
    learner.item(0).locator("input[type=radio]").nth(1).check()           # back to the answer
    assert learner.item(0).locator(".msg").inner_text() == "Your answer is saved."


def test_a_quiz_answer_ticked_and_not_submitted_is_kept(page, package):
    learner = Learner(page, package(REPO / "courses" / "fee-waiver")).open("check-yourself")
    learner.item(1).locator("input").nth(0).check()
    learner.item(1).locator("input").nth(2).check()
    learner.act("back")
    learner.act("next")
    ticked = [learner.item(1).locator("input").nth(k).is_checked() for k in range(4)]
    assert ticked == [True, False, True, False]
    assert "Not submitted yet" in learner.item(1).locator(".msg").inner_text()
    assert learner.events("quiz") == []


def test_an_answered_quiz_question_shows_its_answer_not_a_stale_draft(page, package):
    """A draft left on this device (ticked here, answered on another device) never shows
    on a question that is answered and locked."""
    learner = Learner(page, package(REPO / "courses" / "fee-waiver")).open("check-yourself")
    learner.item(0).locator("input").nth(1).check()
    learner.item(0).locator("[data-act=submit]").click()
    page.evaluate("""() => {
      const k = Object.keys(localStorage).find(k => k.endsWith(':drafts'));
      const all = JSON.parse(localStorage.getItem(k) || '{}');
      all[EmpathyPlayer.state().page + '.0'] = {f: [0]};
      localStorage.setItem(k, JSON.stringify(all));
    }""")
    learner.reload()
    ticked = [learner.item(0).locator("input").nth(k).is_checked() for k in range(3)]
    assert ticked == [False, True, False]
    assert "(your choice)" not in learner.item(0).locator("li").nth(0).inner_text()


def test_a_reflection_never_submitted_says_its_words_are_not_submitted_yet(de_escalation):
    learner = de_escalation.open("looking-back")
    learner.item(0).locator("textarea").fill(DRAFT)
    assert "Not submitted yet" in learner.item(0).locator(".msg").inner_text()
    learner.act("next")
    learner.act("back")
    assert learner.item(0).locator("textarea").input_value() == DRAFT
    assert "Not submitted yet" in learner.item(0).locator(".msg").inner_text()
    assert learner.item(1).locator(".msg").inner_text() == ""        # nothing typed there
