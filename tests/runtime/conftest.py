"""Fixtures for the player's browser tests.

Courses are built with the real `empathy build --target web` (the shared `built` fixture in
tests/conftest.py) and served over http://127.0.0.1 (the shared `serve` fixture). The test
courses in tests/runtime/courses/ hold one page of every kind with known content.

`learner` is a small driver around a Playwright page: it opens a package, records what
the player sends to the adapter and to EmpathyXAPI, and clicks through the DOM hooks of
docs/design.md (data-act, data-choice, data-field, data-feeling, data-option).
"""
from __future__ import annotations

from pathlib import Path

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


@pytest.fixture(scope="session")
def deferred_built(tmp_path_factory):
    """deferred_built(course_dir, target, defer_kinds=True) -> folder of an unzipped package
    built with kinds.js deferred or not (render_site(defer_kinds=...)), whatever the build
    default is."""
    from compiler import targets
    from compiler.commands.build import load_and_check
    from compiler.render.site import render_site

    cache: dict[tuple[str, str, bool], Path] = {}

    def build(course_dir, target: str, defer_kinds: bool = True) -> Path:
        key = (str(course_dir), target, defer_kinds)
        if key not in cache:
            course, diagnostics = load_and_check(str(course_dir))
            assert course is not None, [str(d) for d in diagnostics]
            content = targets.get(target).package_files(course, render_site(course, defer_kinds=defer_kinds))
            out = tmp_path_factory.mktemp(f"site-{Path(course_dir).name}-{target}")
            for path, data in content.items():
                (out / path).parent.mkdir(parents=True, exist_ok=True)
                (out / path).write_bytes(data)
            cache[key] = out
        return cache[key]

    return build


@pytest.fixture
def deferred_learner(page, deferred_built, serve):
    """A learner in the all-kinds course built with kinds.js deferred."""
    return Learner(page, serve(deferred_built(TEST_COURSES / "all-kinds", "web")))
