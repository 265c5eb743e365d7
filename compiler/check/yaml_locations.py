"""Exact places of values inside course.yaml (and page files' front matter).

The model keeps one location per course.yaml key; some rules need the place of one
value inside a list or a nested mapping (`completion.visit[2]`, `xapi.endpoint`). We
compose course.yaml again (PyYAML keeps node marks) and walk to the value. Composing is
cheap next to loading, and is cached per file version.
"""
from __future__ import annotations

import os
from functools import lru_cache

import yaml

from ..model import Course, Location, Page


@lru_cache(maxsize=8)
def _compose(path: str, mtime_ns: int, size: int) -> yaml.Node | None:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.compose(handle, Loader=yaml.SafeLoader)
    except (OSError, UnicodeError, yaml.YAMLError, RecursionError):
        return None


def _course_yaml_tree(course: Course) -> yaml.Node | None:
    path = os.path.join(course.root, "course.yaml")
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return _compose(path, stat.st_mtime_ns, stat.st_size)


def _child(node: yaml.Node, step: str | int) -> yaml.Node | None:
    if isinstance(step, int):
        if isinstance(node, yaml.SequenceNode) and 0 <= step < len(node.value):
            return node.value[step]
        return None
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and str(key.value).lower() == step.lower():
                return value
    return None


def find_value(course: Course, *steps: str | int) -> Location | None:
    """Where the value at `steps` stands in course.yaml, or None if the author did not write it."""
    node = _course_yaml_tree(course)
    for step in steps:
        if node is None:
            return None
        node = _child(node, step)
    if node is None:
        return None
    return Location(course.loc.path, node.start_mark.line + 1, node.start_mark.column + 1)


def value_location(course: Course, *steps: str | int) -> Location:
    """Where the value at `steps` (keys and list indexes) stands in course.yaml.

    Falls back to the nearest enclosing value found, then to the top-level key's place
    recorded by the loader, then to course.yaml line 1.
    """
    fallback = course.keys.get(str(steps[0])) if steps else None
    fallback = fallback or course.loc
    node = _course_yaml_tree(course)
    if node is None:
        return fallback
    found: yaml.Node | None = None
    for step in steps:
        node = _child(node, step)
        if node is None:
            break
        found = node
    if found is None:
        return fallback
    return Location(course.loc.path, found.start_mark.line + 1, found.start_mark.column + 1)


def find_in_list(course: Course, value: str, *steps: str | int) -> Location:
    """Where the list item equal to `value` stands in the list at `steps` (or the list itself)."""
    node = _course_yaml_tree(course)
    for step in steps:
        node = _child(node, step) if node is not None else None
    if isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            if isinstance(item, yaml.ScalarNode) and item.value == value:
                return value_location(course, *steps, index)
    return value_location(course, *steps)


def page_parts(path: str) -> tuple[tuple[str, ...] | None, int, tuple[str, ...]]:
    """A page file as (its front matter's lines, or None when it has no closed front matter;
    the file line number of the first body line; the body's lines). Read once per version
    of the file; an unreadable file has neither."""
    try:
        stat = os.stat(path)
    except OSError:
        return None, 1, ()
    return _read_page(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read_page(path: str, mtime_ns: int, size: int) -> tuple[tuple[str, ...] | None, int, tuple[str, ...]]:
    try:
        with open(path, encoding="utf-8-sig") as handle:
            lines = tuple(handle.read().splitlines())
    except (OSError, UnicodeError):
        return None, 1, ()
    if not lines or lines[0].strip() != "---":
        return None, 1, lines
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        return None, len(lines) + 1, ()
    return lines[1:end], end + 2, lines[end + 1:]


@lru_cache(maxsize=64)
def _compose_front_matter(path: str, mtime_ns: int, size: int) -> yaml.Node | None:
    """The front matter of a page file (between its first two '---' lines) as a YAML tree.

    Marks are shifted to file lines by composing the front matter preceded by one blank
    line per line above it.
    """
    front = _read_page(path, mtime_ns, size)[0]
    if front is None:
        return None
    try:
        return yaml.compose("\n" + "\n".join(front), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def front_matter_location(page: Page, *steps: str | int, default: Location | None = None) -> Location:
    """Where the value at `steps` stands in a page's front matter (else `default`, else the page)."""
    default = default or page.loc
    try:
        stat = os.stat(page.path)
    except OSError:
        return default
    node = _compose_front_matter(page.path, stat.st_mtime_ns, stat.st_size)
    for step in steps:
        node = _child(node, step) if node is not None else None
    if node is None:
        return default
    return Location(page.loc.path, node.start_mark.line + 1, node.start_mark.column + 1)
