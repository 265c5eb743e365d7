"""Rules about the files in the course folder."""
from __future__ import annotations

import os
import re
from typing import Iterator

from ..diagnostics import Diagnostic, warning
from ..model import Course, Image
from .media import address_problem
from .targets import classify
from .theme import theme_files
from .walk import course_file_location, instances, markdown_texts


def _used_files(course: Course) -> set[str]:
    """Course-relative paths (with '/') of every file the course uses."""
    used = {"course.yaml"} | {f"{page_id}.md" for page_id, _ in course.page_order} | theme_files(course)
    root = os.path.abspath(course.root)
    for page in course.pages.values():
        used.add(os.path.relpath(os.path.abspath(page.path), root).replace(os.sep, "/"))
    addresses = [(image.src, True) for image in instances(course, Image)]
    addresses += [(href, False) for text in markdown_texts(course) for href, _ in text.links]
    for address, image in addresses:
        target = classify(address, image=image)
        if target.kind == "file":
            used.add(target.value)
        # a file that E302 says an address meant (`media/Desk.png` for `media/desk.png`) is not also unused
        if (problem := address_problem(course, address, image=image)) and problem[1]:
            used.add(problem[1])
    return used


def _ignored(relative: str, slug: str) -> bool:
    # .DS_Store, .gitkeep, editor swap files: not the author's content; build/ and this
    # course's packages (`<folder>-<target>.zip`, `<folder>-web/`) wherever `-o` put
    # them: what `empathy build` writes when it is run from inside the course folder.
    parts = relative.split("/")
    package = re.fullmatch(re.escape(slug) + r"-[a-z0-9-]+\.zip", parts[-1]) or \
        any(part in (f"{slug}-web", f"{slug}-web.new") for part in parts[:-1])
    return relative.startswith("build/") or bool(package) or any(part.startswith(".") for part in parts)


def unused_files(course: Course) -> Iterator[Diagnostic]:
    """W004: a file in the course folder is neither a listed page nor referenced media."""
    if any(page_id not in course.pages for page_id, _ in course.page_order) or \
            any(not page.front_matter_read for page in course.pages.values()):
        return  # a page that failed to load (or was read in part) may be what uses the other files
    used = _used_files(course)
    for relative in sorted(course.files):
        relative = relative.replace(os.sep, "/")
        if relative in used or _ignored(relative, course.slug):
            continue
        if relative.endswith(".md") and "/" not in relative:
            message = (f"page file '{relative}' is not listed under 'pages:' in course.yaml, "
                       "so learners never see it")
        else:
            message = (f"'{relative}' is not used by the course: no page shows or links it; "
                       "delete it or refer to it")
        yield warning(course_file_location(course, relative), "W004", message)
