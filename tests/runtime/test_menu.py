"""The "Pages" menu opens inside the viewport at every width, left to right and right to left.

The menu button wraps to the start of the header on narrow screens (phones, 200% zoom);
the list must still be fully visible, so keyboard focus never goes to a link off screen.
"""
from __future__ import annotations

import re
import shutil

import pytest
from player_helpers import REPO, Learner, axe_violations

pytestmark = pytest.mark.browser

WIDTHS = [320, 375, 560, 1280]   # 560: 200% zoom of a 1120px window
OUTSIDE = """() => {
  const w = document.documentElement.clientWidth, h = innerHeight;
  return [...document.querySelectorAll('#menu-list a')].map((a) => {
    const r = a.getBoundingClientRect();
    return {text: a.textContent.trim(), left: Math.round(r.left), right: Math.round(r.right),
            top: Math.round(r.top), bottom: Math.round(r.bottom)};
  }).filter((r) => r.left < 0 || r.right > w || r.top < 0 || r.bottom > h);
}"""


@pytest.fixture(scope="module")
def arabic_copy(tmp_path_factory):
    """escucha-activa (the longest header) as an Arabic, right-to-left course."""
    dest = tmp_path_factory.mktemp("rtl") / "escucha-activa-ar"
    shutil.copytree(REPO / "courses" / "escucha-activa", dest)
    yaml = dest / "course.yaml"
    yaml.write_text(re.sub(r"(?m)^language: es$", "language: ar", yaml.read_text(encoding="utf-8")),
                    encoding="utf-8")
    return dest


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("course", ["escucha-activa", "de-escalation", "rtl"])
def test_open_menu_is_inside_the_viewport(page, package, arabic_copy, axe_source, course, width):
    folder = arabic_copy if course == "rtl" else REPO / "courses" / course
    page.set_viewport_size({"width": width, "height": 800})
    learner = Learner(page, package(folder)).open()
    assert page.get_attribute("html", "dir") == ("rtl" if course == "rtl" else "ltr")
    learner.act("menu")
    assert page.locator("#menu-list a").first.is_visible()
    assert page.evaluate(OUTSIDE) == []
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")
    if width in (320, 1280):
        assert axe_violations(page, axe_source) == []
    assert learner.errors == []


@pytest.fixture
def menu_open(page, package):
    learner = Learner(page, package(REPO / "courses" / "de-escalation")).open("front-of-store")
    learner.act("menu")
    assert page.locator("#menu-list").is_visible()
    return learner


def test_picking_the_page_one_is_on_closes_the_menu(menu_open):
    page = menu_open.page
    page.locator("[data-page-link=front-of-store]").click()
    assert not page.locator("#menu-list").is_visible()
    assert page.get_attribute("[data-act=menu]", "aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "page-title"   # not lost on a hidden link
    assert menu_open.current == "front-of-store"


def test_a_click_outside_the_menu_closes_it(menu_open):
    page = menu_open.page
    page.locator("main h1").click()
    assert not page.locator("#menu-list").is_visible()
    assert page.get_attribute("[data-act=menu]", "aria-expanded") == "false"
    menu_open.act("menu")                                       # the button still opens it
    assert page.locator("#menu-list").is_visible()
    page.locator("#menu-list").click(position={"x": 3, "y": 3})  # in the list, on no page: stays
    assert page.locator("#menu-list").is_visible()


def test_the_menu_closes_when_the_focus_leaves_it(menu_open):
    """Tabbing on from the last page in the list closes it: the open list lies over the
    page, and would hide the control the focus has gone to."""
    page = menu_open.page
    links = page.locator("#menu-list a").count()
    for _ in range(links):
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#menu-list') !== null")
    assert page.locator("#menu-list").is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.act") == "accept-warning"
    assert not page.locator("#menu-list").is_visible()
    assert page.get_attribute("[data-act=menu]", "aria-expanded") == "false"
    for _ in range(10):                                         # back to the button: closed
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.dataset.act") == "menu":
            break
    assert page.evaluate("document.activeElement.dataset.act") == "menu"
    assert not page.locator("#menu-list").is_visible()


def test_escape_in_a_text_box_leaves_the_focus_there(page, package):
    """The menu was opened, then the focus went to a text box without a click (a screen
    reader's cursor, or Tab) and the learner pressed Escape (as one does to dismiss a
    suggestion): the focus stays in the box."""
    learner = Learner(page, package(REPO / "tests" / "runtime" / "courses" / "all-kinds")).open("reflect")
    learner.act("menu")
    box = learner.item(0).locator("textarea")
    box.focus()
    page.keyboard.type("He waited")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert box.input_value() == "He waited"
    assert not page.locator("#menu-list").is_visible()
