"""`empathy verify` on packages an LMS admin tampered with (the audit's cases): zips an LMS
cannot unpack, manifests with a DOCTYPE, packages that lost their manifest or a runtime
file the player fetches later. Each must give a report that says so, never a traceback.

Every input is a copy of a real build, edited here (see test_verify_cli.py's `rezip`).
"""
from __future__ import annotations

import io
import json
import re
import struct
import zipfile
from pathlib import Path

import pytest
from test_verify_cli import _drop, good, messages, rezip, verify, verify_json  # noqa: F401

from compiler.package import files as runtime
from compiler.verify import run, static

# ---------------------------------------------------------------- zips an LMS cannot unpack


def _copy(built: Path, out: Path, extra: dict[str, bytes] | None = None, twice: str | None = None) -> Path:
    """BUILT copied entry by entry to OUT, plus EXTRA entries, plus a second entry TWICE."""
    with zipfile.ZipFile(built) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, zin.read(info.filename))
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
        if twice:
            zout.writestr(twice, b"<html>the other one</html>")
    return out


def _entry_data_offset(data: bytes, name: str) -> int:
    """Where NAME's compressed bytes start in the zip DATA (after its local header)."""
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    start = info.header_offset
    name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
    return start + 30 + name_len + extra_len


def _damaged(built: Path, out: Path) -> Path:
    data = bytearray(built.read_bytes())
    start = _entry_data_offset(bytes(data), "index.html")
    for k in range(200, 260):
        data[start + k] ^= 0x55
    out.write_bytes(data)
    return out


def _bad_crc(built: Path, out: Path) -> Path:
    data = bytearray(built.read_bytes())
    crc = struct.pack("<I", zipfile.ZipFile(built).getinfo("index.html").CRC)
    at = data.find(crc)
    while at != -1:  # in the local header and in the central directory
        data[at] ^= 1
        at = data.find(crc, at + 1)
    out.write_bytes(data)
    return out


def _central_field(built: Path, out: Path, offset: int, value) -> Path:
    """Every central directory entry of BUILT with its field at OFFSET changed by VALUE(old)."""
    data = bytearray(built.read_bytes())
    at = data.find(b"PK\x01\x02")
    while at != -1:
        old = struct.unpack("<H", data[at + offset:at + offset + 2])[0]
        data[at + offset:at + offset + 2] = struct.pack("<H", value(old))
        at = data.find(b"PK\x01\x02", at + 1)
    out.write_bytes(data)
    return out


UNPACKABLE = {
    "damaged.zip": (_damaged, "'index.html' cannot be extracted from the zip (damaged?): Error -3"),
    "bad-crc.zip": (_bad_crc, "'index.html' cannot be extracted from the zip (damaged?): Bad CRC-32"),
    "encrypted.zip": (lambda b, o: _central_field(b, o, 8, lambda flags: flags | 1), "is encrypted"),
    "deflate64.zip": (lambda b, o: _central_field(b, o, 10, lambda method: 9),
                      "is compressed with method 9 (deflate64): LMSs unpack only stored and deflated entries"),
    "file-and-folder.zip": (lambda b, o: _copy(b, o, {"media": b"a file"}),
                            "'media' is both a file and a folder in the zip"),
    "long-name.zip": (lambda b, o: _copy(b, o, {"media/" + "a" * 300 + ".svg": b"<svg/>"}),
                      "has a file name over 255 bytes"),
}


def test_a_zip_an_lms_cannot_unpack_is_one_problem_never_a_traceback(good, tmp_path):
    built = good("scorm12")
    zips = [make(built, tmp_path / name) for name, (make, _) in UNPACKABLE.items()]
    result = verify("--format", "json", "--no-browser", *map(str, zips), str(built))
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.returncode == 1
    reports = json.loads(result.stdout)["packages"]
    assert [r["package"] for r in reports] == [*map(str, zips), str(built)]
    for report, (_, expected) in zip(reports, UNPACKABLE.values()):
        [problem] = report["problems"]
        assert problem["area"] == "package" and expected in problem["message"], (report["package"], problem)
    assert reports[-1]["ok"] is True  # the good package after them is still checked
    # The text report of several packages has each one's verdict too.
    text = verify("--no-browser", *map(str, zips[:2]))
    assert "Traceback" not in text.stdout + text.stderr
    assert text.stdout.count(": 1 problem(s) found") == 2, text.stdout


@pytest.mark.filterwarnings("ignore:Duplicate name")  # the point of the test
def test_duplicate_entries_are_reported(good, tmp_path):
    twice = _copy(good("scorm12"), tmp_path / "twice.zip", twice="index.html")
    code, report = verify_json(twice, "--no-browser")
    assert code == 1
    assert "package: duplicate entry 'index.html' (2 times in the zip): LMSs and unzip tools " \
        "keep one or the other [None]" in messages(report)


def test_an_unforeseen_failure_is_a_report_not_a_traceback(monkeypatch, tmp_path):
    def crash(*args):
        raise KeyError("surprise")

    monkeypatch.setattr(static, "check_package", crash)
    report = run.verify(tmp_path / "any.zip", browser=False)
    [problem] = report.problems
    assert problem.message.startswith("verify could not finish checking this package (KeyError: 'surprise')")


