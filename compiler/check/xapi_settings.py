"""Rules about the xAPI settings in course.yaml."""
from __future__ import annotations

from typing import Iterator

from ..diagnostics import Diagnostic, warning
from ..model import Course
from .yaml_locations import value_location


def lrs_credential(course: Course) -> Iterator[Diagnostic]:
    """W006: an LRS credential is written in course.yaml and will ship inside web and SCORM packages."""
    if course.xapi.auth:
        yield warning(value_location(course, "xapi", "auth"), "W006",
                      "xapi.auth is copied into the web and SCORM packages, where any learner can "
                      "read it: use a credential that can only write statements (never read), or "
                      "leave it out and pass the LRS at launch, or publish for cmi5, whose LMS "
                      "supplies one")
