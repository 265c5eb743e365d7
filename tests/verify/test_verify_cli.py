"""`empathy verify`, run as a user runs it: good packages pass, broken ones fail with a
report that says what is wrong.

Broken packages are made from a good build by editing a copy of its zip, the way a
hand-edited or badly repackaged course would break.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

COURSE = "de-escalation"
SCORM_TARGETS = ["scorm12", "scorm2004-3", "scorm2004-4"]


def verify(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`empathy verify ARGS` in a subprocess (exit code, stdout, stderr)."""
    return subprocess.run([sys.executable, "-c", "from compiler.cli import main; main()", "verify", *args],
                          capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})})


def verify_json(path: Path, *extra: str) -> tuple[int, dict]:
    result = verify("--format", "json", *extra, str(path))
    assert result.stdout.strip(), result.stderr
    return result.returncode, json.loads(result.stdout)


def messages(report: dict) -> str:
    return "\n".join(f"{p['area']}: {p['message']} [{p['rule']}]" for p in report["problems"])


def rezip(good: Path, out: Path, edit) -> Path:
    """Copy zip GOOD to OUT, letting EDIT(files: dict[name, bytes]) change its contents."""
    with zipfile.ZipFile(good) as zf:
        files = {name: zf.read(name) for name in zf.namelist() if not name.endswith("/")}
    edit(files)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files):
            zf.writestr(name, files[name])
    return out


@pytest.fixture
def good(built_zip, repo_root):
    return lambda target: built_zip(repo_root / "courses" / COURSE, target)


# ---------------------------------------------------------------- good packages


@pytest.mark.browser
@pytest.mark.parametrize("target", SCORM_TARGETS)
def test_good_package_passes(good, target):
    code, report = verify_json(good(target))
    assert report["kind"] == target
    assert report["problems"] == [], messages(report)
    assert code == 0
    # The browser really ran: a full walk, a half-way exit, a resume.
    assert "resume on the same page" in report["passed"]
    assert report["facts"]["Initialize/Terminate calls"] == "1/1"
    assert any(check.startswith("full walk") for check in report["passed"])


def test_text_report_is_readable(good):
    result = verify("--no-browser", str(good("scorm12")))
    assert result.returncode == 0, result.stdout
    assert "ok    imsmanifest.xml against the official XSDs" in result.stdout
    assert result.stdout.rstrip().endswith("no problems found")


def test_cmi5_and_xapi_are_checked_statically(good):
    for target, check in [("cmi5", "cmi5 course structure rules"), ("xapi", "tincan.xml structure")]:
        code, report = verify_json(good(target))
        assert code == 0, messages(report)
        assert check in report["passed"]


# ---------------------------------------------------------------- broken manifests


def _manifest_edit(pattern: str, replacement: str):
    def edit(files):
        text = files["imsmanifest.xml"].decode()
        changed = re.sub(pattern, replacement, text, count=1)
        assert changed != text, f"the test's pattern {pattern!r} no longer matches the manifest"
        files["imsmanifest.xml"] = changed.encode()
    return edit


def test_dangling_identifierref_fails(good, tmp_path):
    broken = rezip(good("scorm2004-4"), tmp_path / "dangling.zip",
                   _manifest_edit(r'identifierref="([^"]+)"', 'identifierref="NO-SUCH-RESOURCE"'))
    code, report = verify_json(broken, "--no-browser")
    assert code == 1
    assert "points to resource 'NO-SUCH-RESOURCE', which does not exist" in messages(report)


def test_unlisted_file_fails(good, tmp_path):
    def add_file(files):
        files["media/extra.txt"] = b"not in the manifest"

    code, report = verify_json(rezip(good("scorm12"), tmp_path / "extra.zip", add_file), "--no-browser")
    assert code == 1
    assert "'media/extra.txt' is in the zip but not listed" in messages(report)


def test_listed_file_missing_fails(good, tmp_path):
    def drop_css(files):
        del files["assets/player.css"]

    code, report = verify_json(rezip(good("scorm12"), tmp_path / "missing.zip", drop_css), "--no-browser")
    assert code == 1
    assert "<file href='assets/player.css'> is listed but not in the zip" in messages(report)


