"""Random damage to a course never turns into an exception, and the fast paths agree with the slow ones."""
from __future__ import annotations

import re

import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.load import load_course
from compiler.markdown import MarkdownRenderer

from load_helpers import FIXTURES

GOOD = FIXTURES / "good"
FILES = sorted(p.name for p in GOOD.iterdir() if p.is_file())
NASTY = ["\t", "\0", "---\n", "## ", "* ", "::: if ", ":::\n", "->", " if ", " else ", "{#", "}", ": ", "[x] ",
         "\ufeff", "\r", "\x85", "é", "&", "<script>", "![", "](", "\\", "\xff", "'", '"', "[", "{", "*", "&a ",
         "*a", "- ", "\n\n", "visited(", "(", ")"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_sources_never_raise(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("mutant") / "course"
    shutil.copytree(GOOD, root)
    for _ in range(data.draw(st.integers(1, 4))):
        name = data.draw(st.sampled_from(FILES))
        raw = (root / name).read_bytes()
        at = data.draw(st.integers(0, len(raw)))
        cut = data.draw(st.integers(0, 12))
        insert = data.draw(st.one_of(st.sampled_from(NASTY), st.text(max_size=8))).encode("utf-8", "surrogatepass")
        if data.draw(st.booleans()) and insert.startswith(b"\\"):
            insert = b"\xff\xfe"
        (root / name).write_bytes(raw[:at] + insert + raw[at + cut:])
    course, diags = load_course(root)
    assert not [d for d in diags if "internal error" in d.message]
    for d in diags:
        assert d.loc.line >= 1 and d.loc.col >= 1
        assert d.code[0] in "EW" and d.message


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Zé\"'“,.?-:;()0123456789\n*_[]<>!&|#=`\\~")), max_size=40))
def test_plain_text_shortcut_matches_markdown_it(text):
    renderer = MarkdownRenderer(allow_html=True)  # raw HTML passes through, as in plain markdown-it
    md, _ = renderer.render(text, "p.md", 1)
    lines = [line.rstrip() for line in text.split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    # Headings get an id markdown-it does not give (links to them, docs/authoring.md): left out here.
    assert re.sub(r' id="h:[^"]*"', "", md.html) == renderer.md.render("\n".join(lines))


def write_large_course(root: Path, pages: int = 200, nodes: int = 500) -> None:
    root.mkdir()
    names = [f"p{i:03d}" for i in range(pages - 1)]
    (root / "course.yaml").write_text("id: https://x.org/big\ntitle: Big\nlanguage: en\npages: [big, "
                                      + ", ".join(names) + "]\n")
    lines = ["---", "kind: scenario", "title: Big", "state: {trust: 0}", "---", "Intro", ""]
    for i in range(nodes):
        lines += [f"## Node {i} {{#n{i}}}", "feelings: angry, hurt", "thinks: Not again.", "",
                  f"The customer says something at step {i}.", "", "::: if trust > 1", "A softer look.", ":::", ""]
        if i == nodes - 1:
            lines[-10:-10] = []
            lines += ["## The end {#end}", "ending: Done", "score: 1", ""]
            lines[-4:-4] = [f'* "We are done." -> end', ""]
        else:
            lines += [f'* "I hear you, step {i}." -> n{i + 1}', "  feedback: You named it.", "  set: trust + 1",
                      f"* Quote the *policy* -> n{i + 1} if trust > 2 else end", "  if: not visited(n0)", ""]
    (root / "big.md").write_text("\n".join(lines))
    for name in names:
        (root / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n# {name}\n\nSome **text** and "
                                         "[a link](big).\n\n::: note\nA note.\n:::\n")


def test_large_course_loads_quickly(tmp_path):
    write_large_course(tmp_path / "big")
    load_course(tmp_path / "big")  # warm up imports
    start = time.process_time()
    course, diags = load_course(tmp_path / "big")
    spent = time.process_time() - start
    assert diags == [] and len(course.pages) == 200 and len(course.pages["big"].nodes) == 501
    # The goal is well under 1 s on one core; the bound leaves room for slow CI machines.
    assert spent < 2.0, f"loading took {spent:.2f} s of CPU"


EXAMPLES = sorted(p for p in (Path(__file__).parents[2] / "courses").glob("*/course.yaml"))


@pytest.mark.parametrize("course_yaml", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])
def test_example_courses_load_cleanly(course_yaml):
    course, diags = load_course(course_yaml.parent)
    assert course is not None
    assert [str(d) for d in diags] == []
    assert course.pages and all(pid in course.pages for pid, _ in course.page_order)
