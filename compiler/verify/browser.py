"""The dynamic half of `empathy verify`: run a package in headless Chromium, inside the
test LMS (scorm-again + harness.js: `LMSLaunch`) or straight in a tab (`DirectLaunch`: web
packages with no LMS, cmi5 and xAPI packages on a launch URL of the verify LMS, lrs.py),
and let the generic walker take it to the end.

`LMSLaunch` is also what the browser tests use to drive a learner, so verify and the
tests exercise packages the same way.
"""
from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import unquote, urlsplit

from . import site, tools
from .report import Problem

READ_HARNESS = """() => ({
  version: harness.version, calls: harness.calls, sets: harness.sets, errors: harness.errors,
  terminated: harness.terminated, cmi: harness.cmi()
})"""

WALK_STEP = """async () => {
  const result = EmpathyWalker.step();
  // let the player's handlers and any promise they start settle before the next look
  await new Promise((r) => setTimeout(r, 0));
  await new Promise((r) => setTimeout(r, 0));
  return result;
}"""


class ToolMissing(Exception):
    """A tool verify needs is not installed; the message says how to install it."""


class LaunchFailed(Exception):
    """The SCO never became ready in the LMS; the message holds its console errors."""


def missing_tools(lms: bool = True) -> list[Problem]:
    """What is not installed for a browser run (in the test LMS when LMS), each with the
    command that installs it."""
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append(Problem("tools", f"Playwright is not installed: {tools.INSTALL_PLAYWRIGHT}"))
    if tools.chromium_path() is None:
        problems.append(Problem("tools", tools.chromium_missing()))
    if lms and tools.scorm_again_bundle() is None:
        problems.append(Problem("tools", f"scorm-again was not found: {tools.INSTALL_SCORM_AGAIN}"))
    return problems


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Debian's) driven by Playwright; raises ToolMissing."""
    from playwright.sync_api import Error, sync_playwright

    executable = tools.chromium_path()
    if executable is None:
        raise ToolMissing(tools.chromium_missing())
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=executable)
        except Error as exc:
            # Playwright's message goes on with its whole launch log: the first line says it.
            first = (str(exc).strip().splitlines() or ["no message"])[0]
            first = first.removeprefix("BrowserType.launch: ")
            raise ToolMissing(f"Chromium at {executable} did not start ({first}): "
                              f"{tools.INSTALL_CHROMIUM}") from None
        try:
            yield browser
        finally:
            browser.close()


SNAPSHOT = """() => {
  const main = document.getElementById("main");
  const fields = main ? Array.from(main.querySelectorAll("input, textarea, select")).map((e) => [
    e.getAttribute("data-field") || e.getAttribute("data-option") || e.getAttribute("data-feeling") || e.name || e.id,
    e.type === "checkbox" || e.type === "radio" ? e.checked : e.value]) : [];
  const player = window.EmpathyPlayer;
  return {page: document.documentElement.dataset.page || null,
          state: player && player.state ? player.state() : null,
          text: main ? main.innerText.replace(/\\s+/g, " ").trim() : "",
          fields: fields};
}"""


