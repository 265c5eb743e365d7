"""Bad author input gives the right code at the right place, never an exception."""
from __future__ import annotations

import os

import pytest

from compiler.check import check_loaded
from compiler.load import load_course

from load_helpers import codes_at, where

SCENARIO_HEAD = """\
---
kind: scenario
title: At the desk
---
"""


def find(diags, code):
    found = [d for d in diags if d.code == code]
    assert found, [str(d) for d in diags]
    return found[0]


# ---------------------------------------------------------------- files and folders


def test_missing_folder(tmp_path):
    course, diags = load_course(tmp_path / "nowhere")
    assert course is None
    assert [d.code for d in diags] == ["E001"]
    assert "does not exist" in diags[0].message


def test_folder_without_course_yaml(tmp_path):
    (tmp_path / "welcome.md").write_text("---\ntitle: x\n---\n")
    course, diags = load_course(tmp_path)
    assert course is None
    assert [d.code for d in diags] == ["E001"]
    assert "no course.yaml" in diags[0].message


def test_a_file_is_not_a_course(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    course, diags = load_course(tmp_path / "notes.txt")
    assert course is None and [d.code for d in diags] == ["E001"]


def test_path_to_course_yaml_is_accepted(maker):
    maker.course({"welcome": "---\ntitle: Hi\n---\nHello\n"})
    course, diags = load_course(maker.root / "course.yaml")
    assert course is not None and diags == []


def test_empty_course_yaml(maker):
    maker.write("course.yaml", "")
    course, diags = maker.load()
    assert course is None
    assert codes_at(diags) == ["course.yaml:1:1 E004"]


def test_yaml_that_does_not_parse_points_at_the_opening_bracket(maker):
    course, diags = maker.course({}, yaml="id: x\ntitle: [unclosed\nlanguage: en\n")
    assert course.stand_in and not course.pages
    assert codes_at(diags) == ["course.yaml:2:8 E003"]
    assert "'[' that opens here is never closed" in diags[0].message


@pytest.mark.parametrize("text, where, words", [
    # PyYAML gives up lines later; the author's mistake is on the line we point at
    ("id: x\ntitle: T\npages\n  - a\n  - b\nlanguage: en\n", "course.yaml:3:1", "no ':' after its key"),
    ("id: x\ntitle: \"unbalanced\nlanguage: en\nversion: 1\n", "course.yaml:2:8", "quote that opens here"),
    ("id: x\ntitle:Getting ready\nlanguage: en\n", "course.yaml:2:1", "no ':' after its key"),
    ("id: x\ntitle: Step one: getting ready\n", "course.yaml:2:16", "put the value in quotes"),
    ("id: x\npages:\n  - a\n - b\n", "course.yaml:4:2", "indented differently"),
    ("id: x\npages: {a: 1\n", "course.yaml:2:8", "'{' that opens here"),
])
def test_common_yaml_mistakes_are_located_and_explained(maker, text, where, words):
    course, diags = maker.course({}, yaml=text)
    assert course.stand_in and not course.pages
    assert codes_at(diags) == [f"{where} E003"]
    assert words in diags[0].message


def test_a_course_yaml_that_does_not_read_still_has_its_listed_pages_checked(maker):
    broken = "\ttitle: T\nid: https://x.org/intro\npages:\n  - units/first   # moved\n  # - intro (not ready)\n  - b\n"
    maker.write("units/first.md", "---\nkind: page\ntitle: F\n---\n![](media/gone.png)\n")
    maker.write("intro.md", "---\nkind: nonsense\n---\n")  # named in a comment and in the id: not listed
    course, diags = maker.course({"b": "---\nkind: page\ntitle: B\n---\nText.\n"}, yaml=broken)
    assert course.stand_in and [pid for pid, _ in course.page_order] == ["first", "b"]
    assert codes_at(check_loaded(course, diags)) == ["course.yaml:1:1 E003", "first.md:5:1 E301", "first.md:5:1 E302"]


def test_tab_in_yaml_points_at_the_tab(maker):
    course, diags = maker.course({}, yaml="id: x\ntitle: T\nxapi:\n\tendpoint: https://lrs\n")
    assert course.stand_in and not course.pages
    assert codes_at(diags) == ["course.yaml:4:1 E003"]
    assert "tab" in diags[0].message


def test_not_utf8_points_at_the_first_bad_byte(maker):
    maker.write("course.yaml", b"id: x\ntitle: T\nlanguage: \xe9n\n")
    course, diags = maker.load()
    assert course is None
    assert codes_at(diags) == ["course.yaml:3:11 E002"]
    assert "UTF-8" in diags[0].message


def test_not_utf8_column_counts_characters(maker):
    maker.write("course.yaml", "id: x\ntitle: Café ".encode() + b"\xff\n")
    _, diags = maker.load()
    assert codes_at(diags) == ["course.yaml:2:13 E002"]


def test_course_yaml_that_is_a_list(maker):
    course, diags = maker.course({}, yaml="- id\n- title\n")
    assert course.stand_in and codes_at(diags) == ["course.yaml:1:1 E103"]


def test_huge_page_is_refused_unread(maker):
    maker.write("course.yaml", "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [big]\n")
    with open(maker.root / "big.md", "wb") as handle:
        handle.write(b"---\ntitle: Big\n---\n" + b"a" * (10 * 1024 * 1024))
    course, diags = maker.load()
    assert course is not None and "big" not in course.pages
    assert codes_at(diags) == ["big.md:1:1 E002"]
    assert "too large" in diags[0].message


def test_binary_garbage_page(maker):
    garbage = bytes((i * 97 + 13) % 256 for i in range(4000))
    maker.write("course.yaml", "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [blob]\n")
    maker.write("blob.md", garbage)
    course, diags = maker.load()
    assert course is not None
    assert [d.code for d in diags] == ["E002"]


def test_nul_byte_in_utf8_text(maker):
    maker.write("course.yaml", "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [p]\n")
    maker.write("p.md", b"---\ntitle: P\n---\nab\x00c\n")
    _, diags = maker.load()
    assert codes_at(diags) == ["p.md:4:3 E002"]


def test_listed_page_that_does_not_exist(maker):
    maker.write("welcome.md", "---\ntitle: Welcome\n---\nHi\n")
    _, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages:\n  - welcome\n  - welcom\n")
    assert codes_at(diags) == ["course.yaml:6:5 E108"]
    assert diags[0].suggestion == "welcome"


def test_page_listed_twice(maker):
    _, diags = maker.course({"a": "---\ntitle: A\n---\n"},
                            yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: [a, a]\n")
    assert codes_at(diags) == ["course.yaml:4:12 E104"]


def test_page_listed_by_id_and_by_file_name_is_listed_twice(maker):
    _, diags = maker.course({"a": "---\ntitle: A\n---\n"},
                            yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: [a, a.md]\n")
    assert codes_at(diags) == ["course.yaml:4:12 E104"] and "listed twice" in diags[0].message


def test_page_file_linked_from_outside_the_folder_is_not_read(maker, tmp_path):
    (tmp_path / "shared.md").write_text("---\ntitle: S\n---\nSomeone else's page.\n")
    maker.write("a.md", "---\ntitle: A\n---\n")
    (maker.root / "shared.md").symlink_to(tmp_path / "shared.md")
    course, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: [a, shared]\n")
    assert codes_at(diags) == ["course.yaml:4:12 E302"] and "outside the course folder" in diags[0].message
    assert "shared" not in course.pages


def test_page_outside_the_folder_is_not_read(maker, tmp_path):
    (tmp_path / "secret.md").write_text("---\ntitle: S\n---\n")
    _, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: [../secret]\n")
    assert [d.code for d in diags] == ["E108"]


# ---------------------------------------------------------------- course.yaml keys


def test_unknown_key_with_suggestion(maker):
    _, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: []\nmastrey: 0.5\n")
    d = find(diags, "E101")
    assert where(d) == "course.yaml:5:1 E101" and d.suggestion == "mastery"


def test_missing_required_keys(maker):
    _, diags = maker.course({}, yaml="title: T\n")
    assert sorted(d.message for d in diags if d.code == "E102") == [
        "course.yaml needs 'id'", "course.yaml needs 'language'", "course.yaml needs 'pages'"]


def test_wrong_type_message(maker):
    _, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: []\n"
                                     "mastery:\n  score: high\n")
    d = find(diags, "E103")
    assert where(d) == "course.yaml:6:10 E103"
    assert d.message == "'score' expects a number between 0 and 1, got 'high'"


def test_duplicate_yaml_key(maker):
    _, diags = maker.course({"w": "---\ntitle: W\n---\n"}, yaml="id: https://x.org/c\ntitle: T\ntitle: U\nlanguage: en\npages: [w]\n")
    assert codes_at(diags) == ["course.yaml:3:1 E104"]


def test_pages_must_be_a_list(maker):
    _, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: welcome\n")
    assert codes_at(diags) == ["course.yaml:4:8 E103"]


def test_a_list_without_spaces_after_the_dashes_says_to_add_them(maker):
    _, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages:\n  -welcome\n  - intro\n")
    assert codes_at(diags) == ["course.yaml:5:3 E103"]
    assert "put a space after each '-' ('- welcome')" in diags[0].message


def test_a_list_of_words_without_spaces_after_the_dashes_is_read_as_meant(maker):
    yaml = "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [a, b]\ncompletion:\n  finish:\n    -a\n    -b\n"
    course, diags = maker.course({"a": "---\ntitle: A\n---\n", "b": "---\ntitle: B\n---\n"}, yaml=yaml)
    assert codes_at(diags) == ["course.yaml:7:5 E103"] and "('- a')" in diags[0].message
    assert course.finish == ("a", "b")


def test_defaults(maker):
    course, diags = maker.course({"w": "---\ntitle: W\n---\n"}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: [w]\n")
    assert diags == []
    assert course.version == "1.0.0" and course.theme == "default"
    assert course.xapi.activity_base == "https://x.org/c/"
    assert course.xapi.homepage is None  # the runtime uses the package's origin
    assert course.xapi.version == "1.0.3"
    assert course.mastery is None and course.allow_html is False


# ---------------------------------------------------------------- front matter


def test_page_without_front_matter(maker):
    course, diags = maker.course({"p": "# Hello\n"})
    assert codes_at(diags) == ["p.md:1:1 E005"] and "p" not in course.pages


def test_unterminated_front_matter(maker):
    _, diags = maker.course({"p": "---\ntitle: Hello\n"})
    assert codes_at(diags) == ["p.md:1:1 E005"]


def test_front_matter_yaml_error_has_the_file_line(maker):
    _, diags = maker.course({"p": "---\nkind: page\ntitle: [x\n---\n"})
    assert [d.code for d in diags] == ["E003"] and diags[0].loc.line >= 3


def test_front_matter_never_closed_says_where_to_close_it_and_the_page_is_still_checked(maker):
    course, diags = maker.course({"p": "---\nkind: scenario\ntitle: At the desk\nstate: {trust: 0}\n\n"
                                       "\n## Start {#start}\nHi.\n\n* Hello -> nowhere\n  feedback: ok\n"
                                       "  set: trust + 1\n"})
    found = find(diags, "E005")
    assert (found.loc.line, found.loc.col) == (1, 1)
    assert found.message.endswith("never closed with a '---' line: put one before line 7, where the page's "
                                  "text seems to begin")
    assert course.pages["p"].kind == "scenario" and not course.pages["p"].front_matter_read  # (a guess)
    # (nothing that needs the front matter: `set: trust + 1` is not an undeclared variable)
    assert codes_at(check_loaded(course, diags)) == ["p.md:1:1 E005", "p.md:10:12 E201"]


@pytest.mark.parametrize("text, message", [
    # the page's text starts with an image, emphasis, a word in Spanish, after a blank line
    ("---\nkind: page\ntitle: P\n\n![A desk.](media/d.svg)\n\nText.\n", "put one before line 5,"),
    ("---\nkind: page\ntitle: P\n\n*If you* want to.\n", "put one before line 5,"),
    ("---\nkind: page\ntitle: P\n\n¿Qué pasó? Time: ten past nine.\n", "put one before line 5,"),
    # a comment and a blank line inside the front matter are not the page's text
    ("---\nkind: page\n# the title\n\ntitle: P\n\nText.\n", "put one before line 7,"),
])
def test_where_a_page_text_begins_after_front_matter_never_closed(maker, text, message):
    course, diags = maker.course({"p": text})
    assert [d.code for d in diags] == ["E005"] and message in diags[0].message  # no YAML judged from a guess


@pytest.mark.parametrize("closing", ["----", " ---", "\u2014", "- - -"])
def test_a_line_meant_as_the_closing_dashes_is_named(maker, closing):
    course, diags = maker.course({"p": f"---\nkind: scenario\ntitle: P\n{closing}\n## Start {{#start}}\n"
                                       "Hi.\n\n* Hello -> nowhere\n  feedback: ok\n"})
    assert [(d.code, d.loc.line) for d in diags] == [("E005", 4)]
    assert "looks like the '---' that closes the front matter" in diags[0].message
    assert codes_at(check_loaded(course, diags)) == ["p.md:4:1 E005", "p.md:8:12 E201"]


def test_a_kind_that_is_not_nearly_a_known_one_is_not_guessed(maker):
    """'exam' suggests 'example', but checking a quiz as an example would only mislead."""
    course, diags = maker.course({"p": "---\nkind: exam\ntitle: P\n---\n## Q?\n- [x] A\n  feedback: ok\n"})
    assert codes_at(check_loaded(course, diags)) == ["p.md:2:7 E109"] and "p" not in course.pages


@pytest.mark.parametrize("front, kind", [
    ("\tkind: scenario\ntitle: P\n", "scenario"),           # a tab: the YAML does not read
    ("kind: senario\ntitle: [P\n", "scenario"),              # and the kind misspelt, nearly
    ("- kind: scenario\n- title: P\n", "scenario"),          # a list, not keys
    ("kind: exam\ntitle: [P\n", None),                       # not nearly any kind: not loaded
])
def test_front_matter_that_does_not_read_is_loaded_as_the_kind_its_text_names(maker, front, kind):
    course, diags = maker.course({"p": f"---\n{front}---\n## Start {{#start}}\nHi.\n\n* Hello -> nowhere\n"
                                       "  feedback: ok\n"})
    assert (course.pages["p"].kind if "p" in course.pages else None) == kind


def test_front_matter_that_does_not_read_keeps_the_id_its_text_gives(maker):
    course, diags = maker.course({"p": "---\nkind: page\n\ttitle: P\nid: story\n---\nText.\n",
                                  "q": "---\nkind: page\ntitle: Q\n---\nSee [the story](story).\n"})
    assert "story" in course.pages
    assert [d.code for d in check_loaded(course, diags)] == ["E003"]  # no unknown page 'story'


def test_front_matter_never_closed_with_no_page_text_after_it(maker):
    _, diags = maker.course({"p": "---\nkind: page\ntitle: P\n"})
    assert [(d.code, d.message) for d in diags] == [
        ("E005", "the front matter that starts here is never closed with a '---' line")]


def test_unknown_kind_with_suggestion(maker):
    _, diags = maker.course({"p": "---\nkind: senario\ntitle: P\n---\n"})
    assert codes_at(diags) == ["p.md:2:7 E109"] and diags[0].suggestion == "scenario"


def test_a_misspelt_kind_is_checked_as_the_kind_it_most_likely_means(maker):
    course, diags = maker.course({"p": SCENARIO_HEAD.replace("kind: scenario", "kind: senario") +
                                  "## Start {#start}\nHi.\n\n* Hello -> nowhere\n  feedback: ok\n"})
    assert course.pages["p"].kind == "scenario"
    assert codes_at(check_loaded(course, diags)) == ["p.md:2:7 E109", "p.md:8:12 E201"]


def test_missing_title_and_unknown_front_matter_key(maker):
    course, diags = maker.course({"p": "---\nkind: scenario\nstrt: a\n---\n## A\nending: End\nscore: 1\n"})
    assert codes_at(diags) == ["p.md:2:1 E102", "p.md:3:1 E101"]
    assert [d.suggestion for d in diags if d.code == "E101"] == ["start"]
    assert "p" in course.pages  # still built


def test_front_matter_id_overrides_the_file_stem(maker):
    course, diags = maker.course({"p": "---\ntitle: P\nid: intro\n---\n"})
    assert diags == [] and list(course.pages) == ["intro"] and course.page_order[0][0] == "intro"


# ---------------------------------------------------------------- sections and fields


def test_duplicate_node_ids_keep_the_first(maker):
    page = SCENARIO_HEAD + "## Start\n\nOne\n\n## Start\n\nTwo\n"
    course, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:9:4 E104"]
    assert course.pages["s"].nodes["start"].segments[0].text.source == "One"


def test_unknown_field_with_suggestion(maker):
    page = SCENARIO_HEAD + "## Start\nfeelings: angry\nthinkz: no\n\nText\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:7:1 E101"] and diags[0].suggestion == "thinks"


def test_non_field_line_in_the_field_block(maker):
    page = SCENARIO_HEAD + "## Start\nfeelings: angry\nHe shouts.\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:7:1 E006"]


def test_prose_right_under_a_heading_is_not_a_field_block(maker):
    page = SCENARIO_HEAD + "## Start\nDana: Where is the manager?\n\n* Here -> start\n"
    course, diags = maker.course({"s": page})
    assert diags == []
    assert "Dana: Where is the manager?" in course.pages["s"].nodes["start"].segments[0].text.html


def test_unterminated_conditional_text(maker):
    page = SCENARIO_HEAD + "## Start\n\n::: if trust > 1\nShe smiles.\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:7:1 E006"]


