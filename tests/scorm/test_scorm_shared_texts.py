"""Learner texts in suspend data (a course with `xapi.send_reflection_text: true`: the
all-kinds test course), across devices and at SCORM 1.2's 4096 characters.

- A newer answer written on another device wins over this device's older copy: the copy
  in localStorage wins only over the cut-short beginning of itself (state.js marks a cut
  text) or where the suspend data has no text.
- Long answers share the room: each is cut to the same length, none dropped.
- Every cut is on whole characters (an emoji is never split: encodeURIComponent would
  throw), in suspend data and in interaction responses.
- On a device without the full words, an answer whose text was cut says so
  (`savedElsewhere`), not "Your answer is saved."
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.verify import site
from compiler.verify.browser import LMSLaunch
from scorm_cases import SCORM_TARGETS

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "tests" / "runtime" / "courses" / "all-kinds"
STRINGS = json.loads((REPO / "compiler" / "catalogues" / "en.json").read_text(encoding="utf-8"))
# (page, item) of the shared texts: coaching "both" and "text" questions, reflection prompt
# `private: false`; and the private prompt, whose words never leave the device.
SHARED = [("coach", 0), ("coach", 1), ("reflect", 1)]
PRIVATE = ("reflect", 0)
VALID_UTF16 = """(values) => values.filter((v) => { try { encodeURIComponent(v); return false; }
                                            catch (e) { return true; } })"""


def answer(lms, page: str, item: int, text: str) -> None:
    sco = lms.sco
    sco.evaluate("(id) => EmpathyPlayer.goTo(id)", page)
    box = sco.locator(f"main [data-item='{item}']")
    if box.locator("input[data-feeling]").count():
        box.locator("input[data-feeling]").first.check()
    box.locator("textarea").fill(text)
    box.locator("[data-act=submit]").click()
    assert box.locator(".msg").inner_text() == STRINGS["saved"]


def shown(lms, page: str, item: int) -> tuple[str, str]:
    """What the item's box holds, and what it says about the answer."""
    lms.sco.evaluate("(id) => EmpathyPlayer.goTo(id)", page)
    box = lms.sco.locator(f"main [data-item='{item}']")
    return box.locator("textarea").input_value(), box.locator(".msg").inner_text()


def relaunch(context, base: str, version: str, before) -> LMSLaunch:
    """The next launch of the attempt, in CONTEXT's browser (its storage: a device)."""
    before.leave()
    return LMSLaunch(context.new_page(), base, version, cmi=site.relaunch_cmi(before.results()["cmi"], version))


def last_suspend_data(lms) -> str:
    return [value for element, value, _ in lms.results()["sets"] if element == "cmi.suspend_data"][-1]


@pytest.fixture
def devices(browser):
    """Two browsers of one learner: separate storage each."""
    made = [browser.new_context(), browser.new_context()]
    yield made
    for context in made:
        context.close()


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_a_newer_answer_from_another_device_wins(target, devices, scorm_site):
    version, base = SCORM_TARGETS[target], scorm_site(COURSE, target)
    old = ("The old answer, written first on the office computer, and rather long. " * 4).strip()
    new = "The new answer, from home."
    first = LMSLaunch(devices[0].new_page(), base, version)
    answer(first, "reflect", 1, old)
    other = relaunch(devices[1], base, version, first)
    assert shown(other, "reflect", 1)[0] == old
    answer(other, "reflect", 1, new)
    back = relaunch(devices[0], base, version, other)
    assert shown(back, "reflect", 1) == (new, STRINGS["saved"])
    back.sco.evaluate("() => EmpathyPlayer.goTo('rate')")     # saves again
    saved = last_suspend_data(back)
    assert new in saved and old not in saved


def test_long_answers_share_scorm12_room_on_whole_characters(devices, scorm_site):
    version, base = "1.2", scorm_site(COURSE, "scorm12")
    # an emoji just where 1.2's 255-character response is cut, and more further on
    texts = {where: "a" * 254 + "\U0001F62C" + f" answer {where}: " + "I named what I heard first \U0001F642." * 60
             for where in SHARED}
    first = LMSLaunch(devices[0].new_page(), base, version)
    for (page, item), text in texts.items():
        answer(first, page, item, text)
    answer(first, *PRIVATE, "Only for this computer.")
    run = first.results()
    assert run["errors"] == []
    assert first.page.evaluate(VALID_UTF16, [value for _, value, _ in run["sets"]]) == []
    responses = [v for k, v, _ in run["sets"] if k.endswith(".student_response") and v.startswith("a" * 200)]
    assert responses and all(v == "a" * 254 for v in responses)    # cut before the emoji, not in it

    data = last_suspend_data(first)
    assert len(data) <= 4096
    kept = first.sco.evaluate("(s) => EmpathyState.decode(s)", data)
    keys = {f"{['coach', 'reflect'].index(page) + 3}.{item}": texts[(page, item)] for page, item in SHARED}
    assert sorted(kept["texts"]) == sorted(keys)                    # none dropped
    assert kept["cut"] == kept["texts"]                             # each marked as cut
    lengths = [len(text) for text in kept["texts"].values()]
    assert max(lengths) - min(lengths) <= 1 and min(lengths) > 1000  # a fair share each
    for key, text in kept["texts"].items():
        assert keys[key].startswith(text)

    # The same computer has the full words; another has their beginning, and says so.
    same = relaunch(devices[0], base, version, first)
    for where, text in texts.items():
        assert shown(same, *where) == (text, STRINGS["saved"])
    other = relaunch(devices[1], base, version, same)
    for where, text in texts.items():
        value, message = shown(other, *where)
        assert text.startswith(value) and len(value) < len(text)
        assert message == STRINGS["savedElsewhere"]
    assert shown(other, *PRIVATE) == ("", STRINGS["savedElsewhere"])


def test_scorm2004_long_fill_in_is_cut_on_whole_characters(launch):
    lms = launch(COURSE, "scorm2004-4")
    answer(lms, "coach", 1, "a" * 3999 + "\U0001F62C" + "b" * 40)
    run = lms.results()
    assert run["errors"] == []
    assert lms.page.evaluate(VALID_UTF16, [value for _, value, _ in run["sets"]]) == []
    responses = [v for k, v, _ in run["sets"] if k.endswith(".learner_response") and v.startswith("aaa")]
    assert responses == ["a" * 3999]
