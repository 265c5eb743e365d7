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
    """Exit code and the report of one package (the JSON's only entry)."""
    result = verify("--format", "json", *extra, str(path))
    assert result.stdout.strip(), result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"ok", "packages"} and len(data["packages"]) == 1, data
    assert data["ok"] == data["packages"][0]["ok"]
    return result.returncode, data["packages"][0]


def messages(report: dict) -> str:
    return "\n".join(f"{p['area']}: {p['message']} [{p['rule']}]" for p in report["problems"])


def failure_text(path: Path) -> str:
    """The problems verify reports for a package it must fail (exit 1), one per line."""
    code, report = verify_json(path)
    assert code == 1
    return messages(report)


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


@pytest.mark.browser
def test_web_is_checked_and_run_without_an_lms(good):
    # (cmi5 and xapi packages run in the verify LMS: test_verify_cmi5_xapi.py)
    code, report = verify_json(good("web"))
    assert code == 0, messages(report)
    assert report["kind"] == "web"
    assert "index.html at the zip root, no LMS manifest (a web package)" in report["passed"]
    assert "files the launch page refers to" in report["passed"]
    # walked to the end, left half-way and resumed from the browser's storage
    assert "full walk in Chromium without an LMS (31 steps)" in report["passed"]
    assert report["facts"]["complete after the walk"] is True
    assert report["facts"]["pages walked"][-1] == "what-we-learned"
    assert {"resume on the same page", "resume restores the scenario state, answers and page"} <= set(report["passed"])


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


@pytest.mark.parametrize("target", ["scorm12", "scorm2004-4"])
def test_a_manifest_with_nothing_to_launch_fails(good, tmp_path, target):
    no_href = rezip(good(target), tmp_path / "no-href.zip",
                    _manifest_edit(r'(<resource [^>]*?) href="index.html"', r"\1"))
    code, report = verify_json(no_href, "--no-browser")
    assert code == 1 and "SCO resource 'SCO-1' has no href: the LMS has no file to launch" in messages(report)
    no_item = rezip(good(target), tmp_path / "no-item.zip", _manifest_edit(r"(?s)<item .*?</item>", ""))
    code, report = verify_json(no_item, "--no-browser")
    assert code == 1 and "organization 'ORG-1' has no <item> that launches a resource" in messages(report)


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
    assert "adlcp_v1p3.xsd differs from the official SCORM 2004 4th Edition file" in messages(report)


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


def _after_set_status(js: str):
    """A 1.2 adapter that runs JS (with the status sent, `st`, and the LMS's `api`) after
    each status it sends."""
    return _append_to_player("window.EmpathyPlayer.ready.then(function () { var s = window.EmpathyLMS.setStatus,"
                             " api = window.parent.API; window.EmpathyLMS.setStatus = function (st) { s(st); "
                             + js + " }; });")


# name: (how the SCO is broken, what verify must say). The first two act once the player has
# started; the others after each status the adapter sends (see _after_set_status).
BROKEN_SCOS = {
    # a score that is not a number (SCORM 1.2 error 405)
    "invalid-value": (_append_to_player("window.EmpathyPlayer.ready.then(function () {"
                                        " window.parent.API.LMSSetValue('cmi.core.score.raw', 'lots'); });"),
                      ["LMSSetValue('cmi.core.score.raw', 'lots') -> error 405"]),
    # scorm-again accepts 5000 characters in 1.2; the standard allows 4096: verify must say so
    "long-suspend": (_append_to_player("window.EmpathyPlayer.ready.then(function () {"
                                       " window.parent.API.LMSSetValue('cmi.suspend_data', new Array(5001).join('x')); });"),
                     ["cmi.suspend_data reached 5000 characters; SCORM 1.2 allows 4096"]),
    # the score goes to the LMS as soon as there is one, as empathy's 1.2 adapter once did:
    # this launch is for credit, so scorm-again grades the half-way learner from it
    "early-score": (_after_set_status("if (typeof st.scaled == 'number' && !st.completed) {"
                                      " api.LMSSetValue('cmi.core.score.raw', String(Math.round(st.scaled * 100)));"
                                      " api.LMSCommit(''); }"),
                    ["the learner left before the course was complete, yet the LMS holds",
                     "a score was sent before completion"]),
    # every status it sends is followed by 'incomplete' and then the status again, so the
    # LMS ends with the right one but recorded a passed course as unfinished in between
    "status-lowered": (_after_set_status("var now = api.LMSGetValue('cmi.core.lesson_status'); if (now != 'incomplete') {"
                                         " api.LMSSetValue('cmi.core.lesson_status', 'incomplete');"
                                         " api.LMSSetValue('cmi.core.lesson_status', now); }"),
                       ["cmi.core.lesson_status went from 'passed' down to 'incomplete' during the session"]),
}


