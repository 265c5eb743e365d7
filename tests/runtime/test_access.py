"""Accessibility: axe-core (WCAG 2.0 and 2.1, A and AA) on every page kind and state, a
keyboard-only walkthrough, right-to-left layout, phone width, 200% zoom and a reader's own
text spacing."""
from __future__ import annotations

import pytest
from player_helpers import EXAMPLE_COURSES, REPO, TEST_COURSES, Learner, axe_violations

REPO_COURSES = REPO / "courses"

pytestmark = pytest.mark.browser


@pytest.fixture(params=["kinds-inline", "kinds-deferred"])
def learner(request, page, deferred_built, serve):
    """The all-kinds course with kinds.js inside player.js and deferred (focus and axe
    must hold after a page is rendered a second time, when kinds.js came)."""
    deferred = request.param == "kinds-deferred"
    return Learner(page, serve(deferred_built(TEST_COURSES / "all-kinds", "web", deferred)))


def test_axe_on_every_page_kind_and_scenario_state(learner, axe_source):
    learner.open()
    states = {}
    for pid in ["welcome", "talk", "story", "coach", "reflect", "rate", "check", "example"]:
        learner.go(pid)
        states[pid] = axe_violations(learner.page, axe_source)
    learner.go("talk")
    learner.act("accept-warning")
    states["node"] = axe_violations(learner.page, axe_source)
    learner.page.locator("[data-act=choice]").first.click()
    states["feedback"] = axe_violations(learner.page, axe_source)
    learner.act("continue")
    learner.choose("embarrassing")
    learner.act("playback")
    states["ending+playback"] = axe_violations(learner.page, axe_source)
    learner.go("coach")
    learner.item(0).locator("[data-feeling=hurt]").check()
    learner.item(0).locator("[data-act=submit]").click()
    learner.act("reveal")
    states["model answer"] = axe_violations(learner.page, axe_source)
    learner.go("check")
    learner.item(0).locator("input").first.check()
    learner.item(0).locator("[data-act=submit]").click()
    states["quiz feedback"] = axe_violations(learner.page, axe_source)
    learner.act("menu")
    states["menu open"] = axe_violations(learner.page, axe_source)
    assert {k: v for k, v in states.items() if v} == {}


def test_axe_on_the_states_between(learner, axe_source):
    """The states the test above passes by: a page waiting for kinds.js, a content warning,
    a skipped scenario, every message refusing an answer, a draft, a quiz opened again, the
    parts left before Finish, and the read-only course after it."""
    page = learner.page
    states = {}
    held = []
    page.route("**/assets/kinds.js", lambda route: held.append(route))
    learner.open()
    learner.act("next")
    if page.get_attribute("main", "aria-busy"):  # (kinds.js inside player.js: nothing to wait for)
        states["loading"] = axe_violations(page, axe_source)
        while not held:
            page.wait_for_timeout(20)
        held[0].continue_()
    page.locator(".warning [data-act=accept-warning]").wait_for()
    states["content warning"] = axe_violations(page, axe_source)
    page.locator(".warning [data-act=opt-out]").click()
    learner.go("talk")
    states["skipped"] = axe_violations(page, axe_source)
    for pid in ["coach", "reflect", "rate", "check"]:
        learner.go(pid)
        learner.item(0).locator("[data-act=submit]").click()
        states[pid + " refused"] = axe_violations(page, axe_source)
    learner.go("coach")
    learner.item(0).locator("textarea").fill("He is tired")
    states["draft"] = axe_violations(page, axe_source)
    learner.go("check")
    for i in (0, 1):
        learner.item(i).locator("input").first.check()
        learner.item(i).locator("[data-act=submit]").click()
    learner.act("retake")
    states["retaken"] = axe_violations(page, axe_source)
    learner.go("example")
    learner.act("finish")
    states["parts left"] = axe_violations(page, axe_source)
    learner.act("finish")
    states["finished"] = axe_violations(page, axe_source)
    learner.go("coach")
    states["read-only"] = axe_violations(page, axe_source)
    assert {k: v for k, v in states.items() if v} == {}
    assert learner.errors == []


@pytest.mark.parametrize("course", EXAMPLE_COURSES, ids=lambda p: p.name)
def test_axe_on_every_page_of_every_example_course(page, package, axe_source, course):
    learner = Learner(page, package(course)).open()
    found = {}
    count = page.evaluate("JSON.parse(document.getElementById('course').textContent).pages.length")
    for _ in range(count):
        found[learner.current] = axe_violations(page, axe_source)
        if page.locator("[data-act=next]").count():
            learner.act("next")
    assert {k: v for k, v in found.items() if v} == {}
    assert learner.errors == []


