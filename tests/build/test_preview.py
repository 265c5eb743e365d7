"""`empathy preview`: an author saves a file and sees the change in the browser, and sees
mistakes without losing the last good build."""
from __future__ import annotations

import html
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from handmade import COURSES

REPO = Path(__file__).resolve().parents[2]


class Running:
    """`empathy preview COURSE --port 0 --no-open` in its own process, its stderr read as it comes."""

    def __init__(self, course: Path, *options: str):
        self.process = subprocess.Popen([sys.executable, "-c", "from compiler.cli import main; main()", "preview",
                                         str(course), "--port", "0", "--no-open", *options], cwd=REPO,
                                        stderr=subprocess.PIPE, text=True)
        self.said: list[str] = []
        self.url = self.wait_for(r"at (http://127\.0\.0\.1:\d+/)").group(1)

    def wait_for(self, pattern: str, timeout: float = 20) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.said:
                if found := re.search(pattern, line):
                    self.said.remove(line)
                    return found
            line = self.process.stderr.readline()
            if not line:
                break
            self.said.append(line)
        raise AssertionError(f"never said {pattern!r}: {self.said}")

    def get(self, path: str = "") -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as answer:
            return answer.read().decode()

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        rest = self.process.stderr.read()
        return self.process.wait(timeout=10), rest


@pytest.fixture
def course(tmp_path):
    folder = tmp_path / "course"
    shutil.copytree(COURSES / "fee-waiver", folder)
    return folder


def _retitle(page: Path, old: str, new: str) -> None:
    text = page.read_text()
    assert old in text
    page.write_text(text.replace(old, new, 1))


def test_a_save_is_served_at_once_and_an_error_keeps_the_last_good_build(course):
    running = Running(course)
    try:
        assert "<h1" in running.get() and running.get("assets/player.js")
        first = course / "before-you-start.md"
        title = re.search(r"^title: (.*)$", first.read_text(), re.M).group(1)
        _retitle(first, f"title: {title}", "title: A title saved just now")
        running.wait_for(r"changed: built in \d+ ms")
        assert "A title saved just now" in running.get()

        _retitle(first, "title: A title saved just now", "titel: A broken save")
        running.wait_for(r"error E101: unknown key 'titel'")
        running.wait_for(r"not built: 1 error, 0 warnings; the browser keeps the last good build")
        assert "A title saved just now" in running.get() and "A broken save" not in running.get()
    finally:
        code, rest = running.stop()
    assert code == 0 and "Traceback" not in rest and "stopped" in rest


def test_a_course_with_errors_shows_them_in_the_browser_until_it_builds(course):
    _retitle(course / "double-charge.md", "kind: scenario", "kind: scenario\nbogus: <b>1</b>")
    running = Running(course)
    try:
        shown = html.unescape(running.get())
        assert "The course has errors" in shown and "unknown key 'bogus'" in shown
        assert "<b>1</b>" not in shown  # the author's text is shown as text
        _retitle(course / "double-charge.md", "bogus: <b>1</b>\n", "")
        running.wait_for(r"changed: built in \d+ ms")
        assert "The course has errors" not in running.get()
    finally:
        running.stop()


def test_a_theme_outside_the_course_folder_is_watched_too(course, tmp_path):
    shared = tmp_path / "shared"
    (shared / "templates").mkdir(parents=True)
    (shared / "theme.yaml").write_text("extends: default\n")
    (shared / "player.css").write_text(".brand { color: #8a1538; }\n")
    _retitle(course / "course.yaml", "theme: default", "theme: ../shared")
    running = Running(course)
    try:
        assert "#8a1538" in running.get("assets/player.css")
        (shared / "player.css").write_text(".brand { color: #0b5394; }\n")
        running.wait_for(r"changed: built in \d+ ms")
        assert "#0b5394" in running.get("assets/player.css")
    finally:
        running.stop()


def test_a_theme_that_fails_to_render_is_shown_in_the_browser(course):
    brand = course / "brand"
    (brand / "templates").mkdir(parents=True)
    (brand / "theme.yaml").write_text("extends: default\n")
    (brand / "templates" / "index.html.j2").write_text("{{ 1 / 0 }}\n")
    _retitle(course / "course.yaml", "theme: default", "theme: brand")
    running = Running(course)
    try:
        assert "index.html.j2:1: template error: division by zero" in running.get()
        (brand / "templates" / "index.html.j2").unlink()
        running.wait_for(r"changed: built in \d+ ms")
        assert "The course has errors" not in running.get()
    finally:
        running.stop()


def test_the_preview_sends_no_statements_to_the_course_lrs_unless_asked(course):
    _retitle(course / "course.yaml", "xapi:\n", "xapi:\n  endpoint: https://lrs.example.org/xapi/\n")
    running = Running(course)
    try:
        assert "lrs.example.org" not in running.get()  # course.json, inside index.html
    finally:
        running.stop()
    running = Running(course, "--send-statements")
    try:
        assert "https://lrs.example.org/xapi/" in running.get()
    finally:
        running.stop()


@pytest.mark.browser
def test_the_open_page_reloads_itself_after_a_save(course, page):
    running = Running(course)
    try:
        page.goto(running.url)
        page.wait_for_function("window.EmpathyPlayer && window.EmpathyPlayer.ready")
        heading = page.locator("main#main section.page h1").first
        first = course / "before-you-start.md"
        title = re.search(r"^title: (.*)$", first.read_text(), re.M).group(1)
        assert heading.inner_text() == title.strip('"')
        _retitle(first, f"title: {title}", "title: Seen without pressing reload")
        running.wait_for(r"changed: built")
        page.locator("main#main section.page h1", has_text="Seen without pressing reload").wait_for(timeout=10000)
    finally:
        running.stop()