def test_condition_syntax_error_column(maker):
    page = SCENARIO_HEAD + "## Start\n\n::: if trust = 2\nShe smiles.\n:::\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:7:14 E006"] and "'=='" in diags[0].message


def test_choice_without_destination(maker):
    page = SCENARIO_HEAD + "## Start\n\n* Say hello\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:7:3 E006"]


def test_conditional_destination_needs_else(maker):
    page = SCENARIO_HEAD + "## Start\n\n* Hello -> a if trust > 1\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:7:14 E006"] and "else" in diags[0].message


def test_bad_effect(maker):
    page = SCENARIO_HEAD + "## Start\n\n* Hello -> start\n  set: trust + 1, calm * 2\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:8:19 E006"]


def test_ending_score_type_and_range(maker):
    page = SCENARIO_HEAD + "## A\nending: Fine\nscore: high\n\n## B\nending: Great\nscore: 1.5\n\n## C\nscore: 1\n"
    _, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:7:8 E103", "s.md:11:8 E110", "s.md:13:1 E102"]
    assert "expects a number between 0 and 1, got 'high'" in diags[0].message


def test_state_must_be_whole_numbers(maker):
    page = "---\nkind: scenario\ntitle: S\nstate:\n  trust: lots\n---\n## A\nending: E\nscore: 1\n"
    course, diags = maker.course({"s": page})
    assert codes_at(diags) == ["s.md:5:10 E103"]
    assert course.pages["s"].state == {"trust": 0}