def test_keyboard_only_walkthrough_of_a_scenario_to_an_ending(learner):
    """Tab, Shift+Tab, Enter and Space only: from the first page to a scenario ending."""
    page = learner.page
    learner.open()

    def tab_to(selector: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("[data-act=next]")
    page.keyboard.press("Enter")
    assert learner.current == "talk"
    assert page.evaluate("document.activeElement.tagName") == "H1"
    tab_to("[data-act=accept-warning]")
    page.keyboard.press("Space")
    tab_to("[data-act=choice]")                              # first choice: introduce yourself
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.className") == "feedback"
    tab_to("[data-act=continue]")
    page.keyboard.press("Enter")
    tab_to("[data-act=choice]")                              # "That sounds really embarrassing."
    page.keyboard.press("Space")
    tab_to("[data-act=continue]")
    page.keyboard.press("Enter")
    assert "Ending: Trust restored" in learner.text(".ending")
    tab_to("[data-act=playback]")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "playback"
    # focus is always visible: the theme draws an outline on :focus-visible
    tab_to("[data-act=retry]")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_keyboard_feelings_picker_is_one_tab_stop(learner):
    """A feelings picker (68+ checkboxes) is one Tab stop: the arrow keys move inside it,
    Space ticks, Tab leaves it, and it remembers the feeling last focused."""
    page = learner.page
    learner.open("coach")
    feelings = page.evaluate("JSON.parse(document.getElementById('course').textContent).feelings")
    assert len(feelings) > 60
    focused = "() => document.activeElement.dataset.feeling || document.activeElement.dataset.act || document.activeElement.tagName"
    page.focus("main h1")
    visited = []
    for _ in range(10):                       # h1 -> ... -> the first item's Submit
        page.keyboard.press("Tab")
        visited.append(page.evaluate(focused))
        if page.evaluate("document.activeElement.matches(\"[data-item='0'] [data-act=submit]\")"):
            break
    assert visited[-1] == "submit", visited
    assert [v for v in visited if v in feelings] == [feelings[0]], visited   # one stop, not 68
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == feelings[0]
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(focused) == feelings[2]
    page.keyboard.press("Space")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Space")
    page.keyboard.press("End")
    assert page.evaluate(focused) == feelings[-1]
    page.keyboard.press("ArrowRight")                          # wraps round
    assert page.evaluate(focused) == feelings[0]
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(focused) == feelings[-1]
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")                                 # leaves the group
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.press("Shift+Tab")                           # back to where it was
    assert page.evaluate(focused) == feelings[1]
    assert page.evaluate("[...document.querySelectorAll('[data-feeling]')].filter(i => i.tabIndex >= 0).length") == 1
    # right to left, ArrowLeft moves on
    page.evaluate("document.documentElement.dir = 'rtl'")
    page.keyboard.press("ArrowLeft")
    assert page.evaluate(focused) == feelings[2]
    page.evaluate("document.documentElement.dir = 'ltr'")
    page.keyboard.press("Tab")
    page.keyboard.type("He feels small.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")                               # Submit
    assert learner.events("coaching")[-1]["feelings"] == feelings[1:3]
    # re-rendered after submitting: the Tab stop is the first ticked feeling
    stops = page.evaluate("[...document.querySelectorAll('[data-feeling]')].filter(i => i.tabIndex >= 0).map(i => i.dataset.feeling)")
    assert stops == [feelings[1]]
    # the picker says how it works, to everyone and as the group's description
    hint = page.locator("[data-item='0'] fieldset.feelings")
    described = hint.get_attribute("aria-describedby")
    assert "arrow keys" in page.inner_text(f"[id='{described}']")


def test_every_picker_on_a_page_is_one_tab_stop(page, package):
    learner = Learner(page, package(REPO_COURSES / "insurance-denied")).open("through-her-eyes")
    pickers = page.locator("fieldset.feelings").count()
    assert pickers == 2
    stops = page.evaluate("[...document.querySelectorAll('[data-feeling]')].filter(i => i.tabIndex >= 0).length")
    assert stops == pickers
    assert learner.errors == []


def test_arabic_course_is_right_to_left_with_arabic_strings(page, package, axe_source):
    learner = Learner(page, package(TEST_COURSES / "arabic")).open()
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert page.inner_text("[data-act=next]") == "التالي"
    assert page.inner_text("#where") == "الصفحة 1 من 2"
    # the Next button sits on the left in a right-to-left layout
    box = page.locator("[data-act=next]").bounding_box()
    assert box["x"] < page.viewport_size["width"] / 2
    assert axe_violations(page, axe_source) == []
    learner.act("next")
    assert page.inner_text("[data-act=submit]") == "إرسال"
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("width,zoom", [(320, 1), (1280, 2)])
def test_no_horizontal_scrolling_on_phones_or_at_200_percent(page, package, width, zoom):
    page.set_viewport_size({"width": width, "height": 800})
    learner = Learner(page, package(TEST_COURSES / "all-kinds")).open()
    page.evaluate(f"document.documentElement.style.zoom = {zoom}")
    for pid in ["welcome", "talk", "coach", "rate", "check", "example"]:
        learner.go(pid)
        if pid == "talk":
            learner.act("accept-warning")
        wide = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")
        assert not wide, pid


# WCAG 1.4.12: the spacing a reader may set in their own style sheet, at its limits.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: .12em !important;
  word-spacing: .16em !important; } p { margin-block-end: 2em !important; }"""


# What sticks out at the end of the line (the start, right to left), but for a data
# table's cells: a table may scroll sideways (WCAG 1.4.10 excepts it), nothing else may.
STICKING_OUT = """() => {
  const w = document.documentElement.clientWidth;
  return [...document.body.querySelectorAll('*')].filter((e) => !e.closest('table, .sr, [hidden]'))
    .filter((e) => { const r = e.getBoundingClientRect(); return r.width && (r.right > w + 1 || r.left < -1); })
    .map((e) => e.tagName + '.' + e.className);
}"""


@pytest.mark.parametrize("course", [*EXAMPLE_COURSES, TEST_COURSES / "arabic"], ids=lambda p: p.name)
def test_nothing_sticks_out_on_a_phone_with_wider_text_spacing(page, package, course):
    """320 px wide, with a reader's own letter, word and line spacing (WCAG 1.4.12), in the
    states with the most text: a scenario's feedback and ending, answered questions."""
    page.set_viewport_size({"width": 320, "height": 800})
    learner = Learner(page, package(course)).open()
    page.add_style_tag(content=TEXT_SPACING)
    out = {}
    for pid, kind in page.evaluate("JSON.parse(document.getElementById('course').textContent).pages.map(p => [p.id, p.kind])"):
        learner.go(pid)
        out[pid] = page.evaluate(STICKING_OUT)
        if kind == "scenario":
            learner.page.locator(".warning [data-act=accept-warning]").click()
            while page.locator("[data-act=choice]").count():
                page.locator("[data-act=choice]").last.click()
                out[pid + " feedback"] = page.evaluate(STICKING_OUT)
                learner.act("continue")
            learner.act("playback")
            out[pid + " ending"] = page.evaluate(STICKING_OUT)
        for item in page.locator("main [data-item]").all():
            if item.locator("input").count():
                item.locator("input").first.check()
            if item.locator("textarea").count():
                item.locator("textarea").fill("Long enough for any prompt's least length, I would think.")
            item.locator("[data-act=submit]").click()
        if kind in ("coaching", "reflection", "self-rating", "quiz"):
            out[pid + " answered"] = page.evaluate(STICKING_OUT)
    assert {k: v for k, v in out.items() if v} == {}
    assert learner.errors == []


