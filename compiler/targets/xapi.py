"""`xapi`: a TinCan package, launched by an LMS or LRS with endpoint/auth/actor in the URL
(CONFORMANCE.md 1, 10)."""
from __future__ import annotations

from typing import Mapping

from lxml import etree

from ..model import Course
from .base import Target
from .registry import register
from .xml import sub, to_bytes

TINCAN = "http://projecttincan.com/tincan.xsd"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"


def tincan_xml(course: Course) -> bytes:
    """tincan.xml: one course activity with its name, description and one launch file."""
    t = f"{{{TINCAN}}}"
    root = etree.Element(t + "tincan", nsmap={None: TINCAN})
    activities = sub(root, t + "activities")
    activity = sub(activities, t + "activity", id=course.id, type=COURSE_TYPE)
    sub(activity, t + "name", course.title, lang=course.language)
    sub(activity, t + "description", course.description or course.title, lang=course.language)
    sub(activity, t + "launch", "index.html", lang=course.language)
    return to_bytes(root)


@register
class XAPITarget(Target):
    name = "xapi"
    adapter = "tincan"
    launch_brings_credential = True

    def manifest_files(self, course: Course, content: Mapping[str, bytes]) -> dict[str, bytes]:
        return {"tincan.xml": tincan_xml(course)}
