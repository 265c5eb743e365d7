"""Manifests of every target, from the hand-made model: XSD-valid and CONFORMANCE 1-10."""
import dataclasses

import pytest
from lxml import etree

import conformance
from compiler import targets
from compiler.package.schemas import scorm_schema_dir, validate_scorm_manifest

CONTENT = {"index.html": b"<!doctype html>", "assets/player.js": b"", "assets/adapter.js": b"",
           "assets/player.css": b"", "media/a.png": b"\x89PNG"}
SCORM = ["scorm12", "scorm2004-3", "scorm2004-4"]


def package_of(name, course):
    files = dict(CONTENT)
    files.update(targets.get(name).manifest_files(course, files))
    return files


def test_schemas_are_installed_for_the_tests():
    # The tests below must validate, never silently skip: the CI installs the npm tools.
    for name in SCORM:
        assert scorm_schema_dir(name) is not None, f"SCORM XSDs for {name} missing: npm ci in tests/"


@pytest.mark.parametrize("name", SCORM)
@pytest.mark.parametrize("mastery", [0.7, None, 0.8333])
def test_scorm_manifests_validate_against_their_edition(name, mastery, course):
    files = package_of(name, dataclasses.replace(course, mastery=mastery))
    assert validate_scorm_manifest(name, files["imsmanifest.xml"]) == []
    assert conformance.package(name, files, mastery) == []


@pytest.mark.parametrize("name", SCORM)
def test_scorm_packages_ship_the_xsds_their_manifest_names(name, course):
    files = package_of(name, course)
    doc = etree.fromstring(files["imsmanifest.xml"])
    names = doc.get(conformance.XSI_LOCATION).split()[1::2]
    assert names and all(n in files for n in names)


@pytest.mark.parametrize("name", ["cmi5", "xapi", "web"])
@pytest.mark.parametrize("mastery", [0.7, None])
def test_other_manifests_conform(name, mastery, course):
    files = package_of(name, dataclasses.replace(course, mastery=mastery))
    assert conformance.package(name, files, mastery) == []


def test_scorm12_mastery_is_a_0_to_100_score_on_the_item(course):
    doc = etree.fromstring(package_of("scorm12", course)["imsmanifest.xml"])
    item = doc.find(".//cp12:item", conformance.NS)
    assert item.findtext("adlcp12:masteryscore", namespaces=conformance.NS) == "70"


def test_cmi5_move_on_follows_the_mastery_rule(course):
    with_mastery = etree.fromstring(package_of("cmi5", course)["cmi5.xml"])
    without = etree.fromstring(package_of("cmi5", dataclasses.replace(course, mastery=None))["cmi5.xml"])
    au = with_mastery.find("cmi5:au", conformance.NS)
    assert (au.get("moveOn"), au.get("masteryScore")) == ("CompletedAndPassed", "0.7")
    au = without.find("cmi5:au", conformance.NS)
    assert (au.get("moveOn"), au.get("masteryScore")) == ("Completed", None)
    assert au.get("id") != without.find("cmi5:course", conformance.NS).get("id")


def test_titles_with_markup_characters_stay_text(course):
    files = package_of("scorm2004-4", dataclasses.replace(course, title="Fish & <chips>"))
    doc = etree.fromstring(files["imsmanifest.xml"])
    assert doc.findtext(".//cp:organization/cp:title", namespaces=conformance.NS) == "Fish & <chips>"


# ---------------------------------------------------------------- the checks can fail


def test_conformance_notices_a_file_left_out_of_the_manifest(course):
    files = package_of("scorm12", course)
    files["media/extra.png"] = b"x"
    assert conformance.package("scorm12", files, 0.7) == ["media/extra.png is in the zip but not listed"]


def test_conformance_notices_mixed_case_scorm_type_and_dangling_refs(course):
    files = package_of("scorm2004-4", course)
    text = files["imsmanifest.xml"].replace(b"adlcp:scormType", b"adlcp:scormtype")
    text = text.replace(b'identifierref="SCO-1"', b'identifierref="SCO-2"')
    problems = conformance.package("scorm2004-4", {**files, "imsmanifest.xml": text}, 0.7)
    assert "lowercase scormtype in a 2004 manifest" in problems
    assert "identifierref='SCO-2' resolves to nothing" in problems


def test_conformance_notices_a_mastery_mismatch(course):
    files = package_of("scorm2004-3", course)
    assert conformance.package("scorm2004-3", files, 0.8) == ["minNormalizedMeasure 0.7 != mastery 0.8"]


def test_conformance_notices_mixed_editions(course):
    third = package_of("scorm2004-3", course)
    fourth = package_of("scorm2004-4", course)
    mixed = {**third, "adlcp_v1p3.xsd": fourth["adlcp_v1p3.xsd"]}
    assert conformance.package("scorm2004-3", mixed, 0.7) == \
        ["adlcp_v1p3.xsd differs from the scorm2004-3 copy (editions mixed)"]


def test_control_characters_in_titles_do_not_break_the_xml(course):
    files = package_of("scorm12", dataclasses.replace(course, title="Calm\x0b and kind\x00"))
    doc = etree.fromstring(files["imsmanifest.xml"])
    assert doc.findtext(".//cp12:organization/cp12:title", namespaces=conformance.NS) == "Calm and kind"


@pytest.mark.parametrize("name", SCORM)
def test_a_long_title_and_version_still_validate(name, course):
    title = "How to stay calm " * 15                                        # 255 characters
    files = package_of(name, dataclasses.replace(course, title=title.strip(), version="2.0.0-rc.1+build.20240101"))
    assert validate_scorm_manifest(name, files["imsmanifest.xml"]) == []
    doc = etree.fromstring(files["imsmanifest.xml"])
    shown = [t.text for t in doc.iter() if isinstance(t.tag, str) and t.tag.endswith("}title")]
    if name == "scorm12":                                                   # its XSD: 200 and 20 at most
        assert all(len(t) <= 200 and t.endswith("\u2026") and title.startswith(t[:-1] + " ") for t in shown)
        assert doc.get("version") == "2.0.0-rc.1+build.202"
    else:
        assert title.strip() in shown