@pytest.mark.browser
@pytest.mark.parametrize("name", list(BROKEN_SCOS))
def test_a_broken_scorm12_sco_fails(good, tmp_path, name):
    edit, expected = BROKEN_SCOS[name]
    text = failure_text(rezip(good("scorm12"), tmp_path / f"{name}.zip", edit))
    for words in expected:
        assert words in text, text


@pytest.mark.browser
def test_sco_that_never_finishes_when_the_window_closes_fails(good, tmp_path):
    def deaf_to_pagehide(files):
        for name, listener, stub in (
                ("assets/adapter.js", 'W.addEventListener("pagehide",leave);', ""),
                ("assets/player.js", "window.addEventListener('pagehide',function(e){save();if(!e.persisted)end();}",
                 "(function(e){save();if(!e.persisted)end();}")):
            code = files[name].decode()
            assert listener in code, f"{name} changed: update this test's edit"
            files[name] = code.replace(listener, stub, 1).encode()
    broken = rezip(good("scorm12"), tmp_path / "no-pagehide.zip", deaf_to_pagehide)
    text = failure_text(broken)
    assert "LMSFinish was called 0 times when the learner closed the window, expected once" in text, text


# ---------------------------------------------------------------- missing tools


def test_missing_browser_says_how_to_install(good, tmp_path):
    result = verify(str(good("scorm12")), env={"CHROMIUM_PATH": str(tmp_path / "no-chromium")})
    assert result.returncode == 1
    assert "apt-get install chromium" in result.stdout
    # The variable that points nowhere is named, so the admin knows what to fix.
    assert f"CHROMIUM_PATH is set to {tmp_path / 'no-chromium'}, which does not exist" in result.stdout


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


# ---------------------------------------------------------------- web, cmi5 and xAPI zips


def test_text_report_names_the_kind_of_package(good):
    result = verify("--no-browser", str(good("web")), str(good("scorm2004-4")))
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert lines[0] == f"{good('web')}: web package (index.html, no LMS manifest)"
    assert "  ok    index.html at the zip root, no LMS manifest (a web package)" in lines
    assert "manifest at the zip root" not in result.stdout
    assert f"{good('scorm2004-4')}: SCORM 2004 4th Edition package" in lines


def _drop(*names):
    def edit(files):
        for name in names:
            assert name in files, f"the test expects {name} in the package"
            del files[name]
    return edit


@pytest.mark.parametrize("target", ["web", "cmi5", "xapi"])
def test_a_file_index_html_needs_missing_from_the_zip_fails(good, target, tmp_path):
    broken = rezip(good(target), tmp_path / "no-player.zip", _drop("assets/player.js"))
    code, report = verify_json(broken, "--no-browser")
    assert code == 1
    assert "package: index.html refers to 'assets/player.js', which is not in the zip [None]" in messages(report)


def test_media_of_a_later_page_missing_from_a_web_zip_fails(good, tmp_path):
    # The pages after the first exist only inside course.json (the player renders them
    # later): an image there must be in the zip too. de-escalation has none: add one.
    built = good("web")

    def add_image(files):
        html = files["index.html"].decode()
        marker = '"html":"<p>'
        assert marker in html
        files["index.html"] = html.replace(marker, marker + '<img src=\\"media/gone.png\\" alt=\\"\\">', 1).encode()

    code, report = verify_json(rezip(built, tmp_path / "img.zip", add_image), "--no-browser")
    assert code == 1
    assert "a page of the course refers to 'media/gone.png', which is not in the zip" in messages(report)


