"""`scorm12`: a single-SCO SCORM 1.2 package (CONFORMANCE.md 1-2, 4-7)."""
from __future__ import annotations

from typing import Mapping

from lxml import etree

from ..model import Course
from ..package.schemas import scorm_schema_files
from .base import Target
from .registry import register
from .xml import XSI, decimal, file_list, sub, to_bytes, xml_id

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
SCHEMA_LOCATIONS = (
    f"{IMSCP} imscp_rootv1p1p2.xsd "
    f"{ADLCP} adlcp_rootv1p2.xsd"
)


MAX_TITLE, MAX_VERSION = 200, 20
"""What imscp_rootv1p1p2.xsd allows (titleType, attr.version): an LMS that validates on
import refuses more, so longer values are shortened here."""


def shortened(text: str, limit: int) -> str:
    """TEXT in at most LIMIT characters: cut at a word where it can be, with '…'."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2:] else cut).rstrip() + "\u2026"


def scorm12_manifest(course: Course, content_paths: list[str]) -> bytes:
    """imsmanifest.xml for SCORM 1.2: one organization, one item, one SCO listing every file."""
    cp = f"{{{IMSCP}}}"
    adlcp = f"{{{ADLCP}}}"
    root = etree.Element(cp + "manifest", nsmap={None: IMSCP, "adlcp": ADLCP, "xsi": XSI})
    root.set("identifier", xml_id("MANIFEST-", course.id))
    root.set("version", (course.version or "1.0")[:MAX_VERSION])
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS)

    metadata = sub(root, cp + "metadata")
    sub(metadata, cp + "schema", "ADL SCORM")
    sub(metadata, cp + "schemaversion", "1.2")

    organizations = sub(root, cp + "organizations", default="ORG-1")
    organization = sub(organizations, cp + "organization", identifier="ORG-1")
    title = shortened(course.title, MAX_TITLE)
    sub(organization, cp + "title", title)
    item = sub(organization, cp + "item", identifier="ITEM-1", identifierref="SCO-1", isvisible="true")
    sub(item, cp + "title", title)
    if course.mastery is not None:
        # 1.2 holds mastery as a 0-100 score; the runtime reports cmi.core.score.raw on the same scale.
        sub(item, adlcp + "masteryscore", decimal(course.mastery * 100, 2))

    resources = sub(root, cp + "resources")
    resource = sub(resources, cp + "resource", identifier="SCO-1", type="webcontent", href="index.html")
    resource.set(adlcp + "scormtype", "sco")
    for path in content_paths:
        sub(resource, cp + "file", href=path)
    return to_bytes(root)


@register
class Scorm12Target(Target):
    name = "scorm12"
    adapter = "scorm12"
    answers = "scorm12-answers"

    def manifest_files(self, course: Course, content: Mapping[str, bytes]) -> dict[str, bytes]:
        files = scorm_schema_files(self.name)
        files["imsmanifest.xml"] = scorm12_manifest(course, file_list(content))
        return files
