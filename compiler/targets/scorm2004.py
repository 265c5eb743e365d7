"""`scorm2004-3` and `scorm2004-4`: single-SCO SCORM 2004 packages (CONFORMANCE.md 1, 3-8).

The two editions differ only in `schemaversion` and the XSD set shipped beside the
manifest; the manifest is otherwise the same, and the two are never mixed.
"""
from __future__ import annotations

from typing import Mapping

from lxml import etree

from ..model import Course
from ..package.schemas import scorm_schema_files
from .base import Target
from .registry import register
from .xml import XSI, decimal, file_list, sub, to_bytes, xml_id

IMSCP = "http://www.imsglobal.org/xsd/imscp_v1p1"
ADLCP = "http://www.adlnet.org/xsd/adlcp_v1p3"
ADLSEQ = "http://www.adlnet.org/xsd/adlseq_v1p3"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
IMSSS = "http://www.imsglobal.org/xsd/imsss"
SCHEMA_LOCATIONS = " ".join([
    f"{IMSCP} imscp_v1p1.xsd",
    f"{ADLCP} adlcp_v1p3.xsd",
    f"{ADLSEQ} adlseq_v1p3.xsd",
    f"{ADLNAV} adlnav_v1p3.xsd",
    f"{IMSSS} imsss_v1p0.xsd",
])
SCHEMA_VERSIONS = {"scorm2004-3": "2004 3rd Edition", "scorm2004-4": "2004 4th Edition"}


def scorm2004_manifest(course: Course, content_paths: list[str], edition: str) -> bytes:
    """imsmanifest.xml for SCORM 2004 (`edition` is "scorm2004-3" or "scorm2004-4")."""
    cp, adlcp, ss = f"{{{IMSCP}}}", f"{{{ADLCP}}}", f"{{{IMSSS}}}"
    root = etree.Element(cp + "manifest", nsmap={None: IMSCP, "adlcp": ADLCP, "adlseq": ADLSEQ,
                                                 "adlnav": ADLNAV, "imsss": IMSSS, "xsi": XSI})
    root.set("identifier", xml_id("MANIFEST-", course.id))
    root.set("version", course.version or "1.0")
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATIONS)

    metadata = sub(root, cp + "metadata")
    sub(metadata, cp + "schema", "ADL SCORM")
    sub(metadata, cp + "schemaversion", SCHEMA_VERSIONS[edition])

    organizations = sub(root, cp + "organizations", default="ORG-1")
    organization = sub(organizations, cp + "organization", identifier="ORG-1")
    sub(organization, cp + "title", course.title)
    item = sub(organization, cp + "item", identifier="ITEM-1", identifierref="SCO-1", isvisible="true")
    sub(item, cp + "title", course.title)

    # The SCO's own sequencing: content sets completion and the objective; with a mastery
    # score the primary objective is satisfied by measure, so an LMS that recomputes
    # success from cmi.scaled_passing_score agrees with the runtime (CONFORMANCE 8, 17).
    item_seq = sub(item, ss + "sequencing")
    if course.mastery is not None:
        objectives = sub(item_seq, ss + "objectives")
        primary = sub(objectives, ss + "primaryObjective", objectiveID="PRIMARY-OBJ",
                      satisfiedByMeasure="true")
        sub(primary, ss + "minNormalizedMeasure", decimal(course.mastery))
    sub(item_seq, ss + "deliveryControls", tracked="true",
        completionSetByContent="true", objectiveSetByContent="true")

    # The root activity lets the learner choose and flow into the single SCO.
    org_seq = sub(organization, ss + "sequencing")
    sub(org_seq, ss + "controlMode", choice="true", flow="true")

    resources = sub(root, cp + "resources")
    resource = sub(resources, cp + "resource", identifier="SCO-1", type="webcontent", href="index.html")
    resource.set(adlcp + "scormType", "sco")
    for path in content_paths:
        sub(resource, cp + "file", href=path)
    return to_bytes(root)


class _Scorm2004Target(Target):
    adapter = "scorm2004"
    answers = "scorm2004-answers"

    def manifest_files(self, course: Course, content: Mapping[str, bytes]) -> dict[str, bytes]:
        files = scorm_schema_files(self.name)
        files["imsmanifest.xml"] = scorm2004_manifest(course, file_list(content), self.name)
        return files


@register
class Scorm2004ThirdTarget(_Scorm2004Target):
    name = "scorm2004-3"


@register
class Scorm2004FourthTarget(_Scorm2004Target):
    name = "scorm2004-4"
