"""A minimal cmi5 LMS and xAPI LRS in one local web server, for `empathy verify`.

One 127.0.0.1 origin serves the folder ROOT (the package under /pkg/) and, beside it:

    POST /fetch/<key>        a cmi5 launch's fetch URL: {"auth-token"} the first time, an
                             error the second time (cmi5 8.2.3: it answers once)
    /xapi/statements         POST (one or a list), PUT ?statementId, GET ?statementId or
                             ?agent&verb&activity&registration&limit
    /xapi/activities/state   GET, PUT, POST, DELETE (LMS.LaunchData is written at launch)
    /xapi/agents/profile     404 (the learner has no preferences)
    /lms/returned            the LMS page an AU goes back to (returnURL)

Everything is kept in memory. Each launch (`cmi5_launch`, `tincan_launch`) gets its own
credential, so every request to /fetch/ and /xapi/ is recorded with the launch it belongs
to (`Request.launch`; None for a credential no launch was given) and the launch that was
running when it came (`Request.during`). The rules are judged afterwards
(`xapi_checks`); the server itself accepts what a lenient LRS accepts.
"""
from __future__ import annotations

import base64
import contextlib
import functools
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

SESSION_ID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
ACTOR = {"objectType": "Agent", "name": "Sam Rivera",
         "account": {"homePage": "https://lms.example.org", "name": "learner-1"}}
RETURNED = "/lms/returned"
RETURNED_PAGE = (b'<!doctype html><html lang="en"><title>LMS</title><link rel="icon" href="data:,">'
                 b"<h1>Back in the LMS</h1></html>")


@dataclass
class Launch:
    """One launch of the package: one session (cmi5: with its own token and fetch URL)."""

    name: str
    """The session's name in the report ("full walk", "resume", ...)."""
    kind: str
    """"cmi5" or "xapi" (TinCan)."""
    url: str
    registration: str
    activity_id: str
    """cmi5: the AU id (`activityId`); TinCan: the course activity (`activity_id`)."""
    actor: dict
    auth: str
    """The Authorization header every LRS request of this launch must carry."""
    session_id: str | None = None
    """cmi5: the contextTemplate's sessionid."""
    mastery: float | None = None
    """cmi5: LaunchData's masteryScore."""
    grouping: str | None = None
    """cmi5: the contextTemplate's grouping activity (the publisher id: the AU's id in cmi5.xml)."""
    fetch_path: str | None = None
    fetches: int = 0
    requests: list["Request"] = field(default_factory=list)
    """Requests made with this launch's credential (or an unknown one while it ran), in order."""
    statements: list[dict] = field(default_factory=list)
    """Statements stored with this launch's credential, in order of arrival."""


@dataclass
class Request:
    """One request to /fetch/ or /xapi/."""

    method: str
    path: str
    query: dict
    auth: str | None
    version: str | None
    """The X-Experience-API-Version header."""
    launch: Launch | None
    """The launch whose credential (or fetch URL) it used; None for an unknown one."""
    status: int = 0
    at: float = field(default_factory=time.monotonic, init=False)
    """When it arrived (monotonic clock)."""


def _ifi(agent: dict) -> str:
    """An agent's identifier, what an LRS matches agents on (not the name)."""
    return json.dumps({k: agent[k] for k in ("mbox", "mbox_sha1sum", "openid", "account") if k in agent},
                      sort_keys=True)


def _agent_param(text: str | None) -> str:
    try:
        agent = json.loads(text or "")
    except ValueError:
        return text or ""
    return _ifi(agent) if isinstance(agent, dict) else text or ""


