"""Finish: with required parts left it says which and asks again; it then ends the
session with focus on the thank-you notice, and the course becomes read-only (nothing
answered after the session has ended could be recorded)."""
from __future__ import annotations

import pytest
from player_helpers import REPO, Learner, axe_violations

pytestmark = pytest.mark.browser

FOCUSED = "() => { const e = document.activeElement; return {tag: e.tagName, act: e.dataset.act || null, text: e.textContent}; }"


@pytest.fixture
def insurance(page, package):
    return Learner(page, package(REPO / "courses" / "insurance-denied"))


def test_finish_with_parts_left_asks_then_ends_with_focus_on_the_notice(insurance, axe_source):
    learner = insurance.open("a-call-that-worked")             # the last page, straight from a link: nothing done yet
    learner.page.locator("[data-act=finish]").focus()
    learner.page.keyboard.press("Enter")
    left = learner.page.locator("#left")
    assert "not finished yet" in left.inner_text()
    assert [a.get_attribute("href") for a in left.locator("a").all()] == ["#welcome", "#through-her-eyes", "#the-call"]
    finish = learner.page.locator("[data-act=finish]")
    assert finish.inner_text() == "Finish anyway" and finish.get_attribute("aria-describedby") == "left"
    assert learner.page.evaluate(FOCUSED)["act"] == "finish"   # still on the button
    learner.page.wait_for_function("document.getElementById('announce').textContent.includes('Through her eyes')")
    assert learner.calls("finish") == 0                         # nothing ended yet
    assert axe_violations(learner.page, axe_source) == []

    learner.page.keyboard.press("Enter")
    learner.page.wait_for_function("window.__calls.finish === 1")
    focused = learner.page.evaluate(FOCUSED)
    assert focused["tag"] == "P" and focused["text"].startswith("Thank you.")
    assert finish.is_disabled()
    assert learner.page.locator("#left").count() == 0
    assert axe_violations(learner.page, axe_source) == []


def test_after_finish_the_course_is_read_only_and_says_so(insurance):
    learner = insurance.open("a-call-that-worked")
    learner.act("finish")
    learner.act("finish")
    learner.page.wait_for_function("window.__calls.finish === 1")
    learner.go("through-her-eyes")
    notice = learner.page.locator("main .notice.ended")
    assert "This session has ended" in notice.inner_text()
    assert learner.page.locator("main [data-act=submit]:not([disabled])").count() == 0
    assert learner.page.locator("main input:not([disabled])").count() == 0
    assert learner.page.locator("main textarea:not([readonly])").count() == 0
    assert learner.page.locator("main [data-act=next]").is_enabled()     # moving on still works
    learner.go("the-call")
    assert learner.page.locator("main [data-act=accept-warning]").is_disabled()
    assert learner.page.locator("main .notice.ended").count() == 1
    assert learner.calls("finish") == 1


def test_finish_on_a_complete_course_ends_at_once(page, package):
    learner = Learner(page, package(REPO / "courses" / "insurance-denied"))
    learner.open()
    # complete it: every page visited, the coaching answered, the scenario opted out of
    learner.go("through-her-eyes")
    for i in range(learner.page.locator("main [data-item]").count()):
        item = learner.item(i)
        if item.locator("textarea").count():
            item.locator("textarea").fill("A few words.")
        else:
            item.locator("[data-feeling]").first.check()
        item.locator("[data-act=submit]").click()
    learner.go("the-call")
    learner.act("opt-out")
    learner.go("a-call-that-worked")
    assert learner.page.evaluate("document.documentElement.dataset.complete") == "true"
    learner.act("finish")
    learner.page.wait_for_function("window.__calls.finish === 1")
    assert learner.page.locator("#left").count() == 0
    assert learner.page.evaluate(FOCUSED)["text"].startswith("Thank you.")


def test_finish_without_the_code_it_needs_ends_nothing_and_says_so(insurance):
    """Offline: the confirmation code (kinds.js) cannot be fetched. Nothing is ended in
    silence: the learner hears that it could not be loaded and can press Finish again."""
    insurance.page.route("**/assets/kinds.js", lambda route: route.abort())
    learner = insurance.open("a-call-that-worked")
    learner.act("finish")
    learner.page.wait_for_function("document.getElementById('announce').textContent.includes('could not be loaded')")
    assert learner.calls("finish") == 0
    finish = learner.page.locator("[data-act=finish]")
    assert finish.is_enabled() and finish.inner_text() == "Finish"
    learner.page.unroute("**/assets/kinds.js")
    learner.act("finish")
    learner.page.locator("#left").wait_for()                   # now it asks, as it should


