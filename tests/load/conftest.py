"""Fixtures for loader tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from load_helpers import CourseMaker


@pytest.fixture
def maker(tmp_path: Path) -> CourseMaker:
    return CourseMaker(tmp_path / "course")
