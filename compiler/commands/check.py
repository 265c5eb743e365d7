"""`empathy check COURSE`: load a course, run every check rule, print all diagnostics.

Exit codes: 0 clean (warnings allowed), 1 errors (or warnings with --strict), 2 usage
errors (bad options; click reports those). A path that is not a course is an author
mistake (E001, exit 1), not a usage error.
"""
from __future__ import annotations

import sys

import click

from ..diagnostics import (ERROR, WARNING, Diagnostic, error, format_json, format_text,
                           has_errors)
from ..model import Location


def check_course(path: str) -> list[Diagnostic]:
    """Load and check the course at `path`; every problem found, each once."""
    from ..check import check_loaded
    from ..load import load_course

    return check_loaded(*load_course(path))


def summary(diagnostics: list[Diagnostic]) -> str:
    """The summary line for stderr: like "2 errors, 1 warning", or "no problems found"."""
    errors = sum(1 for d in diagnostics if d.severity == ERROR)
    warnings = sum(1 for d in diagnostics if d.severity == WARNING)
    if not errors and not warnings:
        return "no problems found"
    return (f"{errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''}")


@click.command(name="check")
@click.argument("course", type=click.Path(file_okay=True, dir_okay=True))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="json: one object with every diagnostic, for CI.")
def command(course: str, strict: bool, output_format: str) -> None:
    """Check the course in folder COURSE and report every problem at once."""
    try:
        diagnostics = check_course(course)
    except Exception as exc:  # noqa: BLE001 - last resort: never show a traceback
        diagnostics = [error(Location(course), "E900",
                             f"internal error: {type(exc).__name__}: {exc} (please report this)")]
    if output_format == "json":
        click.echo(format_json(diagnostics))
    elif diagnostics:
        click.echo(format_text(diagnostics))
    click.echo(summary(diagnostics), err=True)
    sys.exit(1 if has_errors(diagnostics, strict) else 0)
