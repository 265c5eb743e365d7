"""Ways to walk the course model, shared by the check rules.

The walkers are generic over the model's dataclasses, so a field added to the model
later (a debrief, a new kind of page) is still visited by every rule.
"""
from __future__ import annotations

import dataclasses
import os
from typing import Iterator, TypeVar

from ..model import (BinOp, Condition, Course, Location, Markdown, Not, Scenario)

T = TypeVar("T")


def iter_model(obj: object) -> Iterator[object]:
    """Every model object reachable from `obj` (itself included), depth first, in field order."""
    stack: list[object] = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, (str, int, float, bool, Location)) or item is None:
            continue
        if isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
            continue
        if isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
            continue
        if dataclasses.is_dataclass(item):
            yield item
            stack.extend(reversed([getattr(item, f.name) for f in dataclasses.fields(item)]))


def instances(obj: object, cls: type[T]) -> Iterator[T]:
    """Every model object of type `cls` reachable from `obj`."""
    for item in iter_model(obj):
        if isinstance(item, cls):
            yield item


def scenarios(course: Course) -> Iterator[Scenario]:
    """The course's scenario pages, in course order."""
    for page in course.pages.values():
        if isinstance(page, Scenario):
            yield page


def condition_parts(condition: Condition | None) -> Iterator[Condition]:
    """A condition and all its sub-expressions."""
    stack = [condition]
    while stack:
        part = stack.pop()
        if part is None:
            continue
        yield part
        if isinstance(part, Not):
            stack.append(part.operand)
        elif isinstance(part, BinOp):
            stack.extend((part.right, part.left))


def scenario_conditions(scenario: Scenario) -> Iterator[Condition]:
    """Every sub-expression of every condition in a scenario (text, offers and branches)."""
    for node in scenario.nodes.values():
        for segment in node.segments:
            yield from condition_parts(segment.condition)
        for choice in node.choices:
            yield from condition_parts(choice.offered_if)
            for branch in choice.branches:
                yield from condition_parts(branch.condition)


def markdown_texts(course: Course) -> Iterator[Markdown]:
    """Every piece of author Markdown in the course."""
    return instances(course, Markdown)


def course_file_location(course: Course, relative: str) -> Location:
    """Where a file of the course folder is, as a diagnostic path (like the loader's)."""
    return Location(display_path(os.path.join(course.root, relative)))


def display_path(path: str) -> str:
    """`path` relative to the working directory when it lies below it, else absolute."""
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute)
    except ValueError:  # another drive on Windows
        return absolute
    return absolute if relative.startswith("..") else relative
