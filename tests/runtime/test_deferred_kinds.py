"""assets/kinds.js is fetched only when a page of an interactive kind is first shown:
never by a content first page, once when the learner reaches a scenario (by Next, the
menu or a resume), with "Loading…" meanwhile and one retry when the fetch fails."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def kinds_requests(learner) -> list[str]:
    return [url for url in learner.requests if url.endswith("/assets/kinds.js")]


@pytest.fixture
def logged(deferred_learner):
    learner = deferred_learner
    learner.requests = []
    learner.page.on("request", lambda request: learner.requests.append(request.url))
    return learner


def test_content_first_page_does_not_fetch_kinds_and_a_scenario_does(logged):
    logged.open()
    logged.page.wait_for_load_state("networkidle")
    assert logged.current == "welcome"
    assert kinds_requests(logged) == []

    logged.act("next")                                     # welcome -> talk (a scenario)
    logged.page.locator("[data-act=accept-warning]").first.wait_for()
    assert logged.current == "talk"
    assert len(kinds_requests(logged)) == 1
    # Focus is on the page title after the deferred render, as after any page change.
    assert logged.page.evaluate("document.activeElement.id") == "page-title"
    assert logged.page.get_attribute("main", "aria-busy") is None

    logged.go("check")                                     # another deferred kind: no new fetch
    assert logged.item(0).locator("input[data-option]").count() > 0
    assert len(kinds_requests(logged)) == 1
    assert logged.errors == []


def test_resume_directly_onto_a_scenario(logged):
    logged.open("talk")
    logged.act("accept-warning")
    logged.choose("calm down")
    before, node = logged.state(), logged.text(".node")
    logged.page.goto("about:blank")
    logged.requests.clear()
    logged.page.goto(logged.base + "index.html")           # no hash: resume where they were
    logged.page.evaluate("EmpathyPlayer.ready")
    # Ready means usable: the scenario is rendered, with no waiting after `ready`.
    assert logged.page.evaluate("document.querySelectorAll('main [data-act=choice]').length") > 0
    assert logged.page.evaluate("document.documentElement.dataset.ready") == "true"
    assert logged.current == "talk"
    assert logged.state()["scenarios"] == before["scenarios"]
    assert logged.text(".node") == node and node
    assert len(kinds_requests(logged)) == 1


def test_menu_jump_to_a_scenario_renders_it_and_focuses_the_title(logged):
    logged.open()
    logged.act("menu")
    logged.page.locator("[data-page-link=talk]").click()
    logged.page.locator("[data-act=accept-warning]").first.wait_for()
    assert logged.current == "talk"
    assert logged.page.evaluate("document.activeElement.id") == "page-title"
    assert logged.page.get_attribute("[data-act=menu]", "aria-expanded") == "false"


def test_a_failed_fetch_is_retried_once_then_explained_and_tried_again_later(logged):
    logged.page.route("**/assets/kinds.js", lambda route: route.abort())
    logged.open()
    logged.act("next")
    alert = logged.page.locator("main [role=alert]")
    alert.wait_for()
    assert "could not be loaded" in alert.inner_text()
    assert len(kinds_requests(logged)) == 2                # the first try and one retry
    assert logged.page.get_attribute("main", "aria-busy") is None
    assert logged.page.locator("main [data-act=next]").count() == 1   # the learner can move on

    logged.page.unroute("**/assets/kinds.js")
    logged.act("back")
    logged.act("next")                                     # back to the scenario: fetched again
    logged.page.locator("[data-act=accept-warning]").first.wait_for()
    assert logged.current == "talk"
    assert len(kinds_requests(logged)) == 3


def test_loading_notice_while_kinds_js_is_on_its_way(logged):
    held = []
    logged.page.route("**/assets/kinds.js", lambda route: held.append(route))
    logged.open()
    logged.act("next")
    notice = logged.page.locator("main [role=status]")
    notice.wait_for()
    assert notice.inner_text() == "Loading…"
    assert logged.page.get_attribute("main", "aria-busy") == "true"
    assert logged.page.locator("main [data-act]").count() == 0   # nothing half-rendered to press
    logged.page.wait_for_function("() => true")
    assert held, "kinds.js was requested"
    held[0].continue_()
    logged.page.locator("[data-act=accept-warning]").first.wait_for()
    assert logged.page.get_attribute("main", "aria-busy") is None


def test_kinds_js_arriving_late_leaves_the_focus_where_the_learner_put_it(logged):
    """The page is drawn again when kinds.js comes: the title gets the focus back only if
    the learner left it there (test_menu_jump_...), never pulled away from the menu they
    opened meanwhile."""
    held = []
    logged.page.route("**/assets/kinds.js", lambda route: held.append(route))
    logged.open()
    logged.act("next")
    logged.page.locator("main [role=status]").wait_for()
    logged.act("menu")
    logged.page.keyboard.press("Escape")
    assert logged.page.evaluate("document.activeElement.dataset.act") == "menu"
    held[0].continue_()
    logged.page.locator("[data-act=accept-warning]").first.wait_for()
    assert logged.page.evaluate("document.activeElement.dataset.act") == "menu"



def test_kinds_js_arriving_late_does_not_read_the_title_out_again(logged):
    """The title took the focus when the learner moved; when kinds.js comes and the page is
    drawn again, the same title keeps it. A new title taking the focus would make a screen
    reader read it out a second time, in the middle of whatever the learner is hearing."""
    held = []
    logged.page.route("**/assets/kinds.js", lambda route: held.append(route))
    logged.open()
    logged.page.evaluate("""() => { window.__titleFocus = 0;
        document.addEventListener('focusin', (e) => { if (e.target.id === 'page-title') __titleFocus++; }); }""")
    logged.page.focus("main [data-act=next]")
    logged.page.keyboard.press("Enter")
    logged.page.locator("main [role=status]").wait_for()
    logged.page.evaluate("document.activeElement.dataset.first = 'yes'")
    held[0].continue_()
    logged.page.locator("[data-act=accept-warning]").first.wait_for()
    assert logged.page.evaluate("[document.activeElement.id, document.activeElement.dataset.first]") == \
        ["page-title", "yes"]
    assert logged.page.evaluate("__titleFocus") == 1
    assert logged.page.locator("main h1").count() == 1 and logged.page.locator("main section.page").count() == 1
    assert logged.page.locator("main [role=status]").count() == 0     # "Loading…" is gone
    assert logged.errors == []


def test_a_stylesheet_that_does_not_come_never_holds_the_page_back(logged):
    """kinds.css only styles: when it fails (404) the scenario still renders and works;
    when it never answers, the page waits for it 3 s at most."""
    logged.page.route("**/assets/kinds.css", lambda route: route.fulfill(status=404, body=""))
    logged.open()
    logged.act("next")
    logged.page.locator("[data-act=accept-warning]").first.wait_for()
    assert logged.page.get_attribute("main", "aria-busy") is None
    assert logged.page.locator("main [role=alert]").count() == 0

    held = []
    logged.page.unroute("**/assets/kinds.css")
    logged.page.route("**/assets/kinds.css", lambda route: held.append(route))
    logged.reload()
    logged.page.locator("[data-act=accept-warning]").first.wait_for(timeout=6000)
    assert held, "the stylesheet was asked for again"
