"""Rules about feelings named by the author and about emotional safety."""
from __future__ import annotations

import re
from typing import Iterator

from ..diagnostics import Diagnostic, error, suggest, warning
from ..feelings import base_form, normalise
from ..model import Course, FeelingRef
from ..render.definitions import response_id
from .walk import instances, scenarios
from .yaml_locations import value_location


# What authors put between two feelings instead of a comma: `frustrated; let down`,
# `frustrated and let down`, `angry/hurt`.
_JOINED = re.compile(r"\s*[;/&+]\s*|\s+and\s+", re.I)


def unknown_feelings(course: Course) -> Iterator[Diagnostic]:
    """W003: a feeling is not in the vocabulary, so analytics cannot count it."""
    vocabulary = {normalise(word) for word in course.feelings}
    for ref in instances(course, FeelingRef):
        parts = [part for part in _JOINED.split(ref.name) if part.strip()]
        known = [base_form(part, course.language) in vocabulary for part in parts]
        if len(parts) > 1 and all(known):
            separated = ", ".join(parts)
            yield warning(ref.loc, "W003",
                          f"'{ref.name}' is read as one feeling: separate feelings with commas", separated)
        elif base_form(ref.name, course.language) not in vocabulary:
            yield warning(ref.loc, "W003",
                          f"'{ref.name}' is not in the feelings vocabulary: pick a listed "
                          "feeling or add it under 'feelings:' in course.yaml",
                          suggest(normalise(ref.name), sorted(vocabulary)))


def feelings_told_apart(course: Course) -> Iterator[Diagnostic]:
    """E104: two feelings of the vocabulary that learning records could not tell apart (the
    same response id: `Tensión` and `tensión!` are both recorded as `tension`)."""
    first: dict[str, str] = {}
    for word in course.feelings:
        key = response_id(word)
        if key in first:
            yield error(value_location(course, "feelings"), "E104",
                        f"the feelings '{first[key]}' and '{word}' are the same for learning records "
                        f"(both are recorded as '{key}'): keep one, or give each its own word")
        else:
            first[key] = word


def scenarios_without_content_warning(course: Course) -> Iterator[Diagnostic]:
    """W002: a scenario does not warn learners what it role-plays before it starts.

    The course's own `content_warning` is shown before any scenario without one, so
    either is enough.
    """
    if course.content_warning is not None and course.content_warning.source.strip():
        return
    for scenario in scenarios(course):
        if scenario.content_warning is None or not scenario.content_warning.source.strip():
            yield warning(scenario.loc, "W002",
                          f"scenario '{scenario.id}' has no content warning: add "
                          "'content_warning:' to its front matter (or to course.yaml) saying "
                          "what it role-plays")
