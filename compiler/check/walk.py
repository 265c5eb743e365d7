"""Ways to walk the course model, shared by the check rules.

The walkers are generic over the model's dataclasses, so a field added to the model
later (a debrief, a new kind of page) is still visited by every rule.
"""
from __future__ import annotations

import dataclasses
import os
import re
from typing import Iterator, TypeVar

from ..conditions import condition_parts
from ..load.files import display_path
from ..model import Condition, Course, Effect, Location, Markdown, Scenario

T = TypeVar("T")

_LEAVES = (str, int, float, bool, type(None), Location)
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}
# Fields whose declared type holds only these names cannot contain model objects, so
# the walk skips them (a third of the work on a large course).
_LEAF_TYPE_NAMES = {"str", "int", "float", "bool", "None", "Location", "dict", "tuple", "list"}


def _may_hold_objects(annotation: object) -> bool:
    if not isinstance(annotation, str):
        return True
    return not set(re.findall(r"[A-Za-z_]+", annotation)) <= _LEAF_TYPE_NAMES


def _field_names(cls: type) -> tuple[str, ...]:
    """The fields of a model class worth walking into (possibly holding model objects)."""
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = tuple(f.name for f in dataclasses.fields(cls) if _may_hold_objects(f.type)) \
            if dataclasses.is_dataclass(cls) else ()
        _FIELD_NAMES[cls] = names
    return names


def iter_model(obj: object) -> Iterator[object]:
    """Every model object reachable from `obj` (itself included), depth first, in field order."""
    stack: list[object] = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, _LEAVES):
            continue
        if isinstance(item, (tuple, list)):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        else:
            cls = type(item)
            if cls not in _FIELD_NAMES:
                _field_names(cls)
            if dataclasses.is_dataclass(item):
                yield item
                stack.extend([getattr(item, name) for name in reversed(_FIELD_NAMES[cls])])


# The course is walked once per check run, not once per rule: the index of the last
# course walked is kept (the model is never mutated after loading).
_last_index: tuple[object, dict[type, list[object]]] | None = None


def _index(course: Course) -> dict[type, list[object]]:
    global _last_index
    if _last_index is None or _last_index[0] is not course:
        grouped: dict[type, list[object]] = {}
        for item in iter_model(course):
            grouped.setdefault(type(item), []).append(item)
        _last_index = (course, grouped)
    return _last_index[1]


def instances(obj: object, cls: type[T]) -> Iterator[T]:
    """Every model object of type `cls` (or a subclass) reachable from `obj`.

    Objects of one type come in source order; different subclasses come one after the other.
    """
    if isinstance(obj, Course):
        for kind, items in _index(obj).items():
            if issubclass(kind, cls):
                yield from items  # type: ignore[misc]
        return
    for item in iter_model(obj):
        if isinstance(item, cls):
            yield item


def scenarios(course: Course) -> Iterator[Scenario]:
    """The course's scenario pages, in course order."""
    for page in course.pages.values():
        if isinstance(page, Scenario):
            yield page


def scenario_conditions(scenario: Scenario, *, texts: bool = True) -> Iterator[Condition]:
    """Every sub-expression of every condition in a scenario (text, offers and branches;
    without `texts`, only those that decide where a learner can go)."""
    for node in scenario.nodes.values():
        for segment in node.segments if texts else ():
            yield from condition_parts(segment.condition)
        for choice in node.choices:
            yield from condition_parts(choice.offered_if)
            for branch in choice.branches:
                yield from condition_parts(branch.condition)


def scenario_effects(scenario: Scenario) -> Iterator[Effect]:
    """Every `set:` effect of every choice in a scenario."""
    for node in scenario.nodes.values():
        for choice in node.choices:
            yield from choice.effects


def markdown_texts(course: Course) -> Iterator[Markdown]:
    """Every piece of author Markdown in the course."""
    return instances(course, Markdown)


def course_file_location(course: Course, relative: str) -> Location:
    """Where a file of the course folder is, as a diagnostic path (shown as the loader shows paths)."""
    return Location(display_path(os.path.join(course.root, relative)))