# ---------------------------------------------------------------- manifests with a DOCTYPE


def _edit(file: str, pattern: str, replacement: str):
    def edit(files):
        text = files[file].decode()
        changed = re.sub(pattern, replacement, text, count=1)
        assert changed != text, f"the test's pattern {pattern!r} no longer matches {file}"
        files[file] = changed.encode()
    return edit


def _entity(file: str, root: str, value: str, use_at: str):
    """FILE with a DOCTYPE declaring the entity x as VALUE, used after USE_AT."""
    def edit(files):
        text = files[file].decode()
        text = text.replace(f"<{root} ", f"<!DOCTYPE {root} [<!ENTITY x {value}>]>\n<{root} ", 1)
        assert use_at in text, f"{use_at!r} is not in {file}"
        files[file] = text.replace(use_at, use_at + "&x;", 1).encode()
    return edit


@pytest.mark.parametrize("target,file,root,use_at", [
    ("scorm12", "imsmanifest.xml", "manifest", "<schema>"),
    ("cmi5", "cmi5.xml", "courseStructure", "<url>index.html"),
    ("xapi", "tincan.xml", "tincan", '<name lang="en">'),
])
@pytest.mark.parametrize("external", [False, True])
def test_a_manifest_with_entities_is_one_problem_and_never_read_outside(good, tmp_path, target, file,
                                                                       root, use_at, external):
    secret = tmp_path / "secret.txt"
    secret.write_text("the-verifying-machine's-secret")
    value = f'SYSTEM "file://{secret}"' if external else '"ADL"'
    broken = rezip(good(target), tmp_path / "entity.zip", _entity(file, root, value, use_at))
    result = verify("--format", "json", "--no-browser", str(broken))
    assert "Traceback" not in result.stderr and "secret" not in result.stdout
    [report] = json.loads(result.stdout)["packages"]
    assert result.returncode == 1
    [problem] = report["problems"]  # not "has no <name>", not an XSD error
    assert problem["message"] == (f"{file} has a DOCTYPE declaring the entities x: LMSs commonly refuse a "
                                  "manifest with a DOCTYPE or entities; it uses &x;, which verify never "
                                  "expands, so it was not checked further")


def test_a_doctype_alone_is_a_problem_and_the_rest_is_still_checked(good, tmp_path):
    broken = rezip(good("scorm12"), tmp_path / "doctype.zip",
                   _edit("imsmanifest.xml", "<manifest ", "<!DOCTYPE manifest>\n<manifest "))
    code, report = verify_json(broken, "--no-browser")
    assert code == 1
    assert messages(report) == ("manifest: imsmanifest.xml has a DOCTYPE: LMSs commonly refuse a manifest "
                                "with a DOCTYPE or entities; remove it [None]")
    assert "imsmanifest.xml against the official XSDs" in report["passed"]


def test_a_byte_that_is_not_utf8_in_a_manifest_is_a_problem(good, tmp_path):
    def latin1(files):
        files["imsmanifest.xml"] = files["imsmanifest.xml"].replace(b"<title>", b"<title>caf\xe9 ", 1)

    code, report = verify_json(rezip(good("scorm12"), tmp_path / "latin1.zip", latin1), "--no-browser")
    assert code == 1
    assert "imsmanifest.xml is not well-formed XML: Invalid bytes in character encoding" in messages(report)


# ---------------------------------------------------------------- a manifest lost


@pytest.mark.parametrize("target,edit,expected", [
    ("scorm12", _drop("imsmanifest.xml"),
     "no imsmanifest.xml at the zip root, but this is not a web package: its adapter "
     "(assets/adapter.js) is the scorm12 one and it ships XSDs at the root (adlcp_rootv1p2.xsd, "
     "ims_xml.xsd, imscp_rootv1p1p2.xsd, ...); an LMS cannot import it (was the manifest lost?)"),
    ("scorm2004-4", lambda files: files.update({"IMSMANIFEST.XML": files.pop("imsmanifest.xml")}),
     "the manifest is named 'IMSMANIFEST.XML', but LMSs look for 'imsmanifest.xml' exactly"),
    ("cmi5", _drop("cmi5.xml"), "no cmi5.xml at the zip root, but this is not a web package: its "
     "adapter (assets/adapter.js) is the cmi5 one;"),
])
def test_a_package_that_lost_its_manifest_does_not_pass_as_a_web_package(good, tmp_path, target, edit,
                                                                         expected):
    code, report = verify_json(rezip(good(target), tmp_path / "lost.zip", edit), "--no-browser")
    assert code == 1
    assert expected in messages(report), messages(report)


# ---------------------------------------------------------------- runtime files fetched later


