"""Conditions and effects: parse trees, JSON for the runtime, errors at the right column."""
from __future__ import annotations

import pytest

from compiler.conditions import effect_to_json, parse_condition, parse_effects, to_json, variables, visited_nodes

CASES = [
    ("trust >= 2", [">=", ["var", "trust"], ["num", 2]]),
    ("visited(listen-more)", ["visited", "listen-more"]),
    ("not visited(a)", ["not", ["visited", "a"]]),
    ("a or b and c", ["or", ["var", "a"], ["and", ["var", "b"], ["var", "c"]]]),
    ("(a or b) and c", ["and", ["or", ["var", "a"], ["var", "b"]], ["var", "c"]]),
    ("not a == 1", ["not", ["==", ["var", "a"], ["num", 1]]]),
    ("calm>-1", [">", ["var", "calm"], ["num", -1]]),
    ("x != 0 and y <= 3 or z < 1", ["or", ["and", ["!=", ["var", "x"], ["num", 0]], ["<=", ["var", "y"], ["num", 3]]],
                                    ["<", ["var", "z"], ["num", 1]]]),
    ("trust", ["var", "trust"]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_parse_to_json(text, expected):
    cond, diags = parse_condition(text, "s.md", 4, 10)
    assert diags == []
    assert to_json(cond) == expected


def test_locations_are_columns_in_the_line():
    cond, _ = parse_condition("trust >= 2 and visited(listen)", "s.md", 4, 10)
    assert [(v.name, v.loc.col) for v in variables(cond)] == [("trust", 10)]
    assert [(v.node, v.loc.line, v.loc.col) for v in visited_nodes(cond)] == [("listen", 4, 33)]


ERRORS = [
    ("trust = 2", 16, "'=='"),
    ("trust >=", 18, "end of the condition"),
    ("", 10, "empty"),
    ("a && b", 12, "'and'"),
    ("(a or b", 17, "')'"),
    ("a b", 12, "unexpected 'b'"),
    ("visited(and)", 18, "node id"),
    ("trust >= 2 £", 21, "unexpected '£'"),
]


@pytest.mark.parametrize("text,col,words", ERRORS)
def test_syntax_errors_point_at_the_bad_token(text, col, words):
    cond, diags = parse_condition(text, "s.md", 4, 10)
    assert cond is None
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E006", 4, col)]
    assert words in diags[0].message


@pytest.mark.parametrize("text,col,fixed", [("trust => 1", 16, ">="), ("trust =< 1", 16, "<="),
                                            ("trust =! 1", 16, "!="), ("visted(upset)", 10, "visited"),
                                            ("not Visited(upset)", 14, "visited"), ("seen(upset)", 10, None)])
def test_a_slip_near_a_known_form_suggests_it(text, col, fixed):
    _, diags = parse_condition(text, "s.md", 4, 10)
    assert [(d.loc.col, d.suggestion) for d in diags] == [(col, fixed)]
    assert "use '=='" not in diags[0].message
    assert ("comes second" if "=" in text else "visited(node)") in diags[0].message


def test_an_error_on_a_continuation_line_is_placed_on_that_line():
    # `if: trust >= 2` followed by an indented `f`: the value goes on, and the error is on line 5
    cond, diags = parse_condition("trust >= 2\nf", "s.md", 4, 10)
    assert [(d.loc.line, d.loc.col) for d in diags] == [(5, 1)]


def test_deep_nesting_is_an_error_not_a_crash():
    cond, diags = parse_condition("(" * 5000 + "a" + ")" * 5000, "s.md", 1, 1)
    assert cond is None and [d.code for d in diags] == ["E006"]


def test_effects():
    effects, diags = parse_effects("trust + 1, calm - 2, fair = 0, x += 3", "s.md", 9, 8)
    assert diags == []
    assert [effect_to_json(e) for e in effects] == [["trust", "+", 1], ["calm", "-", 2], ["fair", "=", 0],
                                                    ["x", "+", 3]]
    assert [e.loc.col for e in effects] == [8, 19, 29, 39]


def test_bad_effects_are_each_reported():
    effects, diags = parse_effects("trust + one, , calm - 2", "s.md", 9, 8)
    assert [effect_to_json(e) for e in effects] == [["calm", "-", 2]]
    assert [(d.code, d.loc.col) for d in diags] == [("E006", 8), ("E006", 21)]
