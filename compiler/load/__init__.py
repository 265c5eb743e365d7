"""The load stage: a course folder becomes the typed model in `compiler.model`.

`load_course` never raises on bad input; every problem that stops the model from
being built comes back as a diagnostic pointing at the author's text. Semantic
problems (unknown targets, unreachable nodes, missing media, ...) are `check`'s job.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace

from ..diagnostics import Diagnostic, error, suggest
from ..feelings import vocabulary
from ..markdown import CALLOUTS, MarkdownRenderer, Origin
from ..model import Course, Location, Page, Quiz, Scenario, ScorePart
from ..render.catalogues import strings
from ..slugs import slugify
from .context import LoadContext
from .course_yaml import CourseSettings, read_course_yaml
from .files import display_path, list_files, read_source
from .pages import load_page_file, page_file

__all__ = ["load_course"]

_PAGE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


def load_course(path: str | os.PathLike[str]) -> tuple[Course | None, list[Diagnostic]]:
    """Load the course in folder `path` (or the folder of a `course.yaml` path).

    Returns the course and every diagnostic found. The course is None only when
    course.yaml is missing, unreadable or not a mapping; otherwise it is returned
    even with errors (pages that could not be loaded are missing from `pages`),
    so later checks can report more problems in the same run.
    """
    try:
        return _load(os.fspath(path))
    except Exception as exc:  # a loader bug must not become the author's traceback
        here = Location(display_path(os.fspath(path)), 1, 1)
        return None, [error(here, "E900", f"internal error while loading ({type(exc).__name__}: {exc}); "
                                          "this is a bug in empathy, please report it")]


def _load(path: str) -> tuple[Course | None, list[Diagnostic]]:
    root = os.path.abspath(path)
    if os.path.isfile(root) and os.path.basename(root) == "course.yaml":
        root = os.path.dirname(root)
    shown_root = display_path(root)
    if not os.path.isdir(root):
        what = "does not exist" if not os.path.exists(root) else "is a file, not a course folder"
        return None, [error(Location(shown_root, 1, 1), "E001", f"'{shown_root}' {what}")]
    yaml_path = os.path.join(root, "course.yaml")
    if not os.path.exists(yaml_path):
        hint = " (found course.yml: rename it to course.yaml)" if os.path.exists(os.path.join(root, "course.yml")) \
            else ""
        return None, [error(Location(shown_root, 1, 1), "E001",
                            f"'{shown_root}' is not a course folder: it has no course.yaml{hint}")]
    text, diags = read_source(yaml_path)
    if text is None:
        return None, diags
    settings, diags = read_course_yaml(text, display_path(yaml_path))
    if settings is None:
        return _stand_in(root, text, display_path(yaml_path), diags)
    ctx = _context(root, settings, diags)
    pages, order = _load_pages(settings, ctx)
    return _course(settings, pages, order, ctx), ctx.diags


def _context(root: str, settings: CourseSettings, diags: list[Diagnostic]) -> LoadContext:
    # Callouts are titled in the course language (catalogue keys callout_note, ...).
    labels = {name: strings(settings.language).get(f"callout_{name}", "") for name in CALLOUTS}
    return LoadContext(root, MarkdownRenderer(settings.allow_html, labels), settings.xapi.send_reflection_text, diags)


# What a course.yaml that YAML cannot read still says plainly, on a line of its own:
# enough to read its pages as the author meant (raw HTML allowed, callout titles).
_PLAIN = {key: re.compile(rf"^{key}:[ \t]*['\"]?([^'\"\s#]+)", re.M) for key in ("allow_html", "language")}


def _stand_in(root: str, text: str, yaml_path: str, diags: list[Diagnostic]) -> tuple[Course, list[Diagnostic]]:
    """course.yaml could not be read: load the page files it names on their own, so an
    author sees their mistakes too, not only course.yaml's."""
    said = {key: found.group(1) for key, pattern in _PLAIN.items() if (found := pattern.search(text))}
    settings = CourseSettings(loc=Location(yaml_path, 1, 1), language=said.get("language", "en"),
                              allow_html=said.get("allow_html", "").lower() in ("true", "yes", "on"))
    settings.pages = [(entry, here) for entry, here in _page_list_lines(text, yaml_path)
                      if (full := page_file(root, entry)) is not None and os.path.isfile(full)]
    ctx = _context(root, settings, diags)
    pages, order = _load_pages(settings, ctx)
    return replace(_course(settings, pages, order, ctx), stand_in=True), ctx.diags


_PAGES_KEY = re.compile(r"^pages[ \t]*:[ \t]*(.*)$")
_LIST_ENTRY = re.compile(r"^([ \t]*-[ \t]+)(.*)$")


