"""What `empathy verify` found, and how it is shown (text for people, JSON for CI).

JSON (`--format json`) is always one object, whatever the number of packages:

    {"ok": true|false,                      # every package passed
     "packages": [REPORT, ...]}             # one per PACKAGE argument, in order
    REPORT = {"package": path, "kind": "scorm12"|...|"web"|"unknown", "kind_name": "SCORM 1.2 package",
              "ok": bool, "problems": [{"area", "message", "rule": int|null, "phases": [..]}],
              "passed": [check names], "facts": {name: value}}

`phases` names the browser sessions a runtime problem was seen in ("full walk",
"leave half-way", "resume"); a problem seen in several is listed once. Static problems
have no phases.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

KIND_NAMES = {
    "scorm12": "SCORM 1.2 package",
    "scorm2004-3": "SCORM 2004 3rd Edition package",
    "scorm2004-4": "SCORM 2004 4th Edition package",
    "cmi5": "cmi5 package",
    "xapi": "xAPI (TinCan) package",
    "web": "web package (index.html, no LMS manifest)",
    "unknown": "not a course package",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package.

    `area` is where it was found: "package" (the zip itself), "schema" (the official XSD),
    "manifest" (a CONFORMANCE rule the XSD misses), "runtime" (the course in the browser),
    or "tools" (verify could not run a part: something to install).
    `rule` is the CONFORMANCE.md rule number it breaks, when there is one.
    `phases` are the browser sessions it was seen in (empty for static checks).
    """

    area: str
    message: str
    rule: int | None = None
    phases: tuple[str, ...] = ()

    def __str__(self) -> str:
        rule = f" [CONFORMANCE {self.rule}]" if self.rule else ""
        phases = f" ({', '.join(self.phases)})" if self.phases else ""
        return f"{self.area}{phases}: {self.message}{rule}"

    def same_finding(self, other: "Problem") -> bool:
        return (self.area, self.message, self.rule) == (other.area, other.message, other.rule)


@dataclass
class Report:
    """Everything verify learnt about one package."""

    package: str
    kind: str = "unknown"
    """scorm12 | scorm2004-3 | scorm2004-4 | cmi5 | xapi | web | unknown"""
    problems: list[Problem] = field(default_factory=list)
    passed: list[str] = field(default_factory=list)
    """The checks that ran and found nothing, in order, for the reader's confidence."""
    facts: dict = field(default_factory=dict)
    """What the run observed: calls, final status, sizes (shown, never judged here)."""

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kind_name(self) -> str:
        return KIND_NAMES.get(self.kind, self.kind)

    def add(self, area: str, message: str, rule: int | None = None, phase: str | None = None) -> None:
        self._record(Problem(area, message, rule, (phase,) if phase else ()))

    def extend(self, check: str, problems: list[Problem], phase: str | None = None) -> None:
        """Record the problems of one named check (seen in PHASE), or that it passed."""
        if not problems:
            self.passed.append(check)
        for problem in problems:
            self._record(replace(problem, phases=problem.phases + ((phase,) if phase else ())))

    def _record(self, problem: Problem) -> None:
        """Add PROBLEM, or the new phases to an equal finding already reported."""
        for i, known in enumerate(self.problems):
            if known.same_finding(problem):
                phases = known.phases + tuple(p for p in problem.phases if p not in known.phases)
                self.problems[i] = replace(known, phases=phases)
                return
        self.problems.append(problem)

    def exit_code(self) -> int:
        return 0 if self.ok else 1


def format_text(report: Report) -> str:
    """A report for people: what was checked, what passed, what is wrong, what was seen."""
    lines = [f"{report.package}: {report.kind_name}"]
    for check in report.passed:
        lines.append(f"  ok    {check}")
    for problem in report.problems:
        lines.append(f"  FAIL  {problem}")
    if report.facts:
        lines.append("  observed:")
        for key in sorted(report.facts):
            lines.append(f"    {key}: {_short(report.facts[key])}")
    verdict = "no problems found" if report.ok else f"{len(report.problems)} problem(s) found"
    lines.append(f"{report.package}: {verdict}")
    return "\n".join(lines)


def as_dict(report: Report) -> dict:
    return {
        "package": report.package,
        "kind": report.kind,
        "kind_name": report.kind_name,
        "ok": report.ok,
        "problems": [{**asdict(p), "phases": list(p.phases)} for p in report.problems],
        "passed": report.passed,
        "facts": report.facts,
    }


def format_json(reports: list[Report]) -> str:
    """Every report as one JSON object (the shape in the module docstring), for CI."""
    return json.dumps({"ok": all(r.ok for r in reports), "packages": [as_dict(r) for r in reports]},
                      indent=2, sort_keys=True, ensure_ascii=False)


def _short(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 200 else text[:197] + "..."
