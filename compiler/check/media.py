"""Rules about images and other files the Markdown refers to."""
from __future__ import annotations

import os
from typing import Iterator

from ..diagnostics import Diagnostic, error, suggest
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


def _file_exists(course: Course, relative: str) -> bool:
    return os.path.isfile(os.path.join(course.root, relative))


def missing_media(course: Course) -> Iterator[Diagnostic]:
    """E302: an image or a linked file is not in the course folder (or lies outside it)."""
    for image in instances(course, Image):
        target = classify(image.src, image=True)
        if target.kind == "empty":
            yield error(image.loc, "E302", "image without a file: write ![what it shows](media/file.png)")
        elif target.kind == "outside":
            yield error(image.loc, "E302",
                        f"image '{image.src}' lies outside the course folder; put it in media/")
        elif target.kind == "file" and not _file_exists(course, target.value):
            yield error(image.loc, "E302", f"image file '{target.value}' does not exist",
                        suggest(target.value, course.files))
    for text in markdown_texts(course):
        for href, loc in text.links:
            target = classify(href)
            if target.kind == "outside":
                yield error(loc, "E302",
                            f"link to '{href}', outside the course folder; put the file in media/")
            elif target.kind == "file" and not _file_exists(course, target.value):
                yield error(loc, "E302", f"linked file '{target.value}' does not exist",
                            suggest(target.value, course.files))