def _page_list_lines(text: str, yaml_path: str) -> list[tuple[str, Location]]:
    """The entries of course.yaml's `pages:` as its lines give them (`pages: [a, b]`, or one
    `- a` a line below it; comments left out): the page list of a course.yaml that YAML
    cannot read, as near as its text tells. Entries that name no page file are dropped
    by the caller: the broken part may be in the list."""
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if _PAGES_KEY.match(line)), None)
    if start is None:
        return []
    rest = _PAGES_KEY.match(lines[start]).group(1)
    column = len(lines[start]) - len(rest) + 1
    if rest.startswith("["):  # pages: [a, b]: one line is the usual way
        entries, offset = [], column
        for part in rest[1:].split("]")[0].split(","):
            offset += len(part) + 1
            entries.append((part.strip().strip("'\""), Location(yaml_path, start + 1, offset - len(part.lstrip()))))
        return [(entry, here) for entry, here in entries if entry]
    found = []
    for number, line in enumerate(lines[start + 1:], start + 2):
        if line.strip() and not line[0].isspace() and not line.startswith(("-", "#")):
            break  # the next key
        if (entry := _LIST_ENTRY.match(line)) and (name := entry.group(2).split(" #")[0].strip().strip("'\"")):
            found.append((name, Location(yaml_path, number, len(entry.group(1)) + 1)))
    return found


def _load_pages(settings: CourseSettings, ctx: LoadContext) -> tuple[dict[str, Page], list[tuple[str, Location]]]:
    pages: dict[str, Page] = {}
    order: list[tuple[str, Location]] = []
    listed: dict[str, int] = {}
    for entry, here in settings.pages:
        entry = entry.strip()
        name = entry.removesuffix(".md")  # `welcome` and `welcome.md` are one page
        if name in listed:
            ctx.error(here, "E104", f"'{entry}' is listed twice in pages (first at line {listed[name]})")
            continue
        listed[name] = here.line
        full = page_file(ctx.root, entry)
        if full is not None and os.path.exists(full) and not os.path.isfile(full):
            ctx.error(here, "E108", f"'{os.path.basename(full)}' is a folder or a special file, not a page file")
            order.append((entry.removesuffix(".md"), here))
            continue
        if full is None or not os.path.isfile(full):
            ctx.error(here, "E108", f"no page file '{entry.removesuffix('.md')}.md' in the course folder",
                      suggest(entry.removesuffix(".md"), _page_stems(ctx.root)))
            order.append((entry.removesuffix(".md"), here))
            continue
        stem = os.path.splitext(os.path.basename(full))[0]
        real_root = os.path.realpath(ctx.root)
        if os.path.commonpath([os.path.realpath(full), real_root]) != real_root:
            ctx.error(here, "E302", f"'{stem}.md' is a link to a file outside the course folder: copy the "
                                    "page into the folder, so the folder is the whole course")
            order.append((stem, here))
            continue
        if not _PAGE_ID.match(stem):
            ctx.error(here, "E111", f"the page file name '{stem}' cannot be a page id (it is part of "
                                    "links and web addresses): rename the file using only letters, "
                                    "digits, '-' and '_'", slugify(stem).replace("_", "-") or None)
        page = load_page_file(full, ctx)
        if page is None:
            order.append((os.path.splitext(os.path.basename(full))[0], here))
            continue
        if page.id in pages:
            why = "" if page.id == stem else f": the front matter of {page.path} sets 'id: {page.id}'"
            ctx.error(here, "E104", f"two pages have the id '{page.id}' ({pages[page.id].path} and "
                                    f"{page.path}){why}")
            order.append((stem, here))  # listed all the same: no rule should call it unlisted
            continue
        pages[page.id] = page
        order.append((page.id, here))
    return pages, order


def _page_stems(root: str) -> list[str]:
    try:
        return sorted(name[:-3] for name in os.listdir(root) if name.endswith(".md"))
    except OSError:
        return []


def _default_score_parts(settings: CourseSettings, pages: dict[str, Page],
                         order: list[tuple[str, Location]]) -> tuple[ScorePart, ...]:
    """A pass mark with no `counts:` counts every scenario and quiz of the course, equally."""
    if settings.mastery is None:
        return ()
    return tuple(ScorePart(pid, 1.0, settings.keys.get("mastery", settings.loc)) for pid, _ in order
                 if isinstance(pages.get(pid), (Scenario, Quiz)))


def _course(settings: CourseSettings, pages: dict[str, Page], order: list[tuple[str, Location]],
            ctx: LoadContext) -> Course:
    def markdown(value: tuple[str, Location, Origin] | None):
        if value is None:
            return None
        text, here, origin = value
        return ctx.optional_markdown(text, here.path, here.line, here.col, origin)

    visit = tuple(pid for pid, _ in order) if settings.visit is None else tuple(p for p, _ in settings.visit)
    return Course(
        id=settings.id, title=settings.title, description=settings.description, language=settings.language,
        version=settings.version, authors=settings.authors, page_order=tuple(order), pages=pages,
        visit=visit, finish=tuple(p for p, _ in settings.finish), mastery=settings.mastery,
        score_parts=settings.score_parts or _default_score_parts(settings, pages, order), theme=settings.theme, xapi=settings.xapi,
        content_warning=markdown(settings.content_warning), support=markdown(settings.support),
        feelings=vocabulary(settings.feelings, settings.language), allow_html=settings.allow_html, root=ctx.root,
        loc=settings.loc, keys=settings.keys, files=list_files(ctx.root),
    )
