"""Rewrite every tests/check/{clean,broken}/<case>/expected.txt from the current `empathy check`.

    .venv/bin/python tests/check/regen_golden.py [CASE ...]

Run it from anywhere; paths in the output are relative to the repository root, as the
golden test sees them. READ every changed file (`git diff tests/check`) before committing:
a golden file that freezes a wrong message is a bug, not a test.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


def case_dirs() -> list[Path]:
    """Every golden case: the clean course and each broken one (the course is in <case>/course)."""
    return [HERE / "clean"] + sorted(p for p in (HERE / "broken").iterdir() if p.is_dir())


def run_check(case: Path) -> tuple[str, int]:
    """The CLI's whole output (stdout, then the stderr summary) and exit code, run from the repo root."""
    from click.testing import CliRunner

    from compiler.cli import main

    old = os.getcwd()
    os.chdir(REPO)
    try:
        result = CliRunner().invoke(main, ["check", str((case / "course").relative_to(REPO))])
    finally:
        os.chdir(old)
    return result.stdout + result.stderr, result.exit_code


def main() -> None:
    wanted = set(sys.argv[1:])
    for case in case_dirs():
        if wanted and case.name not in wanted:
            continue
        output, _ = run_check(case)
        (case / "expected.txt").write_text(output, encoding="utf-8")
        print(f"{case.name}: {output.count(chr(10))} lines")


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    main()
