"""`empathy build COURSE`: load and check, render once, then package for each target.

Exit codes: 0 built; 1 the course has errors or cannot be rendered or written; 2 usage
errors (click's own).
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Callable

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


def build_course(course, names: list[str], out_dir: Path, theme: str | None = None,
                 report: Callable[[str], None] | None = None) -> list[Path]:
    """Package a loaded, checked course for each target in `names` into `out_dir`:
    `<slug>-<target>.zip` each, plus the unzipped `<slug>-web/` folder for the web target.
    The course is rendered once and shared by every target. Returns the zip paths."""
    from .. import targets
    from ..package.zipper import write_zip
    from ..render.site import render_site
    from ..targets.base import package_slug

    site = render_site(course, theme)
    written = []
    for name in names:
        step = time.perf_counter()
        builder = targets.get(name)
        files = builder.package_files(course, site)
        path = write_zip(Path(out_dir) / builder.zip_name(course), files)
        if name == "web":
            write_folder(Path(out_dir) / f"{package_slug(course)}-web", files)
        written.append(path)
        if report:
            report(f"  {name:<12} {path}  ({_size(path.stat().st_size)}, "
                   f"{(time.perf_counter() - step) * 1000:.0f} ms)")
    return written


def load_and_check(course_dir: str):
    """(course or None, diagnostics): exactly the list `empathy check` prints."""
    from ..check import check_loaded
    from ..load import load_course

    course, load_diagnostics = load_course(course_dir)
    return course, check_loaded(course, load_diagnostics)


@click.command(name="build", help="Build a course into LMS packages.")
@click.argument("course_dir", metavar="COURSE", type=click.Path(file_okay=False))
@click.option("--target", "target", type=click.Choice(TARGET_CHOICES), default="all",
              show_default=True, help="Which package to build.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@click.option("--theme", "theme", default=None, metavar="PATH",
              help="A theme folder (or built-in theme name) instead of the course's own theme.")
def command(course_dir: str, target: str, out_dir: str, theme: str | None) -> None:
    from .. import targets
    from ..diagnostics import ERROR, format_text, has_errors
    from ..package.files import MissingRuntime
    from ..package.schemas import EDITIONS, HOW_TO_GET_SCORM_SCHEMAS, scorm_schema_dir
    from ..render.site import RenderError

    started = time.perf_counter()
    course, diagnostics = load_and_check(course_dir)
    if diagnostics:
        _say(format_text(diagnostics))
    if course is None or has_errors(diagnostics):
        errors = sum(1 for d in diagnostics if d.severity == ERROR)
        raise click.ClickException(f"not built: {errors} error{'s' * (errors != 1)} in "
                                   f"{course_dir} (`empathy check` shows the same list)")

    names = targets.names() if target == "all" else [target]
    try:
        build_course(course, names, Path(out_dir), theme, report=_say)
    except (RenderError, MissingRuntime) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename or out_dir}: {exc.strerror}") from None
    if any(name in EDITIONS and scorm_schema_dir(name) is None for name in names):
        _say(f"note: {HOW_TO_GET_SCORM_SCHEMAS}")
    _say(f"built {len(names)} package{'s' * (len(names) != 1)} in "
         f"{time.perf_counter() - started:.2f} s")
