"""Random mutations of the example courses' sources never make load + check raise.

Each example applies one to three mutations (delete, duplicate or swap lines, a tab,
random bytes, truncation, a misspelt key, a changed number, a broken arrow or colon,
wrong indentation) to one source file of a copy of an example course, then loads and
checks it. Whatever the damage, the result is a list of diagnostics that each point at
a real place (a line and column that exist in the file), never a traceback and never E900.
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.check import check_loaded
from compiler.diagnostics import format_json, format_text
from compiler.load import load_course

COURSES = Path(__file__).resolve().parent.parent / "courses"
SOURCES = sorted(p.relative_to(COURSES) for p in COURSES.glob("*/*")
                 if p.suffix in (".md", ".yaml"))


def _line_op(lines: list[str], a: int, b: int, data: bytes, op: str) -> list[str]:
    if not lines:
        return lines
    i, j = a % len(lines), b % len(lines)
    line = lines[i]
    if op == "delete":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, line)
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "tab":
        at = b % (len(line) + 1)
        lines[i] = line[:at] + "\t" + line[at:]
    elif op == "key":  # misspell the key of a `key: value` line
        m = re.match(r"^(\s*)([A-Za-z_ ]+):", line)
        if m and len(m.group(2)) > 1:
            key = m.group(2)
            k = b % (len(key) - 1)
            key = key[:k] + key[k + 1] + key[k] + key[k + 2:] if b % 2 else key[:k] + key[k + 1:]
            lines[i] = m.group(1) + key + line[m.end(2):]
    elif op == "number":
        numbers = list(re.finditer(r"-?\d+(\.\d+)?", line))
        if numbers:
            m = numbers[b % len(numbers)]
            new = ["-1", "1.5", "99999999999999999999", "0", "nan", "1e9", "-0.0", "x"][data[0] % 8 if data else 0]
            lines[i] = line[:m.start()] + new + line[m.end():]
    elif op == "arrow":
        if "->" in line:
            new = ["", "->->", "- >", "\u2192", "-> ", "-> if", "-> a if", "-> a else b"][b % 8]
            lines[i] = line.replace("->", new, 1)
        else:
            lines[i] = line + " -> " + ["", "x", "if", "a if b else", "a if (b else c"][b % 5]
    elif op == "colon":
        lines[i] = line.replace(":", "", 1) if ":" in line else line + ":"
    elif op == "indent":
        lines[i] = ("  " + line) if b % 3 else line.lstrip() if line.strip() else " " * (b % 9)
    return lines


OPS = ("delete", "duplicate", "swap", "tab", "key", "number", "arrow", "colon", "indent",
       "bytes", "truncate")
mutation = st.tuples(st.sampled_from(OPS), st.integers(0, 10**6), st.integers(0, 10**6),
                     st.binary(min_size=1, max_size=4))


def mutate(data: bytes, mutations: list[tuple[str, int, int, bytes]]) -> bytes:
    for op, a, b, extra in mutations:
        if op == "bytes":
            at = a % (len(data) + 1)
            data = data[:at] + extra + data[at:]
        elif op == "truncate":
            data = data[:a % (len(data) + 1)]
        else:
            text = data.decode("utf-8", errors="replace")
            data = "\n".join(_line_op(text.split("\n"), a, b, extra, op)).encode("utf-8")
    return data


def _lines_of(data: bytes) -> list[str] | None:
    """The file's lines as an editor counts them, or None when it is not UTF-8 text."""
    try:
        return data.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None


@pytest.fixture(scope="module")
def course_copies(tmp_path_factory):
    root = tmp_path_factory.mktemp("courses")
    shutil.copytree(COURSES, root / "courses")
    return root / "courses"


@pytest.mark.skipif(not SOURCES, reason="no example courses yet")
# FUZZ_EXAMPLES=2000 for a longer hunt; 100 keeps the suite under 30 s.
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")), deadline=None)
@given(source=st.sampled_from(SOURCES or [Path("x")]), mutations=st.lists(mutation, min_size=1, max_size=3))
def test_mutated_sources_give_located_diagnostics_never_a_traceback(course_copies, source, mutations):
    target = course_copies / source
    original = (COURSES / source).read_bytes()
    mutated = mutate(original, mutations)
    target.write_bytes(mutated)
    try:
        course, diagnostics = load_course(str(target.parent))
        found = check_loaded(course, diagnostics)
    finally:
        target.write_bytes(original)
    lines = _lines_of(mutated)
    for d in found:
        assert d.loc.path and d.loc.line >= 1 and d.loc.col >= 1, str(d)
        assert d.code != "E900", str(d)
        if lines is not None and os.path.abspath(d.loc.path) == str(target):
            # the place exists in the file: an editor can jump to it
            assert d.loc.line <= len(lines), str(d)
            assert d.loc.col <= len(lines[d.loc.line - 1]) + 1, str(d)
    format_text(found)
    format_json(found)
