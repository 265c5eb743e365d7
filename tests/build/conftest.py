import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import handmade  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
COURSES = REPO / "courses"


@pytest.fixture
def course():
    """The hand-made model (no loader involved)."""
    return handmade.course()
