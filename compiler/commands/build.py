"""`empathy build COURSE`: load and check, render once, then package for each target.

Exit codes: 0 built; 1 the course has errors or cannot be rendered or written; 2 usage
errors (click's own).

Progress goes to stderr, stage by stage (loading and checking, rendering, each target).
A stage is announced when it starts if stderr is a terminal; otherwise only once it has
taken longer than EMPATHY_PROGRESS_AFTER seconds (default 1), so a quick build's output
is the same every time: diagnostics, one line per target, the total. `--quiet` prints
only diagnostics and errors.
"""
from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import click

TARGET_CHOICES = ["web", "scorm12", "scorm2004-3", "scorm2004-4", "cmi5", "xapi", "all"]
PROGRESS_AFTER = 1.0
"""Seconds a stage runs before it is announced when stderr is not a terminal."""


def _say(message: str) -> None:
    click.echo(message, err=True)


def _size(n: int) -> str:
    return f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


class Progress:
    """Stage lines on stderr: `stage(doing)` announces DOING when it starts (LIVE: stderr
    is a terminal) or once it has run AFTER seconds, and then its outcome with the time
    it took. A stage that was never announced ends silently unless it sets `done.always`
    (the per-target lines). SAY None: nothing at all (--quiet)."""

    def __init__(self, say: Callable[[str], None] | None, *, live: bool, after: float):
        self.say = say
        self.live = live
        self.after = after
        self._lock = threading.Lock()

    @classmethod
    def for_stderr(cls, quiet: bool) -> "Progress":
        if quiet:
            return cls(None, live=False, after=0)
        try:
            after = float(os.environ.get("EMPATHY_PROGRESS_AFTER", PROGRESS_AFTER))
        except ValueError:
            after = PROGRESS_AFTER
        return cls(_say, live=_is_terminal(), after=max(after, 0.0))

    def line(self, message: str) -> None:
        if self.say is not None:
            with self._lock:
                self.say(message)

    @contextmanager
    def stage(self, doing: str) -> Iterator["_Outcome"]:
        outcome = _Outcome()
        if self.say is None:
            yield outcome
            return
        announced = threading.Event()

        def announce():
            with self._lock:
                if not outcome.finished:
                    announced.set()
                    self.say(f"  {doing} ...")

        timer = None
        if self.live or self.after == 0:
            announce()
        elif self.after != float("inf"):
            timer = threading.Timer(self.after, announce)
            timer.daemon = True
            timer.start()
        started = time.perf_counter()
        try:
            yield outcome
        finally:
            with self._lock:
                outcome.finished = True
            if timer is not None:
                timer.cancel()
        took = time.perf_counter() - started
        if outcome.always:
            self.line(outcome.always)
        elif announced.is_set() and outcome.done:
            self.line(f"  {outcome.done} ({took:.1f} s)")


class _Outcome:
    """What a stage says when it ends: `done` (after an announcement) or `always`."""

    def __init__(self):
        self.done = ""
        self.always = ""
        self.finished = False


def _is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


class UnsafeFolder(Exception):
    """The unzipped web build's place holds something it must not delete."""


