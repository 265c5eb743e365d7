"""course.yaml's xapi settings as packages carry them: the credential stays out of the
packages whose launch brings one (cmi5, xapi), and xapi.version (1.0.3 or 2.0.0, else
E110) is the X-Experience-API-Version of every request, against the test LMS and Ralph."""
from __future__ import annotations

import json
import shutil
import zipfile
from urllib.parse import urlencode

import pytest
from ralph import WRITER, basic
from xapi_helpers import REPO, au, course_json, validate, verbs, walk, wait_for

from compiler.load import load_course

COURSE = REPO / "courses" / "de-escalation"
CREDENTIAL = "Basic ZW1wYXRoeS10ZXN0OmRvLW5vdC1zaGlw"  # empathy-test:do-not-ship
ACTOR = {"objectType": "Agent", "name": "Kim Park", "mbox": "mailto:kim-version@example.org"}


def variant(tmp_path_factory, name: str, xapi_lines: str):
    """A copy of de-escalation with `xapi_lines` added to its xapi: mapping."""
    dest = tmp_path_factory.mktemp(name) / "de-escalation"
    shutil.copytree(COURSE, dest)
    yaml = dest / "course.yaml"
    text = yaml.read_text(encoding="utf-8")
    assert text.count("\nxapi:\n") == 1
    yaml.write_text(text.replace("\nxapi:\n", "\nxapi:\n" + xapi_lines), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def with_credential(tmp_path_factory):
    return variant(tmp_path_factory, "credential", f'  auth: "{CREDENTIAL}"\n')


@pytest.fixture(scope="module")
def version_2(tmp_path_factory):
    return variant(tmp_path_factory, "version-2", '  version: "2.0.0"\n')


def zip_text(archive) -> dict[str, bytes]:
    with zipfile.ZipFile(archive) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.parametrize("target, ships", [("cmi5", False), ("xapi", False), ("web", True),
                                           ("scorm12", True), ("scorm2004-4", True)])
def test_the_credential_ships_only_where_it_is_used(target, ships, with_credential, built_zip):
    files = zip_text(built_zip(with_credential, target))
    holding = sorted(name for name, data in files.items() if CREDENTIAL.split()[1].encode() in data)
    if ships:  # web and SCORM packages send with it (course.yaml's endpoint); W006 warns
        assert holding == ["index.html"]
    else:  # the cmi5 LMS issues a token, a TinCan launch passes auth: not in any file
        assert holding == []
        with zipfile.ZipFile(built_zip(with_credential, target)) as zf:
            assert course_json_of(zf)["xapi"]["auth"] is None


def course_json_of(zf) -> dict:
    html = zf.read("index.html").decode("utf-8")
    start = html.index('id="course">') + len('id="course">')
    return json.loads(html[start:html.index("</script>", start)])


def test_xapi_version_must_be_one_the_player_speaks(tmp_path_factory):
    course, diags = load_course(variant(tmp_path_factory, "version-bad", "  version: 1.0\n"))
    found = [d for d in diags if d.code == "E110"]
    assert len(found) == 1 and found[0].loc.line == 28
    assert found[0].message == ("xapi.version must be 1.0.3 or 2.0.0 (the xAPI versions the player "
                                "can speak), got '1.0'")
    course, diags = load_course(variant(tmp_path_factory, "version-ok", '  version: "2.0.0"\n'))
    assert diags == [] and course.xapi.version == "2.0.0"
    assert load_course(COURSE)[0].xapi.version == "1.0.3"


@pytest.mark.browser
@pytest.mark.lrs
def test_version_2_is_the_header_of_every_web_request(version_2, built, packages, ralph, context, page):
    pkg = built(version_2, "web")
    assert course_json(pkg)["xapi"]["version"] == "2.0.0"
    base = packages.publish(pkg, "de-escalation-web-2.0.0")
    headers = []
    context.on("request", lambda r: headers.append(r.headers.get("x-experience-api-version"))
               if r.url.startswith(ralph.endpoint) else None)
    query = urlencode({"endpoint": ralph.endpoint, "auth": basic(WRITER), "actor": json.dumps(ACTOR)})
    page.goto(base + "index.html?" + query)
    walk(page, until=lambda step: step["page"] == "front-of-store")
    wait_for(lambda: page.evaluate("EmpathyXAPI.pending() === 0"))
    assert headers and set(headers) == {"2.0.0"}
    stored = [s for s in ralph.raw_statements() if s["actor"].get("mbox") == ACTOR["mbox"]]
    assert "initialized" in verbs(stored) and validate(stored) == []


@pytest.mark.browser
@pytest.mark.lrs
def test_version_2_is_the_header_of_every_cmi5_request(version_2, built, lms_for, page):
    pkg = built(version_2, "cmi5")
    cj = course_json(pkg)
    lms = lms_for(pkg)
    launch = lms.launch(au(cj), mastery=cj["mastery"])
    page.goto(launch.url)
    walk(page)
    page.wait_for_url("**/lms/returned", timeout=20_000)
    requests = lms.xapi_requests()
    assert {r.path for r in requests} >= {"/xapi/activities/state", "/xapi/agents/profile", "/xapi/statements"}
    assert {r.version for r in requests} == {"2.0.0"}
    assert verbs(lms.statements())[-1] == "terminated"


@pytest.mark.browser
def test_the_packaged_credential_goes_only_to_the_packaged_endpoint(with_credential, built, packages, page):
    """A link that names another endpoint (`?endpoint=` without `auth`) gets the
    statements without the package's credential: whoever writes such a link must not
    collect the credential."""
    pkg = built(with_credential, "web")
    base = packages.publish(pkg, "credential-web")
    elsewhere = base + "someone-else/xapi/"
    seen: list[dict] = []

    def answer(route):
        seen.append(route.request.headers)
        route.fulfill(status=200, content_type="application/json", body="[]")

    page.route(elsewhere + "**", answer)
    page.goto(base + "index.html?" + urlencode({"endpoint": elsewhere, "actor": json.dumps(ACTOR)}))
    walk(page, until=lambda step: len(seen) > 0 and step["page"] != "welcome")
    wait_for(lambda: seen)
    assert all("authorization" not in headers for headers in seen), seen
