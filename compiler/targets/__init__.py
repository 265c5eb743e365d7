"""Targets: one small class per package format over the shared web build.

Importing this package registers every built-in target, in the order of
`empathy build --target all`.
"""
from . import web, scorm12, scorm2004, cmi5, xapi  # noqa: F401  (registers the targets)
from .registry import get, names, register

__all__ = ["get", "names", "register"]