def write_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Replace `folder` with exactly `files` (the unzipped web build)."""
    check_folder(folder)
    # Written beside it, then swapped in: a build that fails half-way (a full disk) leaves
    # the earlier web build whole.
    fresh = folder.with_name(folder.name + ".new")
    if fresh.is_symlink() or fresh.is_file():
        fresh.unlink()
    elif fresh.exists():
        shutil.rmtree(fresh)
    for name in sorted(files):
        path = fresh / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])
    if folder.exists():
        shutil.rmtree(folder)
    fresh.rename(folder)


def check_folder(folder: Path) -> None:
    """Raise UnsafeFolder when replacing `folder` could lose what is not ours."""
    if folder.is_symlink():  # its target may be anything: a web server's folder, the course
        raise UnsafeFolder(f"{folder} is a link to {os.readlink(folder)}, and the web build "
                           "replaces this folder: remove the link, build, then copy the folder "
                           "where the link pointed")
    if folder.exists() and not (folder / "index.html").is_file() and any(folder.iterdir()):
        raise UnsafeFolder(f"{folder} is there already and is not an earlier web build (it has no "
                           "index.html), and the web build replaces this folder: move it, or build "
                           "with -o into another folder")


def build_course(course, names: list[str], out_dir: Path, theme: str | None = None,
                 report: Callable[[str], None] | None = None,
                 progress: Progress | None = None) -> list[Path]:
    """Package a loaded, checked course for each target in `names` into `out_dir`:
    `<slug>-<target>.zip` each, plus the unzipped `<slug>-web/` folder for the web target.
    The course is rendered once and shared by every target. Returns the zip paths.
    REPORT gets one line per target; PROGRESS (instead) announces the stages too."""
    from .. import targets
    from ..package.zipper import write_zip
    from ..render.site import render_site

    if progress is None:
        progress = Progress(report, live=False, after=float("inf"))
    pages = len(course.pages)
    with progress.stage(f"rendering {pages} page{'s' * (pages != 1)}") as outcome:
        site = render_site(course, theme)
        outcome.done = f"rendered {pages} page{'s' * (pages != 1)}, index.html " \
                       f"{_size(len(site['index.html']))}"
    written = []
    for name in names:
        with progress.stage(f"packaging {name}") as outcome:
            step = time.perf_counter()
            builder = targets.get(name)
            files = builder.package_files(course, site)
            web_folder = Path(out_dir) / f"{course.slug}-web"
            if name == "web":  # before its zip: a build that stops writes nothing
                check_folder(web_folder)
            path = write_zip(Path(out_dir) / builder.zip_name(course), files)
            if name == "web":
                write_folder(web_folder, files)
            written.append(path)
            outcome.always = (f"  {name:<12} {path}  ({_size(path.stat().st_size)}, "
                              f"{(time.perf_counter() - step) * 1000:.0f} ms)")
    return written


def load_and_check(course_dir: str):
    """(course or None, diagnostics): exactly the list `empathy check` prints."""
    from ..check import check_loaded
    from ..load import load_course

    course, load_diagnostics = load_course(course_dir)
    return course, check_loaded(course, load_diagnostics)


def _theme_given(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not value.strip():  # (an unset shell variable: not "the course's own")
        raise click.BadParameter("is empty: give a theme folder or a built-in theme name")
    return value


theme_option = click.option("--theme", "theme", default=None, metavar="PATH", callback=_theme_given,
                            help="A theme folder (or built-in theme name) instead of the course's own theme.")


@click.command(name="build", help="""Build a course into LMS packages.

\b
Progress goes to stderr: one line per package and the total; on a terminal, or when a
stage (loading and checking, rendering, a package) takes over EMPATHY_PROGRESS_AFTER
seconds (default 1), also each stage as it starts and what it did. --quiet prints only
the course's diagnostics and errors.""")
@click.argument("course_dir", metavar="COURSE", type=click.Path(file_okay=False))
@click.option("--target", "target", type=click.Choice(TARGET_CHOICES), default="all",
              show_default=True, help="Which package to build.")
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default="build",
              show_default=True, help="Folder the packages are written to.")
@theme_option
@click.option("-q", "--quiet", is_flag=True,
              help="Only the course's diagnostics and errors: no progress, no package lines.")
def command(course_dir: str, target: str, out_dir: str, theme: str | None, quiet: bool) -> None:
    from .. import targets
    from ..diagnostics import ERROR, WARNING, format_text, has_errors
    from ..package.files import MissingRuntime
    from ..package.schemas import EDITIONS, HOW_TO_GET_SCORM_SCHEMAS, scorm_schema_dir
    from ..package.zipper import BadSourceDateEpoch, fixed_timestamp
    from ..render.site import RenderError

    try:  # before any work: every package would have the same problem
        fixed_timestamp()
    except BadSourceDateEpoch as exc:
        raise click.ClickException(str(exc)) from None
    started = time.perf_counter()
    progress = Progress.for_stderr(quiet)
    with progress.stage(f"loading and checking {course_dir}") as outcome:
        course, diagnostics = load_and_check(course_dir)
        if theme is not None:  # --theme replaces the course's theme: whether that one exists does not matter
            diagnostics = [d for d in diagnostics if d.code != "E112"]
        errors = sum(1 for d in diagnostics if d.severity == ERROR)
        warnings = sum(1 for d in diagnostics if d.severity == WARNING)
        pages = len(course.pages) if course is not None else 0
        outcome.done = (f"loaded {pages} page{'s' * (pages != 1)}: {errors} error"
                        f"{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}")
    if diagnostics:
        _say(format_text(diagnostics))
    if course is None or has_errors(diagnostics):
        raise click.ClickException(f"not built: {errors} error{'s' * (errors != 1)} in "
                                   f"{course_dir} (`empathy check` shows the same list)")

    names = targets.names() if target == "all" else [target]
    try:
        build_course(course, names, Path(out_dir), theme, progress=progress)
    except (RenderError, MissingRuntime, UnsafeFolder) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {exc.filename or out_dir}: {exc.strerror or exc}") from None
    if any(name in EDITIONS and scorm_schema_dir(name) is None for name in names):
        _say(f"note: {HOW_TO_GET_SCORM_SCHEMAS}")
    progress.line(f"built {len(names)} package{'s' * (len(names) != 1)} in "
                  f"{time.perf_counter() - started:.2f} s")
