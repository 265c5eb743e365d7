"""YAML mistakes authors make: each is reported where it is, in words that say how to fix it.

Every case runs with both of PyYAML's parsers (libyaml for most files, pure Python for
long ones), which word their errors differently.
"""
from __future__ import annotations

import pytest
import yaml

from compiler.load import yaml_nodes
from compiler.load.yaml_nodes import Mapping, YamlSource

PARSERS = [pytest.param(getattr(yaml, "CSafeLoader", None), id="libyaml"), pytest.param(None, id="python")]


@pytest.fixture(params=PARSERS)
def parser(request, monkeypatch):
    monkeypatch.setattr(yaml_nodes, "_FAST_LOADER", request.param)


def compose(text: str, line_offset: int = 0):
    return YamlSource("f", line_offset).compose(text)


# name: (text, where the error is, words the message has, words the old, misleading message had)
E003 = {
    "indented further, course.yaml": (
        "completion:\n  visit: all\n   finish: [a, b]\nmastery: 1\n", "3:4",
        ["indented further than the line above it", "start 'finish' in the same column as 'visit'"], "second ':'"),
    "indented further, front matter": (
        "opt_out:\n  label: Skip\n   to: looking-back\n", "3:4",
        ["indented further", "same column as 'label'"], "second ':'"),
    "indented with a non-breaking space": (
        "id: x\ncompletion:\n\u00a0  visit: all\n  finish: [p]\n", "3:1", ["non-breaking space"], "indented"),
    "a value starting with a block sign": (
        "id: x\ntitle: | a\n", "2:8", ["cannot start with '|'", "like title: \"| a\""], "line break"),
    "a value starting with a question mark": (
        "id: x\ntitle: ? why\n", "2:8", ["cannot start with '?'", "like title: \"? why\""], "mapping keys"),
    "a value starting with a dash": (
        "id: x\ntitle: - Draft -\n", "2:8", ["cannot start with '-'", "like title: \"- Draft -\""], "sequence"),
    "a value starting with a bracket": (
        "id: x\ntitle: [Draft] summary\nlanguage: en\n", "2:8",
        ["starts with '['", "like title: \"[Draft] summary\""], "indented"),
    "a value starting with a brace": (
        "id: x\ntitle: {Draft} course\n", "2:8", ["starts with '{'", "after its '}'"], "indented"),
    "a value starting with '|'": (
        "id: x\ntitle: | a\n", "2:8", ["cannot start with '|'", "like title: \"| a\""], "line break"),
    "a value starting with '>'": (
        "id: x\ntitle: > a\n", "2:8", ["cannot start with '>'", "like title: \"> a\""], "line break"),
    "a value starting with '?'": (
        "id: x\ntitle: ? why\n", "2:8", ["cannot start with '?'", "like title: \"? why\""], "not allowed"),
    "a value starting with '?' in braces": (
        "opt_out: {label: ? why, to: q}\n", "1:18",
        ["cannot start with '?'", "in quotes, like \"? why\""], "node content"),
    "a value starting with '- '": (
        "id: x\ntitle: - Draft -\nlanguage: en\n", "2:8",
        ["cannot start with '-'", "like title: \"- Draft -\"", "on a line of its own"], "not allowed"),
    "a second colon": (
        "id: x\ntitle: Step one: getting ready\n", "2:16",
        ["a second ':'", "like title: \"Step one: getting ready\""], "indented"),
    "text after the closing quote": (
        "kind: x\ntitle: \"Calm\" at the store\nstate: 1\n", "2:15",
        ["text after the closing quote", "like title: '\"Calm\" at the store'"], "indented"),
    "an apostrophe inside single quotes": (
        "kind: x\ntitle: 'It's broken'\nstate: 1\n", "2:11",
        ["this ' ends the value", "title: \"It's broken\"", "'It''s broken'"], "indented"),
    "a quote closed lines below": (
        "id: x\ntitle: \"Calm at the store\nlanguage: en\nnote: \"a\" b\n", "2:8",
        ["not closed on this line", "next \" on line 4"], "indented"),
    "a quote never closed": (
        "id: x\ntitle: \"Calm at the store\nlanguage: en\n", "2:8", ["never closed"], "indented"),
    "curly quotes": (
        "kind: x\ntitle: \u201cCalm: at the store\u201d\n", "2:8",
        ["curly quotes", "straight quotes, like title: \"Calm: at the store\""], "put the value in quotes"),
    "curly quotes around a word": (
        "kind: x\ntitle: \u2018Ready\u2019: not yet\n", "2:8",
        ["curly quotes", "like title: \"'Ready': not yet\""], "put the value in quotes"),
    "no space after '-'": (
        "pages:\n  - a\n  -practice\n  - b\n", "3:3", ["put a space after '-' ('- practice')"], "no ':'"),
    "no ':' after a key": ("id: x\ntitle: T\npages\n  - a\n", "3:1", ["no ':' after its key"], None),
    "value starting with '*'": (
        "kind: x\ntitle: *Calm* at the store\n", "2:8",
        ["cannot start with '*'", "like title: \"*Calm* at the store\""], "alphabetic"),
    "an alias on its own": ("kind: x\ntitle: *Calm\n", "2:8", ["cannot start with '*'"], "alias"),
    "value starting with '@'": (
        "kind: x\ntitle: @home visits\n", "2:8", ["cannot start with '@'", "title: \"@home visits\""], "token"),
    "value starting with '%'": (
        "kind: x\ntitle: % of calls\n", "2:8", ["cannot start with '%'", "title: \"% of calls\""], "token"),
    "front matter pasted into course.yaml": (
        "id: x\n---\nkind: page\ntitle: x\n---\ntheme: default\n", "2:1",
        ["starts a second block of settings", "top of a page file"], "document"),
    "a non-breaking space after the colon": (
        "id: x\ntitle:\u00a0C1\nlanguage: en\n", "2:7", ["non-breaking space", "ordinary space"], "no ':'"),
    "a tab": ("id: x\nxapi:\n\tendpoint: https://lrs\n", "3:1", ["indented with a tab", "use spaces"], "token"),
    "indented less": ("id: x\npages:\n  - a\n - b\n", "4:2", ["indented differently"], None),
}


