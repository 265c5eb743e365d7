"""Fixtures for the player's browser tests.

Courses are built with the real `empathy build --target web` (the shared `built` fixture in
tests/conftest.py) and served over http://127.0.0.1 (the shared `serve` fixture). The test
courses in tests/runtime/courses/ hold one page of every kind with known content.

`learner` is a small driver around a Playwright page: it opens a package, records what
the player sends to the adapter and to EmpathyXAPI, and clicks through the DOM hooks of
docs/design.md (data-act, data-choice, data-field, data-feeling, data-option).
"""
from __future__ import annotations

import pytest

from player_helpers import TEST_COURSES, Learner


@pytest.fixture(scope="session")
def package(built, serve):
    """package(course_dir) -> base URL of its web build, served over http."""
    def make(course_dir) -> str:
        return serve(built(course_dir, "web"))
    return make


@pytest.fixture
def learner(page, package):
    """A learner on a fresh browser context (empty localStorage) in the all-kinds course."""
    return Learner(page, package(TEST_COURSES / "all-kinds"))


@pytest.fixture(scope="session")
def axe_source(node_modules) -> str:
    return (node_modules / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
