"""The verify LMS/LRS (compiler/verify/lrs.py) over HTTP, as an AU sees it: the fetch URL
answers once, LaunchData is there at launch, statements and state documents are kept,
queries filter, an unknown credential is refused, and every request is recorded with
its launch."""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlencode, urlsplit

from compiler.verify import lrs

AU = "https://courses.example.org/empathy/x/au"


def call(method: str, url: str, body=None, auth: str | None = None) -> tuple[int, object]:
    headers = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
    if auth:
        headers["Authorization"] = auth
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers)) as r:
            raw = r.read()
            is_json = r.headers.get("Content-Type") == "application/json"
            return r.status, json.loads(raw) if raw and is_json else raw
    except urllib.error.HTTPError as e:
        return e.code, None


def test_a_cmi5_launch_as_the_au_sees_it(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "index.html").write_text("<!doctype html><title>AU</title>")
    with lrs.serve(tmp_path) as server:
        run = server.cmi5_launch("full walk", "index.html", AU, registration="reg-1", mastery=0.7)
        params = {k: v[0] for k, v in parse_qs(urlsplit(run.url).query).items()}
        assert set(params) == {"endpoint", "fetch", "actor", "registration", "activityId"}
        launched = params["activityId"]  # the LMS's own id for this AU, never the AU's own (cmi5 8.1.5)
        assert launched.startswith(server.base) and launched != AU
        assert call("GET", run.url.split("?")[0])[0] == 200  # the package is served
        status, answer = call("POST", params["fetch"])
        token = "Basic " + answer["auth-token"]
        assert token == run.auth
        assert "error-code" in call("POST", params["fetch"])[1]  # the fetch URL answers once
        assert run.fetches == 2

        where = urlencode({"activityId": launched, "agent": params["actor"], "registration": "reg-1",
                           "stateId": "LMS.LaunchData"})
        status, data = call("GET", f"{params['endpoint']}activities/state?{where}", auth=token)
        assert data["masteryScore"] == 0.7 and data["launchMode"] == "Normal"
        assert data["contextTemplate"]["extensions"][lrs.SESSION_ID] == run.session_id
        assert data["contextTemplate"]["contextActivities"]["grouping"] == [{"objectType": "Activity", "id": AU}]
        assert data["returnURL"] == server.base + "lms/returned"
        assert call("GET", data["returnURL"])[0] == 200
        assert call("GET", f"{params['endpoint']}agents/profile?profileId=cmi5LearnerPreferences",
                    auth=token)[0] == 404

        statement = {"id": "6a9b1f4e-0000-4000-8000-000000000001", "actor": lrs.ACTOR,
                     "verb": {"id": "http://adlnet.gov/expapi/verbs/initialized"}, "object": {"id": launched},
                     "context": {"registration": "reg-1"}}
        assert call("POST", f"{params['endpoint']}statements", [statement], auth=token) == (200, [statement["id"]])
        assert call("POST", f"{params['endpoint']}statements", [statement], auth=token)[0] == 200  # a resend
        changed = {**statement, "verb": {"id": "http://adlnet.gov/expapi/verbs/terminated"}}
        assert call("POST", f"{params['endpoint']}statements", [changed], auth=token)[0] == 409
        assert call("POST", f"{params['endpoint']}statements", [statement], auth="Basic nobody")[0] == 401
        query = urlencode({"agent": json.dumps(lrs.ACTOR), "verb": statement["verb"]["id"],
                           "activity": launched, "registration": "reg-1"})
        assert call("GET", f"{params['endpoint']}statements?{query}", auth=token)[1]["statements"] == [statement]
        other = urlencode({"verb": "http://adlnet.gov/expapi/verbs/passed"})
        assert call("GET", f"{params['endpoint']}statements?{other}", auth=token)[1]["statements"] == []

    assert run.statements == [statement]
    assert [(r.method, r.path, r.status) for r in run.requests][-3:] == [
        ("POST", "/xapi/statements", 401), ("GET", "/xapi/statements", 200), ("GET", "/xapi/statements", 200)]
    assert run.requests[-3].launch is None  # the unknown credential, recorded with the running launch