@pytest.mark.parametrize("case", E003)
def test_a_yaml_mistake_is_located_and_explained(parser, case):
    text, where, words, misleading = E003[case]
    node, diags = compose(text)
    assert node is None and [d.code for d in diags] == ["E003"]
    message = diags[0].message
    assert f"{diags[0].loc.line}:{diags[0].loc.col}" == where, message
    assert all(word in message for word in words), message
    assert misleading is None or misleading not in message, message


def test_line_numbers_in_a_message_are_file_lines(parser):
    _, diags = compose("kind: x\ntitle: \"Calm\nstate: \"a\" b\n", line_offset=1)
    assert (diags[0].loc.line, diags[0].loc.col) == (3, 8)
    assert "next \" on line 4" in diags[0].message


@pytest.mark.parametrize("text, where, kept, example", [
    ("title: Order #4471 is late\n", "1:14", "'Order'", "title: \"Order #4471 is late\""),
    ("opt_out:\n  label: Skip #2\n", "2:15", "'Skip'", "label: \"Skip #2\""),
    ("pages:\n  - intro #1\n", "2:11", "'intro'", "- \"intro #1\""),
    ("title: #1 of 3\n", "1:8", "empty", "title: \"#1 of 3\""),
    ("title: Said \"hi\" #2\n", "1:18", "'Said \"hi\"'", "title: 'Said \"hi\" #2'"),
])
def test_a_hash_and_a_word_after_a_plain_value_warns_at_the_hash(parser, text, where, kept, example):
    node, diags = compose(text)
    assert node is not None and [d.code for d in diags] == ["W011"]
    assert diags[0].severity == "warning" and f"{diags[0].loc.line}:{diags[0].loc.col}" == where
    assert f"the value is {kept}" in diags[0].message and diags[0].message.endswith(example)


@pytest.mark.parametrize("text", [
    "title: Order 4471 # a note\n",                 # a note written as a note
    "title: \"Order #4471\" # the order\n",        # quoted: nothing is lost
    "id: https://example.org/c#part\n",             # '#' inside a word is not a note
    "# a comment line\ntitle: x\n",
    "title: x #\n",
    "description: >-\n  Order #4471 is late\n",
])
def test_no_warning_when_nothing_is_cut(parser, text):
    node, diags = compose(text)
    assert node is not None and diags == []


