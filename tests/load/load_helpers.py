"""Helpers for loader tests: write a small course into a temporary folder and find diagnostics."""
from __future__ import annotations

import os
import textwrap
from pathlib import Path

from compiler.load import load_course

FIXTURES = Path(__file__).parent / "fixtures"

COURSE_YAML = """\
id: https://courses.example.org/t
title: Test course
language: en
pages: [{pages}]
"""


class CourseMaker:
    """Writes course.yaml and page files, loads the course, and finds diagnostics."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def course(self, pages: dict[str, str], yaml: str | None = None):
        """Write a course with these pages (name -> text) and load it."""
        self.write("course.yaml", yaml if yaml is not None else COURSE_YAML.format(pages=", ".join(pages)))
        for name, text in pages.items():
            self.write(f"{name}.md", text)
        return self.load()

    def load(self):
        course, diags = load_course(self.root)
        assert not [d for d in diags if "internal error" in d.message], diags
        return course, diags


def where(diag) -> str:
    """`file:line:col CODE` with only the file's base name."""
    return f"{os.path.basename(diag.loc.path)}:{diag.loc.line}:{diag.loc.col} {diag.code}"


def codes_at(diags) -> list[str]:
    """`where` of each diagnostic, by file, line and column."""
    ordered = sorted(diags, key=lambda d: (os.path.basename(d.loc.path), d.loc.line, d.loc.col, d.code))
    return [where(d) for d in ordered]