class Launch:
    """What every launch of a package offers the walker and the checks: the player's
    frame (`sco`), its console errors, the package files it could not get, the steps."""

    page = None
    sco = None
    timeout_ms: float = 15000
    lrs_path: str | None = None
    """Where the verify LMS's xAPI endpoint is (its answers are not console errors)."""

    def _listen(self, page, package: str) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self.console.append(f"uncaught: {exc}"))
        page.on("response", lambda response: self._on_response(response, package))

    def _on_console(self, message) -> None:
        if message.type != "error":
            return
        source = urlsplit((message.location or {}).get("url") or "").path
        if self.lrs_path and source.startswith(self.lrs_path) and message.text.startswith("Failed to load resource"):
            return  # the LRS's answers are judged from its own record (a 404 may be expected)
        self.console.append(message.text)

    def _on_response(self, response, package: str) -> None:
        path = urlsplit(response.url).path
        marker = f"/{package}/"
        if response.status >= 400 and marker in path:
            self.missing.append(f"{unquote(path.split(marker, 1)[1])} ({response.status})")

    def _wait_ready(self) -> None:
        try:
            # The player's scripts are deferred: once the document has loaded they have run,
            # so a page without EmpathyPlayer by then will never have one (no need to wait).
            self.sco.wait_for_function(
                "() => !!(window.EmpathyPlayer && window.EmpathyPlayer.ready) || "
                "document.readyState === 'complete'", timeout=self.timeout_ms)
            if not self.sco.evaluate("() => !!(window.EmpathyPlayer && window.EmpathyPlayer.ready)"):
                errors = "; ".join(self.console + [f"could not get {m}" for m in self.missing])
                raise LaunchFailed("the page loaded but no player started "
                                   f"({errors or 'no console errors'})")
            self.sco.evaluate("() => window.EmpathyPlayer.ready")
        except LaunchFailed:
            raise
        except Exception as exc:  # Playwright's TimeoutError or a rejected promise
            errors = "; ".join(self.console) or "no console errors"
            raise LaunchFailed(f"the player did not start within {self.timeout_ms / 1000:g} s "
                               f"({errors})") from exc
        self.sco.add_script_tag(path=str(tools.walker_file()))

    # -------------------------------------------------------------- the learner

    @property
    def current_page(self) -> str | None:
        """The player's current page id (the DOM hook on <html>)."""
        return self.sco.evaluate("() => document.documentElement.dataset.page || null")

    @property
    def complete(self) -> bool:
        """The completion rule holds (the DOM hook `data-complete` on <html>)."""
        return self.sco.evaluate("() => document.documentElement.dataset.complete === 'true'")

    def snapshot(self) -> dict:
        """What the learner has in front of them: {page, state (EmpathyPlayer.state()),
        text (the visible text of <main>), fields ([name, value or checked] of its inputs)}."""
        return self.sco.evaluate(SNAPSHOT)

    def plan(self, plan: dict) -> None:
        """Tell the walker which choices and options to take (see walker.js)."""
        self.sco.evaluate("(p) => EmpathyWalker.plan(p)", plan)

    def step(self) -> dict:
        """One learner action by the walker (see walker.js); returns what it did."""
        result = self.sco.evaluate(WALK_STEP)
        self.steps.append(result)
        return result

    def walk(self, plan: dict | None = None, *, until: Callable[[dict], bool] | None = None,
             max_steps: int = 3000) -> list[dict]:
        """Walk until UNTIL(step) is true, the finish button is pressed, or the walker is
        stuck. Returns the steps taken; the last says why it stopped."""
        if plan is not None:
            self.plan(plan)
        if until is None:  # the whole walk in the page: one round trip, not one per step
            taken = self.sco.evaluate("(n) => EmpathyWalker.run(n)", max_steps)
            self.steps += taken
            return taken
        taken = []
        for _ in range(max_steps):
            result = self.step()
            if result["act"] == "wait":  # the page is loading part of itself
                self.steps.pop()
                self.sco.wait_for_timeout(20)
                continue
            taken.append(result)
            if result["act"] in ("finish", "stuck") or until(result):
                return taken
        taken.append({"act": "stuck", "detail": f"still going after {max_steps} steps",
                      "page": self.current_page})
        return taken


