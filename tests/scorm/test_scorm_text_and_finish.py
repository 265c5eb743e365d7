"""What reaches the LMS of the learner's words, and after Finish (audit issues 2, 3 and 5).

- With `xapi.send_reflection_text: false` (fee-waiver, insurance-denied) no reflection or
  coaching text is in any value the SCO sets: not in cmi.suspend_data, not in an
  interaction's response. Only that a prompt was answered. A relaunch on the same device
  (same browser storage) still shows the words.
- Finish with required parts left says which and asks again; after Finish the course is
  read-only, so it never says an answer is saved that the LMS will not get.
"""
from __future__ import annotations

import pytest

from compiler.verify import site
from compiler.verify.browser import LMSLaunch
from scorm_cases import SCORM_TARGETS

pytestmark = pytest.mark.browser

WORDS = ["The customer had been charged twice for the same month, and asked me why.",
         "I said I could see the second charge and would refund it today.",
         "She calmed down at once, and I felt proud of how I handled it."]
COACHING = "She is thinking that everyone in the waiting room heard it."


def every_value_set(run) -> str:
    return "\n".join(str(value) for _, value, _ in run["sets"])


def menu_to(lms, page_id: str) -> None:
    lms.sco.locator("[data-act=menu]").click()
    lms.sco.locator(f"[data-page-link={page_id}]").click()
    lms.sco.wait_for_function(f"() => document.documentElement.dataset.page === '{page_id}' && "
                              "!document.getElementById('main').hasAttribute('aria-busy')")


def relaunch_here(lms, scorm_site, course: str, target: str, loaded):
    """Close the SCO and open it again from the LMS in the same browser (same storage)."""
    version = SCORM_TARGETS[target]
    lms.leave()
    cmi = {**site.mastery_cmi(loaded.mastery, version), **site.relaunch_cmi(lms.results()["cmi"], version)}
    return LMSLaunch(lms.page.context.new_page(), scorm_site(course, target), version, cmi=cmi)


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_reflection_words_never_reach_the_lms(target, launch, scorm_site, model):
    lms = launch("fee-waiver", target)
    menu_to(lms, "looking-back")
    items = lms.sco.locator("main [data-item]")
    for i, words in enumerate(WORDS):
        assert "Your answer stays on this device." in items.nth(i).inner_text()
        items.nth(i).locator("textarea").fill(words)
        items.nth(i).locator("[data-act=submit]").click()
        assert "Your answer is saved." in items.nth(i).inner_text()
    run = lms.results()
    assert run["errors"] == []
    sent = every_value_set(run)
    for words in WORDS:
        assert words not in sent
    assert "~" not in run["cmi"]["cmi.suspend_data"]              # no texts part at all
    # each answer is still recorded as answered (an interaction without the words)
    answered = [k for k in run["cmi"] if k.startswith("cmi.interactions.") and k.endswith(".id")]
    assert len(answered) == 3

    again = relaunch_here(lms, scorm_site, "fee-waiver", target, model("fee-waiver"))
    assert again.current_page == "looking-back"
    items = again.sco.locator("main [data-item]")
    assert [items.nth(i).locator("textarea").input_value() for i in range(3)] == WORDS


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_coaching_words_never_reach_the_lms(target, launch):
    lms = launch("insurance-denied", target)
    menu_to(lms, "through-her-eyes")
    first = lms.sco.locator("main [data-item='0']")
    first.locator("[data-act=submit]").click()                 # empty: a text-only question
    assert "Please write an answer first." in first.inner_text()
    first.locator("textarea").fill(COACHING)
    first.locator("[data-act=submit]").click()
    run = lms.results()
    assert COACHING not in every_value_set(run)
    assert run["cmi"]["cmi.suspend_data"]


def test_finish_asks_when_parts_are_left_then_the_course_is_read_only(launch):
    lms = launch("fee-waiver", "scorm12")
    menu_to(lms, "looking-back")
    finish = lms.sco.locator("[data-act=finish]")
    finish.click()
    left = lms.sco.locator("#left")
    assert "not finished yet" in left.inner_text()
    titles = left.locator("a").all_inner_texts()
    assert "Looking back" in titles and "Check yourself" in titles
    assert not lms.results()["terminated"]
    finish.click()                                              # "Finish anyway"
    assert lms.wait_terminated()
    ended = lms.results()
    assert "Thank you." in lms.sco.locator("main p.notice[tabindex='-1']").inner_text()
    # nothing a learner could answer now would reach the LMS: so nothing can be answered
    items = lms.sco.locator("main [data-item]")
    assert items.count() == 3
    assert lms.sco.locator("main [data-act=submit]:not([disabled])").count() == 0
    assert lms.sco.locator("main textarea:not([readonly])").count() == 0
    assert "Your answer is saved." not in lms.sco.locator("main").inner_text()
    menu_to(lms, "check-yourself")
    assert "This session has ended" in lms.sco.locator("main .notice.ended").inner_text()
    assert lms.sco.locator("main input:not([disabled])").count() == 0
    assert len(lms.results()["calls"]) == len(ended["calls"])  # and the LMS heard nothing more
