"""`empathy preview COURSE`: the web build, served on this machine and rebuilt on every save.

For an author at work: `empathy preview courses/de-escalation` checks and builds the web
package in memory, serves it on http://127.0.0.1:8000/, opens it in the browser, and then
watches the course folder (and the theme folder given with --theme). Each time a file
changes it checks and builds again: with no errors the page in the browser reloads
itself (the learner's place and answers are kept, as on any reload); with errors it
prints them, and the browser keeps the last good build (or, before there is one, shows
the errors). Statements are not sent to the course's LRS unless --send-statements is
given: trying a course out should not put test data in the team's analytics.

Nothing is written to disk. Ctrl+C stops it (exit 0).
"""
from __future__ import annotations

import html
import mimetypes
import os
import threading
import time
from dataclasses import replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import click

from .build import theme_option

POLL = 0.4
"""Seconds between looks at the course folder for changes."""

VERSION_PATH = "/__preview/version"


def _reload_script(version: int) -> str:
    """Added to index.html in preview only: reload when a build newer than VERSION is served."""
    return ("<script>setInterval(function(){fetch('" + VERSION_PATH + "',{cache:'no-store'})"
            ".then(function(r){return r.text()}).then(function(t){if(t!='" + str(version) + "')"
            "location.reload()}).catch(function(){})},1000)</script>")


class Preview:
    """The files being served and the build they come from; `rebuild` replaces them when
    the course has no errors."""

    def __init__(self, course_dir: str, theme: str | None, send_statements: bool):
        self.course_dir = course_dir
        self.theme = theme
        self.send_statements = send_statements
        self.files: dict[str, bytes] = {}
        self.version = 0
        self.good = False
        self.folders = [course_dir]
        """What `command` watches: see _theme_folders."""
        self.lock = threading.Lock()

    def rebuild(self) -> str:
        """Check and build; returns what to tell the author."""
        from ..diagnostics import ERROR, format_text
        from ..render.site import RenderError
        from .build import load_and_check
        from .check import summary

        started = time.perf_counter()
        course, diagnostics = load_and_check(self.course_dir)
        self.folders = self._theme_folders(course.theme if course is not None else None)
        if self.theme is not None:  # --theme replaces the course's own theme
            diagnostics = [d for d in diagnostics if d.code != "E112"]
        listed = format_text(diagnostics)
        if course is None or any(d.severity == ERROR for d in diagnostics):
            self._show_errors(listed)
            kept = "; the browser keeps the last good build" if self.good else ""
            return f"{listed}\nnot built: {summary(diagnostics)}{kept}"
        try:
            files = self._web_files(course)
        except RenderError as exc:
            self._show_errors(str(exc))
            return f"not built: {exc}"
        self._serve(files)
        self.good = True
        took = (time.perf_counter() - started) * 1000
        return (f"{listed}\n" if listed else "") + f"built in {took:.0f} ms ({summary(diagnostics)})"

    def _show_errors(self, listed: str) -> None:
        """Until there is a good build, the browser shows what stops it."""
        if not self.good:
            self._serve({"index.html": _error_page(listed, self.version + 1)})

    def _theme_folders(self, course_theme: str | None) -> list[str]:
        """The folders a save in which changes the build: the course's, and those of its
        theme and every theme that one extends, wherever they are (not the built-in ones)."""
        from ..render.themes import ThemeError, builtin_themes_dir, resolve_theme

        reference, root = (self.theme, None) if self.theme is not None else (course_theme, self.course_dir)
        folders = [self.course_dir]
        if reference:
            try:
                chain = [str(folder) for folder in resolve_theme(reference, root).chain]
            except ThemeError:  # watch what it names, so a fix is seen
                named = Path(root or ".", reference)
                chain = [str(named)] if named.is_dir() else []
            builtin = builtin_themes_dir().resolve()
            folders += [f for f in chain if builtin not in Path(f).resolve().parents and Path(f).resolve() != builtin]
        return folders

    def _web_files(self, course) -> dict[str, bytes]:
        from .. import targets
        from ..render.site import render_site

        if not self.send_statements:
            course = replace(course, xapi=replace(course.xapi, endpoint=None, auth=None))
        files = targets.get("web").package_files(course, render_site(course, self.theme))
        reload = _reload_script(self.version + 1).encode()  # the version _serve gives it
        files["index.html"] = files["index.html"].replace(b"</body>", reload + b"\n</body>", 1)
        return files

    def _serve(self, files: dict[str, bytes]) -> None:
        with self.lock:
            self.files = files
            self.version += 1

    def get(self, path: str) -> tuple[bytes, str] | None:
        """The body and content type for a request path, or None."""
        if path == VERSION_PATH:
            return str(self.version).encode(), "text/plain; charset=utf-8"
        name = unquote(urlsplit(path).path).lstrip("/") or "index.html"
        if name.endswith("/"):
            name += "index.html"
        with self.lock:
            body = self.files.get(name)
        if body is None:
            return None
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return body, kind + ("; charset=utf-8" if kind.startswith("text/") or kind.endswith(("javascript", "json")) else "")


def _error_page(listed: str, version: int) -> bytes:
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not built</title></head>"
            "<body><main><h1>The course has errors</h1><p>Fix them and save: this page reloads "
            "when the course builds.</p><pre>" + html.escape(listed) + "</pre></main>" + _reload_script(version) +
            "</body></html>").encode()


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self, head: bool = False) -> None:  # noqa: N802 - http.server's name
            found = preview.get(self.path)
            if found is None:
                self.send_error(404)
                return
            body, kind = found
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def do_HEAD(self) -> None:  # noqa: N802
            self.do_GET(head=True)

        def log_message(self, format: str, *args) -> None:  # quiet: the author wants the course's news
            pass

    return Handler


def _snapshot(folders: list[str]) -> tuple:
    """What changing a file would change: every file's path, time and size."""
    seen = []
    for folder in folders:
        for here, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                path = os.path.join(here, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                seen.append((path, info.st_mtime_ns, info.st_size))
    return tuple(seen)


@click.command(name="preview")
@click.argument("course_dir", metavar="COURSE", type=click.Path(file_okay=False))
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to serve on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to serve on (127.0.0.1: this machine only).")
@theme_option
@click.option("--open/--no-open", "open_browser", default=True, show_default=True,
              help="Open the course in the default browser.")
@click.option("--send-statements", is_flag=True,
              help="Send xAPI statements to the LRS course.yaml names (off: a preview sends none).")
def command(course_dir: str, port: int, host: str, theme: str | None, open_browser: bool,
            send_statements: bool) -> None:
    preview = Preview(course_dir, theme, send_statements)
    click.echo(preview.rebuild(), err=True)
    try:
        server = ThreadingHTTPServer((host, port), _handler(preview))
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror}"
                                   + (" (try another --port)" if port else "")) from None
    server.daemon_threads = True
    url = f"http://{host}:{server.server_address[1]}/"
    click.echo(f"previewing {course_dir} at {url} (rebuilt when a file changes; Ctrl+C stops)", err=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        before = _snapshot(preview.folders)
        while True:
            time.sleep(POLL)
            now = _snapshot(preview.folders)
            if now != before:
                time.sleep(POLL / 2)  # an editor may write in several steps
                click.echo(f"{time.strftime('%H:%M:%S')} changed: " + preview.rebuild(), err=True)
                before = _snapshot(preview.folders)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        server.shutdown()
        server.server_close()
