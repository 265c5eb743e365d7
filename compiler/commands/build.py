"""`empathy build COURSE`: check, render once, then package for each target.

Exit codes: 0 built; 1 the course has errors or cannot be rendered; 2 usage errors.
"""
from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

import click

TARGET_CHOICES = ["web", "scorm12", "scorm2004-3", "scorm2004-4", "cmi5", "xapi", "all"]


def _say(message: str) -> None:
    click.echo(message, err=True)


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Replace `folder` with exactly `files` (the unzipped web build)."""
    if folder.exists():
        shutil.rmtree(folder)
    for name in sorted(files):
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])


@click.command(name="build", help="Build a course into LMS packages.")
@click.argument("course_dir", metavar="COURSE", type=click.Path(file_okay=False))
@click.option("--target", "target", type=click.Choice(TARGET_CHOICES), default="all",
              show_default=True, help="Which package to build.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@click.option("--theme", "theme", default=None, metavar="PATH",
              help="A theme folder (or built-in theme name) instead of the course's own theme.")
def command(course_dir: str, target: str, out_dir: str, theme: str | None) -> None:
    from ..check import run_checks
    from ..diagnostics import format_text, has_errors
    from ..load import load_course
    from ..package.files import MissingRuntime
    from ..package.schemas import EDITIONS, HOW_TO_GET_SCORM_SCHEMAS, scorm_schema_dir
    from ..package.zipper import write_zip
    from ..render.site import RenderError, render_site
    from .. import targets

    started = time.perf_counter()
    course, diagnostics = load_course(course_dir)
    if course is not None and not has_errors(diagnostics):
        diagnostics = list(diagnostics) + list(run_checks(course))
    if diagnostics:
        _say(format_text(diagnostics))
    if course is None or has_errors(diagnostics):
        errors = sum(1 for d in diagnostics if d.severity == "error")
        raise click.ClickException(f"not built: {errors} error(s) in {course_dir} "
                                   "(fix them; `empathy check` shows the same list)")

    chosen = targets.names() if target == "all" else [target]
    out = Path(out_dir)
    try:
        site = render_site(course, theme)
        for name in chosen:
            step = time.perf_counter()
            builder = targets.get(name)
            files = builder.package_files(course, site)
            path = write_zip(out / builder.zip_name(course), files)
            if name == "web":
                write_folder(out / f"{course.slug}-web", files)
            _say(f"  {name:<12} {path}  ({_size(path.stat().st_size)}, "
                 f"{(time.perf_counter() - step) * 1000:.0f} ms)")
    except (RenderError, MissingRuntime) as exc:
        raise click.ClickException(str(exc)) from None
    if any(name in EDITIONS and scorm_schema_dir(name) is None for name in chosen):
        _say(f"note: {HOW_TO_GET_SCORM_SCHEMAS}")
    _say(f"built {len(chosen)} package(s) in {time.perf_counter() - started:.2f} s")
    sys.stderr.flush()
