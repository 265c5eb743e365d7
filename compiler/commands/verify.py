"""`empathy verify PACKAGE.zip`: validate a package and run it in a real SCORM runtime.

Exit codes: 0 no problems; 1 problems (in the package, or tools missing to check it);
2 usage errors (click's own).
"""
from __future__ import annotations

import click


@click.command(name="verify", help="Validate a package against the official schemas and the "
               "conformance rules, then run it in headless Chromium inside scorm-again.")
@click.argument("packages", metavar="PACKAGE.zip...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
@click.option("--no-browser", is_flag=True, help="Only the static checks (no Chromium run).")
def command(packages: tuple[str, ...], fmt: str, no_browser: bool) -> None:
    from pathlib import Path

    from ..verify.report import format_json, format_text
    from ..verify.run import verify

    worst = 0
    outputs = []
    for package in packages:
        report = verify(Path(package), browser=not no_browser)
        outputs.append(format_json(report) if fmt == "json" else format_text(report))
        worst = max(worst, report.exit_code())
    if fmt == "json" and len(outputs) > 1:
        click.echo("[\n" + ",\n".join(outputs) + "\n]")  # one JSON document, always
    else:
        click.echo("\n\n".join(outputs))
    raise SystemExit(worst)
