"""Rules about interactive pages that hold nothing for the learner to do."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, error
from ..model import Coaching, Course, Example, Quiz, Reflection, Scenario, SelfRating

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
