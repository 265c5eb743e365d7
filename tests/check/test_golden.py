"""Golden tests: `empathy check` on each broken course prints exactly expected.txt.

Each tests/check/broken/<case>/course is the clean course (tests/check/clean/course)
with one kind of mistake. To update after an intended change of wording:
`.venv/bin/python tests/check/regen_golden.py CASE` and read the diff.
"""
from __future__ import annotations

import re

import pytest

from .regen_golden import case_dirs, run_check

CASES = case_dirs()
_DIAGNOSTIC = re.compile(r"^\S(?:.*\S)?:\d+:\d+: (error|warning) [EW]\d{3}: ", re.M)  # a path may hold spaces


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_output_matches_golden_file(case):
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    output, exit_code = run_check(case)
    assert output == expected
    has_error = any(m.group(1) == "error" for m in _DIAGNOSTIC.finditer(expected))
    assert exit_code == (1 if has_error else 0)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_golden_line_is_a_located_diagnostic_or_the_summary(case):
    lines = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    *diagnostics, summary = lines
    assert all(_DIAGNOSTIC.match(line) for line in diagnostics), diagnostics
    assert re.fullmatch(r"\d+ errors?, \d+ warnings?|no problems found", summary)
    if case.name != "clean":
        assert diagnostics, "a broken course must produce at least one diagnostic"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_diagnostic_is_one_line(case):
    from compiler.check import check_loaded
    from compiler.load import load_course
    course, diags = load_course(case / "course")
    for d in check_loaded(course, diags):
        assert "\n" not in d.message and "\n" not in (d.suggestion or ""), str(d)


def test_no_internal_errors_in_golden_files():
    for case in CASES:
        assert "E900" not in (case / "expected.txt").read_text(encoding="utf-8"), case.name


def test_the_installed_command_prints_the_same_in_a_real_process():
    import subprocess
    import sys

    from .regen_golden import REPO
    case = next(c for c in CASES if c.name == "not-utf8")
    done = subprocess.run([sys.executable, "-c", "from compiler.cli import main; main()", "check",
                           str((case / "course").relative_to(REPO))],
                          cwd=REPO, capture_output=True, text=True, timeout=60)
    assert done.stdout + done.stderr == (case / "expected.txt").read_text(encoding="utf-8")
    assert done.returncode == 1
