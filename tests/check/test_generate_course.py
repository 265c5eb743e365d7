"""bench/generate_course.py writes a large course that loads and passes every check."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from compiler.check import check_loaded
from compiler.load import load_course
from compiler.model import Scenario

_SPEC = importlib.util.spec_from_file_location(
    "generate_course", Path(__file__).resolve().parents[2] / "bench" / "generate_course.py")
generate_course = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(generate_course)


def test_default_course_is_large_varied_and_clean(tmp_path):
    folder = generate_course.generate(tmp_path / "large")
    course, diagnostics = load_course(str(folder))
    assert check_loaded(course, diagnostics) == []
    assert len(course.pages) >= 200
    assert {page.kind for page in course.pages.values()} == {
        "page", "scenario", "coaching", "reflection", "self-rating", "quiz", "example"}
    biggest = max((p for p in course.pages.values() if isinstance(p, Scenario)), key=lambda p: len(p.nodes))
    assert len(biggest.nodes) >= 500
    endings = [n for n in biggest.nodes.values() if n.ending is not None]
    conditional = [b for n in biggest.nodes.values() for c in n.choices for b in c.branches if b.condition]
    assert len(endings) >= 50 and conditional


def test_output_is_deterministic_and_sizes_are_honoured(tmp_path):
    a = generate_course.generate(tmp_path / "a", pages=15, nodes=30)
    b = generate_course.generate(tmp_path / "b", pages=15, nodes=30)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files)
    course, diagnostics = load_course(str(a))
    assert check_loaded(course, diagnostics) == [] and len(course.pages) == 15
    assert len(course.pages["long-shift"].nodes) == 30


def test_refuses_to_replace_a_folder_that_is_not_a_generated_course(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    import pytest
    with pytest.raises(FileExistsError):
        generate_course.generate(tmp_path, pages=10, nodes=10)
    assert (tmp_path / "notes.txt").read_text() == "mine"
    again = generate_course.generate(tmp_path / "g", pages=10, nodes=10)
    assert generate_course.generate(again, pages=10, nodes=10) == again  # its own output: replaced
