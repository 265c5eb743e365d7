"""Rules about images and other files the Markdown refers to."""
from __future__ import annotations

import os
import posixpath
from typing import Iterable, Iterator
from urllib.parse import unquote

from ..diagnostics import Diagnostic, error, suggest, warning
from ..model import Course, Image, Location
from .targets import classify
from .walk import instances, markdown_texts


def images_without_alt_text(course: Course) -> Iterator[Diagnostic]:
    """E301: an image has no alt text, so a screen-reader user learns nothing from it."""
    for image in instances(course, Image):
        if not image.alt.strip():
            yield error(image.loc, "E301",
                        f"image '{image.src}' has no alt text: describe what it shows "
                        "inside the brackets, ![like this](...)")


def _file_state(course: Course, relative: str) -> str:
    """'ok', 'missing', or 'outside': a symbolic link that leads out of the course folder
    (its target would be packaged, and the folder would not be the whole course)."""
    path = os.path.join(course.root, relative)
    if not os.path.isfile(path):
        return "missing"
    root = os.path.realpath(course.root)
    return "ok" if os.path.commonpath([os.path.realpath(path), root]) == root else "outside"


def _close_file(relative: str, files: Iterable[str]) -> str | None:
    """A file of the same folder whose name is close to `relative`'s (the shared folder
    name must not make `media/nothere.pdf` look like `media/old.png`)."""
    folder, name = posixpath.split(relative)
    paths = [f.replace(os.sep, "/") for f in files]
    same_folder = {posixpath.basename(f): f for f in paths if posixpath.dirname(f) == folder}
    match = suggest(name, same_folder)
    return same_folder[match] if match else None


def _file_problem(course: Course, relative: str, what: str) -> tuple[str, str | None] | None:
    """The E302 message (and suggestion) for a course file, or None when it is fine."""
    state = _file_state(course, relative)
    if state == "missing":
        return f"{what} '{relative}' does not exist", _close_file(relative, course.files)
    if state == "outside":
        return f"{what} '{relative}' is a link to a file outside the course folder; copy the file into media/", None
    return None


def missing_media(course: Course) -> Iterator[Diagnostic]:
    """E302: an image or a linked file is not in the course folder (or lies outside it).

    W009: an image comes from another site.
    """
    for image in instances(course, Image):
        target = classify(image.src, image=True)
        if "\\" in unquote(image.src) and target.kind == "file":
            yield _backslash(image.loc, unquote(image.src), "image")
        elif target.kind == "empty":
            yield error(image.loc, "E302", "image without a file: write ![what it shows](media/file.png)")
        elif target.kind == "outside":
            yield error(image.loc, "E302",
                        f"image '{image.src}' lies outside the course folder; put it in media/")
        elif target.kind == "external":
            yield warning(image.loc, "W009",
                          f"image '{image.src}' comes from the internet: learners offline or behind an "
                          "LMS that blocks other sites will not see it; put a copy in media/")
        elif target.kind == "file" and (problem := _file_problem(course, target.value, "image file")):
            yield error(image.loc, "E302", *problem)
    for text in markdown_texts(course):
        for href, loc in text.links:
            target = classify(href)
            if "\\" in unquote(href) and target.kind == "file":
                yield _backslash(loc, unquote(href), "link")
            elif target.kind == "outside":
                yield error(loc, "E302",
                            f"link to '{href}', outside the course folder; put the file in media/")
            elif target.kind == "file" and (problem := _file_problem(course, target.value, "linked file")):
                yield error(loc, "E302", *problem)


def _backslash(loc: Location, address: str, what: str) -> Diagnostic:
    """E302: `media\\x.png` finds the file on Windows, but a web address needs '/'."""
    fixed = address.replace("\\", "/")
    return error(loc, "E302", f"the {what} address '{address}' uses '\\': web addresses (and every LMS) "
                              f"need '/', as in '{fixed}'", fixed)
