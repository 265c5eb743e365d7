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


@pytest.fixture(autouse=True)
def template_cache(tmp_path_factory, monkeypatch):
    """Compiled templates go to a per-session folder, not the developer's ~/.cache."""
    folder = tmp_path_factory.getbasetemp() / "template-cache"
    monkeypatch.setenv("EMPATHY_CACHE_DIR", str(folder))
    return folder