@pytest.mark.browser
def test_web_zip_without_its_player_fails_in_the_browser_too(good, tmp_path):
    broken = rezip(good("web"), tmp_path / "no-player.zip", _drop("assets/player.js"))
    code, report = verify_json(broken)
    assert code == 1 and report["kind"] == "web"
    text = messages(report)
    assert "index.html refers to 'assets/player.js', which is not in the zip" in text
    assert "the course did not start in the browser (no LMS): the page loaded but no player " \
        "started (" in text
    assert "could not get assets/player.js (404)" in text
    starts = [p for p in report["problems"] if "did not start" in p["message"]]
    assert starts[0]["phases"] == ["full walk"]


@pytest.mark.browser
@pytest.mark.parametrize("target", ["web", "cmi5"])
def test_a_deferred_file_missing_is_found_by_walking(good, target, tmp_path):
    # Nothing in index.html names assets/kinds.js: only the walk finds it gone.
    broken = rezip(good(target), tmp_path / "no-kinds.zip", _drop("assets/kinds.js"))
    text = failure_text(broken)
    assert "the course could not get assets/kinds.js (404) from the package" in text, text


@pytest.mark.browser
def test_console_errors_of_a_web_package_are_reported_once_with_their_sessions(good, tmp_path):
    broken = rezip(good("web"), tmp_path / "noisy.zip",
                   _append_to_player("console.error('the theme is haunted');"))
    code, report = verify_json(broken)
    assert code == 1
    noisy = [p for p in report["problems"] if "the theme is haunted" in p["message"]]
    assert len(noisy) == 1, report["problems"]
    assert noisy[0]["message"] == "browser console error in the page: the theme is haunted"
    assert noisy[0]["phases"] == ["full walk", "leave half-way", "resume"]


# ---------------------------------------------------------------- shipped XSDs and mastery


@pytest.mark.parametrize("target,dropped,needed_by", [
    ("scorm2004-4", "imsss_v1p0util.xsd",
     "imsss_v1p0auxresource.xsd (xsd:include), imsss_v1p0objective.xsd (xsd:include), "
     "imsss_v1p0random.xsd (xsd:include), imsss_v1p0rollup.xsd (xsd:include), "
     "imsss_v1p0seqrule.xsd (xsd:include) need it"),
    ("scorm2004-3", "datatypes.dtd", "XMLSchema.dtd (an external entity) needs it"),
    ("scorm12", "ims_xml.xsd", "imscp_rootv1p1p2.xsd (xsd:import), imsmd_rootv1p2p1.xsd (xsd:import) need it"),
])
def test_an_incomplete_xsd_set_fails(good, tmp_path, target, dropped, needed_by):
    code, report = verify_json(rezip(good(target), tmp_path / "xsd.zip", _drop(dropped)), "--no-browser")
    assert code == 1
    assert f"manifest: {dropped!r} is not in the zip, but {needed_by}: the shipped XSD set is " \
        "incomplete [4]" in messages(report), messages(report)


def test_a_schema_refering_outside_the_package_fails(good, tmp_path):
    def remote(files):
        text = files["imsss_v1p0seqrule.xsd"].decode()
        assert 'schemaLocation = "imsss_v1p0util.xsd"' in text
        files["imsss_v1p0seqrule.xsd"] = text.replace('schemaLocation = "imsss_v1p0util.xsd"',
                                               'schemaLocation = "http://example.org/util.xsd"', 1).encode()

    code, report = verify_json(rezip(good("scorm2004-4"), tmp_path / "remote.zip", remote), "--no-browser")
    assert code == 1
    assert "refers to 'http://example.org/util.xsd' outside the package" in messages(report)