def test_quiz_question_without_a_correct_option(maker):
    page = "---\nkind: quiz\ntitle: Q\n---\n## Which?\n* [ ] One\n* [ ] Two\n"
    _, diags = maker.course({"q": page})
    assert codes_at(diags) == ["q.md:5:1 E110"]


def test_quiz_options_without_box_use_the_correct_field(maker):
    page = "---\nkind: quiz\ntitle: Q\n---\n## Which?\n* One\n  correct: yes\n* Two\n* [ ] Three\n  correct: yes\n"
    course, diags = maker.course({"q": page})
    assert codes_at(diags) == ["q.md:10:12 E110"]
    assert [o.correct for o in course.pages["q"].questions[0].options] == [True, False, False]


def test_reflection_framework_and_private(maker):
    page = "---\nkind: reflection\ntitle: R\nframework: ORDI\n---\n## What?\nprivate: maybe\n"
    _, diags = maker.course({"r": page})
    assert codes_at(diags) == ["r.md:4:12 E103", "r.md:7:10 E103"]


def test_coaching_step_with_suggestion(maker):
    page = "---\nkind: coaching\ntitle: C\n---\n## What are they thinking?\nstep: thinkng\n"
    _, diags = maker.course({"c": page})
    assert codes_at(diags) == ["c.md:6:7 E103"] and diags[0].suggestion == "thinking"


