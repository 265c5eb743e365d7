"""`cmi5`: a course structure with one AU (CONFORMANCE.md 1, 9)."""
from __future__ import annotations

from typing import Mapping

from lxml import etree

from ..model import Course
from ..render.definitions import activity_base
from .base import Target
from .registry import register
from .xml import decimal, sub, to_bytes

CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"


def au_id(course: Course) -> str:
    """The IRI of the course's single AU (distinct from the course IRI, as cmi5 requires)."""
    return activity_base(course) + "au"


def move_on(course: Course) -> str:
    """cmi5 moveOn from the course rules: passing counts only when there is a mastery score."""
    return "CompletedAndPassed" if course.mastery is not None else "Completed"


def _text(parent: etree._Element, tag: str, text: str, lang: str) -> None:
    holder = sub(parent, f"{{{CMI5}}}{tag}")
    sub(holder, f"{{{CMI5}}}langstring", text, lang=lang)


def cmi5_course_structure(course: Course) -> bytes:
    """cmi5.xml: the course and one AU launching index.html."""
    root = etree.Element(f"{{{CMI5}}}courseStructure", nsmap={None: CMI5})
    course_el = sub(root, f"{{{CMI5}}}course", id=course.id)
    _text(course_el, "title", course.title, course.language)
    _text(course_el, "description", course.description or course.title, course.language)

    au = sub(root, f"{{{CMI5}}}au", id=au_id(course), moveOn=move_on(course), launchMethod="AnyWindow")
    if course.mastery is not None:
        au.set("masteryScore", decimal(course.mastery))
    _text(au, "title", course.title, course.language)
    _text(au, "description", course.description or course.title, course.language)
    sub(au, f"{{{CMI5}}}url", "index.html")
    return to_bytes(root)


@register
class Cmi5Target(Target):
    name = "cmi5"
    adapter = "cmi5"
    launch_brings_credential = True

    def manifest_files(self, course: Course, content: Mapping[str, bytes]) -> dict[str, bytes]:
        return {"cmi5.xml": cmi5_course_structure(course)}
