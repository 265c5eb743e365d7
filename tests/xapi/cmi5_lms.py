"""A small cmi5 LMS (and TinCan launcher) for the tests, in one threaded HTTP server.

It plays what an LMS does for an AU (the cmi5 specification, "LMS requirements"):

- serves the unzipped package under `/au/` (LMSs host their content);
- builds the launch URL (`endpoint`, `fetch`, `actor`, `registration`, `activityId`) and
  writes the `LMS.LaunchData` state document (contextTemplate with a session id and the
  publisher grouping, launchMode, moveOn, masteryScore, returnURL) before the launch;
- answers the fetch URL ONCE with an auth token, and with an error on any later POST;
- limits each token to its session (cmi5 8.2.1): it is refused (401) once the session is
  over: GRACE seconds after its `terminated` arrived (cmi5 9.3.8 lets the LMS wait a
  while), or at once when a new launch of the same registration abandons it (9.3.6);
- plays the xAPI endpoint the AU talks to: State API documents, the agent profile
  `cmi5LearnerPreferences` (or 404), and statements, which it checks for the launch's
  token and forwards to the real LRS (Ralph) with its write-only credential. When Ralph
  is down, or `outage` is set, it answers 503, so the AU's queue has to retry;
- refuses, with 403 (cmi5 best practices: "non-conforming statements" and "session ID,
  token and actor must match"), a batch holding a statement that is not of the token's
  session (`strict`, the default; an LMS that only checks tokens takes them), or a cmi5
  passed/failed without the LaunchData masteryScore as its masteryscore context
  extension (9.6.3.2). What it refused, and why, is in `refused`;
- records every request (method, path, query, Authorization, version header, body) for
  the assertions.

A TinCan launch (`tincan_launch`) uses the same endpoint with a fixed Basic credential.
"""
from __future__ import annotations

import base64
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY_SCORE = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
GRACE = 3.0  # seconds a token still works after its session's terminated arrived
PUBLISHER = "https://lms.example.org/courses/empathy-publisher"
ACTOR = {"objectType": "Agent", "name": "Ana Learner",
         "account": {"homePage": "https://lms.example.org", "name": "learner-1"}}
TINCAN_AUTH = "Basic " + base64.b64encode(b"tincan-launch:secret").decode()


@dataclass
class Seen:
    """One request the AU made."""

    method: str
    path: str
    query: dict
    auth: str | None
    body: bytes
    version: str | None = None
    status: int = 0
    at: float = field(default_factory=time.monotonic)


@dataclass
class Launch:
    """One cmi5 launch of the AU: its URL and what the LMS gave it."""

    url: str
    registration: str
    session_id: str
    fetch_path: str
    activity_id: str
    actor: dict
    mastery: float | None = None
    token: str = field(default_factory=lambda: uuid.uuid4().hex)
    fetches: int = 0
    closes_at: float | None = None
    """When the session is over (monotonic time): its token is refused from then on."""

    def open(self) -> bool:
        return self.closes_at is None or time.monotonic() < self.closes_at


@dataclass
class Refusal:
    """A statement the LMS refused, with the session its token belongs to."""

    statement: dict
    reason: str
    session_id: str | None


def _agent_key(agent: str | None) -> str:
    try:
        return json.dumps(json.loads(agent or "null"), sort_keys=True)
    except ValueError:
        return agent or ""


def _ifi(agent: dict) -> str:
    """An agent's identifier: what an LRS matches an `agent` filter on (not its name)."""
    return json.dumps({k: agent[k] for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent},
                      sort_keys=True)


