"""Scenario details: choice words and destinations, chains of conditions, conditional text."""
from __future__ import annotations

from compiler.conditions import to_json

from load_helpers import codes_at

HEAD = "---\nkind: scenario\ntitle: S\nstate: {trust: 0, calm: 0}\nstart: b\n---\n"


def nodes_of(maker, body):
    course, diags = maker.course({"s": HEAD + body})
    return course.pages["s"], diags


def test_quoted_words_may_contain_an_arrow(maker):
    page, diags = nodes_of(maker, '## A\n\n* "Go -> away" -> b\n\n## B\nending: E\nscore: 1\n')
    choice = page.nodes["a"].choices[0]
    assert diags == []
    assert choice.text.source == "Go -> away"
    assert [b.target for b in choice.branches] == ["b"]


def test_curly_quotes_and_unicode_arrow(maker):
    page, diags = nodes_of(maker, "## A\n\n* \u201cI hear you.\u201d \u2192 b\n\n## B\nending: E\nscore: 1\n")
    choice = page.nodes["a"].choices[0]
    assert diags == [] and choice.text.source == "I hear you." and choice.branches[0].target == "b"


def test_chain_of_conditions(maker):
    body = "## A\n\n* Hi -> b if trust > 2 else c if calm >= 1 else what-if\n\n"
    body += "".join(f"## {n}\nending: E\nscore: 1\n\n" for n in ("b", "c", "what-if"))
    page, diags = nodes_of(maker, body)
    assert diags == []
    branches = page.nodes["a"].choices[0].branches
    assert [(to_json(b.condition), b.target) for b in branches] == [
        ([">", ["var", "trust"], ["num", 2]], "b"), ([">=", ["var", "calm"], ["num", 1]], "c"), (None, "what-if")]
    assert [b.loc.col for b in branches] == [9, 29, 49]


def test_start_from_front_matter_and_default(maker):
    page, _ = nodes_of(maker, "## A\nending: E\nscore: 1\n\n## B\nending: E\nscore: 1\n")
    assert page.start == "b"
    course, _ = maker.course({"t": "---\nkind: scenario\ntitle: T\n---\n## First\nending: E\nscore: 0\n"})
    assert course.pages["t"].start == "first"


def test_text_around_and_between_conditional_blocks(maker):
    body = "## A\nfeelings: angry\n\nOne.\n\n::: if trust > 0\nTwo.\n:::\nThree.\n::: if not visited(b)\nFour.\n:::\n"
    page, diags = nodes_of(maker, body + "\n## B\nending: E\nscore: 1\n")
    segments = page.nodes["a"].segments
    assert diags == []
    assert [(s.text.source, to_json(s.condition), s.text.loc.line) for s in segments] == [
        ("One.", None, 10), ("Two.", [">", ["var", "trust"], ["num", 0]], 13), ("Three.", None, 15),
        ("Four.", ["not", ["visited", "b"]], 17)]


def test_callout_inside_conditional_text(maker):
    body = "## A\n\n::: if trust > 0\n::: tip\nBreathe.\n:::\nShe nods.\n:::\n\n## B\nending: E\nscore: 1\n"
    page, diags = nodes_of(maker, body)
    segment = page.nodes["a"].segments[0]
    assert diags == []
    assert '<aside class="callout callout-tip" role="note">' in segment.text.html and "She nods." in segment.text.html


def test_empty_if_block_condition(maker):
    _, diags = nodes_of(maker, "## A\n\n::: if\nText\n:::\n")
    assert codes_at(diags) == ["s.md:9:1 E006"]


def test_variable_names_in_state(maker):
    course, diags = maker.course({"s": "---\nkind: scenario\ntitle: S\nstate: {good-will: 1}\n---\n## A\nending: E\n"
                                        "score: 1\n"})
    assert codes_at(diags) == ["s.md:4:9 E006"]


def test_opt_out_needs_label_and_target(maker):
    course, diags = maker.course({"s": "---\nkind: scenario\ntitle: S\nopt_out: {label: Skip}\n---\n"})
    assert codes_at(diags) == ["s.md:4:10 E102"]
    assert course.pages["s"].opt_out.label == "Skip"


def test_a_node_id_written_invalidly_takes_the_name_its_choices_use(maker):
    """'{#walk off!}' is not an id (E006); the choice's 'walk_off' is that id written
    validly: one error at the heading, none at the choice."""
    body = "## A\n\n* Bye -> walk_off\n\n## Walk {#walk off!}\nending: E\nscore: 1\n"
    page, diags = nodes_of(maker, body)
    assert [d.code for d in diags] == ["E006"]
    assert "walk_off" in page.nodes and page.nodes["a"].choices[0].branches[0].target == "walk_off"


def test_an_arrow_written_long_or_twice_is_reported_and_not_shown_to_the_learner(maker):
    end = "\n\n## B\nending: E\nscore: 1\n\n## C\nending: E\nscore: 1\n"
    for line, code, col in (('* "Hi there" --> b', "E006", 14), ('* "Hi there" -> c -> b', "E006", 14),
                            ("* Hi there -> c -> b", "E006", 12)):
        page, diags = nodes_of(maker, "## A\n\n" + line + end)
        assert [(d.code, d.loc.col) for d in diags] == [(code, col)], line
        choice = page.nodes["a"].choices[0]
        assert choice.text.source == "Hi there" and choice.branches[0].target == "b", line


def test_a_choice_without_words_is_reported(maker):
    for line in ("* -> b", '* "" -> b'):
        _, diags = nodes_of(maker, "## A\n\n" + line + "\n\n## B\nending: E\nscore: 1\n")
        assert [(d.code, d.loc.line) for d in diags] == [("E102", 9)], line


def test_an_ending_labelled_with_empty_quotes_has_no_label(maker):
    _, diags = nodes_of(maker, '## A\n\n* Hi -> b\n  feedback: ok\n\n## B\nending: ""\nscore: 1\n')
    assert [(d.code, d.loc.line) for d in diags] == [("E102", 13)]
    assert "an ending needs a label" in diags[0].message


def test_an_invisible_character_in_a_destination_is_named(maker):
    _, diags = nodes_of(maker, '## A\n\n* Hi -> b\u200b\n  feedback: ok\n\n## B\nending: E\nscore: 1\n')
    assert [(d.code, d.suggestion) for d in diags] == [("E006", "b")]
    assert "invisible character (U+200B" in diags[0].message
