"""A small course with every page kind loads into the right model."""
from __future__ import annotations

import os

import pytest

from compiler.conditions import effect_to_json, to_json
from compiler.load import load_course
from compiler.model import Coaching, ContentPage, Example, Quiz, Reflection, Scenario, SelfRating

from load_helpers import FIXTURES


@pytest.fixture(scope="module")
def loaded():
    return load_course(FIXTURES / "good")


@pytest.fixture(scope="module")
def course(loaded):
    return loaded[0]


def test_loads_without_diagnostics(loaded):
    course, diags = loaded
    assert course is not None
    assert [str(d) for d in diags] == []


def test_course_settings(course):
    assert course.id == "https://courses.example.org/front-desk"
    assert course.version == "1.2"  # kept as written, not the float 1.2
    assert course.language == "en"
    assert [a.name for a in course.authors] == ["Ana Ruiz", "Sam Lee"]
    assert course.authors[0].email == "ana@example.org"
    assert [pid for pid, _ in course.page_order] == ["welcome", "desk", "coach", "look-back", "rate", "check",
                                                      "good-call"]
    assert course.page_order[1][1].line == 9 and course.page_order[1][1].col == 18
    assert course.visit == tuple(pid for pid, _ in course.page_order)
    assert course.finish == ("desk", "check")
    assert course.mastery == 0.7
    assert [(p.page, p.weight) for p in course.score_parts] == [("desk", 1.0), ("check", 2.0)]
    assert course.xapi.activity_base == "https://courses.example.org/front-desk/"
    assert course.xapi.homepage is None  # not written: the runtime uses the package's origin
    assert course.theme == "default"
    assert "<strong>angry</strong>" in course.content_warning.html
    assert course.support.loc.line == 23  # a `|` block starts on the next line
    assert "let down" in course.feelings and "sidelined" in course.feelings and "frustrated" in course.feelings
    assert course.keys["pages"].line == 9
    assert course.files == ("check.md", "coach.md", "course.yaml", "desk.md", "good-call.md", "look-back.md",
                            "media/counter.png", "rate.md", "welcome.md")
    assert os.path.isabs(course.root)


def test_paths_are_relative_to_the_working_directory(course):
    page = course.pages["welcome"]
    assert page.path == os.path.relpath(FIXTURES / "good" / "welcome.md")
    assert not os.path.isabs(page.loc.path)


def test_content_page_images_links_callouts(course):
    page = course.pages["welcome"]
    assert isinstance(page, ContentPage) and page.title == "Welcome"
    assert [(i.src, i.alt, i.loc.line, i.loc.col) for i in page.body.images] == [
        ("media/counter.png", "The front counter of a store", 7, 1)]
    assert [(href, loc.line) for href, loc in page.body.links] == [("#look-back", 9), ("https://adlnet.gov", 10)]
    assert '<a href="#look-back">' in page.body.html
    assert 'rel="noopener"' in page.body.html
    assert '<aside class="callout callout-tip" role="note">' in page.body.html


def test_scenario_front_matter(course):
    desk = course.pages["desk"]
    assert isinstance(desk, Scenario)
    assert desk.start == "start"
    assert desk.state == {"trust": 0, "calm": 1}
    assert (desk.state_locs["calm"].line, desk.state_locs["calm"].col) == (4, 19)
    assert desk.opt_out.label == "Skip this scenario" and desk.opt_out.to == "look-back"
    assert "raises their voice" in desk.content_warning.html
    assert desk.body.source == "Dana has waited twenty minutes."
    assert list(desk.nodes) == ["start", "listen", "escalate", "refund", "good-end", "so-so"]


def test_scenario_node_fields_and_segments(course):
    node = course.pages["desk"].nodes["start"]
    assert node.title == "The complaint"
    assert [(f.name, f.loc.line, f.loc.col) for f in node.feelings] == [("frustrated", 11, 11), ("let down", 11, 23)]
    assert node.thinks == "Nobody here cares."
    assert node.coach == "Keep calm and introduce yourself."
    assert [(s.text.loc.line, to_json(s.condition)) for s in node.segments] == [
        (15, None), (18, ["visited", "listen"])]
    assert node.segments[1].condition.loc.col == 16


