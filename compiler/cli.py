"""The command line: thin. Each command lives in `compiler/commands/<name>.py` as a click
command called `command`, imported only when it runs (so `empathy check` never loads lxml
or Jinja2).

Exit codes, for every command: 0 success; 1 errors in the course or the package;
2 usage errors (click's own).
"""
from __future__ import annotations

import importlib

import click

COMMANDS = {
    "check": "Check a course's sources and report every problem at once.",
    "new": "Create a new course folder that passes `empathy check --strict`.",
    "build": "Build a course into LMS packages (web, SCORM 1.2, SCORM 2004, cmi5, xAPI).",
    "preview": "Serve a course's web build on this machine, rebuilt and reloaded on every save.",
    "verify": "Validate a package and run it in headless Chromium against a real LMS runtime.",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"compiler.commands.{name}")
        return module.command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, help_) for name, help_ in COMMANDS.items()])


@click.group(cls=LazyGroup)
@click.version_option(package_name="empathy")
def main() -> None:
    """Compile empathy-training courses into LMS packages."""
