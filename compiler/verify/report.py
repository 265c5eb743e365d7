"""What `empathy verify` found, and how it is shown (text for people, JSON for CI)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a package.

    `area` is where it was found: "package" (the zip itself), "schema" (the official XSD),
    "manifest" (a CONFORMANCE rule the XSD misses), "runtime" (the SCO in the LMS),
    or "tools" (verify could not run a part: something to install).
    `rule` is the CONFORMANCE.md rule number it breaks, when there is one.
    """

    area: str
    message: str
    rule: int | None = None

    def __str__(self) -> str:
        rule = f" [CONFORMANCE {self.rule}]" if self.rule else ""
        return f"{self.area}: {self.message}{rule}"


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

    def add(self, area: str, message: str, rule: int | None = None) -> None:
        self.problems.append(Problem(area, message, rule))

    def extend(self, check: str, problems: list[Problem]) -> None:
        """Record the problems of one named check, or that it passed."""
        if problems:
            self.problems.extend(problems)
        else:
            self.passed.append(check)

    def exit_code(self) -> int:
        return 0 if self.ok else 1


def format_text(report: Report) -> str:
    """A report for people: the verdict first, then what is wrong, then what passed."""
    lines = [f"{report.package}: {report.kind}"]
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


def format_json(report: Report) -> str:
    """The report as JSON (stable key order) for CI."""
    return json.dumps({
        "package": report.package,
        "kind": report.kind,
        "ok": report.ok,
        "problems": [asdict(p) for p in report.problems],
        "passed": report.passed,
        "facts": report.facts,
    }, indent=2, sort_keys=True, ensure_ascii=False)


def _short(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= 200 else text[:197] + "..."
