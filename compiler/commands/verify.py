"""`empathy verify PACKAGE.zip...`: validate packages and run them in headless Chromium.

Exit codes: 0 no problems; 1 problems (in a package, or tools missing to check it);
2 usage errors (click's own).
"""
from __future__ import annotations

import click

HELP = """Check course packages (.zip) as an LMS and a learner would.

\b
Every package: the zip itself (one an LMS could not unpack is one problem), and every
file its launch page (and the course inside it) refers to or its player fetches later
(assets/kinds.js, kinds.css, xapi.js). SCORM: the manifest against the official XSDs and the conformance rules
(shipped XSD set complete, manifest mastery = the player's mastery), then three
sessions in headless Chromium inside scorm-again: a full walk, a learner leaving
half-way, and the relaunch (same page, same scenario state and answers). cmi5/xAPI:
cmi5.xml / tincan.xml rules, then the same three sessions launched by a built-in cmi5
LMS and LRS (fetch URL, LMS.LaunchData, State API, statements; the relaunch is a new
session of the same registration, resuming from the State API), each judged by the
cmi5/xAPI rules (CONFORMANCE 20-29): one fetch, credentials and version headers,
LaunchData first, initialized first and terminated last, the cmi5 statement rules,
completed/passed once per registration, returnURL after Finish. web packages run in
Chromium without an LMS, resuming from the browser's storage.

\b
--format json prints ONE object, for one package or several:
  {"ok": bool, "packages": [{"package", "kind", "kind_name", "ok",
     "problems": [{"area", "message", "rule", "phases"}], "passed", "facts"}, ...]}
"phases" lists the browser sessions a problem was seen in (empty for static checks).

Exit status: 0 no problems, 1 problems (or a tool missing to check), 2 usage error."""


@click.command(name="verify", help=HELP, short_help="Validate packages and run them in Chromium.")
@click.argument("packages", metavar="PACKAGE.zip...", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format (json: one object, see above).")
@click.option("--no-browser", is_flag=True, help="Only the static checks (no Chromium run).")
def command(packages: tuple[str, ...], fmt: str, no_browser: bool) -> None:
    from pathlib import Path

    from ..verify.report import format_json, format_text
    from ..verify.run import verify

    reports = [verify(Path(package), browser=not no_browser) for package in packages]
    if fmt == "json":
        click.echo(format_json(reports))
    else:
        click.echo("\n\n".join(format_text(report) for report in reports))
    raise SystemExit(max(report.exit_code() for report in reports))
