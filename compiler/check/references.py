"""Rules about references between pages: links, opt-outs, completion and mastery lists."""
from __future__ import annotations

import os
from typing import Iterator

from ..diagnostics import Diagnostic, error, suggest
from ..model import Course, Markdown, Quiz, Scenario, SelfRating
from .targets import classify
from .walk import instances, markdown_texts, scenarios
from .yaml_locations import find_in_list, front_matter_location


def known_pages(course: Course) -> set[str]:
    """Pages listed in course.yaml, loaded or not (a page that failed to load is
    reported by the loader; naming it elsewhere is not a second mistake)."""
    return set(course.pages) | {page_id for page_id, _ in course.page_order}


def claimed_twice(course: Course) -> set[str]:
    """Ids that two listed pages claim (E104): the loader keeps the first listed page under
    the id, which may not be the one meant, so no rule should judge that page's kind."""
    ids = [page_id for page_id, _ in course.page_order]
    return {page_id for page_id in ids if ids.count(page_id) > 1}


def kind_name(kind: str) -> str:
    """'a content page', 'a quiz page', 'an example page'."""
    name = "content page" if kind == "page" else f"{kind} page"
    return ("an " if name[0] in "aeiou" else "a ") + name


def unknown_links(course: Course) -> Iterator[Diagnostic]:
    """E303: a Markdown link names a page the course does not have, or carries a query."""
    known = known_pages(course)
    by_file = _by_file(course)
    headings_of = {id(text): page.headings for page in course.pages.values() for text in instances(page, Markdown)}
    for text in markdown_texts(course):
        for href, loc in text.links:
            target = classify(href)
            if target.kind != "page":
                continue
            if target.value not in known:
                here = headings_of.get(id(text), frozenset())
                if by_file.get(target.value):  # the file of a page whose front matter gives it another id
                    yield error(loc, "E303", f"'{target.value}.md' is the page '{by_file[target.value]}' "
                                             "(its front matter sets 'id:'): link to it by its id",
                                by_file[target.value])
                elif _written_with_hash(text, target.value):  # `#x`: a heading of this page, else the page x
                    yield error(loc, "E303", f"no page, and no heading on this page, is called '{target.value}'",
                                _closest(target.value, here) or _closest(target.value, course.pages))
                else:
                    close = _closest(target.value, course.pages)
                    hint = "" if close else " (a link names a page id, or '#' and a heading of the same page)"
                    yield error(loc, "E303", f"link to unknown page '{target.value}'{hint}", close)
            elif "?" in href:  # the player shows pages by id: `page?x=1` would be a broken address
                yield error(loc, "E303", f"a link to a page cannot carry a query ('{href[href.index('?'):]}')",
                            target.value)
            elif target.heading and target.value in course.pages and target.value not in claimed_twice(course):
                headings = course.pages[target.value].headings
                if target.heading not in headings:
                    yield error(loc, "E303", f"page '{target.value}' has no heading '{target.heading}'",
                                _closest(target.heading, headings))


def _written_with_hash(text: Markdown, value: str) -> bool:
    """Whether the author wrote `[t](#value)` (the renderer turns `[t](value)` into '#value' too)."""
    return f"(#{value}" in text.source or f"(<#{value}" in text.source


def _by_file(course: Course) -> dict[str, str]:
    """File name (without .md) -> id, for the pages whose front matter gives another id."""
    return {stem: page.id for page in course.pages.values()
            if (stem := os.path.splitext(os.path.basename(page.path))[0]) != page.id}


def _unknown_page(course: Course, name: str) -> tuple[str, str | None]:
    """For a list that names an unknown page: a hint when NAME is the file of a page whose
    front matter gives another id, and the suggestion (that id, or the closest page)."""
    page_id = _by_file(course).get(name)
    if page_id:
        return f" ('{name}.md' is the page '{page_id}': its front matter sets 'id:')", page_id
    if f"{name}.md" in {f.replace(os.sep, "/") for f in course.files}:
        return f" ('{name}.md' is there, but not listed under 'pages:' in course.yaml: add it)", None
    return "", _closest(name, course.pages)


def _closest(word: str, choices) -> str | None:
    """The close match, also when only the letter case differs ('Getting-ready')."""
    choices = list(choices)
    by_lower = {c.lower(): c for c in choices}
    return by_lower.get(word.lower()) or suggest(word, choices)


def opt_out_targets(course: Course) -> Iterator[Diagnostic]:
    """E108: a scenario's opt-out leads to a page the course does not have."""
    for scenario in scenarios(course):
        opt_out = scenario.opt_out
        if opt_out is not None and opt_out.to and opt_out.to not in known_pages(course):
            yield error(front_matter_location(scenario, "opt_out", "to", default=opt_out.loc), "E108",
                        f"the opt-out leads to unknown page '{opt_out.to}'",
                        suggest(opt_out.to, course.pages))


def self_rating_scenarios(course: Course) -> Iterator[Diagnostic]:
    """E108/E110: a self-rating is linked to a missing page, or to a page that is not a scenario."""
    for page in course.pages.values():
        if not isinstance(page, SelfRating) or page.scenario is None:
            continue
        linked = None if page.scenario in claimed_twice(course) else course.pages.get(page.scenario)
        if page.scenario not in known_pages(course):
            yield error(front_matter_location(page, "scenario"), "E108",
                        f"the self-rating is linked to unknown page '{page.scenario}'",
                        suggest(page.scenario, course.pages))
        elif linked is not None and not isinstance(linked, Scenario):
            yield error(front_matter_location(page, "scenario"), "E110",
                        f"the self-rating is linked to '{page.scenario}', which is "
                        f"{kind_name(linked.kind)}, not a scenario")


def completion_pages(course: Course) -> Iterator[Diagnostic]:
    """E108: the completion rule names pages the course does not have."""
    known = known_pages(course)
    for rule in ("visit", "finish"):
        for page_id in getattr(course, rule):
            if page_id not in known:
                hint, close = _unknown_page(course, page_id)
                yield error(find_in_list(course, page_id, "completion", rule), "E108",
                            f"completion.{rule} names unknown page '{page_id}'{hint}", close)


def mastery_pages(course: Course) -> Iterator[Diagnostic]:
    """E108/E110: mastery counts a page that is missing, or that has no score (not a scenario or quiz)."""
    known = known_pages(course)
    doubtful = claimed_twice(course)
    for part in course.score_parts:
        page = None if part.page in doubtful else course.pages.get(part.page)
        if part.page not in known:
            hint, close = _unknown_page(course, part.page)
            yield error(part.loc, "E108", f"mastery counts unknown page '{part.page}'{hint}", close)
        elif page is not None and not isinstance(page, (Scenario, Quiz)):
            yield error(part.loc, "E110",
                        f"mastery counts '{part.page}', {kind_name(page.kind)}, which has no "
                        "score: only scenarios and quizzes can count")