class LMSLaunch(Launch):
    """One launch of a package's SCO from the test LMS, in one browser page.

    PAGE is a Playwright page (the LMS host); BASE_URL serves a folder prepared by
    `site.write_lms` + `site.add_package`. VERSION "1.2" or "2004". CMI: what the LMS
    knows before launch (mastery, entry=resume, saved suspend_data and location).
    """

    def __init__(self, page, base_url: str, version: str, *, launch: str = "index.html",
                 depth: int = 1, popup: bool = False, cmi: dict | None = None,
                 package: str = "pkg", timeout_ms: float = 15000):
        self.page = page
        self.version = version
        self.timeout_ms = timeout_ms
        self.console: list[str] = []
        self.missing: list[str] = []
        self.steps: list[dict] = []
        self.popup = popup
        self._marker = f"/{package}/{launch}"
        self._listen(page, package)
        if cmi:  # given to the LMS page before it loads: 300 questions' interactions are no URL
            page.add_init_script(f"window.harnessCMI = {json.dumps(cmi)};")
        url = site.lms_url(base_url, version, sco=f"../{package}/{launch}", depth=depth, popup=popup)
        if popup:
            with page.context.expect_page(timeout=timeout_ms) as new_page:
                page.goto(url)
            self.sco = new_page.value
            self._listen(self.sco, package)
            self.sco.wait_for_load_state()
        else:
            page.goto(url)
            self.sco = self._find_frame()
        self._wait_ready()

    def _find_frame(self):
        from playwright.sync_api import Error
        deadline = time.monotonic() + self.timeout_ms / 1000
        while time.monotonic() < deadline:
            for frame in self.page.frames:
                if self._marker in frame.url:
                    return frame
            try:
                self.page.wait_for_timeout(25)
            except Error:
                break
        raise LaunchFailed(f"the SCO ({self._marker}) never loaded in the LMS page")

    def wait_terminated(self, timeout_ms: float | None = None) -> bool:
        """Wait until the SCO terminated its session; False when it never did."""
        try:
            self.page.wait_for_function("() => window.harness.terminated",
                                        timeout=timeout_ms or self.timeout_ms)
            return True
        except Exception:  # Playwright's TimeoutError: reported by the caller
            return False

    def leave(self) -> None:
        """The learner closes the course window mid-way (the SCO gets pagehide)."""
        if self.popup:
            self.sco.close(run_before_unload=True)
        else:
            # Removing the outermost iframe unloads every frame inside it, the SCO's too.
            self.page.evaluate("() => document.querySelector('iframe').remove()")
        self.page.wait_for_timeout(50)

    def results(self) -> dict:
        """What the LMS recorded: calls, sets, errors, terminated, the flattened CMI."""
        data = self.page.evaluate(READ_HARNESS)
        data["console"] = list(self.console)
        data["missing"] = list(self.missing)
        data["steps"] = list(self.steps)
        return data


class DirectLaunch(Launch):
    """A package opened straight in a browser tab, with no LMS around it: how a web
    package runs (progress kept in the browser's storage). BASE_URL serves the package as
    PACKAGE/; LAUNCH is its launch file. URL, when given, is the whole launch URL (a cmi5
    or TinCan launch by the verify LMS, whose endpoint is at LRS_PATH)."""

    def __init__(self, page, base_url: str, *, launch: str = "index.html", package: str = "pkg",
                 timeout_ms: float = 15000, url: str | None = None, lrs_path: str | None = None):
        self.page = page
        self.timeout_ms = timeout_ms
        self.lrs_path = lrs_path
        self.console: list[str] = []
        self.missing: list[str] = []
        self.steps: list[dict] = []
        self._listen(page, package)
        page.goto(url or base_url.rstrip("/") + f"/{package}/{launch}")
        self.sco = page.main_frame
        self._wait_ready()

    def leave(self) -> None:
        """The learner closes the tab mid-way (the page gets pagehide)."""
        self.page.goto("about:blank")
        self.page.close()

    def results(self) -> dict:
        return {"console": list(self.console), "missing": list(self.missing),
                "steps": list(self.steps)}


def prepare(root: Path, package_dir: Path) -> None:
    """Lay out ROOT with the test LMS and a copy of the package (raises ToolMissing)."""
    bundle = tools.scorm_again_bundle()
    if bundle is None:
        raise ToolMissing(f"scorm-again was not found: {tools.INSTALL_SCORM_AGAIN}")
    site.write_lms(root, bundle)
    site.add_package(root, package_dir)