def test_raw_html_is_an_error_and_escaped(maker):
    course, diags = maker.course({"p": "---\ntitle: P\n---\nHello\n\n<script>alert(1)</script>\n"})
    assert codes_at(diags) == ["p.md:6:1 E304"]
    assert "<script>" not in course.pages["p"].body.html
    assert "&lt;script&gt;" in course.pages["p"].body.html


def test_raw_html_allowed_by_the_course(maker):
    yaml = "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [p]\nallow_html: true\n"
    course, diags = maker.course({"p": "---\ntitle: P\n---\n<b>bold</b>\n"}, yaml=yaml)
    assert diags == [] and "<b>bold</b>" in course.pages["p"].body.html


def test_reflection_privacy_follows_the_course(maker):
    yaml = "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [r]\nxapi: {send_reflection_text: yes}\n"
    course, diags = maker.course({"r": "---\nkind: reflection\ntitle: R\n---\n## What?\n"}, yaml=yaml)
    assert diags == [] and course.pages["r"].prompts[0].private is False


def test_every_problem_is_reported_at_once(maker):
    yaml = "id: https://x.org/c\ntitle: T\nlanguage: en\npages: [a, b, c, missing]\nthem: dark\n"
    course, diags = maker.course({
        "a": "---\nkind: scenari\ntitle: A\n---\n",
        "b": "no front matter\n",
        "c": SCENARIO_HEAD + "## X\nfeelngs: angry\n\n* Hi\n",
    }, yaml=yaml)
    assert course is not None
    assert codes_at(diags) == ["a.md:2:7 E109", "b.md:1:1 E005", "c.md:6:1 E101", "c.md:8:3 E006",
                               "course.yaml:4:18 E108", "course.yaml:5:1 E101"]
    assert [pid for pid, _ in course.page_order] == ["a", "b", "c", "missing"]
    assert list(course.pages) == ["a", "c"]  # a: as the scenario it most likely means