@pytest.mark.parametrize("target,file,pattern,replacement,expected", [
    ("scorm2004-4", "imsmanifest.xml", r"<imsss:minNormalizedMeasure>0.7<",
     "<imsss:minNormalizedMeasure>0.4<",
     "minNormalizedMeasure is 0.4 but the player passes at 0.7 (course.json mastery 0.7)"),
    ("scorm2004-3", "imsmanifest.xml", r"<imsss:minNormalizedMeasure>0.7<",
     "<imsss:minNormalizedMeasure>0.7001<", "minNormalizedMeasure is 0.7001 but the player passes at 0.7"),
    ("scorm12", "imsmanifest.xml", r"<adlcp:masteryscore>70<", "<adlcp:masteryscore>40<",
     "adlcp:masteryscore is 40 but the player passes at 70"),
    ("scorm12", "imsmanifest.xml", r"<adlcp:masteryscore>70</adlcp:masteryscore>", "",
     "the player passes at 0.7 but the manifest has no mastery (adlcp:masteryscore)"),
    ("cmi5", "cmi5.xml", r'masteryScore="0.7"', 'masteryScore="0.4"',
     "the AU's masteryScore is 0.4 but the player passes at 0.7"),
])
def test_manifest_mastery_different_from_the_players_fails(good, tmp_path, target, file, pattern,
                                                           replacement, expected):
    def edit(files):
        text = files[file].decode()
        changed = re.sub(pattern, replacement, text, count=1)
        assert changed != text, f"the test's pattern {pattern!r} no longer matches {file}"
        files[file] = changed.encode()

    code, report = verify_json(rezip(good(target), tmp_path / "mastery.zip", edit), "--no-browser")
    assert code == 1
    assert expected in messages(report), messages(report)
    assert "manifest mastery = the player's mastery" not in report["passed"]


def test_equal_masteries_pass(good):
    for target in ("scorm12", "scorm2004-4", "cmi5"):
        code, report = verify_json(good(target), "--no-browser")
        assert "manifest mastery = the player's mastery" in report["passed"], (target, messages(report))


# ---------------------------------------------------------------- resume state


FORGET_SCENARIOS = """(function () {
  // A player that reopens on the right page but forgets where the learner was in the scenario.
  var decode = window.EmpathyState.decode;
  window.EmpathyState.decode = function (s) { var st = decode(s); st.scenarios = {}; return st; };
})();"""


@pytest.mark.browser
@pytest.mark.parametrize("target", ["scorm2004-4", "web"])
def test_a_resume_that_loses_the_scenario_state_fails(good, tmp_path, target):
    broken = rezip(good(target), tmp_path / "forgetful.zip", _append_to_player(FORGET_SCENARIOS))
    code, report = verify_json(broken)
    assert code == 1
    assert "resume on the same page" in report["passed"]  # the old check alone passed it
    text = messages(report)
    assert "runtime: after resume, scenario 'front-of-store' is not as the learner left it " \
        "(left -> resumed): node \"" in text, text
    assert len([p for p in report["problems"] if "scenario 'front-of-store'" in p["message"]]) == 1
    resume_problems = [p for p in report["problems"] if p["rule"] == 16]
    assert resume_problems and all(p["phases"] == ["resume"] for p in resume_problems)


def write_course(folder: Path, files: dict[str, str]) -> Path:
    """A course of its own: FILES maps a file name to its text."""
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.browser
def test_the_learner_who_leaves_never_has_an_answer_ticked_but_not_submitted(built_zip, tmp_path):
    """Walked [next, tick, submit, finish], the middle is right after the tick: a draft,
    which stays on the device by design, so the resume in a fresh profile showed the option
    unticked and a good package failed."""
    course = write_course(tmp_path / "late-quiz", {
        "course.yaml": "id: https://courses.example.org/late-quiz\ntitle: Late quiz\nlanguage: en\n"
                       "pages: [intro, quiz]\ncompletion:\n  visit: [intro]\n"
                       "mastery:\n  score: 0.5\n  counts: [quiz]\n",
        "intro.md": "---\ntitle: Intro\n---\n\nHello.\n",
        "quiz.md": "---\nkind: quiz\ntitle: Check\n---\n\n## One {#one}\n\nPick.\n\n"
                   "* [x] Right\n  feedback: yes\n* [ ] Wrong\n  feedback: no\n"})
    code, report = verify_json(built_zip(course, "scorm12"))
    assert code == 0, messages(report)
    assert "resume restores the scenario state, answers and page" in report["passed"]