def test_after_finish_the_finish_button_stays_off_on_every_page(page, package):
    """de-escalation ends on a plain page: after Finish, Back and Next must not offer
    Finish (and its thanks, "your progress is saved") again."""
    learner = Learner(page, package(REPO / "courses" / "de-escalation"))
    learner.open("what-we-learned")
    learner.act("finish")
    learner.page.locator("#left").wait_for()                    # (kinds.js has come)
    learner.act("finish")                                       # finish anyway
    learner.page.wait_for_function("window.__calls.finish === 1")
    learner.act("back")
    learner.act("next")
    assert learner.page.locator("main [data-act=finish]").is_disabled()
    assert learner.calls("finish") == 1


def test_a_double_click_on_finish_is_not_finish_anyway(page, package):
    """de-escalation ends on a plain page, so the confirmation (kinds.js) is fetched at the
    first press of Finish. A double click asks, and ends nothing: only a press of its own
    on "Finish anyway" does."""
    learner = Learner(page, package(REPO / "courses" / "de-escalation")).open("what-we-learned")
    assert learner.page.evaluate("!EmpathyPlayer.kit.finish")   # kinds.js not loaded yet
    finish = learner.page.locator("[data-act=finish]")
    finish.dblclick()
    learner.page.locator("#left").wait_for()
    learner.page.wait_for_timeout(300)
    assert "not finished yet" in learner.text("#left")
    assert finish.inner_text() == "Finish anyway" and finish.is_enabled()
    assert learner.calls("finish") == 0
    finish.dblclick()                                           # a deliberate press (the first click)
    learner.page.wait_for_function("window.__calls.finish === 1")
    assert finish.is_disabled()


def test_a_double_click_on_finish_asks_also_once_the_code_has_come(insurance):
    learner = insurance.open("a-call-that-worked")              # an example page: kinds.js is there
    assert learner.page.evaluate("!!EmpathyPlayer.kit.finish")
    # A theme that pins the buttons to the foot of the window keeps Finish under the
    # pointer when the list of what is left comes in: the second click lands on it too.
    learner.page.add_style_tag(content=".pager { position: fixed; bottom: 0; inset-inline: 0; margin: 0; }")
    learner.page.locator("[data-act=finish]").dblclick()
    learner.page.wait_for_timeout(300)
    assert learner.page.locator("#left").is_visible()
    assert learner.calls("finish") == 0


def test_presses_of_finish_while_its_code_comes_do_nothing_more(page, package):
    """Pressed again and again (mouse and keyboard) while kinds.js is on its way: when it
    comes, the learner sees what is left, once, and nothing has ended."""
    waiting = []
    page.route("**/assets/kinds.js", lambda route: waiting.append(route))
    learner = Learner(page, package(REPO / "courses" / "de-escalation")).open("what-we-learned")
    finish = learner.page.locator("[data-act=finish]")
    finish.click()
    finish.click()
    finish.focus()
    learner.page.keyboard.press("Enter")
    learner.page.keyboard.press("Space")
    learner.page.wait_for_timeout(200)
    assert len(waiting) == 1 and learner.page.locator("#left").count() == 0
    waiting[0].continue_()
    learner.page.locator("#left").wait_for()
    learner.page.wait_for_timeout(300)
    assert learner.page.locator("#left").count() == 1
    assert finish.inner_text() == "Finish anyway"
    assert learner.calls("finish") == 0
    learner.page.keyboard.press("Enter")                        # now, deliberately
    learner.page.wait_for_function("window.__calls.finish === 1")


DANGLING = """[...document.querySelectorAll('[aria-describedby], [aria-labelledby], [aria-controls]')]
  .flatMap(e => ['aria-describedby', 'aria-labelledby', 'aria-controls']
    .flatMap(a => (e.getAttribute(a) || '').split(/\\s+/).filter(Boolean)
      .filter(id => !document.getElementById(id)).map(id => `${e.tagName} ${a}=${id}`)))"""


def test_finishing_anyway_leaves_no_description_pointing_at_the_removed_list(insurance):
    """"Finish anyway" is described by the list of parts left; once pressed, the list is
    gone, and the button must not name it still (a screen reader says nothing or the
    wrong thing for a description that is not there)."""
    learner = insurance.open("a-call-that-worked")
    learner.act("finish")
    assert learner.page.get_attribute("[data-act=finish]", "aria-describedby") == "left"
    learner.act("finish")
    learner.page.wait_for_function("window.__calls.finish === 1")
    assert learner.page.locator("#left").count() == 0
    assert learner.page.evaluate(DANGLING) == []