def test_paths_outside_the_working_directory_are_absolute(maker):
    _, diags = maker.course({"p": "# no front matter\n"})
    assert os.path.isabs(diags[0].loc.path)


def test_markdown_in_folded_yaml_is_located_on_its_own_line(maker):
    """A `>-` value is joined into one line by YAML; problems still point at the file's line."""
    yaml = ("id: https://courses.example.org/t\ntitle: T\nlanguage: en\npages: [welcome]\n"
            "support: >-\n  Talk to your team lead if anything here is hard, or\n"
            "  see ![](media/help.png) and <b>this</b>.\n")
    scenario = SCENARIO_HEAD.replace("title: At the desk\n", "title: At the desk\ncontent_warning: >-\n"
                                     "  She raises her voice,\n  then ![](media/desk.png) points.\n")
    maker.write("welcome.md", scenario + "\n## Desk\n\nHi.\n\n* Hello -> end\n  feedback: ok\n\n"
                "## End {#end}\nending: Done\nscore: 1\n\nBye.\n")
    course, diags = maker.course({}, yaml=yaml)
    got = [w for w in codes_at(check_loaded(course, diags)) if w.split()[1] in ("E301", "E304")]
    assert got == ["course.yaml:7:7 E301", "course.yaml:7:31 E304", "welcome.md:6:8 E301"]