def test_spanish_course_uses_the_spanish_catalogue(page, package):
    learner = Learner(page, package(REPO_COURSES / "escucha-activa")).open()
    assert page.get_attribute("html", "lang").startswith("es") and page.get_attribute("html", "dir") == "ltr"
    assert page.inner_text("[data-act=next]") == "Siguiente"
    assert page.inner_text("[data-act=menu]") == "Páginas"
    assert page.inner_text("#where").startswith("Página 1 de ")
    assert page.inner_text("main .callout-support .callout-title") == "Apoyo"   # a callout's label
    assert learner.errors == []


HEADINGS_OUT_OF_ORDER = """() => {
  let last = 0;
  const jumps = [];
  for (const h of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
    const level = +h.tagName[1];
    if (last && level > last + 1) jumps.push(`h${last} -> h${level} ${h.textContent.trim().slice(0, 40)}`);
    last = level;
  }
  return jumps;
}"""


def test_each_question_is_a_heading_and_its_controls_say_which_question(learner):
    """Question titles are h2 headings (to move by); text boxes and buttons, of which a page
    has many, are named after their question, not only "Your answer" and "Submit"."""
    page = learner.page
    learner.open("coach")
    assert page.locator("main h2").all_inner_texts() == ["How is he feeling?", "What is he thinking?"]
    for title in ["How is he feeling?", "What is he thinking?"]:
        assert page.get_by_role("textbox", name=f"{title} Your answer", exact=True).count() == 1
        assert page.get_by_role("button", name=f"Submit {title}", exact=True).count() == 1
    feelings = page.get_by_role("group", name="How is he feeling? Which feelings do you notice?", exact=True)
    assert feelings.count() == 1
    feelings.locator("[data-feeling=hurt]").check()
    page.get_by_role("button", name="Submit How is he feeling?", exact=True).click()
    page.get_by_role("button", name="Show a model answer How is he feeling?", exact=True).click()
    assert page.evaluate(HEADINGS_OUT_OF_ORDER) == []          # h1, h2 question, h3 model answer
    learner.go("reflect")
    assert page.locator("main h2").all_inner_texts() == ["What happened", "Next time"]
    for title in ["What happened", "Next time"]:
        assert page.get_by_role("textbox", name=f"{title} Your answer", exact=True).count() == 1
        assert page.get_by_role("button", name=f"Submit {title}", exact=True).count() == 1
    learner.go("check")
    assert page.locator("main h2").all_inner_texts() == ["First words", "Good moves"]
    for title in ["First words", "Good moves"]:
        assert page.get_by_role("group", name=title, exact=True).count() == 1
        assert page.get_by_role("button", name=f"Submit {title}", exact=True).count() == 1
    learner.go("rate")
    assert page.locator("main [data-item] h2").all_inner_texts() == ["Calm", "Empathy"]
    for title in ["Calm", "Empathy"]:
        assert page.get_by_role("radiogroup", name=title, exact=True).count() + \
            page.get_by_role("group", name=title, exact=True).count() == 1
        assert page.get_by_role("button", name=f"Submit {title}", exact=True).count() == 1
    assert learner.errors == []


