"""Rules about the course's theme (course.yaml `theme:`): it must exist before a build."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator

from ..diagnostics import Diagnostic, error
from ..model import Course
from ..render.themes import ThemeError, resolve_theme
from .yaml_locations import value_location


def theme_found(course: Course) -> Iterator[Diagnostic]:
    """E112: the theme course.yaml names cannot be found or read (the build would stop)."""
    try:
        resolve_theme(course.theme, course.root)
    except ThemeError as exc:
        yield error(value_location(course, "theme"), "E112", str(exc))


def theme_files(course: Course) -> set[str]:
    """Course-relative paths (with '/') of the files of the course's theme that lie in the
    course folder (`theme: themes/our-brand`): the build uses them. While the theme cannot
    be used (E112 says why), every theme folder in the course folder (one with a theme.yaml)
    counts as its: which of them it would extend is not known, and they are not "unused"."""
    root = Path(course.root).resolve()
    try:
        chain = resolve_theme(course.theme, course.root).chain
    except ThemeError:
        chain = sorted(found.parent.resolve() for found in root.rglob("theme.yaml"))
    found = set()
    for folder in chain:
        if folder == root or root not in folder.parents:
            continue
        for parent, _, names in os.walk(folder):
            found |= {(Path(parent) / n).relative_to(root).as_posix() for n in names}
    return found
