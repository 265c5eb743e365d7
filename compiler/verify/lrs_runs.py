"""cmi5 and TinCan packages launched by the verify LMS (`lrs.py`), for `run.py`'s three
sessions:

1. "full walk": a launch of a new registration, walked to Finish (cmi5: the AU must go to
   the returnURL);
2. "leave half-way": a launch of another registration, left near the middle (the tab
   closes: the AU must still end its session with terminated);
3. "resume": a new launch of that registration (a new session and, for cmi5, a new
   token) in a fresh browser profile, so the learner's place can only come from the
   State API.

Each launch's requests and statements are judged by `xapi_checks` and reported under its
session; what a registration holds over its launches too.
"""
from __future__ import annotations

import contextlib
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from . import lrs, static, xapi_checks
from .lrs import RETURNED, Launch
from .report import Problem, Report
from .run import DECODE_SAVED, FULL, RESUME, _acted, _pages, _Runs

RESUME_DOCUMENT = "https://empathy-elearning.org/xapi/state/resume"
RETURN_WAIT_MS = 8000  # the AU waits at most 4 s for its queue before going to returnURL
TERMINATED_WAIT_S = 3.0  # how long a closed tab's terminated (sent with keepalive) may take
QUIET_S = 0.3  # then no request of the closed tab for this long: all it sent has landed


class LRSRuns(_Runs):
    """cmi5 and TinCan: every session a fresh browser profile, launched by the verify LMS."""

    def __init__(self, pkg: static.Package):
        super().__init__(pkg)
        self.lrs = None  # set by run.py with the server
        self.left: Launch | None = None

    @contextlib.contextmanager
    def serve(self, root: Path):
        with lrs.serve(root) as server:
            self.lrs = server
            yield server.base

    # ------------------------------------------------------------ launching
    def _launch(self, name: str, registration: str) -> Launch:
        doc, pkg = self.pkg.manifest, self.pkg
        if pkg.kind == "cmi5":
            ns = f"{{{static.CMI5_NS}}}"
            au = doc.find(f".//{ns}au")
            return self.lrs.cmi5_launch(name, pkg.launch, au.get("id"), registration=registration,
                                        mastery=pkg.mastery,
                                        move_on=au.get("moveOn", "NotApplicable"))
        ns = f"{{{static.TINCAN_NS}}}"
        activity = next(a for a in doc.iter(f"{ns}activity")
                        if a.get("type") == "http://adlnet.gov/expapi/activities/course")
        return self.lrs.tincan_launch(name, pkg.launch, activity.get("id"), registration=registration)

    def _open(self, report: Report, name: str, registration: str):
        from .browser import DirectLaunch, LaunchFailed

        run = self._launch(name, registration)
        try:
            return run, DirectLaunch(self.context().new_page(), self.base, url=run.url, lrs_path="/xapi/")
        except LaunchFailed as exc:
            report.add("runtime", f"the course did not start when the verify LMS launched it: {exc}",
                       phase=name)
            return run, None

    # ------------------------------------------------------------ sessions
    def session(self, report: Report, name: str, walk, *, finish: bool) -> dict | None:
        run, launch = self._open(report, name, str(uuid.uuid4()))
        if launch is None:
            return None
        steps = walk(launch)
        problems: list[Problem] = []
        snapshot = None
        if finish:
            last = self._walked(steps, problems)
            if last["act"] == "finish":
                problems += self._returned(launch, run)
            else:  # stuck: the learner closes the tab, which ends the session too
                launch.leave()
        else:
            self.left = run
            last = steps[-1] if steps else {"page": launch.current_page}
            snapshot = launch.snapshot()
            launch.leave()
        self._wait_terminated(run)
        results = launch.results()
        self._judge(report, name, run, launch, problems)
        report.extend("what the registration holds after the full walk" if finish
                      else "what the registration holds after leaving half-way",
                      xapi_checks.check_registration(self.lrs.statements_of(run.registration), run,
                                                     walked_to_end=finish), phase=name)
        if finish:
            self._facts(run, results, report)
        return {**results, "page_left": last.get("page"), "snapshot": snapshot}

    def resume(self, left: dict, report: Report) -> None:
        run, launch = self._open(report, RESUME, self.left.registration)
        if launch is None:
            return
        document = self.lrs.document(self.left, RESUME_DOCUMENT) or {}
        saved = (launch.sco.evaluate(DECODE_SAVED, document["s"])
                 if isinstance(document.get("s"), str) else None)
        snapshot = launch.snapshot()
        launch.leave()
        self._wait_terminated(run)
        self._judge(report, RESUME, run, launch, [])
        report.extend("the registration over both launches",
                      xapi_checks.check_registration(self.lrs.statements_of(run.registration), run,
                                                     walked_to_end=False), phase=RESUME)
        self.resume_check(left, snapshot["page"], snapshot, saved, report)

    # ------------------------------------------------------------ judging
    def _judge(self, report: Report, name: str, run: Launch, launch, problems: list[Problem]) -> None:
        problems = problems + xapi_checks.check_session(run) + self._browser_problems(launch.results(), "page")
        report.extend(f"{name} launched by the verify {'cmi5 LMS' if run.kind == 'cmi5' else 'LRS'} "
                      f"({_acted(launch.steps)} steps, {len(run.requests)} LRS requests, "
                      f"{len(run.statements)} statements)", problems, phase=name)

    def _returned(self, launch, run: Launch) -> list[Problem]:
        """cmi5: after Finish the AU goes to the returnURL LaunchData gave (CONFORMANCE 24)."""
        if run.kind != "cmi5":
            return []
        try:
            launch.page.wait_for_url(self.lrs.base + RETURNED[1:], timeout=RETURN_WAIT_MS)
            return []
        except Exception:  # Playwright's TimeoutError
            return [Problem("runtime", f"after Finish the AU did not go to LaunchData's returnURL within "
                            f"{RETURN_WAIT_MS / 1000:g} s (it stayed on {urlsplit(launch.page.url).path})", 24)]

    @staticmethod
    def _wait_terminated(run: Launch) -> None:
        if run.kind == "cmi5" and not run.fetches:
            return  # no token: nothing it sends is taken
        deadline = time.monotonic() + TERMINATED_WAIT_S
        while time.monotonic() < deadline and not any(
                xapi_checks.verb(s) == "terminated" for s in list(run.statements)):
            time.sleep(0.05)
        # The tab's last requests (the resume point, the statements) travel apart: on a busy
        # machine the resume point may land after terminated. Wait until the tab is quiet.
        seen, since = len(run.requests), time.monotonic()
        while time.monotonic() - since < QUIET_S and time.monotonic() < deadline + QUIET_S:
            time.sleep(0.05)
            if len(run.requests) != seen:
                seen, since = len(run.requests), time.monotonic()

    def _facts(self, run: Launch, results: dict, report: Report) -> None:
        report.facts.update({
            "pages walked": _pages(results["steps"]),
            "statements in the full walk": dict(Counter(xapi_checks.verb(s) for s in run.statements)),
            "LRS requests in the full walk": len(run.requests),
        })
        if run.kind == "cmi5":
            report.facts["fetch URL POSTs in the full walk"] = run.fetches
            report.facts["masteryScore given"] = run.mastery