class LMS:
    """The test LMS. `LMS(package_dir, ralph).start()`; `close()` when done."""

    def __init__(self, package_dir: Path, ralph, *, preferences: dict | None = None):
        self.package_dir = Path(package_dir)
        self.ralph = ralph
        self.preferences = preferences  # None: cmi5LearnerPreferences answers 404
        self.requests: list[Seen] = []
        self.received: list[dict] = []  # statements forwarded to Ralph and stored, in order
        self.refused: list[Refusal] = []
        self.state: dict[tuple, bytes] = {}
        self.launches: dict[str, Launch] = {}  # fetch path -> launch
        self.tokens: dict[str, Launch | None] = {TINCAN_AUTH: None}  # Authorization -> launch
        self.strict = True  # refuse statements of another session than the token's
        self.outage = False  # statements and state writes answer 503
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------ lifecycle
    def start(self) -> "LMS":
        lms = self

        class Handler(_Handler):
            pass

        Handler.lms = lms
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def close(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def endpoint(self) -> str:
        return self.base + "/xapi/"

    # ------------------------------------------------------------ launching
    def launch(self, activity_id: str, *, mode: str = "Normal", move_on: str = "Completed",
               mastery: float | None = None, return_url: str | None = "/lms/returned",
               registration: str | None = None, actor: dict = ACTOR, names_session: bool = True,
               template: dict | None = None) -> Launch:
        """A new launch (new session, new token) of the AU; the same registration
        continues an earlier attempt. `names_session=False` plays an LMS that leaves the
        sessionid extension out of the contextTemplate (it must not, but some do);
        `template` adds to the contextTemplate (its contextActivities to the grouping)."""
        registration = registration or str(uuid.uuid4())
        session = str(uuid.uuid4())
        fetch_path = f"/fetch/{uuid.uuid4().hex}"
        query = urlencode({
            "endpoint": self.endpoint, "fetch": self.base + fetch_path,
            "actor": json.dumps(actor), "registration": registration, "activityId": activity_id})
        launch = Launch(f"{self.base}/au/index.html?{query}", registration, session,
                        fetch_path, activity_id, actor, mastery)
        data = {
            "contextTemplate": {
                "contextActivities": {"grouping": [{"objectType": "Activity", "id": PUBLISHER}]},
                "extensions": {SESSION_ID: session} if names_session else {}},
            "launchMode": mode, "launchMethod": "AnyWindow", "moveOn": move_on,
        }
        for name, value in (template or {}).items():
            if name == "contextActivities":
                data["contextTemplate"]["contextActivities"].update(value)
            else:
                data["contextTemplate"][name] = value
        if mastery is not None:
            data["masteryScore"] = mastery
        if return_url:
            data["returnURL"] = self.base + return_url
        with self.lock:
            # A new launch abandons the registration's open session (cmi5 9.3.6).
            for other in self.launches.values():
                if other.registration == registration and other.open():
                    other.closes_at = time.monotonic()
            self.launches[fetch_path] = launch
            self.state[(activity_id, _agent_key(json.dumps(actor)), registration,
                        "LMS.LaunchData")] = json.dumps(data).encode()
        return launch

    def tincan_launch(self, activity_id: str, actor: dict, registration: str | None = None) -> str:
        """A TinCan launch URL (auth used verbatim by the package)."""
        query = {"endpoint": self.endpoint, "auth": TINCAN_AUTH, "actor": json.dumps(actor),
                 "activity_id": activity_id}
        if registration:
            query["registration"] = registration
        return f"{self.base}/au/index.html?{urlencode(query)}"

    def statements(self) -> list[dict]:
        """Statements received, each once, in order of first arrival. A statement may
        arrive more than once (a keepalive send at pagehide and the resend after a reload:
        delivery is at least once, and the LRS keeps one per id)."""
        seen: set[str] = set()
        with self.lock:
            return [s for s in self.received if not (s["id"] in seen or seen.add(s["id"]))]

    def xapi_requests(self) -> list[Seen]:
        """Requests the AU made to the xAPI endpoint, in order."""
        with self.lock:
            return [r for r in self.requests if r.path.startswith("/xapi/")]

    def state_document(self, launch: Launch, state_id: str) -> dict | None:
        return self.state_document_of(launch.activity_id, launch.actor, launch.registration, state_id)

    def state_document_of(self, activity_id: str, agent: dict, registration: str,
                          state_id: str) -> dict | None:
        """A State API document as the AU last wrote it (TinCan: the agent as the AU
        normalised it, so any form of the same agent finds it)."""
        key = (activity_id, _agent_key(json.dumps(agent)), registration, state_id)
        raw = self.state.get(key)
        if raw is None and state_id != "LMS.LaunchData":
            # A legacy TinCan actor is stored under its normalised form.
            matches = [v for (a, _, r, sid), v in self.state.items()
                       if (a, r, sid) == (activity_id, registration, state_id)]
            raw = matches[0] if len(matches) == 1 else None
        return json.loads(raw) if raw else None


class _Handler(SimpleHTTPRequestHandler):
    lms: LMS
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def translate_path(self, path):
        # /au/<file> -> the package folder
        rel = urlsplit(path).path[len("/au/"):]
        return str(self.lms.package_dir / rel)

    def end_headers(self):
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers",
                         "Authorization, Content-Type, X-Experience-API-Version")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _reply(self, status: int, body: bytes = b"", ctype: str = "application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if self.path.startswith("/xapi/"):
            self.send_header("X-Experience-API-Version", "1.0.3")
        self.end_headers()
        self.wfile.write(body)
        return status

    def _read(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _handle(self) -> None:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        body = self._read() if self.command in ("POST", "PUT") else b""
        seen = Seen(self.command, parts.path, query, self.headers.get("Authorization"), body,
                    self.headers.get("X-Experience-API-Version"))
        with self.lms.lock:
            self.lms.requests.append(seen)
        seen.status = self._route(parts.path, query, body, seen)

    def _route(self, path: str, query: dict, body: bytes, seen: Seen) -> int:
        lms = self.lms
        if self.command == "OPTIONS":
            return self._reply(204)
        if path.startswith("/au/") and self.command == "GET":
            super().do_GET()
            return 200
        if path == "/lms/returned":
            return self._reply(200, b"<!doctype html><title>LMS</title><h1>Back in the LMS</h1>",
                               "text/html")
        if path.startswith("/fetch/") and self.command == "POST":
            launch = lms.launches.get(path)
            if launch is None:
                return self._reply(404)
            with lms.lock:
                launch.fetches += 1
                first = launch.fetches == 1
                if first:
                    lms.tokens["Basic " + launch.token] = launch
            if first:
                return self._reply(200, json.dumps({"auth-token": launch.token}).encode())
            # cmi5: the fetch URL answers only once per launch.
            return self._reply(200, json.dumps(
                {"error-code": "1", "error-text": "the token was already fetched"}).encode())
        if not path.startswith("/xapi/"):
            return self._reply(404)
        if seen.auth not in lms.tokens:
            return self._reply(401, b'{"error": "unknown credential"}')
        owner = lms.tokens[seen.auth]
        if owner is not None and not owner.open():
            return self._reply(401, b'{"error": "the session of this token is over"}')
        resource = path[len("/xapi/"):]
        if lms.outage and self.command in ("POST", "PUT"):
            return self._reply(503, b'{"error": "the LMS is down for the test"}')
        if resource == "activities/state":
            key = (query.get("activityId"), _agent_key(query.get("agent")),
                   query.get("registration", ""), query.get("stateId"))
            if self.command == "GET":
                doc = lms.state.get(key)
                return self._reply(200, doc) if doc is not None else self._reply(404)
            if self.command in ("PUT", "POST"):
                with lms.lock:
                    lms.state[key] = body
                return self._reply(204)
            if self.command == "DELETE":
                lms.state.pop(key, None)
                return self._reply(204)
        if resource == "agents/profile" and self.command == "GET":
            if query.get("profileId") == "cmi5LearnerPreferences" and lms.preferences is not None:
                return self._reply(200, json.dumps(lms.preferences).encode())
            return self._reply(404)
        if resource == "statements" and self.command == "GET" and "statementId" in query:
            with lms.lock:
                one = next((s for s in lms.received if s.get("id") == query["statementId"]), None)
            return self._reply(200, json.dumps(one).encode()) if one else self._reply(404)
        if resource == "statements" and self.command == "GET":
            return self._reply(200, json.dumps({"statements": self._query(query)}).encode())
        if resource == "statements" and self.command in ("POST", "PUT"):
            refusals = self._check(body, owner)
            if refusals:
                with lms.lock:
                    lms.refused.extend(refusals)
                return self._reply(403, json.dumps({"error": [r.reason for r in refusals]}).encode())
            return self._forward(body, query, owner)
        return self._reply(404)

    def _query(self, query: dict) -> list[dict]:
        """GET statements with the filters an AU uses (agent, verb, activity, registration,
        limit), over the statements this LMS stored (Ralph's file backend ignores `verb`)."""
        def wanted(s: dict) -> bool:
            ctx = s.get("context") or {}
            return ((not query.get("agent") or _ifi(s.get("actor") or {}) == _ifi(json.loads(query["agent"])))
                    and query.get("verb", s.get("verb", {}).get("id")) == s.get("verb", {}).get("id")
                    and query.get("activity", (s.get("object") or {}).get("id")) == (s.get("object") or {}).get("id")
                    and query.get("registration", ctx.get("registration")) == ctx.get("registration"))
        with self.lms.lock:
            found = [s for s in self.lms.received if wanted(s)]
        return found[:int(query["limit"])] if query.get("limit") else found

    def _check(self, body: bytes, owner: Launch | None) -> list[Refusal]:
        """What a cmi5 LMS refuses in a statement request by the AU of `owner`."""
        if owner is None:
            return []
        try:
            statements = json.loads(body)
        except ValueError:
            return []
        out = []
        for s in statements if isinstance(statements, list) else [statements]:
            ctx = s.get("context") or {}
            extensions = ctx.get("extensions") or {}
            listed = (ctx.get("contextActivities") or {}).get("category", [])
            categories = {c.get("id") for c in (listed if isinstance(listed, list) else [listed])}
            verb = s.get("verb", {}).get("id", "").rsplit("/", 1)[-1]
            if self.lms.strict and extensions.get(SESSION_ID) != owner.session_id:
                out.append(Refusal(s, "not of this token's session", owner.session_id))
            elif (CMI5_CATEGORY in categories and verb in ("passed", "failed") and owner.mastery is not None
                    and extensions.get(MASTERY_SCORE) != owner.mastery):
                out.append(Refusal(s, "passed/failed without the LaunchData masteryScore", owner.session_id))
        return out

    def _forward(self, body: bytes, query: dict, owner: Launch | None) -> int:
        """Statements go on to Ralph with the LMS's own write-only credential."""
        from ralph import WRITER, basic  # tests/ on sys.path (rootdir conftest)

        lms = self.lms
        url = lms.ralph.endpoint + "statements"
        if self.command == "PUT":
            url += "?" + urlencode(query)
        req = urllib.request.Request(url, data=body, method=self.command, headers={
            "Content-Type": "application/json", "Authorization": basic(WRITER),
            "X-Experience-API-Version": self.headers.get("X-Experience-API-Version", "1.0.3")})
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, answer = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, answer = e.code, e.read()
        except OSError:
            return self._reply(503, b'{"error": "LRS unreachable"}')
        if status < 300:
            statements = json.loads(body)
            statements = statements if isinstance(statements, list) else [statements]
            with lms.lock:
                lms.received.extend(statements)
                # terminated ends its session; the token still works for GRACE seconds.
                for s in statements:
                    if s.get("verb", {}).get("id", "").endswith("/terminated"):
                        ended = (s.get("context") or {}).get("extensions", {}).get(SESSION_ID)
                        for launch in lms.launches.values():
                            if launch.session_id == ended and launch.open():
                                launch.closes_at = time.monotonic() + GRACE
        return self._reply(status, answer)

    do_GET = do_POST = do_PUT = do_DELETE = do_OPTIONS = _handle
