"""Rules about images and other files the Markdown refers to."""
from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from typing import Iterable, Iterator
from urllib.parse import unquote

from ..diagnostics import Diagnostic, error, suggest, warning
from ..model import Course, Image
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
    """The file `relative` most likely meant: the same path in other capitals, a close name
    in the same folder (the shared folder name must not make `media/nothere.pdf` look like
    `media/old.png`), or the same name in another folder (`media/desk.png` for `desk.png`).
    Pages and course.yaml are never what a file address meant."""
    folder, name = posixpath.split(relative)
    paths = [f for f in (f.replace(os.sep, "/") for f in files)
             if "/" in f or not (f.endswith(".md") or f == "course.yaml")]
    by_lower = {f.lower(): f for f in paths}
    if relative.lower() in by_lower:
        return by_lower[relative.lower()]
    same_folder = {posixpath.basename(f): f for f in paths if posixpath.dirname(f) == folder}
    match = suggest(name, same_folder)
    if match:
        return same_folder[match]
    same_name = [f for f in paths if posixpath.basename(f).lower() == name.lower()]
    return same_name[0] if len(same_name) == 1 else None


@lru_cache(maxsize=4)
def _listed(files: tuple[str, ...]) -> tuple[frozenset[str], dict[str, str]]:
    """The course's files with '/', and each by its name in lower case (once per course,
    not once per address: a course may have thousands of both)."""
    paths = frozenset(f.replace(os.sep, "/") for f in files)
    return paths, {f.lower(): f for f in sorted(paths)}


def _file_problem(course: Course, relative: str, what: str) -> tuple[str, str | None] | None:
    """The E302 message (and suggestion) for a course file, or None when it is fine."""
    state = _file_state(course, relative)
    listed, by_lower = _listed(course.files)
    if state == "ok" and relative not in listed and relative.lower() in by_lower:
        state = "missing"  # found only because this computer ignores capitals: a web server will not
    if state == "missing":
        close = _close_file(relative, course.files)
        if close and close.lower() == relative.lower():
            return (f"{what} '{relative}' does not exist: the file is called '{close}', and web servers "
                    "tell capitals apart", close)
        return f"{what} '{relative}' does not exist", close
    if state == "outside":
        return f"{what} '{relative}' is a link to a file outside the course folder; copy the file into media/", None
    return None


def missing_media(course: Course) -> Iterator[Diagnostic]:
    """E302: an image or a linked file is not in the course folder (or lies outside it, or
    is a file on the author's computer).

    W009: an image comes from another site (an image embedded as `data:image/...` does not).
    """
    for image in instances(course, Image):
        kind = classify(image.src, image=True).kind
        if kind == "empty":
            yield error(image.loc, "E302", "image without a file: write ![what it shows](media/file.png)")
        elif kind == "external" and not image.src.strip().lower().startswith("data:"):
            # (a `data:image/...` image is inside the page: it works offline)
            yield warning(image.loc, "W009",
                          f"image '{unquote(image.src)}' comes from the internet: learners offline or behind an "
                          "LMS that blocks other sites will not see it; put a copy in media/")
        elif problem := address_problem(course, image.src, image=True):
            yield error(image.loc, "E302", *problem)
    for text in markdown_texts(course):
        for href, loc in text.links:
            if problem := address_problem(course, href):
                yield error(loc, "E302", *problem)


def address_problem(course: Course, address: str, *, image: bool = False) -> tuple[str, str | None] | None:
    """The E302 message and suggestion for an image (or link) address that should name a
    file of the course folder, or None when it does or names no file."""
    target = classify(address, image=image)
    what = "image" if image else "link"
    address = unquote(address)  # markdown-it percent-encodes it; the author wrote it plain
    name = posixpath.basename(address.replace("\\", "/"))
    in_media = _listed(course.files)[1].get(f"media/{name}".lower(), f"media/{name}")
    if target.kind == "computer":
        return (f"the {what} address '{address}' is a file on your computer, which learners cannot open: "
                f"copy the file into media/ and write '{in_media}'", in_media)
    if target.kind == "file" and "\\" in address:  # finds the file on Windows, but a web address needs '/'
        fixed = address.replace("\\", "/")
        return (f"the {what} address '{address}' uses '\\': web addresses (and every LMS) "
                f"need '/', as in '{fixed}'", fixed)
    if target.kind == "outside" and address.startswith("/"):
        relative = posixpath.normpath(address.lstrip("/"))
        meant = relative if _file_state(course, relative) == "ok" else _close_file(relative, course.files) or in_media
        return (f"the {what} address '{address}' starts with '/', so it names the top of the web server, "
                f"not the course folder: start from the course folder, as in '{meant}'", meant)
    if target.kind == "outside":
        return (f"the {what} address '{address}' leads outside the course folder: copy the file into "
                f"media/ and write '{in_media}'", in_media)
    if target.kind == "file":
        return _file_problem(course, target.value, "image file" if image else "linked file")
    return None