@pytest.mark.browser
def test_a_relaunch_too_long_for_a_web_address_resumes(built_zip, tmp_path):
    """Two 30,000-character reflections leave 60 KB of suspend data (a 300-question quiz
    leaves as much in interactions). Given to the test LMS in the launch URL, that made an
    address the server refused (414): 'the course did not start in the LMS'."""
    note = "private: no\nmin_length: 30000\n\n"
    course = write_course(tmp_path / "long-notes", {
        "course.yaml": "id: https://courses.example.org/long-notes\ntitle: Long notes\nlanguage: en\n"
                       "pages: [think]\nxapi:\n  send_reflection_text: true\n",
        "think.md": f"---\nkind: reflection\ntitle: Think\n---\n\nThink.\n\n## First {{#first}}\n{note}"
                    f"What happened?\n\n## Second {{#second}}\n{note}Why?\n"})
    code, report = verify_json(built_zip(course, "scorm2004-4"))
    assert code == 0, messages(report)
    assert report["facts"]["longest suspend_data"] > 60000
    assert "resume restores the scenario state, answers and page" in report["passed"]


# ---------------------------------------------------------------- report format


def test_json_is_one_object_for_one_package_or_several(good):
    one = json.loads(verify("--format", "json", "--no-browser", str(good("scorm12"))).stdout)
    several = json.loads(verify("--format", "json", "--no-browser", str(good("scorm12")),
                                str(good("web"))).stdout)
    for data, count in ((one, 1), (several, 2)):
        assert isinstance(data, dict) and set(data) == {"ok", "packages"}
        assert data["ok"] is True and len(data["packages"]) == count
        for report in data["packages"]:
            assert set(report) == {"package", "kind", "kind_name", "ok", "problems", "passed", "facts"}
    assert [r["kind"] for r in several["packages"]] == ["scorm12", "web"]


def test_help_documents_the_json_shape():
    result = verify("--help")
    assert '{"ok": bool, "packages": [' in result.stdout
    assert "phases" in result.stdout


@pytest.mark.browser
def test_a_problem_of_every_session_is_listed_once_with_its_sessions(good, tmp_path):
    broken = rezip(good("scorm12"), tmp_path / "noisy.zip",
                   _append_to_player("console.error('every launch complains');"))
    result = verify(str(broken))
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "every launch complains" in line]
    assert lines == ["  FAIL  runtime (full walk, leave half-way, resume): browser console error "
                     "in the SCO: every launch complains"], result.stdout


def test_a_browser_that_will_not_start_is_one_line(good):
    result = verify(str(good("web")), env={"CHROMIUM_PATH": "/bin/false"})
    assert result.returncode == 1
    failures = [line for line in result.stdout.splitlines() if "FAIL" in line]
    assert len(failures) == 1, result.stdout
    assert failures[0].startswith("  FAIL  tools: Chromium at /bin/false did not start (")
    assert failures[0].endswith("apt-get install chromium   (or set CHROMIUM_PATH to a Chromium binary)")
    assert "<launching>" not in result.stdout + result.stderr
    assert len(result.stdout.splitlines()) < 12, result.stdout


RELABEL_ON_RETURN = """window.EmpathyPlayer.ready.then(function () {
  // Same state, different page: a second visit in this browser shows another heading.
  if (localStorage.getItem("came-back")) document.querySelector("#main h1").textContent = "Welcome back";
  localStorage.setItem("came-back", "1");
});"""


@pytest.mark.browser
def test_a_resume_that_shows_the_page_differently_fails(good, tmp_path):
    broken = rezip(good("web"), tmp_path / "relabel.zip", _append_to_player(RELABEL_ON_RETURN))
    code, report = verify_json(broken)
    assert code == 1
    [problem] = report["problems"]
    assert problem["message"].startswith('after resume, the text of the page: left "'), problem
    assert '"Welcome back' in problem["message"]
    assert problem["phases"] == ["resume"] and problem["rule"] == 16