@pytest.mark.parametrize("course", EXAMPLE_COURSES, ids=lambda p: p.name)
def test_headings_never_skip_a_level(page, package, course):
    learner = Learner(page, package(course)).open()
    jumps = {}
    for pid in page.evaluate("JSON.parse(document.getElementById('course').textContent).pages.map(p => p.id)"):
        learner.go(pid)
        jumps[pid] = page.evaluate(HEADINGS_OUT_OF_ORDER)
    assert {k: v for k, v in jumps.items() if v} == {}


def test_callouts_are_told_apart_by_their_title_and_colours(page, package, axe_source):
    """::: note, tip, warning and support on a first page: styled by player.css (kinds.css
    is not loaded there), each titled in words, each with its own colours."""
    learner = Learner(page, package(TEST_COURSES / "all-kinds")).open()
    callouts = page.locator("main aside.callout")
    assert callouts.count() == 4
    # (an author's own title keeps the kind's label for screen readers, visually hidden)
    titles = [" ".join(t.split()) for t in page.locator("main .callout-title").all_text_contents()]
    assert titles == ["Note", "Tip", "Warning: Mind the raised voice", "Support"]
    looks = page.evaluate("""[...document.querySelectorAll('main aside.callout')].map(a => {
        const s = getComputedStyle(a);
        return [s.backgroundColor, s.borderLeftColor, s.borderLeftWidth, s.borderRightWidth];
    })""")
    assert len({(bg, border) for bg, border, _, _ in looks}) == 4, looks
    assert all(start == "6px" and end == "1px" for _, _, start, end in looks), looks
    assert not [u for u in page.evaluate("performance.getEntriesByType('resource').map(r => r.name)") if "kinds." in u]
    assert axe_violations(page, axe_source) == []
    # right to left, the thick edge is on the right, and the label is in the course language
    arabic = Learner(page, package(TEST_COURSES / "arabic")).open()
    tip = page.locator("main aside.callout-tip")
    assert tip.locator(".callout-title").inner_text() == "نصيحة"
    assert tip.evaluate("a => getComputedStyle(a).borderRightWidth") == "6px"
    assert axe_violations(page, axe_source) == []
    assert learner.errors == [] and arabic.errors == []