@pytest.mark.parametrize("target,dropped,expected", [
    ("cmi5", ["assets/kinds.js"], "assets/kinds.js is not in the zip, but the player fetches it the "
     "first time it shows a page of another kind than 'page' (here 'front-of-store', a scenario)"),
    ("xapi", ["assets/kinds.css"], "assets/kinds.css is not in the zip, but the player fetches it with "
     "kinds.js"),
    ("cmi5", ["assets/xapi.js"], "assets/xapi.js is not in the zip, but the player fetches it before the "
     "adapter starts, to send statements: a cmi5 package always sends them"),
    ("web", ["assets/xapi.js"], "assets/xapi.js is not in the zip, but the player fetches it before the "
     "adapter starts when it is launched with an endpoint (?endpoint=...)"),
])
def test_a_runtime_file_the_player_fetches_later_is_checked_without_the_browser(good, tmp_path, target,
                                                                                dropped, expected):
    code, report = verify_json(rezip(good(target), tmp_path / "later.zip", _drop(*dropped)), "--no-browser")
    assert code == 1
    assert f"package: {expected}" in messages(report), messages(report)


def test_a_scorm_package_without_xapi_js_fails_even_when_the_manifest_agrees(good, tmp_path):
    def unlist(files):
        del files["assets/xapi.js"]
        _edit("imsmanifest.xml", r'\s*<file href="assets/xapi.js"/>', "")(files)

    code, report = verify_json(rezip(good("scorm2004-3"), tmp_path / "no-xapi.zip", unlist), "--no-browser")
    assert code == 1
    [problem] = report["problems"]
    assert problem["message"].startswith("assets/xapi.js is not in the zip, but the player fetches it")


def test_a_player_that_carries_the_kinds_and_xapi_js_needs_neither_file(good, tmp_path):
    # A build that defers nothing (render_site(defer_kinds=False, separate_xapi=False)).
    def inline(files):
        _drop("assets/kinds.js", "assets/kinds.css", "assets/xapi.js")(files)
        files["assets/player.js"] = runtime.player_js(separate_xapi=False, with_kinds=True)

    code, report = verify_json(rezip(good("web"), tmp_path / "inline.zip", inline), "--no-browser")
    assert code == 0, messages(report)
    assert "files the player fetches later" in report["passed"]


# ---------------------------------------------------------------- messages an admin can act on


@pytest.mark.parametrize("target,edit,expected,not_expected", [
    ("scorm12", _edit("imsmanifest.xml", r"\s*<schemaversion>1.2</schemaversion>", ""),
     "manifest: <schemaversion> is missing from <metadata>; expected one of '1.2', '2004 3rd Edition', "
     "'2004 4th Edition' [2]", "None"),
    ("scorm12", _edit("imsmanifest.xml", r"<adlcp:masteryscore>70<", "<adlcp:masteryscore><"),
     "manifest: adlcp:masteryscore is empty; expected a number 0-100 [2]", "None"),
    ("scorm2004-4", _edit("imsmanifest.xml", 'satisfiedByMeasure="true"', 'satisfiedByMeasure="false"'),
     "manifest: item 'ITEM-1': primaryObjective satisfiedByMeasure is 'false', so the LMS ignores "
     "minNormalizedMeasure 0.7 and never judges passed/failed by the score; it must be \"true\" [8]",
     "has no mastery"),
    ("scorm2004-4", _edit("imsmanifest.xml", "2004 4th Edition", "2004 3rd Edition"),
     "manifest: the shipped XSDs are the official SCORM 2004 4th Edition set, but the manifest declares "
     "SCORM 2004 3rd Edition (schemaversion): ship the SCORM 2004 3rd Edition XSDs or declare the "
     "edition they belong to [4]", "differs from the official"),
])
def test_messages_say_what_is_wrong_in_the_manifests_terms(good, tmp_path, target, edit, expected,
                                                         not_expected):
    code, report = verify_json(rezip(good(target), tmp_path / "unclear.zip", edit), "--no-browser")
    assert code == 1
    text = messages(report)
    assert expected in text, text
    assert not_expected not in text, text
    if target == "scorm2004-4" and "schemaversion" in expected:
        assert len([p for p in report["problems"] if "XSD" in p["message"]]) == 1, text


@pytest.mark.parametrize("target, other", [("cmi5", "web"), ("scorm12", "scorm2004-4"), ("xapi", "cmi5")])
def test_an_adapter_of_another_standard_is_caught_without_the_browser(good, tmp_path, target, other):
    """The audit swapped in the web package's adapter: a cmi5 package that never reports."""
    with zipfile.ZipFile(good(other)) as z:
        adapter = z.read("assets/adapter.js")
    code, report = verify_json(rezip(good(target), tmp_path / "swapped.zip",
                                     lambda files: files.update({"assets/adapter.js": adapter})), "--no-browser")
    assert code == 1
    [problem] = [m for m in messages(report).splitlines() if "adapter.js is the" in m]
    assert f"but the manifest makes this a {target} package" in problem


def test_a_web_package_with_a_schema_of_its_own_at_the_root_is_still_a_web_package(good, tmp_path):
    """A course about XML may link an .xsd of its own: no SCORM XSDs, no lost manifest."""
    code, report = verify_json(rezip(good("web"), tmp_path / "own-xsd.zip",
                                     lambda files: files.update({"order.xsd": b"<xs:schema/>"})), "--no-browser")
    assert code == 0 and "not a web package" not in messages(report), messages(report)