def test_lowercase_scormtype_in_2004_fails(good, tmp_path):
    # The 2004 XSD accepts this misspelling; LMSs then treat the SCO as an asset.
    broken = rezip(good("scorm2004-3"), tmp_path / "case.zip",
                   _manifest_edit(r"adlcp:scormType=", "adlcp:scormtype="))
    code, report = verify_json(broken, "--no-browser")
    assert code == 1
    assert "adlcp:scormtype; this edition needs adlcp:scormType" in messages(report)


def test_mixed_editions_fail(good, tmp_path):
    third = zipfile.ZipFile(good("scorm2004-3"))

    def swap(files):
        files["adlcp_v1p3.xsd"] = third.read("adlcp_v1p3.xsd")

    fourth = good("scorm2004-4")
    if third.read("adlcp_v1p3.xsd") == zipfile.ZipFile(fourth).read("adlcp_v1p3.xsd"):
        pytest.skip("the two editions' adlcp_v1p3.xsd are identical in this schema set")
    code, report = verify_json(rezip(fourth, tmp_path / "mixed.zip", swap), "--no-browser")
    assert code == 1
    assert "adlcp_v1p3.xsd differs from the official scorm2004-4 file" in messages(report)


def test_invalid_xml_fails(good, tmp_path):
    def garble(files):
        files["imsmanifest.xml"] = b"<manifest><unclosed></manifest>"

    code, report = verify_json(rezip(good("scorm12"), tmp_path / "xml.zip", garble), "--no-browser")
    assert code == 1
    assert "not well-formed XML" in messages(report)


def test_not_a_zip_fails_without_traceback(tmp_path):
    bogus = tmp_path / "course.zip"
    bogus.write_text("hello")
    result = verify(str(bogus))
    assert result.returncode == 1
    assert "not a readable zip file" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


# ---------------------------------------------------------------- broken runtime


def _append_to_player(js: str):
    def edit(files):
        files["assets/player.js"] += ("\n" + js + "\n").encode()
    return edit


@pytest.mark.browser
def test_sco_setting_an_invalid_value_fails(good, tmp_path):
    # After the player started, write a score that is not a number (SCORM 1.2 error 405).
    js = ("window.EmpathyPlayer.ready.then(function () {"
          " window.parent.API.LMSSetValue('cmi.core.score.raw', 'lots'); });")
    broken = rezip(good("scorm12"), tmp_path / "invalid-value.zip", _append_to_player(js))
    code, report = verify_json(broken)
    assert code == 1
    text = messages(report)
    assert "LMSSetValue('cmi.core.score.raw', 'lots') -> error 405" in text, text


@pytest.mark.browser
def test_sco_exceeding_12_suspend_data_fails(good, tmp_path):
    # scorm-again accepts 5000 characters in 1.2; the standard allows 4096: verify must say so.
    js = ("window.EmpathyPlayer.ready.then(function () {"
          " window.parent.API.LMSSetValue('cmi.suspend_data', new Array(5001).join('x')); });")
    broken = rezip(good("scorm12"), tmp_path / "long-suspend.zip", _append_to_player(js))
    code, report = verify_json(broken)
    assert code == 1
    assert "cmi.suspend_data reached 5000 characters; SCORM 1.2 allows 4096" in messages(report)


# ---------------------------------------------------------------- missing tools


def test_missing_browser_says_how_to_install(good, tmp_path):
    result = verify(str(good("scorm12")), env={"CHROMIUM_PATH": str(tmp_path / "no-chromium")})
    assert result.returncode == 1
    assert "apt-get install chromium" in result.stdout


def test_missing_scorm_again_says_how_to_install(good, tmp_path):
    result = verify(str(good("scorm12")), env={"EMPATHY_SCORM_AGAIN": str(tmp_path / "nothing")})
    assert result.returncode == 1
    assert "npm install scorm-again@3.4.3" in result.stdout


@pytest.mark.browser
def test_player_that_crashes_at_start_fails_with_its_error(good, tmp_path):
    def crash(files):
        files["assets/player.js"] = b"throw new Error('player exploded at start');\n"

    code, report = verify_json(rezip(good("scorm12"), tmp_path / "crash.zip", crash))
    assert code == 1
    text = messages(report)
    assert "the course did not start in the LMS" in text
    assert "player exploded at start" in text