class LRS:
    """The in-memory LMS and LRS. Use `serve(root)`; launches are made with a base URL."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.base = ""
        self.lock = threading.Lock()
        self.requests: list[Request] = []
        self.stored: dict[str, dict] = {}  # statement id -> statement, in order of arrival
        self.state: dict[tuple, bytes] = {}
        self.launches: list[Launch] = []
        self.current: Launch | None = None

    # ------------------------------------------------------------ launching
    def cmi5_launch(self, name: str, launch: str, au_id: str, *, registration: str,
                    mastery: float | None, move_on: str = "Completed") -> Launch:
        """A new cmi5 launch of LAUNCH (a file of the package) with a new session and
        token, its LMS.LaunchData written (Normal mode, returnURL to /lms/returned).
        As an LMS does, it launches the AU (AU_ID in cmi5.xml, the publisher id, which goes
        in the contextTemplate's grouping: cmi5 9.6.2.3) with an activityId of its own
        (cmi5 8.1.5): an AU that reports on the id it was built with is caught."""
        activity_id = f"{self.base}activities/au-{uuid.uuid5(uuid.NAMESPACE_URL, au_id).hex[:12]}"
        key = uuid.uuid4().hex
        fetch_path = f"/fetch/{key}"
        query = urlencode({"endpoint": self.base + "xapi/", "fetch": self.base + fetch_path[1:],
                           "actor": json.dumps(ACTOR), "registration": registration,
                           "activityId": activity_id})
        run = Launch(name, "cmi5", f"{self.base}pkg/{launch}?{query}", registration, activity_id,
                     ACTOR, auth="Basic " + base64.b64encode(f"{key}:token".encode()).decode(),
                     session_id=str(uuid.uuid4()), mastery=mastery, grouping=au_id,
                     fetch_path=fetch_path)
        data = {"contextTemplate": {
                    "contextActivities": {"grouping": [{"objectType": "Activity", "id": au_id}]},
                    "extensions": {SESSION_ID: run.session_id}},
                "launchMode": "Normal", "launchMethod": "AnyWindow", "moveOn": move_on,
                "returnURL": self.base + RETURNED[1:]}
        if mastery is not None:
            data["masteryScore"] = mastery
        with self.lock:
            self.state[(activity_id, _ifi(ACTOR), registration, "LMS.LaunchData")] = json.dumps(data).encode()
        return self._begin(run)

    def tincan_launch(self, name: str, launch: str, activity_id: str, *, registration: str) -> Launch:
        """A new TinCan launch of LAUNCH with its own Basic credential."""
        auth = "Basic " + base64.b64encode(f"{uuid.uuid4().hex}:secret".encode()).decode()
        query = urlencode({"endpoint": self.base + "xapi/", "auth": auth, "actor": json.dumps(ACTOR),
                           "registration": registration, "activity_id": activity_id})
        return self._begin(Launch(name, "xapi", f"{self.base}pkg/{launch}?{query}", registration,
                                  activity_id, ACTOR, auth=auth))

    def _begin(self, run: Launch) -> Launch:
        with self.lock:
            self.launches.append(run)
            self.current = run
        return run

    def statements_of(self, registration: str) -> list[dict]:
        """Every stored statement of REGISTRATION, in order of arrival."""
        with self.lock:
            return [s for s in self.stored.values()
                    if (s.get("context") or {}).get("registration") == registration]

    def document(self, run: Launch, state_id: str):
        """A State API document of RUN's activity, actor and registration (parsed JSON), or None."""
        with self.lock:
            raw = self.state.get((run.activity_id, _ifi(run.actor), run.registration, state_id))
        try:
            return json.loads(raw) if raw is not None else None
        except ValueError:
            return None

    # ------------------------------------------------------------ requests
    def owner(self, auth: str | None, path: str) -> Launch | None:
        for run in self.launches:
            if run.auth == auth or (run.fetch_path is not None and path == run.fetch_path):
                return run
        return None

    def record(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)
            run = request.launch or self.current  # an unknown credential: the running launch's
            if run is not None:
                run.requests.append(request)

    def fetch(self, run: Launch) -> tuple[int, dict]:
        with self.lock:
            run.fetches += 1
            first = run.fetches == 1
        if first:
            return 200, {"auth-token": run.auth.removeprefix("Basic ")}
        return 200, {"error-code": "1", "error-text": "the token of this launch was already fetched"}

    def put_statements(self, body: bytes, statement_id: str | None, run: Launch) -> tuple[int, object]:
        try:
            given = json.loads(body)
        except ValueError:
            return 400, {"error": "the body is not JSON"}
        batch = given if isinstance(given, list) else [given]
        if not all(isinstance(s, dict) for s in batch):
            return 400, {"error": "a statement is not an object"}
        if statement_id is not None:
            if len(batch) != 1 or batch[0].get("id", statement_id) != statement_id:
                return 400, {"error": "statementId does not match the statement's id"}
            batch[0].setdefault("id", statement_id)
        ids = []
        with self.lock:
            for statement in batch:
                statement_key = statement.get("id") or str(uuid.uuid4())
                known = self.stored.get(statement_key)
                if known is not None:
                    if known != statement:
                        return 409, {"error": f"statement {statement_key} is stored with other content"}
                else:
                    self.stored[statement_key] = statement
                    run.statements.append(statement)
                ids.append(statement_key)
        return (204, None) if statement_id is not None else (200, ids)

    def query(self, query: dict) -> tuple[int, object]:
        with self.lock:
            stored = list(self.stored.values())
        if "statementId" in query:
            one = next((s for s in stored if s.get("id") == query["statementId"]), None)
            return (200, one) if one else (404, {"error": "no such statement"})

        def wanted(s: dict) -> bool:
            context = s.get("context") or {}
            return ((not query.get("agent") or _ifi(s.get("actor") or {}) == _agent_param(query["agent"]))
                    and query.get("verb", (s.get("verb") or {}).get("id")) == (s.get("verb") or {}).get("id")
                    and query.get("activity", (s.get("object") or {}).get("id")) == (s.get("object") or {}).get("id")
                    and query.get("registration", context.get("registration")) == context.get("registration"))
        found = [s for s in stored if wanted(s)]
        if query.get("limit", "").isdigit() and int(query["limit"]) > 0:
            found = found[:int(query["limit"])]
        return 200, {"statements": found, "more": ""}

    def state_document(self, method: str, query: dict, body: bytes) -> tuple[int, bytes | None]:
        key = (query.get("activityId"), _agent_param(query.get("agent")), query.get("registration", ""),
               query.get("stateId"))
        with self.lock:
            if method == "GET":
                doc = self.state.get(key)
                return (200, doc) if doc is not None else (404, None)
            if method in ("PUT", "POST"):
                self.state[key] = body
            elif method == "DELETE":
                self.state.pop(key, None)
        return 204, None


class _Handler(SimpleHTTPRequestHandler):
    lrs: LRS

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _reply(self, status: int, body: object = None) -> int:
        data = body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        if data:
            self.send_header("Content-Type", "text/html" if data is RETURNED_PAGE else "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Experience-API-Version", "1.0.3")
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page went away (a closed tab, the returnURL): its request still counts
        return status

    def _route(self) -> None:
        parts = urlsplit(self.path)
        if parts.path == RETURNED:
            self._reply(200, RETURNED_PAGE)
            return
        if not parts.path.startswith(("/xapi/", "/fetch/")):
            if self.command == "GET":
                super().do_GET()
            else:
                self._reply(405)
            return
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        auth = self.headers.get("Authorization")
        request = Request(self.command, parts.path, query, auth, self.headers.get("X-Experience-API-Version"),
                          self.lrs.owner(auth, parts.path))
        self.lrs.record(request)
        request.status = self._answer(request, body)

    def _answer(self, request: Request, body: bytes) -> int:
        lrs, run, method = self.lrs, request.launch, self.command
        if request.path.startswith("/fetch/"):
            if run is None or method != "POST":
                return self._reply(404)
            return self._reply(*lrs.fetch(run))
        if run is None or request.auth != run.auth:
            return self._reply(401, {"error": "unknown credential"})
        resource = request.path[len("/xapi/"):]
        if resource == "statements" and method in ("POST", "PUT"):
            return self._reply(*lrs.put_statements(body, request.query.get("statementId") if method == "PUT"
                                                   else None, run))
        if resource == "statements" and method == "GET":
            return self._reply(*lrs.query(request.query))
        if resource == "activities/state" and method in ("GET", "PUT", "POST", "DELETE"):
            return self._reply(*lrs.state_document(method, request.query, body))
        if resource == "agents/profile" and method == "GET":
            return self._reply(404)
        return self._reply(404, {"error": f"{method} {request.path} is not served here"})

    do_GET = do_POST = do_PUT = do_DELETE = _route


@contextlib.contextmanager
def serve(root: Path):
    """Serve ROOT and the LMS/LRS on 127.0.0.1 (a free port) for the duration; yields the LRS
    (its `base` is the origin's URL, ending in /)."""
    lrs = LRS(root)
    handler = type("Handler", (_Handler,), {"lrs": lrs})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    lrs.base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield lrs
    finally:
        server.shutdown()
        server.server_close()
