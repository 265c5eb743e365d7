"""Fixtures for the xAPI tests: a real Ralph LRS, a package server whose origin Ralph
allows (CORS), the cmi5/TinCan test LMS, a learner who walks a package to its end, and
xapi-validation.

Ralph missing is a failure, never a skip (CI must prove statements arrive).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/ralph.py

sys.path.insert(0, str(HERE))  # cmi5_lms.py, xapi_helpers.py

from cmi5_lms import LMS  # noqa: E402
from ralph import Ralph, RalphMissing  # noqa: E402
from xapi_helpers import PackageServer  # noqa: E402


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> PackageServer:
    server = PackageServer(tmp_path_factory.mktemp("packages"))
    yield server
    server.server.shutdown()


@pytest.fixture(scope="session")
def ralph(packages) -> Ralph:
    """A real Ralph for the whole session (fresh store); fails when not installed."""
    try:
        lrs = Ralph(cors_origins=[packages.origin]).start()
    except RalphMissing as e:
        pytest.fail(str(e))
    yield lrs
    lrs.close()


@pytest.fixture
def lms_for(ralph):
    """lms_for(package_dir, preferences=None) -> a started test LMS serving that package."""
    made: list[LMS] = []

    def make(package_dir: Path, preferences: dict | None = None) -> LMS:
        lms = LMS(package_dir, ralph, preferences=preferences).start()
        made.append(lms)
        return lms

    yield make
    for lms in made:
        lms.close()