@pytest.mark.parametrize("text, where, says, example", [
    ("title: !important note\n", "1:8", "type mark", "title: \"!important note\""),
    ("pages:\n  - !x intro\n", "2:5", "type mark", "- \"!x intro\""),
    ("title: &Co pharmacy\n", "1:8", "names it for reuse", "title: \"&Co pharmacy\""),
    ("opt_out: {label: &Skip this one, to: q}\n", "1:18", "names it for reuse", "label: \"&Skip this one\""),
])
def test_a_word_after_an_exclamation_mark_or_ampersand_is_not_silently_left_out(parser, text, where, says, example):
    node, diags = compose(text)
    assert [d.code for d in diags] == ["E003"] and f"{diags[0].loc.line}:{diags[0].loc.col}" == where
    assert says in diags[0].message and diags[0].message.endswith(example)
    assert compose("title: \"!important note\"\nnext: \"&Co\"\nnote: Tom & Jerry\n")[1] == []


def test_a_key_indented_with_a_non_breaking_space_is_not_an_unknown_key(parser):
    node, diags = compose("xapi:\n  send_reflection_text: false\n\u00a0  version: \"1.0.3\"\n")
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E003", 3, 1)]
    assert "non-breaking space" in diags[0].message


def test_a_list_entry_without_its_space_is_told_to_have_one():
    source = YamlSource("course.yaml")
    node, diags = source.compose("pages:\n  -welcome\n  -counter\n")
    assert diags == []
    found: list = []
    assert Mapping(node, source, ("pages",), "course.yaml", found).sequence("pages", "a list of page file names") is None
    assert [d.code for d in found] == ["E103"]
    assert found[0].message.endswith("put a space after each '-' ('- welcome')")


@pytest.mark.parametrize("text, where", [
    ("completion:\n\u00a0 visit: all\n  finish: [p]\n", ["2:1"]),        # YAML errs a line below
    ("xapi:\n  send_reflection_text: false\n\u00a0 version: \"1.0.3\"\n", ["3:1"]),  # a key '\u00a0 version'
    ("opt_out:\n  label: Skip\n \u00a0to: q\n", ["3:2"]),
    ("pages:\n  - a\n\u00a0 - b\n", ["3:1"]),
])
def test_a_non_breaking_space_in_the_indentation_is_reported_where_it_is(parser, text, where):
    _, diags = compose(text)
    assert [f"{d.loc.line}:{d.loc.col}" for d in diags] == where
    assert all(d.code == "E003" and "non-breaking space here" in d.message for d in diags)
    assert compose("title: Calm\u00a0at the store\n")[1] == []  # inside a value it is the author's


def test_a_non_breaking_space_in_front_matter_has_the_file_line(parser):
    _, diags = compose("kind: page\n\u00a0title: x\n", line_offset=1)
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E003", 3, 1)]


@pytest.mark.parametrize("text, where, example", [
    ("title: \u201cReady at last\u201d\n", "1:8", "title: \"Ready at last\""),
    ("opt_out: {label: \u2018Skip\u2019, to: q}\n", "1:18", "label: \"Skip\""),
    ("title: \u2018It\u2019s late\u2019\n", "1:8", "title: \"It's late\""),  # an apostrophe inside
    ("title: \u2018The customers\u2019 rights\u2019\n", "1:8", "title: \"The customers' rights\""),
    ("title: \u2018Rock \u2019n\u2019 roll\u2019\n", "1:8", "title: \"Rock 'n' roll\""),
])
def test_a_value_in_curly_quotes_warns_that_learners_see_them(parser, text, where, example):
    node, diags = compose(text)
    assert node is not None and [d.code for d in diags] == ["W012"] and diags[0].severity == "warning"
    assert f"{diags[0].loc.line}:{diags[0].loc.col}" == where and diags[0].message.endswith(example)
    for meant in ("title: \"\u201cReady\u201d\"\n", "title: \u201cThe prescription\u201d is late\n",
                  "title: \u2018Late\u2019 she said, \u2018again\u2019\n"):
        assert compose(meant)[1] == []


def test_a_name_for_reuse_before_a_group_of_keys_is_an_error(parser):
    _, diags = compose("opt_out: &o\n  label: Skip\n  to: q\nother: *o\n")
    assert [(d.code, d.loc.line, d.loc.col) for d in diags] == [("E003", 1, 10)]
    assert "remove '&o'" in diags[0].message


def test_aliases_that_repeat_each_other_are_read_once(parser):
    """A "billion laughs": each level repeats the one above nine times. Walked value by
    value it would be 9**9 values; each node is looked at once."""
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")]
    _, diags = compose("\n".join(lines) + "\n")
    assert [d.code for d in diags] == ["E003"] * 9