def test_choices_branches_effects(course):
    node = course.pages["desk"].nodes["start"]
    first, second, third = node.choices
    assert [c.id for c in node.choices] == ["start-1", "start-2", "start-3"]
    assert first.text.source.startswith("I can see you've waited")  # quotes removed
    assert (first.text.loc.line, first.text.loc.col) == (21, 4)
    assert [(b.target, b.condition) for b in first.branches] == [("listen", None)]
    assert [effect_to_json(e) for e in first.effects] == [["trust", "+", 1], ["calm", "+", 1]]
    assert (first.effects[1].loc.line, first.effects[1].loc.col) == (23, 19)
    assert "shows you noticed" in first.feedback.html
    assert [effect_to_json(e) for e in second.effects] == [["calm", "-", 2]]
    assert third.feedback is None
    assert [(to_json(b.condition), b.target, b.loc.col) for b in third.branches] == [
        ([">=", ["var", "trust"], ["num", 1]], "refund", 21), (None, "escalate", 47)]
    assert to_json(third.offered_if) == ["not", ["visited", "escalate"]]
    listen = course.pages["desk"].nodes["listen"].choices[0]
    assert to_json(listen.branches[0].condition) == [
        "and", [">=", ["var", "trust"], ["num", 1]], [">", ["var", "calm"], ["num", 0]]]


def test_endings(course):
    nodes = course.pages["desk"].nodes
    good = nodes["good-end"].ending
    assert (good.label, good.score) == ("Calm and satisfied", 1.0)
    assert [f.name for f in good.felt] == ["reassured", "respected"]
    assert nodes["refund"].ending.score == 0.5
    assert nodes["start"].ending is None
    assert nodes["good-end"].choices == ()


def test_coaching(course):
    page = course.pages["coach"]
    assert isinstance(page, Coaching)
    first, second = page.questions
    assert (first.id, first.step, first.answer) == ("thinking", "thinking", "text")
    # the heading is the question's title: a heading in its HTML, the player's h2
    assert first.prompt.html == '<h2 id="h:what-is-the-caller-thinking">What is the caller thinking?</h2>\n'
    assert first.model_answer.source == "They worry they cannot pay."
    assert (second.id, second.step, second.answer) == ("how-are-they-feeling", "feeling", "feelings")
    assert "Pick every word" in second.prompt.html and "Anxious" not in second.prompt.html
    assert second.model_answer.html == "<p>Anxious and <em>embarrassed</em>.</p>\n"
    assert second.model_answer.loc.line == 19


def test_reflection(course):
    page = course.pages["look-back"]
    assert isinstance(page, Reflection) and page.framework == "ORID"
    assert [(p.id, p.stage, p.private, p.min_length) for p in page.prompts] == [
        ("what-happened", "objective", True, 0),
        ("how-did-you-feel", "reflective", False, 20),
        ("next", "decisional", True, 0)]


def test_self_rating(course):
    page = course.pages["rate"]
    assert isinstance(page, SelfRating)
    assert page.scale == ("excellent", "good", "fair", "poor", "very poor")
    assert page.scenario == "desk"
    assert [(d.id, d.label) for d in page.dimensions] == [("calm", "Calm"), ("empathy", "Empathy")]
    assert page.dimensions[0].prompt.source == "How calm did you stay?"
    assert page.dimensions[1].prompt is None


def test_quiz(course):
    page = course.pages["check"]
    assert isinstance(page, Quiz)
    single, multiple = page.questions
    assert single.multiple is False
    assert [(o.id, o.correct) for o in single.options] == [("a", False), ("b", True)]
    assert single.options[0].feedback.source == "This dismisses the feeling."
    assert multiple.id == "first-steps" and multiple.multiple is True
    assert [o.id for o in multiple.options] == ["a", "b", "c"]


def test_example(course):
    page = course.pages["good-call"]
    assert isinstance(page, Example)
    assert page.body.source == "Read this call."
    assert [(t.speaker, t.skill) for t in page.turns] == [("Customer", "listening"), ("Agent", "naming the emotion")]
    assert page.turns[0].text.html == "<p>Why was my claim <em>denied</em>?</p>\n"
    assert page.turns[0].note.source == "The agent lets the caller finish."
    assert page.turns[1].note is None


def test_a_questions_title_is_a_heading_apart_from_the_text_right_under_it(maker):
    course, diags = maker.course({"q": """\
        ---
        kind: reflection
        title: Looking back
        ---
        ## What *happened*? {#what}
        Tell it in your own words.
        """})
    assert diags == []
    html = course.pages["q"].prompts[0].prompt.html
    assert html == '<h2 id="h:what-happened">What <em>happened</em>?</h2>\n<p>Tell it in your own words.</p>\n'


def test_callouts_are_titled_in_the_course_language(maker):
    yaml = "id: https://courses.example.org/t\ntitle: T\nlanguage: es-MX\npages: [p]\n"
    maker.write("p.md", "---\ntitle: P\n---\n::: warning\nCuidado.\n:::\n")
    course, diags = maker.course({}, yaml=yaml)
    assert '<p class="callout-title">Atención</p>' in course.pages["p"].body.html
