"""Rules about interactive pages that hold nothing for the learner to do."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, error
from ..model import Coaching, Course, Example, Quiz, Reflection, Scenario, SelfRating
from ..render.definitions import response_id
from .yaml_locations import front_matter_location

# What each kind needs at least one of, and how an author writes one.
_NEEDS = [
    (Quiz, "questions", "a quiz needs at least one question: a '## Question' section with "
                        "options '* [x] right' and '* [ ] wrong'"),
    (Coaching, "questions", "a coaching page needs at least one question: a '## What is she "
                            "thinking?' section with 'step:' and 'answer:'"),
    (Reflection, "prompts", "a reflection needs at least one prompt: a '## What happened?' section"),
    (SelfRating, "dimensions", "a self-rating needs at least one dimension: a '## Calm' section"),
    (Example, "turns", "an example needs at least one turn: '* **Customer**: words'"),
]


def empty_pages(course: Course) -> Iterator[Diagnostic]:
    """E205/E102: a scenario without nodes, or a quiz, coaching, reflection, self-rating or
    example page without any question, prompt, dimension or turn."""
    for page in course.pages.values():
        if isinstance(page, Scenario) and not page.nodes:
            yield error(page.loc, "E205",
                        f"scenario '{page.id}' has no nodes, so no ending: each '## heading' "
                        "section is a moment of the conversation")
            continue
        for kind, attribute, message in _NEEDS:
            if isinstance(page, kind) and not getattr(page, attribute):
                yield error(page.loc, "E102", message)


def scale_steps(course: Course) -> Iterator[Diagnostic]:
    """E102/E104: a self-rating scale has an empty step, or two steps that learning records
    could not tell apart (the same response id, as `Good` and `good!` are both `good`)."""
    for page in course.pages.values():
        if not isinstance(page, SelfRating):
            continue
        first: dict[str, str] = {}
        for index, step in enumerate(page.scale):
            here = front_matter_location(page, "scale", index)
            if not step.strip():
                yield error(here, "E102", "a step of the scale is empty: write its label, or remove it")
                continue
            key = response_id(step)
            if key in first:
                yield error(here, "E104", f"the scale step '{step}' is the same as '{first[key]}' for learning "
                                          f"records (both are recorded as '{key}'): give each step its own words")
            else:
                first[key] = step