def test_mastery_short_form_counts_every_scenario_and_quiz(maker):
    yaml = ("id: https://courses.example.org/t\ntitle: T\nlanguage: en\npages: [welcome, quiz]\n"
            "mastery: 0.6\n")
    maker.write("welcome.md", "---\nkind: page\ntitle: Hi\n---\n\nHello.\n")
    maker.write("quiz.md", "---\nkind: quiz\ntitle: Q\n---\n\n## One\n\nPick.\n\n* [x] yes\n* [ ] no\n")
    course, diags = maker.course({}, yaml=yaml)
    assert course.mastery == 0.6
    assert [(p.page, p.weight, p.loc.line) for p in course.score_parts] == [("quiz", 1.0, 5)]
    assert check_loaded(course, diags) == []


# ---------------------------------------------------------------- empty required values


def test_empty_required_values_in_course_yaml(maker):
    yaml = 'id: ""\ntitle: "  "\nlanguage: ""\npages: [w]\n'
    course, diags = maker.course({"w": "---\ntitle: Hi\n---\nHi\n"}, yaml=yaml)
    assert codes_at(diags) == ["course.yaml:1:5 E102", "course.yaml:2:8 E102", "course.yaml:3:11 E102"]
    assert all("is empty" in d.message for d in diags)


def test_an_empty_page_list_is_reported(maker):
    course, diags = maker.course({}, yaml="id: https://x.org/c\ntitle: T\nlanguage: en\npages: []\n")
    assert codes_at(diags) == ["course.yaml:4:8 E102"] and "empty list" in diags[0].message


def test_an_empty_page_title_is_reported(maker):
    course, diags = maker.course({"w": "---\ntitle: ''\n---\nHi\n"})
    assert codes_at(diags) == ["w.md:2:8 E102"]
