"""CONFORMANCE.md 1-10 as small functions over a package's files ({path: bytes}).

Each returns a list of problems ([] = conforms) so a test can assert on it and show
every problem at once. Used by the manifest tests and the package tests."""
from __future__ import annotations

import re

from lxml import etree

XS_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")
SCHEMA_SUFFIXES = (".xsd", ".dtd")
MANIFESTS = ("imsmanifest.xml", "cmi5.xml", "tincan.xml")
NS = {
    "cp12": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "adlcp12": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "cp": "http://www.imsglobal.org/xsd/imscp_v1p1",
    "adlcp": "http://www.adlnet.org/xsd/adlcp_v1p3",
    "imsss": "http://www.imsglobal.org/xsd/imsss",
    "cmi5": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd",
    "tc": "http://projecttincan.com/tincan.xsd",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XSI_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


def identifiers(doc: etree._Element) -> list[str]:
    """CONFORMANCE 5: ids are xs:IDs and unique; identifierrefs and default resolve."""
    problems = []
    ids = [el.get("identifier") for el in doc.iter() if el.get("identifier") is not None]
    for value in ids:
        if not XS_ID.match(value):
            problems.append(f"identifier {value!r} is not an xs:ID")
    if len(ids) != len(set(ids)):
        problems.append(f"duplicate identifiers: {sorted(ids)}")
    for el in doc.iter():
        for attr in ("identifierref", "default"):
            ref = el.get(attr)
            if ref is not None and ref not in ids:
                problems.append(f"{attr}={ref!r} resolves to nothing")
    return problems


def files_listed(doc: etree._Element, files: dict[str, bytes], cp: str) -> list[str]:
    """CONFORMANCE 6: every file of the zip, but manifest and schemas, is a <file href>."""
    listed = {el.get("href") for el in doc.iterfind(f".//{{{NS[cp]}}}file")}
    expected = {p for p in files if p not in MANIFESTS and not p.endswith(SCHEMA_SUFFIXES)}
    problems = [f"{p} is in the zip but not listed" for p in sorted(expected - listed)]
    problems += [f"{p} is listed but not in the zip" for p in sorted(listed - set(files))]
    return problems


def schema_locations_shipped(doc: etree._Element, files: dict[str, bytes]) -> list[str]:
    """CONFORMANCE 4: when schemas are shipped, every schemaLocation names a shipped file."""
    if not any(p.endswith(".xsd") for p in files):
        return []
    pairs = doc.get(XSI_LOCATION, "").split()
    return [f"schemaLocation names {name}, not shipped" for name in pairs[1::2] if name not in files]


def editions_not_mixed(files: dict[str, bytes], edition: str) -> list[str]:
    """CONFORMANCE 4: 1.2 ships only 1.2 files; a 2004 edition ships only its own XSD set."""
    shipped = {p for p in files if p.endswith(".xsd")}
    scorm12 = {"adlcp_rootv1p2.xsd", "imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"}
    if edition == "scorm12":
        return [f"{p} is not a SCORM 1.2 schema" for p in sorted(shipped - scorm12)]
    problems = [f"{p} is a SCORM 1.2 schema" for p in sorted(shipped & scorm12)]
    if shipped:
        from compiler.package.schemas import scorm_schema_files

        own = scorm_schema_files(edition)
        for name in shipped:
            if name in own and files[name] != own[name]:
                problems.append(f"{name} differs from the {edition} copy (editions mixed)")
    return problems


def item_order(doc: etree._Element, cp: str) -> list[str]:
    """CONFORMANCE 7: inside an item, <title>, then <metadata>, then adlcp/imsss elements."""
    problems = []
    for item in doc.iterfind(f".//{{{NS[cp]}}}item"):
        names = [etree.QName(child).localname if etree.QName(child).namespace == NS[cp]
                 else "extension" for child in item]
        order = {"title": 0, "item": 1, "metadata": 2, "extension": 3}
        ranks = [order.get(n, 3) for n in names]
        if ranks != sorted(ranks) or not names or names[0] != "title":
            problems.append(f"item {item.get('identifier')}: children in order {names}")
    return problems


def scorm12(files: dict[str, bytes], mastery: float | None) -> list[str]:
    """CONFORMANCE 1, 2, 4-7 for a SCORM 1.2 package."""
    doc = etree.fromstring(files["imsmanifest.xml"])
    problems = []
    if doc.tag != f"{{{NS['cp12']}}}manifest":
        problems.append(f"root is {doc.tag}")
    if doc.nsmap.get(None) != NS["cp12"] or doc.nsmap.get("adlcp") != NS["adlcp12"]:
        problems.append(f"namespaces {doc.nsmap}")
    if doc.findtext("cp12:metadata/cp12:schema", namespaces=NS) != "ADL SCORM":
        problems.append("metadata/schema is not 'ADL SCORM'")
    if doc.findtext("cp12:metadata/cp12:schemaversion", namespaces=NS) != "1.2":
        problems.append("schemaversion is not 1.2")
    resources = doc.findall(".//cp12:resource", NS)
    scos = [r for r in resources if r.get(f"{{{NS['adlcp12']}}}scormtype") == "sco"]
    if len(scos) != 1:
        problems.append(f"{len(scos)} SCOs (want exactly one with lowercase adlcp:scormtype)")
    if any(r.get(f"{{{NS['adlcp12']}}}scormType") is not None for r in resources):
        problems.append("camel-case scormType in a 1.2 manifest")
    scores = doc.findall(".//cp12:item/adlcp12:masteryscore", NS)
    if mastery is None:
        if scores:
            problems.append("masteryscore without a course mastery")
    elif [float(s.text) for s in scores] != [round(mastery * 100, 2)]:
        problems.append(f"masteryscore {[s.text for s in scores]} != {mastery * 100}")
    problems += identifiers(doc) + files_listed(doc, files, "cp12") + item_order(doc, "cp12")
    problems += schema_locations_shipped(doc, files) + editions_not_mixed(files, "scorm12")
    return problems


def scorm2004(files: dict[str, bytes], mastery: float | None, edition: str) -> list[str]:
    """CONFORMANCE 1, 3-8 for a SCORM 2004 package (`edition`: scorm2004-3 or scorm2004-4)."""
    doc = etree.fromstring(files["imsmanifest.xml"])
    problems = []
    want = {None: NS["cp"], "adlcp": NS["adlcp"], "imsss": NS["imsss"],
            "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
            "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3"}
    for prefix, uri in want.items():
        if doc.nsmap.get(prefix) != uri:
            problems.append(f"namespace {prefix}: {doc.nsmap.get(prefix)} != {uri}")
    version = {"scorm2004-3": "2004 3rd Edition", "scorm2004-4": "2004 4th Edition"}[edition]
    if doc.findtext("cp:metadata/cp:schemaversion", namespaces=NS) != version:
        problems.append(f"schemaversion is not {version!r}")
    resources = doc.findall(".//cp:resource", NS)
    scos = [r for r in resources if r.get(f"{{{NS['adlcp']}}}scormType") == "sco"]
    if len(scos) != 1:
        problems.append(f"{len(scos)} SCOs (want exactly one with camel-case adlcp:scormType)")
    if any(r.get(f"{{{NS['adlcp']}}}scormtype") is not None for r in resources):
        problems.append("lowercase scormtype in a 2004 manifest")
    items = doc.findall(".//cp:item", NS)
    for item in items:
        primary = item.find("imsss:sequencing/imsss:objectives/imsss:primaryObjective", NS)
        if mastery is not None:
            if primary is None or primary.get("satisfiedByMeasure") != "true":
                problems.append("no primaryObjective satisfiedByMeasure=true")
            else:
                measure = primary.findtext("imsss:minNormalizedMeasure", namespaces=NS)
                if measure is None or float(measure) != mastery:
                    problems.append(f"minNormalizedMeasure {measure} != mastery {mastery}")
        controls = item.find("imsss:sequencing/imsss:deliveryControls", NS)
        if controls is None or controls.get("completionSetByContent") != "true" \
                or controls.get("objectiveSetByContent") != "true":
            problems.append("deliveryControls do not leave completion and objective to content")
    control = doc.find(".//cp:organization/imsss:sequencing/imsss:controlMode", NS)
    if control is None or control.get("choice") != "true" or control.get("flow") != "true":
        problems.append("controlMode choice/flow not true")
    problems += identifiers(doc) + files_listed(doc, files, "cp") + item_order(doc, "cp")
    problems += schema_locations_shipped(doc, files) + editions_not_mixed(files, edition)
    return problems


def cmi5(files: dict[str, bytes], mastery: float | None) -> list[str]:
    """CONFORMANCE 1, 9 for a cmi5 package."""
    from compiler.package.schemas import validate_cmi5

    problems = list(validate_cmi5(files["cmi5.xml"]))
    doc = etree.fromstring(files["cmi5.xml"])
    course_id = doc.find("cmi5:course", NS).get("id")
    aus = doc.findall("cmi5:au", NS)
    if len(aus) != 1:
        problems.append(f"{len(aus)} AUs")
    for iri in [course_id] + [au.get("id") for au in aus]:
        if not ABSOLUTE_IRI.match(iri or ""):
            problems.append(f"{iri!r} is not an absolute IRI")
    for au in aus:
        url = au.findtext("cmi5:url", namespaces=NS)
        if not url or ABSOLUTE_IRI.match(url) or url not in files:
            problems.append(f"AU url {url!r} is not a relative path to a packaged file")
        want = "CompletedAndPassed" if mastery is not None else "Completed"
        if au.get("moveOn") != want:
            problems.append(f"moveOn {au.get('moveOn')} != {want}")
        score = au.get("masteryScore")
        if (None if score is None else float(score)) != mastery:
            problems.append(f"masteryScore {score} != {mastery}")
        if score is not None and len(score.partition(".")[2]) > 4:
            problems.append(f"masteryScore {score} has more than 4 decimals")
    return problems


def tincan(files: dict[str, bytes]) -> list[str]:
    """CONFORMANCE 1, 10 for a TinCan package."""
    doc = etree.fromstring(files["tincan.xml"])
    problems = []
    if doc.tag != f"{{{NS['tc']}}}tincan":
        problems.append(f"root is {doc.tag}")
    activities = doc.findall("tc:activities/tc:activity", NS)
    if len(activities) != 1:
        problems.append(f"{len(activities)} activities")
    for activity in activities:
        if not ABSOLUTE_IRI.match(activity.get("id", "")):
            problems.append("activity id is not an IRI")
        if activity.get("type") != "http://adlnet.gov/expapi/activities/course":
            problems.append(f"activity type {activity.get('type')}")
        for tag in ("name", "description"):
            if not activity.findtext(f"tc:{tag}", namespaces=NS):
                problems.append(f"no {tag}")
        launches = activity.findall("tc:launch", NS)
        if len(launches) != 1 or launches[0].text not in files:
            problems.append(f"launch {[l.text for l in launches]} is not one packaged file")
    return problems


def package(target: str, files: dict[str, bytes], mastery: float | None) -> list[str]:
    """Every applicable CONFORMANCE 1-10 problem of a package of `target`."""
    if target == "scorm12":
        return scorm12(files, mastery)
    if target.startswith("scorm2004"):
        return scorm2004(files, mastery, target)
    if target == "cmi5":
        return cmi5(files, mastery)
    if target == "xapi":
        return tincan(files)
    present = [m for m in MANIFESTS if m in files]
    return [f"web package carries {present}"] if present else []
