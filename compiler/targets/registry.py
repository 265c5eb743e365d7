"""The target registry: every output format is a Target class registered by name."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Target

_TARGETS: dict[str, type["Target"]] = {}


class DuplicateTarget(Exception):
    """Two target classes claim the same name."""


def register(cls: type["Target"]) -> type["Target"]:
    """Class decorator: add a target under `cls.name`; refuses a name already taken."""
    if cls.name in _TARGETS:
        raise DuplicateTarget(f"a target named {cls.name!r} is already registered "
                              f"({_TARGETS[cls.name].__qualname__})")
    _TARGETS[cls.name] = cls
    return cls


def names() -> list[str]:
    """Registered target names, in registration order (web first)."""
    return list(_TARGETS)


def get(name: str) -> "Target":
    """A new instance of the target called `name` (KeyError when unknown)."""
    return _TARGETS[name]()
