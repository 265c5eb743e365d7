"""`empathy verify`'s whole procedure: static checks, then (SCORM) three browser sessions.

1. a full walk to the finish: API errors, call order, limits, interactions, final status;
2. a learner who leaves half-way: exit must be "suspend" while incomplete;
3. the relaunch of (2) with entry=resume: the course reopens on the same page.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from . import runtime_checks, site, static
from .report import Problem, Report

SCORM_VERSION = {"scorm12": "1.2", "scorm2004-3": "2004", "scorm2004-4": "2004"}


def verify(zip_path: Path, *, browser: bool = True) -> Report:
    """Verify one package; never raises for a bad package (problems go in the report)."""
    report = Report(package=str(zip_path))
    with tempfile.TemporaryDirectory(prefix="empathy-verify-") as tmp:
        work = Path(tmp)
        pkg = static.check_package(Path(zip_path), work / "unzipped", report)
        if pkg is None or not browser:
            return report
        if pkg.kind in SCORM_VERSION and pkg.launch:
            run_in_browser(pkg, SCORM_VERSION[pkg.kind], work / "site", report)
        elif pkg.kind in ("cmi5", "xapi", "web"):
            report.facts["browser run"] = ("not run: verify runs SCORM packages in an LMS; "
                                           f"{pkg.kind} packages are checked statically")
    return report


def run_in_browser(pkg: static.Package, version: str, root: Path, report: Report) -> None:
    """The three sessions of the module docstring, recorded in REPORT."""
    from . import browser

    missing = browser.missing_tools()
    if missing:
        report.problems.extend(missing)
        return
    try:
        browser.prepare(root, pkg.root)
        with site.serve(root) as base, browser.chromium() as chromium:
            full = _session(chromium, base, version, pkg, report, "full walk",
                            lambda lms: lms.walk())
            if full is None:
                return
            half = max(1, len(full["steps"]) // 2)
            left = _session(chromium, base, version, pkg, report, "leave half-way",
                            lambda lms: lms.walk(max_steps=half), finish=False)
            if left is None:
                return
            _check_resume(chromium, base, version, pkg, left, report)
    except browser.ToolMissing as exc:
        report.add("tools", str(exc))
    except Exception as exc:  # Playwright errors: a crashed page, a script the SCO broke
        report.add("runtime", f"the browser run stopped: {type(exc).__name__}: "
                   f"{str(exc).splitlines()[0] if str(exc) else ''}")


def _session(chromium, base: str, version: str, pkg: static.Package, report: Report,
             name: str, walk, *, finish: bool = True, cmi: dict | None = None) -> dict | None:
    from .browser import LaunchFailed, LMSLaunch

    context = chromium.new_context()
    try:
        page = context.new_page()
        try:
            lms = LMSLaunch(page, base, version, launch=pkg.launch,
                            cmi={**site.mastery_cmi(pkg.mastery, version), **(cmi or {})})
        except LaunchFailed as exc:
            report.add("runtime", f"{name}: the course did not start in the LMS: {exc}")
            return None
        steps = walk(lms)
        last = steps[-1] if steps else {"act": "stuck", "detail": "no steps", "page": None}
        if finish:
            if last["act"] == "stuck":
                report.add("runtime", f"{name}: the walker got stuck on page {last['page']!r}: "
                           f"{last['detail']}")
            elif not lms.wait_terminated(5000):
                report.add("runtime", f"{name}: after Finish the SCO never terminated its session", 12)
        else:
            lms.leave()
        run = lms.results()
        run["page_left"] = last.get("page")
        problems = runtime_checks.check_session(run, mastery=pkg.mastery, walked_to_end=finish)
        report.extend(f"{name} in scorm-again ({len(run['steps'])} steps, {len(run['calls'])} API calls)",
                      problems)
        if finish:
            _facts(run, version, report)
        return run
    finally:
        context.close()


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


def _check_resume(chromium, base, version, pkg, left: dict, report: Report) -> None:
    names = runtime_checks.Names(version)
    problems = []
    exit_value = left["cmi"].get(names.exit, "")
    incomplete = (left["cmi"].get("cmi.core.lesson_status") in ("incomplete", "not attempted", "")
                  if names.v12 else left["cmi"].get("cmi.completion_status") != "completed")
    if incomplete and exit_value != "suspend":
        problems.append(Problem("runtime", f"the learner left an incomplete course and exit was "
                                f"{exit_value!r}, not 'suspend': the LMS will not resume", 15))
    report.extend("exit=suspend when leaving half-way", problems)
    if problems:
        return
    relaunch = site.relaunch_cmi(left["cmi"], version)
    seen = {}

    def look(lms):
        seen["page"] = lms.current_page
        return []

    resumed = _session(chromium, base, version, pkg, report, "resume", look, finish=False,
                       cmi=relaunch)
    if resumed is None:
        return
    want = left["page_left"]
    report.extend("resume on the same page", [] if seen.get("page") == want else [
        Problem("runtime", f"relaunched with entry=resume the course opened on page "
                f"{seen.get('page')!r}, but the learner left on {want!r}", 16)])


def _pages(steps: list[dict]) -> list[str]:
    """The pages the walker went through, in order, each once per visit."""
    pages: list[str] = []
    for step in steps:
        for page in (step.get("from"), step.get("page")):
            if page and (not pages or pages[-1] != page):
                pages.append(page)
    return pages
