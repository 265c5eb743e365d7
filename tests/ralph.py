"""Start and stop a real Ralph LRS for the tests (see ../shared/TOOLING.md).

Ralph runs from its own venv (`.venv-ralph`, or RALPH_VENV) with the file-system
backend, through a tiny module that works around Ralph 5.1.0's fs backend (which
answers 500 on every write after the first unless it appends). Two users:

- WRITER: scope `statements/write` only. This is the credential a package gets, so the
  tests prove packages work with a write-only credential.
- READER: scope `all`, used by the tests to read statements back.

`Ralph.stop()` / `Ralph.start()` keep the port and data directory, so the outage test
can take the LRS away and bring the same store back.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WRITER = ("package", "write-only-secret")
READER = ("tests", "read-secret")

# Ralph 5.1.0's fs LRS backend opens its store with operation "create"; switch to
# APPEND before the app is imported.
_APP_MODULE = '''\
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # noqa: E402,F401
'''


class RalphMissing(RuntimeError):
    """Ralph's venv is not installed: the tests fail (never skip) with how to install it."""


def basic(user: tuple[str, str]) -> str:
    """The `Authorization` header value for a (username, password) pair."""
    return "Basic " + base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()


def free_port() -> int:
    """A TCP port that is free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ralph_python() -> Path:
    """The Python interpreter of Ralph's venv, or RalphMissing with install advice."""
    venv = Path(os.environ.get("RALPH_VENV", ROOT / ".venv-ralph"))
    python = venv / "bin" / "python"
    probe = subprocess.run([str(python), "-c", "import ralph.backends.lrs.fs, bcrypt, uvicorn"],
                           capture_output=True) if python.exists() else None
    if probe is None or probe.returncode:
        raise RalphMissing(
            f"Ralph is not installed in {venv}: run "
            f"`python3 -m venv {venv} && {venv}/bin/pip install "
            "'ralph-malph[lrs]==5.1.0' requests`")
    return python


class Ralph:
    """A Ralph LRS process on 127.0.0.1 with a fresh data directory."""

    def __init__(self, cors_origins: list[str] | None = None, port: int | None = None):
        self.python = ralph_python()
        self.port = port or free_port()
        self.cors_origins = list(cors_origins or [])
        self.dir = Path(tempfile.mkdtemp(prefix="empathy-ralph-"))
        self.proc: subprocess.Popen | None = None
        self._write_files()

    @property
    def endpoint(self) -> str:
        """The xAPI endpoint, with a trailing slash."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def _write_files(self) -> None:
        import_hash = (
            "import bcrypt, json, sys\n"
            "users = json.loads(sys.stdin.read())\n"
            "print(json.dumps([dict(u, hash=bcrypt.hashpw(u.pop('password').encode(),"
            " bcrypt.gensalt(rounds=4)).decode()) for u in users]))\n")
        users = [
            {"username": WRITER[0], "password": WRITER[1], "scopes": ["statements/write"],
             "agent": {"mbox": "mailto:package@example.org"}},
            {"username": READER[0], "password": READER[1], "scopes": ["all"],
             "agent": {"mbox": "mailto:tests@example.org"}},
        ]
        # bcrypt lives in Ralph's venv, not necessarily in the test venv.
        hashed = subprocess.run([str(self.python), "-c", import_hash], input=json.dumps(users),
                                capture_output=True, text=True, check=True).stdout
        (self.dir / "auth.json").write_text(hashed)
        (self.dir / "empathy_ralph_app.py").write_text(_APP_MODULE)
        (self.dir / "store").mkdir()

    def env(self) -> dict[str, str]:
        """Ralph's settings as environment variables."""
        return {
            **os.environ,
            "PYTHONPATH": str(self.dir),
            "RALPH_APP_DIR": str(self.dir / "app"),
            "RALPH_AUTH_FILE": str(self.dir / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.dir / "store"),
            "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps(self.cors_origins),
        }

    def start(self, timeout: float = 30.0) -> "Ralph":
        """Start (or restart) Ralph on the same port and store; wait for its heartbeat."""
        if self.proc and self.proc.poll() is None:
            return self
        self.log = open(self.dir / "ralph.log", "ab")
        self.proc = subprocess.Popen(
            [str(self.python), "-m", "uvicorn", "empathy_ralph_app:app",
             "--host", "127.0.0.1", "--port", str(self.port), "--log-level", "warning"],
            env=self.env(), cwd=self.dir, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Ralph exited with {self.proc.returncode}: "
                                   f"{(self.dir / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(
                        f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=1) as r:
                    if r.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"Ralph did not answer its heartbeat within {timeout} s")

    def stop(self) -> None:
        """Stop the Ralph process (the store stays for a restart)."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def statements(self, **query) -> list[dict]:
        """Every stored statement matching `query`, oldest first, read with tincan's
        RemoteLRS (query, not retrieve_statement: Ralph answers that with a list)."""
        from tincan import RemoteLRS

        lrs = RemoteLRS(endpoint=self.endpoint.rstrip("/"), version="1.0.3",
                        auth=basic(READER))
        params = {"limit": 500, **query}
        out: list[dict] = []
        response = lrs.query_statements(params)
        while True:
            if not response.success:
                raise RuntimeError(f"Ralph query failed: {response.response.status} "
                                   f"{response.data}")
            result = response.content
            out.extend(json.loads(s.to_json()) for s in result.statements)
            if not result.more:
                break
            response = lrs.more_statements(result)
        out.sort(key=lambda s: (s.get("timestamp", ""), s.get("stored", "")))
        return out

    def raw_statements(self) -> list[dict]:
        """Every stored statement as Ralph returns it (plain HTTP, no tincan parsing)."""
        out: list[dict] = []
        url = f"{self.endpoint}statements?limit=500"
        while url:
            req = urllib.request.Request(url, headers={
                "Authorization": basic(READER), "X-Experience-API-Version": "1.0.3"})
            with urllib.request.urlopen(req, timeout=10) as r:
                page = json.load(r)
            out.extend(page["statements"])
            more = page.get("more")
            url = f"http://127.0.0.1:{self.port}{more}" if more else None
        out.sort(key=lambda s: s.get("timestamp", ""))
        return out

    def close(self) -> None:
        """Stop Ralph for good and remove its store."""
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


if __name__ == "__main__":  # manual use: python tests/ralph.py -> runs until Ctrl-C
    r = Ralph(cors_origins=sys.argv[1:]).start()
    print(f"Ralph at {r.endpoint} writer={basic(WRITER)} reader={basic(READER)}", flush=True)
    try:
        r.proc.wait()
    except KeyboardInterrupt:
        r.stop()
