"""Links between pages in the player: `[t](page)` opens the page, `[t](page#heading)` opens
it at the heading (focus there, so a keyboard or screen-reader user lands where the link
said), and the browser's Back button returns."""
from __future__ import annotations

import pytest
from player_helpers import Learner

pytestmark = pytest.mark.browser

COURSE_YAML = """id: https://courses.example.org/test/links
title: Links
description: Two pages that link to each other.
language: en
version: 1.0.0
authors: [{name: Test Author}]
pages: [welcome, guide]
completion:
  visit: all
"""

WELCOME = """---
kind: page
title: Welcome
---

Read [the guide](guide) first, or go straight to [where to get help](guide#where-to-get-help).
"""

GUIDE = """---
kind: page
title: The guide
---

## What this is

{filler}

## Where to get help

Ask your team lead, any time.
"""


@pytest.fixture(scope="module")
def links_course(tmp_path_factory):
    root = tmp_path_factory.mktemp("links") / "links"
    root.mkdir()
    (root / "course.yaml").write_text(COURSE_YAML, encoding="utf-8")
    (root / "welcome.md").write_text(WELCOME, encoding="utf-8")
    # long enough that the heading starts below the first screen
    filler = "\n\n".join(f"Paragraph {n} of the guide, about listening first." for n in range(60))
    (root / "guide.md").write_text(GUIDE.format(filler=filler), encoding="utf-8")
    return root


FOCUSED = "document.activeElement && (document.activeElement.id || document.activeElement.tagName)"


def test_a_link_to_a_heading_on_another_page_opens_that_page_at_the_heading(page, package, links_course):
    page.set_viewport_size({"width": 800, "height": 600})
    learner = Learner(page, package(links_course)).open()
    page.get_by_role("link", name="where to get help").click()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'h:where-to-get-help'")
    assert learner.current == "guide"
    heading = page.locator("[id='h:where-to-get-help']")
    assert heading.is_visible() and heading.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    # Back returns to the page the link was on; a bookmark of the heading opens it there.
    page.go_back()
    page.wait_for_function("document.documentElement.dataset.page === 'welcome'")
    url = page.url.split("#")[0] + "#guide/h:where-to-get-help"
    page.goto(url)
    page.reload()
    page.evaluate("EmpathyPlayer.ready")
    assert learner.current == "guide"
    assert page.evaluate(FOCUSED) == "h:where-to-get-help"
    assert learner.errors == []


def test_a_plain_page_link_focuses_the_page_title(page, package, links_course):
    learner = Learner(page, package(links_course)).open()
    page.get_by_role("link", name="the guide").click()
    page.wait_for_function("document.documentElement.dataset.page === 'guide'")
    assert page.evaluate(FOCUSED) == "page-title"
    assert learner.errors == []


ANNOUNCED = "document.getElementById('announce').textContent"


def test_a_new_page_is_announced_without_saying_its_title_twice(page, package, links_course):
    """A screen reader reads the title that takes the focus; the live region adds where the
    learner is in the course, and says the title only when the focus went to a heading
    further down (the title is not read out then)."""
    learner = Learner(page, package(links_course)).open()
    page.get_by_role("link", name="the guide").click()
    page.wait_for_function(f"{ANNOUNCED}.includes('Page 2 of 2')")
    assert page.evaluate(FOCUSED) == "page-title"
    said = page.evaluate(ANNOUNCED)       # (visiting both pages completes the course, said too)
    assert "The guide" not in said and said.endswith("Page 2 of 2"), said
    page.go_back()
    page.wait_for_function(f"{ANNOUNCED} === 'Page 1 of 2'")
    page.get_by_role("link", name="where to get help").click()
    page.wait_for_function(f"{ANNOUNCED}.includes('Page 2 of 2')")
    assert page.evaluate(FOCUSED) == "h:where-to-get-help"
    assert page.evaluate(ANNOUNCED) == "The guide. Page 2 of 2."
    assert learner.errors == []
