"""`empathy verify`'s whole procedure: static checks, then three browser sessions.

SCORM packages run in the test LMS (scorm-again); cmi5 and xAPI (TinCan) packages are
launched by the verify LMS, an in-process cmi5 LMS and LRS (`lrs.py`, `lrs_runs.py`);
web packages are opened straight in a tab, with no LMS. Each way:

1. "full walk": a learner walks to the finish: console errors, files the page could not
   get, (SCORM) API errors, call order, limits, interactions, final status; (cmi5, xAPI)
   the fetch, LaunchData, the statements and their order, the returnURL;
2. "leave half-way": a learner leaves at a quiet moment near the middle (nothing typed or
   ticked but not submitted; mid-scenario when possible): SCORM exit must be "suspend";
   cmi5 and xAPI sessions must still end with terminated;
3. "resume": the relaunch (SCORM: entry=resume with what the LMS kept; cmi5, xAPI: a new
   launch of the same registration in a fresh browser profile, so from the State API;
   web: the same browser profile) must reopen on the same page with the same state and
   the same DOM.

Problems carry the session (phase) they were seen in; one seen in several is listed once.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from . import resume, runtime_checks, site, static
from .report import Problem, Report

SCORM_VERSION = {"scorm12": "1.2", "scorm2004-3": "2004", "scorm2004-4": "2004"}
FULL, HALF, RESUME = "full walk", "leave half-way", "resume"
QUIET_NEXT = ("choice", "continue", "next", "accept-warning")
"""Walker actions that, taken next, mean nothing is pending on the page (see _leave_point)."""
INPUT_ACTS = ("tick", "type")
"""Walker actions that change an input, which stays a draft until submitted (or moved on from)."""

DECODE_SAVED = """(saved) => window.EmpathyState && typeof EmpathyState.decode === "function"
  ? EmpathyState.decode(saved) : null"""


def verify(zip_path: Path, *, browser: bool = True) -> Report:
    """Verify one package; never raises for a bad package (problems go in the report)."""
    report = Report(package=str(zip_path))
    with tempfile.TemporaryDirectory(prefix="empathy-verify-") as tmp:
        work = Path(tmp)
        try:
            pkg = static.check_package(Path(zip_path), work / "unzipped", report)
        except Exception as exc:  # a case the checks did not foresee: still a report, and the
            # other packages' reports are printed too
            report.add("package", f"verify could not finish checking this package "
                       f"({type(exc).__name__}: {exc}); this is a bug in empathy verify, please report it")
            return report
        if pkg is None or not browser or pkg.launch is None:
            return report
        if pkg.kind in SCORM_VERSION or pkg.kind in ("cmi5", "xapi", "web"):
            run_in_browser(pkg, SCORM_VERSION.get(pkg.kind), work / "site", report)
    return report


def run_in_browser(pkg: static.Package, version: str | None, root: Path, report: Report) -> None:
    """The three sessions of the module docstring, recorded in REPORT. VERSION "1.2" or
    "2004" runs in the test LMS; None opens the package without one."""
    from . import browser

    missing = browser.missing_tools(lms=version is not None)
    if missing:
        for problem in missing:
            report.add(problem.area, problem.message)
        return
    if version:
        runner: _Runs = _LMSRuns(pkg, version)
    elif pkg.kind in ("cmi5", "xapi"):
        from .lrs_runs import LRSRuns
        runner = LRSRuns(pkg)
    else:
        runner = _DirectRuns(pkg)
    try:
        if version is None:
            site.add_package(root, pkg.root)
        else:
            browser.prepare(root, pkg.root)
        with runner.serve(root) as base, browser.chromium() as chromium:
            runner.base, runner.chromium = base, chromium
            try:
                _three_sessions(runner, report)
            finally:
                runner.close()
    except browser.ToolMissing as exc:
        report.add("tools", str(exc))
    except Exception as exc:  # Playwright errors: a crashed page, a script the course broke
        report.add("runtime", f"the browser run stopped: {type(exc).__name__}: "
                   f"{str(exc).splitlines()[0] if str(exc) else ''}")


def _three_sessions(runner: "_Runs", report: Report) -> None:
    full = runner.session(report, FULL, lambda launch: launch.walk(), finish=True)
    if full is None:
        return
    steps = _leave_point(full["steps"])
    left = runner.session(report, HALF, lambda launch: launch.walk(max_steps=steps), finish=False)
    if left is None:
        return
    report.facts["left half-way"] = (f"after {steps} of {len(full['steps'])} steps, "
                                     f"on page {left['page_left']!r}")
    runner.resume(left, report)


def _leave_point(steps: list[dict]) -> int:
    """How many of the full walk's STEPS the half-way learner takes: near the middle, at a
    moment when nothing is typed or ticked but not yet submitted, preferably inside a
    scenario (the next step is a choice or a Continue), so the resume has scenario state to
    restore; of two moments as near, the later, which has more to restore. A draft never
    submitted stays on the device by design (docs/design.md, "Drafts") and the resume runs
    in a fresh profile, so leaving with one would fail a good package. The walk is
    deterministic, so the learner who leaves takes the same steps."""
    middle = max(1, len(steps) // 2)
    settled = [i for i in range(1, len(steps)) if not _draft_pending(steps, i)]
    scenario = [i for i in settled if steps[i].get("act") in ("choice", "continue")]
    for candidates in (scenario, settled):
        if candidates:
            return min(candidates, key=lambda i: (abs(i - middle), -i))
    return middle


def _draft_pending(steps: list[dict], i: int) -> bool:
    """Whether a learner who stops after the first I STEPS leaves something typed or ticked
    unsubmitted: the walker ticks and types everything on a page before it submits, and
    submits everything before it moves on, so the next step is a Submit, or the last one
    changed an input and the next does not move on (a page without Submit keeps what is
    ticked at once: moving on after it is no draft)."""
    last, upcoming = steps[i - 1].get("act"), steps[i].get("act")
    return upcoming == "submit" or (last in INPUT_ACTS and upcoming not in QUIET_NEXT)


class _Runs:
    """One way of launching the package (in the SCORM test LMS, by the verify cmi5 LMS, or
    straight in a tab)."""

    base: str = ""
    chromium = None
    where = ""

    def __init__(self, pkg: static.Package):
        self.pkg = pkg
        self._contexts: list = []

    def serve(self, root: Path):
        """Serve ROOT (the package under pkg/) for the run; a context manager yielding the base URL."""
        return site.serve(root)

    def context(self):
        context = self.chromium.new_context()
        self._contexts.append(context)
        return context

    def close(self) -> None:
        for context in self._contexts:
            try:
                context.close()
            except Exception:  # already gone with the browser
                pass
        self._contexts.clear()

    @staticmethod
    def _walked(steps: list[dict], problems: list[Problem]) -> dict:
        """The last step of a walk to the end; a problem when the walker got stuck."""
        last = steps[-1] if steps else {"act": "stuck", "detail": "no steps", "page": None}
        if last["act"] == "stuck":
            problems.append(Problem("runtime", f"the walker got stuck on page {last['page']!r}: "
                                    f"{last['detail']}"))
        return last

    @staticmethod
    def _browser_problems(run: dict, where: str) -> list[Problem]:
        problems = [Problem("runtime", f"the course could not get {path} from the package")
                    for path in run.get("missing", [])]
        return problems + [Problem("runtime", f"browser console error in the {where}: {line}")
                           for line in run.get("console", [])]

    def resume_check(self, left: dict, resumed_page: str | None, resumed: dict | None,
                     saved: dict | None, report: Report) -> None:
        want = left["page_left"]
        report.extend("resume on the same page", [] if resumed_page == want else [
            Problem("runtime", f"relaunched, the course opened on page {resumed_page!r}, but the "
                    f"learner left on {want!r}", 16)], phase=RESUME)
        if resumed_page == want and resumed is not None:
            report.extend("resume restores the scenario state, answers and page",
                          resume.compare(left["snapshot"], resumed, saved, self.pkg.course),
                          phase=RESUME)


class _LMSRuns(_Runs):
    """SCORM: each session a fresh browser profile with the test LMS around the SCO."""

    def __init__(self, pkg: static.Package, version: str):
        super().__init__(pkg)
        self.version = version

    def session(self, report: Report, name: str, walk, *, finish: bool,
                cmi: dict | None = None, look=None) -> dict | None:
        from .browser import LaunchFailed, LMSLaunch

        context = self.context()
        try:
            page = context.new_page()
            try:
                lms = LMSLaunch(page, self.base, self.version, launch=self.pkg.launch,
                                cmi={**site.credit_cmi(self.version), **site.mastery_cmi(self.pkg.mastery, self.version),
                                     **(cmi or {})})
            except LaunchFailed as exc:
                report.add("runtime", f"the course did not start in the LMS: {exc}", phase=name)
                return None
            steps = walk(lms)
            problems: list[Problem] = []
            snapshot = look(lms) if look else None
            if finish:
                last = self._walked(steps, problems)
                if last["act"] != "stuck" and not lms.wait_terminated(5000):
                    problems.append(Problem("runtime", "after Finish the SCO never terminated "
                                            "its session", 12))
            else:
                last = steps[-1] if steps else {"page": lms.current_page}
                snapshot = snapshot or lms.snapshot()
                complete = lms.complete
                lms.leave()
            run = lms.results()
            run["complete"] = True if finish else complete
            run["left"] = not finish
            run["page_left"] = last.get("page")
            run["snapshot"] = snapshot
            checked = {**run, "console": []}  # console errors: reported below, with the others
            problems += runtime_checks.check_session(checked, mastery=self.pkg.mastery,
                                                     walked_to_end=finish)
            problems += self._browser_problems(run, "SCO")
            report.extend(f"{name} in scorm-again ({_acted(run['steps'])} steps, "
                          f"{len(run['calls'])} API calls)", problems, phase=name)
            if finish:
                _facts(run, self.version, report)
            return run
        finally:
            context.close()

    def resume(self, left: dict, report: Report) -> None:
        names = runtime_checks.Names(self.version)
        problems = []
        exit_value = left["cmi"].get(names.exit, "")
        incomplete = (left["cmi"].get("cmi.core.lesson_status") in ("incomplete", "not attempted", "")
                      if names.v12 else left["cmi"].get("cmi.completion_status") != "completed")
        held = left["cmi"].get("cmi.core.lesson_status" if names.v12 else "cmi.completion_status")
        if not left.get("complete", True) and not incomplete:
            # 1.2: a score sent before completion lets an LMS apply the masteryscore (this
            # launch is for credit) and grade an unfinished course.
            problems.append(Problem("runtime", f"the learner left before the course was complete, yet the "
                                    f"LMS holds {held!r}" + (": a score was sent before completion, and the "
                                    "LMS judged passed/failed from it against the masteryscore"
                                    if names.v12 and held in ("passed", "failed") else ""), 17))
        elif incomplete and exit_value != "suspend":
            problems.append(Problem("runtime", f"the learner left an incomplete course and exit was "
                                    f"{exit_value!r}, not 'suspend': the LMS will not resume", 15))
        report.extend("exit=suspend when leaving half-way", problems, phase=HALF)
        if problems:
            return
        saved_data = [value for element, value, code in left["sets"]
                      if element == "cmi.suspend_data" and code == "0"]

        def look(lms):
            saved = lms.sco.evaluate(DECODE_SAVED, saved_data[-1]) if saved_data else None
            return {"snapshot": lms.snapshot(), "saved": saved}

        resumed = self.session(report, RESUME, lambda lms: [], finish=False,
                               cmi=site.relaunch_cmi(left["cmi"], self.version), look=look)
        if resumed is None:
            return
        seen = resumed["snapshot"]
        self.resume_check(left, seen["snapshot"]["page"], seen["snapshot"], seen["saved"], report)


class _DirectRuns(_Runs):
    """web: the package in a tab of its own, no LMS. The learner who leaves and the
    relaunch share a browser profile (progress is in its storage)."""

    def __init__(self, pkg: static.Package):
        super().__init__(pkg)
        self._profile = None

    def session(self, report: Report, name: str, walk, *, finish: bool) -> dict | None:
        from .browser import DirectLaunch, LaunchFailed

        if finish:
            context = self.context()
        else:  # the half-way learner's profile is kept for the relaunch
            context = self._profile = self.context()
        try:
            launch = DirectLaunch(context.new_page(), self.base, launch=self.pkg.launch)
        except LaunchFailed as exc:
            report.add("runtime", f"the course did not start in the browser (no LMS): {exc}",
                       phase=name)
            return None
        steps = walk(launch)
        problems: list[Problem] = []
        if finish:
            last = self._walked(steps, problems)
            if last["act"] == "finish" and not launch.complete:
                problems.append(Problem("runtime", "after walking to the end and pressing Finish, "
                                        "the course does not count as complete (no data-complete)"))
            snapshot = None
        else:
            last = steps[-1] if steps else {"page": launch.current_page}
            snapshot = launch.snapshot()
            launch.leave()
        run = launch.results()
        run["page_left"] = last.get("page")
        run["snapshot"] = snapshot
        report.extend(f"{name} in Chromium without an LMS ({_acted(run['steps'])} steps)",
                      self._browser_problems(run, "page") + problems, phase=name)
        if finish:
            report.facts["pages walked"] = _pages(run["steps"])
            report.facts["complete after the walk"] = launch.complete
        return run

    def resume(self, left: dict, report: Report) -> None:
        from .browser import DirectLaunch, LaunchFailed

        try:
            launch = DirectLaunch(self._profile.new_page(), self.base, launch=self.pkg.launch)
        except LaunchFailed as exc:
            report.add("runtime", f"the course did not start again: {exc}", phase=RESUME)
            return
        snapshot = launch.snapshot()
        report.extend("resume in Chromium without an LMS",
                      self._browser_problems(launch.results(), "page"), phase=RESUME)
        self.resume_check(left, snapshot["page"], snapshot, None, report)


def _facts(run: dict, version: str, report: Report) -> None:
    names = runtime_checks.Names(version)
    cmi = run["cmi"]
    calls = [c["fn"] for c in run["calls"]]
    sets = [s for s in run["sets"] if s[0] == "cmi.suspend_data"]
    report.facts.update({
        "Initialize/Terminate calls": f"{calls.count(names.init)}/{calls.count(names.finish)}",
        "exit": cmi.get(names.exit, ""),
        "status": (cmi.get("cmi.core.lesson_status") if names.v12 else
                   f"{cmi.get('cmi.completion_status')}/{cmi.get('cmi.success_status')}"),
        "score": {k: cmi.get(names.score + k) for k in (("raw", "min", "max") if names.v12
                                                         else ("raw", "min", "max", "scaled"))},
        "session time": cmi.get(names.session_time),
        "interactions": len({k.split(".")[2] for k in cmi if k.startswith("cmi.interactions.")
                             and k.split(".")[2].isdigit()}),
        "longest suspend_data": max((len(s[1]) for s in sets), default=0),
        "pages walked": _pages(run["steps"]),
    })


def _acted(steps: list[dict]) -> int:
    """How many things the learner did (not counting the walker's own stop marker)."""
    return sum(1 for step in steps if step.get("act") not in ("stuck", "wait"))


def _pages(steps: list[dict]) -> list[str]:
    """The pages the walker went through, in order, each once per visit."""
    pages: list[str] = []
    for step in steps:
        for page in (step.get("from"), step.get("page")):
            if page and (not pages or pages[-1] != page):
                pages.append(page)
    return pages
