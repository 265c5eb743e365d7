"""`empathy verify` on cmi5 and xAPI (TinCan) packages: launched by the verify LMS
(compiler/verify/lrs.py), walked to the end, left half-way and relaunched in the same
registration. Every example course's packages pass; a package whose adapter reports to no
LMS, or breaks a cmi5 statement rule, fails and says in which sessions.
"""
from __future__ import annotations

import zipfile

import pytest
from test_verify_cli import messages, rezip, verify_json

pytestmark = pytest.mark.browser

COURSES = ["de-escalation", "escucha-activa", "fee-waiver", "insurance-denied"]
SESSIONS = ("full walk", "leave half-way", "resume")


@pytest.mark.parametrize("target", ["cmi5", "xapi"])
@pytest.mark.parametrize("course", COURSES)
def test_every_example_course_passes(built_zip, repo_root, course, target):
    code, report = verify_json(built_zip(repo_root / "courses" / course, target))
    assert report["problems"] == [], messages(report)
    assert code == 0
    lms = "verify cmi5 LMS" if target == "cmi5" else "verify LRS"
    for session in SESSIONS:  # each session ran in the verify LMS and passed its checks
        assert any(check.startswith(f"{session} launched by the {lms}") for check in report["passed"]), session
    assert {"resume on the same page", "resume restores the scenario state, answers and page"} <= set(report["passed"])
    statements = report["facts"]["statements in the full walk"]
    assert statements["initialized"] == statements["terminated"] == 1
    assert statements["completed"] >= 1
    if target == "cmi5":
        assert report["facts"]["fetch URL POSTs in the full walk"] == 1


def _with_web_adapter(built_zip, repo_root, target: str, tmp_path) -> tuple[int, dict]:
    """verify's exit code and report for the TARGET package with the web package's adapter.js
    (the "none" adapter) in place of its own."""
    course = repo_root / "courses" / "de-escalation"
    with zipfile.ZipFile(built_zip(course, "web")) as zf:
        none = zf.read("assets/adapter.js")
    swapped = rezip(built_zip(course, target), tmp_path / f"swapped-{target}.zip",
                    lambda files: files.update({"assets/adapter.js": none}))
    return verify_json(swapped)


def test_a_cmi5_package_with_the_web_adapter_fails_in_every_session(built_zip, repo_root, tmp_path):
    code, report = _with_web_adapter(built_zip, repo_root, "cmi5", tmp_path)
    assert code == 1
    never = [p for p in report["problems"] if "never POSTed to the launch's fetch URL" in p["message"]]
    assert len(never) == 1 and never[0]["rule"] == 20, messages(report)
    assert never[0]["phases"] == list(SESSIONS), messages(report)
    found = messages(report)
    assert "did not go to LaunchData's returnURL" in found, found
    assert "the LRS has no 'completed' of the course" in found, found


def test_an_xapi_package_with_the_web_adapter_fails(built_zip, repo_root, tmp_path):
    code, report = _with_web_adapter(built_zip, repo_root, "xapi", tmp_path)
    assert code == 1
    # it still sends statements (the web adapter does, given an endpoint), but keeps no
    # resume point in the State API: the relaunch starts over
    resumed = [p for p in report["problems"] if p["phases"] == ["resume"] and p["rule"] == 16]
    assert resumed, messages(report)


def test_a_cmi5_adapter_without_the_cmi5_category_fails_with_the_rule_and_sessions(built_zip, repo_root, tmp_path):
    def drop_category(files):
        text = files["assets/adapter.js"].decode()
        assert 'CAT+"cmi5"' in text, "the test's pattern no longer matches the cmi5 adapter"
        files["assets/adapter.js"] = text.replace('CAT+"cmi5"', 'CAT+"cmi5-not"').encode()

    broken = rezip(built_zip(repo_root / "courses" / "de-escalation", "cmi5"), tmp_path / "category.zip",
                   drop_category)
    code, report = verify_json(broken)
    assert code == 1
    lacking = {p["message"]: p for p in report["problems"] if "lacks the cmi5 category" in p["message"]}
    assert all(p["rule"] == 23 for p in lacking.values()), messages(report)
    # one finding per verb, with every session it was seen in
    for verb in ("initialized", "terminated"):
        found = lacking[f"statement {verb!r} is cmi5-defined but lacks the cmi5 category"]
        assert found["phases"] == list(SESSIONS)
    assert "statement 'completed' is cmi5-defined but lacks the cmi5 category" in lacking


def test_a_cmi5_au_reporting_on_its_own_id_not_the_launchs_fails(built_zip, repo_root, tmp_path):
    """The verify LMS launches the AU with an activityId of its own (cmi5 8.1.5); an AU that
    puts its cmi5.xml id on its statements instead reports on an activity the LMS never
    launched."""
    def hard_code(files):
        text, au = files["assets/adapter.js"].decode(), "https://courses.example.org/empathy/de-escalation/au"
        assert 'where={activityId:q.get("activityId")' in text, "the test's pattern no longer matches"
        files["assets/adapter.js"] = text.replace('where={activityId:q.get("activityId")',
                                                  f'where={{activityId:"{au}"', 1).encode()

    broken = rezip(built_zip(repo_root / "courses" / "de-escalation", "cmi5"), tmp_path / "own-id.zip", hard_code)
    code, report = verify_json(broken)
    assert code == 1
    assert "after walking to the end, the LRS has no 'completed' of the course" in messages(report)
